"""The Search tab: vary some settings, start, watch the trials arrive in the Runs tab, use the best.

A search (:class:`playground.search.Search`) runs on a worker thread with its own Experiments, so
the page stays live: the kernels release the GIL, and the session's own training keeps drawing
frames. Its trials go into the session's run log as they finish; a timer on the page (every
:data:`POLL_MS`) moves the progress bar and refreshes the table. At most :data:`MAX_SEARCHES` searches
run at once on one server process: a shared 2-core machine serves many sessions.
"""
from __future__ import annotations

import os
import threading
from typing import Callable

import panel as pn

from ..panel_internals import register_periodic
from ..search import DIMENSIONS, LABELS, STRATEGIES, Search, parse_dimension
from ..settings import encode, from_texts

POLL_MS = 300
MAX_SEARCHES = 2
_running = threading.BoundedSemaphore(MAX_SEARCHES)
STRATEGY_LABELS = {"Random": "random", "Grid": "grid", "TPE (Optuna)": "tpe"}
DEFAULT_VARY = ("learning_rate", "neurons", "layers")


def lower_own_priority() -> None:
    """Give the calling thread the lowest CPU priority (nice 19), so a search takes only the time the
    live pages leave: Linux keeps a nice value per thread. Elsewhere, or if refused, nothing changes.
    Measured with ``benchmarks/live_side_by_side.py`` on 2 cores: the playing page's frame rate
    dropped 21 % during a search before, and stays within noise with it."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


class SearchPanel:
    """``refresh()`` shows new rows in the runs table; ``notify(text, kind)`` speaks to the person."""

    def __init__(self, experiment, refresh: Callable[[], None], notify: Callable, width: int = 225,
                 on_start: Callable[[], None] = lambda: None):
        self.experiment = experiment
        self._refresh = refresh
        self._on_start = on_start
        self._notify = notify
        self.search: Search | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._timer = None
        self._error: str | None = None
        self.vary = pn.widgets.MultiChoice(name="Vary", options={LABELS[n]: n for n in DIMENSIONS},
                                           value=list(DEFAULT_VARY), width=width, margin=(2, 5),
                                           css_classes=["pg-search-vary"],
                                           description="The settings that change from one trial to the next; the "
                                                       "others stay as the page has them.")
        self.trials = pn.widgets.IntSlider(name="Trials", start=4, end=100, step=1, value=20, width=width - 20,
                                           margin=(2, 5), css_classes=["pg-search-trials"])
        self.epochs = pn.widgets.IntSlider(name="Epochs each", start=50, end=2000, step=50, value=300, width=width - 20,
                                           margin=(2, 5), css_classes=["pg-search-epochs"])
        self.strategy = pn.widgets.RadioButtonGroup(options=STRATEGY_LABELS, value="random", margin=(4, 5),
                                                    button_type="default", button_style="outline",
                                                    description="How trials are chosen: at random, on a grid, or by "
                                                                "TPE, which tries settings like the best so far.")
        self.start = pn.widgets.Button(label="Start search", button_type="primary", width=105, margin=(4, 5),
                                       css_classes=["pg-search-start"],
                                       description="Start the trials; the page keeps training meanwhile.")
        self.use_best = pn.widgets.Button(label="Use the best", width=105, margin=(4, 5), disabled=True,
                                          css_classes=["pg-search-best"],
                                          description="Go back to the trial with the lowest test loss: its "
                                                      "settings and its trained weights.")
        self.progress = pn.indicators.Progress(value=0, max=20, width=width - 30, height=12, margin=(2, 5),
                                               bar_color="primary", css_classes=["pg-search-progress"])
        self.status = pn.pane.HTML("", margin=(0, 5), width=width, css_classes=["pg-search-status"])
        self.start.on_click(lambda e: self.toggle())
        self.use_best.on_click(lambda e: self.use_the_best())
        intro = pn.pane.HTML("<div class='pg-note'>Train many networks on these data, each with other settings, "
                             "and compare them in the Runs tab (beside the loss curve).</div>", margin=(6, 5, 2, 5),
                             width=width)
        def tip(widget, text):
            return pn.Row(widget, pn.widgets.TooltipIcon(value=text, margin=(20, 0, 0, -4)), margin=0)

        self.layout = pn.Column(
            intro, self.vary, tip(self.trials, "How many networks the search trains."),
            tip(self.epochs, "How long each network trains, unless it is stopped early for doing badly."),
            self.strategy, pn.Row(self.start, self.use_best, margin=0),
            tip(self.progress, "How many trials have finished."), self.status, margin=0)

    # --- running -----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def toggle(self) -> None:
        self.stop() if self.running else self.begin()

    def begin(self) -> None:
        """Start a search from the page's current settings (and its own data, if uploaded or drawn)."""
        exp = self.experiment
        if not self.vary.value:
            self._notify("Choose at least one setting to vary.", "warning")
            return
        if not _running.acquire(blocking=False):
            self._notify(f"{MAX_SEARCHES} searches are already running on this server; try again in a moment.",
                         "warning")
            return
        try:
            with exp._lock:
                base, _ = from_texts(exp, encode(exp))
                data = exp.data if exp.custom_data else None
            space = [parse_dimension(name) for name in self.vary.value]
            self.search = Search(base=base, space=space, trials=self.trials.value, epochs=self.epochs.value,
                                 strategy=self.strategy.value, seed=int(exp.seed), data=data, log=exp.runs)
        except ValueError as exc:
            _running.release()
            self._notify(str(exc), "error")
            return
        self._stop.clear()
        self._error = None
        self.progress.param.update(max=self.search.trials, value=0)
        self.start.param.update(label="Stop search", button_type="warning")
        self.use_best.disabled = True
        self._thread = threading.Thread(target=self._work, name="playground-search", daemon=True)
        self._thread.start()
        self._on_start()
        pn.state.execute(self._start_timer)

    def _start_timer(self) -> None:
        """The progress timer, started on the session's event loop (a click may run on a worker
        thread, from which Panel's periodic callback only half starts), stopped with the session."""
        from panel.io.callbacks import PeriodicCallback

        if self._timer is None:
            self._timer = PeriodicCallback(callback=self.poll, period=POLL_MS)
            register_periodic(self._timer)
        if not self._timer.running:
            self._timer.start()
        self.poll()

    def _work(self) -> None:
        lower_own_priority()
        try:
            self.search.run(stop=self._stop)
        except Exception as exc:  # a trial that cannot be built: said on the page, the server goes on
            self._error = f"The search stopped: {exc}"
        finally:
            _running.release()

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        """The tab is gone: the search ends after the trial in hand."""
        self._stop.set()
        if self._timer is not None and self._timer.running:
            pn.state.execute(self._timer.stop)

    def poll(self) -> None:
        """Progress bar, status line and table, from the search's progress (on the page's event loop)."""
        search = self.search
        if search is None:
            return
        p = search.progress
        self.progress.value = min(p.done, self.progress.max)
        best = (f"best so far: run {p.best_run}, test loss {p.best_test_loss:.4f}" if p.best_run is not None
                else "no finished trial yet")
        state = "searching" if self.running else "done"
        self.status.object = (f"<div class='pg-note' data-testid='search-status' data-state='{state}'>"
                              f"{p.done} of {p.total} trials ({p.pruned} stopped early) · {best}</div>")
        self._refresh()
        if not self.running:
            if self._timer is not None and self._timer.running:
                self._timer.stop()
            self.start.param.update(label="Start search", button_type="primary")
            self.use_best.disabled = search.best() is None
            if self._error:
                self._notify(self._error, "error")
                self._error = None

    def use_the_best(self) -> None:
        best = self.search.best() if self.search is not None else None
        if best is None:
            return
        try:
            notices = self.experiment.reopen(best.number)
        except (KeyError, ValueError) as exc:
            self._notify(str(exc.args[0]), "warning")
            return
        self._notify(" ".join([f"Using run {best.number}, the search's best: its settings and trained weights.",
                               *notices]), "success")


__all__ = ["SearchPanel", "STRATEGIES"]
