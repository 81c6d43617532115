"""Each optimizer's update against its textbook formula, written out here independently, applied to
the gradient the engine reports for the same weights (full batch, so one epoch = one update)."""
import numpy as np
import pytest

from playground.engine import OPTIMIZERS, TrainConfig, Trainer

from .problems import make_problem

LR, MU, B1, B2, EPS, RHO = 0.05, 0.8, 0.85, 0.99, 1e-7, 0.7


def textbook(name, w, g, state, t):
    """One step of the named optimizer, in the usual notation (CS231n / Kingma & Ba)."""
    if name == "sgd":
        return w - LR * g
    if name == "momentum":
        state["v"] = MU * state["v"] - LR * g
        return w + state["v"]
    if name == "nesterov":
        v_prev = state["v"].copy()
        state["v"] = MU * state["v"] - LR * g
        return w - MU * v_prev + (1 + MU) * state["v"]
    if name == "adagrad":
        state["G"] = state["G"] + g ** 2
        return w - LR * g / (np.sqrt(state["G"]) + EPS)
    if name == "rmsprop":
        state["E"] = RHO * state["E"] + (1 - RHO) * g ** 2
        return w - LR * g / (np.sqrt(state["E"]) + EPS)
    state["m"] = B1 * state["m"] + (1 - B1) * g
    state["s"] = B2 * state["s"] + (1 - B2) * g ** 2
    m_hat = state["m"] / (1 - B1 ** t)
    s_hat = state["s"] / (1 - B2 ** t)
    return w - LR * m_hat / (np.sqrt(s_hat) + EPS)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_update_follows_textbook_formula(optimizer, backend):
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "tanh", n=16)
    config = TrainConfig(optimizer, lr=LR, batch_size=16, shuffle=False, momentum=MU, beta1=B1, beta2=B2,
                         eps=EPS, rho=RHO, l2=1e-3)
    trainer = Trainer(spec, config, seed=3, backend=backend)
    zeros = np.zeros(spec.n_params)
    state = {"v": zeros.copy(), "G": zeros.copy(), "E": zeros.copy(), "m": zeros.copy(), "s": zeros.copy()}
    for t in range(1, 5):  # several steps, so state (velocity, moments, bias correction) matters
        w = trainer.params.copy()
        _, g = trainer.loss_and_grad(X, Y)
        expected = textbook(optimizer, w, g, state, t)
        assert trainer.train(X, Y, 1).ok
        np.testing.assert_allclose(trainer.params, expected, rtol=1e-12, atol=1e-14)
        assert not np.allclose(trainer.params, w)


def test_changing_learning_rate_applies_without_reset():
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "relu", n=16)
    trainer = Trainer(spec, TrainConfig("sgd", lr=0.1, batch_size=16, shuffle=False), seed=1)
    trainer.train(X, Y, 3)
    w = trainer.params.copy()
    trainer.configure(lr=0.01)
    _, g = trainer.loss_and_grad(X, Y)
    trainer.train(X, Y, 1)
    np.testing.assert_allclose(trainer.params, w - 0.01 * g, rtol=1e-12, atol=1e-14)
    assert trainer.epoch == 4


def test_switching_optimizer_clears_its_state():
    spec, X, Y = make_problem(("sigmoid", "bce", 1), "relu", n=16)
    trainer = Trainer(spec, TrainConfig("adam", lr=0.01), seed=1)
    trainer.train(X, Y, 2)
    assert np.any(trainer.s1 != 0)
    trainer.configure(optimizer="momentum")
    assert not np.any(trainer.s1) and not np.any(trainer.s2)
