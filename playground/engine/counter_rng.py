"""A counter-based random number generator shared, bit for bit, by the Numba kernels and the NumPy twin.

Shuffling and dropout need random numbers inside the kernels. A stateful generator would make the
Numba path and the NumPy reference draw different numbers, so they could not be compared. Instead each
draw is a pure function of (seed, stream, counter): the SplitMix64 finaliser applied to a key and a
counter. The same code runs on Numba scalars and on NumPy uint64 arrays (vectorised), and a draw does
not depend on how the work was split into calls.
"""
import numpy as np

from ._jit import jitable

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53

#: Stream identifiers: independent random sequences from one seed.
STREAM_SHUFFLE = 1
STREAM_DROPOUT = 2
STREAM_EVAL_DROPOUT = 3


@jitable
def mix64(z):
    """SplitMix64 finaliser: a bijective, well-mixed hash of a uint64 (scalar or array)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@jitable
def stream_key(seed, stream, epoch):
    """Key of one (seed, stream, epoch) sequence; all three are uint64 (Numba scalars, or 1-element
    NumPy arrays: NumPy warns on wrapping scalar arithmetic but not on arrays)."""
    return mix64(mix64(seed * _GOLDEN + stream) + epoch * _GOLDEN)


@jitable
def uniform(key, counter):
    """Uniform double in [0, 1) for position ``counter`` (uint64 scalar or array) of a sequence."""
    return (mix64(key + (counter + np.uint64(1)) * _GOLDEN) >> _S11) * _TO_UNIT


@jitable
def sort_keys(key, n):
    """uint32 keys whose *stable* argsort is the epoch's shuffle permutation of ``n`` samples.

    32 bits (the top half of a mixed counter) so the kernels can radix-sort them in four passes; a
    stable sort's order is unique even with tied keys, so NumPy's stable argsort gives the same
    permutation.
    """
    return (mix64(key + (np.arange(n).astype(np.uint64) + np.uint64(1)) * _GOLDEN) >> np.uint64(32)).astype(np.uint32)
