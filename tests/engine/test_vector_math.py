"""The vectorisable tanh/sigmoid against NumPy over the whole double range, NaN and inf included."""
import numpy as np
import pytest

from playground.engine import vector_math


def points():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(size=5000) * s for s in (1e-12, 1e-4, 0.1, 0.4, 1, 5, 30, 300)])
    return np.concatenate([x, [0.0, -0.0, 0.35, -0.35, 19.9, 20.1, 1e308, -1e308, np.inf, -np.inf]])


def test_tanh_matches_numpy_to_a_few_ulp():
    x = points()
    ours = np.array([vector_math.tanh(v) for v in x])
    ref = np.tanh(x)
    rel = np.abs(ours - ref) / np.maximum(np.abs(ref), np.finfo(float).tiny)
    assert rel.max() < 1e-15
    assert np.all(np.sign(ours) == np.sign(ref))


def test_sigmoid_matches_numpy():
    x = points()
    ours = np.array([vector_math.sigmoid(v) for v in x])
    with np.errstate(over="ignore"):
        ref = np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))
    inside = np.abs(x) < 87
    assert (np.abs(ours - ref)[inside] / ref[inside]).max() < 1e-15
    assert np.abs(ours - ref)[~inside].max() < 1e-37  # beyond |z| = 87 only a negligible absolute error
    assert np.all((ours >= 0) & (ours <= 1))


@pytest.mark.parametrize("func", [vector_math.tanh, vector_math.sigmoid])
def test_nan_propagates(func):
    assert np.isnan(func(np.nan))
