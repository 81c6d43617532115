"""Back-propagation against central finite differences, for every activation x output head, on both
backends, with L1/L2 penalties and a fixed dropout mask switched on."""
import numpy as np
import pytest

from playground.engine import TrainConfig, Trainer

from .problems import make_problem


def finite_difference(trainer, X, Y, h=1e-6):
    base = trainer.params.copy()
    grad = np.zeros_like(base)
    for k in range(base.size):
        for sign in (1, -1):
            trainer.params[:] = base
            trainer.params[k] += sign * h
            grad[k] += sign * trainer.loss_and_grad(X, Y, drop_counter=5)[0]
        grad[k] /= 2 * h
    trainer.params[:] = base
    return grad


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("dropout", [0.0, 0.3], ids=["no-dropout", "dropout"])
def test_gradient_matches_finite_differences(activation, head, backend, dropout):
    spec, X, Y = make_problem(head, activation)
    config = TrainConfig(l1=1e-3, l2=1e-2, dropout=dropout)
    trainer = Trainer(spec, config, init="glorot_normal", seed=2, backend=backend)
    trainer.params += 0.05 * np.random.default_rng(9).normal(size=spec.n_params)  # break bias symmetry
    value, grad = trainer.loss_and_grad(X, Y, drop_counter=5)
    assert np.isfinite(value)
    fd = finite_difference(trainer, X, Y)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-7)


def test_gradient_is_not_trivially_zero(head):
    spec, X, Y = make_problem(head, "tanh")
    _, grad = Trainer(spec, seed=1).loss_and_grad(X, Y)
    assert np.count_nonzero(np.abs(grad) > 1e-8) > spec.n_params // 2
