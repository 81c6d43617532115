"""The booth (kiosk) page: a touch screen at an outreach stand that teaches on its own.

Nobody reads a manual at a booth, so this page keeps only what a passer-by can use in a minute —
data, layers, neurons, activation, learning rate, play and start again — as large touch targets with
their meaning written beside them (a touch screen has no hover, so no tooltips). Ranges are narrowed
server-side (:data:`playground.limits.BOOTH_LIMITS`), so neither a button nor a link can reach a
setting that would stall the screen.

When nobody has touched the screen for ``reset_after`` seconds the page returns to its *attract
loop*: the starting network (quark/gluon unless a preset says otherwise) trains from scratch under a
short caption, again every :data:`ATTRACT_CYCLE_S` seconds, so the next visitor always starts fresh.
A touch anywhere (or a key press) counts: the page's browser side reports it
(:class:`~playground.ui.browser_bridge.BrowserBridge`), at most once a second.
"""
from __future__ import annotations

import time

import panel as pn
from bokeh.models import DataRange1d

from ..settings import choices
from . import style
from .binding import control, link
from .theme import class_color
from .url_state import apply_query, encode

ATTRACT_CYCLE_S = 40.0  # the attract loop starts training from scratch this often
CHECK_EVERY_MS = 500
LEARNING_RATES = {"slow": 0.003, "medium": 0.03, "fast": 0.3, "too fast": 3.0}
ACTIVATIONS = {"tanh": "tanh", "ReLU": "relu", "sigmoid": "sigmoid"}
SHORT_NAMES = {"quark_gluon": "Quarks or gluons", "circle": "Circle", "xor": "XOR", "two_blobs": "Two blobs",
               "spiral": "Spiral"}
BIG = 60  # px: touch targets well above the 44-48 px guidelines
CONTROLS_W = 250  # px at normal text; grows with the text size, capped at a share of the screen


def nearest_rate(rates: dict, lr: float) -> float:
    """The speed button closest to a learning rate (by ratio: 0.03 is 'medium', 2.0 'too fast')."""
    return min(rates.values(), key=lambda r: abs(r - lr) / r)


def caption_html(colorblind: bool) -> str:
    """The attract loop's line, with *quark* and *gluon* in their colours on the plane."""
    quark, gluon = (class_color(c, 2, colorblind) for c in (1, 0))
    return (f"<div class='pg-caption-text' data-testid='attract-caption'>Watch a neural network learn to tell "
            f"<b style='color:{quark}'>quark</b> jets from <b style='color:{gluon}'>gluon</b> jets. "
            f"Touch the screen to try it yourself!</div>")


def _text(cls: str, text: str, **params) -> pn.pane.HTML:
    params.setdefault("margin", (8, 8, 0, 8))
    return pn.pane.HTML(f"<div class='{cls}'>{text}</div>", sizing_mode="stretch_width", **params)


def _no_tooltip(*widgets) -> None:
    """A touch screen has no hover: a tap would pop a tooltip up and leave it there."""
    for w in widgets:
        if "description" in w.param:
            w.description = None


