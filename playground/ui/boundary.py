"""The output plane: the network's decision boundary (or regression surface) as a heatmap, with the
training points (white outline) and optionally the test points (dark outline).

Per frame only the heatmap changes, sent as one uint8 image (one byte per pixel); the points are sent
when the data change. A click on the plane is handed to ``on_click(x, y)`` (used to add or remove
points by hand).

The background is drawn at :data:`BACKGROUND_ALPHA` (TF Playground's choice): at full strength a
correctly classified point is the very colour of the area around it and only its white ring is left,
so the data vanish at the moment the network succeeds. :attr:`BoundaryView.key` names the colours
("● quark ● gluon") in the palette in use.
"""
from __future__ import annotations

import html
import time

import numpy as np
import panel as pn
from bokeh.events import DoubleTap, Tap
from bokeh.models import ColumnDataSource, LinearColorMapper, Range1d
from bokeh.plotting import figure

from .fonts import use_page_font
from .network_diagram import to_thumbnail
from .theme import class_blocks, class_color, diverging


BACKGROUND_ALPHA = 0.63


def spread(data, x: np.ndarray) -> tuple[np.ndarray, str]:
    """(x offsets, a note) that keep apart rows which differ only in columns off the plane: the
    three-input truth table's 8 rows would otherwise be 4 dots, each hiding the row with the other
    ``c``. Only for a few points whose hidden columns take two values; else no offsets, no note."""
    hidden = [j for j in range(data.n_features) if j not in data.plane]
    none = np.zeros(len(x)), ""
    if not hidden or len(hidden) > 1 or data.n_train + data.n_test > 64:
        return none
    j = hidden[0]
    values = np.unique(np.concatenate([data.x_train[:, j], data.x_test[:, j]]))
    if len(values) != 2:
        return none
    x0, x1, _, _ = data.extent
    step = 0.035 * (x1 - x0)
    name = data.feature_names[j]
    note = f"{name} = {values[0]:g}: left dot, {name} = {values[1]:g}: right dot"
    return np.where(x[:, j] == values[1], step, -step), note


def key_html(data, colorblind: bool, note: str = "", scale: bool = True) -> str:
    """One coloured dot and name per class (for regression: the two ends of the colour scale)."""
    if data.problem == "regression":
        entries = [(class_color(1, 2, colorblind), "high"), (class_color(0, 2, colorblind), "low")]
    else:
        names = [n if not n.lstrip("+-").isdigit() else f"class {n}" for n in data.class_names]
        order = range(len(names) - 1, -1, -1) if len(names) == 2 else range(len(names))  # blue first
        entries = [(class_color(c, len(names), colorblind), names[c]) for c in order]
    dots = " &nbsp; ".join(f"<span data-class='{html.escape(name)}'><b style='color:{colour}'>●</b> "
                           f"{html.escape(name)}</span>" for colour, name in entries)
    extra = f" &nbsp; <span class='pg-key-note'>({html.escape(note)})</span>" if note else ""
    bar = ""
    if scale and data.problem != "multiclass":  # (multi-class pictures use one colour per class instead)
        pal = diverging(colorblind)
        bar = (f"<div class='pg-key-scale' data-testid='colour-scale'>−1 <span class='pg-key-bar' "
                 f"style='background:linear-gradient(90deg,{pal[0]},{pal[128]},{pal[-1]})'></span> +1 &nbsp;"
                 f"points, neuron outputs, weights</div>")
    return f"<div class='pg-key' data-testid='colour-key'>{dots}{extra}{bar}</div>"


def quantize_grid(grid: np.ndarray, problem: str, discretize: bool = False, confidence=None,
                  n_classes: int = 0) -> np.ndarray:
    """The snapshot's float grid as a uint8 image for the palettes of :mod:`playground.ui.theme`.

    Binary scores and regression values in [-1, 1] map to 0..255 (127.5 = undecided); discretised
    output is 0 or 255. Multi-class grids map to ``class * levels + confidence level``.
    """
    if problem == "multiclass":
        levels = 256 // max(1, n_classes)
        cls = np.clip(grid.astype(np.int64), 0, max(0, n_classes - 1))
        if discretize or confidence is None:
            q = np.full(cls.shape, levels - 1)
        else:
            # confidence runs from 1/k (a coin toss) to 1 (certain)
            floor = 1.0 / max(1, n_classes)
            q = np.clip((confidence - floor) / (1.0 - floor), 0.0, 1.0) * (levels - 1)
        return (cls * levels + np.rint(q).astype(np.int64)).astype(np.uint8)
    g = np.clip(np.nan_to_num(grid, nan=0.0), -1.0, 1.0)
    if discretize:
        g = np.where(g >= 0.0, 1.0, -1.0)
    return np.rint((g + 1.0) * 127.5).astype(np.uint8)


