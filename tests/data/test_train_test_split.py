"""The shared seeded split: exact sizes, per-class shares, no lost rows, at least one of each part."""
import numpy as np
import pytest

from playground.data.split import check_train_fraction, split_indices


def split(y, frac, seed=0, stratify=True):
    return split_indices(np.asarray(y, dtype=float), frac, np.random.default_rng(seed), stratify)


@pytest.mark.parametrize("frac", [0.1, 0.35, 0.5, 0.9])
def test_every_row_once_and_sizes_exact(frac):
    y = np.repeat([0, 1, 2], [37, 41, 22])
    train, test = split(y, frac)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(100))
    assert train.size == int(np.floor(100 * frac + 0.5))


def test_per_class_shares_within_one_row():
    y = np.repeat([0, 1, 2], [37, 41, 22])
    train, _ = split(y, 0.3)
    per_class = np.bincount(y[train].astype(int))
    assert np.all(np.abs(per_class - 0.3 * np.array([37, 41, 22])) < 1)


def test_small_class_keeps_a_training_row():
    y = [0] * 20 + [1]
    train, test = split(y, 0.1)
    assert 20 in train.tolist()


def test_two_rows_give_one_of_each():
    train, test = split([0.3, 0.7], 0.9, stratify=False)
    assert train.size == 1 and test.size == 1


def test_seeded():
    y = np.arange(50) % 2
    assert np.array_equal(split(y, 0.5, seed=4)[0], split(y, 0.5, seed=4)[0])
    assert not np.array_equal(split(y, 0.5, seed=4)[0], split(y, 0.5, seed=5)[0])


@pytest.mark.parametrize("bad", [0.0, 0.09, 1.0, "half", None])
def test_fraction_range(bad):
    with pytest.raises(ValueError, match=r"between 0\.1 and 0\.9"):
        check_train_fraction(bad)
