"""Read a user's CSV file into a Dataset, or refuse it with a message that says where and what to fix.

The format (the same one :mod:`playground.data.export` writes):

* UTF-8 text (a byte-order mark is fine), commas between columns, a header row of column names;
* numeric feature columns (at least two: the playground shows data on a plane) and one label column,
  chosen by name (default ``label``);
* optionally a ``split`` column with ``train`` / ``test`` per row; without it the rows are split at
  random (seeded, per class) by ``train_fraction``.

The label decides the problem unless one is asked for: text labels or whole numbers with 2..8
distinct values are classes (binary or multi-class; classes are ordered by value, so 0/1 or −1/+1
keep their order), other numbers are a regression target.

Rows are numbered as in a spreadsheet: the header is row 1. Any problem raises :class:`UploadError`
naming the row and/or column and the fix; parsing is all-or-nothing, a Dataset is only returned
when the whole file is good, so nothing partial is ever kept.
"""
from __future__ import annotations

import csv
import io
import math
import os

import numpy as np

from .dataset import Dataset
from .split import check_train_fraction, split_indices

MAX_BYTES = 5_000_000       # 5 MB
MAX_ROWS = 20_000           # data rows, header not counted
MIN_ROWS = 4                # a two-input truth table; enough for a train and a test part
MAX_CLASSES = 8
MIN_FEATURES = 2            # the plane view needs two inputs
MAX_FEATURES = 64           # the engine's input limit (playground.engine.spec.MAX_INPUTS)
#: Largest magnitude a value may have. Squared features (x1²), standardisation and the loss square
#: values again; 1e15 squared twice stays far from float64's 1.8e308, 1e308 does not.
MAX_ABS_VALUE = 1e15
DEFAULT_LABEL = "label"
SPLIT_COLUMN = "split"
PROBLEM_CHOICES = ("auto", "binary", "multiclass", "regression")
_OTHER_DELIMITERS = {";": "semicolons (';')", "\t": "tabs", "|": "vertical bars ('|')"}


class UploadError(ValueError):
    """An uploaded file was refused; the message says where the problem is and how to fix it."""


def _rows_word(n: int) -> str:
    return f"{n:,} data row{'s' if n != 1 else ''}"


def _decode(data: bytes | str) -> str:
    """The file as text: size limit, emptiness and UTF-8 checked."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise UploadError(f"The file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:g} MB. "
                          f"Upload fewer rows (at most {MAX_ROWS:,}) or fewer columns.")
    if not raw.strip():
        raise UploadError("The file is empty. Upload a CSV file with a header row (e.g. x1,x2,label) "
                          "and one row per example.")
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise UploadError(f"Row {line}: the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be read). "
                          "Save it as UTF-8, e.g. 'CSV UTF-8' in Excel or 'UTF-8' in your editor's "
                          "save dialog.") from None


def _number(cell: str) -> float | None:
    """The cell as a float (may be nan/inf), or None if it is not a number."""
    try:
        return float(cell)
    except ValueError:
        return None


def _check_header(header: list[str], label: str | None) -> None:
    """Separators, a missing header, empty or repeated names, and (unless ``label`` is None) the label."""
    if len(header) == 1:
        for delim, what in _OTHER_DELIMITERS.items():
            if delim in header[0]:
                raise UploadError(f"Row 1: the header has a single column '{header[0]}', which looks separated "
                                  f"by {what}. Save the file with commas ',' between columns.")
    if all(h and _number(h) is not None for h in header):
        raise UploadError(f"Row 1 should be a header of column names but looks like data ({', '.join(header)}). "
                          f"Add a header row first, e.g. {','.join(f'x{i + 1}' for i in range(len(header) - 1))},"
                          f"{label or DEFAULT_LABEL}.")
    for i, name in enumerate(header):
        if not name:
            raise UploadError(f"Row 1, column {i + 1}: the header cell is empty. Give every column a name.")
    seen = {}
    for i, name in enumerate(header):
        if name in seen:
            raise UploadError(f"Row 1: the column name '{name}' appears twice (columns {seen[name] + 1} and {i + 1}). "
                              "Give each column its own name.")
        seen[name] = i
    if label is not None and label not in seen:
        near = [h for h in header if h.lower() == label.lower()]
        hint = f" (did you mean '{near[0]}'? names are case-sensitive)" if near else ""
        raise UploadError(f"There is no label column '{label}'{hint}. The columns are: {', '.join(header)}. "
                          f"Name the column that holds the labels '{label}', or choose the label column by name.")


def _read_rows(text: str, label: str | None):
    """Header and data rows (each with its spreadsheet row number), structure checked."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    header, rows = None, []
    try:
        for cells in reader:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            cells = [c.strip() for c in cells]
            if header is None:
                header = cells
                _check_header(header, label)
                continue
            if len(rows) >= MAX_ROWS:
                raise UploadError(f"The file has more than {MAX_ROWS:,} data rows; the limit is {MAX_ROWS:,}. "
                                  "Keep a sample of the rows and upload again.")
            if len(cells) != len(header):
                raise UploadError(f"Row {reader.line_num} has {len(cells)} values but the header has {len(header)} "
                                  "columns. Check that row for a missing value or a stray comma (decimals need a "
                                  "dot, not a comma).")
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise UploadError(f"Row {reader.line_num}: the CSV cannot be read ({exc}). Check the quotes and "
                          "special characters in that row.") from None
    if header is None:
        raise UploadError("The file is empty. Upload a CSV file with a header row and one row per example.")
    return header, rows


