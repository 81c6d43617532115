"""One training point through the network, with every number a lecture writes on the board.

Backpropagation for a single point, split into the four steps a learner follows:

1. **forward**: each neuron's weighted sum z = a_prev · W + b and its output a = f(z);
2. **error**: the point's loss and the output neurons' error signal δ = ∂L/∂z (for a sigmoid with
   cross-entropy, or any head with squared error ½(o−y)², this is the familiar (o−y)·f'(z) form);
3. **backward**: each hidden neuron's δ_l = (δ_{l+1} · W_{l+1}ᵀ) ⊙ f'(z_l), and each weight's
   gradient ∂L/∂W_l = a_{l-1}ᵀ δ_l, ∂L/∂b_l = δ_l;
4. **update**: each weight's change −η·∂L/∂w and its new value (plain gradient descent, batch size 1,
   plus the weight penalty's own gradient when L1/L2 is on).

The pieces come from the NumPy twin (:mod:`playground.engine.reference`: its activations, its output
loss), so nothing here re-derives the maths; the tests check the gradients against central finite
differences and against the engine's own per-sample gradient (``Trainer.loss_and_grad`` on one
row), and the update against one step the engine really takes. Dropout is left out: a step-through
shows the network every visitor sees, not one random thinning of it. A maxout unit's δ goes to its
winning piece; batch normalisation is refused (over a batch of one point it normalises every sum
to zero, which teaches nothing about backpropagation).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import reference
from .spec import LOSS, NetworkSpec


@dataclass(frozen=True)
class BackpropSteps:
    """The four steps for one point. Lists run over weight layers (first hidden layer first);
    ``a[0]`` is the input. Arrays are 1-D per layer (one entry per neuron), weights (fan_in, fan_out)."""

    x: np.ndarray
    y: np.ndarray
    z: list
    a: list
    loss: float
    delta: list
    grad_W: list
    grad_b: list
    lr: float
    change_W: list
    change_b: list
    new_W: list
    new_b: list

    @property
    def output(self) -> np.ndarray:
        return self.a[-1]

    @property
    def output_error(self) -> np.ndarray:
        """δ of the output neurons: ∂L/∂z at the output."""
        return self.delta[-1]

    def gradient(self) -> np.ndarray:
        """The gradient as the engine's flat parameter vector (W then b, layer by layer)."""
        return np.concatenate([np.concatenate([gW.ravel(), gb]) for gW, gb in zip(self.grad_W, self.grad_b)])

    def new_params(self) -> np.ndarray:
        return np.concatenate([np.concatenate([W.ravel(), b]) for W, b in zip(self.new_W, self.new_b)])


def step_through(spec: NetworkSpec, params: np.ndarray, x, y, lr: float, l1: float = 0.0,
                 l2: float = 0.0) -> BackpropSteps:
    """Backpropagation of one point ``x`` (network inputs) with target ``y`` (as
    :func:`~playground.engine.trainer.encode_targets` makes it) at learning rate ``lr``."""
    x = np.asarray(x, dtype=np.float64).reshape(1, -1)
    y = np.asarray(y, dtype=np.float64).reshape(1, -1)
    if x.shape[1] != spec.n_inputs or y.shape[1] != spec.n_outputs:
        raise ValueError(f"expected {spec.n_inputs} inputs and {spec.n_outputs} targets, got "
                         f"{x.shape[1]} and {y.shape[1]}")
    if any(spec.batch_norm):
        raise ValueError("the step-through follows one point, and batch normalisation needs a batch: "
                         "switch it off to step a point through")
    params = np.asarray(params, dtype=np.float64)
    layers = spec.layer_views(params)
    w_off, b_off, _ = spec.offsets
    cache = []
    zs, a_s, ds = reference.forward(params, spec.sizes, spec.act_codes, w_off, b_off, x, pieces=spec.pieces,
                                    cache=cache)
    loss, delta = reference.output_loss(LOSS[spec.loss], zs[-1], a_s[-1], ds[-1], y)
    deltas = [None] * spec.n_layers  # per unit: ∂L/∂z
    sums = [None] * spec.n_layers  # per weighted sum (a maxout unit's pieces): what the weights see
    deltas[-1] = delta
    for layer in range(spec.n_layers - 1, -1, -1):
        k = int(spec.pieces[layer])
        spread = deltas[layer]
        if k > 1:
            arg = cache[layer][2]
            spread = np.zeros((1, spread.shape[1], k))
            np.put_along_axis(spread, arg[:, :, None], deltas[layer][:, :, None], axis=2)
            spread = spread.reshape(1, -1)
        sums[layer] = spread
        if layer > 0:
            deltas[layer - 1] = (spread @ layers[layer][0].T) * ds[layer]
    grad_W = [a_s[layer].T @ sums[layer] for layer in range(spec.n_layers)]
    grad_b = [sums[layer][0].copy() for layer in range(spec.n_layers)]
    # The weight penalty's gradient (weights only, as the engine does): part of the step, not of δ.
    grad_W = [g + l2 * W + l1 * np.sign(W) for g, (W, _) in zip(grad_W, layers)]
    change_W = [-lr * g for g in grad_W]
    change_b = [-lr * g for g in grad_b]
    return BackpropSteps(
        x=x[0], y=y[0], z=[z[0] for z in zs[1:]], a=[a[0] for a in a_s], loss=float(loss),
        delta=[d[0] for d in deltas], grad_W=grad_W, grad_b=grad_b, lr=float(lr), change_W=change_W,
        change_b=change_b, new_W=[W + c for (W, _), c in zip(layers, change_W)],
        new_b=[b + c for (_, b), c in zip(layers, change_b)])
