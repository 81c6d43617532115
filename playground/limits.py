"""Narrower ranges for one session's settings: a booth screen keeps every visitor in safe ranges.

:func:`restrict` narrows the *instance* parameters of one Experiment (param copies them per instance),
so every path that sets a value — a widget, a shared link, a lesson, a preset — meets the same
bounds, and the settings codec (:mod:`playground.settings`) refuses an out-of-range value with the
narrowed range in its message. Other sessions on the same server keep the full ranges.
"""
from __future__ import annotations

from .settings import ALL, kind

#: Safe ranges for an unattended booth screen: datasets that explain themselves, networks that
#: train fast enough to watch, learning rates from "slow" to "just diverging", no huge datasets.
BOOTH_LIMITS: dict[str, object] = {
    "dataset": ("quark_gluon", "circle", "xor", "two_blobs", "spiral"),
    "learning_rate": (0.001, 3.0),
    "hidden_layers": (4, 8),  # at most 4 hidden layers of at most 8 neurons
    "activation": ("tanh", "relu", "sigmoid"),
    "activations": ("tanh", "relu", "sigmoid"),
    "n_samples": (100, 2000),
    "noise": (0.0, 0.3),
    "batch_size": (5, 50),
    "epochs_per_frame": (1, 10),
    "reg_rate": (0.0, 1.0),
    "dropout": (0.0, 0.5),
    "lr_step": (10, 10000),
    "patience": (10, 10000),
}


def _clamp(value, lo, hi):
    if lo is not None and value < lo:
        return lo
    if hi is not None and value > hi:
        return hi
    return value


def restrict(experiment, limits: dict) -> None:
    """Narrow the given settings of ``experiment`` and bring current values inside the new ranges.

    A limit is ``(low, high)`` for a number, ``(max_layers, max_neurons)`` for ``hidden_layers``, or
    the allowed choices for a choice or the activation list. A control made from the parameter
    (its range, its options) follows the narrowed instance parameter.
    """
    changes = {}
    for name, limit in limits.items():
        par = experiment.param[name]
        value = getattr(experiment, name)
        k = kind(par)
        if k == "sizes":
            max_layers, max_neurons = limit
            par.bounds = (0, max_layers)
            par.max_neurons = max_neurons
            new = [min(n, max_neurons) for n in value[:max_layers]]
        elif k == "names":
            par.allowed = tuple(limit)
            new = [a if a in limit else limit[0] for a in value]
        elif k == "choice":
            label = {v: k for k, v in (par.names or {}).items()}  # keep each choice's words, in the limit's order
            par.objects = {label[v]: v for v in limit} if all(v in label for v in limit) else list(limit)
            new = value if value in limit else limit[0]
        elif k in ("integer", "number"):
            par.bounds = tuple(limit)
            new = _clamp(value, *limit)
        else:
            raise ValueError(f"cannot limit the setting {name!r}")
        if new != value:
            changes[name] = new
    if changes:
        # Declaration order: the layer count before the activation list checked against it.
        experiment.param.update(**{k: changes[k] for k in ALL if k in changes})
