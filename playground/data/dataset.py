"""The one shape every data source returns: generators, logic tables, drawn points, uploads, jets."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

PROBLEMS = ("binary", "multiclass", "regression")


@dataclass(frozen=True)
class Dataset:
    """Train/test inputs and targets plus what a view needs to show them.

    ``y_*`` hold class indices 0..k-1 (as float64) for classification and values for regression.
    ``extent`` is (xmin, xmax, ymin, ymax) of the plane spanned by features ``plane`` (two column
    indices into the inputs). ``units`` gives a display unit per feature ("" if none), so physical
    units survive standardisation. ``provenance`` records how the data was made (generator name,
    its parameters and seed, or the uploaded file's name).
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple[str, ...]
    problem: str = "binary"
    class_names: tuple[str, ...] = ("0", "1")
    extent: tuple[float, float, float, float] = (-6.0, 6.0, -6.0, 6.0)
    plane: tuple[int, int] = (0, 1)
    units: tuple[str, ...] = ()
    provenance: dict = field(default_factory=dict)

    def __post_init__(self):
        for name in ("x_train", "x_test"):
            x = np.ascontiguousarray(getattr(self, name), dtype=np.float64)
            if x.ndim != 2 or x.shape[1] != len(self.feature_names):
                raise ValueError(f"{name} must have shape (n, {len(self.feature_names)}), got {x.shape}")
            object.__setattr__(self, name, x)
        for name, xname in (("y_train", "x_train"), ("y_test", "x_test")):
            y = np.ascontiguousarray(getattr(self, name), dtype=np.float64).ravel()
            if y.shape[0] != getattr(self, xname).shape[0]:
                raise ValueError(f"{name} has {y.shape[0]} rows but {xname} has {getattr(self, xname).shape[0]}")
            object.__setattr__(self, name, y)
        if self.problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {', '.join(PROBLEMS)}")
        if self.problem == "regression":
            object.__setattr__(self, "class_names", ())
        object.__setattr__(self, "feature_names", tuple(self.feature_names))
        object.__setattr__(self, "class_names", tuple(self.class_names))
        object.__setattr__(self, "units", tuple(self.units) or ("",) * len(self.feature_names))
        object.__setattr__(self, "extent", tuple(float(v) for v in self.extent))
        object.__setattr__(self, "plane", tuple(int(v) for v in self.plane))

    @property
    def n_features(self) -> int:
        return len(self.feature_names)

    @property
    def n_classes(self) -> int:
        """Number of classes (0 for regression)."""
        return len(self.class_names)

    @property
    def n_train(self) -> int:
        return self.x_train.shape[0]

    @property
    def n_test(self) -> int:
        return self.x_test.shape[0]

    def replace(self, **changes) -> "Dataset":
        return replace(self, **changes)
