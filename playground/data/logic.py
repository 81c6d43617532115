"""Truth tables from the lecture as datasets: AND, OR, XOR on two inputs and ``a && (b || c)`` on three.

A truth table is the whole world of its function, so every row is both a training and a test
example (``x_test`` is a copy of ``x_train``): the question a learner asks is "can this network
represent the table?", not "does it generalise?". Inputs are 0/1, named ``a``, ``b`` (and ``c``),
and shown on the unit square (extent −0.25..1.25 so the corner points are not on the border); the
three-input table is drawn on the (a, b) plane. Labels are 0 (``"false"``) and 1 (``"true"``).
"""
from __future__ import annotations

import itertools

import numpy as np

from .dataset import Dataset

EXTENT = (-0.25, 1.25, -0.25, 1.25)
CLASS_NAMES = ("false", "true")

#: Table id -> (input names, boolean function of the inputs, formula as shown to people).
TABLES = {
    "and": (("a", "b"), lambda a, b: a and b, "a AND b"),
    "or": (("a", "b"), lambda a, b: a or b, "a OR b"),
    "xor": (("a", "b"), lambda a, b: a != b, "a XOR b"),
    "a_and_b_or_c": (("a", "b", "c"), lambda a, b, c: a and (b or c), "a && (b || c)"),
}


def truth_table(table: str) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, outputs) of a table: every 0/1 combination in binary counting order."""
    if table not in TABLES:
        raise ValueError(f"unknown logic table {table!r}; choose one of {', '.join(TABLES)}")
    names, func, _ = TABLES[table]
    rows = list(itertools.product((0, 1), repeat=len(names)))
    x = np.array(rows, dtype=np.float64)
    y = np.array([float(bool(func(*map(bool, r)))) for r in rows])
    return x, y


def logic_dataset(table: str) -> Dataset:
    """The truth table ``table`` (a key of :data:`TABLES`) as a Dataset; train and test are all rows."""
    x, y = truth_table(table)
    names, _, formula = TABLES[table]
    return Dataset(x_train=x, y_train=y, x_test=x.copy(), y_test=y.copy(), feature_names=names,
                   problem="binary", class_names=CLASS_NAMES, extent=EXTENT, plane=(0, 1),
                   provenance={"source": "logic", "table": table, "formula": formula})
