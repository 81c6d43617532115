"""The booth (kiosk) page: a touch screen at an outreach stand that teaches on its own.

Nobody reads a manual at a booth, so this page keeps only what a passer-by can use in a minute —
data, layers, neurons, activation, learning rate, play and start again — as large touch targets with
their meaning written beside them (a touch screen has no hover, so no tooltips). Ranges are narrowed
server-side (:data:`playground.limits.BOOTH_LIMITS`), so neither a button nor a link can reach a
setting that would stall the screen.

When nobody has touched the screen for ``reset_after`` seconds the page returns to its *attract
loop*, which tells the poster's story in :data:`SCENES` of ``app.site.scene_seconds`` each, with a
one-line caption: the network learning slowly enough that the boundary visibly moves; a big
network on few jets overfitting (the test loss climbs); and a far too fast learning rate getting
lost, then a sensible one finding its way. The page's starting settings come back each time, so
the next visitor always starts fresh. (With another starting data set than quark/gluon, only the
first scene plays.) The words are data (:mod:`playground.ui.texts`): a language switch in the
header, and ``?lang=de`` for the language the page returns to.
A touch anywhere (or a key press) counts: the page's browser side reports it
(:class:`~playground.ui.browser_bridge.BrowserBridge`), at most once a second.
"""
from __future__ import annotations

import html
import time
from dataclasses import dataclass, field

import panel as pn
from bokeh.models import DataRange1d

from ..settings import choices
from . import style
from .binding import control, link
from .texts import booth_texts, languages
from .theme import class_color
from .url_state import apply_query, encode

CHECK_EVERY_MS = 500
#: Learning-rate buttons: text key -> rate.
LEARNING_RATES = {"slow": 0.003, "medium": 0.03, "fast": 0.3, "too_fast": 3.0}
ACTIVATIONS = {"tanh": "tanh", "ReLU": "relu", "sigmoid": "sigmoid"}


@dataclass(frozen=True)
class Scene:
    """One part of the attract loop: link-style settings on top of the starting ones, a caption
    (a key of the texts' ``[scenes]``), and optionally a second half with other settings and fresh
    weights (``later``, ``later_caption``)."""

    caption: str
    settings: dict = field(default_factory=dict)
    later: dict = field(default_factory=dict)
    later_caption: str = ""


#: Measured on the shipped jets (``Experiment.step``): at 0.003 with batches of 50 the boundary
#: still turns after 800 epochs; [8, 8, 8] on 50 training jets takes the test loss from its best,
#: 0.32, up to 0.84 within 2000 epochs while the training loss falls to 0.05
#: (tests/ui/test_booth_story.py); ReLU at 3.0 ends at chance (loss 0.693).
SCENES = (
    Scene("learn", {"learning_rate": "0.003", "batch_size": "50"}),
    Scene("overfit", {"n_samples": "100", "hidden_layers": "8,8,8", "batch_size": "5", "learning_rate": "0.03"}),
    Scene("too_fast", {"learning_rate": "3.0", "hidden_layers": "8,8", "activation": "relu"},
          later={"learning_rate": "0.03"}, later_caption="too_fast_then"),
)
BIG = 60  # px: touch targets well above the 44-48 px guidelines
CONTROLS_W = 265  # px at normal text; grows with the text size, capped at a share of the screen


def nearest_rate(rates: dict, lr: float) -> float:
    """The speed button closest to a learning rate (by ratio: 0.03 is 'medium', 2.0 'too fast')."""
    return min(rates.values(), key=lambda r: abs(r - lr) / r)


def colours(colorblind: bool) -> dict:
    """The plane's class colours by name (quark is class 1)."""
    return {"quark": class_color(1, 2, colorblind), "gluon": class_color(0, 2, colorblind)}


def caption_html(text: str, words: dict, colorblind: bool, scene: str = "") -> str:
    """A caption line, with {quark} and {gluon} as coloured words."""
    c = colours(colorblind)
    line = html.escape(text).format(**{k: f"<b style='color:{c[k]}'>{html.escape(words[k])}</b>"
                                       for k in ("quark", "gluon")})
    return f"<div class='pg-caption-text' data-testid='attract-caption' data-scene='{scene}'>{line}</div>"


