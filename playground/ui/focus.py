"""Keyboard focus that survives a relabelled button.

BokehJS re-renders a button when its label or colour changes (Play -> Pause), which replaces the
focused ``<button>`` element: a keyboard user pressing Enter on Play would find the focus gone and
could not press it again to pause. :func:`keep_focus` puts the focus back on the new element when
the change left it nowhere (on the page body); focus that moved elsewhere is never taken.
"""
from __future__ import annotations

REFOCUS_JS = """
setTimeout(() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (el && el !== document.body) return;
  const view = Bokeh.index.find_one(cb_obj);
  if (view && view.button_el) view.button_el.focus({preventScroll: true});
}, 0);
"""


def keep_focus(button):
    """``button`` (a Panel Button) keeps the keyboard focus when its label or colour changes; returns it."""
    button.jscallback(label=REFOCUS_JS)  # one property per call: Panel keeps only one of several
    button.jscallback(color=REFOCUS_JS)
    return button
