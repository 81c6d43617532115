"""Same seed, same data (split included); another seed, other data."""
import numpy as np
import pytest

from playground.data.toy import GENERATORS


def same(a, b):
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("x_train", "y_train", "x_test", "y_test"))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_same_seed_same_data(name):
    make = GENERATORS[name]
    assert same(make(n_samples=200, noise=0.2, seed=11), make(n_samples=200, noise=0.2, seed=11))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_other_seed_other_data(name):
    a = GENERATORS[name](n_samples=200, noise=0.2, seed=11)
    b = GENERATORS[name](n_samples=200, noise=0.2, seed=12)
    assert not np.array_equal(a.x_train, b.x_train)


def test_seed_does_not_depend_on_global_state():
    a = GENERATORS["moons"](n_samples=100, noise=0.1, seed=1)
    np.random.seed(123)
    np.random.default_rng().normal(size=10)
    b = GENERATORS["moons"](n_samples=100, noise=0.1, seed=1)
    assert same(a, b)
