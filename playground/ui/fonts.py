"""The page's own font, served by the app: text is the same width on every machine.

A layout measured on one machine (the booth fits 1920x1080 without scrolling, labels fit their
buttons) must hold on a fresh one whose Chromium finds other fonts, and a booth has no internet to
fetch a web font. So the page names one font, DejaVu Sans, and the server serves it from the copy
that matplotlib (a pinned dependency) installs, under ``/assets/fonts/``: no font file is copied
into this repository, and a machine that has DejaVu installed draws the very same glyphs even before
the download finishes. Widgets, HTML and plot canvases all use it (Bokeh's ``--bokeh-base-font``
custom property reaches every shadow root; plots name it in their text properties, see
:data:`FAMILY`).
"""
from __future__ import annotations

import importlib.util
import weakref
from pathlib import Path

#: The family every text on the page uses; also what plot canvases are told (``text_font``).
FAMILY = "DejaVu Sans"
ROUTE = "assets/fonts"
FILES = {("normal", "normal"): "DejaVuSans.ttf", ("bold", "normal"): "DejaVuSans-Bold.ttf",
         ("normal", "italic"): "DejaVuSans-Oblique.ttf", ("bold", "italic"): "DejaVuSans-BoldOblique.ttf"}


def font_dir() -> Path:
    """matplotlib's folder of TrueType fonts, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed: the page's font ships with it")
    return Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"


def font_css() -> str:
    """@font-face rules (URLs relative to the page, so a --prefix works) and the page-wide family."""
    faces = "\n".join(
        f"@font-face {{ font-family: '{FAMILY}'; font-weight: {weight}; font-style: {style}; "
        f"font-display: block; src: local('{FAMILY}'), url('{ROUTE}/{name}') format('truetype'); }}"
        for (weight, style), name in FILES.items())
    stack = f"'{FAMILY}', sans-serif"
    return f"{faces}\n:root {{ --bokeh-base-font: {stack}; }}\nhtml, body {{ font-family: {stack}; }}\n"


def use_page_font(fig):
    """Set every text font of a Bokeh figure (axes, titles, legends, colour bars, text glyphs) to
    :data:`FAMILY`: canvas text does not follow CSS. Call it once the figure is complete; returns it."""
    from bokeh.core.property.dataspec import DataSpec

    for model in fig.references():
        for name in model.properties():
            if name == "text_font" or name.endswith("_text_font"):
                prop = model.lookup(name).property
                setattr(model, name, {"value": FAMILY} if isinstance(prop, DataSpec) else FAMILY)
    return fig


_BASE_SIZES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> {property: base px}


def scale_plot_text(fig, scale: float) -> None:
    """Every text size of a Bokeh figure (axes, ticks, legends, titles) as its size at normal text
    times ``scale``: canvas text does not follow the page's CSS text size. The first call remembers
    each model's own sizes, so calls with any scale in any order come back to the same."""
    for model in fig.references():
        base = _BASE_SIZES.get(model)
        if base is None:
            base = {}
            for name in model.properties():
                if name.endswith("text_font_size"):
                    value = getattr(model, name)
                    value = value.get("value") if isinstance(value, dict) else value
                    if isinstance(value, str) and value.endswith("px"):
                        base[name] = float(value[:-2])
            _BASE_SIZES[model] = base
        for name, px in base.items():
            size = f"{px * scale:.1f}px"
            current = getattr(model, name)
            if (current.get("value") if isinstance(current, dict) else current) != size:
                setattr(model, name, size)
