"""The data side panel: dataset picker, noise, sample count, train/test ratio, regenerate; the two plotted
jet features and extra inputs for quark/gluon; CSV upload (its errors go to the notice line); drawing
points by clicking the plane; and the input-feature toggles.
"""
from __future__ import annotations

import base64

import numpy as np
import panel as pn

from ..data.drawing import DrawnPoints
from ..data.features import FEATURES
from ..data.registry import DATASETS
from ..data.upload import MAX_BYTES as MAX_UPLOAD_BYTES
from ..data.upload import MAX_ROWS, read_upload
from ..upload_store import STORE
from ..settings import choices
from .binding import control, link, tooltip, with_tip
from .browser_bridge import BrowserBridge
from .network_diagram import input_label

OFF = "Off"
REMOVE = "Remove"
#: The Data menu's entry for points that no data setting describes (drawn by hand, uploaded).
CUSTOM = "__custom__"


def custom_data_label(data) -> str | None:
    """What the Data menu calls data no setting describes ("your drawing", "uploaded: file.csv"),
    or None for data made from the settings."""
    source = data.provenance.get("source")
    if source == "drawn":
        return "your drawing"
    if source == "upload":
        return f"uploaded: {data.provenance.get('name') or 'file'}"
    return None


class DataPanel:
    def __init__(self, experiment, notify, on_data_changed, batch=None):
        exp = self.experiment = experiment
        self.notify = notify
        self.on_data_changed = on_data_changed
        self.batch = batch  # the batch-size slider (built with the training controls), shown here as in TF Playground
        self.dataset = pn.widgets.Select(label=exp.param.dataset.label, options=choices(exp, "dataset"),
                                         value=exp.dataset, width=210, margin=(2, 5),
                                         description=tooltip(exp, "dataset"))
        self._showing_dataset = False
        self.dataset.param.watch(self._dataset_chosen, "value")
        self.noise = link(pn.widgets.IntSlider(label="Noise (%)", start=0, end=50, step=5, width=210, margin=(2, 5)),
                          exp, "noise", prop="value_throttled", to_param=lambda v: v / 100.0,
                          to_widget=lambda v: int(round(v * 100)), on_error=notify)
        self.samples = control(exp, "n_samples", pn.widgets.IntSlider, throttled=True, label="Points", step=50,
                               width=210, margin=(2, 5))
        self.ratio = link(pn.widgets.IntSlider(label="Training %", start=10, end=90, step=5, width=95,
                                               margin=(2, 5)),
                          exp, "train_fraction", prop="value_throttled", to_param=lambda v: v / 100.0,
                          to_widget=lambda v: int(round(v * 100)), on_error=notify)
        self.regenerate = pn.widgets.Button(label="Regenerate", width=100, margin=(4, 5), color="light",
                                            description="Draw a new random sample of the same kind of data.")
        self.regenerate.on_click(lambda e: setattr(exp, "data_seed", (exp.data_seed + 1) % 2**31))
        self.jet_x = control(exp, "jet_x", pn.widgets.Select, width=102, margin=(2, 5))
        self.jet_y = control(exp, "jet_y", pn.widgets.Select, width=102, margin=(2, 5))
        self.jet_extra = control(exp, "jet_extra", pn.widgets.MultiChoice, width=210, margin=(2, 5))
        self.jets = pn.Column(pn.Row(self.jet_x, self.jet_y, margin=0), self.jet_extra, margin=0)

        self.upload = BrowserBridge(max_upload_bytes=MAX_UPLOAD_BYTES, width=210, height=32, margin=(2, 5),
                                    css_classes=["pg-upload"])
        self.upload.param.watch(self._uploaded, "upload")

        self.draw_mode = pn.widgets.RadioButtonGroup(label="Click on the plane to", options=[OFF], value=OFF,
                                                     width=210, margin=(2, 5), color="light",
                                                     description="Choose a class, then click the output plane to "
                                                                 "add a point of that class (or remove the nearest).")
        self.clear = pn.widgets.Button(label="Clear points", width=100, margin=(4, 5), color="light",
                                       description="Remove every point, to draw a dataset from scratch.")
        self.clear.on_click(self._clear)
        self._editor = None

        # The diagram's input pictures are the main toggles; this list is the same setting for a
        # keyboard, named like the pictures (the data's own columns).
        self.features = link(pn.widgets.MultiChoice(label="Network inputs", options=self._feature_options(),
                                                    width=210, margin=(2, 5), css_classes=["pg-features"],
                                                    description=tooltip(exp, "features") + " Or tap an input's "
                                                                "picture in the network."),
                             exp, "features", to_param=list, to_widget=list, on_error=notify)
        self.standardize = control(exp, "standardize", pn.widgets.Checkbox, width=200, margin=(4, 5))
        exp.param.watch(lambda e: self.refresh(), ["dataset"])
        self._editor_data = None  # the dataset the drawing editor last made (or started from)
        self.refresh()

    # --- the Data menu ---------------------------------------------------------------------------
    def _dataset_chosen(self, event):
        """A dataset picked from the menu: the setting changes, or, when drawn or uploaded points
        are on screen, picking the dataset they replaced brings it back."""
        if self._showing_dataset or event.new == CUSTOM:
            return
        exp = self.experiment
        try:
            if event.new != exp.dataset:
                exp.dataset = event.new
            elif custom_data_label(exp.data) is not None:
                exp.regenerate_data()
                self.refresh()
                self.on_data_changed()
        except (ValueError, TypeError) as exc:
            self.notify(f"Data: {exc}", "error", "dataset")
            self._show_dataset()

    def _show_dataset(self) -> None:
        """The menu names what is on screen: a dataset, or the drawn / uploaded points."""
        exp = self.experiment
        options = choices(exp, "dataset")
        custom = custom_data_label(exp.data)
        if custom is not None:
            options = {custom: CUSTOM, **options}
        self._showing_dataset = True
        try:
            if self.dataset.options != options:
                self.dataset.options = options
            value = CUSTOM if custom is not None else exp.dataset
            if self.dataset.value != value:
                self.dataset.value = value
        finally:
            self._showing_dataset = False

    def _feature_options(self) -> dict:
        raw = tuple(self.experiment.data.feature_names)
        return {input_label(f, raw, width=40): f for f in FEATURES}

    # --- visibility follows the data -----------------------------------------------------------
    def refresh(self) -> None:
        exp = self.experiment
        info = DATASETS.get(exp.dataset)
        custom = exp.data.provenance.get("source") in ("upload", "drawn")
        self.noise.disabled = custom or not (info and info.uses_noise)
        self.samples.disabled = self.ratio.disabled = custom or not (info and info.uses_sampling)
        self.jets.visible = exp.dataset == "quark_gluon" and not custom
        self.features.disabled = not exp.two_inputs
        options = self._feature_options()  # the data's own column names
        if options != self.features.options:
            self.features.options = options
        data = exp.data
        if data.n_features == 2:
            names = list(data.class_names) if data.problem != "regression" else ["+1", "-1"]
            self.draw_mode.options = [OFF, *[f"+ {n}" for n in names], REMOVE]
            self.draw_mode.disabled = False
        else:
            self.draw_mode.options = [OFF]
            self.draw_mode.disabled = True
        if self.draw_mode.value not in self.draw_mode.options:
            self.draw_mode.value = OFF
        if self._editor is not None and exp.data is not self._editor_data:
            self._editor = None  # the data were replaced by something else than the drawing
        self._show_dataset()

    # --- upload --------------------------------------------------------------------------------
    async def _uploaded(self, event):
        """A file from the browser: refused there if too big, else parsed on a worker thread (a 5 MB
        file takes seconds, and the event loop serves every other visitor meanwhile)."""
        import asyncio

        file = event.new if isinstance(event.new, dict) else {}
        if not file:
            return
        self.upload.upload = {}  # the file's text need not stay in the session once read
        name = str(file.get("name") or "upload.csv")[:100]
        if not isinstance(file.get("data"), str):
            if isinstance(file.get("size"), (int, float)) and file["size"] > 0:
                self.notify(f"Could not use {name}: the file is {file['size'] / 1e6:.1f} MB; the limit is "
                            f"{MAX_UPLOAD_BYTES / 1e6:g} MB. Upload fewer rows (at most {MAX_ROWS:,}) or fewer columns.",
                            "error", "upload")
            return
        self.notify(f"Reading {name}…", "info", "upload")
        exp = self.experiment
        try:
            data, key = await asyncio.to_thread(self._read_and_keep, file["data"], name, exp.train_fraction,
                                                exp.data_seed)
        except ValueError as exc:
            self.notify(f"Could not use {name}: {exc}", "error", "upload")
            return
        self.use_upload(data, key)
        self.notify(f"Training on {name}: {data.n_train} training and {data.n_test} test rows, "
                    f"{data.n_features} inputs ({data.problem}).", "success", "upload")
        self.on_data_changed()

    @staticmethod
    def _read_and_keep(base64_text: str, name: str, train_fraction: float, seed: int):
        """(dataset, store key) of an uploaded file: parsed, then kept under its content hash so the
        page's link can name it (:mod:`playground.upload_store`; a store that cannot write costs the
        link its data, never the upload)."""
        data = read_upload(base64_text, train_fraction=train_fraction, seed=seed, name=name)
        try:
            key = STORE.put(base64.b64decode(base64_text), name)
        except OSError:
            key = None
        return data, key

    def use_upload(self, data, key: str | None) -> None:
        """Train on uploaded ``data``, stored under ``key`` (None: not stored)."""
        self.experiment.use_data(data)
        self.upload_key, self._upload_data = key, data
        self._editor = None
        self.refresh()

    @property
    def upload_link_key(self) -> str | None:
        """The store key of the uploaded file on screen (None when the data are not a stored upload)."""
        return self.upload_key if self._upload_data is not None and self.experiment.data is self._upload_data \
            else None

    upload_key = None
    _upload_data = None

    # --- drawing points ------------------------------------------------------------------------
    def click(self, x: float, y: float) -> None:
        """A click on the output plane: add or remove a point according to the draw mode."""
        mode = self.draw_mode.value
        if mode == OFF:
            return
        exp = self.experiment
        try:
            if self._editor is None:
                self._editor = DrawnPoints.from_dataset(exp.data)
                self._editor_data = exp.data
            ed = self._editor
            if mode == REMOVE:
                x0, x1, y0, y1 = exp.data.extent
                if ed.remove_nearest(x, y, max_distance=0.05 * max(x1 - x0, y1 - y0)) is None:
                    return
            else:
                index = self.draw_mode.options.index(mode) - 1
                label = index if exp.data.problem != "regression" else (1.0 if index == 0 else -1.0)
                ed.add(x, y, label)
            train = ~ed.is_test
            if train.sum() < 2 or (exp.data.problem != "regression" and np.unique(ed.labels[train]).size < 2):
                self.notify("Add points of at least two classes to train on them.", "warning", "drawing")
                self.on_data_changed(pending=ed)
                return
            self._editor_data = ed.to_dataset(train_fraction=None, seed=exp.data_seed)
            exp.use_data(self._editor_data)
        except ValueError as exc:
            self.notify(str(exc), "error", "drawing")
            return
        self.notify("", cause="drawing")
        self.refresh()
        self.on_data_changed()

    def _clear(self, event=None):
        exp = self.experiment
        if exp.data.n_features != 2:
            return
        self._editor = DrawnPoints.from_dataset(exp.data)
        self._editor_data = exp.data
        self._editor.clear()
        if self.draw_mode.value == OFF and len(self.draw_mode.options) > 1:
            self.draw_mode.value = self.draw_mode.options[1]
        self.notify("All points removed: click the plane to draw new ones (pick the class above).", "info", "drawing")
        self.on_data_changed(pending=self._editor)

    def layout(self):
        def section(title, *items):
            """A heading and its controls: a page that hides them all hides the heading too."""
            return pn.Column(pn.pane.HTML(f"<div class='pg-head'>{title}</div>", margin=(6, 5, 0, 5)), *items,
                             margin=0, css_classes=["pg-section-box"])

        return pn.Column(
            section("Data", self.dataset, self.jets, self._tip(self.noise, "noise"),
                    self._tip(self.samples, "n_samples"),
                    pn.Row(self._tip(self.ratio, "train_fraction"),
                           *([self._tip(self.batch, "batch_size")] if self.batch is not None else []), margin=0),
                    pn.Row(self.regenerate, self.clear, margin=0)),
            section("Draw points", self.draw_mode),
            section("Upload CSV", self.upload),
            section("Features", self.features, self._tip(self.standardize, "standardize")), margin=0, width=235)

    def _tip(self, widget, name):
        return with_tip(widget, tooltip(self.experiment, name))
