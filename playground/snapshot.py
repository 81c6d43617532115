"""What a view needs to draw one frame: an immutable record of an Experiment after a step.

Views read Snapshots only; they never touch engine arrays, so the engine can keep training on a worker
thread while the page draws the previous frame. Arrays in a Snapshot are copies (or read-only views of
buffers that are only ever appended to), small and in display dtypes (float32 grids).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .data.dataset import Dataset
    from .engine import NetworkSpec


@dataclass(frozen=True)
class History:
    """Loss curve so far: one point per step (frame), epochs increasing."""

    epoch: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray

    def __len__(self) -> int:
        return int(self.epoch.shape[0])


@dataclass(frozen=True)
class CutMetrics:
    """The best one-feature cut (chosen on the training points), measured on the test points."""

    name: str
    threshold: float
    direction: int
    accuracy: float
    auc: float
    r50: float
    sig_eff: np.ndarray
    bkg_eff: np.ndarray


@dataclass(frozen=True)
class ClassifierMetrics:
    """How well the network separates the two classes of binary data, on the test points: the ROC
    curve (class-1 efficiency ``sig_eff`` against class-0 efficiency ``bkg_eff``), its AUC, R50
    (class-0 rejection at 50 % class-1 efficiency; ``inf`` when nothing of class 0 passes), the
    per-class output histograms, and the best single cut for comparison (None without two classes
    in the training points)."""

    sig_eff: np.ndarray
    bkg_eff: np.ndarray
    auc: float
    r50: float
    hist_edges: np.ndarray
    hist_counts: np.ndarray
    class_names: tuple
    cut: CutMetrics | None


@dataclass(frozen=True)
class Display:
    """The settings that change how a frame is drawn, not what the network computes."""

    colorblind: bool = False
    discretize: bool = False
    show_test_data: bool = False
    log_y: bool = False


@dataclass(frozen=True)
class Inputs:
    """The network's inputs: their names (``x1``, ``x1sq``, a jet feature ...), the raw data columns
    they are made from, and each input over the plane at thumbnail resolution (n_inputs, g, g)."""

    names: tuple[str, ...]
    raw_names: tuple[str, ...]
    pictures: np.ndarray
    #: Every input that could be switched on (the feature toggles of two-input data, in display
    #: order; else just ``names``) and each one's picture: the diagram draws them all, those that
    #: are off dimmed, and a tap on one switches it.
    candidates: tuple[str, ...] = ()
    candidate_pictures: np.ndarray | None = None


@dataclass(frozen=True)
class HiddenPoints:
    """What the hidden-space view draws: every non-input unit's activation (n_units x n points,
    float32, layer order as ``Snapshot.neurons``) for the training points, then the points along the
    plane's grid lines (``lines`` lines of ``points`` each); the training labels colour the points."""

    neurons: np.ndarray
    n_train: int
    lines: tuple[int, int]
    labels: np.ndarray


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
    metrics: ClassifierMetrics | None = field(default=None)
    #: The data the frame was drawn from (immutable; replaced, never changed), and a number that
    #: changes whenever it is replaced: views redraw the points only when it changes.
    data: "Dataset | None" = None
    data_version: int = 0
    #: The network's shape and names (immutable), and what its inputs look like over the plane.
    spec: "NetworkSpec | None" = None
    inputs: "Inputs | None" = None
    #: The display settings the frame is drawn with.
    display: "Display | None" = None
    #: The hidden-space view's points, when the page asked for them (``Experiment.hidden_points``).
    hidden: HiddenPoints | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"
