"""Every run an Experiment has made, one row each, to compare runs and go back to one.

A run lasts from its starting weights (a reset, a new network or new data) until the next start.
When it ends, :func:`summarize` keeps what a learner compares runs by: the settings (as the
shareable link writes them), the epochs trained, final and best losses, accuracies, AUC and R50 for
binary data, the loss curve (thinned) and the final weights (to reopen it). Runs that never trained
are not kept.

The log is bounded (:data:`MAX_RUNS` rows, :data:`CURVE_POINTS` curve points each; a pinned row
outlives unpinned ones), so a session that trains all day holds a few megabytes at most. No engine
calls here beyond one evaluation of the test points when a run ends.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import math
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np

from .snapshot import History

MAX_RUNS = 50
CURVE_POINTS = 200

#: Columns of :meth:`RunSummary.row` and the CSV export, in order, with their headings.
COLUMNS = {
    "run": "Run", "data": "Data", "layers": "Hidden layers", "activation": "Activations",
    "learning_rate": "Learning rate", "optimizer": "Optimizer", "batch_size": "Batch size",
    "regularization": "Regularisation", "reg_rate": "Reg. rate", "dropout": "Dropout", "epochs": "Epochs",
    "train_loss": "Training loss", "test_loss": "Test loss", "best_test_loss": "Best test loss",
    "best_epoch": "Best epoch", "train_accuracy": "Training accuracy", "test_accuracy": "Test accuracy",
    "auc": "AUC", "r50": "R50", "status": "Status", "link": "Link",
}


def _finite(value) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class RunSummary:
    """One finished run, numbered by the log. ``settings`` are link texts (name -> text), ``curve`` the thinned loss
    curve, ``weights`` the final parameter vector of the network those settings build."""

    number: int
    settings: dict
    data: str
    epochs: int
    status: str
    train_loss: float | None
    test_loss: float | None
    best_test_loss: float | None
    best_epoch: int
    train_accuracy: float | None
    test_accuracy: float | None
    auc: float | None
    r50: float | None
    curve: History
    weights: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    stats: np.ndarray | None = field(repr=False, default=None)  # batch norm's running averages, if any

    @property
    def link(self) -> str:
        """The run's settings as a link query (``?dataset=...``), as the Share button writes it."""
        return "?" + urlencode(self.settings)

    def row(self) -> dict:
        """The run as one table row (plain values; keys as :data:`COLUMNS`)."""
        s = self.settings
        return {"run": self.number, "data": self.data, "layers": s.get("hidden_layers", ""),
                "activation": s.get("activations", ""), "learning_rate": float(s.get("learning_rate", "nan")),
                "optimizer": s.get("optimizer", ""), "batch_size": int(s.get("batch_size", 0)),
                "regularization": s.get("regularization", ""), "reg_rate": float(s.get("reg_rate", "nan")),
                "dropout": float(s.get("dropout", "nan")), "epochs": self.epochs,
                "train_loss": self.train_loss, "test_loss": self.test_loss, "best_test_loss": self.best_test_loss,
                "best_epoch": self.best_epoch, "train_accuracy": self.train_accuracy,
                "test_accuracy": self.test_accuracy, "auc": self.auc, "r50": self.r50, "status": self.status,
                "link": self.link}


def thin(history: History, points: int = CURVE_POINTS) -> History:
    """At most ``points`` points of a loss curve, evenly spread, always keeping the last one."""
    n = len(history)
    if n <= points:
        return History(history.epoch.copy(), history.train_loss.copy(), history.test_loss.copy())
    keep = np.unique(np.linspace(0, n - 1, points).round().astype(int))
    return History(history.epoch[keep], history.train_loss[keep], history.test_loss[keep])


def summarize(exp, settings: dict) -> RunSummary | None:
    """The run ``exp`` holds now, as a row (None if it never trained). Call under ``exp``'s lock,
    before anything of the next run is built; ``settings`` are the run's own link texts."""
    if exp.trainer is None or exp.trainer.epoch <= 0:
        return None
    rec = exp.record
    metrics = exp.classifier_metrics()
    auc = r50 = None
    if metrics is not None:
        auc, r50 = _finite(metrics.auc), float(metrics.r50) if not math.isnan(metrics.r50) else None
    return RunSummary(
        number=0, settings=dict(settings), data=exp.data_name, epochs=int(exp.trainer.epoch),
        status=rec.status, train_loss=_finite(rec.losses[0]), test_loss=_finite(rec.losses[1]),
        best_test_loss=_finite(rec.best_loss), best_epoch=int(rec.best_epoch),
        train_accuracy=rec.accuracies[0], test_accuracy=rec.accuracies[1], auc=auc, r50=r50,
        curve=thin(rec.history()), weights=exp.trainer.params.copy(),
        stats=exp.trainer.stats.copy() if any(exp.spec.batch_norm) else None)


class RunLog:
    """The runs of one Experiment, oldest first, at most ``limit`` of them."""

    def __init__(self, limit: int = MAX_RUNS):
        self.limit = int(limit)
        self._runs: list[RunSummary] = []
        self._keys: dict[int, int | None] = {}
        self._count = 0
        self.pinned: set[int] = set()
        self._lock = threading.Lock()  # a search adds rows from a worker thread while the page reads them

    def add(self, run: RunSummary | None, key: int | None = None) -> int | None:
        """Log a finished run. Runs are numbered 1, 2, 3, ... in the order they are logged; ``key``
        (the experiment's own run counter) recognises the same run logged again (a change that was
        refused, so the run went on), whose later row replaces the earlier one under its number.
        Returns the run's number (None for no run)."""
        if run is None:
            return None
        with self._lock:
            return self._add(run, key)

    def _add(self, run: RunSummary, key) -> int:
        again = next((r for r in self._runs if key is not None and self._keys.get(r.number) == key), None)
        if again is not None:
            self._runs.remove(again)
            number = again.number
        else:
            self._count += 1
            number = self._count
        run = dataclasses.replace(run, number=number)
        self._keys[number] = key
        self._runs.append(run)
        while len(self._runs) > self.limit:
            # the oldest unpinned run goes (if every run is pinned, the oldest pinned one)
            drop = next((r for r in self._runs if r.number not in self.pinned), self._runs[0])
            self._runs.remove(drop)
            self.pinned.discard(drop.number)
            self._keys.pop(drop.number, None)
        return number

    def pin(self, number: int, on: bool = True) -> None:
        """Mark run ``number`` to be drawn over the current loss curve (and kept longest)."""
        self[number]  # KeyError for an unknown run
        (self.pinned.add if on else self.pinned.discard)(number)

    def __getitem__(self, number: int) -> RunSummary:
        for run in list(self._runs):
            if run.number == number:
                return run
        raise KeyError(f"no run {number} in the log (it keeps the last {self.limit})")

    def __iter__(self):
        return iter(list(self._runs))

    def __len__(self) -> int:
        return len(self._runs)

    def rows(self) -> list[dict]:
        return [run.row() for run in list(self._runs)]

    def to_csv(self) -> str:
        """The table as CSV text, with a heading row (empty cells for values a run does not have)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in self.rows():
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return out.getvalue()
