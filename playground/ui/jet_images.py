"""What a quark jet and a gluon jet look like: the momentum each particle carries, drawn as pixels in
(Δη, Δφ) around the jet axis, from the shipped example jets. Static pictures: nothing per frame.
"""
from __future__ import annotations

import html

import numpy as np
import panel as pn
from bokeh.models import ColorBar, LogColorMapper, Range1d
from bokeh.palettes import Viridis256
from bokeh.plotting import figure

from .binding import with_tip
from .fonts import use_page_font

NPIX = 33
HALF_WIDTH = 0.4
FLOOR = 1e-3  # pT fractions below this show as empty


def jet_picture(image: np.ndarray) -> np.ndarray:
    """A jet image as float32 with empty pixels at the colour floor (log colour scale)."""
    return np.maximum(np.nan_to_num(image.astype(np.float32)), FLOOR)


class JetImages:
    """One quark and one gluon jet side by side, with a button for another pair and an 'average' toggle."""

    def __init__(self, size: int = 150):
        from ..data.quark_gluon import example_jets

        self.jets = example_jets()
        self._quarks = np.flatnonzero(self.jets.labels == 1)
        self._gluons = np.flatnonzero(self.jets.labels == 0)
        self._k = 0
        self.mapper = LogColorMapper(palette=Viridis256, low=FLOOR, high=1.0)
        self.figs = {}
        self.sources = {}
        for label in ("quark", "gluon"):
            # the same picture area for both: the colour bar beside the gluon jet must not shrink it
            fig = figure(frame_width=size - 40, frame_height=size - 40, x_range=Range1d(-HALF_WIDTH, HALF_WIDTH),
                         y_range=Range1d(-HALF_WIDTH, HALF_WIDTH), tools="", toolbar_location=None, min_border=4,
                         title=f"{label} jet", name=f"jet-{label}")
            fig.xaxis.axis_label = "Δη"
            fig.yaxis.axis_label = "Δφ"
            fig.axis.major_label_text_font_size = "10px"
            fig.title.text_font_size = "11px"
            r = fig.image(image=[np.full((NPIX, NPIX), FLOOR, np.float32)], x=-HALF_WIDTH, y=-HALF_WIDTH,
                          dw=2 * HALF_WIDTH, dh=2 * HALF_WIDTH, color_mapper=self.mapper)
            self.figs[label] = fig
            self.sources[label] = r.data_source
        self.figs["gluon"].add_layout(ColorBar(color_mapper=self.mapper, width=6, title="pT fraction",
                                               title_text_font_size="10px", major_label_text_font_size="10px"),
                                      "right")
        for fig in self.figs.values():
            use_page_font(fig)
        self.average = pn.widgets.Checkbox(label="average of 300 jets", value=False, width=150)
        self.next = pn.widgets.Button(label="Another pair", width=110, color="light",
                                      description="Show another quark jet and gluon jet from the sample.")
        self.next.on_click(lambda e: self.show(self._k + 1))
        self.average.param.watch(lambda e: self.show(self._k), "value")
        self.caption = pn.pane.HTML("", margin=(0, 5), css_classes=["pg-small"])
        self.layout = pn.Column(pn.Row(self.figs["quark"], self.figs["gluon"], margin=0),
                                pn.Row(self.next, with_tip(self.average, "Show the mean picture of all example jets "
                                                           "of each kind instead of a single jet."), margin=0),
                                self.caption, margin=0)
        self.show(0)

    def show(self, k: int) -> None:
        self._k = k
        if self.average.value:
            q = self.jets.mean_image(1, NPIX, HALF_WIDTH)
            g = self.jets.mean_image(0, NPIX, HALF_WIDTH)
            text = "Averages: quark jets are narrow with a few hard particles; gluon jets are wider and " \
                   "split their energy among more particles."
        else:
            qi = int(self._quarks[k % self._quarks.size])
            gi = int(self._gluons[k % self._gluons.size])
            q = self.jets.image(qi, NPIX, HALF_WIDTH)
            g = self.jets.image(gi, NPIX, HALF_WIDTH)
            nq = int(self.jets.offsets[qi + 1] - self.jets.offsets[qi])
            ng = int(self.jets.offsets[gi + 1] - self.jets.offsets[gi])
            text = f"This quark jet has {nq} particles, this gluon jet {ng}."
        # image rows are y (φ); Bokeh draws row 0 at the bottom
        self.sources["quark"].data.update(image=[jet_picture(q.T)])
        self.sources["gluon"].data.update(image=[jet_picture(g.T)])
        self.caption.object = text


class AverageJets:
    """The booth's jets: an average quark jet and an average gluon jet side by side, the same size
    and on one colour scale (so "narrow" and "wide" can be compared by eye), a line under each."""

    def __init__(self, size: int = 130):
        from ..data.quark_gluon import example_jets

        jets = example_jets()
        images = {"quark": jet_picture(jets.mean_image(1, NPIX, HALF_WIDTH).T),
                  "gluon": jet_picture(jets.mean_image(0, NPIX, HALF_WIDTH).T)}
        mapper = LogColorMapper(palette=Viridis256, low=FLOOR, high=max(float(i.max()) for i in images.values()))
        self.figs, self.lines = {}, {}
        for label, image in images.items():
            fig = figure(width=size, height=size, x_range=Range1d(-HALF_WIDTH, HALF_WIDTH),
                         y_range=Range1d(-HALF_WIDTH, HALF_WIDTH), tools="", toolbar_location=None, min_border=0,
                         name=f"average-{label}", x_axis_location=None, y_axis_location=None)
            fig.grid.visible = False
            fig.image(image=[image], x=-HALF_WIDTH, y=-HALF_WIDTH, dw=2 * HALF_WIDTH, dh=2 * HALF_WIDTH,
                      color_mapper=mapper)
            self.figs[label] = fig
            self.lines[label] = pn.pane.HTML("", margin=(2, 4), width=size + 40, css_classes=[f"pg-jet-{label}"])
        self.title = pn.pane.HTML("", margin=(4, 8, 0, 8), sizing_mode="stretch_width", css_classes=["pg-booth-aside"])
        self.layout = pn.Column(self.title, pn.Row(*(pn.Column(self.figs[k], self.lines[k], margin=(0, 8))
                                                     for k in ("quark", "gluon")), margin=0),
                                margin=0, css_classes=["pg-booth-jets"])

    def set_texts(self, title: str, quark: str, gluon: str, colours: dict) -> None:
        """The words, with the class colours of the plane (``colours``: label -> colour)."""
        self.title.object = f"<div class='pg-label'>{html.escape(title)}</div>"
        for label, text in (("quark", quark), ("gluon", gluon)):
            self.lines[label].object = (f"<div class='pg-note'><b style='color:{colours[label]}'>●</b> "
                                        f"{html.escape(text)}</div>")
