"""Training controls: play/pause, step, reset, speed, learning rate (log scale), optimizer, loss,
activation, regularisation, dropout, initialisation, schedule and early stopping.

Every widget is linked to one Experiment setting (see :mod:`playground.ui.binding`) and carries that
setting's explanation as its tooltip. Settings that do not change the architecture apply on the fly.
"""
from __future__ import annotations

import math

import panel as pn
from bokeh.models import CustomJSTickFormatter

from ..settings import DEPENDS_ON, matters, parse_decimal
from .binding import control, link, tooltip, with_tip


def lr_text(lr: float) -> str:
    return f"{lr:.3g}"


def learning_rate_controls(experiment, on_error):
    """The one learning-rate control: a log-scale slider over the session's own range (10^-5 .. 10,
    or a booth's narrower one, followed when it changes) and a box to type the exact value."""
    p = experiment.param.learning_rate
    slider = pn.widgets.FloatSlider(
        label=p.label, step=0.05, width=150, margin=(2, 5),
        format=CustomJSTickFormatter(code="return Number(Math.pow(10, tick).toPrecision(2)).toString()"),
        show_value=False)
    box = pn.widgets.TextInput(label="\u00a0", width=62, margin=(2, 5), css_classes=["pg-lr-input"])

    def follow_range(event=None):
        lo, hi = p.bounds
        slider.param.update(start=round(math.log10(lo), 2), end=round(math.log10(hi), 2))
        box.description = f"Type an exact learning rate between {lo:g} and {hi:g}."

    follow_range()
    p.owner.param.watch(follow_range, "learning_rate", what="bounds")
    link(slider, experiment, "learning_rate", prop="value_throttled",
         to_param=lambda v: float(f"{10 ** v:.3g}"), to_widget=lambda lr: round(math.log10(lr), 2), on_error=on_error)

    def parse(text):
        try:
            return parse_decimal(str(text).strip())  # the codec's rules: ASCII digits, a decimal comma
        except ValueError:
            raise ValueError(f"'{str(text)[:40]}' is not a number such as 0.03") from None

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
        loop.param.watch(self._running_changed, "running")
        self.step = pn.widgets.Button(label="Step", width=60, margin=(8, 4), color="light",
                                      description="Train exactly one frame (the 'speed' number of epochs), then stop.")
        self.step.on_click(lambda e: loop.step_once())
        self.reset = pn.widgets.Button(label="Reset", width=64, margin=(8, 4), color="light",
                                       description="Start again from new random weights; all settings stay.")
        self.reset.on_click(lambda e: loop.reset())
        self.speed = control(exp, "epochs_per_frame", pn.widgets.IntSlider, throttled=True, width=130,
                             margin=(2, 5))
        self.lr_slider, self.lr_box = learning_rate_controls(exp, on_error)
        self.optimizer = control(exp, "optimizer", pn.widgets.Select, width=105, margin=(2, 5))
        self.activation = control(exp, "activation", pn.widgets.Select, width=105, margin=(2, 5))
        self.loss = control(exp, "loss", pn.widgets.Select, width=130, margin=(2, 5))
        self.regularization = control(exp, "regularization", pn.widgets.Select, width=118, margin=(2, 5))
        self.reg_rate = self._reg_rate(on_error)
        # The Training tab's own copies of the header's last three controls: with larger text the
        # header would not fit one line, so these take over there (PlaygroundApp.compact_header).
        self.optimizer_tab = control(exp, "optimizer", pn.widgets.Select, width=105, margin=(2, 5), visible=False)
        self.regularization_tab = control(exp, "regularization", pn.widgets.Select, width=118, margin=(2, 5),
                                          visible=False)
        self.reg_rate_tab = self._reg_rate(on_error, visible=False)
        self.dropout = control(exp, "dropout", pn.widgets.FloatSlider, throttled=True, label="Dropout", width=140,
                               margin=(2, 5))
        self.predict_dropout = control(exp, "predict_dropout", pn.widgets.Checkbox,
                                       label="Dropout also while predicting", width=200, margin=(4, 5),
                                       css_classes=["pg-predict-dropout"])
        self.momentum = control(exp, "momentum", pn.widgets.FloatSlider, throttled=True, width=140, margin=(2, 5))
        self.init = control(exp, "init", pn.widgets.Select, width=200, margin=(2, 5))
        self.schedule = control(exp, "schedule", pn.widgets.Select, width=110, margin=(2, 5))
        self.lr_decay = control(exp, "lr_decay", pn.widgets.FloatInput, step=0.05, width=80, margin=(2, 5))
        self.lr_step = control(exp, "lr_step", pn.widgets.IntInput, width=90, margin=(2, 5))
        self.early = control(exp, "early_stopping", pn.widgets.Checkbox, width=110, margin=(8, 5))
        self.patience = control(exp, "patience", pn.widgets.IntInput, width=90, margin=(2, 5))
        self.batch = control(exp, "batch_size", pn.widgets.IntSlider, throttled=True, width=95, margin=(2, 5))
        self.maxout_pieces = control(exp, "maxout_pieces", pn.widgets.IntSlider, throttled=True, width=140,
                                     margin=(2, 5))

    def _reg_rate(self, on_error, **params):
        """The regularisation rate as a menu of round numbers (the setting itself takes any)."""
        rates = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
        return link(pn.widgets.Select(label="Reg. rate", width=90, margin=(2, 5), options=rates,
                                      description=tooltip(self.experiment, "reg_rate"), **params),
                    self.experiment, "reg_rate", to_widget=lambda v: min(rates, key=lambda r: abs(r - v)),
                    on_error=on_error)

    def compact(self, on: bool, hidden=()) -> None:
        """Optimizer and regularisation in the Training tab (``on``: larger text) or in the header;
        a control a teacher's link hides (``hidden``: setting names) stays hidden in both."""
        for name, header, tab in (("optimizer", self.optimizer, self.optimizer_tab),
                                  ("regularization", self.regularization, self.regularization_tab),
                                  ("reg_rate", self.reg_rate, self.reg_rate_tab)):
            shown = name not in hidden
            header.visible, tab.visible = shown and not on, shown and on

    def tip(self, widget):
        """The widget with its setting's explanation as a tooltip (see :func:`with_tip`)."""
        return with_tip(widget, tooltip(self.experiment, self._names[widget]))

    @property
    def _names(self):
        return {self.speed: "epochs_per_frame", self.lr_slider: "learning_rate", self.dropout: "dropout",
                self.momentum: "momentum", self.early: "early_stopping", self.batch: "batch_size",
                self.predict_dropout: "predict_dropout", self.maxout_pieces: "maxout_pieces"}

    def _running_changed(self, event):
        self.play.label = "Pause" if event.new else "Play"
        self.play.color = "warning" if event.new else "primary"

    def top_bar(self):
        """The controls used most, in one row."""
        return pn.Row(self.play, self.step, self.reset, self.speed, self.lr_slider, self.lr_box, self.optimizer,
                      self.activation, self.regularization, self.reg_rate, self.loss, margin=0)

    def advanced(self, hidden=()):
        """The rest, for the side panel. A control shows only while it has an effect (momentum with a
        momentum optimizer, the decay settings with a schedule that decays; ``settings.matters``),
        unless a teacher's link hides it (``hidden``: setting names)."""
        momentum = self.tip(self.momentum)
        pieces = self.maxout_pieces_row = self.tip(self.maxout_pieces)
        shown = {"momentum": momentum, "lr_decay": self.lr_decay, "lr_step": self.lr_step, "patience": self.patience,
                 "maxout_pieces": pieces}

        def follow(*events):
            for name, item in shown.items():
                visible = name not in hidden and matters(self.experiment, name)
                if item.visible != visible:
                    item.visible = visible

        self.experiment.param.watch(follow, sorted({DEPENDS_ON[n][0] for n in shown}))
        follow()
        return pn.Column(self.tip(self.dropout), self.tip(self.predict_dropout), momentum, self.init,
                         pn.Row(self.schedule, self.lr_decay, margin=0), self.lr_step,
                         pn.Row(self.tip(self.early), self.patience, margin=0), pieces, margin=0)
