"""Training a budget of mini-batches at a time (the live page on a large dataset) changes nothing but
when the work happens: split anywhere, the weights, optimizer state, counters and epoch losses are
bit for bit those of uninterrupted training, on both backends; and the twins still agree."""
import numpy as np
import pytest

from playground.engine import TrainConfig, Trainer

from .problems import make_problem

CONFIGS = [TrainConfig("adam", lr=0.01, batch_size=4, dropout=0.2, l2=1e-3),
           TrainConfig("momentum", lr=0.05, batch_size=7, schedule="step", step=2, gamma=0.5),
           TrainConfig("sgd", lr=0.1, batch_size=1)]


def trainers(spec, config, backend):
    return Trainer(spec, config, seed=3, backend=backend), Trainer(spec, config, seed=3, backend=backend)


def assert_same_state(a: Trainer, b: Trainer) -> None:
    for name in ("params", "s1", "s2", "counters", "epoch_total"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("config", CONFIGS, ids=["adam-dropout", "momentum-step", "sgd-batch1"])
@pytest.mark.parametrize("budget", [1, 3, 5, 11])
def test_split_training_equals_whole_epochs(backend, config, budget):
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "tanh", n=23)
    whole, split = trainers(spec, config, backend)
    whole_result = whole.train(X, Y, 4)
    losses, updates = [], 0
    while split.epoch < 4:
        result = split.train(X, Y, 4 - split.epoch, max_updates=budget)
        assert result.ok and result.updates <= budget
        losses += list(result.losses)
        updates += result.updates
    assert_same_state(whole, split)
    np.testing.assert_array_equal(whole_result.losses, losses)
    assert updates == whole.counters[1] == whole_result.updates


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_a_budget_stops_mid_epoch_and_the_next_call_resumes(backend):
    spec, X, Y = make_problem(("tanh", "se", 1), "relu", n=20)
    t = Trainer(spec, TrainConfig("sgd", lr=0.05, batch_size=3), seed=1, backend=backend)
    result = t.train(X, Y, 1, max_updates=2)
    assert (result.epochs, result.updates, len(result.losses)) == (0, 2, 0)
    assert t.epoch == 0 and t.counters[3] == 6 and t.epoch_total[0] > 0
    result = t.train(X, Y, 1)  # no budget: finishes the epoch it is in, and only that one
    assert (result.epochs, result.updates) == (1, 5) and t.counters[3] == 0 and t.epoch == 1


def test_the_twins_agree_when_split():
    spec, X, Y = make_problem(("softmax", "ce", 3), "tanh", n=31)
    config = TrainConfig("rmsprop", lr=0.01, batch_size=4, dropout=0.1)
    fast, twin = Trainer(spec, config, seed=5, backend="numba"), Trainer(spec, config, seed=5, backend="numpy")
    for budget in (3, 2, 7, 9, 1, 30):
        a, b = fast.train(X, Y, 2, max_updates=budget), twin.train(X, Y, 2, max_updates=budget)
        assert (a.epochs, a.updates) == (b.epochs, b.updates)
        np.testing.assert_allclose(a.losses, b.losses, rtol=1e-10)
    np.testing.assert_allclose(fast.params, twin.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(fast.counters, twin.counters)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_divergence_in_a_partial_epoch_rolls_back_to_where_the_call_began(backend):
    spec, X, Y = make_problem(("linear", "se", 1), "relu", n=50)
    t = Trainer(spec, TrainConfig("sgd", lr=1e-4, batch_size=5), seed=0, backend=backend)
    assert t.train(X, Y, 1, max_updates=3).ok
    before = t.state()
    t.configure(lr=1e6)
    result = t.train(X * 1e3, Y, 5, max_updates=4)
    assert result.status == "diverged" and result.epochs == 0 and result.updates == 0
    for name, value in before.items():
        np.testing.assert_array_equal(getattr(t, name), value, err_msg=name)
    t.configure(lr=1e-4)
    assert t.train(X, Y, 1).ok and t.epoch == 1
