"""Noise does what each set's definition says, and more noise means more of it.

Each measure is zero (or at its floor) without noise and must grow from noise 0 to 0.25 to 0.5:
label sets count labels that disagree with the noiseless rule, point sets measure how far points
stray from where the noiseless generator puts them, regression sets measure target error.
"""
import numpy as np
import pytest

from playground.data.toy import GENERATORS, gaussian_bumps


def pooled(ds):
    return np.vstack([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


def rule_errors(rule):
    def measure(ds):
        x, y = pooled(ds)
        return np.mean(rule(x) != y)
    return measure


def spread(ds):
    """Mean distance of points from their class mean."""
    x, y = pooled(ds)
    return np.mean([np.linalg.norm(x[y == c] - x[y == c].mean(axis=0), axis=1).mean() for c in np.unique(y)])


def stray_from(name):
    """Mean distance of each point from the nearest noiseless point of its class (dense reference)."""
    ref_x, ref_y = pooled(GENERATORS[name](n_samples=5000, noise=0.0, seed=99))

    def measure(ds):
        x, y = pooled(ds)
        out = []
        for c in np.unique(y):
            d = np.linalg.norm(x[y == c][:, None, :] - ref_x[ref_y == c][None, :, :], axis=2)
            out.append(d.min(axis=1))
        return np.concatenate(out).mean()
    return measure


def target_error(truth):
    def measure(ds):
        x, y = pooled(ds)
        return np.mean(np.abs(y - truth(x)))
    return measure


MEASURES = {
    "two_blobs": (spread, 0.95),
    "multi_blobs": (spread, 0.7),
    "circle": (rule_errors(lambda x: (np.hypot(x[:, 0], x[:, 1]) < 2.5).astype(float)), 0.0),
    "xor": (rule_errors(lambda x: (x[:, 0] * x[:, 1] >= 0).astype(float)), 0.0),
    "spiral": (stray_from("spiral"), 0.02),
    "moons": (stray_from("moons"), 0.02),
    "reg_plane": (target_error(lambda x: x.sum(axis=1) / 10.0), 0.0),
    "reg_gaussian": (target_error(gaussian_bumps), 0.0),
}


def test_every_generator_has_a_noise_measure():
    assert set(MEASURES) == set(GENERATORS)


@pytest.mark.parametrize("name", list(MEASURES))
def test_noise_grows_the_measure(name):
    measure, floor = MEASURES[name]
    values = [measure(GENERATORS[name](n_samples=600, noise=noise, seed=7)) for noise in (0.0, 0.25, 0.5)]
    assert values[0] <= floor
    assert values[0] < values[1] < values[2]
