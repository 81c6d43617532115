"""The hidden-space view: every training point drawn where a hidden layer puts it.

A tab beside the input plane. The learner picks a hidden layer and sees the data in that layer's
space: the two neurons' outputs as the axes when the layer has two, a turnable 3-D picture for
three (turn and tilt sliders: they work by touch, mouse and keyboard alike), the layer's two main
directions (a steady PCA, :mod:`playground.hidden_space`) for wider layers. The plane's grid lines
are drawn through the same map, so the plane is seen being bent; for the last hidden layer the
output neuron's boundary is drawn too: there the classes are split by a straight line.

Like every view it draws a frame (:meth:`update`) and never reads the trainer; the frame carries the
points while the tab is open (``Experiment.hidden_points``).
"""
from __future__ import annotations

import math

import numpy as np
import panel as pn
from bokeh.models import ColumnDataSource, Range1d
from bokeh.plotting import figure

from ..hidden_space import SteadyProjection, decision_line, layer_activations
from .boundary import point_colors
from .fonts import use_page_font

GRID_COLOUR = "#9a9a9a"
#: Height the layer menu and the note take from the tab, so it is as tall as the input plane's.
CONTROLS_H = 92
BOUNDARY_COLOUR = "#222222"


def rotation(turn_deg: float, tilt_deg: float) -> np.ndarray:
    """The 3-D view's rotation: turn about the vertical axis, then tilt towards the viewer; rows 0
    and 1 of the result are the screen's x and y directions."""
    t, u = math.radians(turn_deg), math.radians(tilt_deg)
    turn = np.array([[math.cos(t), -math.sin(t), 0.0], [math.sin(t), math.cos(t), 0.0], [0.0, 0.0, 1.0]])
    tilt = np.array([[1.0, 0.0, 0.0], [0.0, math.cos(u), -math.sin(u)], [0.0, math.sin(u), math.cos(u)]])
    # neuron 3 points up the screen when untilted: swap the y and z rows of the tilted frame
    return (tilt @ turn)[[0, 2, 1]]


