"""`playground train` as a user runs it: summary fields, progress bar, model export, picture, settings
file with flags on top, and starting again from saved weights."""
import json
import math

import numpy as np

from .conftest import EPOCHS, SETTINGS, ok, playground


def test_json_summary_has_every_figure(trained):
    s = trained.summary
    assert (s["dataset"], s["problem"], s["loss_function"], s["status"]) == ("circle", "binary", "bce", "ok")
    assert s["epoch"] == s["epochs_run"] == EPOCHS
    assert s["inputs"] == ["x1", "x2", "x1sq"] and s["layers"] == [3, 4, 3, 1]
    assert s["n_train"] + s["n_test"] == 200
    for key in ("train_loss", "test_loss"):
        assert math.isfinite(s[key]) and 0 < s[key] < 0.7
    for key in ("train_accuracy", "test_accuracy", "auc"):
        assert 0.8 <= s[key] <= 1.0
    assert s["r50"] is None or s["r50"] >= 1.0  # null: infinite rejection, no class-0 point passes
    assert s["seconds"] > 0 and s["epochs_per_s"] > 0
    assert (s["model"], s["plot"], s["run"]) == ("model.json", "out.png", "run.json")
    assert trained.train.stdout.count("\n") == 1  # one JSON object, one line


def test_summary_matches_the_in_app_run(trained, in_app):
    s, mine = trained.summary, in_app.summary()
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy", "auc"):
        assert np.isclose(s[key], mine[key], rtol=1e-12, atol=0), key


def test_progress_bar_shows_live_losses_on_stderr(trained):
    err = trained.train.stderr
    assert f"{EPOCHS}/{EPOCHS}" in err and "train loss" in err and "test loss" in err and "epoch/s" in err


def test_plot_is_a_png_picture(trained):
    data = trained.plot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_export_is_the_engine_model_of_the_in_app_network(trained, in_app):
    from playground.engine import model_json

    saved = model_json.load(trained.model)
    assert saved.spec == in_app.spec
    np.testing.assert_array_equal(saved.params, in_app.trainer.params)
    assert saved.classes == in_app.data.class_names
    assert saved.metadata["raw_inputs"] == ["x1", "x2"] and saved.metadata["features"] == ["x1", "x2", "x1sq"]
    assert saved.metadata["settings"]["learning_rate"] == "0.1"


def test_app_step_trains_the_same_network_as_fit(in_app):
    from playground.experiment import Experiment

    live = Experiment(**SETTINGS)
    for _ in range(EPOCHS // 10):
        live.step(10)
    np.testing.assert_array_equal(live.trainer.params, in_app.trainer.params)


def test_text_summary_from_a_config_file_with_flags_on_top(tmp_path):
    (tmp_path / "run.toml").write_text('dataset = "xor"\nn_samples = 100\nnoise = 0.1\nhidden_layers = [3]\n')
    run = ok(playground("train", "--config", "run.toml", "--hidden-layers", "2", "--activation", "relu",
                        "--epochs", 20, "--export", "m.json", cwd=tmp_path))
    assert run.stdout.startswith("xor (binary, bce loss), network 2-2-1: epoch 20, status ok")
    assert "accuracy  train" in run.stdout and "test AUC" in run.stdout and "epochs/s" in run.stdout
    settings = json.loads((tmp_path / "m.json").read_text())["metadata"]["settings"]
    assert (settings["noise"], settings["hidden_layers"], settings["activations"]) == ("0.1", "2", "relu")
    assert "\r" not in run.stderr  # no progress bar when stderr is not a terminal


def test_init_starts_from_the_saved_weights_also_on_the_exported_data(trained):
    """The exported CSV, uploaded with --data, is the same data; the saved weights on it give the
    very same losses (toy data are not standardised by default, an upload is: say so)."""
    run = ok(playground("train", "--data", "data.csv", "--standardize", "0", "--features", "x1,x2,x1sq",
                        "--hidden-layers", "4,3", "--init", "model.json", "--epochs", 0, "--json", "-q",
                        cwd=trained.folder))
    again = json.loads(run.stdout)
    assert (again["dataset"], again["epoch"], again["n_train"]) == ("data.csv", 0, trained.summary["n_train"])
    for key in ("train_loss", "test_loss", "test_accuracy", "auc"):
        assert again[key] == trained.summary[key], key
