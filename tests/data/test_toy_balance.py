"""Class balance: generators produce equal classes, and the split keeps each class's share."""
import numpy as np
import pytest

from playground.data.toy import GENERATORS

BALANCED_AT_ANY_NOISE = ["two_blobs", "spiral", "moons"]  # noise moves points, labels stay
LABEL_NOISE = ["circle", "xor"]  # noise relabels points, so balance is exact only without it


def counts(ds):
    y = np.concatenate([ds.y_train, ds.y_test]).astype(int)
    return np.bincount(y, minlength=ds.n_classes)


@pytest.mark.parametrize("name", BALANCED_AT_ANY_NOISE)
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_exact_halves(name, noise):
    assert counts(GENERATORS[name](n_samples=501, noise=noise, seed=3)).tolist() == [250, 251]


@pytest.mark.parametrize("name", LABEL_NOISE)
def test_exact_halves_without_noise_and_near_halves_with(name):
    assert counts(GENERATORS[name](n_samples=500, noise=0.0, seed=3)).tolist() == [250, 250]
    noisy = counts(GENERATORS[name](n_samples=2000, noise=0.5, seed=3))
    assert 0.35 < noisy[1] / noisy.sum() < 0.65


@pytest.mark.parametrize("k", [3, 5, 8])
def test_multi_blobs_sizes_differ_by_at_most_one(k):
    c = counts(GENERATORS["multi_blobs"](n_samples=502, n_classes=k, seed=0))
    assert c.sum() == 502 and c.max() - c.min() <= 1


@pytest.mark.parametrize("name", ["two_blobs", "moons", "multi_blobs"])
def test_split_keeps_class_shares(name):
    ds = GENERATORS[name](n_samples=600, train_fraction=0.3, seed=5)
    train = np.bincount(ds.y_train.astype(int))
    test = np.bincount(ds.y_test.astype(int))
    share = train / (train + test)
    assert np.all(np.abs(share - 0.3) < 0.01)
