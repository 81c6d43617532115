"""One training run's bookkeeping: the loss history, the latest losses and accuracies, the best test
loss (and its weights, for early stopping) and the run's status.

A run starts whenever the network is built or its weights are drawn again
(:meth:`playground.experiment.Experiment.restart_run`); :attr:`number` then changes, so a view knows
to start a fresh loss curve. No engine calls here: the Experiment evaluates, this records.
"""
from __future__ import annotations

import math

import numpy as np

from .snapshot import History

MAX_HISTORY = 20000  # loss-curve points kept (older ones are thinned out)
STATUSES = ("ok", "diverged", "stopped")


class RunRecord:
    """Where the current run stands. ``status`` is "ok", "diverged" (training blew up; the last good
    weights are kept) or "stopped" (early stopping ended the run), with ``message`` saying why."""

    def __init__(self, number: int = 1):
        self.number = number
        self.status = "ok"
        self.message = ""
        self.losses = (math.nan, math.nan)  # train, test
        self.accuracies: tuple[float | None, float | None] = (None, None)
        self._hist = np.zeros((3, 256))
        self._n = 0
        self.best_loss, self.best_epoch, self.best_state = math.inf, 0, None

    def add(self, epoch: int, train_loss: float, test_loss: float, accuracies) -> None:
        """The losses (and accuracies) after ``epoch``: one point of the loss curve. A second point at
        the same epoch (nothing trained: a typed weight, a paused divergence) replaces the first."""
        if self._n and self._hist[0, self._n - 1] == epoch:
            self._n -= 1
        if self._n == self._hist.shape[1]:
            if self._n >= MAX_HISTORY:
                keep = self._hist[:, 1::2]
                self._n = keep.shape[1]
                self._hist = np.concatenate([keep, np.zeros_like(keep)], axis=1)
            else:
                self._hist = np.concatenate([self._hist, np.zeros_like(self._hist)], axis=1)
        self._hist[:, self._n] = (epoch, train_loss, test_loss)
        self._n += 1
        self.losses = (float(train_loss), float(test_loss))
        self.accuracies = tuple(accuracies)

    def history(self) -> History:
        h = self._hist[:, :self._n].copy()
        return History(h[0], h[1], h[2])

    def improved(self, epoch: int, state=None) -> bool:
        """Whether the latest test loss is the best of the run; if so it is remembered with ``state``
        (the weights early stopping would go back to)."""
        test_loss = self.losses[1]
        if math.isfinite(test_loss) and test_loss < self.best_loss:
            self.best_loss, self.best_epoch, self.best_state = test_loss, epoch, state
            return True
        return False

    def stale(self, epoch: int, patience: int) -> bool:
        """Whether ``patience`` epochs have passed without a better test loss while the run is ok."""
        return self.status == "ok" and epoch - self.best_epoch >= patience

    def diverged(self, epoch: int) -> None:
        self.status = "diverged"
        self.message = (f"Training blew up at epoch {epoch}: the loss became infinite. Learning rate too high? "
                        f"The last good weights are kept.")

    def stopped(self, patience: int) -> None:
        self.status = "stopped"
        self.message = (f"Early stopping: the test loss has not improved for {patience} epochs; "
                        f"back to the best weights (epoch {self.best_epoch}).")

    def resume(self) -> None:
        self.status, self.message = "ok", ""
