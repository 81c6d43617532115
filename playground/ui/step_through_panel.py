"""Backpropagation one point at a time, on the network diagram: the numbers a lecture writes.

"Step through" pauses training and picks a training point (a tap on the plane picks the one drawn
nearest; "Next point" takes the next one). Each
press of the step button shows one stage on the diagram and in a table under it:

1. **forward**: every neuron's weighted sum z and output a, under the neuron;
2. **error**: the point's loss and the output's error signal δ = ∂L/∂z;
3. **backward**: every neuron's δ under it, and each weight's gradient ∂L/∂w drawn on its link
   (colour and width, scaled to the largest; a tap on a link gives its numbers);
4. **update**: each weight's change −η·∂L/∂w on its link; the next press takes the step (the
   boundary is drawn again) and goes on to the next point.

The numbers come from :meth:`playground.experiment.Experiment.point_steps` (the engine's
step-through, tested against finite differences and against the engine's own training step).
"""
from __future__ import annotations

import html

import numpy as np
import panel as pn

STAGES = ("forward", "error", "backward", "update")
STAGE_WORDS = {
    "forward": "1 · Forward: each neuron's weighted sum z and its output a = f(z).",
    "error": "2 · Error: the point's loss, and the output's error signal δ = ∂L/∂z.",
    "backward": "3 · Backward: each neuron's δ, sent back through the weights; each link shows its gradient "
                "∂L/∂w (tap a link for its number).",
    "update": "4 · Update: each link shows its change −η·∂L/∂w. Press again to take the step.",
}


def short(value: float) -> str:
    """Three significant digits: one line under a neuron must fit between it and the next."""
    return f"{float(value) + 0.0:.3g}"


def fmt(value: float) -> str:
    """Four significant digits; a zero is 0, not −0 (a weight from an input that is 0 gets none)."""
    return f"{float(value) + 0.0:.4g}"


