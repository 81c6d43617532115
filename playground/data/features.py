"""What the network sees: switchable input features (as in TF Playground) and standardisation.

A dataset keeps its raw points (what the plane view draws). The network's inputs are made from them
in two steps, bundled in :class:`InputPipeline` so the very same steps apply to training data, to the
grid behind the decision-boundary picture, and to an exported model:

1. **Feature transforms** of a two-input point (x1, x2): any of :data:`FEATURES`, e.g. x1², x1·x2,
   sin x1. Order is always that of :data:`FEATURES`, whatever order they were switched on in.
   Datasets with other than two inputs (uploads, the three-input logic table, jets) use their own
   columns unchanged (``features=None``).
2. **Standardisation** (:class:`Standardizer`): subtract each input's training mean, divide by its
   training standard deviation. On by default for real data (uploads, physics), off for the toy and
   logic sets, whose scale is part of the picture (TF Playground does not standardise).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .dataset import Dataset

#: Feature ids in display order, each a function of the raw point (x1, x2).
FEATURE_FUNCTIONS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1sq": lambda x1, x2: x1 * x1,
    "x2sq": lambda x1, x2: x2 * x2,
    "x1x2": lambda x1, x2: x1 * x2,
    "sin_x1": lambda x1, x2: np.sin(x1),
    "sin_x2": lambda x1, x2: np.sin(x2),
    "cos_x1": lambda x1, x2: np.cos(x1),
    "cos_x2": lambda x1, x2: np.cos(x2),
}
FEATURES = tuple(FEATURE_FUNCTIONS)
#: How each feature is written for people.
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1sq": "x₁²", "x2sq": "x₂²", "x1x2": "x₁·x₂",
                  "sin_x1": "sin x₁", "sin_x2": "sin x₂", "cos_x1": "cos x₁", "cos_x2": "cos x₂"}
DEFAULT_FEATURES = ("x1", "x2")
#: Data sources whose inputs are shown at their own scale and so are not standardised by default.
UNSTANDARDISED_SOURCES = ("toy", "logic", "drawn")


def check_features(features) -> tuple[str, ...]:
    """The selected feature ids in canonical order, or ValueError naming the valid ids."""
    if isinstance(features, str):
        features = (features,)
    chosen = set()
    for f in features:
        if f not in FEATURE_FUNCTIONS:
            raise ValueError(f"unknown input feature {f!r}; choose from {', '.join(FEATURES)}")
        chosen.add(f)
    if not chosen:
        raise ValueError("switch on at least one input feature")
    return tuple(f for f in FEATURES if f in chosen)


def feature_matrix(points, features=DEFAULT_FEATURES) -> np.ndarray:
    """(n, len(features)) network inputs computed from (n, 2) raw points."""
    features = check_features(features)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"feature transforms need points of shape (n, 2), got {points.shape}")
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURE_FUNCTIONS[f](x1, x2) for f in features]).reshape(points.shape[0], len(features))


class Standardizer:
    """Per-column ``(x - mean) / std`` with the training mean and standard deviation.

    A constant column gets ``std = 1`` (it is only centred), so nothing is ever divided by zero.
    ``mean`` and ``std`` are plain float64 arrays; :meth:`to_dict` / :meth:`from_dict` carry them
    into a model export.
    """

    def __init__(self, mean=None, std=None):
        self.mean = None if mean is None else np.array(mean, dtype=np.float64).ravel()
        self.std = None if std is None else np.array(std, dtype=np.float64).ravel()
        if (self.mean is None) != (self.std is None):
            raise ValueError("give both mean and std, or neither")
        if self.mean is not None:
            if self.mean.shape != self.std.shape:
                raise ValueError(f"mean has {self.mean.size} values but std has {self.std.size}")
            if not (np.all(np.isfinite(self.mean)) and np.all(np.isfinite(self.std)) and np.all(self.std > 0)):
                raise ValueError("mean must be finite and std finite and > 0")

    @property
    def fitted(self) -> bool:
        return self.mean is not None

    def fit(self, X) -> "Standardizer":
        """Learn mean and std of each column of X (the training inputs); returns self."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[0] == 0:
            raise ValueError(f"fit needs a non-empty (n, d) array, got shape {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("cannot standardise inputs that contain NaN or infinity")
        std = X.std(axis=0)
        self.mean = X.mean(axis=0)
        self.std = np.where(std > 1e-12 * np.maximum(1.0, np.abs(self.mean)), std, 1.0)
        return self

    def _check(self, X) -> np.ndarray:
        if not self.fitted:
            raise ValueError("Standardizer is not fitted yet; call fit(x_train) first")
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.mean.size:
            raise ValueError(f"expected inputs of shape (n, {self.mean.size}), got {X.shape}")
        return X

    def transform(self, X) -> np.ndarray:
        return (self._check(X) - self.mean) / self.std

    def inverse(self, Z) -> np.ndarray:
        """Undo :meth:`transform`: back to the original units."""
        return self._check(Z) * self.std + self.mean

    inverse_transform = inverse

    def to_dict(self) -> dict:
        return {"mean": self.mean.tolist(), "std": self.std.tolist()} if self.fitted else {}

    @classmethod
    def from_dict(cls, d: dict) -> "Standardizer":
        return cls(d.get("mean"), d.get("std"))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Standardizer):
            return NotImplemented
        if not (self.fitted and other.fitted):
            return self.fitted == other.fitted
        return np.array_equal(self.mean, other.mean) and np.array_equal(self.std, other.std)

    __hash__ = None

    def __repr__(self) -> str:
        return f"Standardizer(mean={self.mean!r}, std={self.std!r})"


