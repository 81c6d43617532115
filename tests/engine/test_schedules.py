"""Learning-rate schedules: the formula per epoch, and that training really uses it."""
import math

import numpy as np
import pytest

from playground.engine import TrainConfig, Trainer
from playground.engine.schedules import scheduled_lr
from playground.engine.spec import SCHED

from .problems import make_problem


@pytest.mark.parametrize("name, expected", [
    ("constant", lambda e: 0.2),
    ("step", lambda e: 0.2 * 0.5 ** (e // 3)),
    ("exponential", lambda e: 0.2 * 0.5 ** e),
    ("cosine", lambda e: 0.01 + (0.2 - 0.01) * 0.5 * (1 + math.cos(math.pi * min(e, 5) / 5))),
])
def test_schedule_formula(name, expected):
    hyper = TrainConfig(lr=0.2, schedule=name, gamma=0.5, step=3, lr_min=0.01, period=5).hyper()
    for epoch in range(9):
        assert scheduled_lr(SCHED[name], epoch, hyper) == pytest.approx(expected(epoch), rel=1e-14)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_training_uses_the_scheduled_rate(backend):
    spec, X, Y = make_problem(("linear", "se", 2), "linear", n=12)
    trainer = Trainer(spec, TrainConfig("sgd", lr=0.1, batch_size=12, shuffle=False, schedule="step", gamma=0.1,
                                        step=2), seed=0, backend=backend)
    for epoch, lr in enumerate([0.1, 0.1, 0.01, 0.01, 0.001]):
        w = trainer.params.copy()
        _, g = trainer.loss_and_grad(X, Y)
        trainer.train(X, Y, 1)
        np.testing.assert_allclose(trainer.params, w - lr * g, rtol=1e-12, atol=1e-15, err_msg=f"epoch {epoch}")
