"""The picture of ``playground train --plot``: decision boundary with the points, and the loss curves.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, no global backend
switch); matplotlib is imported only here, so the web app never loads it. Colours, the boundary's
shading and the display settings (``discretize``, ``colorblind``, ``log_y``) are the app's own
(:mod:`playground.ui.theme`, :func:`playground.ui.boundary.quantize_grid`).
"""
from __future__ import annotations

import numpy as np


def _axis_label(data, col: int) -> str:
    unit = data.units[col] if col < len(data.units) else ""
    return f"{data.feature_names[col]} [{unit}]" if unit else data.feature_names[col]


def _point_colors(y, data, colorblind: bool):
    from ..ui.theme import class_color, diverging

    if data.problem == "regression":
        pal = diverging(colorblind)
        return [pal[i] for i in np.rint((np.clip(y, -1, 1) + 1) * 127.5).astype(int)]
    return [class_color(int(c), data.n_classes, colorblind) for c in y]


def draw(exp, fig) -> None:
    """Draw ``exp`` (an Experiment) into a matplotlib Figure: boundary left, loss curves right."""
    from matplotlib.colors import ListedColormap

    from ..ui.boundary import quantize_grid
    from ..ui.theme import TEST_LINE, TRAIN_LINE, class_blocks, diverging

    snap = exp.snapshot()
    data = exp.data
    cb = bool(exp.colorblind)
    ax_b, ax_l = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})

    image = quantize_grid(snap.grid, snap.problem, exp.discretize, snap.grid_confidence, data.n_classes)
    palette = class_blocks(data.n_classes, cb)[0] if snap.problem == "multiclass" else diverging(cb)
    x0, x1, y0, y1 = snap.extent
    ax_b.imshow(image, origin="lower", extent=(x0, x1, y0, y1), cmap=ListedColormap(palette), vmin=0, vmax=255,
                aspect="auto", interpolation="nearest")
    i, j = data.plane
    ax_b.scatter(data.x_train[:, i], data.x_train[:, j], c=_point_colors(data.y_train, data, cb), s=14,
                 edgecolors="white", linewidths=0.6, label=f"train ({data.n_train})")
    ax_b.scatter(data.x_test[:, i], data.x_test[:, j], c=_point_colors(data.y_test, data, cb), s=14,
                 edgecolors="#222222", linewidths=0.8, label=f"test ({data.n_test}, outlined)")
    ax_b.set_xlim(x0, x1)
    ax_b.set_ylim(y0, y1)
    ax_b.set_xlabel(_axis_label(data, i))
    ax_b.set_ylabel(_axis_label(data, j))
    accuracy = f", test accuracy {100 * snap.test_accuracy:.1f} %" if snap.test_accuracy is not None else ""
    ax_b.set_title(f"{exp.data_name}: epoch {snap.epoch}{accuracy}", fontsize=10)
    legend = ax_b.legend(loc="upper right", fontsize=7, framealpha=0.8)
    for handle in legend.legend_handles:  # the key shows the marker style, not one class's colour
        handle.set_facecolor("#9a9a9a")

    h = snap.history
    for values, colour, name in ((h.train_loss, TRAIN_LINE, "train"), (h.test_loss, TEST_LINE, "test")):
        values = np.clip(np.nan_to_num(values, nan=np.nan, posinf=1e12), 1e-12, None)
        ax_l.plot(h.epoch, values, color=colour, lw=1.4,
                  label=f"{name} loss {values[-1]:.4f}" if len(values) else f"{name} loss")
    if exp.log_y:
        ax_l.set_yscale("log")
    else:
        ax_l.set_ylim(bottom=0)
    ax_l.set_xlabel("epoch")
    ax_l.set_ylabel(f"loss ({exp.effective_loss})")
    ax_l.set_title(f"network {'-'.join(map(str, snap.layer_sizes))}, {exp.optimizer}, "
                   f"learning rate {exp.learning_rate:g}", fontsize=10)
    ax_l.grid(alpha=0.3)
    ax_l.legend(fontsize=8)


#: Picture formats ``--plot`` writes, by file extension (matplotlib's, without the ones that are not pictures).
PICTURE_FORMATS = (".png", ".svg", ".pdf", ".jpg", ".jpeg", ".webp")


def picture_format_problem(path) -> str | None:
    """Why ``path`` cannot be written as a picture (an unknown extension), or None: checked before
    training, so a typo does not cost the whole run."""
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix not in PICTURE_FORMATS:
        return f"name a picture file ending in {', '.join(PICTURE_FORMATS)}; '{suffix or 'no extension'}' is not one"
    return None


def save_plot(exp, path, *, dpi: int = 110) -> None:
    """Write the picture to ``path`` (PNG; another extension matplotlib knows picks that format)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4.4), layout="constrained")
    draw(exp, fig)
    fig.savefig(path, dpi=dpi)
