"""How the page is styled: one stylesheet (``static/page.css``) and text size as one CSS variable.

Why: the text-size buttons used to make Python walk every widget and rewrite its width, keeping a
copy of the "normal" sizes to return to; a booth visitor tapping A++ then A found the layer and
neuron "+" buttons pushed under the network figure for good. Now a text size is one custom property
on the page's root (``--pg-text``), and every size that must follow it is computed by the browser
from that variable (see the rules in ``page.css``). Python only declares, once, which widths grow
with the text (:func:`grow`).

The stylesheet reaches every component's shadow root through Panel's ``config.css_files`` (a served
page: one file the browser caches, one stylesheet model per page) or ``config.raw_css`` (a notebook,
where the server's asset route does not exist).
"""
from __future__ import annotations

from pathlib import Path

import panel as pn

PAGE_CSS = Path(__file__).parent / "static" / "page.css"
ROOT_CLASS = "pg-page"


def install(url: str | None = None) -> None:
    """Make ``page.css`` part of every component built from now on: linked from ``url`` (relative to
    the page; a served page) or inline (a notebook)."""
    if url:
        if url not in pn.config.css_files:
            pn.config.css_files = [*pn.config.css_files, url]
    else:
        css = PAGE_CSS.read_text(encoding="utf-8")
        if css not in pn.config.raw_css:
            pn.config.raw_css = [*pn.config.raw_css, css]


def grow(item, width: int | None = None, height: bool = False):
    """Let ``item``'s width follow the text size: ``width`` (default: its own) at normal text, times
    the page's ``--pg-scale`` otherwise; with ``height``, its fixed height too. Returns the item."""
    base = width if width is not None else item.width
    styles, classes = dict(item.styles), list(item.css_classes)
    if base:
        styles["--pg-w"] = f"{base}px"
        classes.append("pg-grow")
    if height and item.height:
        styles["--pg-h"] = f"{item.height}px"
        classes.append("pg-grow-h")
    item.param.update(styles=styles, css_classes=list(dict.fromkeys(classes)))
    return item


def grow_all(layout, keep=(), columns=()) -> None:
    """:func:`grow` every fixed-width widget in ``layout`` except those in ``keep`` (e.g. buttons that
    sit over a figure's columns), and each of ``columns`` with the fixed-width text panes in it."""
    keep = set(map(id, keep))
    for column in columns:
        grow(column)
        for pane in column.select(pn.pane.HTML):
            grow(pane)
    for widget in layout.select(pn.widgets.Widget):
        if id(widget) not in keep and widget.width and "pg-grow" not in widget.css_classes:
            grow(widget, height=True)


def root_styles(text_scale: float) -> dict:
    """The page root's inline style for a text size (1, 1.25, 1.5): the one variable that sizes text."""
    return {"--pg-text": f"{text_scale:g}"}
