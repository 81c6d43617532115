"""Seeded 2D toy generators on the plane −6..6, after TensorFlow Playground's ``dataset.ts``.

Every generator takes ``n_samples`` (50..5000), ``noise`` (a fraction 0..0.5, shown as 0..50%),
``train_fraction`` (0.1..0.9) and ``seed``, and returns a :class:`~playground.data.dataset.Dataset`
with features ``("x1", "x2")``. The same arguments always give the same data
(``np.random.default_rng(seed)`` drives everything, including the split).

Conventions, kept from TF Playground so its pictures and intuitions carry over:

* Class 1 is TF Playground's positive (blue) class, class 0 its negative (orange) class; binary
  ``class_names`` are ``("orange", "blue")``. Multi-class sets continue with more colour names
  (:data:`CLASS_NAMES`), so a view can colour class ``i`` by its name.
* What noise does depends on the set, as in TF Playground: for *circle*, *XOR* and the two
  *regression* sets the points stay put and the label is read at a jittered position (noise flips
  labels near the boundary); for *blobs*, *spiral* and *moons* the points themselves move.
* Regression targets lie roughly in −1..1 (TF Playground's scaling).

*Moons* and *multi-blobs* have no TF Playground original; they follow the same conventions
(moons after scikit-learn's ``make_moons``, scaled to the plane).
"""
from __future__ import annotations

import numbers

import numpy as np

from .dataset import Dataset
from .split import check_train_fraction, split_indices

MIN_SAMPLES = 50
MAX_SAMPLES = 5000
MAX_NOISE = 0.5
MIN_CLASSES = 3
MAX_CLASSES = 8
#: The plane every toy set lives on (xmin, xmax, ymin, ymax).
EXTENT = (-6.0, 6.0, -6.0, 6.0)
#: Class names by index: TF Playground's orange (negative) and blue (positive), then more colours.
CLASS_NAMES = ("orange", "blue", "green", "red", "purple", "brown", "pink", "grey")
FEATURE_NAMES = ("x1", "x2")


# --- argument checks -----------------------------------------------------------------------------
def check_n_samples(n_samples) -> int:
    """``n_samples`` as an int in 50..5000, or ValueError naming the allowed range."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Real) or n_samples != int(n_samples):
        raise ValueError(f"n_samples must be a whole number from {MIN_SAMPLES} to {MAX_SAMPLES}, "
                         f"got {n_samples!r}")
    n = int(n_samples)
    if not MIN_SAMPLES <= n <= MAX_SAMPLES:
        raise ValueError(f"n_samples must be from {MIN_SAMPLES} to {MAX_SAMPLES}, got {n}")
    return n


def check_noise(noise) -> float:
    """``noise`` as a float fraction in 0..0.5, or ValueError naming the allowed range."""
    try:
        value = float(noise)
    except (TypeError, ValueError):
        value = float("nan")
    if isinstance(noise, bool) or not 0.0 <= value <= MAX_NOISE:
        raise ValueError(f"noise must be a fraction from 0 to {MAX_NOISE} (0% to 50%), got {noise!r}")
    return value


def check_common(n_samples, noise, train_fraction) -> tuple[int, float, float]:
    """The three shared generator arguments, validated (ValueError names the allowed range)."""
    return check_n_samples(n_samples), check_noise(noise), check_train_fraction(train_fraction)


def check_n_classes(n_classes) -> int:
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral):
        raise ValueError(f"n_classes must be a whole number from {MIN_CLASSES} to {MAX_CLASSES}, "
                         f"got {n_classes!r}")
    if not MIN_CLASSES <= int(n_classes) <= MAX_CLASSES:
        raise ValueError(f"n_classes must be from {MIN_CLASSES} to {MAX_CLASSES}, got {n_classes}")
    return int(n_classes)


# --- assembly ------------------------------------------------------------------------------------
def _finish(name: str, x: np.ndarray, y: np.ndarray, problem: str, rng: np.random.Generator, *,
            n_samples: int, noise: float, train_fraction: float, seed: int, n_classes: int = 2,
            **extra) -> Dataset:
    """Split (x, y) with the generator's own rng and wrap it as a Dataset with provenance."""
    train, test = split_indices(y, train_fraction, rng, stratify=problem != "regression")
    provenance = {"source": "toy", "generator": name, "n_samples": n_samples, "noise": noise,
                  "train_fraction": train_fraction, "seed": seed, **extra}
    if problem == "multiclass":
        provenance["n_classes"] = n_classes
    return Dataset(x_train=x[train], y_train=y[train], x_test=x[test], y_test=y[test],
                   feature_names=FEATURE_NAMES, problem=problem,
                   class_names=CLASS_NAMES[:n_classes] if problem != "regression" else (),
                   extent=EXTENT, plane=(0, 1), provenance=provenance)