class StepThroughPanel:
    def __init__(self, experiment, network, loop, notify, redraw):
        self.experiment, self.network, self.loop = experiment, network, loop
        self.notify, self.redraw = notify, redraw
        self.active = False
        self.point = 0
        self.stage = -1
        self.steps = None
        self.toggle = pn.widgets.Button(label="Step through", width=110, margin=(2, 4), color="light",
                                        css_classes=["pg-step-through"],
                                        description="Follow one training point through the network: forward, "
                                                    "error, backward and update, with every number.")
        self.next_stage = pn.widgets.Button(label="Forward ▶", width=150, margin=(2, 4), color="primary",
                                            visible=False, css_classes=["pg-step-next"],
                                            description="Show the next stage of backpropagation for this point.")
        self.next_point = pn.widgets.Button(label="Next point", width=90, margin=(2, 4), color="light",
                                            visible=False, css_classes=["pg-step-point"],
                                            description="Take the next training point.")
        self.table = pn.pane.HTML("", margin=(2, 6), width=network.width, visible=False,
                                  css_classes=["pg-small", "pg-step-table"])
        self.toggle.on_click(lambda e: self.set_active(not self.active))
        self.next_stage.on_click(lambda e: self.advance())
        self.next_point.on_click(lambda e: self.choose(self.point + 1))
        self.controls = pn.Row(self.toggle, self.next_stage, self.next_point, margin=0)
        self.layout = pn.Column(self.controls, self.table, margin=0)

    # --- actions -------------------------------------------------------------------------------
    def set_active(self, on: bool) -> None:
        if on and any(self.experiment.spec.batch_norm):
            self.notify("The step-through follows one point, and batch normalisation needs a batch: switch "
                        "it off to step a point through.", "info", "step")
            return
        self.active = on
        self.toggle.label = "Back to training" if on else "Step through"
        self.next_stage.visible = self.next_point.visible = self.table.visible = on
        if on:
            self.loop.running = False
            self.choose(self.point)
        else:
            self.steps, self.stage = None, -1
            self.network.diagram.show_step(None)
            self.table.object = ""

    def choose(self, index: int) -> None:
        """Take training point ``index`` (wrapping around), before its forward pass."""
        n = len(self.experiment._x_train)
        self.point = int(index) % max(n, 1)
        self.steps, self.stage = None, -1
        self.next_stage.label = "Forward ▶"
        self.network.diagram.show_step(None)
        self.table.object = self._point_words() + "<div>Press “Forward ▶” to send it through the network.</div>"

    def choose_nearest(self, x: float, y: float) -> None:
        """Take the training point drawn nearest to (x, y) on the plane."""
        d = self.experiment.data
        if not d.n_train:
            return
        plane = d.x_train[:, list(d.plane)]
        self.choose(int(np.argmin((plane[:, 0] - x) ** 2 + (plane[:, 1] - y) ** 2)))

    def advance(self) -> None:
        """The next stage; after the update, take the step and go on to the next point."""
        if self.stage == len(STAGES) - 1:
            self.experiment.apply_point_steps(self.steps)  # counted in Experiment.hand_steps
            self.redraw()
            self.choose(self.point + 1)
            return
        if self.stage < 0:
            try:
                self.steps = self.experiment.point_steps(self.point)
            except ValueError as exc:
                self.notify(str(exc), "error", "step")
                return
        self.stage += 1
        self.next_stage.label = {"forward": "Error ▶", "error": "Backward ▶", "backward": "Update ▶",
                                 "update": "Take the step ▶"}[STAGES[self.stage]]
        self._show()

    def settings_changed(self) -> None:
        """A setting changed (a new network, other data, another learning rate): the numbers shown
        belong to the old one, so the point starts again."""
        if self.active:
            self.choose(self.point if self.point < len(self.experiment._x_train) else 0)

    def running_changed(self, running: bool) -> None:
        if running and self.active:  # Play goes back to training
            self.set_active(False)

    def link_words(self, kind: str, layer: int, i: int, j: int) -> str:
        """What the inspector adds for a tapped link or bias once gradients are shown."""
        if self.steps is None or self.stage < STAGES.index("backward") or kind not in ("link", "bias"):
            return ""
        st = self.steps
        if kind == "link" and j < st.grad_W[layer].shape[1]:
            return (f"; gradient ∂L/∂w <b data-testid='step-gradient'>{fmt(st.grad_W[layer][i, j])}</b>, "
                    f"change {fmt(st.change_W[layer][i, j])}")
        if kind == "bias":
            return f"; gradient ∂L/∂b {fmt(st.grad_b[layer][j])}, change {fmt(st.change_b[layer][j])}"
        return ""

    # --- drawing -------------------------------------------------------------------------------
    def _point_words(self) -> str:
        exp = self.experiment
        x = exp._x_train[self.point]
        names = exp.spec.input_names
        inputs = ", ".join(f"{html.escape(n)} = {fmt(v)}" for n, v in zip(names, x))
        target = ", ".join(fmt(v) for v in exp._y_train[self.point])
        return (f"<div data-testid='step-point'>Point {self.point + 1} of {len(exp._x_train)}: {inputs}; "
                f"target {target}</div>")

    def _show(self) -> None:
        st, stage = self.steps, STAGES[self.stage]
        words, links = None, None
        rows = []
        if stage == "forward":
            words = [f"z {short(z)} a {short(a)}" for zl, al in zip(st.z, st.a[1:]) for z, a in zip(zl, al)]
            rows = [("z (weighted sum)", np.concatenate(st.z)), ("a (output)", np.concatenate(st.a[1:]))]
        elif stage == "error":
            words = [""] * (sum(len(z) for z in st.z) - len(st.output)) + [f"L {short(st.loss)} δ {short(d)}"
                                                                         for d in st.output_error]
            rows = [("output o", st.output), ("target y", st.y), ("loss L", np.array([st.loss])),
                    ("output δ", st.output_error)]
        elif stage == "backward":
            words = [f"δ {short(d)}" for layer in st.delta for d in layer]
            links = np.concatenate([g.ravel() for g in st.grad_W])
            rows = [("δ", np.concatenate(st.delta)), ("∂L/∂w", links), ("∂L/∂b", np.concatenate(st.grad_b))]
        else:
            words = [f"Δb {short(c)}" for layer in st.change_b for c in layer]
            links = np.concatenate([c.ravel() for c in st.change_W])
            rows = [("Δw = −η·∂L/∂w", links), ("new w", np.concatenate([w.ravel() for w in st.new_W])),
                    ("Δb", np.concatenate(st.change_b))]
        scale = np.max(np.abs(links)) if links is not None and links.size else 0.0
        self.network.diagram.show_step(words, None if links is None else links / (scale or 1.0))
        table = "".join(f"<tr><th>{name}</th><td data-testid='step-{stage}-{k}'>"
                        f"{' '.join(fmt(v) for v in values)}</td></tr>" for k, (name, values) in enumerate(rows))
        self.table.object = (self._point_words() + f"<div data-testid='step-stage'>{STAGE_WORDS[stage]}</div>"
                             f"<table class='pg-step-numbers'>{table}</table>")
