"""Points stay on the −6..6 plane, and regression targets on TF Playground's −1..1 scale."""
import numpy as np
import pytest

from playground.data.toy import EXTENT, GENERATORS, gaussian_bumps


def all_points(ds):
    return np.vstack([ds.x_train, ds.x_test])


@pytest.mark.parametrize("name", list(GENERATORS))
def test_noiseless_points_lie_on_the_plane(name):
    x = all_points(GENERATORS[name](n_samples=5000, noise=0.0, seed=0))
    xmin, xmax, ymin, ymax = EXTENT
    assert np.all((x[:, 0] >= xmin) & (x[:, 0] <= xmax) & (x[:, 1] >= ymin) & (x[:, 1] <= ymax))


@pytest.mark.parametrize("name", list(GENERATORS))
def test_points_fill_a_good_part_of_the_plane(name):
    """Nothing is squeezed into a corner: each axis spans at least 5 of the 12 units."""
    x = all_points(GENERATORS[name](n_samples=1000, noise=0.0, seed=0))
    assert np.all(np.ptp(x, axis=0) >= 5.0)


@pytest.mark.parametrize("name", ["reg_plane", "reg_gaussian"])
def test_regression_targets_in_unit_range(name):
    ds = GENERATORS[name](n_samples=3000, noise=0.0, seed=1)
    y = np.concatenate([ds.y_train, ds.y_test])
    assert np.all(np.abs(y) <= 1.2) and y.min() < -0.8 and y.max() > 0.8


def test_bumps_peak_at_centres_with_their_sign():
    centres = np.array([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]], dtype=float)
    assert gaussian_bumps(centres).tolist() == [1, -1, 1, -1, 1, -1]
    assert gaussian_bumps(np.array([[0.0, 6.0]]))[0] == 0.0  # farther than 2 from every centre
