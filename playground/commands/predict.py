"""``playground predict --model model.json data.csv``: score a CSV file with a saved model.

The file is read by the upload parser's own rules (:mod:`playground.data.upload`: UTF-8, commas, a
header row of names, plain finite numbers, the same row limits and messages); the model's input
columns are picked by name, so extra columns (``label``, ``split``, anything else) may be there. The
model's own recipe turns them into network inputs: the ``features`` transforms recorded in its
metadata (x1², sin x1, ...), then its standardisation (means/stds). That is exactly what
:meth:`playground.experiment.Experiment.predict` does in the app.

Output: CSV, one row per input row in the same order. Classifiers give one probability per class
(``p_<class>``; a tanh network's ``score`` in [-1, 1] instead) and the ``predicted`` class; regression
gives ``prediction``. A ``label`` column in the input is copied along for comparison.
"""
from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass

import numpy as np

from . import Parser, describe, fail


@dataclass(frozen=True)
class Predictor:
    """A saved model plus the recipe from data columns to its inputs."""

    model: object  # playground.engine.model_json.Model
    columns: tuple[str, ...]  # data columns the model reads, in order
    features: tuple[str, ...] | None  # feature transforms of two columns, or None

    @classmethod
    def from_model(cls, model) -> "Predictor":
        from ..data.features import check_features

        meta = model.metadata
        names = tuple(model.spec.input_names)
        raw, features = meta.get("raw_inputs"), meta.get("features")
        if features is None:
            columns = tuple(str(c) for c in raw) if raw else names
            if columns != names:
                raise ValueError(f"metadata.raw_inputs ({', '.join(columns)}) must match the inputs "
                                 f"({', '.join(names)}) when there are no feature transforms")
            return cls(model, columns, None)
        features = check_features(features)
        if features != names:
            raise ValueError(f"metadata.features ({', '.join(features)}) must match the inputs ({', '.join(names)})")
        if not isinstance(raw, list) or len(raw) != 2:
            raise ValueError("metadata.raw_inputs must name the two data columns the features are made from")
        return cls(model, tuple(str(c) for c in raw), features)

    def inputs(self, X) -> np.ndarray:
        """Network inputs for data rows (columns as :attr:`columns`)."""
        from ..data.features import feature_matrix

        X = np.asarray(X, dtype=np.float64)
        Z = feature_matrix(X, self.features) if self.features is not None else X
        return self.model.preprocess(Z)

    def predict(self, X) -> np.ndarray:
        """Network outputs (n, n_outputs) for data rows."""
        from ..engine import Trainer

        trainer = Trainer(self.model.spec, params=self.model.params, stats=self.model.stats)
        return trainer.predict(self.inputs(X))


def prediction_table(model, out: np.ndarray) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the output CSV for network outputs ``out``."""
    from ..engine import decision_threshold

    spec = model.spec
    classes = list(model.classes)
    if not classes:  # regression (or a hand-made model without class names)
        if spec.n_outputs == 1:
            return ["prediction"], [[repr(float(v))] for v in out[:, 0]]
        return [f"output_{i}" for i in range(spec.n_outputs)], [[repr(float(v)) for v in row] for row in out]
    if spec.output == "softmax":
        pred = out.argmax(axis=1)
        return ([f"p_{c}" for c in classes] + ["predicted"],
                [[repr(float(v)) for v in row] + [classes[k]] for row, k in zip(out, pred)])
    col = out[:, 0]
    pred = (col > decision_threshold(spec)).astype(int)
    names = [classes[k] if k < len(classes) else str(k) for k in pred]
    if spec.output == "sigmoid":
        return ([f"p_{classes[0]}", f"p_{classes[-1]}", "predicted"],
                [[repr(float(1.0 - p)), repr(float(p)), n] for p, n in zip(col, names)])
    return ["score", "predicted"], [[repr(float(v)), n] for v, n in zip(col, names)]


def build_parser() -> Parser:
    parser = Parser(prog="playground predict", description=(
        "Score a CSV file with a model saved by 'playground train --export': one output row per input row."),
        epilog="Example: playground predict --model model.json data.csv --out predictions.csv")
    parser.add_argument("csv", metavar="CSV", help="data in the upload format; the model's input columns are "
                                                   "picked by name")
    parser.add_argument("--model", required=True, metavar="MODEL", help="model file (the engine's model JSON)")
    parser.add_argument("--out", metavar="FILE", help="write the predictions here (default: stdout)")
    return parser


def main(argv: list[str]) -> int:
    from ..data.export import spreadsheet_safe
    from ..data.upload import read_columns, read_file_bytes
    from ..engine import model_json

    args = build_parser().parse_args(argv)
    try:
        predictor = Predictor.from_model(model_json.load(args.model))
    except (OSError, ValueError) as exc:
        fail(f"model file {args.model}: {describe(exc, file_named=True)}")
    try:
        x, labels = read_columns(read_file_bytes(args.csv), predictor.columns)
    except (OSError, ValueError) as exc:
        fail(f"{args.csv}: {describe(exc, file_named=True)}")
    out = predictor.predict(x)
    header, rows = prediction_table(predictor.model, out)
    if labels is not None:
        header = ["label"] + header
        rows = [[lab] + row for lab, row in zip(labels, rows)]
    # text from the files (class names, labels) must not run as a formula when a spreadsheet opens this
    header = [spreadsheet_safe(h) for h in header]
    rows = [[spreadsheet_safe(cell) for cell in row] for row in rows]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(buffer.getvalue())
        print(f"playground: wrote {len(rows)} predictions to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(buffer.getvalue())
    return 0