def standardize_by_default(dataset: Dataset) -> bool:
    """Whether a dataset's inputs should be standardised unless the user says otherwise (real data: yes)."""
    return dataset.provenance.get("source") not in UNSTANDARDISED_SOURCES


@dataclass(frozen=True)
class InputPipeline:
    """Raw dataset columns -> network inputs: optional feature transforms, then optional standardisation.

    Build it with :meth:`fit` on a dataset (the standardiser learns from the training rows only) and
    use :meth:`transform` on anything with the dataset's raw columns: training or test inputs, the
    plane grid, a point under the mouse. ``to_dict``/``from_dict`` round-trip it for model export.
    """

    raw_names: tuple[str, ...]
    features: tuple[str, ...] | None = None
    standardizer: Standardizer | None = None

    @property
    def input_names(self) -> tuple[str, ...]:
        """Names of the network inputs, in order."""
        return self.features if self.features is not None else self.raw_names

    @property
    def n_inputs(self) -> int:
        return len(self.input_names)

    @classmethod
    def fit(cls, dataset: Dataset, features=None, standardize: bool | None = None) -> "InputPipeline":
        """Pipeline for ``dataset``; ``features=None`` keeps its columns, ``standardize=None`` uses the default."""
        if features is not None:
            features = check_features(features)
            if dataset.n_features != 2:
                raise ValueError(f"feature transforms need a two-input dataset; this one has {dataset.n_features} "
                                 f"inputs ({', '.join(dataset.feature_names)})")
        pipeline = cls(tuple(dataset.feature_names), features, None)
        if standardize is None:
            standardize = standardize_by_default(dataset)
        if standardize:
            pipeline = cls(pipeline.raw_names, features, Standardizer().fit(pipeline._expand(dataset.x_train)))
        return pipeline

    def _expand(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != len(self.raw_names):
            raise ValueError(f"expected raw inputs of shape (n, {len(self.raw_names)}), got {X.shape}")
        return X if self.features is None else feature_matrix(X, self.features)

    def transform(self, X) -> np.ndarray:
        """Network inputs for raw rows ``X`` (n, len(raw_names))."""
        Z = self._expand(X)
        return Z if self.standardizer is None else self.standardizer.transform(Z)

    def apply(self, dataset: Dataset) -> tuple[np.ndarray, np.ndarray]:
        """(train inputs, test inputs) of ``dataset`` as the network sees them."""
        return self.transform(dataset.x_train), self.transform(dataset.x_test)

    def to_dict(self) -> dict:
        return {"raw_names": list(self.raw_names),
                "features": None if self.features is None else list(self.features),
                "standardizer": None if self.standardizer is None else self.standardizer.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "InputPipeline":
        features = d.get("features")
        std = d.get("standardizer")
        return cls(tuple(d["raw_names"]), None if features is None else check_features(features),
                   None if not std else Standardizer.from_dict(std))
