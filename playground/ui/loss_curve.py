"""Training and test loss against epoch, with a hover readout and a linear or logarithmic y axis.

New points are streamed (``rollover`` keeps the browser's copy bounded); a new run replaces the curve
with the experiment's history. The log axis is a second figure over the same data source (Bokeh
cannot switch an axis type in place), shown instead of the linear one. Pinned runs of the run log
(:mod:`playground.ui.runs_panel`) are drawn under the live curve as thin test-loss lines, each named
at its end ("run 3"); they change only when pins change.
"""
from __future__ import annotations

import numpy as np
from bokeh.models import ColumnDataSource, HoverTool
from bokeh.plotting import figure

from .fonts import use_page_font
from .theme import TEST_LINE, TRAIN_LINE

ROLLOVER = 5000
#: Colours of pinned runs' lines, in pin order (none is the live curves' black or orange).
PINNED_COLORS = ("#3182bd", "#31a354", "#756bb1", "#636363", "#e377c2", "#17becf", "#bcbd22", "#8c564b")


class LossCurve:
    def __init__(self, width: int = 340, height: int = 150, log_y: bool = False):
        self.source = ColumnDataSource(dict(epoch=[], train=[], test=[]), name="loss")
        self.pinned = ColumnDataSource(dict(xs=[], ys=[], color=[], run=[]), name="loss-pinned")
        self.pinned_ends = ColumnDataSource(dict(x=[], y=[], color=[], label=[]), name="loss-pinned-ends")
        self.linear = self._figure(width, height, "linear")
        self.log = self._figure(width, height, "log")
        self.set_log(log_y)
        self._run = None
        self._last_epoch = None

    def _figure(self, width, height, y_axis_type):
        fig = figure(width=width, height=height, y_axis_type=y_axis_type, tools="", toolbar_location=None,
                     min_border=4, name=f"loss-{y_axis_type}")
        # no legend (redrawn every frame otherwise): the loss readout above shows the two line colours
        fig.multi_line("xs", "ys", source=self.pinned, line_color="color", line_width=1.2, line_alpha=0.85)
        # the name sits just above the curve's last point, ending there, so it never leaves the plot
        fig.text("x", "y", text="label", source=self.pinned_ends, text_color="color", text_font_size="9px",
                 text_align="right", text_baseline="bottom", y_offset=-2)
        train = fig.line("epoch", "train", source=self.source, color=TRAIN_LINE, line_width=1.5)
        fig.line("epoch", "test", source=self.source, color=TEST_LINE, line_width=1.5)
        fig.add_tools(HoverTool(tooltips=[("epoch", "@epoch"), ("training loss", "@train{0.0000}"),
                                          ("test loss", "@test{0.0000}")], mode="vline", renderers=[train]))
        fig.x_range.start = 0  # epochs: never a negative axis, even with only epoch 0 to show
        fig.axis.major_label_text_font_size = "9px"
        fig.xaxis.axis_label = "epoch"
        fig.xaxis.axis_label_text_font_size = "10px"
        fig.xaxis.axis_label_standoff = 0
        return use_page_font(fig)

    def resize(self, width: int, height: int) -> None:
        for fig in (self.linear, self.log):
            fig.update(width=width, height=height)

    def set_log(self, on: bool) -> None:
        on = bool(on)
        if (self.log.visible, self.linear.visible) != (on, not on):
            self.log.visible, self.linear.visible = on, not on

    def show_pinned(self, curves: dict) -> None:
        """Draw pinned runs' test-loss curves ({run number: History}) behind the live curve."""
        runs = sorted(curves)
        xs = [curves[n].epoch.tolist() for n in runs]
        ys = [_positive(curves[n].test_loss).tolist() for n in runs]
        colors = [PINNED_COLORS[i % len(PINNED_COLORS)] for i in range(len(runs))]
        self.pinned.data = dict(xs=xs, ys=ys, color=colors, run=runs)
        ends = [(x[-1], y[-1]) if x else (0.0, 0.0) for x, y in zip(xs, ys)]
        self.pinned_ends.data = dict(x=[e[0] for e in ends], y=[e[1] for e in ends], color=colors,
                                     label=[f"run {n}" for n in runs])

    def new_run(self, snap) -> bool:
        """Whether ``snap`` starts a new curve (the next :meth:`update` must not be skipped)."""
        return snap.run != self._run

    def update(self, snap) -> None:
        if snap.display is not None:
            self.set_log(snap.display.log_y)
        h = snap.history
        if snap.run != self._run:
            self.source.data = dict(epoch=h.epoch[-ROLLOVER:], train=_positive(h.train_loss[-ROLLOVER:]),
                                    test=_positive(h.test_loss[-ROLLOVER:]))
            self._run = snap.run
            self._last_epoch = int(h.epoch[-1]) if len(h) else None
            return
        if not len(h) or self._last_epoch is None:
            return
        new = h.epoch > self._last_epoch
        if new.any():
            # plain lists: a few numbers go in the message's JSON instead of three binary buffers
            self.source.stream(dict(epoch=h.epoch[new].tolist(), train=_positive(h.train_loss[new]).tolist(),
                                    test=_positive(h.test_loss[new]).tolist()), rollover=ROLLOVER)
            self._last_epoch = int(h.epoch[-1])


def _positive(values: np.ndarray) -> np.ndarray:
    """Losses made safe to draw (finite, and > 0 for the log axis)."""
    return np.clip(np.nan_to_num(values, nan=0.0, posinf=1e12), 1e-12, None)
