"""The playground page for one browser session: assembles the views around one Experiment.

Data flows one way: widget -> Experiment parameter -> engine -> Snapshot -> views. The page owns one
:class:`~playground.ui.loop.LiveLoop`; settings are mirrored in the URL (and restored from it when the
page opens); every message for the visitor goes to one notice line.

The same views make two pages: the full playground, and the booth (kiosk) page of
:mod:`playground.ui.booth`, chosen by ``?mode=booth`` or ``playground serve --kiosk``. A link may also
open a lesson (:mod:`playground.ui.lesson_panel`), lock or hide controls, and choose the text size
(:mod:`playground.ui.page_options`); a server preset applies first (:mod:`playground.ui.site`).
"""
from __future__ import annotations

import logging

import panel as pn

from ..experiment import Experiment
from ..limits import BOOTH_LIMITS, restrict
from .boundary import BoundaryView
from .browser_bridge import BrowserBridge
from .fonts import scale_plot_text
from .classifier_views import ClassifierViews
from .controls import TrainingControls
from .data_panel import DataPanel
from .loop import LiveLoop
from .loss_curve import LossCurve
from .how_it_works import HowItWorks
from .network_panel import NetworkPanel
from .notices import Notices
from .readouts import Readouts
from .transport import disable_nagle
from .binding import control, tooltip, with_tip
from . import style
from .page_options import TEXT_SIZES, parse_options, split_query
from .site import Site
from ..settings import LINK, names
from .url_state import apply_query, query_string

TITLE = "NN Playground"
#: Panel extensions the page needs loaded up front (served pages and Jupyter, see playground.App).
NOTEBOOK_EXTENSIONS = ("modal", "tabulator")
RIGHT_W = 345
#: Height of the loss and ROC charts on an ordinary screen: with the plane's own tab row above them
#: the page still fits 1366 x 768 with room to spare for other fonts.
CHART_H = 112
#: The plane's tab row, lower than Panel's default so the picture keeps its room.
COMPACT_TABS = ":host .bk-header .bk-tab { padding: 2px 10px; }"


