"""What a lesson goal can ask about: named numbers read from an Experiment and its latest Snapshot.

:func:`measures` computes only the names asked for (the AUCs and the dropout spread cost a little
more than the rest). Every value is a float (booleans as 1.0 / 0.0); a value that does not exist for
the current data (accuracy of a regression, AUC of multi-class data) is NaN, which meets no goal.

Besides the built-in measures of :data:`MEASURES`, any numeric, on/off or choice setting of the
Experiment can be asked about by its name (``learning_rate``, ``dropout``, ``predict_dropout``,
``optimizer`` ...); a choice setting only with ``equals``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import settings as S


@dataclass(frozen=True)
class MeasureInfo:
    label: str   # what the visitor reads, e.g. "Test accuracy"
    kind: str    # how values are shown: percent | int | loss | auc | gain | yesno | onoff | number | choice
    doc: str


#: The built-in measures, by name.
MEASURES: dict[str, MeasureInfo] = {
    "epoch": MeasureInfo("Epoch", "int", "Epochs trained since the network was (re)started."),
    "train_loss": MeasureInfo("Training loss", "loss", "Mean loss on the training points."),
    "test_loss": MeasureInfo("Test loss", "loss", "Mean loss on the test points."),
    "train_accuracy": MeasureInfo("Training accuracy", "percent", "Share of training points classified right."),
    "test_accuracy": MeasureInfo("Test accuracy", "percent", "Share of test points classified right."),
    "hidden_neurons": MeasureInfo("Hidden neurons", "int", "Neurons in all hidden layers together."),
    "hidden_layers": MeasureInfo("Hidden layers", "int", "How many hidden layers the network has."),
    "diverged": MeasureInfo("Training blew up", "yesno", "1 if training diverged (the loss became infinite)."),
    "auc": MeasureInfo("Network AUC", "auc", "Area under the network's ROC curve on the test points."),
    "cut_auc": MeasureInfo("Best single cut AUC", "auc",
                           "AUC of the best one-feature cut (chosen on the training points)."),
    "auc_gain": MeasureInfo("Network AUC minus best cut AUC", "gain",
                            "How much better the network separates the classes than the best single cut."),
    "test_loss_rise": MeasureInfo("Test loss rise", "loss",
                                  "Test loss now minus the lowest test loss so far in this run."),
    "loss_gap": MeasureInfo("Test loss minus training loss", "loss",
                            "How much worse the network does on new points than on the ones it learnt."),
    "hand_steps": MeasureInfo("Steps by hand", "int",
                              "Backpropagation steps taken point by point with Step through in this run."),
    "prediction_spread": MeasureInfo("Output spread", "number",
                                     "How much the outputs scatter with dropout on while predicting "
                                     "(mean standard deviation over 8 thinned networks)."),
}
NEEDS_METRICS = ("auc", "cut_auc", "auc_gain")


#: How each kind of setting (:func:`playground.settings.kind`) can be measured.
_MEASURABLE = {"switch": "onoff", "integer": "number", "number": "number", "choice": "choice"}


def setting_kind(name: str) -> str | None:
    """How a setting can be measured: "onoff", "number", "choice", or None if it cannot."""
    if name not in S.ALL:
        return None
    return _MEASURABLE.get(S.kind(S.Settings.param[name]))


def measure_names() -> list[str]:
    """Every name a goal may use: the built-in measures, then the measurable settings."""
    return list(MEASURES) + [n for n in S.ALL if setting_kind(n) and n not in MEASURES]


def label_and_kind(name: str) -> tuple[str, str]:
    """What the visitor reads for a measure or setting, and how its values are shown."""
    if name in MEASURES:
        return MEASURES[name].label, MEASURES[name].kind
    if name in S.ALL:
        return S.label(name), setting_kind(name) or "number"
    return name.replace("_", " ").capitalize(), "number"


def _nan(value) -> float:
    return float("nan") if value is None else float(value)


def measures(experiment, snapshot=None, names=None) -> dict[str, float | str]:
    """The measures ``names`` (default: every built-in one) of ``experiment`` as shown by
    ``snapshot`` (default: a fresh one). Settings are read from the experiment itself."""
    if snapshot is None:
        snapshot = experiment.snapshot()
    names = list(MEASURES) if names is None else list(names)
    out: dict[str, float | str] = {}
    metrics = None
    if any(n in NEEDS_METRICS for n in names):
        metrics = snapshot.metrics if snapshot.metrics is not None else experiment.classifier_metrics()
    hidden = snapshot.layer_sizes[1:-1]
    for name in names:
        if name == "epoch":
            value = float(snapshot.epoch)
        elif name in ("train_loss", "test_loss"):
            value = float(getattr(snapshot, name))
        elif name in ("train_accuracy", "test_accuracy"):
            value = _nan(getattr(snapshot, name))
        elif name == "hidden_neurons":
            value = float(sum(hidden))
        elif name == "hidden_layers":
            value = float(len(hidden))
        elif name == "diverged":
            value = 1.0 if snapshot.status == "diverged" else 0.0
        elif name == "auc":
            value = _nan(metrics and metrics.auc)
        elif name == "cut_auc":
            value = _nan(metrics and metrics.cut and metrics.cut.auc)
        elif name == "auc_gain":
            value = (_nan(metrics.auc) - _nan(metrics.cut.auc)) if metrics and metrics.cut else math.nan
        elif name == "test_loss_rise":
            value = _test_loss_rise(snapshot)
        elif name == "loss_gap":
            value = float(snapshot.test_loss) - float(snapshot.train_loss)
        elif name == "hand_steps":
            value = float(experiment.hand_steps)
        elif name == "prediction_spread":
            value = float(experiment.prediction_spread())
        else:
            kind = setting_kind(name)
            if kind is None:
                raise KeyError(f"unknown measure {name!r}")
            raw = getattr(experiment, name)
            value = raw if kind == "choice" else float(raw)
        out[name] = value
    return out


def _test_loss_rise(snapshot) -> float:
    test = np.asarray(snapshot.history.test_loss, dtype=float)
    test = test[np.isfinite(test)]
    now = float(snapshot.test_loss)
    if not test.size or not math.isfinite(now):
        return math.nan
    return now - float(min(test.min(), now))
