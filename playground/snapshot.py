"""What a view needs to draw one frame: an immutable record of an Experiment after a step.

Views read Snapshots only; they never touch engine arrays, so the engine can keep training on a worker
thread while the page draws the previous frame. Arrays in a Snapshot are copies (or read-only views of
buffers that are only ever appended to), small and in display dtypes (float32 grids).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class History:
    """Loss curve so far: one point per step (frame), epochs increasing."""

    epoch: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray

    def __len__(self) -> int:
        return int(self.epoch.shape[0])


@dataclass(frozen=True)
class Snapshot:
    """State of an Experiment after a step.

    ``status`` is "ok", "diverged" (training blew up; the last good weights are kept) or "stopped"
    (early stopping ended the run). ``run`` changes whenever the network is rebuilt or reset, so a
    view knows to start a fresh loss curve; ``layout`` changes only when the architecture (and so the
    diagram's shape) changes. ``grid`` is the network's answer over the plane, row 0 at the bottom:
    for binary data a score in [-1, 1] (negative: class 0, positive: class 1), for regression the raw
    prediction, for multi-class data the winning class index, with ``grid_confidence`` its
    probability. ``neurons`` holds every hidden and output unit's activation over a coarser grid,
    shape (n_units, g, g), in layer order.
    """

    epoch: int
    train_loss: float
    test_loss: float
    train_accuracy: float | None
    test_accuracy: float | None
    status: str
    message: str
    run: int
    layout: int
    problem: str
    grid: np.ndarray
    grid_confidence: np.ndarray | None
    extent: tuple[float, float, float, float]
    neurons: np.ndarray
    layer_sizes: tuple[int, ...]
    weights: tuple[tuple[np.ndarray, np.ndarray], ...]
    history: History
    metrics: dict | None = field(default=None)

    @property
    def ok(self) -> bool:
        return self.status == "ok"
