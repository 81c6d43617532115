"""A step that produces NaN/inf is reported (not raised) and the last good weights are kept."""
import numpy as np
import pytest

from playground.engine import TrainConfig, Trainer

from .problems import make_problem


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("head", [("linear", "se", 1), ("sigmoid", "bce", 1), ("softmax", "ce", 3)])
def test_absurd_learning_rate_is_reported_and_recoverable(backend, head):
    """Squared error overflows to inf; cross-entropy stays finite but throws the weights past max_weight."""
    spec, X, Y = make_problem(head, "relu", n=50)
    X = X * 1e3
    trainer = Trainer(spec, TrainConfig("sgd", lr=1e3, batch_size=5), seed=0, backend=backend)
    good = Trainer(spec, TrainConfig("sgd", lr=1e3, batch_size=5), seed=0, backend=backend)
    result = trainer.train(X, Y, 50)
    assert result.status == "diverged" and not result.ok
    assert "learning rate" in result.message
    assert np.all(np.isfinite(trainer.params))
    assert result.epochs < 50 and len(result.losses) == result.epochs
    # the kept weights are exactly those after the last good epoch
    if result.epochs:
        good.train(X, Y, result.epochs)
    np.testing.assert_array_equal(trainer.params, good.params)
    assert trainer.epoch == result.epochs
    # recoverable: lower the rate and carry on from there
    trainer.configure(lr=1e-6)
    assert trainer.train(X / 1e3, Y, 3).ok
