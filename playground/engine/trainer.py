"""Trainer: a network's parameters and optimizer state, trained and evaluated through one backend.

This is the engine's public face. It normalises every argument at the boundary (C-contiguous
float64 arrays, int64 codes, Python scalars) so the Numba kernels see exactly one signature each and
never recompile behind a caller's back.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .backend import get_backend
from .spec import DIVERGED, LOSS, OPT, SCHED, NetworkSpec, TrainConfig, init_params


def as_inputs(X, n_inputs: int) -> np.ndarray:
    """X as a C-contiguous (n, n_inputs) float64 array, or ValueError."""
    X = np.ascontiguousarray(X, dtype=np.float64)
    if X.ndim == 1 and n_inputs == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(f"inputs must have shape (n, {n_inputs}), got {X.shape}")
    return X


def encode_targets(spec: NetworkSpec, y) -> np.ndarray:
    """Targets as the (n, n_outputs) float64 array the loss expects.

    Integer class labels become one-hot rows for softmax + cross-entropy. For a tanh output, binary
    0/1 labels become -1/+1 (TF Playground's convention); other targets pass through unchanged.
    """
    y = np.asarray(y)
    if spec.loss == "ce" and y.ndim == 1:
        labels = y.astype(np.int64)
        if labels.size and (labels.min() < 0 or labels.max() >= spec.n_outputs):
            raise ValueError(f"class labels must be 0..{spec.n_outputs - 1}")
        Y = np.zeros((labels.size, spec.n_outputs))
        Y[np.arange(labels.size), labels] = 1.0
        return Y
    Y = np.ascontiguousarray(y, dtype=np.float64)
    if Y.ndim == 1:
        Y = Y.reshape(-1, 1)
    if Y.ndim != 2 or Y.shape[1] != spec.n_outputs:
        raise ValueError(f"targets must have shape (n, {spec.n_outputs}), got {Y.shape}")
    if spec.output == "tanh" and np.all((Y == 0) | (Y == 1)):
        Y = 2.0 * Y - 1.0
    return Y


def decision_threshold(spec: NetworkSpec) -> float:
    """Output value that separates the two classes of a single-output classifier."""
    return 0.0 if spec.output == "tanh" else 0.5


@dataclass(frozen=True)
class TrainResult:
    """What one call to :meth:`Trainer.train` did."""

    status: str  # "ok" or "diverged"
    epochs: int  # epochs completed (and kept) in this call
    losses: np.ndarray  # mean training loss of each completed epoch
    updates: int = 0  # mini-batch updates kept in this call
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Trainer:
    """Parameters, optimizer state and counters of one network, trained by one backend.

    ``config`` may be replaced at any time (learning rate, optimizer hyper-parameters,
    regularisation, dropout, batch size): it applies from the next :meth:`train` call, no reset.
    Changing the optimizer kind clears its state.
    """

    def __init__(self, spec: NetworkSpec, config: TrainConfig | None = None, *, init: str = "glorot_uniform",
                 seed: int = 0, backend: str | None = None, params: np.ndarray | None = None,
                 stats: np.ndarray | None = None):
        self.spec = spec
        self._config = config or TrainConfig()
        self.init = init
        self.seed = int(seed)
        self.backend_name = backend
        self._kernels = get_backend(backend)
        self._sizes = spec.sizes
        self._acts = spec.act_codes
        self._pieces = spec.pieces
        self._norm = spec.norm
        self._w_off, self._b_off, n = spec.offsets
        self._wmask = spec.weight_mask()
        self._loss = LOSS[spec.loss]
        self._eval_calls = 0
        self.reset(params=params, stats=stats)

    # --- state ----------------------------------------------------------------------------------
    def reset(self, seed: int | None = None, params: np.ndarray | None = None, stats: np.ndarray | None = None) -> None:
        """New initial weights (from ``seed`` or the trainer's seed), fresh optimizer state and
        batch-norm running averages (or the given ``params`` and ``stats``, e.g. from a model file)."""
        if seed is not None:
            self.seed = int(seed)
        if params is None:
            self.params = init_params(self.spec, self.init, self.seed)
        else:
            params = np.array(params, dtype=np.float64).ravel()
            if params.size != self.spec.n_params:
                raise ValueError(f"expected {self.spec.n_params} parameters, got {params.size}")
            self.params = params
        self.stats = self.spec.initial_stats()
        if stats is not None:
            stats = np.array(stats, dtype=np.float64)
            if stats.shape != self.stats.shape:
                raise ValueError(f"expected batch-norm averages of shape {self.stats.shape}, got {stats.shape}")
            self.stats[:] = stats
        self.s1 = np.zeros(self.spec.n_params)
        self.s2 = np.zeros(self.spec.n_params)
        self.counters = np.zeros(4, dtype=np.int64)  # epochs, updates, samples seen, samples into this epoch
        self.epoch_total = np.zeros(1)  # loss sum of the unfinished epoch (partial training, see train)

    @property
    def config(self) -> TrainConfig:
        return self._config

    @config.setter
    def config(self, config: TrainConfig) -> None:
        if config.optimizer != self._config.optimizer:
            self.s1[:] = 0.0
            self.s2[:] = 0.0
        self._config = config

    def configure(self, **changes) -> None:
        """Replace some training settings (validated), effective at the next step."""
        self.config = replace(self._config, **changes)

    @property
    def epoch(self) -> int:
        return int(self.counters[0])

    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W, b) views of the live parameters, one pair per layer; W is (fan_in, fan_out)."""
        return self.spec.layer_views(self.params)

    def state(self) -> dict:
        """Copy of everything that defines where training is (for snapshots and undo)."""
        return {"params": self.params.copy(), "s1": self.s1.copy(), "s2": self.s2.copy(),
                "counters": self.counters.copy(), "epoch_total": self.epoch_total.copy(), "stats": self.stats.copy()}

    def restore(self, state: dict) -> None:
        self.params[:] = state["params"]
        self.s1[:] = state["s1"]
        self.s2[:] = state["s2"]
        self.counters[:] = state["counters"]
        self.epoch_total[:] = state.get("epoch_total", 0.0)
        if "stats" in state:
            self.stats[:] = state["stats"]

    # --- training ----------------------------------------------------------------------------
    def train(self, X, Y, epochs: int = 1, max_updates: int = 0) -> TrainResult:
        """Train ``epochs`` epochs on (X, Y); Y as produced by :func:`encode_targets`.

        ``max_updates > 0`` stops after that many mini-batch updates even mid-epoch (the live page's
        time budget on a large dataset); the next call carries on where this one stopped, and the
        weights are exactly those of uninterrupted training. ``result.epochs`` counts the epochs
        completed in this call and ``result.updates`` the updates made.

        A step whose loss or weights become NaN/inf is not kept: the weights stay at the last good
        epoch (or where this call began, for a partial epoch) and the result says ``diverged`` with a
        plain-language message.
        """
        X = as_inputs(X, self.spec.n_inputs)
        Y = self._targets(Y, X.shape[0])
        epochs = int(epochs)
        max_updates = int(max_updates)
        if epochs < 0 or max_updates < 0:
            raise ValueError("epochs and max_updates must be >= 0")
        if X.shape[0] == 0:
            raise ValueError("no training samples")
        cfg = self._config
        losses = np.zeros(epochs)
        updates_before = int(self.counters[1])
        status, done = self._kernels.train_epochs(
            self.params, self._sizes, self._acts, self._pieces, self._norm, self._w_off, self._b_off, self.stats,
            self._loss, X, Y, epochs, int(cfg.batch_size), bool(cfg.shuffle), self.seed, OPT[cfg.optimizer],
            SCHED[cfg.schedule],
            cfg.hyper(), self._wmask, self.s1, self.s2, self.counters, losses, max_updates, self.epoch_total)
        updates = int(self.counters[1]) - updates_before
        if status == DIVERGED:
            return TrainResult("diverged", int(done), losses[:done], updates,
                               f"Training diverged in epoch {self.epoch + 1}: the loss or a weight became "
                               f"infinite, NaN or absurdly large. The learning rate ({cfg.lr:g}) may be too "
                               f"high. The weights from the last good epoch ({self.epoch}) were kept.")
        return TrainResult("ok", int(done), losses[:done], updates)

    def loss_and_grad(self, X, Y, drop_counter: int = 0) -> tuple[float, np.ndarray]:
        """Objective (data loss + penalties) and its gradient over (X, Y) as one batch."""
        X = as_inputs(X, self.spec.n_inputs)
        Y = self._targets(Y, X.shape[0])
        value, grad = self._kernels.loss_and_grad(
            self.params, self._sizes, self._acts, self._pieces, self._norm, self._w_off, self._b_off, self.stats,
            self._loss, X, Y, self._config.hyper(), self._wmask, self.seed, int(drop_counter))
        return float(value), grad

    # --- evaluation ---------------------------------------------------------------------------
    def evaluate(self, X, Y=None, *, neurons: bool = False, dropout: bool = False):
        """Forward pass over X: (mean loss or None, outputs (n, n_out), neurons or None).

        ``neurons=True`` also returns every hidden and output unit's activation as an array of shape
        (n_units, n) in layer order: the per-neuron pictures over a grid. ``dropout=True`` keeps
        dropout on while predicting (a fresh mask each call) to show what that does.
        """
        X = as_inputs(X, self.spec.n_inputs)
        n = X.shape[0]
        Yk = np.zeros((0, self.spec.n_outputs)) if Y is None else self._targets(Y, n)
        out = np.zeros((n, self.spec.n_outputs))
        n_units = int(self._sizes[1:].sum())
        neur = np.zeros((n_units if neurons else 0, n))
        p_drop = float(self._config.dropout) if dropout else 0.0
        self._eval_calls += 1
        loss = self._kernels.evaluate(self.params, self._sizes, self._acts, self._pieces, self._norm, self._w_off,
                                      self._b_off, self.stats, self._loss, X, Yk, p_drop, self.seed,
                                      self._eval_calls, out, neur)
        return (None if Y is None else float(loss)), out, (neur if neurons else None)

    def predict(self, X, *, dropout: bool = False) -> np.ndarray:
        """Network outputs (n, n_outputs)."""
        return self.evaluate(X, dropout=dropout)[1]

    def _targets(self, Y, n: int) -> np.ndarray:
        Y = np.ascontiguousarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y.reshape(-1, 1)
        if Y.shape != (n, self.spec.n_outputs):
            raise ValueError(f"targets must have shape ({n}, {self.spec.n_outputs}), got {Y.shape}; "
                             "use encode_targets() for class labels")
        return Y
