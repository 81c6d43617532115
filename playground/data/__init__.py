"""Datasets: generators, logic tables, drawn points, CSV upload/export, input features (no UI imports here).

Every source returns one :class:`Dataset`. Typical use::

    from playground.data import make_dataset, InputPipeline
    ds = make_dataset("spiral", n_samples=400, noise=0.1, seed=3)
    pipe = InputPipeline.fit(ds, features=("x1", "x2", "sin_x1", "sin_x2"), standardize=True)
    x_train, x_test = pipe.apply(ds)
"""
from .dataset import PROBLEMS, Dataset
from .drawing import DrawnPoints
from .export import to_csv, write_csv
from .features import (DEFAULT_FEATURES, FEATURE_LABELS, FEATURES, InputPipeline, Standardizer, feature_matrix,
                       standardize_by_default)
from .logic import logic_dataset, truth_table
from .registry import DATASETS, DatasetInfo, make_dataset
from .upload import MAX_BYTES, MAX_CLASSES, MAX_ROWS, UploadError, read_csv, read_csv_file

__all__ = [
    "DATASETS", "DEFAULT_FEATURES", "Dataset", "DatasetInfo", "DrawnPoints", "FEATURES", "FEATURE_LABELS",
    "InputPipeline", "MAX_BYTES", "MAX_CLASSES", "MAX_ROWS", "PROBLEMS", "Standardizer", "UploadError",
    "feature_matrix", "logic_dataset", "make_dataset", "read_csv", "read_csv_file", "standardize_by_default",
    "to_csv", "truth_table", "write_csv",
]
