"""`playground predict` scores a CSV (the upload format) with the model's own input recipe: one row per
input row, the same numbers as the in-app network's Experiment.predict."""
import csv

import numpy as np
import pytest

from playground.commands.predict import Predictor, prediction_table
from playground.engine import model_json
from playground.experiment import Experiment


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_one_prediction_per_row_equal_to_the_in_app_model(trained, in_app):
    header, rows = read(trained.data)
    X = np.array([[float(r[0]), float(r[1])] for r in rows])
    out_header, out = read(trained.predictions)
    assert out_header == ["label", "p_orange", "p_blue", "predicted"]
    assert len(out) == len(rows) == 200
    p_blue = np.array([float(r[2]) for r in out])
    np.testing.assert_allclose(p_blue, in_app.predict(X)[:, 0], rtol=1e-9, atol=0)
    np.testing.assert_allclose([float(r[1]) for r in out], 1 - p_blue, rtol=1e-9, atol=1e-15)
    assert [r[0] for r in out] == [r[2] for r in rows]  # the label column is copied along
    assert [r[3] for r in out] == ["blue" if p > 0.5 else "orange" for p in p_blue]


@pytest.mark.parametrize("settings", [
    dict(dataset="quark_gluon", n_samples=200, jet_extra=["mass"]),  # named physical columns, standardised
    dict(dataset="multi_blobs", n_samples=150, features=["x1", "x2", "sin_x1"]),  # softmax
    dict(dataset="reg_plane", n_samples=100),  # regression
    dict(dataset="moons", n_samples=100, loss="se"),  # tanh output: a score in [-1, 1]
    dict(dataset="logic_a_and_b_or_c"),  # three raw inputs, no feature transforms
])
def test_saved_model_predicts_as_the_experiment(settings):
    exp = Experiment(**settings)
    exp.fit(30)
    predictor = Predictor.from_model(model_json.loads(exp.export_model()))
    X = np.concatenate([exp.data.x_train, exp.data.x_test])
    np.testing.assert_allclose(predictor.predict(X), exp.predict(X), rtol=1e-9, atol=1e-15)
    assert predictor.columns == exp.data.feature_names
    header, rows = prediction_table(predictor.model, predictor.predict(X))
    assert len(rows) == len(X) and len(header) == len(rows[0])
    expected = {"binary": "predicted", "multiclass": "predicted", "regression": "prediction"}[exp.problem]
    assert expected in header


def test_class_names_and_labels_that_look_like_formulas_are_written_as_text(tmp_path):
    """A class named =cmd|' /C calc'!A0 would run as a formula when the predictions open in a
    spreadsheet; every text cell that starts like one gets an apostrophe (numbers do not)."""
    from playground.commands import run
    from playground.data.upload import read_csv

    evil = "=cmd|' /C calc'!A0"
    rows = "\n".join(f"{a:.3f},{b:.3f},{evil if a > b else '@SUM(A1)'}"
                     for a, b in np.random.default_rng(2).uniform(0, 5, (40, 2)))
    data_path = tmp_path / "evil.csv"
    data_path.write_text("u,v,label\n" + rows + "\n")
    exp = Experiment(data=read_csv(data_path.read_bytes(), name="evil.csv"))
    exp.fit(5)
    model_path = tmp_path / "model.json"
    model_path.write_text(exp.export_model())
    assert run("predict", ["--model", str(model_path), str(data_path), "--out", str(tmp_path / "p.csv")]) == 0
    header, out = read(tmp_path / "p.csv")
    cells = header + [cell for row in out for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]
    assert "'" + evil in [row[0] for row in out] and float(out[0][1]) >= 0


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