def _halves(n: int) -> tuple[int, int]:
    """Sizes of class 0 and class 1 for ``n`` samples (class 1 gets the odd one)."""
    return n // 2, n - n // 2


def _polar(r: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.column_stack([r * np.sin(angle), r * np.cos(angle)])


# --- classification ------------------------------------------------------------------------------
def two_blobs(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Two Gaussians: class 1 (blue) around (2, 2), class 0 (orange) around (−2, −2).

    The variance grows linearly with noise from 0.5 to 4 (TF Playground's "gauss" set).
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    std = np.sqrt(0.5 + 3.5 * noise / MAX_NOISE)
    n0, n1 = _halves(n)
    x = np.vstack([rng.normal((-2.0, -2.0), std, (n0, 2)), rng.normal((2.0, 2.0), std, (n1, 2))])
    y = np.repeat([0.0, 1.0], [n0, n1])
    return _finish("two_blobs", x, y, "binary", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


def circle(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """A disc of class 1 (radius < 2.5) inside a ring of class 0 (radius 3.5..5).

    Noise moves the point at which the label is read by up to ±5·noise per axis, as in TF Playground.
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    radius = 5.0
    n0, n1 = _halves(n)
    inner = _polar(rng.uniform(0.0, radius * 0.5, n1), rng.uniform(0.0, 2 * np.pi, n1))
    outer = _polar(rng.uniform(radius * 0.7, radius, n0), rng.uniform(0.0, 2 * np.pi, n0))
    x = np.vstack([outer, inner])
    jitter = rng.uniform(-radius, radius, x.shape) * noise
    y = (np.hypot(*(x + jitter).T) < radius * 0.5).astype(np.float64)
    return _finish("circle", x, y, "binary", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


def xor(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Four quadrants: class 1 where x1·x2 ≥ 0, class 0 elsewhere; a 0.3 gap along the axes.

    Coordinates are uniform in ±(0.3..5.3) as in TF Playground; half the points are drawn in the
    class-1 quadrants and half in the others, so the classes are balanced exactly at zero noise.
    Noise moves the point at which the label is read by up to ±5·noise per axis.
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    mag = rng.uniform(0.0, 5.0, (n, 2)) + 0.3
    sx = rng.choice([-1.0, 1.0], n)
    same = np.repeat([False, True], [n0, n1])  # class-1 quadrants have sign(x2) == sign(x1)
    x = np.column_stack([sx * mag[:, 0], np.where(same, sx, -sx) * mag[:, 1]])
    jitter = rng.uniform(-5.0, 5.0, x.shape) * noise
    y = ((x[:, 0] + jitter[:, 0]) * (x[:, 1] + jitter[:, 1]) >= 0).astype(np.float64)
    return _finish("xor", x, y, "binary", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


def spiral(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Two interleaved spirals of 1.75 turns out to radius 5; class 0 is class 1 turned by π.

    Point ``i`` of each arm sits at radius ``5 i / n`` (TF Playground's spiral); noise moves each
    point by up to ±noise per axis.
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    parts = []
    for count, turn in zip(_halves(n), (np.pi, 0.0)):
        i = np.arange(count) / count
        parts.append(_polar(5.0 * i, 1.75 * 2 * np.pi * i + turn))
    x = np.vstack(parts)
    x = x + rng.uniform(-1.0, 1.0, x.shape) * noise
    y = np.repeat([0.0, 1.0], _halves(n))
    return _finish("spiral", x, y, "binary", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


def moons(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Two interlocking half-circles (scikit-learn's ``make_moons``) scaled by 3.5 onto the plane.

    Class 0 is the upper moon, class 1 the lower one. Noise adds Gaussian jitter of standard
    deviation ``2.1 · noise`` (scikit-learn's ``noise=0.3`` at 50%).
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    t0, t1 = rng.uniform(0.0, np.pi, n0), rng.uniform(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    x = (np.vstack([upper, lower]) - (0.5, 0.25)) * 3.5
    x = x + rng.normal(0.0, 2.1 * noise, x.shape)
    y = np.repeat([0.0, 1.0], [n0, n1])
    return _finish("moons", x, y, "binary", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


def multi_blobs(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0,
                n_classes: int = 3) -> Dataset:
    """``n_classes`` (3..8) Gaussians with centres evenly spaced on a circle of radius 3.5.

    Class ``i`` sits at angle ``2πi/k`` from the top. The spread is 0.75 times that of
    :func:`two_blobs` (variance 0.5..4 with noise), shrunk further by the centres' crowding relative
    to three classes, so the blobs overlap equally for every k at the same noise and stay on the
    plane at zero noise. Class sizes differ by at most one.
    """
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    k = check_n_classes(n_classes)
    rng = np.random.default_rng(seed)
    angle = 2 * np.pi * np.arange(k) / k
    centres = _polar(np.full(k, 3.5), angle)
    crowding = 0.75 * min(1.0, np.sin(np.pi / k) / np.sin(np.pi / 3))
    std = np.sqrt(0.5 + 3.5 * noise / MAX_NOISE) * crowding
    counts = np.full(k, n // k) + (np.arange(k) < n % k)
    x = np.vstack([rng.normal(c, std, (m, 2)) for c, m in zip(centres, counts)])
    y = np.repeat(np.arange(k, dtype=np.float64), counts)
    return _finish("multi_blobs", x, y, "multiclass", rng, n_samples=n, noise=noise, train_fraction=frac,
                   seed=seed, n_classes=k)


# --- regression ----------------------------------------------------------------------------------
def _uniform_plane(rng: np.random.Generator, n: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform on the plane and the jittered positions their labels are read at."""
    x = rng.uniform(-6.0, 6.0, (n, 2))
    return x, x + rng.uniform(-6.0, 6.0, (n, 2)) * noise


def reg_plane(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Regression on a tilted plane: target ``(x1 + x2) / 10`` read at a jittered position."""
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    x, at = _uniform_plane(rng, n, noise)
    y = at.sum(axis=1) / 10.0
    return _finish("reg_plane", x, y, "regression", rng, n_samples=n, noise=noise, train_fraction=frac, seed=seed)


#: (centre x, centre y, sign) of the six bumps of TF Playground's "multi gaussian" regression set.
BUMPS = ((-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0))


def gaussian_bumps(points: np.ndarray) -> np.ndarray:
    """The bump landscape: at each point, the strongest of ``sign · max(0, 1 − distance / 2)``."""
    points = np.asarray(points, dtype=np.float64)
    values = np.array([s * np.clip(1.0 - np.hypot(points[:, 0] - cx, points[:, 1] - cy) / 2.0, 0.0, 1.0)
                       for cx, cy, s in BUMPS])
    strongest = np.argmax(np.abs(values), axis=0)
    return values[strongest, np.arange(points.shape[0])]


def reg_gaussian(n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0) -> Dataset:
    """Regression on six ± bumps (:func:`gaussian_bumps`) read at a jittered position."""
    n, noise, frac = check_common(n_samples, noise, train_fraction)
    rng = np.random.default_rng(seed)
    x, at = _uniform_plane(rng, n, noise)
    return _finish("reg_gaussian", x, gaussian_bumps(at), "regression", rng, n_samples=n, noise=noise,
                   train_fraction=frac, seed=seed)


#: Generator functions by dataset id (the registry adds labels and the logic/physics sets).
GENERATORS = {
    "two_blobs": two_blobs,
    "circle": circle,
    "xor": xor,
    "spiral": spiral,
    "moons": moons,
    "multi_blobs": multi_blobs,
    "reg_plane": reg_plane,
    "reg_gaussian": reg_gaussian,
}