def _no_tooltip(*widgets) -> None:
    """A touch screen has no hover: a tap would pop a tooltip up and leave it there."""
    for w in widgets:
        if "description" in w.param:
            w.description = None


class BoothPage:
    """Builds the booth layout from a :class:`~playground.ui.app.PlaygroundApp`'s views and runs the
    idle reset and the attract loop. ``app.site.reset_after`` is the idle time in seconds."""

    def __init__(self, app):
        self.app = app
        exp = self.experiment = app.experiment
        self.reset_after = float(app.site.reset_after)
        self.scene_s = float(app.site.scene_seconds)
        self.home = encode(exp)  # what the attract loop returns to: the page's starting settings
        self.home_lang = app.options.lang
        self.home_text = app.options.text
        self.scenes = SCENES if exp.dataset == "quark_gluon" else (Scene("learn_other"),)
        self.attracting = False
        self.scene = 0
        self.last_touch = time.monotonic()
        self._scene_started = 0.0
        self._later_done = False
        self._timer = None
        wide = dict(sizing_mode="stretch_width", margin=(4, 8))

        self.play = pn.widgets.Button(color="primary", height=BIG, margin=(6, 8), sizing_mode="stretch_width",
                                      css_classes=["pg-booth-play"])
        self.play.on_click(lambda e: app.loop.toggle())
        app.loop.param.watch(lambda e: self._show_running(), "running")
        self.restart = pn.widgets.Button(color="light", height=BIG, margin=(6, 8), sizing_mode="stretch_width",
                                         css_classes=["pg-booth-reset"])
        self.restart.on_click(lambda e: app.loop.reset())
        self.dataset = control(exp, "dataset", pn.widgets.RadioButtonGroup, orientation="vertical",
                               color="default", css_classes=["pg-booth-data", "pg-booth-choice"], **wide)

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
        self._rates = {k: v for k, v in LEARNING_RATES.items() if lo <= v <= hi}
        self.rate = pn.widgets.RadioButtonGroup(options=self._rate_options("en"), height=BIG - 8,
                                                css_classes=["pg-booth-rate"], **wide)
        link(self.rate, exp, "learning_rate", to_widget=lambda lr: nearest_rate(self._rates, lr), on_error=app.notify)

        self.colorblind = control(exp, "colorblind", pn.widgets.Toggle, height=BIG - 12, margin=(8, 4),
                                  css_classes=["pg-booth-colorblind"])
        self.fullscreen = pn.widgets.Button(color="light", height=BIG - 12, margin=(8, 4),
                                            css_classes=["pg-booth-fullscreen"])
        self.fullscreen.js_on_click(code="const d = document; (d.fullscreenElement ? d.exitFullscreen() : "
                                         "d.documentElement.requestFullscreen()).catch(() => {});")
        self.language = pn.widgets.RadioButtonGroup(options={name: code for code, name in languages().items()},
                                                    value=self.home_lang, height=BIG - 12, margin=(8, 4),
                                                    color="light", css_classes=["pg-booth-language"])
        self.language.param.watch(lambda e: self.set_language(e.new), "value")
        app.how.button.param.update(height=BIG - 12, width=None)
        app.text_size.param.update(height=BIG - 12, width=170)
        style.grow(app.text_size)
        _no_tooltip(self.play, self.restart, self.dataset, self.activation, self.rate, self.colorblind,
                    self.fullscreen, self.language, app.how.button, app.text_size)

        self.caption = pn.pane.HTML("", margin=0, visible=False, css_classes=["pg-caption"])
        self._caption_key = self.scenes[0].caption
        self.jets = None
        if exp.dataset == "quark_gluon":
            try:
                from .jet_images import AverageJets

                self.jets = AverageJets()
            except (OSError, ValueError, RuntimeError):  # no example jets shipped: the booth still works
                self.jets = None
        self.title = pn.pane.HTML("", margin=(10, 12), sizing_mode="stretch_width")
        self.words = {key: pn.pane.HTML("", sizing_mode="stretch_width", margin=(8, 8, 0, 8))
                      for key in ("what_learn", "how_big", "activation", "rate")}
        self.notes = {key: pn.pane.HTML("", sizing_mode="stretch_width", margin=(0, 8, 4, 8),
                                        css_classes=["pg-booth-aside"]) for key in ("size_note", "rate_note")}
        self.diagram_note = pn.pane.HTML("", sizing_mode="stretch_width", margin=(8, 8, 0, 8))
        exp.param.watch(lambda e: self._show_colours(), "colorblind")
        app.address.report_touches = True  # the page's browser side reports touches (browser_bridge.py)
        app.address.param.watch(lambda e: self.touched(), "touched")
        exp.param.watch(lambda e: self._sync_counts(), ["hidden_layers"])
        app.network.on_node = self.show_neuron
        if self.jets is not None:  # the jets belong to the quark/gluon data: not beside a circle
            exp.param.watch(lambda e: setattr(self.jets.layout, "visible", e.new == "quark_gluon"), "dataset")
        self.set_language(self.home_lang)
        self.layout = self._page()

    # --- words ---------------------------------------------------------------------------------
    def _rate_options(self, lang: str) -> dict:
        names = booth_texts(lang)["rates"]
        return {names[k]: v for k, v in self._rates.items()}

    def set_language(self, lang: str) -> None:
        """Every word on the booth page (and in "How it works") in language ``lang``."""
        t = self.texts = booth_texts(lang)
        self.lang = lang
        if self.language.value != lang:
            self.language.value = lang
        app = self.app
        self.title.object = f"<div class='pg-big-title'>{html.escape(t['title'])}</div>"
        for key, pane in self.words.items():
            pane.object = f"<div class='pg-label'>{html.escape(t[key])}</div>"
        for key, pane in self.notes.items():
            pane.object = f"<div class='pg-note'>{html.escape(t[key])}</div>"
        self.diagram_note.object = f"<div class='pg-note'>{html.escape(t['diagram_note'])}</div>"
        self.dataset.options = {t["datasets"].get(n, label): n for label, n in
                                choices(self.experiment, "dataset").items()}
        self.rate.options = self._rate_options(lang)
        self.restart.label = t["start_again"]
        self.colorblind.label = t["colourblind"]
        self.fullscreen.label = t["full_screen"]
        app.how.button.label = t["how_it_works"]
        app.how.set_language(lang)
        app.network.diagram.set_words(t["inputs_named"], {k: t[k] for k in ("inputs", "neuron", "neurons", "output")})
        self._show_running()
        self._sync_counts()
        self._show_colours()
        self.app.loop.redraw()

    def _show_colours(self) -> None:
        t, colorblind = self.texts, self.experiment.colorblind
        words = {"quark": t["quark_word"], "gluon": t["gluon_word"]}
        self.caption.object = caption_html(t["scenes"][self._caption_key], words, colorblind, self._caption_key)
        if self.jets is not None:
            self.jets.set_texts(t["jets"]["title"], t["jets"]["quark"], t["jets"]["gluon"], colours(colorblind))

    def _show_running(self) -> None:
        running = self.app.loop.running
        self.play.label = self.texts["pause"] if running else self.texts["play"]
        self.play.color = "warning" if running else "primary"

    def show_neuron(self, layer: int, j: int) -> None:
        """A tapped neuron's picture, large on the plane for a few seconds."""
        frame = self.app.network.diagram.last
        if frame is None:
            return
        sizes = frame.layer_sizes[1:]  # hidden and output units, in the order of the frame's pictures
        index = sum(sizes[:layer]) + j
        t = self.texts
        last = layer == len(sizes) - 1
        who = t["output"] if last else f"{t['neuron'].capitalize()} {j + 1}, {t['layer']} {layer + 1}"
        self.app.boundary.show_unit(index, f"{who}: {t['shown_neuron']}")
        self.app.loop.redraw()

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
        exp, t = self.experiment, self.texts
        hidden = exp.hidden_layers
        max_layers = exp.param.hidden_layers.bounds[1]
        cap = exp.param.hidden_layers.max_neurons
        self.layers_text.object = (f"<div class='pg-count'><b data-testid='booth-layers'>{len(hidden)}</b> "
                                   f"{t['layer'] if len(hidden) == 1 else t['layers']}</div>")
        counts = ", ".join(str(n) for n in hidden) or "0"
        self.neurons_text.object = (f"<div class='pg-count'><b data-testid='booth-neurons'>{counts}</b> "
                                    f"{t['neuron'] if hidden == [1] else t['neurons']}</div>")
        widest = max(hidden) if hidden else 0
        self.fewer_layers.disabled = not hidden
        self.more_layers.disabled = len(hidden) >= max_layers
        self.fewer_neurons.disabled = not hidden or widest <= 1
        self.more_neurons.disabled = not hidden or min(hidden) >= cap

    def _page(self):
        app = self.app
        # The pictures take the room the screen has (the stylesheet sizes their columns), keeping shape.
        app.boundary.fig.update(sizing_mode="stretch_both")
        diagram = app.network.diagram
        # Any shape of box: the ranges follow the drawing and keep one pixel per unit both ways, so
        # neurons stay square (Bokeh's match_aspect).
        diagram.fig.update(sizing_mode="stretch_both", match_aspect=True,
                           x_range=DataRange1d(range_padding=0.04), y_range=DataRange1d(range_padding=0.04))
        app.loss.linear.update(sizing_mode="stretch_width", height=150)
        plane = pn.Column(app.boundary.fig, margin=0, css_classes=["pg-booth-plane"])
        network = pn.Column(diagram.fig, margin=0, sizing_mode="stretch_both", css_classes=["pg-booth-diagram"])
        header = pn.Row(self.title, app.how.button, self.colorblind, app.text_size, self.language, self.fullscreen,
                        margin=0, sizing_mode="stretch_width", css_classes=["pg-booth-header"])
        self.controls = controls = style.grow(pn.Column(
            pn.Row(self.play, self.restart, margin=0, sizing_mode="stretch_width"),
            self.words["what_learn"], self.dataset, self.words["how_big"],
            pn.Row(self.fewer_layers, self.layers_text, self.more_layers, margin=0, sizing_mode="stretch_width"),
            pn.Row(self.fewer_neurons, self.neurons_text, self.more_neurons, margin=0, sizing_mode="stretch_width"),
            self.notes["size_note"], self.words["activation"], self.activation, self.words["rate"], self.rate,
            self.notes["rate_note"],
            margin=(0, 4), css_classes=["pg-booth-controls", "pg-capped"]), width=CONTROLS_W)
        middle = pn.Column(self.diagram_note, network, *([self.jets.layout] if self.jets is not None else []),
                           sizing_mode="stretch_both", margin=(0, 4), css_classes=["pg-booth-middle"])
        right = pn.Column(pn.FlexBox(app.readouts.epoch, app.readouts.losses, margin=0), app.boundary.key,
                          plane, app.loss.linear,
                          sizing_mode="stretch_height", margin=(0, 4), css_classes=["pg-booth-right"])
        return pn.Column(header, pn.Row(app.notices.pane, app.recover, margin=0, sizing_mode="stretch_width"),
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
        if not self.attracting:
            if now - self.last_touch >= self.reset_after:
                self.attract(now)
            return
        elapsed = now - self._scene_started
        scene = self.scenes[self.scene]
        if scene.later and not self._later_done and elapsed >= self.scene_s / 2:
            self._later_done = True
            apply_query(self.experiment, scene.later)
            self.experiment.take_notices()
            self._set_caption(scene.later_caption)
            self.app.loop.reset()
            self.app.loop.play()
        elif elapsed >= self.scene_s:
            self._start_scene((self.scene + 1) % len(self.scenes), now)

    def attract(self, now: float | None = None, keep_notice: bool = False) -> None:
        """Back to the starting settings and language, caption on, the first scene training."""
        app = self.app
        app.loop.pause()
        app.how.hide()
        if self.lang != self.home_lang:
            self.set_language(self.home_lang)
        app.text_size.value = self.home_text  # the next visitor finds the page as it was set up
        if not keep_notice:
            app.notify("")
        self.attracting = True
        self.caption.visible = True
        self._start_scene(0, now)

    def _start_scene(self, k: int, now: float | None = None) -> None:
        """Scene ``k`` of the attract loop: the starting settings, the scene's own, fresh weights."""
        self.scene = k
        scene = self.scenes[k]
        self._scene_started = time.monotonic() if now is None else now
        self._later_done = False
        apply_query(self.experiment, self.home)
        if scene.settings:
            apply_query(self.experiment, scene.settings)
        self.experiment.take_notices()
        self._set_caption(scene.caption)
        self.app.loop.reset()
        self.app.loop.play()

    def _set_caption(self, key: str) -> None:
        self._caption_key = key
        self._show_colours()
