"""Model export and import: one documented JSON format, restored exactly.

Format (``"format": "nn-playground-model"``, ``"version": 1``)::

    {
      "format": "nn-playground-model", "version": 1,
      "inputs": ["multiplicity", "ptd"],                 # network input names, in order
      "preprocessing": {"mean": [..], "std": [..]},      # x_net = (x_raw - mean) / std; null if none
      "layers": [                                        # hidden layers, then the output layer
        {"weights": [[w_11, .., w_1out], ..],            # fan_in rows x fan_out columns
         "biases": [b_1, .., b_out], "activation": "tanh"},
        ..
      ],
      "output": {"activation": "sigmoid", "loss": "bce", "classes": ["gluon", "quark"]},
      "metadata": {..}                                   # free-form: dataset, epochs, seed, ...
    }

Floats are written with Python's shortest round-trip repr, so import gives back the same bits.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .spec import NetworkSpec

FORMAT = "nn-playground-model"
VERSION = 1


@dataclass(frozen=True)
class Model:
    """A network as stored: architecture, flat parameters, input preprocessing and labels."""

    spec: NetworkSpec
    params: np.ndarray
    mean: np.ndarray | None = None
    std: np.ndarray | None = None
    classes: tuple[str, ...] = ()
    metadata: dict = field(default_factory=dict)

    def preprocess(self, X) -> np.ndarray:
        """Raw inputs -> network inputs (standardised if the model carries means/stds)."""
        X = np.asarray(X, dtype=np.float64)
        return X if self.mean is None else (X - self.mean) / self.std


def to_dict(spec: NetworkSpec, params: np.ndarray, *, mean=None, std=None, classes=(), metadata=None) -> dict:
    """The JSON-ready dictionary of a network (see the module docstring for the format)."""
    params = np.asarray(params, dtype=np.float64)
    if params.shape != (spec.n_params,):
        raise ValueError(f"expected {spec.n_params} parameters, got shape {params.shape}")
    if (mean is None) != (std is None):
        raise ValueError("give both mean and std, or neither")
    acts = (*spec.activations, spec.output)
    layers = [{"weights": W.tolist(), "biases": b.tolist(), "activation": act}
              for (W, b), act in zip(spec.layer_views(params), acts)]
    prep = None
    if mean is not None:
        prep = {"mean": np.asarray(mean, float).tolist(), "std": np.asarray(std, float).tolist()}
    return {"format": FORMAT, "version": VERSION, "inputs": list(spec.input_names), "preprocessing": prep,
            "layers": layers, "output": {"activation": spec.output, "loss": spec.loss, "classes": list(classes)},
            "metadata": dict(metadata or {})}


def dumps(spec: NetworkSpec, params: np.ndarray, **kwargs) -> str:
    return json.dumps(to_dict(spec, params, **kwargs), indent=1, allow_nan=False)


def _matrix(value, where: str) -> np.ndarray:
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{where} must be numbers") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{where} contains NaN or infinity")
    return arr


def from_dict(data: dict) -> Model:
    """Rebuild a :class:`Model`; ValueError says which field is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not an NN Playground model: 'format' must be {FORMAT!r}")
    if data.get("version") != VERSION:
        raise ValueError(f"unsupported model version {data.get('version')!r}; this build reads version {VERSION}")
    inputs = data.get("inputs")
    layers = data.get("layers")
    output = data.get("output") or {}
    if not isinstance(inputs, list) or not inputs:
        raise ValueError("'inputs' must be a non-empty list of names")
    if not isinstance(layers, list) or not layers:
        raise ValueError("'layers' must be a non-empty list")
    weights, biases, acts = [], [], []
    fan_in = len(inputs)
    for i, layer in enumerate(layers):
        W = _matrix(layer.get("weights"), f"layers[{i}].weights")
        b = _matrix(layer.get("biases"), f"layers[{i}].biases")
        if W.ndim != 2 or W.shape[0] != fan_in:
            raise ValueError(f"layers[{i}].weights must have {fan_in} rows (one per input of the layer)")
        if b.shape != (W.shape[1],):
            raise ValueError(f"layers[{i}].biases must hold {W.shape[1]} values")
        weights.append(W)
        biases.append(b)
        acts.append(str(layer.get("activation")))
        fan_in = W.shape[1]
    if output.get("activation", acts[-1]) != acts[-1]:
        raise ValueError("output.activation disagrees with the last layer's activation")
    spec = NetworkSpec(n_inputs=len(inputs), hidden=tuple(W.shape[1] for W in weights[:-1]),
                       activations=tuple(acts[:-1]), output=acts[-1], loss=str(output.get("loss", "")),
                       n_outputs=weights[-1].shape[1], input_names=tuple(str(n) for n in inputs))
    params = np.zeros(spec.n_params)
    for (W_dst, b_dst), W, b in zip(spec.layer_views(params), weights, biases):
        W_dst[:] = W
        b_dst[:] = b
    mean = std = None
    prep = data.get("preprocessing")
    if prep is not None:
        mean = _matrix(prep.get("mean"), "preprocessing.mean")
        std = _matrix(prep.get("std"), "preprocessing.std")
        if mean.shape != (spec.n_inputs,) or std.shape != (spec.n_inputs,):
            raise ValueError(f"preprocessing.mean and .std must hold {spec.n_inputs} values each")
        if np.any(std <= 0):
            raise ValueError("preprocessing.std values must be > 0")
    classes = tuple(str(c) for c in output.get("classes", ()))
    return Model(spec, params, mean, std, classes, dict(data.get("metadata") or {}))


def loads(text: str) -> Model:
    try:
        data = json.loads(text, parse_constant=lambda c: math.nan)
    except json.JSONDecodeError as exc:
        raise ValueError(f"model file is not valid JSON: {exc}") from None
    return from_dict(data)


def save(path, spec: NetworkSpec, params: np.ndarray, **kwargs) -> None:
    Path(path).write_text(dumps(spec, params, **kwargs), encoding="utf-8")


def load(path) -> Model:
    return loads(Path(path).read_text(encoding="utf-8"))
