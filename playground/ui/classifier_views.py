"""How well a binary classifier separates its classes, the way physicists judge a quark/gluon tagger:
the ROC curve with AUC and R50, the network output per class, and the best single-feature cut as the
baseline to beat. Fed by ``Snapshot.metrics`` (computed a few times a second, not every frame).
"""
from __future__ import annotations

import html

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, HoverTool, Range1d
from bokeh.plotting import figure

from .fonts import use_page_font
from .theme import PALETTES

MAX_ROC_POINTS = 200


def thin_curve(x: np.ndarray, y: np.ndarray, n: int = MAX_ROC_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``n`` points of a monotone curve (first and last kept), to keep frames small."""
    if x.size <= n:
        return x.astype(np.float32), y.astype(np.float32)
    idx = np.unique(np.r_[np.linspace(0, x.size - 1, n).astype(int), x.size - 1])
    return x[idx].astype(np.float32), y[idx].astype(np.float32)


def metrics_text(m, untrained: bool = False) -> str:
    """One line with the figures of merit; HTML-escaped (feature names come from uploads too).
    ``untrained`` (epoch 0) says why an untrained network already scores well: students are
    puzzled by AUC 0.86 before any training unless the page says so."""
    if not m:
        return "ROC and output histograms need binary data with both classes in the test set."
    sig, bkg = (html.escape(n) for n in m.class_names[::-1])
    parts = [f'<span data-testid="auc">AUC <b>{m.auc:.3f}</b></span>',
             f'<span data-testid="r50" title="{bkg} rejection at 50% {sig} efficiency">'
             f'R50 <b>{_fmt_r(m.r50)}</b></span>']
    if untrained and abs(m.auc - 0.5) > 0.1:
        parts.append('<span data-testid="untrained">untrained: random weights already sort the classes a '
                     'little</span>')
    cut = m.cut
    if cut:
        parts.append(f'<span data-testid="cut">best single cut: {html.escape(cut.name)} {cut.direction} '
                     f'{cut.threshold:.3g} (AUC {cut.auc:.3f}, R50 {_fmt_r(cut.r50)})</span>')
    return " &nbsp;·&nbsp; ".join(parts)


def _fmt_r(r: float) -> str:
    return "∞" if not np.isfinite(r) else f"{r:.2f}"


class ClassifierViews:
    """ROC curve and per-class output histograms (two Bokeh figures) plus a text line."""

    def __init__(self, width: int = 340, height: int = 170):
        self.roc_source = ColumnDataSource(dict(bkg=[], sig=[]), name="roc-curve")
        self.cut_source = ColumnDataSource(dict(bkg=[], sig=[]))
        self.roc = figure(width=width // 2, height=height, x_range=Range1d(0, 1), y_range=Range1d(0, 1),
                          tools="", toolbar_location=None, min_border=4, name="roc",
                          css_classes=["pg-roc"])
        self.roc.line([0, 1], [0, 1], color="#bbbbbb", line_dash="dashed")
        self.roc.line("bkg", "sig", source=self.cut_source, color="#888888", line_width=1.5, legend_label="cut")
        self.roc.line("bkg", "sig", source=self.roc_source, color="#0877bd", line_width=2, legend_label="network")
        self.roc.add_tools(HoverTool(tooltips=[("background eff.", "@bkg{0.000}"), ("signal eff.", "@sig{0.000}")],
                                     mode="vline"))
        self.roc.legend.location = "bottom_right"
        self.roc.legend.label_text_font_size = "9px"
        self.roc.legend.padding = 2
        self.roc.legend.spacing = 0
        self.roc.axis.major_label_text_font_size = "8px"
        self.roc.axis.axis_label_text_font_size = "9px"
        self.hist_source = ColumnDataSource(dict(left=[], right=[], c0=[], c1=[]))
        self.hist = figure(width=width - width // 2, height=height, tools="", toolbar_location=None, min_border=4,
                           name="histograms")
        self.hist.xaxis.axis_label = "network output"
        self.hist.axis.major_label_text_font_size = "8px"
        self.hist.axis.axis_label_text_font_size = "9px"
        self._c0 = self.hist.quad(left="left", right="right", bottom=0, top="c0", source=self.hist_source,
                                  fill_alpha=0.45, line_alpha=0.8, legend_label="0")
        self._c1 = self.hist.quad(left="left", right="right", bottom=0, top="c1", source=self.hist_source,
                                  fill_alpha=0.45, line_alpha=0.8, legend_label="1")
        self.hist.legend.location = "top_center"
        self.hist.legend.label_text_font_size = "9px"
        self.hist.legend.padding = 2
        self.hist.legend.spacing = 0
        use_page_font(self.roc)
        use_page_font(self.hist)
        self.hist.legend.orientation = "horizontal"
        self.text = pn.pane.HTML(metrics_text(None), css_classes=["pg-readout", "pg-small"], margin=(2, 5))
        self._names = None
        self._colorblind = None
        self.layout = pn.Row(self.roc, self.hist, margin=0)

    def resize(self, width: int, height: int) -> None:
        self.roc.update(width=width // 2, height=height)
        self.hist.update(width=width - width // 2, height=height)

    def update(self, m, colorblind: bool = False, untrained: bool = False) -> None:
        """Draw :class:`~playground.frame.ClassifierMetrics` ``m`` (None: not binary data) of a network
        trained for some epochs (``untrained``: none yet)."""
        if not m:
            self.text.object = metrics_text(None)
            self.roc_source.data = dict(bkg=[], sig=[])
            self.cut_source.data = dict(bkg=[], sig=[])
            self.hist_source.data = dict(left=[], right=[], c0=[], c1=[])
            return
        names = tuple(m.class_names)
        if names != self._names or colorblind != self._colorblind:
            pal = PALETTES[bool(colorblind)]
            for r, name, colour in ((self._c0, names[0], pal["neg"]), (self._c1, names[1], pal["pos"])):
                r.glyph.fill_color = r.glyph.line_color = colour
            self.hist.legend.items[0].label = dict(value=names[0])
            self.hist.legend.items[1].label = dict(value=names[1])
            self.roc.xaxis.axis_label = f"{names[0]} efficiency (mistag)"
            self.roc.yaxis.axis_label = f"{names[1]} efficiency"
            self._names, self._colorblind = names, colorblind
        bkg, sig = thin_curve(m.bkg_eff, m.sig_eff)
        self.roc_source.data = dict(bkg=bkg, sig=sig)
        cut = m.cut
        if cut:
            cb, cs = thin_curve(cut.bkg_eff, cut.sig_eff)
            self.cut_source.data = dict(bkg=cb, sig=cs)
        edges, counts = m.hist_edges, m.hist_counts
        self.hist_source.data = dict(left=edges[:-1].astype(np.float32), right=edges[1:].astype(np.float32),
                                     c0=counts[0].astype(np.float32), c1=counts[1].astype(np.float32))
        self.text.object = metrics_text(m, untrained)