def _features(header, rows, columns) -> np.ndarray:
    x = np.empty((len(rows), len(columns)))
    for r, (row_no, cells) in enumerate(rows):
        for c, j in enumerate(columns):
            cell = cells[j]
            where = f"Row {row_no}, column '{header[j]}'"
            if not cell:
                raise UploadError(f"{where} is empty. Fill in a number or delete the row.")
            value = _number(cell)
            if value is None:
                raise UploadError(f"{where}: '{cell}' is not a number. Feature columns must hold plain numbers "
                                  "with a dot as decimal mark (e.g. 1.5 or -2e3).")
            if not math.isfinite(value):
                raise UploadError(f"{where} is '{cell}'. Every value must be a finite number: fill in a value "
                                  "or delete the row.")
            if abs(value) > MAX_ABS_VALUE:
                raise UploadError(f"{where} is {cell}, too large to learn from: values must lie between "
                                  f"-{MAX_ABS_VALUE:g} and {MAX_ABS_VALUE:g}. Rescale the column (other units).")
            x[r, c] = value
    return x


def _labels(rows, j: int, label: str, problem: str):
    """(y, problem, class_names) from the label column."""
    cells = [(row_no, cells[j]) for row_no, cells in rows]
    for row_no, cell in cells:
        if not cell:
            raise UploadError(f"Row {row_no}, column '{label}' is empty. Every row needs a label.")
    values = [_number(cell) for _, cell in cells]
    numeric = all(v is not None for v in values)
    if problem == "regression" or numeric:
        for (row_no, cell), v in zip(cells, values):
            if v is None:
                raise UploadError(f"Row {row_no}, column '{label}': '{cell}' is not a number; a regression label "
                                  "must be numeric.")
            if not math.isfinite(v):
                raise UploadError(f"Row {row_no}, column '{label}' is '{cell}'. Every label must be a finite "
                                  "number: fill in a value or delete the row.")
            if abs(v) > MAX_ABS_VALUE:
                raise UploadError(f"Row {row_no}, column '{label}' is {cell}, too large to learn from: labels must "
                                  f"lie between -{MAX_ABS_VALUE:g} and {MAX_ABS_VALUE:g}. Rescale the column.")
        y = np.array(values, dtype=np.float64)
        whole = bool(np.all(y == np.round(y)))
        if problem == "regression" or (problem == "auto" and not whole):
            return y, "regression", ()
        distinct = np.unique(y)
        if len(distinct) > MAX_CLASSES and problem == "auto":
            raise UploadError(f"Column '{label}' has {len(distinct)} different whole-number labels; at most "
                              f"{MAX_CLASSES} classes are allowed. Merge classes, or upload it as a regression "
                              "problem if the label is a quantity to predict.")
        names = tuple(str(int(v)) if whole else repr(float(v)) for v in distinct)
        codes = np.searchsorted(distinct, y)
    else:
        names = tuple(sorted({cell for _, cell in cells}))
        codes = np.searchsorted(np.array(names), np.array([cell for _, cell in cells]))
    k = len(names)
    if k < 2:
        raise UploadError(f"Column '{label}' has only one class ('{names[0]}'). A classifier needs at least two "
                          "classes: add rows of another class.")
    if k > MAX_CLASSES:
        shown = ", ".join(f"'{n}'" for n in names[:MAX_CLASSES + 1]) + (", ..." if k > MAX_CLASSES + 1 else "")
        raise UploadError(f"Column '{label}' has {k} classes ({shown}); at most {MAX_CLASSES} are allowed. "
                          "Merge or drop classes.")
    kind = "binary" if k == 2 else "multiclass"
    if problem not in ("auto", kind):
        fix = "choose 'multiclass'" if problem == "binary" else "choose 'binary'"
        raise UploadError(f"Column '{label}' has {k} classes ({', '.join(names)}), so this is not a {problem} "
                          f"problem: {fix} or 'auto'.")
    return codes.astype(np.float64), kind, names


