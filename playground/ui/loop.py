"""The live loop of one browser session: one periodic callback that trains, then draws one frame.

Each tick trains up to ``epochs_per_frame`` epochs, but no more than fit in a time budget (so a big
network on a slow server still gives a fluid picture), then hands the snapshot to ``render`` inside
``pn.io.hold`` so the whole frame goes to the browser as one message. Ticks never overlap: a tick that
finds the previous one still busy (possible when Panel runs callbacks on threads) is skipped. Metrics
that cost more (ROC, histograms) are computed a few times a second, not every frame.
"""
from __future__ import annotations

import threading
import time
from functools import partial

import panel as pn
import param

from .transport import disable_nagle

FRAME_MS = 20  # period of the periodic callback: up to 50 frames/s, fewer when the server is busy
TRAIN_BUDGET_S = 0.012  # training time allowed per frame
METRICS_EVERY_S = 0.3


class LiveLoop(param.Parameterized):
    running = param.Boolean(default=False, doc="Whether training is playing.")
    frames = param.Integer(default=0, doc="Frames drawn in this session.")

    def __init__(self, experiment, render, notify, period_ms: int = FRAME_MS, **params):
        super().__init__(**params)
        self.experiment = experiment
        self._render = render
        self._notify = notify
        self.period_ms = int(period_ms)
        self._busy = threading.Lock()
        self._callback = None
        self._epoch_time = None  # seconds per epoch (moving average)
        self._metrics_at = 0.0
        self.skipped = 0

    # --- controls ------------------------------------------------------------------------------
    def toggle(self) -> None:
        self.pause() if self.running else self.play()

    def play(self) -> None:
        exp = self.experiment
        if exp.status != "ok":
            if exp.status == "diverged":
                self._notify(exp.message + " Lower the learning rate or reset to go on.")
                return
            exp.reset()  # an early-stopped run starts again
        if self._callback is None:
            self._callback = self._periodic_callback()
        self.running = True
        self._callback.start()
        disable_nagle()  # also for a tab that reconnected since the page loaded

    def _periodic_callback(self):
        """Like ``pn.state.add_periodic_callback``, but a *background* callback: Panel then skips its
        busy-indicator bookkeeping (two parameter updates per tick, ~1 ms), which at 50 frames/s in
        many sessions was a quarter of the server's time. Registered with the session so Panel stops
        it when the session is destroyed."""
        from panel.io.callbacks import PeriodicCallback

        cb = PeriodicCallback(callback=self.tick, period=self.period_ms, background=True)
        doc = pn.state.curdoc
        if doc is not None:
            pn.state._periodic.setdefault(doc, []).append(cb)
        return cb

    def pause(self) -> None:
        self.running = False
        if self._callback is not None and self._callback.running:
            self._callback.stop()

    def step_once(self) -> None:
        self.pause()
        self.tick(force=True)

    def reset(self) -> None:
        self.experiment.reset()
        self.redraw()

    def redraw(self) -> None:
        """Draw the current state without training (after a settings change while paused)."""
        if self.running:
            return  # the next tick draws it
        if not self._busy.acquire(blocking=False):
            return
        try:
            snap = self.experiment.snapshot(metrics=True)
        except Exception:
            self._busy.release()
            raise
        self._draw(snap)

    # --- the frame -----------------------------------------------------------------------------
    def _epochs(self) -> int:
        k = int(self.experiment.epochs_per_frame)
        if self._epoch_time:
            k = min(k, max(1, int(TRAIN_BUDGET_S / self._epoch_time)))
        return k

    def tab_closed(self) -> bool:
        """Whether the browser tab has gone: Bokeh keeps a closed tab's session alive for a while in
        case it reconnects, and it must neither train nor write to a closed socket all that time."""
        doc = pn.state.curdoc
        session = getattr(getattr(doc, "session_context", None), "_session", None)
        return session is not None and session.connection_count == 0

    def tick(self, force: bool = False) -> None:
        if not (self.running or force):
            return
        if not force and self.tab_closed():
            self.pause()
            return
        if not self._busy.acquire(blocking=False):
            self.skipped += 1
            return
        try:
            now = time.perf_counter()
            want_metrics = force or now - self._metrics_at >= METRICS_EVERY_S
            k = self._epochs()
            start = time.perf_counter()
            snap = self.experiment.step(k, metrics=False)
            spent = (time.perf_counter() - start) / k
            self._epoch_time = spent if self._epoch_time is None else 0.7 * self._epoch_time + 0.3 * spent
            if want_metrics:
                snap = _with_metrics(snap, self.experiment.classifier_metrics())
                self._metrics_at = now
        except Exception as exc:  # noqa: BLE001 - one session's failure must not take the page down
            self._busy.release()
            self.pause()
            self._notify(f"Training stopped: {exc}")
            return
        if snap.status != "ok":
            self.pause()
        pn.state.execute(partial(self._draw, snap))

    def _draw(self, snap) -> None:
        """Render on the session's event loop; frees the loop for the next tick when done."""
        try:
            with pn.io.hold():
                self._render(snap)
            self.frames += 1
        finally:
            self._busy.release()


def _with_metrics(snap, metrics):
    from dataclasses import replace

    return replace(snap, metrics=metrics)
