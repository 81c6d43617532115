"""Training controls: play/pause, step, reset, speed, learning rate (log scale), optimizer, loss,
activation, regularisation, dropout, initialisation, schedule and early stopping.

Every widget is linked to one Experiment setting (see :mod:`playground.ui.binding`) and carries that
setting's explanation as its tooltip. Settings that do not change the architecture apply on the fly.
"""
from __future__ import annotations

import math

import panel as pn
from bokeh.models import CustomJSTickFormatter

from ..engine import HIDDEN_ACTIVATIONS, INITIALISERS, OPTIMIZERS, SCHEDULES
from ..settings import LOSS_LABELS
from .binding import link, tooltip, with_tip
from .focus import keep_focus

OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "Adagrad",
                    "rmsprop": "RMSprop", "adam": "Adam"}
ACTIVATION_LABELS = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU", "tanh": "Tanh", "sigmoid": "Sigmoid",
                     "linear": "Linear", "softplus": "Softplus", "swish": "Swish"}
INIT_LABELS = {"zeros": "Zeros", "tfp_uniform": "Uniform ±0.5 (TF Playground)", "glorot_uniform": "Glorot uniform",
               "glorot_normal": "Glorot normal", "he_uniform": "He uniform", "he_normal": "He normal"}
SCHEDULE_LABELS = {"constant": "Constant", "step": "Step decay", "exponential": "Exponential", "cosine": "Cosine"}
REG_LABELS = {"none": "None", "l1": "L1", "l2": "L2"}
LR_MIN_EXP, LR_MAX_EXP = -5, 1


def options(labels: dict, ids) -> dict:
    return {labels.get(i, i): i for i in ids}


def lr_text(lr: float) -> str:
    return f"{lr:.3g}"


def learning_rate_controls(experiment, on_error):
    """A log-scale slider (10^-5 .. 10) and a box to type the exact value."""
    slider = pn.widgets.FloatSlider(
        label="Learning rate", start=LR_MIN_EXP, end=LR_MAX_EXP, step=0.05, width=150, margin=(2, 5),
        format=CustomJSTickFormatter(code="return Number(Math.pow(10, tick).toPrecision(2)).toString()"),
        show_value=False)
    link(slider, experiment, "learning_rate", prop="value_throttled",
         to_param=lambda v: float(f"{10 ** v:.3g}"), to_widget=lambda lr: round(math.log10(lr), 2), on_error=on_error)
    box = pn.widgets.TextInput(label="\u00a0", width=62, margin=(2, 5), css_classes=["pg-lr-input"],
                               description="Type an exact learning rate between 0.00001 and 10.")

    def parse(text):
        try:
            return float(text)
        except (TypeError, ValueError):
            raise ValueError(f"'{text}' is not a number") from None

    link(box, experiment, "learning_rate", to_param=parse, to_widget=lr_text, on_error=on_error)
    return slider, box


