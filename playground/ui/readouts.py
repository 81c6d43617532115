"""Numbers a visitor (and a browser test) reads: the epoch counter, training and test loss, accuracy,
and the notice line. Each number sits in an element with a ``data-testid`` holding digits only (or a
plain decimal number), so tests can read it without parsing prose.

Why not simply re-render the text every frame: BokehJS re-renders a changed pane and then recomputes
the layout of the whole page (every axis, every widget), about 25 ms of browser time per frame, which
caps a laptop at ~10 frames/s. Instead the numbers travel as one small property of the page's
:class:`~playground.ui.browser_bridge.BrowserBridge`, whose browser side writes them into the
already-rendered elements (no re-render, no layout). The panes' own text is brought up to date
whenever training pauses, so a re-render never shows stale numbers.
"""
from __future__ import annotations

import html
import math

import panel as pn

FIELDS = ("epoch", "train-loss", "test-loss", "train-accuracy", "test-accuracy")


def fmt_loss(value: float) -> str:
    if value is None or not math.isfinite(value):
        return "nan"
    return f"{value:.4f}" if value >= 1e-3 else f"{value:.3e}"


def fmt_accuracy(value) -> str:
    return "" if value is None else f"{100 * value:.1f}"


def values(snap) -> dict:
    """The readout strings of a snapshot, keyed by data-testid."""
    return {"epoch": str(int(snap.epoch)), "train-loss": fmt_loss(snap.train_loss),
            "test-loss": fmt_loss(snap.test_loss), "train-accuracy": fmt_accuracy(snap.train_accuracy),
            "test-accuracy": fmt_accuracy(snap.test_accuracy)}


def epoch_html(v: dict) -> str:
    return f"<div class='pg-epoch-label'>Epoch</div><div data-testid='epoch' class='pg-epoch'>{v['epoch']}</div>"


def loss_html(v: dict) -> str:
    hidden = "" if v["test-accuracy"] else "display:none"
    return (f"<div class='pg-losses'><span style='color:#333'>━</span> training loss <b data-testid='train-loss'>{v['train-loss']}</b>"
            f" &nbsp;<span style='color:#e6550d'>━</span> test loss <b data-testid='test-loss'>{v['test-loss']}</b>"
            f"<br><span data-hide style='{hidden}'>accuracy: training <b data-testid='train-accuracy'>"
            f"{v['train-accuracy']}</b>%</span> <span data-hide style='{hidden}'>· test "
            f"<b data-testid='test-accuracy'>{v['test-accuracy']}</b>%</span></div>")


def notice_html(text: str) -> str:
    shown = "class='pg-notice'" if text else "style='display:block;min-height:0'"
    return f"<div data-testid='notice' role='status' {shown}>{html.escape(text)}</div>"


class Readouts:
    """The epoch counter, the loss line and the notice line; ``bridge`` carries live numbers."""

    def __init__(self, bridge):
        self.bridge = bridge
        self._values = {k: "" for k in FIELDS} | {"epoch": "0"}
        self.epoch = pn.pane.HTML(epoch_html(self._values), margin=(2, 8), min_width=100)
        self.losses = pn.pane.HTML(loss_html(self._values), margin=(2, 5), min_width=300)
        self.notice = pn.pane.HTML(notice_html(""), margin=(2, 5), sizing_mode="stretch_width")

    @property
    def current(self) -> dict:
        """The numbers on show (what the page's elements hold after the next frame)."""
        return dict(self._values)

    def update(self, snap, live: bool = True) -> None:
        """Show a snapshot's numbers: through the bridge while ``live`` (playing), else also in the
        panes' own text so that any later re-render is current."""
        v = values(snap)
        if v != self._values:
            self.bridge.readouts = v
            self._values = v
        if not live:
            self.sync_panes()

    def sync_panes(self) -> None:
        for pane, text in ((self.epoch, epoch_html(self._values)), (self.losses, loss_html(self._values))):
            if pane.object != text:
                pane.object = text

    def say(self, text: str) -> None:
        self.notice_text = text
        self.notice.object = notice_html(text)

    notice_text = ""  # what the notice line says now, as plain text
