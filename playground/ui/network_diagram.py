"""The network drawn as nodes and links: each neuron a small live heatmap of its output over the plane,
each link coloured by the sign of its weight and as wide as its size, each bias a small square.

Data coordinates are screen pixels of the (fixed-size) figure, so thumbnails stay square whatever the
layer sizes. The layout is computed once per architecture; per frame only the thumbnails (one uint8
image per neuron), the link weights/widths and the biases are sent.

The diagram is also where a person works on the network, as in TF Playground:

* **Inputs are the feature toggles** (``all_inputs``): every input that could be switched on is
  drawn, named with the data's own column names ("Multiplicity²" for jets), those that are off
  dimmed; a tap calls ``on_input(name)``.
* **Neurons can be seen large**: moving the mouse over a neuron calls ``on_hover(layer, j)`` (and
  ``on_hover(None, None)`` when it leaves), through a one-row data source written by a few lines of
  JavaScript only when the neuron under the mouse changes; :meth:`focus` dims every other neuron.
* **Each column says what it is** (``headings``): "Inputs", "Layer 1", ..., "Output" above, and the
  neuron count and activation under each layer.

Tapping a link, neuron or bias calls ``on_select(kind, layer, i, j)`` (touch has no hover, so a
tap shows values and pins a neuron).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from bokeh.events import DoubleTap, Tap
from bokeh.models import ColumnDataSource, CustomJS, HoverTool, LinearColorMapper, Range1d, TapTool
from bokeh.plotting import figure
from bokeh.transform import transform

from ..data.features import FEATURE_LABELS
from ..settings import ACTIVATION_LABELS, JET_LABELS
from .fonts import use_page_font
from .theme import diverging

#: How much of a dimmed picture's colour is covered with white (an input switched off, or every
#: neuron but the one shown large).
DIM = 0.7
#: Text sizes in pixels at the normal text size (the page's text size scales them, see set_text_scale).
FONT = {"labels": 11.0, "titles": 13.0, "notes": 11.0, "step": 10.0}

HOVER_JS = """
const found = cb_data.index.indices
const k = found.length ? found[0] : -1
if (hover.data.k[0] !== k) hover.data = {k: [k]}
"""


@dataclass(frozen=True)
class Layout:
    """Where every node sits: centres per layer (pixels) and the node size."""

    xs: tuple[float, ...]  # x centre of each layer (input first)
    ys: tuple[np.ndarray, ...]  # y centres of the nodes of each layer
    size: float  # node side in pixels


def column_xs(n_cols: int, width: int, left: int = 56, right: int = 16, max_size: float = 40.0) -> tuple:
    """x centre of each column: evenly spaced, whatever the node size (so controls placed under a
    column before the first frame sit where the column is drawn)."""
    if n_cols == 1:
        return (left + max_size / 2,)
    span = width - left - right - max_size
    return tuple(left + max_size / 2 + span * k / (n_cols - 1) for k in range(n_cols))


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
    xs = column_xs(n_cols, width, left, right, max_size)
    mid = bottom + usable_h / 2
    ys = tuple(mid + (np.arange(n)[::-1] - (n - 1) / 2) * pitch_y for n in sizes)
    return Layout(xs, ys, size)


def column_words(name: str) -> str:
    """A data column as people read it: the jet features' menu names ("Multiplicity"), else as is."""
    return JET_LABELS.get(name, name)


def input_label(name: str, raw_names=("x1", "x2"), width: int = 14) -> str:
    """Short label of a network input: x₁, sin x₂, ... written with the data's own column names when
    they are not x1/x2 (e.g. "Multiplicity²" for the squared jet multiplicity)."""
    label = FEATURE_LABELS.get(name, column_words(name))
    if name in FEATURE_LABELS and len(raw_names) == 2 and tuple(raw_names) != ("x1", "x2"):
        for sub, raw in (("x₁", raw_names[0]), ("x₂", raw_names[1])):
            label = label.replace(sub, column_words(raw))
    return label if len(label) <= width else label[:width - 1] + "…"


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


