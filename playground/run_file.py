"""Run files and model files: an Experiment's whole run, or its network alone, as JSON text and back.

* A **model file** (:func:`export_model`) is the engine's model format
  (:mod:`playground.engine.model_json`): inputs, standardisation, weights, activations, class names.
  Its metadata records the settings, the epoch and how data columns become the inputs
  (``raw_inputs``, then the ``features`` transforms, or none), which ``playground predict`` uses.
  :func:`load_weights` puts one back into an Experiment whose settings build the same network.
* A **run file** (:func:`to_json`) adds every setting (as a link writes it) and the optimizer state
  and counters, so :func:`from_json` gives an Experiment that predicts the same and trains on
  exactly as the saved one would. The loss history is not kept; data from an upload or drawn points
  is not stored either (pass it again).

Both are read as untrusted files: the settings through the one settings codec
(:mod:`playground.settings`), everything else type-checked before anything is written.
"""
from __future__ import annotations

import json

import numpy as np

from . import settings as S
from .engine import model_json
from .run_record import STATUSES

RUN_FORMAT = "nn-playground-run"
RUN_VERSION = 1
OPTIMIZER_STATE = ("s1", "s2", "counters", "epoch_total")


def model_dict(exp) -> dict:
    st = exp.pipeline.standardizer
    meta = {"made_by": "nn-playground", "dataset": exp.data_name, "problem": exp.problem,
            "epoch": exp.epoch, "raw_inputs": list(exp.pipeline.raw_names),
            "features": None if exp.pipeline.features is None else list(exp.pipeline.features),
            "settings": S.encode(exp)}
    return model_json.to_dict(exp.spec, exp.trainer.params, mean=None if st is None else st.mean,
                              std=None if st is None else st.std, classes=exp.data.class_names, metadata=meta,
                              stats=exp.trainer.stats)


def export_model(exp) -> str:
    """``exp``'s network as model-file text (call under its lock)."""
    return json.dumps(model_dict(exp), indent=1, allow_nan=False)


def load_weights(exp, model) -> None:
    """Put saved weights (a Model, its JSON text or dict) into ``exp``, whose settings must build the
    same network; ValueError says what differs. Starts a new run."""
    if isinstance(model, str):
        model = model_json.loads(model)
    elif isinstance(model, dict):
        model = model_json.from_dict(model)
    mine, theirs = exp.spec, model.spec
    problems = []
    if theirs.input_names != mine.input_names:
        problems.append(f"its inputs are {', '.join(theirs.input_names)}, these settings give "
                        f"{', '.join(mine.input_names)}")
    if list(theirs.sizes) != list(mine.sizes):
        problems.append(f"its layers are {'-'.join(map(str, theirs.sizes))}, these settings make "
                        f"{'-'.join(map(str, mine.sizes))}")
    elif theirs.activations != mine.activations:
        problems.append(f"its activations are {', '.join(theirs.activations)}, these settings use "
                        f"{', '.join(mine.activations)}")
    elif list(theirs.pieces) != list(mine.pieces):
        problems.append(f"its maxout units have {theirs.maxout_pieces} pieces, these settings give "
                        f"{mine.maxout_pieces}")
    elif theirs.batch_norm != mine.batch_norm:
        problems.append(f"its batch-normalised layers are {_layer_list(theirs.batch_norm)}, these settings "
                        f"normalise {_layer_list(mine.batch_norm)}")
    if (theirs.output, theirs.loss) != (mine.output, mine.loss):
        problems.append(f"its output is {theirs.output} with {theirs.loss} loss, these settings use "
                        f"{mine.output} with {mine.loss}")
    if problems:
        raise ValueError("the saved model does not fit these settings: " + "; ".join(problems))
    exp.set_state(model.params, stats=model.stats)


def _layer_list(flags) -> str:
    chosen = [str(i + 1) for i, on in enumerate(flags) if on]
    return ("layer " if len(chosen) == 1 else "layers ") + ", ".join(chosen) if chosen else "none"


def checked_optimizer(exp, optimizer) -> dict[str, np.ndarray]:
    """A saved optimizer state checked against ``exp``'s trainer: every array the right size, finite,
    the counters whole numbers; ValueError otherwise."""
    if not isinstance(optimizer, dict):
        raise ValueError("the optimizer state must be a table of s1, s2 and counters")
    t = exp.trainer
    stored = dict(optimizer)
    if isinstance(stored.get("counters"), list) and len(stored["counters"]) == 3:
        stored["counters"] = stored["counters"] + [0]  # runs saved before partial epochs existed
    stored.setdefault("epoch_total", [0.0])
    checked = {}
    for name in OPTIMIZER_STATE:
        target = getattr(t, name)
        try:
            value = np.asarray(stored.get(name), dtype=float)
        except (TypeError, ValueError, OverflowError):
            value = None
        if value is None or value.shape != target.shape or not np.all(np.isfinite(value)):
            raise ValueError(f"optimizer state '{name}' must hold {target.size} finite numbers")
        if name == "counters" and (np.any(value < 0) or np.any(value != np.round(value))
                                   or value[3] >= max(1, exp.data.n_train)):
            raise ValueError("optimizer state 'counters' must be 4 whole numbers >= 0, the last "
                             "below the number of training points")
        checked[name] = value.astype(target.dtype)
    return checked


def to_json(exp) -> str:
    """``exp``'s whole run as run-file text (call under its lock)."""
    t = exp.trainer
    doc = {"format": RUN_FORMAT, "version": RUN_VERSION, "settings": S.encode(exp), "model": model_dict(exp),
           "optimizer": {name: getattr(t, name).tolist() for name in OPTIMIZER_STATE},
           "status": exp.status, "message": exp.message}
    if exp.custom_data:
        doc["data"] = {k: v for k, v in exp.data.provenance.items() if isinstance(v, (str, int, float))}
    return json.dumps(doc, indent=1, allow_nan=False)


def from_json(cls, text: str, *, data=None):
    """A ``cls`` (Experiment) restored from run-file text; ValueError names the first problem."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not a saved NN Playground run: {exc}") from None
    except RecursionError:
        raise ValueError("not a saved NN Playground run: nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("format") != RUN_FORMAT:
        raise ValueError(f"not a saved NN Playground run: 'format' must be {RUN_FORMAT!r}")
    if doc.get("version") != RUN_VERSION:
        raise ValueError(f"unsupported run version {doc.get('version')!r}; this build reads {RUN_VERSION}")
    settings = doc.get("settings")
    if not isinstance(settings, dict):
        raise ValueError("a saved run needs a 'settings' table")
    values, errors = S.from_texts(cls, {str(k): str(v) for k, v in settings.items()})
    if errors:
        raise ValueError(f"saved run: {errors[0]}.")
    custom = doc.get("data")
    if custom is not None and not isinstance(custom, dict):
        raise ValueError("a saved run's 'data' must be a table")
    if custom and data is None:
        raise ValueError(f"this run was trained on {custom.get('source', 'custom')} data "
                         f"({custom.get('name', 'not stored')}); pass the same data: from_json(text, data=...)")
    exp = cls(data=data, **values) if custom else cls(**values)
    if not custom and exp.dataset != values.get("dataset", exp.dataset):
        raise ValueError(" ".join(exp.take_notices()) or f"the {values['dataset']} data could not be made")
    model = model_json.from_dict(doc.get("model"))
    load_weights(exp, model)
    status = doc.get("status")
    exp.set_state(model.params, doc.get("optimizer"), status=status if status in STATUSES else None,
                  message=str(doc.get("message", "")), stats=model.stats)
    return exp

