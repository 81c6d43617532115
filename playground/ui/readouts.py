"""Numbers a visitor (and a browser test) reads: the epoch counter, training and test loss, accuracy. Each number sits in an element with a ``data-testid`` holding digits only (or a
plain decimal number), so tests can read it without parsing prose.

Why not simply set a ``Div``'s text every frame: BokehJS re-renders a changed Div and then recomputes
the layout of the whole page (every axis, every widget), about 25 ms of browser time per frame, which
caps a laptop at ~10 frames/s. Instead the numbers travel in a tiny data source and a few lines of
JavaScript write them into the already-rendered elements (no re-render, no layout). The Divs' own text
is brought up to date whenever training pauses, so a re-render never shows stale numbers. (Moving
this writer into the page's BrowserBridge, as a property, cost 20-30 % of the visible update rate
in ``benchmarks/frame_rate.py``, so it stays a data source. These Divs are plain Bokeh models, which
Panel's stylesheet does not reach: their font sizes follow ``--pg-scale`` inline.)
"""
from __future__ import annotations

import math

import panel as pn
from bokeh.models import ColumnDataSource, CustomJS, Div

FIELDS = ("epoch", "train-loss", "test-loss", "train-accuracy", "test-accuracy")

#: Writes the data source's strings into the elements with the matching data-testid (cached; found
#: again through the shadow roots if Bokeh re-rendered them).
UPDATE_JS = """
const cache = window.__pg_readouts || (window.__pg_readouts = {});
function find(root, id) {
  const el = root.querySelector('[data-testid="' + id + '"]');
  if (el) return el;
  for (const host of root.querySelectorAll('*')) {
    if (host.shadowRoot) { const f = find(host.shadowRoot, id); if (f) return f; }
  }
  return null;
}
const data = source.data;
for (const id of fields) {
  let el = cache[id];
  if (!el || !el.isConnected) { el = cache[id] = find(document, id); }
  if (el) {
    const value = data[id][0];
    if (el.textContent !== value) el.textContent = value;
    const row = el.closest('[data-hide]');
    if (row) row.style.display = value === '' ? 'none' : '';
  }
}
"""


def fmt_loss(value: float) -> str:
    if value is None or not math.isfinite(value):
        return "nan"
    return f"{value:.4f}" if value >= 1e-3 else f"{value:.3e}"


def fmt_accuracy(value) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def values(snap) -> dict:
    """The readout strings of a snapshot, keyed by data-testid."""
    no_test = snap.data is not None and snap.data.n_test == 0  # e.g. drawn points: all for training
    return {"epoch": str(int(snap.epoch)), "train-loss": fmt_loss(snap.train_loss),
            "test-loss": "–" if no_test else fmt_loss(snap.test_loss), "train-accuracy": fmt_accuracy(snap.train_accuracy),
            "test-accuracy": fmt_accuracy(snap.test_accuracy)}


def epoch_html(v: dict) -> str:
    return (f"<div style='font-size:calc(11px * var(--pg-scale, 1));color:#666;text-transform:uppercase;"
            f"letter-spacing:.05em'>Epoch</div>"
            f"<div data-testid='epoch' style='font-size:calc(22px * var(--pg-scale, 1));font-weight:600;"
            f"font-variant-numeric:tabular-nums;"
            f"font-family:ui-monospace,monospace'>{v['epoch']}</div>")


def loss_html(v: dict) -> str:
    """Loss and accuracy as a small table (training and test side by side): three short lines that
    stay three lines at the largest text size, where one sentence wrapped into five."""
    hidden = "" if v["test-accuracy"] else "display:none"
    return ("<table class='pg-losses-table' style='border-collapse:collapse'>"
            "<tr><td></td><td style='padding:0 10px 0 0'><span style='color:#333'>━</span> training</td>"
            "<td><span style='color:#e6550d'>━</span> test</td></tr>"
            f"<tr><td style='padding-right:10px'>loss</td><td><b data-testid='train-loss'>{v['train-loss']}</b></td>"
            f"<td><b data-testid='test-loss'>{v['test-loss']}</b></td></tr>"
            f"<tr data-hide style='{hidden}'><td style='padding-right:10px'>accuracy</td>"
            f"<td><b data-testid='train-accuracy'>{v['train-accuracy']}</b> %</td>"
            f"<td><b data-testid='test-accuracy'>{v['test-accuracy']}</b> %</td></tr></table>")


class Readouts:
    def __init__(self):
        empty = {k: "" for k in FIELDS} | {"epoch": "0"}
        self._values = empty
        self.source = ColumnDataSource({k: [v] for k, v in empty.items()}, name="readouts")
        self.source.js_on_change("data", CustomJS(args=dict(source=self.source, fields=list(FIELDS)),
                                                  code=UPDATE_JS))
        # tags: the source must be reachable from a model on the page to be part of the document
        # no fixed size: the text (and so the box) grows with the page's text size (page.css)
        self._epoch_div = Div(text=epoch_html(empty), tags=[self.source])
        self._loss_div = Div(text=loss_html(empty),
                             styles={"font-size": "calc(12.5px * var(--pg-scale, 1))", "line-height": "1.3",
                                     "color": "#444",
                                     "font-variant-numeric": "tabular-nums"})
        self.epoch = pn.pane.Bokeh(self._epoch_div, margin=(2, 8))
        self.losses = pn.pane.Bokeh(self._loss_div, margin=(2, 5))

    @property
    def current(self) -> dict:
        """The numbers on show (what the page's elements hold after the next frame)."""
        return dict(self._values)

    def update(self, snap, live: bool = True) -> None:
        """Show a snapshot's numbers: through the data source while ``live`` (playing), else also in
        the Divs' own text so that any later re-render is current."""
        v = values(snap)
        if v != self._values:
            self.source.data = {k: [x] for k, x in v.items()}
            self._values = v
        if not live:
            self.sync_panes()

    def sync_panes(self) -> None:
        text = epoch_html(self._values)
        if self._epoch_div.text != text:
            self._epoch_div.text = text
        text = loss_html(self._values)
        if self._loss_div.text != text:
            self._loss_div.text = text
