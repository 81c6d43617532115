"""The network column: add/remove hidden layers, the live diagram with +/- neurons under each layer,
and an inspector that shows the tapped link, neuron or bias and lets the visitor type a new value or
pick that layer's activation.

On the full page the diagram is also a control surface (``picture_controls``): a tap on an input's
picture switches that feature, and the neuron under the mouse (or the one tapped, until tapped
again) is handed to ``on_focus(index, label)`` so the page can show it large on the plane.
"""
from __future__ import annotations

import html

import panel as pn

from ..data.features import FEATURES
from ..settings import MAX_LAYERS, MAX_NEURONS, choices, doc
from .binding import with_tip
from .network_diagram import NetworkDiagram, column_xs, input_label, unit_name

BUTTON_W = 26
#: The neuron buttons keep their width (they sit over their layer), so their glyph gets all of it.
TIGHT = [".bk-btn { padding: 0; }"]


class NetworkPanel:
    def __init__(self, experiment, notify, redraw, width: int = 520, height: int = 430, max_node: float = 40.0,
                 picture_controls: bool = True):
        self.experiment = experiment
        self.notify = notify
        self.redraw = redraw
        self.width, self.height = width, height
        self.diagram = NetworkDiagram(width, height, on_select=self._selected, max_node=max_node,
                                      all_inputs=picture_controls, headings=picture_controls,
                                      left=92 if picture_controls else None)
        self.diagram.on_input = self._input_tapped
        self.diagram.on_hover = self._hovered
        self.diagram.on_node_tap = self._node_tapped
        self.on_focus = None  # called with (frame index of a unit, its name) or (None, "") when none is shown
        self._pinned = self._hovering = None  # (layer, j): the neuron tapped, the one under the mouse
        self.features_locked = False
        self.add_layer = pn.widgets.Button(label="+ layer", width=70, margin=(2, 4), color="light",
                                           css_classes=["pg-add-layer"],
                                           description="Add a hidden layer: deeper networks can bend the "
                                                       "boundary in more ways.")
        self.remove_layer = pn.widgets.Button(label="− layer", width=70, margin=(2, 4), color="light",
                                              css_classes=["pg-remove-layer"],
                                              description="Remove the last hidden layer.")
        self.add_layer.on_click(lambda e: experiment.add_layer())
        self.remove_layer.on_click(lambda e: experiment.remove_layer())
        self.summary = pn.pane.HTML("", margin=(8, 6), css_classes=["pg-text"])
        self.neuron_row = pn.Row(margin=0, height=30)
        self.selection = None
        self.extra_words = None  # (kind, layer, i, j) -> more words for the inspector (the step-through's)
        self.on_node = None  # called with (layer, index) when a neuron is tapped (the booth shows it large)
        self.locked = False  # a teacher's link may lock the architecture (page option lock=hidden_layers)
        self.info = pn.pane.HTML("Tap a neuron, link or bias to see its value.", margin=(2, 6), width=300,
                                 css_classes=["pg-small"])
        self.value = pn.widgets.TextInput(label="", width=90, margin=(2, 4), visible=False, css_classes=["pg-weight"],
                                          placeholder="new value",
                                          description="Type a new value for this weight and press Enter.")
        self.value.param.watch(self._typed, "value")
        self.layer_act = pn.widgets.Select(width=110, margin=(2, 4), visible=False,
                                           options=choices(experiment, "activation"),
                                           description="The activation of this neuron's layer only.")
        self.layer_act.param.watch(self._layer_activation, "value")
        self.layer_norm = pn.widgets.Checkbox(label="Batch norm", width=90, margin=(8, 4),
                                              css_classes=["pg-layer-norm"])
        self.layer_norm.param.watch(self._layer_batch_norm, "value")
        self.layer_norm_row = with_tip(self.layer_norm, doc("batch_norm"))  # shown with a hidden neuron
        self.layer_norm_row.visible = False
        experiment.param.watch(lambda e: self._rebuild_controls(), ["hidden_layers"])
        self._rebuild_controls()

    # --- layer and neuron buttons --------------------------------------------------------------
    def _rebuild_controls(self):
        exp = self.experiment
        hidden = exp.hidden_layers
        max_layers = exp.param.hidden_layers.bounds[1] or MAX_LAYERS
        max_neurons = exp.param.hidden_layers.max_neurons or MAX_NEURONS  # a booth narrows both
        self.add_layer.disabled = self.locked or len(hidden) >= max_layers
        self.remove_layer.disabled = self.locked or not hidden
        left = self.diagram._margins()[0]
        xs = column_xs(len(hidden) + 2, self.width, left, max_size=self.diagram.max_node)
        items, x = [], 0.0
        for k, count in enumerate(hidden):
            centre = xs[k + 1]
            left = centre - BUTTON_W - 2
            plus = pn.widgets.Button(label="+", width=BUTTON_W, height=24, margin=(0, 0, 0, max(0, int(left - x))),
                                     color="light", css_classes=[f"pg-add-neuron-{k}"], stylesheets=TIGHT,
                                     disabled=self.locked or count >= max_neurons,
                                     description=f"Add a neuron to hidden layer {k + 1} (it has {count}).")
            minus = pn.widgets.Button(label="−", width=BUTTON_W, height=24, margin=(0, 0, 0, 2), color="light",
                                      css_classes=[f"pg-remove-neuron-{k}"], stylesheets=TIGHT,
                                      disabled=self.locked or count <= 1,
                                      description=f"Remove a neuron from hidden layer {k + 1}.")
            plus.on_click(lambda e, k=k: exp.change_neurons(k, +1))
            minus.on_click(lambda e, k=k: exp.change_neurons(k, -1))
            items += [plus, minus]
            x = max(x, left) + 2 * BUTTON_W + 2
        self.neuron_row.objects = items
        # The count goes out after the new buttons, so a page showing it never still holds stale buttons.
        n = len(hidden)
        self.summary.object = f"<b data-testid='layers'>{n}</b> hidden layer{'s' if n != 1 else ''}"
        self._clear_inspector()

    def lock(self) -> None:
        """Keep the architecture as it is: every layer and neuron button disabled."""
        self.locked = True
        self._rebuild_controls()

    def resize(self, width: int, height: int) -> None:
        """A larger (or smaller) diagram; the neuron buttons follow their columns."""
        self.width, self.height = width, height
        self.diagram.resize(width, height)
        self.column.width = width
        self._rebuild_controls()

    def set_text_scale(self, scale: float) -> None:
        """The diagram's words grow with the page's text; the neuron buttons follow their columns."""
        self.diagram.set_text_scale(scale)
        self._rebuild_controls()

    # --- the diagram as a control surface --------------------------------------------------------
    def _input_tapped(self, name: str) -> None:
        """A tap on an input's picture switches that feature on or off (as the Data tab's toggles do)."""
        exp = self.experiment
        if name not in FEATURES or not exp.two_inputs:
            self.notify("These inputs are the data's own columns; choose them in the Data tab.", "info", "features")
            return
        if self.features_locked:
            self.notify("The inputs are fixed for this lesson.", "info", "features")
            return
        chosen = [f for f in FEATURES if (f in exp.features) != (f == name)]
        if not chosen:
            self.notify("At least one input must stay on.", "warning", "features")
            return
        raw = self.diagram.last.inputs.raw_names if self.diagram.last is not None else ("x1", "x2")
        exp.features = chosen
        state = "on" if name in chosen else "off"
        self.notify(f"Input {input_label(name, raw)} switched {state}.", "info", "features")

    def _hovered(self, layer, j) -> None:
        self._hovering = None if layer is None else (layer, j)
        self._show_focus()

    def _show_focus(self) -> None:
        """Show the neuron under the mouse, else the pinned one, else none, on the plane and in the diagram."""
        target = self._hovering or self._pinned
        frame = self.diagram.last
        if target is not None and frame is not None and target[0] < frame.spec.n_layers:
            layer, j = target
            index = sum(frame.layer_sizes[1:layer + 1]) + j
            label = f"Showing {unit_name(frame.spec, layer, j)}"
            label += " (tap it again to go back)" if self._pinned == target and self._hovering is None else ""
            self.diagram.focus(layer, j)
            if self.on_focus is not None:
                self.on_focus(index, label)
        else:
            self.diagram.focus(None)
            if self.on_focus is not None:
                self.on_focus(None, "")

    # --- inspector -----------------------------------------------------------------------------
    def _clear_inspector(self):
        self.selection = None
        if self._pinned is not None or self._hovering is not None:
            self._pinned = self._hovering = None
            self._show_focus()
        self.value.visible = False
        self.layer_act.visible = False
        self.layer_norm_row.visible = False
        self.info.object = "Tap a neuron, link or bias to see its value."

    def _node_tapped(self, layer: int, j: int) -> None:
        """A tap on a neuron: the booth shows it large for a while; the full page pins it on the
        plane until it is tapped again."""
        if self.on_node is not None:
            self.on_node(layer, j)
        if self.on_focus is not None:
            self._pinned = None if self._pinned == (layer, j) else (layer, j)
            self._show_focus()

    def _selected(self, kind, layer, i, j):
        frame = self.diagram.last  # the weights on screen, not the live trainer's (it may be training)
        spec = frame.spec
        self.selection = (kind, layer, i, j)
        W, b = frame.weights[layer]
        names = spec.input_names
        last = layer == spec.n_layers - 1

        def unit(l, k):
            if l < 0:
                return f"input {html.escape(names[k])}"
            return f"output {k + 1}" if l == spec.n_layers - 1 else f"neuron {k + 1} of layer {l + 1}"

        if kind == "link":
            value = W[i, j]
            text = f"Weight from {unit(layer - 1, i)} to {unit(layer, j)}"
        elif kind == "bias":
            value = b[j]
            text = f"Bias of {unit(layer, j)}"
        else:
            value = b[j]
            act = spec.output if last else spec.activations[layer]
            text = f"{unit(layer, j).capitalize()}: activation {act}, bias"
        pieces = int(spec.pieces[layer])
        if pieces > 1:
            text += f" (the average of its {pieces} maxout pieces)"
        extra = self.extra_words(kind, layer, i, j) if self.extra_words is not None else ""
        self.info.object = f"{text}: <b data-testid='selected-value'>{value:.4g}</b>{extra}"
        self.value.visible = pieces == 1
        self.value.description = "Type a new value and press Enter."
        hidden_node = kind == "node" and not last
        if hidden_node:
            self.layer_act.value = spec.activations[layer]
            self.layer_norm.value = bool(spec.batch_norm[layer])
        self.layer_act.visible = self.layer_norm_row.visible = hidden_node

    def _typed(self, event):
        if not event.new or self.selection is None:
            return
        kind, layer, i, j = self.selection
        try:
            if kind == "link":
                self.experiment.set_weight(layer, i, j, event.new)
            else:
                self.experiment.set_bias(layer, j, event.new)
        except ValueError as exc:
            self.notify(str(exc), "error", "weights")
            return
        finally:
            self.value.value = ""
        self._show_typed = True
        self.redraw()  # the next frame carries the typed value, and update() shows it here

    _show_typed = False

    def update(self, snap) -> None:
        """Draw a frame in the diagram; after a typed value, show it in the inspector (once: rewriting
        the inspector every frame would make the browser lay the page out again each time). A new
        network shape drops the selection: its link or neuron may be gone."""
        relayout = self.diagram.new_layout(snap)
        self.diagram.update(snap)
        if relayout:
            self._clear_inspector()
        elif self._show_typed and self.selection is not None:
            self._selected(*self.selection)
        self._show_typed = False

    def _layer_activation(self, event):
        if self.selection is None or self.selection[0] != "node" or not self.layer_act.visible:
            return
        layer = self.selection[1]
        if layer < len(self.experiment.activations) and self.experiment.activations[layer] != event.new:
            self.experiment.set_layer_activation(layer, event.new)

    def _layer_batch_norm(self, event):
        if self.selection is None or self.selection[0] != "node" or not self.layer_norm_row.visible:
            return
        layer = self.selection[1]
        if layer < len(self.experiment.batch_norm) and bool(self.experiment.batch_norm[layer]) != event.new:
            self.experiment.set_layer_batch_norm(layer, event.new)
            state = "on" if event.new else "off"
            self.notify(f"Batch norm {state} for layer {layer + 1}: a new network starts.", "info", "network")

    def layout(self):
        self.column = pn.Column(
            pn.Row(self.add_layer, self.remove_layer, self.summary, margin=0),
            self.diagram.fig, self.neuron_row,
            pn.Row(self.info, self.value, margin=0), pn.Row(self.layer_act, self.layer_norm_row, margin=0), margin=0,
            width=self.width)
        return self.column
