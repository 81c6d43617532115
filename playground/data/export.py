"""Write a Dataset as CSV text in exactly the format :mod:`playground.data.upload` reads back.

Columns: the features (by name), then the label (class index 0..k−1, or the regression value), then
``split`` (``train``/``test``), training rows first. Numbers are written with Python's shortest
exact form, so export -> upload gives back the same inputs, targets, split and feature names.

Class *names* are not stored (the format has only a header row): classes come back named by their
index ("0", "1", ...) in the same order. A class with no rows at all cannot be seen in the file, so
later class indices would shift down by one on re-upload.
"""
from __future__ import annotations

import csv
import io

from .dataset import Dataset
from .upload import DEFAULT_LABEL, SPLIT_COLUMN


#: First characters that make a spreadsheet read a cell as a formula (CSV injection: a class name
#: such as =cmd|' /C calc'!A0 would run when the file is opened in Excel).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A text cell that a spreadsheet shows rather than runs: one that starts like a formula (and is
    not simply a number) gets a leading apostrophe, as OWASP advises; anything else is unchanged."""
    if cell.startswith(FORMULA_START):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def to_csv(dataset: Dataset, *, label: str = DEFAULT_LABEL, split: bool = True) -> str:
    """The dataset as CSV text; ``split=False`` leaves out the split column (all rows, train first)."""
    names = list(dataset.feature_names)
    extra = [label] + ([SPLIT_COLUMN] if split else [])
    clash = [c for c in extra if c in names]
    if clash:
        raise ValueError(f"a feature is named {clash[0]!r}, which is also the name of the "
                         f"{'label' if clash[0] == label else 'split'} column; choose another label name")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names + extra)
    classify = dataset.problem != "regression"
    for part, x, y in (("train", dataset.x_train, dataset.y_train), ("test", dataset.x_test, dataset.y_test)):
        labels = [str(int(v)) for v in y.tolist()] if classify else [repr(v) for v in y.tolist()]
        for row, lab in zip(x.tolist(), labels):
            writer.writerow([repr(v) for v in row] + [lab] + ([part] if split else []))
    return out.getvalue()


def write_csv(dataset: Dataset, path, **options) -> None:
    """:func:`to_csv` into a UTF-8 file at ``path``."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(to_csv(dataset, **options))

