"""Points of a G x G grid over a 2D plane, for the decision-boundary picture and neuron thumbnails."""
import numpy as np


def plane_grid(x_range, y_range, size: int, n_inputs: int = 2, dims=(0, 1), fixed=None) -> np.ndarray:
    """(size*size, n_inputs) inputs covering ``x_range`` x ``y_range``.

    Row ``r * size + c`` is the point in grid row r (y increasing upwards from y_range[0]) and
    column c (x increasing), so ``values.reshape(size, size)`` is an image with origin at the lower
    left. Inputs other than ``dims`` are held at ``fixed`` (default 0, e.g. the mean of a
    standardised feature).
    """
    size = int(size)
    if size < 2:
        raise ValueError("grid size must be >= 2")
    xs = np.linspace(float(x_range[0]), float(x_range[1]), size)
    ys = np.linspace(float(y_range[0]), float(y_range[1]), size)
    base = np.zeros(n_inputs) if fixed is None else np.asarray(fixed, dtype=np.float64)
    if base.shape != (n_inputs,):
        raise ValueError(f"fixed must hold {n_inputs} values")
    points = np.tile(base, (size * size, 1))
    gx, gy = np.meshgrid(xs, ys)
    points[:, dims[0]] = gx.ravel()
    points[:, dims[1]] = gy.ravel()
    return points
