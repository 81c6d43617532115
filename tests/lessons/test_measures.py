"""What lesson goals can ask about, and how a condition reads to a visitor."""
import math

import numpy as np
import pytest

from playground.experiment import Experiment
from playground.lessons import MEASURES, Condition, measure_names, measures


def test_snapshot_measures():
    exp = Experiment(dataset="circle", hidden_layers=[3, 2])
    snap = exp.step(15)
    m = measures(exp, snap)
    assert set(m) == set(MEASURES)
    assert m["epoch"] == 15 and m["hidden_neurons"] == 5 and m["hidden_layers"] == 2
    assert m["train_loss"] == snap.train_loss and m["test_loss"] == snap.test_loss
    assert m["test_accuracy"] == snap.test_accuracy and m["diverged"] == 0.0
    assert m["loss_gap"] == pytest.approx(snap.test_loss - snap.train_loss)
    lowest = min(np.min(snap.history.test_loss), snap.test_loss)
    assert m["test_loss_rise"] == pytest.approx(snap.test_loss - lowest) and m["test_loss_rise"] >= 0
    assert 0.0 <= m["auc"] <= 1.0 and m["auc_gain"] == pytest.approx(m["auc"] - m["cut_auc"])
    assert m["prediction_spread"] == 0.0


def test_only_what_is_asked_for_is_computed(monkeypatch):
    exp = Experiment(dataset="circle")
    monkeypatch.setattr(exp, "classifier_metrics", lambda: pytest.fail("AUC computed without need"))
    monkeypatch.setattr(exp, "prediction_spread", lambda: pytest.fail("spread computed without need"))
    assert measures(exp, exp.snapshot(), ["epoch", "test_accuracy"]) == {"epoch": 0.0,
                                                                          "test_accuracy": exp.snapshot().test_accuracy}


def test_metrics_from_the_snapshot_are_reused(monkeypatch):
    exp = Experiment(dataset="circle")
    snap = exp.snapshot(metrics=True)
    monkeypatch.setattr(exp, "classifier_metrics", lambda: pytest.fail("metrics computed twice"))
    assert measures(exp, snap, ["auc"])["auc"] == snap.metrics.auc


def test_missing_values_are_nan_and_meet_nothing():
    exp = Experiment(dataset="reg_plane")
    m = measures(exp, exp.snapshot(), ["test_accuracy", "auc", "auc_gain"])
    assert all(math.isnan(v) for v in m.values())
    assert not Condition("test_accuracy", at_most=1.0).met(m["test_accuracy"])


def test_divergence_is_measured():
    exp = Experiment(dataset="reg_gaussian", hidden_layers=[8, 8], learning_rate=3.0)
    assert measures(exp, exp.step(5), ["diverged"]) == {"diverged": 1.0}


def test_settings_by_name():
    exp = Experiment(dataset="circle", learning_rate=0.1, predict_dropout=True, optimizer="adam")
    m = measures(exp, exp.snapshot(), ["learning_rate", "predict_dropout", "optimizer", "n_samples"])
    assert m == {"learning_rate": 0.1, "predict_dropout": 1.0, "optimizer": "adam", "n_samples": 500.0}
    names = measure_names()
    assert names[:len(MEASURES)] == list(MEASURES)
    assert {"learning_rate", "dropout", "reg_rate", "predict_dropout", "optimizer"} <= set(names)
    assert "hidden_layers" in names and "features" not in names and "name" not in names
    with pytest.raises(KeyError):
        measures(exp, exp.snapshot(), ["nonsense"])


@pytest.mark.parametrize("condition, value, line", [
    (Condition("test_accuracy", at_least=0.95), 0.91, "✗ Test accuracy 91 % (goal ≥ 95 %)"),
    (Condition("test_accuracy", at_least=0.95), 0.96, "✓ Test accuracy 96 % (goal ≥ 95 %)"),
    (Condition("test_accuracy", at_least=0.95), 0.946, "✗ Test accuracy 94.6 % (goal ≥ 95 %)"),
    (Condition("hidden_neurons", at_most=2), 8.0, "✗ Hidden neurons 8 (goal ≤ 2)"),
    (Condition("test_loss", at_most=0.025), 0.0312, "✗ Test loss 0.031 (goal ≤ 0.025)"),
    (Condition("diverged", equals=1.0), 0.0, "✗ Training blew up: no (goal: yes)"),
    (Condition("predict_dropout", equals=1.0), 1.0, "✓ Dropout while predicting: on (goal: on)"),
    (Condition("auc_gain", at_least=0.015), 0.0213, "✓ Network AUC minus best cut AUC +0.021 (goal ≥ +0.015)"),
    (Condition("auc", at_least=0.75), float("nan"), "✗ Network AUC – (goal ≥ 0.75)"),
    (Condition("optimizer", equals="adam"), "sgd", "✗ Optimizer: sgd (goal: adam)"),
    (Condition("epoch", at_least=10, label="Epochs trained"), 12.0, "✓ Epochs trained 12 (goal ≥ 10)"),
    (Condition("learning_rate", at_least=0.1, at_most=1.0), 0.3, "✓ Learning rate 0.3 (goal ≥ 0.1, ≤ 1)"),
])
def test_feedback_lines(condition, value, line):
    assert condition.describe(value) == line
    assert condition.met(value) == line.startswith("✓")


def test_a_met_bound_reads_as_the_bound_not_with_extra_digits():
    from playground.lessons import Condition

    assert Condition("hidden_neurons", at_most=3).describe(3) == "✓ Hidden neurons 3 (goal ≤ 3)"
    assert Condition("test_accuracy", at_least=0.95).describe(0.95) == "✓ Test accuracy 95 % (goal ≥ 95 %)"
    assert Condition("test_accuracy", at_least=0.95).describe(0.9496).startswith("✗ Test accuracy 95.0 %")
