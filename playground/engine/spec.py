"""Network and training descriptions shared by both backends (Numba kernels and the NumPy twin).

Everything the kernels need is turned here into plain arrays of fixed dtype (int64 codes, float64
hyper-parameters), so a kernel is compiled once per process and never silently recompiled because a
caller passed an int where a float was expected.

Parameter layout: one flat float64 buffer. Layer ``l`` (0-based, counting the output layer) has
``widths[l] = sizes[l+1] * pieces[l]`` weighted sums (``pieces`` is k for a maxout layer, else 1). It
owns a weight block of ``sizes[l] * widths[l]`` values stored row-major as (fan_in, widths) at
``w_off[l]``, followed by its ``widths[l]`` biases at ``b_off[l]`` and, for a batch-normalised layer,
``widths[l]`` scales (gamma) right after the biases. A maxout unit j takes the largest of the sums
``j*k .. j*k+k-1``.

Batch normalisation (Ioffe & Szegedy 2015) sits between a layer's weighted sums and its activation:
``z = gamma * (s - mean) / sqrt(var + BN_EPS) + b`` where ``s`` is the sum without bias and mean/var
are the batch's while training and running averages while evaluating; the bias plays the part of the
paper's beta (a bias added before the normalisation would be subtracted again).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# --- activations ---------------------------------------------------------------------------------
#: Hidden/output activation names in kernel-code order. ``softmax`` is output-only.
ACTIVATIONS = ("relu", "leaky_relu", "elu", "tanh", "sigmoid", "linear", "softplus", "swish", "softmax", "maxout")
ACT = {name: code for code, name in enumerate(ACTIVATIONS)}
ACT_ALIASES = {"logistic": "sigmoid", "silu": "swish", "identity": "linear", "leakyrelu": "leaky_relu"}
#: ``maxout`` is hidden-only: each unit outputs the largest of its k weighted sums (Goodfellow et al. 2013).
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")
LEAKY_SLOPE = 0.01  # leaky ReLU slope for z < 0
ELU_ALPHA = 1.0
MAXOUT_PIECES = (2, 5)  # allowed k
#: Batch normalisation: variance floor (Keras' default, forgiving for the playground's small batches)
#: and the share of the running averages kept at each training batch (PyTorch's momentum 0.1).
BN_EPS = 1e-3
BN_KEEP = 0.9

# --- losses --------------------------------------------------------------------------------------
#: bce: binary cross-entropy; se: squared error 1/2 (out - y)^2; ae: absolute error |out - y|;
#: ce: categorical cross-entropy. Losses are summed over output units and averaged over samples.
LOSSES = ("bce", "se", "ae", "ce")
LOSS = {name: code for code, name in enumerate(LOSSES)}
#: Which output activations each loss may be paired with (the "heads").
HEADS = {
    "bce": ("sigmoid",),
    "se": ("tanh", "linear", "sigmoid"),
    "ae": ("linear", "tanh"),
    "ce": ("softmax",),
}

# --- optimizers and schedules --------------------------------------------------------------------
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
OPT = {name: code for code, name in enumerate(OPTIMIZERS)}
SCHEDULES = ("constant", "step", "exponential", "cosine")
SCHED = {name: code for code, name in enumerate(SCHEDULES)}
INITIALISERS = ("zeros", "tfp_uniform", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal")

# Index of each hyper-parameter in the float64 ``hyper`` vector handed to the kernels.
H_LR, H_MOMENTUM, H_BETA1, H_BETA2, H_EPS, H_RHO, H_L1, H_L2, H_DROPOUT, H_GAMMA, H_STEP, H_LR_MIN, \
    H_PERIOD, H_MAX_WEIGHT = range(14)
N_HYPER = 14

# Status codes returned by the training kernels.
OK, DIVERGED = 0, 1

MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 64
MAX_INPUTS = 64


def canonical_activation(name: str) -> str:
    """Lower-case, alias-resolved activation name, or ValueError naming the valid choices."""
    key = str(name).strip().lower().replace("-", "_")
    key = ACT_ALIASES.get(key, key)
    if key not in ACT:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return key


@dataclass(frozen=True)
class NetworkSpec:
    """Architecture of a multilayer perceptron: sizes, per-layer activations, output head.

    ``activations`` is one name for all hidden layers or one per hidden layer. ``output`` and
    ``loss`` form the head; valid pairs are listed in :data:`HEADS` (e.g. sigmoid + bce, tanh + se,
    softmax + ce with ``n_outputs >= 3``).
    """

    n_inputs: int
    hidden: tuple[int, ...] = ()
    activations: tuple[str, ...] | str = "tanh"
    output: str = "sigmoid"
    loss: str = "bce"
    n_outputs: int = 1
    input_names: tuple[str, ...] = field(default=())
    batch_norm: tuple[bool, ...] | bool = False
    maxout_pieces: int = 2

    def __post_init__(self):
        hidden = tuple(int(h) for h in self.hidden)
        if not 1 <= int(self.n_inputs) <= MAX_INPUTS:
            raise ValueError(f"n_inputs must be 1..{MAX_INPUTS}, got {self.n_inputs}")
        if len(hidden) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(hidden)}")
        for h in hidden:
            if not 1 <= h <= MAX_NEURONS:
                raise ValueError(f"each hidden layer needs 1..{MAX_NEURONS} neurons, got {h}")
        acts = self.activations
        acts = (acts,) * len(hidden) if isinstance(acts, str) else tuple(acts)
        if len(acts) != len(hidden):
            raise ValueError(f"{len(acts)} activations given for {len(hidden)} hidden layers")
        acts = tuple(canonical_activation(a) for a in acts)
        if "softmax" in acts:
            raise ValueError("softmax is only available as the output activation")
        norm = self.batch_norm
        norm = (bool(norm),) * len(hidden) if isinstance(norm, (bool, np.bool_)) else tuple(bool(f) for f in norm)
        if len(norm) != len(hidden):
            raise ValueError(f"{len(norm)} batch-norm flags given for {len(hidden)} hidden layers")
        k = int(self.maxout_pieces)
        if not MAXOUT_PIECES[0] <= k <= MAXOUT_PIECES[1]:
            raise ValueError(f"maxout needs {MAXOUT_PIECES[0]} to {MAXOUT_PIECES[1]} pieces, got {self.maxout_pieces}")
        out = canonical_activation(self.output)
        if out == "maxout":
            raise ValueError("maxout is only available in hidden layers")
        loss = str(self.loss).strip().lower()
        if loss not in LOSS:
            raise ValueError(f"unknown loss {self.loss!r}; choose one of {', '.join(LOSSES)}")
        if out not in HEADS[loss]:
            raise ValueError(f"loss {loss!r} needs output activation {' or '.join(HEADS[loss])}, got {out!r}")
        n_out = int(self.n_outputs)
        if loss == "ce" and n_out < 2:
            raise ValueError("softmax + cross-entropy needs n_outputs >= 2 (one per class)")
        if loss != "ce" and not 1 <= n_out <= MAX_NEURONS:
            raise ValueError(f"n_outputs must be 1..{MAX_NEURONS}")
        names = tuple(self.input_names) or tuple(f"x{i + 1}" for i in range(int(self.n_inputs)))
        if len(names) != int(self.n_inputs):
            raise ValueError(f"{len(names)} input names for {self.n_inputs} inputs")
        object.__setattr__(self, "n_inputs", int(self.n_inputs))
        object.__setattr__(self, "hidden", hidden)
        object.__setattr__(self, "activations", acts)
        object.__setattr__(self, "output", out)
        object.__setattr__(self, "loss", loss)
        object.__setattr__(self, "n_outputs", n_out)
        object.__setattr__(self, "input_names", names)
        object.__setattr__(self, "batch_norm", norm)
        object.__setattr__(self, "maxout_pieces", k)

    # --- derived layout ----------------------------------------------------------------------
    @property
    def sizes(self) -> np.ndarray:
        """Units per layer, input first, output last (int64)."""
        return np.array((self.n_inputs, *self.hidden, self.n_outputs), dtype=np.int64)

    @property
    def act_codes(self) -> np.ndarray:
        """Activation code of each non-input layer (hidden layers, then output)."""
        return np.array([ACT[a] for a in (*self.activations, self.output)], dtype=np.int64)

    @property
    def pieces(self) -> np.ndarray:
        """Weighted sums per unit in each weight layer: k for a maxout layer, else 1 (int64)."""
        k = self.maxout_pieces
        return np.array([k if a == "maxout" else 1 for a in self.activations] + [1], dtype=np.int64)

    @property
    def norm(self) -> np.ndarray:
        """1 where a weight layer is batch-normalised, else 0 (the output layer never is; int64)."""
        return np.array([int(f) for f in self.batch_norm] + [0], dtype=np.int64)

    @property
    def widths(self) -> np.ndarray:
        """Weighted sums per weight layer: units times pieces (int64)."""
        return self.sizes[1:] * self.pieces

    @property
    def plain(self) -> bool:
        """No maxout and no batch normalisation: every layer is weights, bias, activation."""
        return not (any(self.batch_norm) or "maxout" in self.activations)

    @property
    def n_stats(self) -> int:
        """Length of each row of the batch-norm running averages (one entry per weighted sum)."""
        return int(self.widths.sum())

    def initial_stats(self) -> np.ndarray:
        """Running (mean, variance) of every weighted sum before any training: (0, 1), so a fresh
        network evaluates as if its sums were already standardised."""
        stats = np.zeros((2, self.n_stats))
        stats[1] = 1.0
        return stats

    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers + 1)."""
        return len(self.hidden) + 1

    @property
    def offsets(self) -> tuple[np.ndarray, np.ndarray, int]:
        """(w_off, b_off, n_params) of the flat parameter buffer."""
        sizes, widths, norm = self.sizes, self.widths, self.norm
        w_off = np.zeros(self.n_layers, np.int64)
        b_off = np.zeros(self.n_layers, np.int64)
        pos = 0
        for layer in range(self.n_layers):
            w_off[layer] = pos
            pos += sizes[layer] * widths[layer]
            b_off[layer] = pos
            pos += widths[layer] * (1 + norm[layer])
        return w_off, b_off, int(pos)

    @property
    def n_params(self) -> int:
        return self.offsets[2]

    @property
    def n_hidden_units(self) -> int:
        return int(sum(self.hidden))

    def weight_mask(self) -> np.ndarray:
        """1.0 where the flat buffer holds a weight, 0.0 where it holds a bias (L1/L2 skip biases)."""
        w_off, b_off, n = self.offsets
        mask = np.zeros(n)
        for layer in range(self.n_layers):
            mask[w_off[layer]:b_off[layer]] = 1.0
        return mask

    def layer_views(self, flat: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W (fan_in x widths), b) views into a flat buffer, one pair per layer. A maxout layer's
        column ``j*k + p`` is piece p of unit j."""
        sizes, widths = self.sizes, self.widths
        w_off, b_off, _ = self.offsets
        return [
            (flat[w_off[i]:b_off[i]].reshape(sizes[i], widths[i]), flat[b_off[i]:b_off[i] + widths[i]])
            for i in range(self.n_layers)
        ]

    def link_weights(self, flat: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """One weight per link and one bias per unit, as a diagram draws them: (fan_in x units, units)
        copies per layer, a maxout unit's k pieces averaged."""
        out = []
        for (W, b), k in zip(self.layer_views(flat), self.pieces):
            if k > 1:
                W, b = W.reshape(W.shape[0], -1, k).mean(axis=2), b.reshape(-1, k).mean(axis=1)
            out.append((W.copy(), b.copy()))
        return out

    def scale_views(self, flat: np.ndarray) -> list[np.ndarray | None]:
        """The batch-norm scales (gamma) of each layer, or None where a layer is not normalised."""
        widths, norm = self.widths, self.norm
        _, b_off, _ = self.offsets
        return [flat[b_off[i] + widths[i]:b_off[i] + 2 * widths[i]] if norm[i] else None
                for i in range(self.n_layers)]


