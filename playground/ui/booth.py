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

from ..settings import choices
from .binding import control, link
from .url_state import apply_query, encode

ATTRACT_CYCLE_S = 40.0  # the attract loop starts training from scratch this often
CHECK_EVERY_MS = 500
LEARNING_RATES = {"slow": 0.003, "medium": 0.03, "fast": 0.3, "too fast": 3.0}
ACTIVATIONS = {"tanh": "tanh", "ReLU": "relu", "sigmoid": "sigmoid"}
SHORT_NAMES = {"quark_gluon": "Quarks or gluons", "circle": "Circle", "xor": "XOR", "two_blobs": "Two blobs",
               "spiral": "Spiral"}
BIG = 64  # px: touch targets well above the 44-48 px guidelines
CAPTION = ("Watch a neural network learn to tell <b>quark</b> jets from <b>gluon</b> jets. "
           "Touch the screen to try it yourself!")

def nearest_rate(rates: dict, lr: float) -> float:
    """The speed button closest to a learning rate (by ratio: 0.03 is 'medium', 2.0 'too fast')."""
    return min(rates.values(), key=lambda r: abs(r - lr) / r)


def _label(text: str, size: int = 15) -> pn.pane.HTML:
    return pn.pane.HTML(f"<div style='font-size:calc({size}px * var(--pg-scale, 1));font-weight:700;color:#333'>"
                        f"{text}</div>", margin=(10, 8, 0, 8))


