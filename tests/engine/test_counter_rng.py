"""The counter RNG: identical draws in Numba and NumPy, uniform, and valid shuffles."""
import numpy as np
from numba import njit

from playground.engine import counter_rng as rng
from playground.engine.kernels import _stable_argsort_u32


@njit
def _draws(seed, stream, epoch, n):
    key = rng.stream_key(np.uint64(seed), np.uint64(stream), np.uint64(epoch))
    out = np.empty(n)
    for i in range(n):
        out[i] = rng.uniform(key, np.uint64(i))
    return out, _stable_argsort_u32(rng.sort_keys(key, n))


def _u64(v):
    return np.array([v], dtype=np.uint64)


def test_numba_and_numpy_draw_the_same_numbers():
    u_nb, perm_nb = _draws(7, 2, 3, 1000)
    key = rng.stream_key(_u64(7), _u64(2), _u64(3))
    np.testing.assert_array_equal(u_nb, rng.uniform(key, np.arange(1000, dtype=np.uint64)))
    np.testing.assert_array_equal(perm_nb, np.argsort(rng.sort_keys(key, 1000), kind="stable"))


def test_uniform_and_independent_streams():
    u, perm = _draws(1, 1, 0, 100_000)
    assert 0 <= u.min() and u.max() < 1
    assert abs(u.mean() - 0.5) < 0.005 and abs(u.var() - 1 / 12) < 0.002
    np.testing.assert_array_equal(np.sort(perm), np.arange(100_000))
    other, perm2 = _draws(1, 1, 1, 100_000)
    assert abs(np.corrcoef(u, other)[0, 1]) < 0.02 and not np.array_equal(perm, perm2)


def test_radix_argsort_is_stable_with_ties():
    keys = np.random.default_rng(0).integers(0, 50, 10_000).astype(np.uint32)  # many ties
    np.testing.assert_array_equal(_stable_argsort_u32(keys), np.argsort(keys, kind="stable"))
    big = np.random.default_rng(1).integers(0, 2**32, 10_000, dtype=np.uint64).astype(np.uint32)
    np.testing.assert_array_equal(_stable_argsort_u32(big), np.argsort(big, kind="stable"))