class HiddenSpaceView:
    def __init__(self, size: int = 335):
        self.layer = pn.widgets.Select(name="", options={"Layer 1": 0}, value=0, width=140, margin=(14, 5, 2, 5),
                                       css_classes=["pg-hidden-layer"],
                                       description="Which hidden layer's space to show.")
        self.turn = pn.widgets.IntSlider(name="Turn", start=0, end=355, step=5, value=35, width=72, margin=(0, 4),
                                         css_classes=["pg-hidden-turn"])
        self.tilt = pn.widgets.IntSlider(name="Tilt", start=-85, end=85, step=5, value=20, width=72, margin=(0, 4),
                                         css_classes=["pg-hidden-tilt"])
        self.turner = pn.Row(self.turn, self.tilt, pn.widgets.TooltipIcon(
            value="Turn the 3-D picture around its vertical axis and tilt it towards you.", margin=(20, 0, 0, -4)),
            margin=0, visible=False)
        self.fig = figure(width=size, height=size - CONTROLS_H, tools="", toolbar_location=None, x_range=Range1d(-1, 1),
                          y_range=Range1d(-1, 1), min_border=4, output_backend="canvas", name="hidden-space",
                          css_classes=["pg-hidden-space"])
        self.fig.axis.major_label_text_font_size = "9px"
        self.fig.axis.axis_label_text_font_size = "10px"
        self.fig.grid.visible = False
        # the grid lines as one line broken by NaNs: two arrays per frame (a multi_line's list of arrays
        # is one websocket buffer per line, and 36 of them cost the page half its frame rate)
        self.grid_source = ColumnDataSource(dict(x=[], y=[]), name="hidden-grid")
        self.axes_source = ColumnDataSource(dict(xs=[], ys=[]), name="hidden-axes")
        self.axis_words = ColumnDataSource(dict(x=[], y=[], text=[]), name="hidden-axis-words")
        # x and y: where the picture draws the points; their colours go only when the data change
        self.points = ColumnDataSource(dict(x=[], y=[], color=[]), name="hidden-points")
        # the points' own coordinates in a three-neuron layer's space (empty otherwise)
        self.coords = ColumnDataSource(dict(h1=[], h2=[], h3=[]), name="hidden-coords")
        self._colour_key = None
        self._labels = None
        self.boundary = ColumnDataSource(dict(x=[], y=[]), name="hidden-boundary")
        self.fig.line("x", "y", source=self.grid_source, line_color=GRID_COLOUR, line_alpha=0.55, line_width=1)
        self.fig.multi_line("xs", "ys", source=self.axes_source, line_color="#555555", line_width=1.2)
        self.fig.text("x", "y", "text", source=self.axis_words, text_font_size="11px", text_color="#333333",
                      text_align="center", text_baseline="middle")
        self.fig.scatter("x", "y", fill_color="color", line_color=None, size=5, source=self.points)
        self.fig.scatter("h1", "h2", source=self.coords, visible=False)  # keeps the coordinates in the page
        self.fig.line("x", "y", source=self.boundary, line_color=BOUNDARY_COLOUR, line_width=2.5, line_dash="dashed")
        use_page_font(self.fig)
        self.note = pn.pane.HTML("", margin=(0, 6), css_classes=["pg-small"], width=size)
        self.projection = SteadyProjection()
        self.layout_key = None
        self._box = None
        self._last = None
        self.layer.param.watch(lambda e: self._changed(reset=True), "value")
        self.turn.param.watch(lambda e: self._changed(), "value")
        self.tilt.param.watch(lambda e: self._changed(), "value")
        self.layout = pn.Column(pn.Row(self.layer, self.turner, margin=0, height=52), self.fig, self.note, margin=0)

    def resize(self, size: int) -> None:
        self.fig.update(width=size, height=size - CONTROLS_H)
        self.note.width = size

    def _changed(self, reset: bool = False) -> None:
        if reset:
            self.projection.reset()
            self._box = None
        if self._last is not None:
            self.update(self._last)

    def _sync_layers(self, snap) -> None:
        if snap.layout == self.layout_key:
            return
        self.layout_key = snap.layout
        hidden = snap.spec.hidden
        options = {f"Layer {k + 1}": k for k in range(len(hidden))}
        self.layer.param.update(options=options, value=min(int(self.layer.value), max(len(hidden) - 1, 0)))
        self.projection.reset()
        self._box = None

    def update(self, snap) -> None:
        """Draw the frame's hidden-space points (nothing when the frame has none)."""
        if snap.hidden is None or not snap.spec.hidden:
            return
        self._last = snap
        self._sync_layers(snap)
        spec, h = snap.spec, snap.hidden
        layer = min(int(self.layer.value), len(spec.hidden) - 1)
        k = spec.hidden[layer]
        acts = layer_activations(h.neurons, spec.hidden, layer).astype(np.float64)
        train, grid = acts[:h.n_train], acts[h.n_train:]
        three_d = k == 3
        if self.turner.visible != three_d:
            self.turner.visible = three_d
        if k == 1:
            xy = np.column_stack([train[:, 0], _jitter(len(train))])
            grid_xy = None
            mode, x_label, y_label = "line", f"neuron 1 of layer {layer + 1}", ""
        elif three_d:
            centre = np.full(3, 0.5 if spec.activations[layer] == "sigmoid" else 0.0)
            rot = rotation(self.turn.value, self.tilt.value)
            xy = ((train - centre) @ rot.T)[:, :2]
            grid_xy = ((grid - centre) @ rot.T)[:, :2]
            mode, x_label, y_label = "3d", "", ""
        else:
            self.projection.fit(train)
            xy, grid_xy = self.projection.transform(train), self.projection.transform(grid)
            direct = k == 2
            mode = "direct" if direct else "projection"
            x_label = f"neuron 1 of layer {layer + 1}" if direct else "main direction 1"
            y_label = f"neuron 2 of layer {layer + 1}" if direct else "main direction 2"
        box = self._fit_box(xy, square=three_d)
        x0, x1, y0, y1 = box
        self.fig.x_range.update(start=x0, end=x1)
        self.fig.y_range.update(start=y0, end=y1)
        if self._labels != (x_label, y_label, three_d):  # words and axes only when they change: each
            self._labels = (x_label, y_label, three_d)  # change makes the browser lay the page out again
            self.fig.xaxis.axis_label, self.fig.yaxis.axis_label = x_label, y_label
            self.fig.axis.visible = not three_d
        shown = _subset(len(xy))
        colour_key = (id(snap.data), snap.display.colorblind, len(shown))
        xs, ys = xy[shown, 0].astype(np.float32), xy[shown, 1].astype(np.float32)
        if colour_key != self._colour_key:
            self._colour_key = colour_key
            self.points.data = dict(x=xs, y=ys, color=point_colors(h.labels[shown], snap.data,
                                                                   snap.display.colorblind))
        else:
            self.points.data.update(x=xs, y=ys)  # the colours stay: only the moved columns are sent
        space = train[shown].astype(np.float32) if three_d else np.zeros((0, 3), np.float32)
        self.coords.data = dict(h1=space[:, 0], h2=space[:, 1], h3=space[:, 2])
        if grid_xy is not None:
            lines, n = h.lines
            g = grid_xy.reshape(lines, n, 2)
            g = np.concatenate([g, np.full((lines, 1, 2), np.nan)], axis=1).reshape(-1, 2).astype(np.float32)
            self.grid_source.data = dict(x=g[:, 0], y=g[:, 1])
        else:
            self.grid_source.data = dict(x=[], y=[])
        self._draw_axes(three_d, box)
        line = self._boundary(spec, snap, layer, k, box) if mode != "3d" else None
        self.boundary.data = dict(x=[] if line is None else line[:, 0], y=[] if line is None else line[:, 1])
        words = self._words(mode, layer, k, line is not None, len(spec.hidden))
        if words != self.note.object:
            self.note.object = words

    def _fit_box(self, xy: np.ndarray, square: bool) -> tuple[float, float, float, float]:
        """The axes' ranges: the points with a margin, kept while the points stay well inside them,
        so the picture does not zoom a little every frame."""
        finite = xy[np.all(np.isfinite(xy), axis=1)]
        if not len(finite):
            return self._box or (-1.0, 1.0, -1.0, 1.0)
        lo, hi = finite.min(axis=0), finite.max(axis=0)
        if square:  # the same scale across and up: a turning cube must not stretch
            r = float(np.abs(finite).max()) or 1.0
            aspect = self.fig.width / max(self.fig.height, 1)
            lo, hi = np.array([-r * aspect, -r]), np.array([r * aspect, r])
        span = np.maximum(hi - lo, 1e-3)
        want = (lo[0] - 0.12 * span[0], hi[0] + 0.12 * span[0], lo[1] - 0.12 * span[1], hi[1] + 0.12 * span[1])
        if self._box is not None:
            bx0, bx1, by0, by1 = self._box
            inside = lo[0] >= bx0 and hi[0] <= bx1 and lo[1] >= by0 and hi[1] <= by1
            filled = (hi[0] - lo[0]) > 0.5 * (bx1 - bx0) and (hi[1] - lo[1]) > 0.5 * (by1 - by0)
            if inside and filled:
                return self._box
        self._box = tuple(float(v) for v in want)
        return self._box

    def _draw_axes(self, three_d: bool, box) -> None:
        if not three_d:
            self.axes_source.data = dict(xs=[], ys=[])
            self.axis_words.data = dict(x=[], y=[], text=[])
            return
        rot = rotation(self.turn.value, self.tilt.value)
        length = 0.8 * (box[1] - box[0]) / 2
        ends = np.eye(3) @ rot.T * length
        self.axes_source.data = dict(xs=[[0.0, float(e[0])] for e in ends], ys=[[0.0, float(e[1])] for e in ends])
        self.axis_words.data = dict(x=[float(e[0]) * 1.12 for e in ends], y=[float(e[1]) * 1.12 for e in ends],
                                    text=["n1", "n2", "n3"])

    def _boundary(self, spec, snap, layer: int, k: int, box):
        """The output neuron's boundary in this space: for the last hidden layer of a network with one
        sigmoid or tanh output (its weighted input is 0 there)."""
        if layer != len(spec.hidden) - 1 or spec.n_outputs != 1 or spec.output not in ("sigmoid", "tanh"):
            return None
        W, b = snap.weights[-1]
        w, bias = W[:, 0].astype(np.float64), float(b[0])
        if k == 1:
            if abs(w[0]) < 1e-12:
                return None
            x = -bias / w[0]
            return np.array([[x, box[2]], [x, box[3]]]) if box[0] <= x <= box[1] else None
        return decision_line(w, bias, 0.0, self.projection, box)

    @staticmethod
    def _words(mode: str, layer: int, k: int, boundary: bool, n_layers: int) -> str:
        text = {
            "line": "One neuron: each point sits at its output.",
            "direct": "Axes: the layer's two neurons.",
            "3d": "Axes: the layer's three neurons n1, n2, n3.",
            "projection": f"{k} neurons: the picture shows their two main directions.",
        }[mode]
        if mode != "line":
            text += " Grey: the input plane's grid, bent by the network."
        if boundary:
            text += " Dashed: where the output switches class, a straight line here."
        elif mode == "3d" and layer == n_layers - 1:
            text += " The output switches class on a flat plane in this space."
        return f"<span data-testid='hidden-mode' data-mode='{mode}'>{text}</span>"


#: At most this many training points are drawn (every k-th): 1,000 jets would cost the live page a
#: third of its frame rate in sending and drawing, and 400 show the picture as well.
MAX_POINTS = 400


def _subset(n: int) -> np.ndarray:
    return np.arange(n) if n <= MAX_POINTS else np.linspace(0, n - 1, MAX_POINTS).astype(int)


def _jitter(n: int) -> np.ndarray:
    """Fixed vertical offsets that spread points on a line apart (the same every frame)."""
    return (np.arange(n) * 0.6180339887 % 1.0) - 0.5
