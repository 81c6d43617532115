"""Standardisation: zero mean / unit spread on the data it was fitted to, exact inverse, safe on constants."""
import numpy as np
import pytest

from playground.data import Standardizer


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal([5.0, -300.0, 0.01], [2.0, 50.0, 0.001], (200, 3))


def test_fitted_data_is_standard(data):
    z = Standardizer().fit(data).transform(data)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(z.std(axis=0), 1.0, rtol=1e-12)


def test_round_trip(data):
    s = Standardizer().fit(data)
    np.testing.assert_allclose(s.inverse(s.transform(data)), data, rtol=1e-13)
    assert s.inverse_transform is not None


def test_mean_and_std_are_the_data_statistics(data):
    s = Standardizer().fit(data)
    np.testing.assert_allclose(s.mean, data.mean(axis=0))
    np.testing.assert_allclose(s.std, data.std(axis=0))


def test_constant_column_is_only_centred():
    x = np.column_stack([np.arange(5.0), np.full(5, 7.0)])
    s = Standardizer().fit(x)
    assert s.std[1] == 1.0
    assert np.all(s.transform(x)[:, 1] == 0.0)


def test_dict_round_trip(data):
    s = Standardizer().fit(data)
    d = s.to_dict()
    assert set(d) == {"mean", "std"} and isinstance(d["mean"], list)
    t = Standardizer.from_dict(d)
    assert t == s
    np.testing.assert_array_equal(t.transform(data), s.transform(data))


def test_refusals(data):
    with pytest.raises(ValueError, match="not fitted yet"):
        Standardizer().transform(data)
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        Standardizer().fit(data).transform(data[:, :2])
    with pytest.raises(ValueError, match="NaN or infinity"):
        Standardizer().fit(np.array([[1.0], [np.nan]]))
    with pytest.raises(ValueError, match="std finite and > 0"):
        Standardizer(mean=[0.0], std=[0.0])
