"""Choosing between the Numba kernels and the NumPy twin: one setting.

``get_backend(None)`` follows the ``PLAYGROUND_BACKEND`` environment variable (``numba`` or
``numpy``) and otherwise prefers Numba when it is importable. Both modules expose the same three
functions: ``train_epochs``, ``loss_and_grad`` and ``evaluate``.
"""
import os

from ._jit import HAVE_NUMBA

BACKENDS = ("numba", "numpy")


def default_backend() -> str:
    name = os.environ.get("PLAYGROUND_BACKEND", "").strip().lower()
    if name:
        if name not in BACKENDS:
            raise ValueError(f"PLAYGROUND_BACKEND must be one of {', '.join(BACKENDS)}, got {name!r}")
        return name
    return "numba" if HAVE_NUMBA else "numpy"


def get_backend(name: str | None = None):
    """The backend module for ``name`` (``numba``, ``numpy`` or None for the default)."""
    name = default_backend() if name is None else str(name).lower()
    if name == "numba":
        if not HAVE_NUMBA:
            raise RuntimeError("the numba backend was asked for but Numba is not installed; use backend='numpy'")
        from . import kernels

        return kernels
    if name == "numpy":
        from . import reference

        return reference
    raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
