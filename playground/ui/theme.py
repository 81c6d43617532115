"""Colours and page style shared by every view.

Two palettes: TF Playground's orange/blue (class 0 orange, class 1 blue) and a colour-blind-safe one
built from the Okabe-Ito set (vermillion/blue, distinguishable in all common colour-vision deficiencies).
A view asks for a palette by the ``colorblind`` flag and gets 256 colours for quantised uint8 images,
so a frame sends one byte per pixel and the browser maps it to colour.
"""
from __future__ import annotations

import numpy as np

NEUTRAL = "#e8eaeb"
PALETTES = {
    False: {"neg": "#f59322", "pos": "#0877bd", "classes": ("#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd",
                                                             "#8c564b", "#e377c2", "#7f7f7f")},
    True: {"neg": "#d55e00", "pos": "#0072b2", "classes": ("#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00",
                                                            "#56b4e9", "#f0e442", "#000000")},
}
TRAIN_LINE = "#333333"
TEST_LINE = "#e6550d"


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(round(c)) for c in rgb))


def _rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i:i + 2], 16) for i in (0, 2, 4)], dtype=float)


def _blend(a: str, b: str, t: np.ndarray) -> list[str]:
    ca, cb = _rgb(a), _rgb(b)
    return [_hex(ca + (cb - ca) * x) for x in t]


def diverging(colorblind: bool = False, n: int = 256) -> list[str]:
    """``n`` colours from class-0 colour through light grey to class-1 colour (index n/2 = neutral)."""
    p = PALETTES[bool(colorblind)]
    half = n // 2
    return _blend(p["neg"], NEUTRAL, np.linspace(0, 1, half, endpoint=False)) + \
        _blend(NEUTRAL, p["pos"], np.linspace(0, 1, n - half))


def class_blocks(n_classes: int, colorblind: bool = False, n: int = 256) -> tuple[list[str], int]:
    """A palette of ``n_classes`` blocks, each running from neutral to that class's colour.

    Returns (palette, levels per class): pixel value ``c * levels + q`` shows class c with confidence
    level q (0 = unsure, levels-1 = certain).
    """
    colours = PALETTES[bool(colorblind)]["classes"]
    levels = n // max(1, n_classes)
    palette: list[str] = []
    for c in range(n_classes):
        palette += _blend(NEUTRAL, colours[c % len(colours)], np.linspace(0.25, 1.0, levels))
    palette += [NEUTRAL] * (n - len(palette))
    return palette, levels


def class_color(c: int, n_classes: int, colorblind: bool = False) -> str:
    p = PALETTES[bool(colorblind)]
    if n_classes <= 2:
        return p["pos"] if c == 1 else p["neg"]
    return p["classes"][c % len(p["classes"])]

