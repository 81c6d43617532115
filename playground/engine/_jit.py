"""The one place that knows whether Numba is importable.

``jitable`` marks a plain Python function as callable from compiled kernels (Numba's
``register_jitable``) while it stays an ordinary function for the NumPy twin; without Numba (e.g. in
Pyodide) it is the identity and only the NumPy backend is offered.
"""
try:  # pragma: no cover - exercised by whichever environment runs the tests
    from numba import njit
    from numba.extending import register_jitable as jitable

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    HAVE_NUMBA = False
    njit = None

    def jitable(func):
        return func