class PlaygroundApp:
    """Everything one session shows; :attr:`layout` is the servable page."""

    def __init__(self, query: dict | None = None, experiment: Experiment | None = None, site: Site | None = None,
                 served: bool = False):
        from ..lessons import lesson_ids

        site = self.site = site or Site()
        self.served = served  # a page of its own (it writes its link into the address bar), not a notebook cell
        settings, raw_options = split_query(query)
        opts = parse_options(site.preset_options, lesson_ids())
        opts = self.options = parse_options(raw_options, lesson_ids(), base=opts)
        if site.kiosk:
            opts.mode = "booth"
        exp = self.experiment = experiment or Experiment()
        if opts.booth:
            restrict(exp, BOOTH_LIMITS)
        self.address = BrowserBridge(width=0, height=0, margin=0, css_classes=["pg-address"])
        self.readouts = Readouts()
        self.notices = Notices()
        self._notices: list[str] = list(opts.notices)
        self.lesson_panel = None
        if not opts.booth:
            from .lesson_panel import LessonPanel

            self.lesson_panel = LessonPanel(exp, self.notify, on_step=self._lesson_step_changed)
            if opts.only:
                self.lesson_panel.only()
            if opts.lesson:
                self._notices += self.lesson_panel.open(opts.lesson, opts.step - 1)
        # a preset's own settings after its lesson's start (a teacher's choice wins), a link's last
        self._notices += apply_query(exp, site.preset_settings) if site.preset_settings else []
        if settings:
            self._notices += apply_query(exp, settings)
        if opts.points:
            self._notices += self._drawn_from_link(opts.points)
        self._notices += exp.take_notices()
        if self.lesson_panel is not None:  # what the link opened with is what its locks keep
            self.lesson_panel.runner.keep = frozenset(opts.lock) & set(LINK)

        self.loop = LiveLoop(exp, self.render, self.notify)
        self.loop.param.watch(self._running_changed, "running")
        self.controls = TrainingControls(exp, self.loop, self.notify)
        self.data_panel = DataPanel(exp, self.notify, self._data_changed, batch=self.controls.batch)
        if opts.upload:
            self._notices += self._upload_from_link(opts.upload)
        booth = opts.booth
        self.boundary = BoundaryView(size=480 if booth else RIGHT_W - 10, on_click=self._plane_tapped,
                                     scale_key=not booth)
        self.network = NetworkPanel(exp, self.notify, self.loop.redraw,
                                    **(dict(width=760, height=540, max_node=80, picture_controls=False)
                                       if booth else {}))
        if not booth:
            self.network.on_focus = self._show_unit
        self.loss = LossCurve(width=480 if booth else RIGHT_W - 10, height=190 if booth else CHART_H,
                              log_y=exp.log_y)
        self.classifier = ClassifierViews(width=RIGHT_W - 10, height=CHART_H)
        self._jets = None
        self.jet_tab = pn.Column(pn.pane.HTML("Example jets appear for the quark/gluon data.", margin=5),
                                 margin=0, name="Jets")
        self.recover = pn.widgets.Button(label="Lower learning rate ×0.1 and continue", color="success",
                                         visible=False, width=280, margin=(2, 5),
                                         description="Go back to the last good weights with a ten times smaller "
                                                     "learning rate and carry on training.")
        self.recover.on_click(self._recover)
        self._display_toggles()
        self.how = HowItWorks(output=lambda: self.experiment.spec.output)
        self.text_size = pn.widgets.RadioButtonGroup(
            label="Text size", options={"A": "normal", "A+": "large", "A++": "larger"}, value=opts.text,
            margin=(8, 4), color="light", css_classes=["pg-text-size"],
            description="Text size: normal, large or larger.")
        self.text_size.param.watch(self._text_size_changed, "value")
        from .runs_panel import RunsPanel

        from .search_panel import SearchPanel

        self.runs = RunsPanel(exp, self.loss.show_pinned, self.notify, width=RIGHT_W - 10)
        # a search shows its trials as they come: the Runs tab (index 3) opens when it starts
        self.search = SearchPanel(exp, self.runs.refresh, self.notify,
                                  on_start=lambda: setattr(self.tabs, "active", 3))
        self.tabs = pn.Tabs(("Loss", pn.Column(self.loss.linear, self.loss.log, margin=0)),
                            ("ROC & outputs", self.classifier.layout), ("Jets", self.jet_tab),
                            ("Runs", self.runs.layout), margin=(0, 0), width=RIGHT_W, dynamic=True)
        self._metrics_problem = None
        exp.param.watch(self._settings_changed, list(LINK))
        self._refresh_dataset_views()
        if booth:
            from .booth import BoothPage

            self.booth = BoothPage(self)
            self.layout = self.booth.layout
        else:
            self.booth = None
            self.layout = self._page()
            if self.lesson_panel.shows_roc:
                self.tabs.active = 1
            self.address.report_width = True
            self.address.param.watch(lambda e: self.fit_width(e.new), "width_px")
            style.grow_all(self.layout, keep=[*self.network.neuron_row.select(pn.widgets.Widget),
                                              self.controls.speed, self.controls.lr_slider, self.runs.table],
                           columns=[self.left_tabs])
        self.layout.css_classes = [*self.layout.css_classes, style.ROOT_CLASS]
        self._apply_locks()
        self._text_size_changed()
        self.render(exp.snapshot(metrics=True))
        if self._notices:
            self.notify(" ".join(self._notices), "warning", cause="link")

    # --- page ----------------------------------------------------------------------------------
    def _display_toggles(self):
        exp = self.experiment

        def box(name, width):
            return control(exp, name, pn.widgets.Checkbox, width=width, margin=(2, 5), css_classes=[f"pg-{name}"])

        self.show_test = box("show_test_data", 115)
        self.discretize = box("discretize", 125)
        self.colorblind = box("colorblind", 145)
        self.log_y = box("log_y", 90)

    def _page(self):
        c = self.controls
        from .share_panel import SharePanel

        self.share = SharePanel(self)
        title = pn.pane.HTML(f"<div class='pg-title'>{TITLE}</div>", margin=(6, 8, 0, 8))
        self.how.button.param.update(height=24, width=110, margin=(0, 0, 4, 8), button_style="outline")
        self.share.button.param.update(height=24, width=62, button_style="outline")
        # FlexBoxes wrap onto a second line when larger text makes their widgets wider than the page
        brand = pn.Column(title, pn.Row(self.how.button, self.share.button, margin=0), margin=0)
        header = pn.FlexBox(brand, c.play, c.step, c.reset,
                            self.readouts.epoch, c.tip(c.speed), c.tip(c.lr_slider), c.lr_box, c.optimizer,
                            c.activation, c.regularization, c.reg_rate, margin=0, flex_wrap="wrap",
                            styles={"border-bottom": "1px solid #e2e2e2"})
        display = pn.pane.HTML("<div class='pg-section'>Display</div>", margin=(10, 5, 0, 5))
        left = pn.Tabs(("Data", self.data_panel.layout()),
                       ("Training", pn.Column(c.optimizer_tab, pn.Row(c.regularization_tab, c.reg_rate_tab, margin=0),
                                              c.loss, c.advanced(self.options.hide), display, self._tip(self.colorblind),
                                              pn.Row(pn.pane.HTML("Text size", margin=(12, 5)), self.text_size,
                                                     margin=0), margin=0)),
                       ("Lessons", self.lesson_panel.layout), ("Search", self.search.layout),
                       width=235, margin=(0, 4), dynamic=False, active=2 if self.lesson_panel.active else 0)
        self.left_tabs = left
        from .hidden_space_view import HiddenSpaceView

        self.hidden = HiddenSpaceView(size=RIGHT_W - 10)
        # the input plane and the hidden space, one tab each; the frames carry the hidden-space points
        # only while its tab is open
        self.plane_tabs = pn.Tabs(("Input plane", self.boundary.fig), ("Hidden space", self.hidden.layout),
                                  margin=0, css_classes=["pg-plane-tabs"], stylesheets=[COMPACT_TABS])
        self.plane_tabs.param.watch(self._plane_tab_changed, "active")
        right = self.right = pn.Column(self.readouts.losses, self.boundary.key, self.plane_tabs,
                          pn.FlexBox(self._tip(self.show_test), self._tip(self.discretize), self._tip(self.log_y),
                                     margin=0, flex_wrap="wrap", sizing_mode="fixed", width=RIGHT_W + 80),
                          self.classifier.text, self.tabs, width=RIGHT_W, margin=(0, 4))
        # the notice area sits under the diagram, in the middle of the screen, in a box of its own
        # height: a notice never pushes the page down
        self.notices.pane.css_classes = [*self.notices.pane.css_classes, "pg-notices-reserve"]
        notice = self.notice_box = pn.Column(self.notices.pane, self.recover, margin=0, width=self.network.width,
                                             css_classes=["pg-notice-box"])
        from .step_through_panel import StepThroughPanel

        self.step_through = StepThroughPanel(self.experiment, self.network, self.loop, self.notify, self.loop.redraw)
        self.network.extra_words = self.step_through.link_words
        self.experiment.param.watch(lambda *events: self.step_through.settings_changed(), list(LINK))
        self.loop.param.watch(lambda e: self.step_through.running_changed(e.new), "running")
        middle = self.middle = pn.Column(self.network.layout(), self.step_through.layout, notice,
                                         self.lesson_panel.strip, margin=0, width=self.network.width)
        return pn.Column(header, pn.Row(left, middle, right, margin=0), self.how.modal, self.share.modal,
                         self.address, margin=0)

    def controls_named(self) -> dict[str, list]:
        """The widgets behind each control name a link can lock or hide (``page_options.CONTROLS``)."""
        c, d, n = self.controls, self.data_panel, self.network
        return {
            "play": [c.play], "step": [c.step], "reset": [c.reset], "dataset": [d.dataset], "noise": [d.noise],
            "n_samples": [d.samples], "train_fraction": [d.ratio], "data_seed": [d.regenerate],
            "jet_x": [d.jet_x], "jet_y": [d.jet_y], "jet_extra": [d.jet_extra], "features": [d.features],
            "standardize": [d.standardize], "upload": [d.upload], "draw": [d.draw_mode, d.clear],
            "hidden_layers": [n.add_layer, n.remove_layer, n.neuron_row], "activation": [c.activation],
            "activations": [n.layer_act], "batch_norm": [n.layer_norm], "maxout_pieces": [c.maxout_pieces],
            "weights": [n.value], "loss": [c.loss], "init": [c.init],
            "learning_rate": [c.lr_slider, c.lr_box], "optimizer": [c.optimizer, c.optimizer_tab],
            "momentum": [c.momentum], "regularization": [c.regularization, c.regularization_tab],
            "reg_rate": [c.reg_rate, c.reg_rate_tab], "dropout": [c.dropout],
            "batch_size": [c.batch], "schedule": [c.schedule], "lr_decay": [c.lr_decay], "lr_step": [c.lr_step],
            "early_stopping": [c.early], "patience": [c.patience], "epochs_per_frame": [c.speed],
            "show_test_data": [self.show_test], "discretize": [self.discretize], "log_y": [self.log_y],
            "colorblind": [self.colorblind], "predict_dropout": [c.predict_dropout], "text_size": [self.text_size],
        }

    def _apply_locks(self):
        """Lock (shown, not changeable) and hide the controls the link names."""
        named = self.controls_named()
        for name in self.options.lock:
            for w in named.get(name, []):
                if name == "hidden_layers" and w is self.network.neuron_row:
                    self.network.lock()
                elif "disabled" in w.param:
                    w.disabled = True
                elif "locked" in w.param:
                    w.locked = True
        if "features" in self.options.lock:
            self.network.features_locked = True
        for name in self.options.hide:
            for w in named.get(name, []):
                w.visible = False
        if self.options.hide:
            self._tidy_hidden()

    def _tidy_hidden(self) -> None:
        """What a hidden control leaves behind goes too: its (?) icon, a heading over nothing."""
        for row in self.layout.select(pn.Row):
            rest = [o for o in row.objects if not isinstance(o, pn.widgets.TooltipIcon)]
            if rest and len(rest) < len(row.objects) and not any(o.visible for o in rest):
                row.visible = False
        for box in self.layout.select(pn.Column):
            if "pg-section-box" in box.css_classes and not any(o.visible for o in box.objects[1:]):
                box.visible = False

    def _text_size_changed(self, event=None):
        """A text size is one CSS variable on the page's root (``style.py``): every font and every
        width marked to grow follows it in the browser. Canvas text (plots, the diagram) is sized
        here, and at larger text the header's last three controls move to the Training tab, so
        the header keeps one line on a 1366 px screen. One batched update."""
        with pn.io.hold():
            self.options.text = self.text_size.value
            scale = TEXT_SIZES[self.options.text]
            self.layout.styles = {**self.layout.styles, **style.root_styles(scale)}
            if self.booth is None:
                self.network.set_text_scale(scale)
                self.controls.compact(scale > 1, hidden=self.options.hide)
                for pane in self.layout.select(pn.pane.Bokeh):
                    if hasattr(pane.object, "references") and pane.object is not self.network.diagram.fig:
                        scale_plot_text(pane.object, scale)
            if event is not None:
                self.loop.redraw()
                self.address.relayout += 1  # the plots fit their resized boxes (browser_bridge.py)
                self._update_url()

    #: (diagram width, height, plane side, chart height) for an ordinary and for a wide window
    SIZES = {False: (520, 430, RIGHT_W - 10, CHART_H), True: (760, 560, 520, 200)}
    WIDE_PX = 1600

    def fit_width(self, window_px: int) -> None:
        """Use the width of a wide window (>= 1600 px): a larger diagram, plane and charts."""
        wide = window_px >= self.WIDE_PX
        if wide == self._wide:
            return
        self._wide = wide
        net_w, net_h, plane, chart = self.SIZES[wide]
        self.network.resize(net_w, net_h)
        self.middle.width = self.notice_box.width = net_w
        self.boundary.fig.update(width=plane, height=plane)
        self.hidden.resize(plane)
        self.loss.resize(plane, chart)
        self.classifier.resize(plane, chart)
        self.right.width = self.tabs.width = plane + 10
        self.loop.redraw()

    _wide = False

    def _upload_from_link(self, key: str) -> list[str]:
        """Train on the uploaded file a link names (kept on this server by its content hash), split
        as the link's settings say; a notice if it is gone."""
        from ..data.upload import read_csv
        from ..upload_store import STORE

        exp = self.experiment
        try:
            raw, name = STORE.get(key)
            data = read_csv(raw, train_fraction=exp.train_fraction, seed=exp.data_seed, name=name)
        except (KeyError, ValueError) as exc:
            reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            return [f"The link's uploaded data could not be opened: {reason}."]
        self.data_panel.use_upload(data, key)
        return []

    def _drawn_from_link(self, text: str) -> list[str]:
        """Train on the points a link carries (drawn on its dataset); a notice if they cannot be."""
        from .drawn_link import read_points

        try:
            self.experiment.use_data(read_points(text, self.experiment.data))
        except ValueError as exc:
            return [f"Ignored the drawn points in the link: {exc}."]
        return []

    def _tip(self, widget):
        setting = {self.show_test: "show_test_data", self.discretize: "discretize", self.colorblind: "colorblind",
                   self.log_y: "log_y"}
        return with_tip(widget, tooltip(self.experiment, setting[widget]))

    # --- frames --------------------------------------------------------------------------------
    def render(self, snap) -> None:
        """Draw one snapshot in every view (called inside ``pn.io.hold`` by the loop)."""
        live = self.loop.running
        self._frame += 1
        tabs = getattr(self, "plane_tabs", None)  # the full page's (a booth shows the plane only)
        hidden_open = tabs is not None and tabs.active == 1
        if not (hidden_open and live):  # the plane is behind its tab: drawn again when it shows
            self.boundary.update(snap)
        # While playing, the network diagram and the loss curve take turns (each still ~20 updates/s):
        # a browser then repaints two plots per frame instead of three and keeps up with the frames.
        if not live or self._frame % 2 == 0 or self.network.diagram.new_layout(snap):
            self.network.update(snap)
        if not live or self._frame % 2 == 1 or self.loss.new_run(snap):
            self.loss.update(snap)
        self.readouts.update(snap, live=live)
        if snap.metrics is not None or self._metrics_problem != snap.problem:
            self.classifier.update(snap.metrics, snap.display.colorblind, untrained=snap.epoch == 0)
            self._metrics_problem = snap.problem
        if self.lesson_panel is not None:
            self.lesson_panel.update(snap)
        self.runs.update(snap)
        if snap.hidden is not None and hidden_open and (
                not live or self._frame % 2 == 1 or snap.layout != self.hidden.layout_key):
            self.hidden.update(snap)  # with the loss curve's turn while playing (see above)
        diverged = snap.status == "diverged"
        if diverged != self.recover.visible:
            self.recover.visible = diverged
        if snap.status != self._last_status:
            if snap.status != "ok":
                self.notify(snap.message, "error" if diverged else "info", cause="training")
            else:
                self.notify("", cause="training")  # a new run, a recovery: the reason is gone
        self._last_status = snap.status

    _last_status = "ok"
    _frame = 0

    def _plane_tapped(self, x: float, y: float) -> None:
        """A tap on the plane: during a step-through it picks the training point nearest to it,
        otherwise it draws a point (when drawing is on)."""
        step = getattr(self, "step_through", None)
        if step is not None and step.active:
            step.choose_nearest(x, y)
        else:
            self.data_panel.click(x, y)

    def _plane_tab_changed(self, event) -> None:
        self.experiment.hidden_points = event.new == 1
        self.loop.redraw()  # paused: drawn now; playing: the next frame (20 ms) draws the tab shown

    def _show_unit(self, index, label: str) -> None:
        """A neuron hovered or tapped in the diagram, large on the plane (None: the network's answer)."""
        self.boundary.show_unit(index, label, seconds=None)
        self.loop.redraw()

    def _running_changed(self, event):
        if not event.new:  # paused: the readout Divs' own text catches up (see readouts.py)
            pn.state.execute(self.readouts.sync_panes)

    def notify(self, text: str, kind: str = "info", cause: str | None = None) -> None:
        """Tell the person something in the notice area (:class:`~playground.ui.notices.Notices`):
        an empty ``text`` with a ``cause`` takes back the notice about that cause."""
        self.notices.say(text, kind, cause)

    # --- reactions -----------------------------------------------------------------------------
    def _settings_changed(self, *events):
        changed = {e.name for e in events}
        self.notices.clear(changed | {"adjusted", "upload", "drawing"})  # (a link's notices stay: a
        # booth's attract loop changes settings by itself, and the visitor must still read them)
        notices = self.experiment.take_notices()
        if notices:
            self.notify(" ".join(notices), "warning", cause="adjusted")
        self._update_url()
        if changed & set(names(group="data")):
            self._refresh_dataset_views()
        self.loop.redraw()

    def page_query(self) -> str:
        """The link for what is on screen: every setting plus the page options that differ from a
        plain page (mode, lesson and step, locks, hidden controls, text size)."""
        from urllib.parse import urlencode

        o, extra = self.options, {}
        if o.booth and not self.site.kiosk:
            extra["mode"] = "booth"
        if self.lesson_panel is not None and self.lesson_panel.active:
            extra["lesson"], extra["step"] = self.lesson_panel.position()
        for key in ("lock", "hide"):
            if getattr(o, key):
                extra[key] = ",".join(getattr(o, key))
        if o.only and "lesson" in extra:
            extra["only"] = "1"
        from .drawn_link import points_text

        drawn = points_text(self.experiment.data)  # a drawing travels in the link (when small enough)
        if drawn:
            extra["points"] = drawn
        if self.data_panel.upload_link_key:  # an uploaded file, by the name it is kept under here
            extra["upload"] = self.data_panel.upload_link_key
        if o.text != "normal":
            extra["text"] = o.text
        if o.booth and o.lang != "en":
            extra["lang"] = o.lang
        q = query_string(self.experiment)
        return q + ("&" + urlencode(extra) if extra else "")

    def _update_url(self):
        """Write the shareable link of what is on screen into the address bar (of a served page only:
        in a notebook the address bar is the notebook's)."""
        if self.served:
            self.address.address = self.page_query()

    def _lesson_step_changed(self):
        if self.lesson_panel.shows_roc:
            self.tabs.active = 1  # the step talks about the ROC curve: it is on screen
        self._update_url()
        self.loop.redraw()

    def _data_changed(self, pending=None):
        self._refresh_dataset_views()
        self._update_url()  # a drawing or an upload travels in the link
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

    def close(self) -> None:
        """The tab is gone: stop training and any booth timer."""
        self.loop.pause()
        self.search.close()
        if self.booth is not None:
            self.booth.stop()

    def _recover(self, event=None):
        self.experiment.recover()
        self.notify("", cause="training")
        self.recover.visible = False
        self.loop.play()


