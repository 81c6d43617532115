"""Seeded and reproducible: same seed, same run; work split over calls equals one long call."""
import numpy as np
import pytest

from playground.engine import TrainConfig, Trainer, init_params, INITIALISERS

from .problems import make_problem

CONFIG = TrainConfig("adam", lr=0.01, batch_size=7, shuffle=True, dropout=0.2, schedule="cosine", period=4)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_same_seed_same_weights(backend):
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "relu", n=40)
    a = Trainer(spec, CONFIG, seed=11, backend=backend)
    b = Trainer(spec, CONFIG, seed=11, backend=backend)
    a.train(X, Y, 6)
    b.train(X, Y, 6)
    np.testing.assert_array_equal(a.params, b.params)
    c = Trainer(spec, CONFIG, seed=12, backend=backend)
    c.train(X, Y, 6)
    assert not np.allclose(a.params, c.params)


def test_split_calls_equal_one_call():
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "relu", n=40)
    whole = Trainer(spec, CONFIG, seed=3)
    parts = Trainer(spec, CONFIG, seed=3)
    whole.train(X, Y, 7)
    for k in (3, 1, 3):
        parts.train(X, Y, k)
    np.testing.assert_array_equal(whole.params, parts.params)
    np.testing.assert_array_equal(whole.counters, parts.counters)


def test_reset_gives_fresh_weights_and_state():
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "relu", n=40)
    trainer = Trainer(spec, CONFIG, seed=3)
    start = trainer.params.copy()
    trainer.train(X, Y, 2)
    trainer.reset()
    np.testing.assert_array_equal(trainer.params, start)
    assert trainer.epoch == 0 and not trainer.s1.any()
    trainer.reset(seed=4)
    assert not np.allclose(trainer.params, start)


@pytest.mark.parametrize("method", INITIALISERS)
def test_initialisers(method):
    spec, _, _ = make_problem(("sigmoid", "bce", 1), "relu", hidden=(64, 64))
    params = init_params(spec, method, seed=1)
    W, b = spec.layer_views(params)[1]
    fan_in, fan_out = W.shape
    expected_std = {"zeros": 0.0, "tfp_uniform": 1 / np.sqrt(12), "glorot_uniform": np.sqrt(2 / (fan_in + fan_out)),
                    "glorot_normal": np.sqrt(2 / (fan_in + fan_out)), "he_uniform": np.sqrt(2 / fan_in),
                    "he_normal": np.sqrt(2 / fan_in)}[method]
    assert W.std() == pytest.approx(expected_std, rel=0.1, abs=1e-12)
    assert np.all(b == (0.1 if method == "tfp_uniform" else 0.0))
    np.testing.assert_array_equal(params, init_params(spec, method, seed=1))
