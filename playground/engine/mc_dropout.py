"""Dropout left on while predicting: what the "dropout at inference" lesson shows.

Training with dropout switches a random share ``rate`` of the hidden neurons off in every step and
scales the survivors by ``1 / (1 - rate)`` (inverted dropout), so that on average every neuron passes
on what it would with the whole network present. When the network predicts, dropout is normally off:
the whole network answers. Leaving it on makes every prediction come from a different random
"thinned" network, so the answers scatter around the whole network's answer. How far they scatter
(:func:`spread`) says how much the network leans on individual neurons; it is also the idea behind
"Monte Carlo dropout" uncertainty estimates.

This module is a plain NumPy forward pass over a :class:`~playground.engine.trainer.Trainer`'s live
weights with the activation functions of :mod:`playground.engine.reference` (no kernel changes). By
default one call uses one mask per hidden neuron, shared by every input row: one thinned network per
call, so a decision-boundary picture stays a clean boundary that jumps from frame to frame instead
of dissolving into per-pixel speckle. ``per_row=True`` draws a mask per row and neuron instead (like
``Trainer.evaluate(dropout=True)``, the kernels' own per-sample variant).
"""
from __future__ import annotations

import numpy as np

from .reference import eval_layer
from .trainer import as_inputs

DRAWS = 8  # thinned networks behind one spread figure


def _check_rate(rate) -> float:
    rate = float(rate)
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"the dropout rate must be in [0, 1), got {rate!r}")
    return rate


def draw_masks(hidden: tuple[int, ...] | list[int], rate: float, rng: np.random.Generator,
               rows: int | None = None) -> list[np.ndarray]:
    """Inverted-dropout masks, one array per hidden layer: 0 for a neuron switched off, ``1/(1-rate)``
    for one kept. Shape ``(n_neurons,)`` (one thinned network) or ``(rows, n_neurons)`` if ``rows``."""
    rate = _check_rate(rate)
    keep = 1.0 / (1.0 - rate)
    masks = []
    for n in hidden:
        shape = (int(n),) if rows is None else (int(rows), int(n))
        masks.append(np.where(rng.random(shape) >= rate, keep, 0.0))
    return masks


def forward(trainer, X, masks: list[np.ndarray] | None, *, neurons: bool = False):
    """(outputs (n, n_out), neurons (n_units, n) or None) of the trainer's network on inputs ``X``
    with each hidden layer's activations multiplied by its mask (None: no dropout).

    ``neurons`` lays out every hidden and output unit like ``Trainer.evaluate(neurons=True)``.
    """
    spec = trainer.spec
    X = as_inputs(X, spec.n_inputs)
    layers = trainer.layers()
    scales = spec.scale_views(trainer.params)
    codes, pieces = spec.act_codes, spec.pieces
    if masks is not None and len(masks) != len(layers) - 1:
        raise ValueError(f"expected {len(layers) - 1} masks (one per hidden layer), got {len(masks)}")
    a = X
    units = []
    start = 0
    with np.errstate(all="ignore"):
        for l, (W, b) in enumerate(layers):
            m = W.shape[1]
            mean, var = trainer.stats[0, start:start + m], trainer.stats[1, start:start + m]
            a = eval_layer(a, W, b, scales[l], mean, var, codes[l], pieces[l])
            start += m
            if masks is not None and l < len(layers) - 1:
                a = a * masks[l]
            if neurons:
                units.append(a)
    return a, (np.concatenate(units, axis=1).T if neurons else None)


def predict(trainer, X, rate: float, rng: np.random.Generator, *, per_row: bool = False) -> np.ndarray:
    """Outputs of one randomly thinned network (fresh masks from ``rng``); rate 0 is the plain network."""
    X = as_inputs(X, trainer.spec.n_inputs)
    masks = draw_masks(trainer.spec.hidden, rate, rng, X.shape[0] if per_row else None)
    return forward(trainer, X, masks)[0]


def draws(trainer, X, rate: float, rng: np.random.Generator, n: int = DRAWS, *, per_row: bool = False) -> np.ndarray:
    """``n`` thinned networks' outputs, shape (n, rows, n_out)."""
    return np.stack([predict(trainer, X, rate, rng, per_row=per_row) for _ in range(int(n))])


def spread(trainer, X, rate: float, rng: np.random.Generator, n: int = DRAWS) -> float:
    """How much the answers scatter: the standard deviation of each output over ``n`` thinned networks,
    averaged over rows and outputs. 0 for rate 0 (every draw is the whole network)."""
    if _check_rate(rate) == 0.0 or not trainer.spec.hidden:
        return 0.0
    outs = draws(trainer, X, rate, rng, n)
    if outs.shape[1] == 0:
        return 0.0
    value = float(np.mean(np.std(outs, axis=0)))
    return value if np.isfinite(value) else float("inf")
