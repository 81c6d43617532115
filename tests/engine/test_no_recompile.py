"""Inputs are normalised at the boundary: whatever callers pass, each kernel keeps one signature."""
import numpy as np

from playground.engine import NetworkSpec, TrainConfig, Trainer, kernels


def test_kernels_compile_once_for_any_input_types():
    for spec, X, Y in [
        (NetworkSpec(2, (3,), "tanh", "sigmoid", "bce"), np.array([[1, 2], [3, 4]]), [0, 1]),  # ints, list
        (NetworkSpec(3, (2, 2), "relu", "softmax", "ce", 3), np.ones((5, 3), np.float32), np.eye(3)[[0, 1, 2, 0, 1]]),
        (NetworkSpec(2, (), (), "linear", "se"), np.asfortranarray(np.ones((4, 2))), np.ones(4)),
        (NetworkSpec(2, (4,), "elu", "tanh", "ae"), np.ones((6, 4))[:, ::2], np.zeros((6, 1))),  # strided view
    ]:
        config = TrainConfig(batch_size=np.int32(2), lr=np.float32(0.1), shuffle=np.bool_(True), dropout=0.1)
        trainer = Trainer(spec, config, seed=np.int64(1), backend="numba")
        trainer.train(X, Y, np.int16(2))
        trainer.loss_and_grad(X, Y)
        trainer.evaluate(X, Y, neurons=True, dropout=True)
        trainer.evaluate(X)
    for kernel in (kernels.train_epochs, kernels.loss_and_grad, kernels.evaluate):
        assert len(kernel.signatures) == 1, kernel.signatures
