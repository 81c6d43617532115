"""``playground search`` and the search behind it: reproducible, streamed into a run log, and good
enough to find the networks the lessons build by hand."""
import json

import pytest

from playground.experiment import Experiment
from playground.search import Search, parse_dimension, trial_settings

from .conftest import ok, playground


def rows_of(search):
    return [(r["layers"], r["activation"], r["learning_rate"], r["status"], round(r["test_loss"], 12))
            for r in search.log.rows()]


def test_the_same_seed_gives_the_same_trials_and_another_seed_others():
    space = [parse_dimension(t) for t in ("learning_rate=0.003:1", "neurons=2:6", "activation=tanh,relu")]
    runs = [Search(base={"dataset": "xor"}, space=space, trials=6, epochs=60, strategy=strategy, seed=seed)
            for strategy, seed in (("tpe", 4), ("tpe", 4), ("tpe", 5))]
    for s in runs:
        s.run()
    assert rows_of(runs[0]) == rows_of(runs[1])
    assert rows_of(runs[0]) != rows_of(runs[2])
    assert runs[0].progress.done == 6 and len(runs[0].log) == 6


def test_grid_tries_every_combination_once():
    space = [parse_dimension("activation=tanh,relu"), parse_dimension("layers=1:2")]
    search = Search(base={"dataset": "circle"}, space=space, trials=4, epochs=20, strategy="grid", prune=False)
    search.run()
    assert sorted((r["activation"], r["layers"]) for r in search.log.rows()) == [
        ("relu", "4"), ("relu,relu", "4,4"), ("tanh", "4"), ("tanh,tanh", "4,4")]


def test_trials_stream_into_the_sessions_run_log_and_the_best_can_be_reopened():
    exp = Experiment(dataset="circle")
    search = Search(base={"dataset": "circle"}, space=[parse_dimension("learning_rate=0.01:1")], trials=5,
                    epochs=100, log=exp.runs, prune=False)
    seen = []
    search.run(on_trial=lambda p: seen.append(p.done))
    assert seen == [1, 2, 3, 4, 5] and len(exp.runs) == 5
    best = search.best()
    assert best.test_loss == min(r.test_loss for r in exp.runs)
    exp.reopen(best.number)  # "use this network"
    assert exp.learning_rate == pytest.approx(float(best.settings["learning_rate"]))
    assert exp.record.losses[1] == pytest.approx(best.test_loss, rel=1e-9)


@pytest.mark.parametrize("text, message", [
    ("learning_rate=5:50", "Learning rate: must be between 0.00001 and 10"),
    ("layers=0:20", "Hidden layers: must be between 1 and 8"),
    ("activation=tanh,banana", "Activation: not one of the choices"),
    ("momentum=0.1:0.9", "cannot vary 'momentum'"),
    ("learning_rate=0:1", "above 0"),
    ("neurons=two:8", "not a range of numbers"),
])
def test_a_bad_range_is_named_in_the_persons_terms(text, message):
    with pytest.raises(ValueError, match=message):
        parse_dimension(text)


def test_trial_settings_put_the_trials_values_on_the_base():
    s = trial_settings({"dataset": "circle", "hidden_layers": [4, 2]}, {"layers": 3, "neurons": 5, "l2": 0.01,
                                                                        "activation": "relu"})
    assert s["hidden_layers"] == [5, 5, 5] and s["activations"] == ["relu"] * 3
    assert (s["regularization"], s["reg_rate"]) == ("l2", 0.01)


def test_twenty_random_trials_on_the_circle_find_a_network_above_95_percent():
    run = ok(playground("search", "--dataset", "circle", "--trials", 20, "--epochs", 300, "--json"))
    out = json.loads(run.stdout)
    assert out["trials"] == 20 and len(out["runs"]) == 20 and out["trials_per_s"] > 0
    assert out["best"]["test_accuracy"] >= 0.95
    table = ok(playground("search", "--dataset", "circle", "--trials", 5, "--epochs", 50,
                          "--vary", "learning_rate=0.01:1", "--vary", "activation=tanh,relu"))
    assert table.stdout.splitlines()[0].split()[:3] == ["run", "status", "layers"]
    assert "5 trials" in table.stdout


def test_tpe_on_the_jets_beats_the_best_single_cut():
    base = {"dataset": "quark_gluon", "jet_extra": ["width", "mass"], "optimizer": "adam"}
    search = Search(base=base, space=[parse_dimension(t) for t in ("learning_rate=0.001:0.1", "neurons=2:8",
                                                                   "layers=1:2")],
                    trials=8, epochs=60, strategy="tpe", seed=0)
    search.run()
    cut = Experiment(**base).classifier_metrics().cut
    assert search.best() is not None
    assert max(r.auc for r in search.log if r.auc is not None) > cut.auc


def test_a_bad_search_option_is_one_line():
    run = playground("search", "--dataset", "circle", "--vary", "learning_rate=0:1")
    assert run.returncode == 2 and run.stderr.startswith("playground: error: Learning rate") and "Traceback" not in run.stderr
    run = playground("search", "--trials", "0")
    assert run.returncode == 2 and "trials must be 1 to 10000" in run.stderr
