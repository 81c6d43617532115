"""The numerical core: arrays in, arrays out (no param, Panel or Bokeh here).

Typical use::

    from playground.engine import NetworkSpec, TrainConfig, Trainer, encode_targets
    spec = NetworkSpec(n_inputs=2, hidden=(4, 2), activations="tanh", output="tanh", loss="se")
    trainer = Trainer(spec, TrainConfig(optimizer="sgd", lr=0.03, batch_size=10), seed=1)
    result = trainer.train(X, encode_targets(spec, y), epochs=50)   # result.status: "ok" | "diverged"
    loss, outputs, neurons = trainer.evaluate(X_grid, neurons=True)
"""
from .backend import BACKENDS, default_backend, get_backend
from .grid import plane_grid
from .model_json import Model
from .spec import (ACTIVATIONS, HIDDEN_ACTIVATIONS, INITIALISERS, LOSSES, OPTIMIZERS, SCHEDULES, HEADS, NetworkSpec,
                   TrainConfig, init_params)
from .trainer import TrainResult, Trainer, as_inputs, decision_threshold, encode_targets

__all__ = [
    "ACTIVATIONS", "BACKENDS", "HEADS", "HIDDEN_ACTIVATIONS", "INITIALISERS", "LOSSES", "Model", "NetworkSpec", "OPTIMIZERS",
    "SCHEDULES", "TrainConfig", "TrainResult", "Trainer", "as_inputs", "decision_threshold", "default_backend",
    "encode_targets", "get_backend", "init_params", "plane_grid",
]
