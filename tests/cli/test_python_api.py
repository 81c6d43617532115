"""The Experiment's Python API (what notebooks and `playground train` use): fit, summary, to_json /
from_json, export_model / load_weights; and `import playground` staying light."""
import json
import subprocess
import sys

import numpy as np
import pytest

from playground.data.upload import read_csv
from playground.data.export import to_csv
from playground.experiment import Experiment


def test_fit_returns_the_summary_with_timing():
    exp = Experiment(dataset="xor", n_samples=100, hidden_layers=[4])
    s = exp.fit(40)
    assert s["epoch"] == s["epochs_run"] == exp.epoch == 40 and s["status"] == "ok"
    assert s["seconds"] > 0 and s["epochs_per_s"] > 0
    assert set(exp.summary()) | {"epochs_run", "seconds", "epochs_per_s"} == set(s)
    json.dumps(s)  # plain values


@pytest.mark.parametrize("dataset, accuracy, auc", [("multi_blobs", True, False), ("reg_plane", False, False)])
def test_summary_fields_follow_the_problem(dataset, accuracy, auc):
    s = Experiment(dataset=dataset, n_samples=100).fit(5)
    assert (s["train_accuracy"] is not None, s["auc"] is not None, s["r50"] is not None) == (accuracy, auc, auc)


def test_weights_do_not_depend_on_the_step_size():
    a, b = (Experiment(dataset="moons", n_samples=100, dropout=0.2, batch_size=7) for _ in range(2))
    a.fit(30)
    b.fit(30, every=7)
    np.testing.assert_array_equal(a.trainer.params, b.trainer.params)
    assert len(a.history()) == 31 and len(b.history()) == 6  # one loss point per step, plus the start


def test_fit_stops_at_divergence_and_early_stopping():
    blown = Experiment(dataset="reg_gaussian", n_samples=100, learning_rate=10.0, hidden_layers=[8, 8],
                       activations=["linear", "linear"])
    s = blown.fit(200)
    assert s["status"] == "diverged" and s["epochs_run"] < 200 and s["message"]
    stopped = Experiment(dataset="circle", n_samples=100, noise=0.5, early_stopping=True, patience=5,
                         hidden_layers=[8, 8], learning_rate=0.3)
    s = stopped.fit(3000)
    assert s["status"] == "stopped" and s["epochs_run"] < 3000


def test_to_json_round_trip_predicts_and_trains_on_the_same():
    exp = Experiment(dataset="spiral", n_samples=120, features=["x1", "x2", "sin_x1"], optimizer="adam",
                     learning_rate=0.01, hidden_layers=[5, 3], data_seed=4, seed=9)
    exp.fit(25)
    back = Experiment.from_json(exp.to_json())
    X = exp.data.x_test
    np.testing.assert_array_equal(back.predict(X), exp.predict(X))
    assert back.epoch == exp.epoch == 25 and back.summary()["test_loss"] == exp.summary()["test_loss"]
    exp.fit(10)
    back.fit(10)  # the optimizer state came along: Adam carries on exactly
    np.testing.assert_array_equal(back.trainer.params, exp.trainer.params)


def test_runs_on_uploaded_data_need_the_data_again():
    upload = read_csv(to_csv(Experiment(dataset="two_blobs", n_samples=60).data), name="blobs.csv")
    exp = Experiment(data=upload)
    exp.fit(10)
    text = exp.to_json()
    with pytest.raises(ValueError, match="upload data .blobs.csv.; pass the same data"):
        Experiment.from_json(text)
    back = Experiment.from_json(text, data=upload)
    np.testing.assert_array_equal(back.predict(upload.x_test), exp.predict(upload.x_test))


@pytest.mark.parametrize("text, message", [
    ("{nope", "not a saved NN Playground run"),
    ('{"format": "something else"}', "'format' must be 'nn-playground-run'"),
    ('{"format": "nn-playground-run", "version": 1, "settings": {"noise": "3"}}', "noise='3'"),
])
def test_from_json_refuses_what_is_not_a_run(text, message):
    with pytest.raises(ValueError, match=message):
        Experiment.from_json(text)


def test_load_weights_checks_the_architecture():
    small = Experiment(dataset="circle", n_samples=60, hidden_layers=[3])
    small.fit(5)
    other = Experiment(dataset="circle", n_samples=60, hidden_layers=[3], activations=["relu"])
    with pytest.raises(ValueError, match="its activations are tanh, these settings use relu"):
        other.load_weights(small.export_model())
    twin = Experiment(dataset="circle", n_samples=60, hidden_layers=[3], seed=5)
    twin.load_weights(small.export_model())
    np.testing.assert_array_equal(twin.trainer.params, small.trainer.params)
    assert twin.epoch == 0


def test_import_playground_stays_light():
    code = ("import sys, playground; print(sorted(m for m in ('panel', 'bokeh', 'numba', 'matplotlib') "
            "if m in sys.modules)); print(playground.Experiment.__name__, playground.App.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "Experiment App"]
