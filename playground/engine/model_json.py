"""Model export and import: one documented JSON format, restored exactly.

Format (``"format": "nn-playground-model"``, ``"version": 1``)::

    {
      "format": "nn-playground-model", "version": 1,
      "inputs": ["multiplicity", "ptd"],                 # network input names, in order
      "preprocessing": {"mean": [..], "std": [..]},      # x_net = (x_raw - mean) / std; null if none
      "layers": [                                        # hidden layers, then the output layer
        {"weights": [[w_11, .., w_1out], ..],            # fan_in rows x fan_out columns
         "biases": [b_1, .., b_out], "activation": "tanh"},
        {"weights": .., "biases": .., "activation": "maxout",
         "pieces": 2,                                    # maxout: units x pieces columns, unit j's piece p
                                                         # in column j*pieces + p
         "batch_norm": {"scale": [..], "running_mean": [..], "running_var": [..]}},  # one per column
        ..
      ],
      "output": {"activation": "sigmoid", "loss": "bce", "classes": ["gluon", "quark"]},
      "metadata": {..}                                   # free-form: dataset, epochs, seed, ...
    }

Floats are written with Python's shortest round-trip repr, so import gives back the same bits.
``pieces`` and ``batch_norm`` are optional (absent: a plain layer), so files written before they
existed read unchanged.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .spec import MAX_HIDDEN_LAYERS, MAX_INPUTS, MAX_NEURONS, MAXOUT_PIECES, NetworkSpec

FORMAT = "nn-playground-model"
VERSION = 1
#: A model of 8 hidden layers of 64 neurons is about 1 MB as written here; nothing sensible is larger.
MAX_FILE_BYTES = 4_000_000
MAX_CLASSES = 64


@dataclass(frozen=True)
class Model:
    """A network as stored: architecture, flat parameters, input preprocessing and labels."""

    spec: NetworkSpec
    params: np.ndarray
    mean: np.ndarray | None = None
    std: np.ndarray | None = None
    classes: tuple[str, ...] = ()
    metadata: dict = field(default_factory=dict)
    stats: np.ndarray | None = None  # batch normalisation's running (mean, variance); None: none saved

    def preprocess(self, X) -> np.ndarray:
        """Raw inputs -> network inputs (standardised if the model carries means/stds)."""
        X = np.asarray(X, dtype=np.float64)
        return X if self.mean is None else (X - self.mean) / self.std


def to_dict(spec: NetworkSpec, params: np.ndarray, *, mean=None, std=None, classes=(), metadata=None,
            stats=None) -> dict:
    """The JSON-ready dictionary of a network (see the module docstring for the format); ``stats``
    are the batch-norm running averages (``Trainer.stats``), needed when a layer is normalised."""
    params = np.asarray(params, dtype=np.float64)
    if params.shape != (spec.n_params,):
        raise ValueError(f"expected {spec.n_params} parameters, got shape {params.shape}")
    if (mean is None) != (std is None):
        raise ValueError("give both mean and std, or neither")
    stats = spec.initial_stats() if stats is None else np.asarray(stats, dtype=np.float64)
    acts = (*spec.activations, spec.output)
    layers, start = [], 0
    for (W, b), gamma, act, k in zip(spec.layer_views(params), spec.scale_views(params), acts, spec.pieces):
        layer = {"weights": W.tolist(), "biases": b.tolist(), "activation": act}
        if k > 1:
            layer["pieces"] = int(k)
        m = W.shape[1]
        if gamma is not None:
            layer["batch_norm"] = {"scale": gamma.tolist(), "running_mean": stats[0, start:start + m].tolist(),
                                   "running_var": stats[1, start:start + m].tolist()}
        layers.append(layer)
        start += m
    prep = None
    if mean is not None:
        prep = {"mean": np.asarray(mean, float).tolist(), "std": np.asarray(std, float).tolist()}
    return {"format": FORMAT, "version": VERSION, "inputs": list(spec.input_names), "preprocessing": prep,
            "layers": layers, "output": {"activation": spec.output, "loss": spec.loss, "classes": list(classes)},
            "metadata": dict(metadata or {})}


def dumps(spec: NetworkSpec, params: np.ndarray, **kwargs) -> str:
    return json.dumps(to_dict(spec, params, **kwargs), indent=1, allow_nan=False)


def _matrix(value, where: str, ndim: int) -> np.ndarray:
    """A list (of lists) of plain numbers as a float64 array of ``ndim`` dimensions, or ValueError."""
    if not isinstance(value, list) or (ndim == 2 and not all(isinstance(row, list) for row in value)):
        raise ValueError(f"{where} must be a list{' of lists' if ndim == 2 else ''} of numbers")
    cells = [c for row in value for c in row] if ndim == 2 else value
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in cells):
        raise ValueError(f"{where} must hold plain numbers only")
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{where} must be a rectangular table of numbers") from None
    if arr.ndim != ndim:
        raise ValueError(f"{where} must be a rectangular table of numbers")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where} contains NaN or infinity")
    return arr


def _field(data: dict, key: str, kind: type, where: str, required: bool = True):
    """``data[key]`` checked to be a ``kind`` (dict, list or str); absent/null is allowed when not
    ``required``."""
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, kind):
        wanted = {dict: "a table", list: "a list", str: "text"}[kind]
        raise ValueError(f"'{where}' must be {wanted}{'' if required else ' (or absent)'}")
    return value


def _names(value, where: str, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in value):
        raise ValueError(f"'{where}' must be a list of names (text of 1 to 100 characters)")
    if len(value) > limit:
        raise ValueError(f"'{where}' may hold at most {limit} names")
    return tuple(value)


def from_dict(data: dict) -> Model:
    """Rebuild a :class:`Model`; ValueError says which field is wrong. Every container is checked for
    its type and size first, so a damaged or hand-edited file gets one plain message, never a crash."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not an NN Playground model: 'format' must be {FORMAT!r}")
    if type(data.get("version")) is not int or data["version"] != VERSION:
        raise ValueError(f"unsupported model version {str(data.get('version'))[:20]!r}; this build reads version "
                         f"{VERSION}")
    inputs = _names(data.get("inputs"), "inputs", MAX_INPUTS)
    if not inputs:
        raise ValueError("'inputs' must be a non-empty list of names")
    layers = _field(data, "layers", list, "layers")
    if not layers or len(layers) > MAX_HIDDEN_LAYERS + 1:
        raise ValueError(f"'layers' must list 1 to {MAX_HIDDEN_LAYERS + 1} layers (hidden layers, then the output)")
    output = _field(data, "output", dict, "output", required=False) or {}
    weights, biases, acts, units, norms, pieces = [], [], [], [], [], []
    fan_in = len(inputs)
    for i, layer in enumerate(layers):
        if not isinstance(layer, dict):
            raise ValueError(f"'layers[{i}]' must be a table of weights, biases and activation")
        W = _matrix(layer.get("weights"), f"layers[{i}].weights", 2)
        b = _matrix(layer.get("biases"), f"layers[{i}].biases", 1)
        act = _field(layer, "activation", str, f"layers[{i}].activation")
        k = layer.get("pieces", 1)
        if type(k) is not int or not (k == 1 or MAXOUT_PIECES[0] <= k <= MAXOUT_PIECES[1]):
            raise ValueError(f"layers[{i}].pieces must be a whole number from {MAXOUT_PIECES[0]} to "
                             f"{MAXOUT_PIECES[1]} (maxout) or absent")
        if (k > 1) != (act == "maxout"):
            raise ValueError(f"layers[{i}]: a maxout layer, and only one, gives its 'pieces'")
        if W.shape[0] != fan_in:
            raise ValueError(f"layers[{i}].weights must have {fan_in} rows (one per input of the layer)")
        if not 1 <= W.shape[1] <= MAX_NEURONS * k or W.shape[1] % k:
            raise ValueError(f"layers[{i}].weights must have 1 to {MAX_NEURONS} columns per piece (one per neuron)")
        if b.shape != (W.shape[1],):
            raise ValueError(f"layers[{i}].biases must hold {W.shape[1]} values")
        norm = _field(layer, "batch_norm", dict, f"layers[{i}].batch_norm", required=False)
        if norm is not None and i == len(layers) - 1:
            raise ValueError("the output layer cannot be batch-normalised")
        if norm is not None:
            norm = [_matrix(norm.get(key), f"layers[{i}].batch_norm.{key}", 1)
                    for key in ("scale", "running_mean", "running_var")]
            if any(v.shape != (W.shape[1],) for v in norm):
                raise ValueError(f"layers[{i}].batch_norm's lists must hold {W.shape[1]} values each")
            if np.any(norm[2] < 0):
                raise ValueError(f"layers[{i}].batch_norm.running_var must not be negative")
        weights.append(W)
        biases.append(b)
        acts.append(act)
        norms.append(norm)
        pieces.append(k)
        units.append(W.shape[1] // k)
        fan_in = units[-1]
    if output.get("activation", acts[-1]) != acts[-1]:
        raise ValueError("output.activation disagrees with the last layer's activation")
    loss = _field(output, "loss", str, "output.loss", required=False) or ""
    try:
        spec = NetworkSpec(n_inputs=len(inputs), hidden=tuple(units[:-1]), activations=tuple(acts[:-1]),
                           output=acts[-1], loss=loss, n_outputs=units[-1], input_names=inputs,
                           batch_norm=tuple(n is not None for n in norms[:-1]), maxout_pieces=max(pieces + [2]))
    except (TypeError, KeyError) as exc:
        raise ValueError(f"the layers do not make a network: {exc}") from None
    if len(set(k for k in pieces if k > 1)) > 1:
        raise ValueError("every maxout layer must have the same number of pieces")
    params = np.zeros(spec.n_params)
    stats = spec.initial_stats()
    start = 0
    for (W_dst, b_dst), gamma, W, b, norm in zip(spec.layer_views(params), spec.scale_views(params), weights, biases,
                                                 norms):
        W_dst[:] = W
        b_dst[:] = b
        m = W.shape[1]
        if norm is not None:
            gamma[:], stats[0, start:start + m], stats[1, start:start + m] = norm
        start += m
    mean = std = None
    prep = _field(data, "preprocessing", dict, "preprocessing", required=False)
    if prep is not None:
        mean = _matrix(prep.get("mean"), "preprocessing.mean", 1)
        std = _matrix(prep.get("std"), "preprocessing.std", 1)
        if mean.shape != (spec.n_inputs,) or std.shape != (spec.n_inputs,):
            raise ValueError(f"preprocessing.mean and .std must hold {spec.n_inputs} values each")
        if np.any(std <= 0):
            raise ValueError("preprocessing.std values must be > 0")
    classes = () if output.get("classes") is None else _names(output["classes"], "output.classes", MAX_CLASSES)
    wanted = spec.n_outputs if spec.output == "softmax" else 2
    if classes and len(classes) != wanted:
        raise ValueError(f"output.classes must name {wanted} classes for this output (it names {len(classes)})")
    metadata = _field(data, "metadata", dict, "metadata", required=False) or {}
    return Model(spec, params, mean, std, classes, dict(metadata), stats if any(spec.batch_norm) else None)


def loads(text: str) -> Model:
    """A model from JSON text; every problem (bad JSON, nesting too deep, a wrong field) is ValueError."""
    if len(text) > MAX_FILE_BYTES:
        raise ValueError(f"the model is larger than {MAX_FILE_BYTES // 1_000_000} MB, the limit")
    try:
        data = json.loads(text, parse_constant=lambda c: math.nan)
    except json.JSONDecodeError as exc:
        raise ValueError(f"model file is not valid JSON: {exc}") from None
    except RecursionError:
        raise ValueError("model file is nested too deeply to be a model") from None
    return from_dict(data)


def save(path, spec: NetworkSpec, params: np.ndarray, **kwargs) -> None:
    Path(path).write_text(dumps(spec, params, **kwargs), encoding="utf-8")


def load(path) -> Model:
    """A model from a file: a regular file of at most :data:`MAX_FILE_BYTES`, UTF-8 JSON."""
    from ..files import read_bytes

    data = read_bytes(path, MAX_FILE_BYTES, "the model file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the model file is not UTF-8 text") from None
    return loads(text)