def unit_name(spec, layer: int, j: int) -> str:
    """How the page names a hidden or output unit ("neuron 2 of layer 1", "the output")."""
    if layer == spec.n_layers - 1:
        return "the output" if spec.n_outputs == 1 else f"output {j + 1}"
    return f"neuron {j + 1} of layer {layer + 1}"


class NetworkDiagram:
    def __init__(self, width: int = 520, height: int = 430, on_select=None, max_node: float = 40.0,
                 all_inputs: bool = False, headings: bool = False, left: int | None = None):
        self.width, self.height = width, height
        self.max_node = max_node
        self.all_inputs, self.headings = all_inputs, headings
        self.left = left
        self.input_words: dict = {}  # raw input name -> words shown instead of the short label
        self.layer_words: dict = {}  # "inputs", "neuron", "neurons", "output": a title over each layer
        self.on_select = on_select
        self.on_input = None  # called with an input's name when its picture is tapped (all_inputs)
        self.on_hover = None  # called with (layer, j) of the neuron under the mouse, (None, None) when none
        self.on_node_tap = None  # called with (layer, j) of a tapped neuron, every tap (also on the same one)
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
        self.input_boxes = ColumnDataSource(dict(x=[], y=[], size=[], name=[], on=[], line=[]),
                                            name="network-inputs")
        self.veils = ColumnDataSource(dict(x=[], y=[], size=[], alpha=[]), name="network-veils")
        self.labels = ColumnDataSource(dict(x=[], y=[], text=[]))
        self.biases = ColumnDataSource(dict(x=[], y=[], b=[], size=[], layer=[], j=[]))
        self.titles = ColumnDataSource(dict(x=[], y=[], text=[]))
        self.notes = ColumnDataSource(dict(x=[], y=[], text=[]), name="network-notes")
        self.hover = ColumnDataSource(dict(k=[-1]), name="network-hover")
        link_r = self.fig.segment("x0", "y0", "x1", "y1", source=self.links, line_width="lw", line_alpha=0.85,
                                  line_color=transform("w", self.weight_mapper),
                                  selection_line_color="black", nonselection_line_alpha=0.85)
        self.fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.inputs, color_mapper=self.image_mapper)
        self.fig.image("image", x="x", y="y", dw="dw", dh="dh", source=self.pictures, color_mapper=self.image_mapper)
        self.fig.rect("x", "y", width="size", height="size", source=self.veils, fill_color="white",
                      fill_alpha="alpha", line_alpha=0)
        input_r = self.fig.rect("x", "y", width="size", height="size", source=self.input_boxes, fill_alpha=0.0,
                                line_color="line", line_width=1, nonselection_fill_alpha=0.0,
                                selection_fill_alpha=0.0, nonselection_line_alpha=1.0)
        node_r = self.fig.rect("x", "y", width="size", height="size", source=self.nodes, fill_alpha=0.0,
                               line_color="#555555", line_width=1, selection_line_color="black",
                               selection_line_width=3, selection_fill_alpha=0.0, nonselection_fill_alpha=0.0,
                               nonselection_line_alpha=1.0)
        bias_r = self.fig.rect("x", "y", width="size", height="size", source=self.biases,
                               fill_color=transform("b", self.weight_mapper), line_color="#444444",
                               selection_line_width=2.5, nonselection_fill_alpha=1.0)
        self._texts = {
            "labels": self.fig.text("x", "y", "text", source=self.labels, text_align="right",
                                    text_baseline="middle", text_font_size="11px", text_color="#333333",
                                    name="input-labels"),
            "titles": self.fig.text("x", "y", "text", source=self.titles, text_align="center",
                                    text_baseline="bottom", text_font_size="13px", text_color="#333333",
                                    name="layer-titles"),
            "notes": self.fig.text("x", "y", "text", source=self.notes, text_align="center", text_baseline="top",
                                   text_font_size="11px", text_color="#555555", name="layer-notes")}
        # the step-through's numbers under each neuron (forward: z and a; backward: δ), and on the
        # links the gradients or changes in place of the weights (see show_step)
        self.step_words = ColumnDataSource(dict(x=[], y=[], text=[], align=[]), name="network-step-words")
        self._texts["step"] = self.fig.text("x", "y", "text", source=self.step_words, text_align="align",
                                            text_baseline="top", text_font_size="10px", text_color="#111111",
                                            background_fill_color="white", background_fill_alpha=0.8,
                                            name="step-words")
        self._step_links = None
        # the corners of the drawing: a figure whose ranges follow its data keeps room for the labels
        self._corners = self.fig.scatter(x=[0, width], y=[0, height], size=0, alpha=0)
        self.fig.add_tools(TapTool(renderers=[link_r, node_r, bias_r, input_r]))
        self.fig.add_tools(HoverTool(renderers=[node_r], tooltips=None,
                                     callback=CustomJS(args=dict(hover=self.hover), code=HOVER_JS)))
        use_page_font(self.fig)
        self._sources = {"link": self.links, "node": self.nodes, "bias": self.biases, "input": self.input_boxes}
        for kind, src in self._sources.items():
            src.selected.on_change("indices", self._selected(kind))
        self.hover.on_change("data", self._hovered)
        # a second tap soon after the first is a DoubleTap, not a selection: switching two inputs
        # one after the other would lose the second
        self.fig.on_event(DoubleTap, self._double_tapped)
        # every tap on a neuron, also a second one on the neuron already selected (which changes no
        # selection, so the selection alone cannot tell "tapped again")
        self.fig.on_event(Tap, self._tapped)
        self._layout_key = None
        self._palette_key = False
        self._focus = None  # (layer, j) of the neuron shown large, or None
        self._text_scale = 1.0
        self.last = None  # the frame drawn last (the inspector reads its weights)
        self.layout: Layout | None = None

    def set_words(self, inputs: dict, layers: dict) -> None:
        """Plain words for the inputs (raw name -> words) and a title over each layer ("4 neurons");
        drawn from the next frame on."""
        self.input_words, self.layer_words = dict(inputs), dict(layers)
        self._layout_key = None

    def resize(self, width: int, height: int) -> None:
        """Draw the network ``width`` x ``height`` pixels large (a wide screen), from the next frame."""
        if (width, height) == (self.width, self.height):
            return
        self.width, self.height = width, height
        self.fig.update(width=width, height=height)
        self.fig.x_range.end, self.fig.y_range.end = width, height
        self._corners.data_source.data.update(x=[0, width], y=[0, height])
        self._layout_key = None

    def set_text_scale(self, scale: float) -> None:
        """Grow the diagram's words with the page's text size (canvas text does not follow CSS)."""
        self._text_scale = float(scale)
        for key, renderer in self._texts.items():
            renderer.glyph.text_font_size = f"{FONT[key] * scale:.1f}px"
        self._layout_key = None  # the margins for the words grow too

    # --- selection, hover, focus ---------------------------------------------------------------
    def _selected(self, kind):
        def handler(attr, old, new):
            if not new:
                return
            for other, src in self._sources.items():
                if other != kind and src.selected.indices:
                    src.selected.indices = []
            src = self._sources[kind]
            k = new[0]
            if kind == "input":
                src.selected.indices = []  # a toggle, not a selection: the next tap toggles again
                if self.on_input is not None:
                    self.on_input(str(src.data["name"][k]))
                return
            if kind == "link":
                info = (int(src.data["layer"][k]), int(src.data["i"][k]), int(src.data["j"][k]))
            else:
                info = (int(src.data["layer"][k]), -1, int(src.data["j"][k]))
            if self.on_select is not None:
                self.on_select(kind, *info)
        return handler

    def node_at(self, x, y):
        """(layer, j) of the neuron drawn at figure pixel (x, y), or None."""
        nodes = self.nodes.data
        if x is None or y is None:
            return None
        for nx, ny, size, layer, j in zip(nodes["x"], nodes["y"], nodes["size"], nodes["layer"], nodes["j"]):
            if abs(x - nx) <= size / 2 and abs(y - ny) <= size / 2:
                return int(layer), int(j)
        return None

    def _tapped(self, event) -> None:
        node = self.node_at(event.x, event.y)
        if node is not None and self.on_node_tap is not None:
            self.on_node_tap(*node)

    def _double_tapped(self, event) -> None:
        boxes = self.input_boxes.data
        if self.on_input is None or event.x is None or event.y is None:
            return
        for x, y, size, name in zip(boxes["x"], boxes["y"], boxes["size"], boxes["name"]):
            if abs(event.x - x) <= size / 2 and abs(event.y - y) <= size / 2:
                self.on_input(str(name))
                return

    def _hovered(self, attr, old, new):
        k = int(new["k"][0]) if new.get("k") else -1
        if self.on_hover is None:
            return
        nodes = self.nodes.data
        if 0 <= k < len(nodes["layer"]):
            self.on_hover(int(nodes["layer"][k]), int(nodes["j"][k]))
        else:
            self.on_hover(None, None)

    def clear_selection(self) -> None:
        for src in self._sources.values():
            if src.selected.indices:
                src.selected.indices = []

    def focus(self, layer: int | None, j: int | None = None) -> None:
        """Dim every neuron but (layer, j) (shown large on the plane); ``None``: none dimmed."""
        self._focus = None if layer is None else (int(layer), int(j))
        self._draw_veils()

    def _draw_veils(self) -> None:
        if self.layout is None:
            return
        inputs = [0.0 if on else DIM for on in self.input_boxes.data["on"]]
        nodes = self.nodes.data
        if self._focus is None:
            hidden = [0.0] * len(nodes["layer"])
        else:
            hidden = [0.0 if (l, j) == self._focus else DIM * 0.85 for l, j in zip(nodes["layer"], nodes["j"])]
        alpha = inputs + hidden
        if list(self.veils.data["alpha"]) != alpha:
            self.veils.data.update(alpha=alpha)

    # --- drawing -----------------------------------------------------------------------------
    def new_layout(self, snap) -> bool:
        """Whether ``snap`` has another network shape than the one drawn (the next :meth:`update`
        must not be skipped)."""
        return snap.layout != self._layout_key

    def _input_column(self, snap):
        """(names drawn in the input column, which are switched on, their pictures)."""
        inp = snap.inputs
        if self.all_inputs and inp.candidates:
            return inp.candidates, [n in inp.names for n in inp.candidates], inp.candidate_pictures
        return inp.names, [True] * len(inp.names), inp.pictures

    def _margins(self) -> tuple[int, int, int]:
        """(left, top, bottom) in pixels: room for the input names and the words over and under the columns."""
        k = self._text_scale
        if self.left is not None:
            left = self.left * k
        else:
            left = 150 if self.input_words else 56
        top = (8 + 18 * k) if (self.layer_words or self.headings) else 10
        bottom = (8 + 28 * k) if self.headings else 10
        return int(left), int(top), int(bottom)

    def show_step(self, words: list[str] | None, links: np.ndarray | None = None) -> None:
        """The step-through's numbers: ``words`` under each neuron (hidden and output, in layer order)
        and ``links`` (one value per link, layer by layer, W row-major) drawn on the links in place
        of the weights; None takes them away."""
        nodes = self.nodes.data
        if words is None or len(words) != len(nodes["x"]):
            self.step_words.data = dict(x=[], y=[], text=[], align=[])
        else:  # centred under each neuron; the output's end at the picture's right edge
            s = self.layout.size if self.layout is not None else 20
            last = max(nodes["layer"])
            out = [layer == last for layer in nodes["layer"]]
            self.step_words.data = dict(x=[x + s / 2 if o else x for x, o in zip(nodes["x"], out)],
                                        y=[y - s / 2 - 2 for y in nodes["y"]], text=list(words),
                                        align=["right" if o else "center" for o in out])
        self._step_links = None if links is None else np.asarray(links, np.float32)
        if self.last is not None:
            self.update(self.last)

    def _relayout(self, snap):
        names, on, pics = self._input_column(snap)
        sizes = (len(names), *snap.layer_sizes[1:])
        left, top, bottom = self._margins()
        lay = node_layout(sizes, self.width, self.height, max_size=self.max_node, left=left, top=top,
                          bottom=bottom)
        self.layout = lay
        s = lay.size
        row = {name: k for k, name in enumerate(names)}
        in_rows = [row[n] for n in snap.inputs.names]  # where each network input is drawn
        x0, y0, x1, y1, layer, ii, jj = [], [], [], [], [], [], []
        real = snap.layer_sizes
        for l in range(len(real) - 1):
            for i in range(real[l]):
                for j in range(real[l + 1]):
                    x0.append(lay.xs[l] + s / 2)
                    y0.append(lay.ys[l][in_rows[i] if l == 0 else i])
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
        ix, k_in = lay.xs[0], sizes[0]
        iy = list(lay.ys[0])
        self.inputs.data = dict(image=list(to_thumbnail_stack(pics)), x=[ix - s / 2] * k_in,
                                y=[y - s / 2 for y in iy], dw=[s] * k_in, dh=[s] * k_in)
        toggles = self.all_inputs and len(snap.inputs.candidates) > 0 and snap.data.n_features == 2
        self.input_boxes.data = dict(x=[ix] * k_in, y=iy, size=[s] * k_in, name=list(names), on=list(on),
                                     line=["#555555" if o else "#b5b5b5" for o in on] if toggles else
                                     ["#555555"] * k_in)
        self.veils.data = dict(x=[ix] * k_in + nx, y=iy + ny, size=[s] * (k_in + m), alpha=[0.0] * (k_in + m))
        raw = snap.inputs.raw_names
        self.labels.data = dict(x=[ix - s / 2 - 6] * k_in, y=iy, text=[self._input_words(nm, raw) for nm in names])
        if self.headings:
            self.titles.data, self.notes.data = self._headings(lay, snap, top, bottom, toggles)
        elif self.layer_words:
            self.titles.data, self.notes.data = self._titles(lay, sizes), dict(x=[], y=[], text=[])
        else:
            self.titles.data = self.notes.data = dict(x=[], y=[], text=[])
        self._draw_veils()
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

    def _headings(self, lay: Layout, snap, top: int, bottom: int, toggles: bool) -> tuple[dict, dict]:
        """A name over every column, and under it what it holds: the neuron count and activation of
        each layer (maxout with its pieces, "· BN" where batch norm is on), the output's activation,
        and how to switch inputs."""
        spec = snap.spec
        n_hidden = len(spec.hidden)
        titles = ["Inputs"] + [f"Layer {k + 1}" for k in range(n_hidden)] + ["Output"]
        y_title = self.height - top + 4
        xs, ys, text = [], [], []
        line = 13 * self._text_scale
        y0 = bottom - 6
        for k, x in enumerate(lay.xs):
            if k == 0:
                lines = ["tap to switch"] if toggles else [f"{spec.n_inputs} input{'s' if spec.n_inputs != 1 else ''}"]
            elif k <= n_hidden:
                count, act = spec.hidden[k - 1], spec.activations[k - 1]
                kind = f"Maxout ×{spec.maxout_pieces}" if act == "maxout" else ACTIVATION_LABELS.get(act, act)
                lines = [f"{count} neuron{'s' if count != 1 else ''}",
                         kind + (" · BN" if spec.batch_norm[k - 1] else "")]
            else:
                lines = [ACTIVATION_LABELS.get(spec.output, spec.output)]
            for m, words in enumerate(lines):
                xs.append(x)
                ys.append(y0 - m * line)
                text.append(words)
        return (dict(x=list(lay.xs), y=[y_title] * len(titles), text=titles), dict(x=xs, y=ys, text=text))

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
        if self._step_links is not None and self._step_links.size == w.size:
            w = self._step_links
        b = np.concatenate([bb for _, bb in snap.weights]).astype(np.float32)
        # Small columns go as JSON lists: each binary buffer is one more websocket frame to write.
        if w.size <= 256:
            self.links.data.update(w=np.round(w, 4).tolist(), lw=np.round(link_width(w), 2).tolist())
        else:
            self.links.data.update(w=w, lw=link_width(w))
        self.biases.data.update(b=np.round(b, 4).tolist())
        # (BokehJS takes a list of 2-D images here, not one 3-D array: one binary buffer per neuron)
        self.pictures.data.update(image=list(to_thumbnail_stack(snap.neurons)))