BROKEN = ("<div style='font:16px sans-serif;color:#8a1c1c;padding:24px' data-testid='notice' role='alert'>"
          "Sorry, this page could not be built. <a href='./'>Open the playground without the link's settings</a>."
          "</div>")
LOADING = ("<div style='font:16px sans-serif;color:#555;padding:24px' data-testid='loading'>"
           "Loading the playground…</div>")


def served_page(site: Site | None = None):
    """The page of one served session, for Panel's server (one call per session).

    A page request only gets a small holder: Bokeh makes a session for every GET, and building the
    Experiment and every view takes about a second of the server's event loop, which a script
    repeating plain GETs (no websocket) could otherwise make everyone else wait for. The playground
    is built into the holder, with the settings of the page's link, as soon as the page's websocket
    is let through (:meth:`playground.capacity.Seats.build_on_connect`: the browser then pulls the
    whole page at once), or at the latest when the browser has rendered the holder (Panel's
    ``onload``, BokehJS's ``document_ready``), which is also when training may start.
    """
    pn.extension(*NOTEBOOK_EXTENSIONS, notifications=False)
    holder = pn.Column(pn.pane.HTML(LOADING, margin=0), margin=0, sizing_mode="stretch_width")
    doc = pn.state.curdoc
    query = dict(pn.state.session_args)
    built: list = []

    def build():
        if built:
            return built[0]
        built.append(None)
        try:
            app = PlaygroundApp(query, site=site, served=True)
        except Exception:  # noqa: BLE001 - a visitor must never be left on "Loading..."
            logging.getLogger(__name__).exception("building the page failed for the link %r", query)
            holder.objects = [pn.pane.HTML(BROKEN, margin=0)]
            return None
        built[0] = app
        holder.objects = [app.layout]
        doc.on_session_destroyed(lambda ctx, app=app: app.close())
        return app

    def start():
        app = build()
        if app is None:
            return
        disable_nagle()
        app._update_url()  # the address bar shows the full, shareable settings at once
        if app.booth is not None:
            app.booth.start()
        elif app.options.play:
            app.loop.play()

    from ..capacity import SEATS

    if doc is not None and doc.session_context is not None:
        SEATS.build_on_connect(doc.session_context.id, build)
    pn.state.onload(start)
    return holder