def upscale(values: np.ndarray, n: int) -> np.ndarray:
    """A unit's thumbnail grid (g, g) bilinearly resampled to (n, n) over the same extent: its
    picture fills the plane without the thumbnail's blocks (a neuron's output is smooth)."""
    g = values.shape[0]
    if g == n:
        return values
    t = np.linspace(0.0, g - 1.0, n)
    i0 = np.minimum(np.floor(t).astype(int), g - 2)
    f = t - i0
    rows = values[i0] * (1 - f)[:, None] + values[i0 + 1] * f[:, None]
    return rows[:, i0] * (1 - f)[None, :] + rows[:, i0 + 1] * f[None, :]


def point_colors(y, data, colorblind: bool) -> list[str]:
    """A data point's colour from its label: its class's colour, or a regression target's place on
    the two-colour scale (the plane and the hidden-space view draw points alike)."""
    if data.problem == "regression":
        pal = diverging(colorblind)
        idx = np.rint((np.clip(y, -1, 1) + 1) * 127.5).astype(int)
        return [pal[i] for i in idx]
    return [class_color(int(c), data.n_classes, colorblind) for c in y]


class BoundaryView:
    """Bokeh figure of the plane; :meth:`update` draws one snapshot."""

    def __init__(self, size: int = 340, on_click=None, scale_key: bool = True):
        self.on_click = on_click
        self.scale_key = scale_key  # the colour scale under the class key (the booth says it in words)
        x0, x1, y0, y1 = -1.0, 1.0, -1.0, 1.0  # until the first frame
        self.fig = figure(width=size, height=size, tools="", toolbar_location=None, match_aspect=False,
                          x_range=Range1d(x0, x1), y_range=Range1d(y0, y1), min_border=4, output_backend="canvas",
                          name="boundary", css_classes=["pg-boundary"])
        self.fig.axis.major_label_text_font_size = "9px"
        self.fig.grid.visible = False
        self.mapper = LinearColorMapper(palette=diverging(False), low=0, high=255,
                                        name="boundary-palette")
        self.image_source = ColumnDataSource(dict(image=[np.full((2, 2), 128, np.uint8)], x=[x0], y=[y0],
                                                  dw=[x1 - x0], dh=[y1 - y0]), name="boundary-image")
        self.fig.image("image", x="x", y="y", dw="dw", dh="dh", color_mapper=self.mapper, source=self.image_source,
                       global_alpha=BACKGROUND_ALPHA)
        self.train_source = ColumnDataSource(dict(x=[], y=[], color=[]), name="train-points")
        self.test_source = ColumnDataSource(dict(x=[], y=[], color=[]))
        self.fig.scatter("x", "y", fill_color="color", line_color="white", line_width=1, size=6,
                         source=self.train_source)
        self.test_renderer = self.fig.scatter("x", "y", fill_color="color", line_color="#222222", line_width=1.2,
                                              size=6, source=self.test_source, visible=False)
        self.fig.on_event(Tap, self._tapped)
        # two quick taps (drawing points fast) arrive as a Tap and a DoubleTap: each is a point
        self.fig.on_event(DoubleTap, self._tapped)
        use_page_font(self.fig)
        self.key = pn.pane.HTML("", margin=(0, 8), css_classes=["pg-colour-key"])
        self._key_data = ""
        self._unit = None  # (index into the frame's neurons, label, until): a neuron shown large
        self._data = None
        self._style = None

    def _tapped(self, event):
        if self.on_click is not None and event.x is not None and event.y is not None:
            self.on_click(float(event.x), float(event.y))

    def _colors(self, y, data, colorblind):
        return point_colors(y, data, colorblind)

    def _sync_data(self, snap):
        """Points, axes and palette: only when the frame's data or palette changed."""
        data, colorblind = snap.data, snap.display.colorblind
        style = (colorblind, data.problem, data.n_classes)
        if snap.data_version == self._data and style == self._style:
            return
        i, j = data.plane
        if snap.data_version != self._data:
            # only what differs: a changed range or label makes the browser lay the plot out again
            x0, x1, y0, y1 = data.extent
            if (self.fig.x_range.start, self.fig.x_range.end) != (x0, x1):
                self.fig.x_range.update(start=x0, end=x1)
            if (self.fig.y_range.start, self.fig.y_range.end) != (y0, y1):
                self.fig.y_range.update(start=y0, end=y1)
            for axis, label in ((self.fig.xaxis[0], _axis_label(data, i)), (self.fig.yaxis[0], _axis_label(data, j))):
                if axis.axis_label != label:
                    axis.axis_label = label
        train_dx, note = spread(data, data.x_train)
        test_dx, _ = spread(data, data.x_test)
        self.train_source.data = dict(x=data.x_train[:, i] + train_dx, y=data.x_train[:, j],
                                      color=self._colors(data.y_train, data, colorblind))
        self.test_source.data = dict(x=data.x_test[:, i] + test_dx, y=data.x_test[:, j],
                                     color=self._colors(data.y_test, data, colorblind))
        palette = class_blocks(data.n_classes, colorblind)[0] if data.problem == "multiclass" \
            else diverging(colorblind)
        if list(self.mapper.palette) != palette:
            self.mapper.palette = palette
        self._key_data = key_html(data, colorblind, note, scale=self.scale_key)
        self._show_key()
        self._data, self._style = snap.data_version, style

    def _show_key(self) -> None:
        key = self._key_data
        if self._unit is not None:
            key = f"<div class='pg-key' data-testid='shown-neuron'>{html.escape(self._unit[1])}</div>"
        if self.key.object != key:
            self.key.object = key

    def show_unit(self, index: int | None, label: str = "", seconds: float | None = 8.0) -> None:
        """Draw hidden or output unit ``index`` (the frame's ``neurons`` order) over the plane for
        ``seconds`` (None: until told otherwise) instead of the network's answer; None: back."""
        until = float("inf") if seconds is None else time.monotonic() + seconds
        self._unit = None if index is None else (int(index), label, until)
        self._show_key()

    def show_pending(self, editor) -> None:
        """Show hand-drawn points that cannot be trained on yet (e.g. only one class so far), in the
        last frame's colours, until a frame with other data arrives."""
        last = self._last
        pts, labels = editor.points, editor.labels
        colorblind = last is not None and last.display.colorblind
        self.train_source.data = dict(x=pts[:, 0], y=pts[:, 1], color=self._colors(labels, editor, colorblind))
        self.test_source.data = dict(x=[], y=[], color=[])
        self._pending_for = None if last is None else last.data_version

    _pending_for = None
    _last = None

    def update(self, snap) -> None:
        if self._pending_for is not None and self._pending_for != snap.data_version:
            self._pending_for = None
            self._data = None
        if self._pending_for is None:
            self._sync_data(snap)
        self._last = snap
        if self.test_renderer.visible != snap.display.show_test_data:
            self.test_renderer.visible = snap.display.show_test_data
        x0, x1, y0, y1 = snap.extent
        unit = self._unit
        # (a unit's picture uses the two-colour palette: not for multi-class data, nor once its time is up)
        if unit is not None and (time.monotonic() > unit[2] or unit[0] >= len(snap.neurons)
                                 or snap.problem == "multiclass"):
            self.show_unit(None)
            unit = None
        if unit is not None:
            image = to_thumbnail(upscale(snap.neurons[unit[0]], snap.grid.shape[0]))
        else:
            image = quantize_grid(snap.grid, snap.problem, snap.display.discretize, snap.grid_confidence,
                                  snap.data.n_classes)
        if (x0, y0, x1 - x0, y1 - y0) != self._extent:
            self.image_source.data.update(image=[image], x=[x0], y=[y0], dw=[x1 - x0], dh=[y1 - y0])
            self._extent = (x0, y0, x1 - x0, y1 - y0)
        else:
            self.image_source.data.update(image=[image])

    _extent = None


def _axis_label(data, col: int) -> str:
    unit = data.units[col] if col < len(data.units) else ""
    return f"{data.feature_names[col]} [{unit}]" if unit else data.feature_names[col]
