"""Checkboxes whose text is a real ``<label>``.

BokehJS draws a checkbox as an ``<input>`` followed by a ``<div>`` holding its text (Panel issue
#7106): a screen reader announces an unnamed checkbox, and tapping the words does nothing, which
on a touch screen leaves only a 13-pixel target. :func:`label_checkboxes` wraps each pair in a
``<label>`` once the page is ready, and for every checkbox drawn later (BokehJS re-renders views),
so the text names the box and toggles it.
"""
from __future__ import annotations

from bokeh.models import CustomJS

LABEL_JS = """
const Checkbox = Bokeh.Models.get("Checkbox");
if (Checkbox == null) return;
const View = Checkbox.prototype.default_view;
const wrap = (view) => {
  const box = view.checkbox_el, text = view.label_el;
  if (box == null || text == null || box.parentElement?.tagName === "LABEL") return;
  const label = document.createElement("label");
  label.style.cssText = "display:inline-flex;align-items:center;gap:4px;cursor:pointer";
  box.replaceWith(label);
  label.append(box, text);
};
if (!View.prototype.__pg_labelled) {
  const render = View.prototype.render;
  View.prototype.render = function () { render.call(this); wrap(this); };
  View.prototype.__pg_labelled = true;
}
for (const doc of Bokeh.documents)
  for (const model of doc.all_models)
    if (model instanceof Checkbox) {
      const view = Bokeh.index.find_one(model);
      if (view != null) wrap(view);
    }
"""


def label_checkboxes(document) -> None:
    """Give every checkbox of the served ``document`` its text as a ``<label>`` (see module doc)."""
    document.js_on_event("document_ready", CustomJS(code=LABEL_JS))
