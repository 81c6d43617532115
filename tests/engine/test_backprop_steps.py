"""The backprop step-through's numbers: against central finite differences, against the engine's
own per-sample gradient, and its update against the step the engine really takes."""
import numpy as np
import pytest

from playground.engine import NetworkSpec, TrainConfig, Trainer, encode_targets, reference
from playground.engine.backprop_steps import step_through
from playground.engine.spec import HIDDEN_ACTIVATIONS, LOSS, init_params

HEADS = [("sigmoid", "bce", 1), ("tanh", "se", 1), ("linear", "se", 2), ("sigmoid", "se", 1), ("tanh", "ae", 1),
         ("softmax", "ce", 3)]


def point_loss(spec, params, x, y):
    """The loss of one point, straight from the NumPy twin's forward pass."""
    w_off, b_off, _ = spec.offsets
    zs, a_s, ds = reference.forward(params, spec.sizes, spec.act_codes, w_off, b_off, x[None], pieces=spec.pieces)
    return reference.output_loss(LOSS[spec.loss], zs[-1], a_s[-1], ds[-1], y[None])[0]


def a_point(spec, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=spec.n_inputs)
    if spec.loss == "ce":
        y = np.eye(spec.n_outputs)[rng.integers(spec.n_outputs)]
    elif spec.loss == "bce":
        y = np.array([1.0])
    else:
        y = rng.uniform(-0.8, 0.8, size=spec.n_outputs)
    return x, y


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("output, loss, n_out", HEADS, ids=[f"{o}+{l}" for o, l, _ in HEADS])
def test_gradients_equal_central_finite_differences(activation, output, loss, n_out):
    spec = NetworkSpec(3, (4, 3), activation, output, loss, n_out)
    params = init_params(spec, "glorot_uniform", seed=7) + 0.05  # off ReLU's kink at 0
    x, y = a_point(spec, 1)
    steps = step_through(spec, params, x, y, lr=0.1)
    assert steps.loss == pytest.approx(point_loss(spec, params, x, y), rel=1e-12)
    h = 1e-6
    numeric = np.empty_like(params)
    for i in range(params.size):
        up, down = params.copy(), params.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (point_loss(spec, up, x, y) - point_loss(spec, down, x, y)) / (2 * h)
    np.testing.assert_allclose(steps.gradient(), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_gradient_and_update_are_the_engines_own_step(backend):
    """The lecture's network (3-4-1, sigmoid, ½(o−y)²): one point's gradient is the engine's
    per-sample gradient, and the update is one engine step at batch size 1 with plain SGD."""
    spec = NetworkSpec(3, (4,), "sigmoid", "sigmoid", "se", 1)
    config = TrainConfig(optimizer="sgd", lr=0.5, batch_size=1, shuffle=False, l2=0.01)
    trainer = Trainer(spec, config, seed=3, backend=backend)
    x, y = np.array([1.0, 0.0, 1.0]), encode_targets(spec, np.array([1]))[0]
    steps = step_through(spec, trainer.params.copy(), x, y, lr=0.5, l2=0.01)
    _, grad = trainer.loss_and_grad(x[None], y[None])
    np.testing.assert_allclose(steps.gradient(), grad, rtol=1e-12, atol=1e-15)
    result = trainer.train(x[None], y[None], epochs=1)
    assert result.ok and result.updates == 1
    np.testing.assert_allclose(trainer.params, steps.new_params(), rtol=1e-12, atol=1e-15)


def test_the_four_steps_by_hand_on_a_one_neuron_network():
    """o = sigmoid(w x + b), L = ½(o − y)²: δ = (o − y) o (1 − o), ∂L/∂w = x δ, Δw = −η x δ."""
    spec = NetworkSpec(1, (), "tanh", "sigmoid", "se", 1)
    params = np.array([0.5, -0.25])  # w, b
    steps = step_through(spec, params, [2.0], [1.0], lr=1.0)
    z = 0.5 * 2.0 - 0.25
    o = 1 / (1 + np.exp(-z))
    assert steps.z[0][0] == pytest.approx(z) and steps.output[0] == pytest.approx(o)
    assert steps.loss == pytest.approx(0.5 * (o - 1) ** 2)
    delta = (o - 1) * o * (1 - o)
    assert steps.output_error[0] == pytest.approx(delta)
    assert steps.grad_W[0][0, 0] == pytest.approx(2.0 * delta) and steps.grad_b[0][0] == pytest.approx(delta)
    assert steps.new_W[0][0, 0] == pytest.approx(0.5 - 2.0 * delta)
    with pytest.raises(ValueError, match="expected 1 inputs"):
        step_through(spec, params, [1.0, 2.0], [1.0], lr=1.0)