class TrainingControls:
    """Widgets for the live loop and every training setting; ``loop`` is a :class:`LiveLoop`."""

    def __init__(self, experiment, loop, on_error):
        exp = self.experiment = experiment
        self.loop = loop
        self.play = pn.widgets.Button(label="Play", color="primary", width=80, margin=(8, 4),
                                      description="Start or pause training: the network learns while you watch.")
        self.play.on_click(lambda e: loop.toggle())
        keep_focus(self.play)
        loop.param.watch(self._running_changed, "running")
        self.step = pn.widgets.Button(label="Step", width=60, margin=(8, 4), color="light",
                                      description="Train exactly one frame (the 'speed' number of epochs), then stop.")
        self.step.on_click(lambda e: loop.step_once())
        self.reset = pn.widgets.Button(label="Reset", width=64, margin=(8, 4), color="light",
                                       description="Start again from new random weights; all settings stay.")
        self.reset.on_click(lambda e: loop.reset())
        self.speed = link(pn.widgets.IntSlider(label="Speed (epochs/frame)", start=1, end=100, width=130,
                                               margin=(2, 5)),
                          exp, "epochs_per_frame", prop="value_throttled", on_error=on_error)
        self.lr_slider, self.lr_box = learning_rate_controls(exp, on_error)
        self.optimizer = link(pn.widgets.Select(label="Optimizer", options=options(OPTIMIZER_LABELS, OPTIMIZERS),
                                                width=105, margin=(2, 5), description=tooltip(exp, "optimizer")),
                              exp, "optimizer", on_error=on_error)
        self.activation = link(pn.widgets.Select(label="Activation", width=105, margin=(2, 5),
                                                 options=options(ACTIVATION_LABELS, HIDDEN_ACTIVATIONS),
                                                 description=tooltip(exp, "activation")),
                               exp, "activation", on_error=on_error)
        self.loss = link(pn.widgets.Select(label="Loss", width=130, margin=(2, 5), description=tooltip(exp, "loss"),
                                           options=options(LOSS_LABELS, exp.param.loss.objects)),
                         exp, "loss", on_error=on_error)
        self.regularization = link(pn.widgets.Select(label="Regularisation", options=options(REG_LABELS, REG_LABELS),
                                                     width=95, margin=(2, 5),
                                                     description=tooltip(exp, "regularization")),
                                   exp, "regularization", on_error=on_error)
        rates = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
        self.reg_rate = link(pn.widgets.Select(label="Reg. rate", width=80, margin=(2, 5), options=rates,
                                               description=tooltip(exp, "reg_rate")),
                             exp, "reg_rate", to_widget=lambda v: min(rates, key=lambda r: abs(r - v)),
                             on_error=on_error)
        self.dropout = link(pn.widgets.FloatSlider(label="Dropout", start=0, end=0.9, step=0.05, width=140,
                                                   margin=(2, 5)),
                            exp, "dropout", prop="value_throttled", on_error=on_error)
        self.predict_dropout = link(pn.widgets.Checkbox(label="Dropout also while predicting", width=200,
                                                        margin=(4, 5), css_classes=["pg-predict-dropout"]),
                                    exp, "predict_dropout", on_error=on_error)
        self.momentum = link(pn.widgets.FloatSlider(label="Momentum", start=0, end=0.99, step=0.01, width=140,
                                                    margin=(2, 5)),
                             exp, "momentum", prop="value_throttled", on_error=on_error)
        self.init = link(pn.widgets.Select(label="Initial weights", options=options(INIT_LABELS, INITIALISERS),
                                           width=200, margin=(2, 5), description=tooltip(exp, "init")),
                         exp, "init", on_error=on_error)
        self.schedule = link(pn.widgets.Select(label="LR schedule", options=options(SCHEDULE_LABELS, SCHEDULES),
                                               width=110, margin=(2, 5), description=tooltip(exp, "schedule")),
                             exp, "schedule", on_error=on_error)
        self.lr_decay = link(pn.widgets.FloatInput(label="Decay factor", start=0.01, end=1.0, step=0.05, width=80,
                                                   margin=(2, 5), description=tooltip(exp, "lr_decay")),
                             exp, "lr_decay", on_error=on_error)
        self.lr_step = link(pn.widgets.IntInput(label="Every (epochs)", start=1, end=100000, width=90, margin=(2, 5),
                                                description=tooltip(exp, "lr_step")),
                            exp, "lr_step", on_error=on_error)
        self.early = link(pn.widgets.Checkbox(label="Early stopping", width=110, margin=(8, 5)),
                          exp, "early_stopping", on_error=on_error)
        self.patience = link(pn.widgets.IntInput(label="Patience", start=1, end=100000, width=90,
                                                 margin=(2, 5), description=tooltip(exp, "patience")),
                             exp, "patience", on_error=on_error)
        self.batch = link(pn.widgets.IntSlider(label="Batch size", start=1, end=100, width=95, margin=(2, 5)),
                          exp, "batch_size", prop="value_throttled", on_error=on_error)

    def tip(self, widget):
        """The widget with its setting's explanation as a tooltip (see :func:`with_tip`)."""
        return with_tip(widget, tooltip(self.experiment, self._names[widget]))

    @property
    def _names(self):
        return {self.speed: "epochs_per_frame", self.lr_slider: "learning_rate", self.dropout: "dropout",
                self.momentum: "momentum", self.early: "early_stopping", self.batch: "batch_size",
                self.predict_dropout: "predict_dropout"}

    def _running_changed(self, event):
        self.play.label = "Pause" if event.new else "Play"
        self.play.color = "warning" if event.new else "primary"

    def top_bar(self):
        """The controls used most, in one row."""
        return pn.Row(self.play, self.step, self.reset, self.speed, self.lr_slider, self.lr_box, self.optimizer,
                      self.activation, self.regularization, self.reg_rate, self.loss, margin=0)

    def advanced(self):
        """The rest, for the side panel."""
        return pn.Column(self.tip(self.dropout), self.tip(self.predict_dropout), self.tip(self.momentum), self.init,
                         pn.Row(self.schedule, self.lr_decay, margin=0), self.lr_step,
                         pn.Row(self.tip(self.early), self.patience, margin=0), margin=0)