class BoothPage:
    """Builds the booth layout from a :class:`~playground.ui.app.PlaygroundApp`'s views and runs the
    idle reset. ``app.site.reset_after`` is the idle time in seconds."""

    def __init__(self, app):
        self.app = app
        exp = self.experiment = app.experiment
        self.reset_after = float(app.site.reset_after)
        self.home = encode(exp)  # what the attract loop returns to: the page's starting settings
        self.attracting = False
        self.last_touch = time.monotonic()
        self._attract_started = 0.0
        self._timer = None
        wide = dict(sizing_mode="stretch_width", margin=(4, 8))

        self.play = pn.widgets.Button(label="▶  Play", color="primary", height=BIG, margin=(6, 8),
                                      sizing_mode="stretch_width", css_classes=["pg-booth-play"])
        self.play.on_click(lambda e: app.loop.toggle())
        app.loop.param.watch(self._running_changed, "running")
        self.restart = pn.widgets.Button(label="↺  Start again", color="light", height=BIG, margin=(6, 8),
                                         sizing_mode="stretch_width", css_classes=["pg-booth-reset"])
        self.restart.on_click(lambda e: app.loop.reset())

        self.dataset = control(
            exp, "dataset", pn.widgets.RadioButtonGroup,
            options={SHORT_NAMES.get(n, label): n for label, n in choices(exp, "dataset").items()},
            orientation="vertical", color="default", css_classes=["pg-booth-data", "pg-booth-choice"], **wide)

        self.layers_text = pn.pane.HTML("", margin=(2, 4), sizing_mode="stretch_width",
                                        css_classes=["pg-booth-layers"])
        self.neurons_text = pn.pane.HTML("", margin=(2, 4), sizing_mode="stretch_width",
                                         css_classes=["pg-booth-neurons"])
        self.fewer_layers = self._button("−", "pg-booth-fewer-layers", exp.remove_layer)
        self.more_layers = self._button("+", "pg-booth-more-layers", exp.add_layer)
        self.fewer_neurons = self._button("−", "pg-booth-fewer-neurons", lambda: self._neurons(-1))
        self.more_neurons = self._button("+", "pg-booth-more-neurons", lambda: self._neurons(+1))
        acts = {k: v for k, v in ACTIVATIONS.items() if v in exp.param.activation.objects}
        self.activation = control(exp, "activation", pn.widgets.RadioButtonGroup, options=acts, height=BIG - 8,
                                  css_classes=["pg-booth-act"], **wide)
        lo, hi = exp.param.learning_rate.bounds
        rates = {k: v for k, v in LEARNING_RATES.items() if lo <= v <= hi}
        self.rate = link(pn.widgets.RadioButtonGroup(options=rates, height=BIG - 8, css_classes=["pg-booth-rate"],
                                                     **wide),
                         exp, "learning_rate", to_widget=lambda lr: nearest_rate(rates, lr), on_error=app.notify)

        self.colorblind = control(exp, "colorblind", pn.widgets.Toggle, label="Colour-blind colours",
                                  height=BIG - 12, margin=(8, 4), css_classes=["pg-booth-colorblind"])
        self.fullscreen = pn.widgets.Button(label="Full screen", color="light", height=BIG - 12,
                                            margin=(8, 4), css_classes=["pg-booth-fullscreen"])
        self.fullscreen.js_on_click(code="const d = document; (d.fullscreenElement ? d.exitFullscreen() : "
                                         "d.documentElement.requestFullscreen()).catch(() => {});")
        app.how.button.param.update(height=BIG - 12, width=None)
        app.text_size.param.update(height=BIG - 12, width=170)
        style.grow(app.text_size)
        _no_tooltip(self.play, self.restart, self.dataset, self.activation, self.rate, self.colorblind,
                    self.fullscreen, app.how.button, app.text_size)

        self.caption = pn.pane.HTML(caption_html(exp.colorblind), margin=0, visible=False, css_classes=["pg-caption"])
        exp.param.watch(lambda e: setattr(self.caption, "object", caption_html(e.new)), "colorblind")
        app.address.report_touches = True  # the page's browser side reports touches (browser_bridge.py)
        app.address.param.watch(lambda e: self.touched(), "touched")
        exp.param.watch(lambda e: self._sync_counts(), ["hidden_layers"])
        self._sync_counts()
        self.layout = self._page()

    # --- widgets -------------------------------------------------------------------------------
    def _button(self, label, css, action):
        b = pn.widgets.Button(label=label, width=BIG, height=BIG, margin=(4, 4), color="light",
                              css_classes=[css, "pg-big-sign"])
        b.on_click(lambda e: action())
        return b

    def _neurons(self, delta: int) -> None:
        """Add or remove one neuron in every hidden layer (one tap, a visibly bigger network)."""
        exp = self.experiment
        cap = exp.param.hidden_layers.max_neurons
        sizes = [min(cap, max(1, n + delta)) for n in exp.hidden_layers]
        if sizes != exp.hidden_layers:
            exp.hidden_layers = sizes

    def _sync_counts(self):
        exp = self.experiment
        hidden = exp.hidden_layers
        max_layers = exp.param.hidden_layers.bounds[1]
        cap = exp.param.hidden_layers.max_neurons
        self.layers_text.object = (f"<div class='pg-count'><b data-testid='booth-layers'>{len(hidden)}</b> "
                                   f"layer{'s' if len(hidden) != 1 else ''}</div>")
        counts = ", ".join(str(n) for n in hidden) or "0"
        self.neurons_text.object = (f"<div class='pg-count'><b data-testid='booth-neurons'>{counts}</b> "
                                    f"neuron{'s' if hidden != [1] else ''}</div>")
        widest = max(hidden) if hidden else 0
        self.fewer_layers.disabled = not hidden
        self.more_layers.disabled = len(hidden) >= max_layers
        self.fewer_neurons.disabled = not hidden or widest <= 1
        self.more_neurons.disabled = not hidden or min(hidden) >= cap

    def _running_changed(self, event):
        self.play.label = "❚❚  Pause" if event.new else "▶  Play"
        self.play.color = "warning" if event.new else "primary"

    def _page(self):
        app = self.app
        # The pictures take the room the screen has (the stylesheet sizes their columns), keeping shape.
        app.boundary.fig.update(sizing_mode="stretch_both")
        diagram = app.network.diagram
        # Any shape of box: the ranges follow the drawing and keep one pixel per unit both ways, so
        # neurons stay square (Bokeh's match_aspect).
        diagram.fig.update(sizing_mode="stretch_both", match_aspect=True,
                           x_range=DataRange1d(range_padding=0.12), y_range=DataRange1d(range_padding=0.06))
        plane = pn.Column(app.boundary.fig, margin=0, css_classes=["pg-booth-plane"])
        network = pn.Column(diagram.fig, margin=0, sizing_mode="stretch_both", css_classes=["pg-booth-diagram"])
        app.loss.linear.update(sizing_mode="stretch_width", height=150)
        title = _text("pg-big-title", "Can a neural network tell quarks from gluons?", margin=(10, 12))
        header = pn.Row(title, app.how.button, self.colorblind, app.text_size, self.fullscreen, margin=0,
                        sizing_mode="stretch_width", css_classes=["pg-booth-header"])
        self.controls = controls = style.grow(pn.Column(
            pn.Row(self.play, self.restart, margin=0, sizing_mode="stretch_width"),
            _text("pg-label", "What should it learn?"), self.dataset,
            _text("pg-label", "How big is the network?"),
            pn.Row(self.fewer_layers, self.layers_text, self.more_layers, margin=0, sizing_mode="stretch_width"),
            pn.Row(self.fewer_neurons, self.neurons_text, self.more_neurons, margin=0, sizing_mode="stretch_width"),
            _text("pg-note", "More neurons and layers can draw more complicated borders, but learn more slowly.",
                  margin=(0, 8, 4, 8), css_classes=["pg-booth-aside"]),
            _text("pg-label", "Neuron type (activation)"), self.activation,
            _text("pg-label", "Learning speed (learning rate)"), self.rate,
            _text("pg-note", "Too fast and the network overshoots and gets lost; too slow and it barely moves.",
                  margin=(0, 8, 4, 8), css_classes=["pg-booth-aside"]),
            margin=(0, 4), css_classes=["pg-booth-controls", "pg-capped"]), width=CONTROLS_W)
        middle = pn.Column(_text("pg-note", "Each square is a neuron; its small picture shows what that neuron "
                                            "has learned to look for. Lines are weights: blue positive, orange "
                                            "negative, thicker is stronger.", margin=(8, 8, 0, 8)),
                           network,
                           sizing_mode="stretch_both", margin=(0, 4), css_classes=["pg-booth-middle"])
        right = pn.Column(pn.FlexBox(app.readouts.epoch, app.readouts.losses, margin=0), app.boundary.key,
                          plane, app.loss.linear,
                          sizing_mode="stretch_height", margin=(0, 4), css_classes=["pg-booth-right"])
        return pn.Column(header, pn.Row(app.readouts.notice, app.recover, margin=0, sizing_mode="stretch_width"),
                         pn.Row(controls, middle, right, margin=0, sizing_mode="stretch_both"),
                         self.caption, app.how.modal, app.address,
                         margin=0, sizing_mode="stretch_both", css_classes=["pg-booth"])

    # --- idle reset and attract loop -----------------------------------------------------------
    def start(self) -> None:
        """Page connected: listen for touches, start the idle timer, and show the attract loop (a new
        visitor finds a network already learning)."""
        self._timer = pn.state.add_periodic_callback(self.check_idle, period=CHECK_EVERY_MS)
        self.attract(keep_notice=True)  # a link's notices stay readable on the first screen

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def touched(self) -> None:
        """A visitor touched the screen: the attract caption goes; the idle clock restarts."""
        self.last_touch = time.monotonic()
        if self.attracting:
            self.attracting = False
            self.caption.visible = False

    def check_idle(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.app.loop.tab_closed():
            return
        if not self.attracting and now - self.last_touch >= self.reset_after:
            self.attract(now)
        elif self.attracting and now - self._attract_started >= ATTRACT_CYCLE_S:
            self._restart_attract(now)

    def attract(self, now: float | None = None, keep_notice: bool = False) -> None:
        """Back to the starting settings, new random weights, caption on, training."""
        app = self.app
        app.loop.pause()
        app.how.hide()
        apply_query(self.experiment, self.home)
        self.experiment.take_notices()
        if not keep_notice:
            app.notify("")
        self.attracting = True
        self.caption.visible = True
        self._restart_attract(now)

    def _restart_attract(self, now: float | None = None) -> None:
        self._attract_started = time.monotonic() if now is None else now
        self.app.loop.reset()
        self.app.loop.play()
