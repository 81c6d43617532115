"""Points drawn by hand: a small editor the app drives from clicks on the plane.

``add`` a labelled point, ``remove_nearest`` to a click, ``clear``; ``to_dataset`` turns the current
points into a :class:`~playground.data.dataset.Dataset`. Each point remembers whether it is a test
point: an edited dataset keeps its own split, and a drawn point is a training point unless asked
otherwise (a person who draws three points expects to see the network learn those three, not one
of them kept back unseen). ``to_dataset(train_fraction=...)`` makes a new seeded split instead.
The editor checks every point as it comes in, so it never holds one the plane could not show.
"""
from __future__ import annotations

import math

import numpy as np

from .dataset import PROBLEMS, Dataset
from .split import check_train_fraction, split_indices
from .toy import CLASS_NAMES, EXTENT, FEATURE_NAMES, MAX_CLASSES

DEFAULT_TRAIN_FRACTION = 0.8
#: Most points a drawing may hold (as many as the largest generated dataset): each tap retrains on
#: all of them, so without a cap a long session of taps slowed every tap down.
MAX_POINTS = 5000


class DrawnPoints:
    """A mutable list of labelled 2D points on a plane.

    ``problem`` is ``"binary"`` / ``"multiclass"`` (labels are class indices 0..n_classes−1) or
    ``"regression"`` (labels are any finite numbers, e.g. the value under the brush).
    """

    def __init__(self, problem: str = "binary", n_classes: int = 2, class_names=None, extent=EXTENT,
                 feature_names=FEATURE_NAMES):
        if problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {', '.join(PROBLEMS)}, got {problem!r}")
        if problem == "regression":
            n_classes = 0
        elif problem == "binary" and n_classes != 2:
            raise ValueError(f"a binary problem has 2 classes, got n_classes={n_classes}")
        elif problem == "multiclass" and not 3 <= n_classes <= MAX_CLASSES:
            raise ValueError(f"a multi-class problem needs 3 to {MAX_CLASSES} classes, got {n_classes}")
        names = tuple(class_names) if class_names is not None else CLASS_NAMES[:n_classes]
        if len(names) != n_classes:
            raise ValueError(f"{len(names)} class names given for {n_classes} classes")
        xmin, xmax, ymin, ymax = (float(v) for v in extent)
        if not (xmin < xmax and ymin < ymax):
            raise ValueError(f"extent must be (xmin, xmax, ymin, ymax) with min < max, got {extent}")
        if len(feature_names) != 2:
            raise ValueError("drawn points have exactly two coordinates")
        self.problem = problem
        self.n_classes = n_classes
        self.class_names = names
        self.extent = (xmin, xmax, ymin, ymax)
        self.feature_names = tuple(feature_names)
        self._xy: list[tuple[float, float]] = []
        self._labels: list[float] = []
        self._test: list[bool] = []

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> "DrawnPoints":
        """An editor holding all of a two-input dataset's points (train and test, each keeping its
        side of the split), to draw on top of them."""
        if dataset.n_features != 2:
            raise ValueError(f"only two-input datasets can be edited by hand; this one has {dataset.n_features}")
        editor = cls(dataset.problem, dataset.n_classes, dataset.class_names, dataset.extent, dataset.feature_names)
        x = np.vstack([dataset.x_train, dataset.x_test])
        y = np.concatenate([dataset.y_train, dataset.y_test])
        test = np.arange(len(x)) >= dataset.n_train
        xmin, xmax, ymin, ymax = editor.extent
        keep = (x[:, 0] >= xmin) & (x[:, 0] <= xmax) & (x[:, 1] >= ymin) & (x[:, 1] <= ymax)
        editor._xy = [tuple(p) for p in x[keep].tolist()]
        editor._labels = y[keep].tolist()
        editor._test = test[keep].tolist()
        return editor

    # --- editing ------------------------------------------------------------------------------
    def add(self, x1: float, x2: float, label, test: bool = False) -> int:
        """Add a point with ``label`` (a training point unless ``test``); returns its index.
        ValueError (nothing added) if it does not fit."""
        x1, x2 = float(x1), float(x2)
        xmin, xmax, ymin, ymax = self.extent
        if not (math.isfinite(x1) and math.isfinite(x2)):
            raise ValueError(f"point coordinates must be finite numbers, got ({x1}, {x2})")
        if not (xmin <= x1 <= xmax and ymin <= x2 <= ymax):
            raise ValueError(f"point ({x1:g}, {x2:g}) is outside the plane "
                             f"[{xmin:g}, {xmax:g}] x [{ymin:g}, {ymax:g}]")
        if len(self._xy) >= MAX_POINTS:
            raise ValueError(f"The plane holds {len(self._xy):,} points, the most a drawing may have "
                             f"({MAX_POINTS:,}): remove some points before adding more.")
        self._labels.append(self._check_label(label))
        self._xy.append((x1, x2))
        self._test.append(bool(test))
        return len(self._xy) - 1

    def _check_label(self, label) -> float:
        try:
            value = float(label)
        except (TypeError, ValueError):
            raise ValueError(f"label must be a number, got {label!r}") from None
        if self.problem == "regression":
            if not math.isfinite(value):
                raise ValueError(f"a regression label must be a finite number, got {label!r}")
            return value
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"a class label must be a whole number 0..{self.n_classes - 1}, got {label!r}")
        if not 0 <= value < self.n_classes:
            raise ValueError(f"class label must be 0..{self.n_classes - 1} ({', '.join(self.class_names)}), "
                             f"got {label!r}")
        return value

    def remove_nearest(self, x1: float, x2: float, max_distance: float | None = None):
        """Remove the point nearest to (x1, x2) and return it as (x1, x2, label).

        Returns None (and removes nothing) if there are no points, or if the nearest one is farther
        than ``max_distance`` (so a click on empty space deletes nothing).
        """
        if not self._xy:
            return None
        d = np.hypot(*(np.asarray(self._xy) - (float(x1), float(x2))).T)
        i = int(np.argmin(d))
        if max_distance is not None and d[i] > max_distance:
            return None
        px, py = self._xy.pop(i)
        self._test.pop(i)
        return px, py, self._labels.pop(i)

    def clear(self) -> None:
        """Remove every point."""
        self._xy.clear()
        self._labels.clear()
        self._test.clear()

    # --- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._xy)

    @property
    def points(self) -> np.ndarray:
        """(n, 2) copy of the coordinates, in the order they were added."""
        return np.array(self._xy, dtype=np.float64).reshape(-1, 2)

    @property
    def labels(self) -> np.ndarray:
        """(n,) copy of the labels."""
        return np.array(self._labels, dtype=np.float64)

    @property
    def is_test(self) -> np.ndarray:
        """(n,) copy of which points are test points."""
        return np.array(self._test, dtype=bool)

    def class_counts(self) -> np.ndarray:
        """Points per class (empty for regression)."""
        return np.bincount(self.labels.astype(np.int64), minlength=self.n_classes) if self.n_classes else \
            np.zeros(0, dtype=np.int64)

    def to_dataset(self, train_fraction: float | None = DEFAULT_TRAIN_FRACTION, seed: int = 0) -> Dataset:
        """The points as a Dataset, split train/test (per class) by ``train_fraction`` with ``seed``,
        or, with ``train_fraction=None``, as each point says (its own split and drawn points training).

        Needs at least two points, and for classification points of at least two classes.
        """
        n = len(self)
        if n < 2:
            raise ValueError(f"draw at least 2 points first (there {'is' if n == 1 else 'are'} {n})")
        y = self.labels
        if self.problem != "regression" and np.count_nonzero(self.class_counts()) < 2:
            raise ValueError("draw points of at least two classes so there is something to tell apart")
        x = self.points
        if train_fraction is None:
            is_test = self.is_test
            train, test = np.flatnonzero(~is_test), np.flatnonzero(is_test)
            if self.problem != "regression" and np.unique(y[train]).size < 2:
                raise ValueError("draw training points of at least two classes so there is something to tell apart")
            frac = len(train) / n
        else:
            frac = check_train_fraction(train_fraction)
            train, test = split_indices(y, frac, np.random.default_rng(seed), stratify=self.problem != "regression")
        return Dataset(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
                       feature_names=self.feature_names, problem=self.problem, class_names=self.class_names,
                       extent=self.extent, plane=(0, 1),
                       provenance={"source": "drawn", "n_points": n, "train_fraction": frac, "seed": seed})