def init_params(spec: NetworkSpec, method: str = "glorot_uniform", seed: int = 0) -> np.ndarray:
    """A fresh flat parameter buffer.

    zeros: every weight and bias 0 (shows why symmetry must be broken); tfp_uniform: weights
    U(-0.5, 0.5) and biases 0.1, exactly as TensorFlow Playground starts; glorot_*: variance
    2 / (fan_in + fan_out); he_*: variance 2 / fan_in. Biases start at 0 except for tfp_uniform.
    """
    if method not in INITIALISERS:
        raise ValueError(f"unknown initialiser {method!r}; choose one of {', '.join(INITIALISERS)}")
    rng = np.random.default_rng(seed)
    flat = np.zeros(spec.n_params)
    for W, b in spec.layer_views(flat):
        fan_in, fan_out = W.shape
        if method == "tfp_uniform":
            W[:] = rng.uniform(-0.5, 0.5, W.shape)
            b[:] = 0.1
        elif method == "glorot_uniform":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            W[:] = rng.uniform(-limit, limit, W.shape)
        elif method == "glorot_normal":
            W[:] = rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), W.shape)
        elif method == "he_uniform":
            limit = np.sqrt(6.0 / fan_in)
            W[:] = rng.uniform(-limit, limit, W.shape)
        elif method == "he_normal":
            W[:] = rng.normal(0.0, np.sqrt(2.0 / fan_in), W.shape)
    for gamma in spec.scale_views(flat):
        if gamma is not None:
            gamma[:] = 1.0
    return flat


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings. Everything here may change between calls without rebuilding a network.

    Schedules (epoch ``e`` counts from 0 over the trainer's life): constant ``lr``; step
    ``lr * gamma ** (e // step)``; exponential ``lr * gamma ** e``; cosine
    ``lr_min + (lr - lr_min) * (1 + cos(pi * min(e, period) / period)) / 2``.
    Optimizers follow their textbook forms (see :mod:`playground.engine.optimizers`).

    Divergence: an epoch whose loss or any parameter is NaN/inf, or whose weights leave
    ``[-max_weight, max_weight]``, is undone and reported. The bound catches cross-entropy heads,
    whose loss stays finite while an absurd learning rate throws the weights to 1e60.
    """

    optimizer: str = "sgd"
    lr: float = 0.03
    batch_size: int = 10
    shuffle: bool = True
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    rho: float = 0.9
    schedule: str = "constant"
    gamma: float = 0.5
    step: int = 100
    lr_min: float = 0.0
    period: int = 1000
    max_weight: float = 1e8

    def __post_init__(self):
        if self.optimizer not in OPT:
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHED:
            raise ValueError(f"unknown schedule {self.schedule!r}; choose one of {', '.join(SCHEDULES)}")
        if not (np.isfinite(self.lr) and self.lr >= 0):
            raise ValueError(f"learning rate must be a finite number >= 0, got {self.lr}")
        if int(self.batch_size) < 1:
            raise ValueError(f"batch size must be >= 1, got {self.batch_size}")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"dropout rate must be in [0, 1), got {self.dropout}")
        if self.l1 < 0 or self.l2 < 0:
            raise ValueError("L1/L2 rates must be >= 0")
        if not self.max_weight > 0:
            raise ValueError("max_weight must be > 0")
        if int(self.step) < 1 or int(self.period) < 1:
            raise ValueError("schedule step and period must be >= 1 epoch")

    def hyper(self) -> np.ndarray:
        """The float64 hyper-parameter vector in kernel order (see H_* indices)."""
        h = np.zeros(N_HYPER)
        h[H_LR], h[H_MOMENTUM], h[H_BETA1], h[H_BETA2] = self.lr, self.momentum, self.beta1, self.beta2
        h[H_EPS], h[H_RHO], h[H_L1], h[H_L2] = self.eps, self.rho, self.l1, self.l2
        h[H_DROPOUT], h[H_GAMMA], h[H_STEP] = self.dropout, self.gamma, float(int(self.step))
        h[H_LR_MIN], h[H_PERIOD] = self.lr_min, float(int(self.period))
        h[H_MAX_WEIGHT] = self.max_weight
        return h
