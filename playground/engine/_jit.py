"""The one place that knows whether Numba is importable, and the compile options of every kernel.

``jitable`` marks a plain Python function as callable from compiled kernels (Numba's
``register_jitable``, compiled with the kernels' options so helpers vectorise inside them) while it
stays an ordinary function for the NumPy twin; without Numba (e.g. in Pyodide) it is the identity
and only the NumPy backend is offered.

Options: ``fastmath={"reassoc", "contract"}`` lets sums re-order and fuse into FMAs so dot products
vectorise (round-off level changes only; nothing that assumes away NaN/inf, which divergence
detection needs); ``error_model="numpy"`` makes x/0 give inf instead of raising, without which the
zero check alone blocks vectorisation.
"""
KERNEL_OPTIONS = {"fastmath": {"reassoc", "contract"}, "error_model": "numpy"}

try:  # pragma: no cover - exercised by whichever environment runs the tests
    from numba import njit
    from numba.extending import register_jitable

    HAVE_NUMBA = True

    def jitable(func):
        return register_jitable(**KERNEL_OPTIONS)(func)

    def kernel(func):
        """A top-level kernel: cached on disk, releases the GIL, kernel options."""
        return njit(cache=True, nogil=True, **KERNEL_OPTIONS)(func)

    def inlined(func):
        """A helper of the kernels inlined into each caller at Numba's IR level: the forward and
        backward passes are called once per mini-batch, and on a 4-2 network the calls (passing a
        dozen arrays each) cost as much as the arithmetic: 21,000 epochs/s inlined, 16,000 not."""
        return njit(cache=True, nogil=True, inline="always", **KERNEL_OPTIONS)(func)

except ImportError:  # pragma: no cover
    HAVE_NUMBA = False
    njit = None

    def jitable(func):
        return func

    kernel = jitable
    inlined = jitable
