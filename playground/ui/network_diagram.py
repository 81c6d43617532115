"""The network drawn as nodes and links: each neuron a small live heatmap of its output over the plane,
each link coloured by the sign of its weight and as wide as its size, each bias a small square.

Data coordinates are screen pixels of the (fixed-size) figure, so thumbnails stay square whatever the
layer sizes. The layout is computed once per architecture; per frame only the thumbnails (one uint8
image per neuron), the link weights/widths and the biases are sent. Tapping a link, neuron or bias
calls ``on_select(kind, layer, i, j)`` (touch has no hover, so values are shown on tap).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from bokeh.models import ColumnDataSource, LinearColorMapper, Range1d, TapTool
from bokeh.plotting import figure
from bokeh.transform import transform

from ..data.features import FEATURE_LABELS
from .fonts import use_page_font
from .theme import diverging


@dataclass(frozen=True)
class Layout:
    """Where every node sits: centres per layer (pixels) and the node size."""

    xs: tuple[float, ...]  # x centre of each layer (input first)
    ys: tuple[np.ndarray, ...]  # y centres of the nodes of each layer
    size: float  # node side in pixels


def node_layout(sizes, width: int, height: int, left: int = 56, right: int = 16, top: int = 10,
                bottom: int = 10, max_size: float = 40.0) -> Layout:
    """Evenly spaced columns; nodes of a layer centred vertically, as large as fit (at most
    ``max_size`` px)."""
    sizes = [int(s) for s in sizes]
    n_cols = len(sizes)
    max_n = max(sizes)
    usable_h = height - top - bottom
    pitch_y = usable_h / max_n
    size = float(min(max_size, pitch_y * 0.8, (width - left - right) / max(1, n_cols) * 0.55))
    pitch_y = min(pitch_y, size * 1.5)
    if n_cols == 1:
        xs = (left + size / 2,)
    else:
        span = width - left - right - size
        xs = tuple(left + size / 2 + span * k / (n_cols - 1) for k in range(n_cols))
    mid = bottom + usable_h / 2
    ys = tuple(mid + (np.arange(n)[::-1] - (n - 1) / 2) * pitch_y for n in sizes)
    return Layout(xs, ys, size)


def input_label(name: str, raw_names=("x1", "x2"), width: int = 9) -> str:
    """Short label of a network input: x₁, sin x₂, ... written with the data's own column names when
    they are not x1/x2 (e.g. "multi²" for the squared jet multiplicity)."""
    label = FEATURE_LABELS.get(name, name)
    if name in FEATURE_LABELS and len(raw_names) == 2 and tuple(raw_names) != ("x1", "x2"):
        for sub, raw in (("x₁", raw_names[0]), ("x₂", raw_names[1])):
            label = label.replace(sub, raw[:5])
    return label[:width]


def to_thumbnail(values: np.ndarray) -> np.ndarray:
    """One unit's activation grid as uint8 (0..255, 127.5 = zero), scaled so |value| <= 1 fills it."""
    v = np.nan_to_num(values.astype(np.float32), nan=0.0)
    scale = max(1.0, float(np.abs(v).max()))
    return np.rint((np.clip(v / scale, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def to_thumbnail_stack(values: np.ndarray) -> np.ndarray:
    """:func:`to_thumbnail` of every unit at once: (n_units, g, g) uint8, each unit scaled on its own."""
    v = np.nan_to_num(values.astype(np.float32), nan=0.0)
    scale = np.maximum(1.0, np.abs(v).reshape(v.shape[0], -1).max(axis=1, initial=0.0))[:, None, None]
    return np.rint((np.clip(v / scale, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def link_width(w: np.ndarray) -> np.ndarray:
    return (0.6 + 2.2 * np.minimum(np.abs(w), 3.0)).astype(np.float32)


class NetworkDiagram:
    def __init__(self, width: int = 520, height: int = 430, on_select=None, max_node: float = 40.0):
        self.width, self.height = width, height
        self.max_node = max_node
        self.input_words: dict = {}  # raw input name -> words shown instead of the short label
        self.layer_words: dict = {}  # "inputs", "neuron", "neurons", "output": a title over each layer
        self.on_select = on_select
        self.fig = figure(width=width, height=height, x_range=Range1d(0, width), y_range=Range1d(0, height),
                          tools="", toolbar_location=None, min_border=0, name="network",
                          css_classes=["pg-network"], x_axis_location=None, y_axis_location=None)
        self.fig.grid.visible = False
        self.fig.outline_line_color = None
        palette = diverging(False)
        self.weight_mapper = LinearColorMapper(palette=palette, low=-1.0, high=1.0)
        self.image_mapper = LinearColorMapper(palette=palette, low=0, high=255)
        self.links = ColumnDataSource(dict(x0=[], y0=[], x1=[], y1=[], w=[], lw=[], layer=[], i=[], j=[]))
        self.nodes = ColumnDataSource(dict(x=[], y=[], size=[], layer=[], j=[]), name="network-nodes")
        self.pictures = ColumnDataSource(dict(image=[], x=[], y=[], dw=[], dh=[]))
        self.inputs = ColumnDataSource(dict(image=[], x=[], y=[], dw=[], dh=[]))
        self.labels = ColumnDataSource(dict(x=[], y=[], text=[]))
        self.biases = ColumnDataSource(dict(x=[], y=[], b=[], size=[], layer=[], j=[]))
        link_r = self.fig.segment("x0", "y0", "x1", "y1", source=self.links, line_width="lw", line_alpha=0.85,
                                  line_color=transform("w", self.weight_mapper),
                                  selection_line_color="black", nonselection_line_alpha=0.85)
        self.fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.inputs, color_mapper=self.image_mapper)
        self.fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.pictures, color_mapper=self.image_mapper)
        node_r = self.fig.rect("x", "y", width="size", height="size", source=self.nodes, fill_alpha=0.0,
                               line_color="#555555", line_width=1, selection_line_color="black",
                               selection_line_width=3, selection_fill_alpha=0.0, nonselection_fill_alpha=0.0,
                               nonselection_line_alpha=1.0)
        bias_r = self.fig.rect("x", "y", width="size", height="size", source=self.biases,
                               fill_color=transform("b", self.weight_mapper), line_color="#444444",
                               selection_line_width=2.5, nonselection_fill_alpha=1.0)
        self.fig.text("x", "y", "text", source=self.labels, text_align="right", text_baseline="middle",
                      text_font_size="11px", text_color="#333333", name="input-labels")
        self.titles = ColumnDataSource(dict(x=[], y=[], text=[]))
        self.fig.text("x", "y", "text", source=self.titles, text_align="center", text_baseline="bottom",
                      text_font_size="14px", text_color="#333333", name="layer-titles")
        # the corners of the drawing: a figure whose ranges follow its data keeps room for the labels
        self.fig.scatter(x=[0, width], y=[0, height], size=0, alpha=0)
        self.fig.add_tools(TapTool(renderers=[link_r, node_r, bias_r]))
        use_page_font(self.fig)
        self._sources = {"link": self.links, "node": self.nodes, "bias": self.biases}
        for kind, src in self._sources.items():
            src.selected.on_change("indices", self._selected(kind))
        self._layout_key = None
        self._palette_key = False
        self.last = None  # the frame drawn last (the inspector reads its weights)
        self.layout: Layout | None = None

    def set_words(self, inputs: dict, layers: dict) -> None:
        """Plain words for the inputs (raw name -> words) and a title over each layer ("4 neurons");
        drawn from the next frame on."""
        self.input_words, self.layer_words = dict(inputs), dict(layers)
        self._layout_key = None

    # --- selection ---------------------------------------------------------------------------
    def _selected(self, kind):
        def handler(attr, old, new):
            if not new:
                return
            for other, src in self._sources.items():
                if other != kind and src.selected.indices:
                    src.selected.indices = []
            src = self._sources[kind]
            k = new[0]
            if kind == "link":
                info = (int(src.data["layer"][k]), int(src.data["i"][k]), int(src.data["j"][k]))
            else:
                info = (int(src.data["layer"][k]), -1, int(src.data["j"][k]))
            if self.on_select is not None:
                self.on_select(kind, *info)
        return handler

    def clear_selection(self) -> None:
        for src in self._sources.values():
            if src.selected.indices:
                src.selected.indices = []

    # --- drawing -----------------------------------------------------------------------------
    def new_layout(self, snap) -> bool:
        """Whether ``snap`` has another network shape than the one drawn (the next :meth:`update`
        must not be skipped)."""
        return snap.layout != self._layout_key

    def _relayout(self, snap):
        sizes = snap.layer_sizes
        words = bool(self.input_words)
        lay = node_layout(sizes, self.width, self.height, max_size=self.max_node, left=150 if words else 56,
                          top=34 if self.layer_words else 10)
        self.layout = lay
        s = lay.size
        x0, y0, x1, y1, layer, ii, jj = [], [], [], [], [], [], []
        for l in range(len(sizes) - 1):
            for i in range(sizes[l]):
                for j in range(sizes[l + 1]):
                    x0.append(lay.xs[l] + s / 2)
                    y0.append(lay.ys[l][i])
                    x1.append(lay.xs[l + 1] - s / 2)
                    y1.append(lay.ys[l + 1][j])
                    layer.append(l)
                    ii.append(i)
                    jj.append(j)
        n = len(x0)
        self.links.data = dict(x0=x0, y0=y0, x1=x1, y1=y1, w=np.zeros(n, np.float32), lw=np.ones(n, np.float32),
                               layer=layer, i=ii, j=jj)
        nx, ny, nl, nj = [], [], [], []
        for l in range(1, len(sizes)):
            for j in range(sizes[l]):
                nx.append(lay.xs[l])
                ny.append(lay.ys[l][j])
                nl.append(l - 1)
                nj.append(j)
        m = len(nx)
        self.nodes.data = dict(x=nx, y=ny, size=[s] * m, layer=nl, j=nj)
        self.pictures.data = dict(image=[np.zeros((2, 2), np.uint8)] * m, x=[x - s / 2 for x in nx],
                                  y=[y - s / 2 for y in ny], dw=[s] * m, dh=[s] * m)
        bs = max(5.0, s / 4)
        self.biases.data = dict(x=[x - s / 2 - bs / 2 for x in nx], y=[y - s / 2 + bs / 2 for y in ny],
                                b=np.zeros(m, np.float32), size=[bs] * m, layer=nl, j=nj)
        pics = snap.inputs.pictures
        ix = lay.xs[0]
        self.inputs.data = dict(image=list(to_thumbnail_stack(pics)), x=[ix - s / 2] * sizes[0],
                                y=[y - s / 2 for y in lay.ys[0]], dw=[s] * sizes[0], dh=[s] * sizes[0])
        raw = snap.inputs.raw_names
        self.labels.data = dict(x=[ix - s / 2 - 6] * sizes[0], y=list(lay.ys[0]),
                                text=[self._input_words(nm, raw) for nm in snap.inputs.names])
        self.titles.data = self._titles(lay, sizes) if self.layer_words else dict(x=[], y=[], text=[])
        self.clear_selection()

    def _input_words(self, name: str, raw) -> str:
        """The label of one input: plain words where given (wrapped onto short lines), else short."""
        column = {"x1": 0, "x2": 1}.get(name)
        key = raw[column] if column is not None and column < len(raw) else name
        words = self.input_words.get(key)
        if not words:
            return input_label(name, raw)
        lines, line = [], ""
        for word in words.split():
            if line and len(line) + 1 + len(word) > 14:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        return "\n".join(lines + [line])

    def _titles(self, lay: Layout, sizes) -> dict:
        w = self.layer_words
        top = max(float(ys.max()) for ys in lay.ys) + lay.size / 2 + 6
        text = [f"{sizes[0]} {w.get('inputs', 'inputs')}"]
        text += [f"{n} {w.get('neuron') if n == 1 else w.get('neurons', 'neurons')}" for n in sizes[1:-1]]
        text += [w.get("output", "output")]
        return dict(x=list(lay.xs), y=[top] * len(sizes), text=text)

    def update(self, snap) -> None:
        self.last = snap
        if snap.layout != self._layout_key:
            self._relayout(snap)
            self._layout_key = snap.layout
        colorblind = snap.display.colorblind
        if colorblind != self._palette_key:
            self.weight_mapper.palette = self.image_mapper.palette = diverging(colorblind)
            self._palette_key = colorblind
        w = np.concatenate([W.ravel() for W, _ in snap.weights]).astype(np.float32)
        b = np.concatenate([bb for _, bb in snap.weights]).astype(np.float32)
        # Small columns go as JSON lists: each binary buffer is one more websocket frame to write.
        if w.size <= 256:
            self.links.data.update(w=np.round(w, 4).tolist(), lw=np.round(link_width(w), 2).tolist())
        else:
            self.links.data.update(w=w, lw=link_width(w))
        self.biases.data.update(b=np.round(b, 4).tolist())
        # (BokehJS takes a list of 2-D images here, not one 3-D array: one binary buffer per neuron)
        self.pictures.data.update(image=list(to_thumbnail_stack(snap.neurons)))
