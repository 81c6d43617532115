"""The classic lecture example: a && (b || c) with 3 inputs -> 4 hidden -> 1 output, learnt exactly."""
import numpy as np

from playground.engine import NetworkSpec, TrainConfig, Trainer, decision_threshold, encode_targets


def test_learns_a_and_b_or_c_with_zero_errors():
    X = np.array([[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1)], dtype=float)
    y = np.array([a and (b or c) for a, b, c in X.astype(bool)], dtype=float)
    spec = NetworkSpec(3, (4,), "sigmoid", "sigmoid", "bce", input_names=("a", "b", "c"))
    trainer = Trainer(spec, TrainConfig("sgd", lr=2.0, batch_size=8, shuffle=False), init="tfp_uniform", seed=0)
    Y = encode_targets(spec, y)
    before = (trainer.predict(X)[:, 0] > decision_threshold(spec)) != y
    assert before.any()  # the untrained network gets some wrong
    result = trainer.train(X, Y, 2000)
    assert result.ok and result.losses[-1] < result.losses[0]
    errors = (trainer.predict(X)[:, 0] > decision_threshold(spec)) != y
    assert errors.sum() == 0
