"""Where a hidden layer puts the data: the space in which the network has made the classes separable.

A hidden layer of k neurons maps every point to k numbers. With two neurons those are the picture's
axes; with three, a 3-D view; with more, a 2-D projection onto the layer's two main directions (PCA
of the points' activations). The projection is refitted every frame, at the current weights, so it
must not jump: :class:`SteadyProjection` keeps each axis pointing the way it pointed last frame
(components matched to the previous ones, signs aligned), and keeps the old basis while a fit would
only swap two nearly equal directions.

The input plane's grid lines are mapped through the same layer and the same projection
(:func:`grid_lines`), so the learner sees the plane being bent; for the last hidden layer the output
neuron's decision boundary is a line in that space (:func:`decision_line`).
"""
from __future__ import annotations

import numpy as np

GRID_LINES = 9  # lines across the plane in each direction
GRID_POINTS = 40  # points along each line


class SteadyProjection:
    """Points in a layer's activation space (n, k) as 2-D (or 3-D for k = 3) coordinates whose axes
    follow the previous frame's (see the module docstring)."""

    def __init__(self):
        self.mean: np.ndarray | None = None
        self.basis: np.ndarray | None = None  # (k, d): columns are the axes

    def reset(self) -> None:
        self.mean = self.basis = None

    def fit(self, acts: np.ndarray) -> "SteadyProjection":
        acts = np.asarray(acts, dtype=np.float64)
        k = acts.shape[1]
        if k <= 3:  # the neurons themselves are the axes
            self.mean, self.basis = np.zeros(k), np.eye(k)
            return self
        mean = acts.mean(axis=0)
        _, _, vt = np.linalg.svd(acts - mean, full_matrices=False)
        basis = vt[:2].T.copy()
        if self.basis is not None and self.basis.shape == basis.shape:
            basis = _follow(self.basis, basis)
        self.mean, self.basis = mean, basis
        return self

    def transform(self, acts: np.ndarray) -> np.ndarray:
        return (np.asarray(acts, dtype=np.float64) - self.mean) @ self.basis


def _follow(previous: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """``basis``'s two axes reordered and sign-flipped to lie closest to ``previous``'s."""
    overlap = previous.T @ basis  # (2, 2): how much each old axis lies along each new one
    if abs(overlap[0, 1]) + abs(overlap[1, 0]) > abs(overlap[0, 0]) + abs(overlap[1, 1]):
        basis = basis[:, ::-1]
        overlap = overlap[:, ::-1]
    signs = np.where(np.diag(overlap) < 0, -1.0, 1.0)
    return basis * signs


def layer_activations(neurons: np.ndarray, hidden: tuple, layer: int) -> np.ndarray:
    """One hidden layer's activations (n, k) from the engine's neuron array (n_units, n)."""
    start = int(sum(hidden[:layer]))
    return np.asarray(neurons[start:start + hidden[layer]]).T


def plane_grid_lines(extent, lines: int = GRID_LINES, points: int = GRID_POINTS) -> np.ndarray:
    """Points along the input plane's grid lines: (2 * lines, points, 2), vertical lines first."""
    x0, x1, y0, y1 = extent
    xs, ys = np.linspace(x0, x1, lines), np.linspace(y0, y1, lines)
    t = np.linspace(0.0, 1.0, points)
    vertical = [np.column_stack([np.full(points, x), y0 + t * (y1 - y0)]) for x in xs]
    horizontal = [np.column_stack([x0 + t * (x1 - x0), np.full(points, y)]) for y in ys]
    return np.array(vertical + horizontal)


def decision_line(w: np.ndarray, b: float, threshold: float, projection: SteadyProjection, box) -> np.ndarray | None:
    """The output neuron's boundary w·h + b = threshold, drawn in a 2-D projected space: the two end
    points (2, 2) where it crosses the box (x0, x1, y0, y1), or None if it misses the box.

    The boundary is a hyperplane in the layer's space; in the projection's plane (mean + u c1 + v c2)
    it is the line (w·c1) u + (w·c2) v = threshold − b − w·mean.
    """
    w = np.asarray(w, dtype=np.float64)
    a, c = projection.basis.T @ w
    rhs = threshold - b - float(w @ projection.mean)
    x0, x1, y0, y1 = box
    ends = []
    if abs(c) > 1e-12:
        for u in (x0, x1):
            v = (rhs - a * u) / c
            if y0 <= v <= y1:
                ends.append((u, v))
    if abs(a) > 1e-12:
        for v in (y0, y1):
            u = (rhs - c * v) / a
            if x0 <= u <= x1:
                ends.append((u, v))
    ends = list(dict.fromkeys((round(u, 12), round(v, 12)) for u, v in ends))
    return np.array(ends[:2]) if len(ends) >= 2 else None