def _note(text: str) -> pn.pane.HTML:
    return pn.pane.HTML(f"<div style='font-size:calc(13px * var(--pg-scale, 1));color:#555;line-height:1.35'>"
                        f"{text}</div>", margin=(0, 8, 4, 8), width=300)


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

        self.play = pn.widgets.Button(label="▶  Play", color="primary", width=150, height=BIG, margin=(6, 8),
                                      css_classes=["pg-booth-play"])
        self.play.on_click(lambda e: app.loop.toggle())
        app.loop.param.watch(self._running_changed, "running")
        self.restart = pn.widgets.Button(label="↺  Start again", color="light", width=150, height=BIG,
                                         margin=(6, 8), css_classes=["pg-booth-reset"])
        self.restart.on_click(lambda e: app.loop.reset())

        self.dataset = control(
            exp, "dataset", pn.widgets.RadioButtonGroup,
            options={SHORT_NAMES.get(n, label): n for label, n in choices(exp, "dataset").items()},
            orientation="vertical", color="default", width=300, margin=(4, 8), css_classes=["pg-booth-data"],
            stylesheets=[".bk-btn { min-height: 50px; }"])

        self.layers_text = pn.pane.HTML("", width=170, margin=(6, 4), css_classes=["pg-booth-layers"])
        self.neurons_text = pn.pane.HTML("", width=170, margin=(6, 4), css_classes=["pg-booth-neurons"])
        self.fewer_layers = self._button("−", "pg-booth-fewer-layers", exp.remove_layer)
        self.more_layers = self._button("+", "pg-booth-more-layers", exp.add_layer)
        self.fewer_neurons = self._button("−", "pg-booth-fewer-neurons", lambda: self._neurons(-1))
        self.more_neurons = self._button("+", "pg-booth-more-neurons", lambda: self._neurons(+1))
        acts = {k: v for k, v in ACTIVATIONS.items() if v in exp.param.activation.objects}
        self.activation = control(exp, "activation", pn.widgets.RadioButtonGroup, options=acts, width=300,
                                  height=BIG - 8, margin=(4, 8), css_classes=["pg-booth-act"])
        lo, hi = exp.param.learning_rate.bounds
        rates = {k: v for k, v in LEARNING_RATES.items() if lo <= v <= hi}
        self.rate = link(pn.widgets.RadioButtonGroup(options=rates, width=300, height=BIG - 8, margin=(4, 8),
                                                     css_classes=["pg-booth-rate"]),
                         exp, "learning_rate", to_widget=lambda lr: nearest_rate(rates, lr), on_error=app.notify)

        self.colorblind = control(exp, "colorblind", pn.widgets.Toggle, label="Colour-blind colours", width=190,
                                  height=BIG - 16, margin=(8, 4), css_classes=["pg-booth-colorblind"])
        self.fullscreen = pn.widgets.Button(label="Full screen", color="light", width=140, height=BIG - 16,
                                            margin=(8, 4), css_classes=["pg-booth-fullscreen"])
        self.fullscreen.js_on_click(code="const d = document; (d.fullscreenElement ? d.exitFullscreen() : "
                                         "d.documentElement.requestFullscreen()).catch(() => {});")
        app.how.button.height = BIG - 16
        app.how.button.width = 170
        app.text_size.height = BIG - 16
        app.text_size.width = 190

        self.caption = pn.pane.HTML(f"<div data-testid='attract-caption' style='font-size:calc(20px * "
                                    f"var(--pg-scale, 1));padding:10px 16px;background:#eef6fc;border-left:6px "
                                    f"solid #0877bd;border-radius:4px'>{CAPTION}</div>", margin=(4, 8),
                                    sizing_mode="stretch_width", visible=False)
        app.address.report_touches = True  # the page's browser side reports touches (browser_bridge.py)
        app.address.param.watch(lambda e: self.touched(), "touched")
        exp.param.watch(lambda e: self._sync_counts(), ["hidden_layers"])
        self._sync_counts()
        self.layout = self._page()

    # --- widgets -------------------------------------------------------------------------------
    def _button(self, label, css, action):
        b = pn.widgets.Button(label=label, width=BIG, height=BIG, margin=(4, 4), color="light", css_classes=[css],
                              stylesheets=[".bk-btn { font-size: 28px; font-weight: 700; }"])
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
        style = "font-size:calc(17px * var(--pg-scale, 1));line-height:56px"
        self.layers_text.object = (f"<div style='{style}'><b data-testid='booth-layers'>{len(hidden)}</b> "
                                   f"layer{'s' if len(hidden) != 1 else ''}</div>")
        widest = max(hidden) if hidden else 0
        self.neurons_text.object = (f"<div style='{style}'><b data-testid='booth-neurons'>{widest}</b> "
                                    f"per layer</div>")
        self.fewer_layers.disabled = not hidden
        self.more_layers.disabled = len(hidden) >= max_layers
        self.fewer_neurons.disabled = not hidden or widest <= 1
        self.more_neurons.disabled = not hidden or min(hidden) >= cap

    def _running_changed(self, event):
        self.play.label = "❚❚  Pause" if event.new else "▶  Play"
        self.play.color = "warning" if event.new else "primary"

    def _page(self):
        app = self.app
        title = pn.pane.HTML("<div style='font-size:calc(26px * var(--pg-scale, 1));font-weight:700'>"
                             "Can a neural network tell quarks from gluons?</div>", margin=(10, 12),
                             sizing_mode="stretch_width")
        header = pn.Row(title, app.how.button, self.colorblind, app.text_size, self.fullscreen, margin=0,
                        sizing_mode="stretch_width", styles={"border-bottom": "1px solid #e2e2e2"})
        self.controls = controls = pn.Column(
            pn.Row(self.play, self.restart, margin=0),
            _label("What should it learn?"), self.dataset,
            _label("How big is the network?"),
            pn.Row(self.fewer_layers, self.layers_text, self.more_layers, margin=0),
            pn.Row(self.fewer_neurons, self.neurons_text, self.more_neurons, margin=0),
            _note("More neurons and layers can draw more complicated borders, but learn more slowly."),
            _label("Neuron type (activation)"), self.activation,
            _label("Learning speed (learning rate)"), self.rate,
            _note("Too fast and the network overshoots and gets lost; too slow and it barely moves."),
            width=340, margin=(0, 4))
        # Booth screens differ: the network and the plane take the width there is, keeping their shape.
        app.boundary.fig.update(sizing_mode="scale_width", max_width=560)
        app.network.diagram.fig.update(sizing_mode="scale_width", max_width=app.network.diagram.width)
        app.loss.linear.update(sizing_mode="stretch_width", max_width=560)
        right = pn.Column(app.readouts.epoch, app.readouts.losses, app.boundary.fig, app.classifier.text,
                          app.loss.linear, min_width=360, max_width=580, sizing_mode="stretch_width", margin=(0, 4))
        middle = pn.Column(app.network.diagram.fig, _note("Circles are neurons; each small picture shows what "
                                                           "that neuron has learned to look for. Lines are weights: "
                                                           "blue positive, orange negative, thicker is stronger."),
                           min_width=360, sizing_mode="stretch_width", margin=(0, 4))
        return pn.Column(header, self.caption, pn.Row(app.readouts.notice, app.recover, margin=0,
                                                      sizing_mode="stretch_width"),
                         pn.Row(controls, middle, right, margin=0, sizing_mode="stretch_width"), app.how.modal,
                         app.address,
                         margin=0, sizing_mode="stretch_width", css_classes=["pg-booth"])

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
