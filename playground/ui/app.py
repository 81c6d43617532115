"""The playground page for one browser session: assembles the views around one Experiment.

Data flows one way: widget -> Experiment parameter -> engine -> Snapshot -> views. The page owns one
:class:`~playground.ui.loop.LiveLoop`; settings are mirrored in the URL (and restored from it when the
page opens); every message for the visitor goes to one notice line.
"""
from __future__ import annotations

import panel as pn

from ..experiment import Experiment
from .boundary import BoundaryView
from .classifier_views import ClassifierViews
from .controls import TrainingControls
from .data_panel import DataPanel
from .loop import LiveLoop
from .loss_curve import LossCurve
from .network_panel import NetworkPanel
from .readouts import Readouts
from .transport import disable_nagle
from .binding import tooltip, with_tip
from .url_state import URL_PARAMS, apply_query, query_string

TITLE = "NN Playground"
RIGHT_W = 345


class PlaygroundApp:
    """Everything one session shows; :attr:`layout` is the servable page."""

    def __init__(self, query: dict | None = None, experiment: Experiment | None = None):
        exp = self.experiment = experiment or Experiment()
        self.readouts = Readouts()
        self._notices: list[str] = []
        if query:
            query = {k: v for k, v in query.items()
                     if not (k.decode() if isinstance(k, bytes) else str(k)).startswith("bokeh")}
            self._notices += apply_query(exp, query)
        self._notices += exp.take_notices()

        self.loop = LiveLoop(exp, self.render, self.notify)
        self.loop.param.watch(self._running_changed, "running")
        self.controls = TrainingControls(exp, self.loop, self.notify)
        self.data_panel = DataPanel(exp, self.notify, self._data_changed, batch=self.controls.batch)
        self.boundary = BoundaryView(exp, size=RIGHT_W - 10, on_click=self.data_panel.click)
        self.network = NetworkPanel(exp, self.notify, self.loop.redraw)
        self.loss = LossCurve(exp, width=RIGHT_W - 10, height=165)
        self.classifier = ClassifierViews(exp, width=RIGHT_W - 10, height=165)
        self._jets = None
        self.jet_tab = pn.Column(pn.pane.HTML("Example jets appear for the quark/gluon data.", margin=5),
                                 margin=0, name="Jets")
        self.recover = pn.widgets.Button(label="Lower learning rate ×0.1 and continue", color="success",
                                         visible=False, width=280, margin=(2, 5),
                                         description="Go back to the last good weights with a ten times smaller "
                                                     "learning rate and carry on training.")
        self.recover.on_click(self._recover)
        self._display_toggles()
        self.tabs = pn.Tabs(("Loss", pn.Column(self.loss.linear, self.loss.log, margin=0)),
                            ("ROC & outputs", self.classifier.layout), ("Jets", self.jet_tab),
                            margin=(0, 0), width=RIGHT_W, dynamic=True)
        self._metrics_problem = None
        exp.param.watch(self._settings_changed, list(URL_PARAMS))
        self._refresh_dataset_views()
        self.layout = self._page()
        self.render(exp.snapshot(metrics=True))
        if self._notices:
            self.notify(" ".join(self._notices))

    # --- page ----------------------------------------------------------------------------------
    def _display_toggles(self):
        exp = self.experiment
        from .binding import link

        def box(name, label, width):
            return link(pn.widgets.Checkbox(label=label, width=width, margin=(2, 5)), exp, name, on_error=self.notify)

        self.show_test = box("show_test_data", "Show test data", 115)
        self.discretize = box("discretize", "Discretize output", 125)
        self.colorblind = box("colorblind", "Colour-blind palette", 145)
        self.log_y = box("log_y", "Log scale", 90)
        self.log_y.param.watch(lambda e: self.loss.set_log(e.new), "value")

    def _page(self):
        c = self.controls
        title = pn.pane.HTML(f"<div style='font-size:18px;font-weight:700'>{TITLE}</div>"
                             "<div style='font-size:11px;color:#666'>watch a neural network learn</div>",
                             width=150, margin=(8, 8))
        header = pn.Row(title, c.play, c.step, c.reset, self.readouts.epoch, c.tip(c.speed), c.tip(c.lr_slider), c.lr_box,
                        c.optimizer, c.activation, c.regularization, c.reg_rate, margin=0,
                        styles={"border-bottom": "1px solid #e2e2e2"})
        left = pn.Tabs(("Data", self.data_panel.layout()),
                       ("Training", pn.Column(c.loss, c.advanced(), self._tip(self.colorblind), margin=0)),
                       width=235, margin=(0, 4), dynamic=True)
        right = pn.Column(self.readouts.losses, self.boundary.fig,
                          pn.Row(self._tip(self.show_test), self._tip(self.discretize), self._tip(self.log_y),
                                 margin=0),
                          self.classifier.text, self.tabs, width=RIGHT_W, margin=(0, 4))
        notice = pn.Row(self.readouts.notice, self.recover, margin=0, sizing_mode="stretch_width")
        return pn.Column(header, notice, pn.Row(left, self.network.layout(), right, margin=0), margin=0)

    def _tip(self, widget):
        names = {self.show_test: "show_test_data", self.discretize: "discretize", self.colorblind: "colorblind",
                 self.log_y: "log_y"}
        return with_tip(widget, tooltip(self.experiment, names[widget]))

    # --- frames --------------------------------------------------------------------------------
    def render(self, snap) -> None:
        """Draw one snapshot in every view (called inside ``pn.io.hold`` by the loop)."""
        live = self.loop.running
        self._frame += 1
        self.boundary.update(snap)
        # While playing, the network diagram and the loss curve take turns (each still ~20 updates/s):
        # a browser then repaints two plots per frame instead of three and keeps up with the frames.
        if not live or self._frame % 2 == 0 or snap.layout != self.network.diagram._layout_key:
            self.network.diagram.update(snap)
        if not live or self._frame % 2 == 1 or snap.run != self.loss._run:
            self.loss.update(snap)
        self.readouts.update(snap, live=live)
        if snap.metrics is not None or self._metrics_problem != snap.problem:
            self.classifier.update(snap.metrics)
            self._metrics_problem = snap.problem
        diverged = snap.status == "diverged"
        if diverged != self.recover.visible:
            self.recover.visible = diverged
        if snap.status != "ok" and self._last_status != snap.status:
            self.notify(snap.message)
        self._last_status = snap.status

    _last_status = "ok"
    _frame = 0

    def _running_changed(self, event):
        if not event.new:  # paused: the readout Divs' own text catches up (see readouts.py)
            pn.state.execute(self.readouts.sync_divs)

    def notify(self, text: str) -> None:
        self.readouts.say(text)

    # --- reactions -----------------------------------------------------------------------------
    def _settings_changed(self, *events):
        names = {e.name for e in events}
        notices = self.experiment.take_notices()
        if notices:
            self.notify(" ".join(notices))
        if pn.state.location is not None and pn.state.curdoc is not None:
            try:
                pn.state.location.search = query_string(self.experiment)
            except Exception:  # noqa: BLE001 - the URL is a convenience; never break a setting over it
                pass
        if names & {"dataset", "jet_x", "jet_y", "jet_extra", "noise", "n_samples", "train_fraction", "data_seed"}:
            self._refresh_dataset_views()
        self.loop.redraw()

    def _data_changed(self, pending=None):
        self._refresh_dataset_views()
        if pending is not None:
            self.boundary.show_pending(pending)
        self.loop.redraw()

    def _refresh_dataset_views(self):
        exp = self.experiment
        self.data_panel.refresh()
        if exp.dataset == "quark_gluon" and exp.data.provenance.get("dataset") == "quark_gluon":
            if self._jets is None:
                try:
                    from .jet_images import JetImages

                    self._jets = JetImages()
                    self.jet_tab.objects = [self._jets.layout]
                except (OSError, ValueError, RuntimeError) as exc:
                    self.jet_tab.objects = [pn.pane.HTML(f"Example jets are not available: {exc}", margin=5)]

    def _recover(self, event=None):
        self.experiment.recover()
        self.notify("")
        self.recover.visible = False
        self.loop.play()


#: Page options in the URL that are not experiment settings: ``play=1`` starts training at once
#: (a booth screen, a link that shows learning straight away).
PAGE_OPTIONS = ("play",)


def page_options(query: dict | None) -> tuple[dict, dict]:
    """(experiment settings, page options) of a URL query."""
    settings, options = {}, {}
    for key, value in (query or {}).items():
        name = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        if name in PAGE_OPTIONS:
            raw = value[-1] if isinstance(value, (list, tuple)) and value else value
            options[name] = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        else:
            settings[key] = value
    return settings, options


def create_app(query: dict | None = None):
    """The page for the current session; its settings come from the URL query when served."""
    pn.extension(notifications=False)
    served = pn.state.curdoc is not None and pn.state.curdoc.session_context is not None
    if query is None and served:
        query = pn.state.session_args
    settings, options = page_options(query)
    app = PlaygroundApp(settings)
    if served:
        pn.state.on_session_destroyed(lambda ctx, loop=app.loop: loop.pause())
        pn.state.onload(disable_nagle)
        if options.get("play", "").lower() in ("1", "true", "yes", "on"):
            pn.state.onload(app.loop.play)  # once the page is connected, so frames can be sent
    return app.layout