def _extent(x: np.ndarray) -> tuple[float, float, float, float]:
    """Plane extent around the first two columns with a 10% margin (±1 around a constant column)."""
    out = []
    for col in x[:, :2].T:
        lo, hi = float(col.min()), float(col.max())
        pad = 0.1 * (hi - lo) if hi > lo else 1.0
        out += [lo - pad, hi + pad]
    return tuple(out)


def read_csv(data: bytes | str, *, label: str = DEFAULT_LABEL, problem: str = "auto", train_fraction: float = 0.5,
             seed: int = 0, name: str = "upload.csv") -> Dataset:
    """Parse and validate an uploaded CSV (bytes or text) into a Dataset, or raise :class:`UploadError`.

    ``problem`` is one of :data:`PROBLEM_CHOICES`. ``train_fraction`` and ``seed`` apply only when
    the file has no ``split`` column. ``name`` (the file's name) is recorded in the provenance.
    """
    if problem not in PROBLEM_CHOICES:
        raise ValueError(f"problem must be one of {', '.join(PROBLEM_CHOICES)}, got {problem!r}")
    frac = check_train_fraction(train_fraction)
    label = str(label).strip()
    header, rows = _read_rows(_decode(data), label)
    if not rows:
        raise UploadError("The file has a header but no data rows. Add one row per example below the header.")
    if len(rows) < MIN_ROWS:
        raise UploadError(f"The file has only {_rows_word(len(rows))}; at least {MIN_ROWS} are needed to train and "
                          "test. Add more rows.")
    label_j = header.index(label)
    split_j = header.index(SPLIT_COLUMN) if SPLIT_COLUMN in header and label != SPLIT_COLUMN else None
    columns = [j for j in range(len(header)) if j not in (label_j, split_j)]
    if len(columns) < MIN_FEATURES:
        raise UploadError(f"The file has {len(columns)} feature column{'s' if len(columns) != 1 else ''} besides "
                          f"'{label}'; at least {MIN_FEATURES} numeric feature columns are needed.")
    if len(columns) > MAX_FEATURES:
        raise UploadError(f"The file has {len(columns)} feature columns; the network takes at most {MAX_FEATURES}. "
                          "Drop some columns.")
    x = _features(header, rows, columns)
    y, kind, class_names = _labels(rows, label_j, label, problem)
    if split_j is not None:
        marks = []
        for row_no, cells in rows:
            mark = cells[split_j].lower()
            if mark not in ("train", "test"):
                raise UploadError(f"Row {row_no}, column '{SPLIT_COLUMN}': '{cells[split_j]}' must be 'train' or "
                                  f"'test'. Fix the value, or remove the '{SPLIT_COLUMN}' column to split at random.")
            marks.append(mark == "train")
        is_train = np.array(marks)
        for part, mask in (("train", is_train), ("test", ~is_train)):
            if not mask.any():
                raise UploadError(f"Column '{SPLIT_COLUMN}' marks no rows as '{part}'. Mark some rows '{part}', or "
                                  f"remove the '{SPLIT_COLUMN}' column to split at random.")
        if kind != "regression":
            for i, cname in enumerate(class_names):
                if not np.any(is_train & (y == i)):
                    raise UploadError(f"Class '{cname}' of column '{label}' has no rows marked 'train'. Mark some "
                                      "of them 'train' so the network can learn it.")
        train, test = np.flatnonzero(is_train), np.flatnonzero(~is_train)
    else:
        train, test = split_indices(y, frac, np.random.default_rng(seed), stratify=kind != "regression")
    provenance = {"source": "upload", "name": os.path.basename(str(name)), "n_rows": len(rows), "label": label,
                  "split": "column" if split_j is not None else "random"}
    if split_j is None:
        provenance.update(train_fraction=frac, seed=seed)
    return Dataset(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
                   feature_names=tuple(header[j] for j in columns), problem=kind, class_names=class_names,
                   extent=_extent(x), plane=(0, 1), provenance=provenance)


