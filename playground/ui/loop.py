"""The live loop of one browser session: one periodic callback that trains, then draws one frame.

Each tick trains up to ``epochs_per_frame`` epochs, but no more mini-batch updates than fit in a time
budget (:data:`TRAIN_BUDGET_S`, measured per update as it goes). On a large upload at batch size 1
that is a fraction of an epoch: the next frame carries on where this one stopped, so one visitor's
heavy settings slow only their own picture, never the other sessions sharing the server. The tick
then hands the snapshot to ``render`` inside ``pn.io.hold`` so the whole frame goes to the browser as
one message. Ticks never overlap: a tick that finds the previous one still busy (possible when Panel
runs callbacks on threads) is skipped. Metrics that cost more (ROC, histograms) are computed a few
times a second, not every frame.

Every draw runs on the session's event loop with the document locked (``pn.state.execute`` schedules
it there when a button's callback runs on a worker thread under ``--num-threads``), and play/pause
hold a lock so rapid clicks cannot start the periodic callback twice.
"""
from __future__ import annotations

import threading
import time
from functools import partial

import panel as pn
import param

from ..panel_internals import register_periodic, server_session
from .transport import disable_nagle

FRAME_MS = 20  # period of the periodic callback: up to 50 frames/s, fewer when the server is busy
TRAIN_BUDGET_S = 0.012  # training time allowed per frame
FIRST_BUDGET_UPDATES = 200  # updates in the first frame, before the time per update is known
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
        self._switch = threading.Lock()  # play/pause
        self._callback = None
        self._update_time = None  # seconds per mini-batch update (moving average)
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
        with self._switch:
            if self._callback is None:
                self._callback = self._periodic_callback()
            self.running = True
            if not self._callback.running:
                self._callback.start()
        disable_nagle()  # also for a tab that reconnected since the page loaded

    def _periodic_callback(self):
        """Like ``pn.state.add_periodic_callback``, but a *background* callback: Panel then skips its
        busy-indicator bookkeeping (two parameter updates per tick, ~1 ms), which at 50 frames/s in
        many sessions was a quarter of the server's time. Registered with the session so Panel stops
        it when the session is destroyed."""
        from panel.io.callbacks import PeriodicCallback

        cb = PeriodicCallback(callback=self.tick, period=self.period_ms, background=True)
        register_periodic(cb)
        return cb

    def pause(self) -> None:
        with self._switch:
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
        pn.state.execute(partial(self._draw, snap))  # now if on the event loop, else on its next tick

    # --- the frame -----------------------------------------------------------------------------
    def _update_budget(self) -> int:
        """Mini-batch updates this frame may make: what fits in :data:`TRAIN_BUDGET_S`."""
        if self._update_time is None:
            return FIRST_BUDGET_UPDATES
        return max(1, int(TRAIN_BUDGET_S / self._update_time))

    def tab_closed(self) -> bool:
        """Whether the browser tab has gone: Bokeh keeps a closed tab's session alive for a while in
        case it reconnects, and it must neither train nor write to a closed socket all that time."""
        session = server_session()
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
            exp = self.experiment
            updates = exp.updates
            start = time.perf_counter()
            snap = exp.step(int(exp.epochs_per_frame), metrics=False, max_updates=self._update_budget())
            done = exp.updates - updates
            if done > 0:
                spent = (time.perf_counter() - start) / done
                self._update_time = spent if self._update_time is None else 0.7 * self._update_time + 0.3 * spent
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
