"""The run log: every run kept as a row, bounded, exported, and reopened to the same network."""
import csv
import io

import numpy as np
import pytest

from playground.experiment import Experiment
from playground.run_log import CURVE_POINTS, RunLog


def trained(**settings):
    exp = Experiment(dataset="circle", **settings)
    exp.step(40)
    return exp


def test_each_start_ends_a_run_and_untrained_runs_are_not_kept():
    exp = trained(learning_rate=0.03)
    exp.reset()  # new weights: run 1 ends
    exp.reset()  # run 2 never trained
    exp.step(20)
    exp.learning_rate = 0.3  # mid-run: the same run, recorded with its latest rate
    exp.step(20)
    exp.hidden_layers = [3]  # new network: run 3 ends
    exp.step(5)
    exp.dataset = "xor"  # new data: run 4 ends
    rows = exp.runs.rows()
    assert [r["run"] for r in rows] == [1, 2, 3]  # numbered as logged (the untrained run is not)
    assert [r["epochs"] for r in rows] == [40, 40, 5]
    assert [r["learning_rate"] for r in rows] == [0.03, 0.3, 0.3]
    assert [r["layers"] for r in rows] == ["4,2", "4,2", "3"]
    first = exp.runs[1]
    assert first.best_test_loss <= first.test_loss and 0.5 <= first.test_accuracy <= 1 and 0.5 < first.auc <= 1
    assert first.link.startswith("?dataset=circle&") and "learning_rate=0.03" in first.link


def test_the_log_is_bounded_and_pinned_runs_stay_longest():
    exp = Experiment(dataset="circle")
    exp.runs = RunLog(limit=3)
    exp.step(2)
    exp.reset()
    exp.runs.pin(1)
    for _ in range(6):
        exp.step(2)
        exp.reset()
    assert [r.number for r in exp.runs] == [1, 6, 7]  # 2..5 made room; the pinned run 1 stayed
    with pytest.raises(KeyError, match="keeps the last 3"):
        exp.runs.pin(2)
    long = trained()
    long.step(3000)
    long.reset()
    assert len(long.runs[1].curve) <= CURVE_POINTS and long.runs[1].curve.epoch[-1] == 3040


def test_reopening_a_run_brings_back_its_settings_and_network():
    exp = trained(learning_rate=0.1, hidden_layers=[5])
    before = exp.predict(exp.data.x_test)
    exp.hidden_layers = [2, 2]
    exp.learning_rate = 1.0
    exp.step(10)
    exp.reopen(1)
    assert exp.hidden_layers == [5] and exp.learning_rate == 0.1
    np.testing.assert_allclose(exp.predict(exp.data.x_test), before, rtol=1e-12)
    assert [r.number for r in exp.runs] == [1, 2]  # the run it left is logged too


def test_csv_export_reads_back():
    exp = trained()
    exp.reset()
    exp.step(7)
    exp.reset()
    rows = list(csv.DictReader(io.StringIO(exp.runs.to_csv())))
    assert [r["Run"] for r in rows] == ["1", "2"] and [r["Epochs"] for r in rows] == ["40", "7"]
    assert float(rows[0]["Test loss"]) == pytest.approx(exp.runs[1].test_loss)
    assert rows[0]["Hidden layers"] == "4,2" and rows[0]["Link"].startswith("?dataset=circle")
