"""The live loop of one browser session: one periodic callback that trains, then draws one frame.

Each tick trains up to ``epochs_per_frame`` epochs, but no more mini-batch updates than fit in a time
budget (:data:`TRAIN_BUDGET_S`, measured per update as it goes). On a large upload at batch size 1
that is a fraction of an epoch: the next frame carries on where this one stopped, so one visitor's
heavy settings slow only their own picture, never the other sessions sharing the server. The tick
then hands the snapshot to ``render`` inside ``pn.io.hold`` so the whole frame goes to the browser as
one message. Ticks never overlap: a tick that finds the previous one still busy (possible when Panel
runs callbacks on threads) is skipped. Metrics that cost more (ROC, histograms) are computed a few
times a second, not every frame.

Every draw, and every start or stop of the periodic callback, runs on the session's event loop with
the document locked (``pn.state.execute`` schedules it there when a button's callback runs on a
worker thread under ``--num-threads``). A Step or a redraw asked for while a frame is in flight is
served when that frame has been drawn, never dropped.
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
#: Most of the event loop a session whose frames are slow may take: when its frames take longer than
#: FRAME_MS on average, after a frame that took c seconds the next waits until c / FAIR_SHARE has
#: passed. Ordinary frames (a few ms, now and then one with the ROC curve) are never held back; a
#: visitor evaluating a large network over a 10,000-row upload gets a lower frame rate, alone, and
#: every other page on the process keeps its own.
FAIR_SHARE = 0.5
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
        self._busy = threading.Lock()  # held from the start of a frame until it is drawn
        self._callback = None
        self._update_time = None  # seconds per mini-batch update (moving average)
        self._metrics_at = 0.0
        self._frame_start = 0.0
        self._frame_cost = 0.0  # seconds per frame (moving average)
        self._next_frame_at = 0.0  # perf_counter time before which ticks wait (FAIR_SHARE)
        self._want_step = False  # requests a frame in flight serves when it lands (see _draw)
        self._want_redraw = False
        self._requests = threading.Lock()  # guards the two flags: set by clicks, taken by frames
        self.skipped = 0

    # --- controls ------------------------------------------------------------------------------
    def toggle(self) -> None:
        self.pause() if self.running else self.play()

    def play(self) -> None:
        exp = self.experiment
        if exp.status != "ok":
            if exp.status == "diverged":
                self._notify(exp.message + " Lower the learning rate or reset to go on.", "error", "training")
                return
            exp.reset()  # an early-stopped run starts again
        self.running = True
        pn.state.execute(self._match_callback)
        disable_nagle()  # also for a tab that reconnected since the page loaded

    def pause(self) -> None:
        self.running = False
        pn.state.execute(self._match_callback)

    def _match_callback(self) -> None:
        """Start or stop the periodic callback to match :attr:`running`. Runs on the event loop
        (``pn.state.execute`` schedules it there from a worker thread), where Panel starts and stops a
        callback at once: from a thread, ``start`` only schedules itself, so play-pause-play clicks
        used to start it twice, or after the pause."""
        if self._callback is None:
            self._callback = self._periodic_callback()
        if self.running and not self._callback.running:
            self._callback.start()
        elif not self.running and self._callback.running:
            self._callback.stop()

    def _periodic_callback(self):
        """Like ``pn.state.add_periodic_callback``, but a *background* callback: Panel then skips its
        busy-indicator bookkeeping (two parameter updates per tick, ~1 ms), which at 50 frames/s in
        many sessions was a quarter of the server's time. Registered with the session so Panel stops
        it when the session is destroyed."""
        from panel.io.callbacks import PeriodicCallback

        cb = PeriodicCallback(callback=self.tick, period=self.period_ms, background=True)
        register_periodic(cb)
        return cb

    def step_once(self) -> None:
        """Pause and train one frame's worth, then draw it (even if a frame is in flight: it is
        served when that one lands)."""
        self.pause()
        with self._requests:
            self._want_step = True
        self._serve_requests()

    def reset(self) -> None:
        self.experiment.reset()
        self.redraw()

    def redraw(self) -> None:
        """Draw the current state without training (after a settings change while paused)."""
        if self.running:
            return  # the next tick draws it
        with self._requests:
            self._want_redraw = True
        self._serve_requests()

    def _serve_requests(self) -> None:
        """Draw a requested step or redraw now, unless a frame is in flight; that frame serves the
        request when it has been drawn, so no click is lost."""
        if not (self._want_step or self._want_redraw) or not self._busy.acquire(blocking=False):
            return
        with self._requests:
            step, wanted = self._want_step, self._want_step or self._want_redraw
            self._want_step = self._want_redraw = False
        if not wanted:  # another thread served them meanwhile
            self._busy.release()
            return
        self._frame(train=step, metrics=True)

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

    def tick(self) -> None:
        """The periodic callback: one frame while playing."""
        if not self.running:
            return
        if self.tab_closed():
            self.pause()
            return
        if time.perf_counter() < self._next_frame_at:
            return
        if not self._busy.acquire(blocking=False):
            self.skipped += 1
            return
        self._frame(train=True, metrics=time.perf_counter() - self._metrics_at >= METRICS_EVERY_S)

    def _frame(self, train: bool, metrics: bool) -> None:
        """With :attr:`_busy` held: train (within the budget) or not, then draw the snapshot on the
        event loop, which releases :attr:`_busy`."""
        exp = self.experiment
        self._frame_start = time.perf_counter()
        try:
            if train:
                updates = exp.updates
                snap = exp.step(int(exp.epochs_per_frame), metrics=metrics, max_updates=self._update_budget())
                done = exp.updates - updates
                if done > 0:  # the kernel's own time: the frame's fixed costs must not shrink the budget
                    spent = exp.engine_seconds / done
                    self._update_time = spent if self._update_time is None else 0.7 * self._update_time + 0.3 * spent
            else:
                snap = exp.snapshot(metrics=metrics)
            if metrics:
                self._metrics_at = time.perf_counter()
        except Exception as exc:  # noqa: BLE001 - one session's failure must not take the page down
            self._busy.release()
            self.pause()
            self._notify(f"Training stopped: {exc}", "error", "training")
            return
        if snap.status != "ok":
            self.pause()
        pn.state.execute(partial(self._draw, snap))  # now if on the event loop, else on its next tick

    def _draw(self, snap) -> None:
        """Render on the session's event loop, free the next frame, then serve what was asked meanwhile."""
        try:
            with pn.io.hold():
                self._render(snap)
            self.frames += 1
        finally:
            cost = time.perf_counter() - self._frame_start
            self._frame_cost = 0.8 * self._frame_cost + 0.2 * cost
            slow = self._frame_cost > FRAME_MS / 1000
            self._next_frame_at = self._frame_start + cost / FAIR_SHARE if slow else 0.0
            self._busy.release()
        self._serve_requests()