def read_upload(base64_text: str, **options) -> Dataset:
    """:func:`read_csv` on a file the browser sent as base64 text (the page's upload button)."""
    import base64
    import binascii

    if len(base64_text) > (MAX_BYTES + 2) // 3 * 4 + 4:
        raise UploadError(f"The file is larger than {MAX_BYTES / 1e6:g} MB, the limit. Upload fewer rows (at most "
                          f"{MAX_ROWS:,}) or fewer columns.")
    try:
        data = base64.b64decode(base64_text, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("The file did not arrive intact; choose it again.") from None
    return read_csv(data, **options)


def read_file_bytes(path) -> bytes:
    """The file's bytes, refused unread if it is not a regular file or is over :data:`MAX_BYTES`."""
    from ..files import FileRefused, read_bytes

    try:
        return read_bytes(path, MAX_BYTES, "the data file")
    except FileRefused as exc:
        hint = f". Upload fewer rows (at most {MAX_ROWS:,}) or fewer columns." if exc.too_large else ""
        raise UploadError(f"{exc}{hint}") from None


def read_columns(data: bytes | str, columns) -> tuple[np.ndarray, list[str] | None]:
    """The named ``columns`` of a CSV in the upload format as an (n, k) array, plus the ``label``
    column's cells if the file has one that is not among them (else None): a file to be scored by a
    saved model, which picks its inputs by name and needs no label. Same rules and messages as
    :func:`read_csv`; raises :class:`UploadError`."""
    header, rows = _read_rows(_decode(data), None)
    missing = [c for c in columns if c not in header]
    if missing:
        raise UploadError(f"There is no column '{missing[0]}', which the model needs (it reads "
                          f"{', '.join(columns)}). The columns are: {', '.join(header)}.")
    if not rows:
        raise UploadError("The file has a header but no data rows.")
    x = _features(header, rows, [header.index(c) for c in columns])
    labels = None
    if DEFAULT_LABEL in header and DEFAULT_LABEL not in columns:
        j = header.index(DEFAULT_LABEL)
        labels = [cells[j] for _, cells in rows]
    return x, labels


def read_csv_file(path, **options) -> Dataset:
    """:func:`read_csv` on a file path; refuses a file over :data:`MAX_BYTES` before reading it."""
    data = read_file_bytes(path)
    options.setdefault("name", os.path.basename(str(path)))
    return read_csv(data, **options)
