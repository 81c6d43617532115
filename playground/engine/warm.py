"""Compile (or load from Numba's on-disk cache) every kernel once, so no visitor waits for it.

Each kernel has exactly one signature because the Trainer normalises its arguments, so one small
call per kernel fills the cache. Run at install/image build (``playground warm``) and at server start.
"""
import time

import numpy as np

from ._jit import HAVE_NUMBA


def warm_cache() -> float:
    """Compile every kernel through the public API; returns the seconds it took (0 without Numba)."""
    if not HAVE_NUMBA:
        return 0.0
    from .spec import NetworkSpec, TrainConfig
    from .trainer import Trainer

    start = time.perf_counter()
    spec = NetworkSpec(2, (3,), "tanh", "sigmoid", "bce")
    trainer = Trainer(spec, TrainConfig(batch_size=2), backend="numba")
    X = np.zeros((4, 2))
    Y = np.zeros((4, 1))
    trainer.train(X, Y, 1)
    trainer.loss_and_grad(X, Y)
    trainer.evaluate(X, Y, neurons=True)
    return time.perf_counter() - start
