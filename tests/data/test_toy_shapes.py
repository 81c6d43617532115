"""Each toy generator returns a well-formed 2D Dataset of the requested size and split."""
import numpy as np
import pytest

from playground.data import Dataset
from playground.data.toy import CLASS_NAMES, EXTENT, GENERATORS

CLASSIFIERS = [n for n in GENERATORS if not n.startswith("reg_")]
REGRESSORS = [n for n in GENERATORS if n.startswith("reg_")]


@pytest.mark.parametrize("name", list(GENERATORS))
@pytest.mark.parametrize("n, frac", [(50, 0.1), (333, 0.5), (1000, 0.9)])
def test_size_and_split(name, n, frac):
    ds = GENERATORS[name](n_samples=n, noise=0.1, train_fraction=frac, seed=2)
    assert isinstance(ds, Dataset)
    assert ds.n_train + ds.n_test == n
    assert ds.n_train == int(np.floor(n * frac + 0.5))  # rounded half up, exactly
    assert ds.x_train.shape == (ds.n_train, 2) and ds.x_test.shape == (ds.n_test, 2)
    assert ds.feature_names == ("x1", "x2") and ds.plane == (0, 1) and ds.extent == EXTENT
    assert np.all(np.isfinite(ds.x_train)) and np.all(np.isfinite(ds.y_test))


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classifiers_have_integer_labels_and_colour_names(name):
    ds = GENERATORS[name](n_samples=300, seed=0)
    k = ds.n_classes
    assert ds.problem == ("binary" if k == 2 else "multiclass")
    assert ds.class_names == CLASS_NAMES[:k]
    labels = np.concatenate([ds.y_train, ds.y_test])
    assert set(np.unique(labels)) == set(range(k))


@pytest.mark.parametrize("name", REGRESSORS)
def test_regressors_have_no_classes(name):
    ds = GENERATORS[name](n_samples=300, seed=0)
    assert ds.problem == "regression" and ds.class_names == ()
    assert len(np.unique(ds.y_train)) > 50  # continuous targets


def test_train_and_test_do_not_share_points():
    ds = GENERATORS["circle"](n_samples=500, seed=4)
    train = {tuple(p) for p in ds.x_train.tolist()}
    assert not train & {tuple(p) for p in ds.x_test.tolist()}


@pytest.mark.parametrize("k", range(3, 9))
def test_multi_blobs_class_count(k):
    ds = GENERATORS["multi_blobs"](n_samples=400, n_classes=k, seed=1)
    assert ds.n_classes == k and ds.problem == "multiclass"
    assert ds.provenance["n_classes"] == k


def test_provenance_records_arguments():
    ds = GENERATORS["spiral"](n_samples=120, noise=0.2, train_fraction=0.3, seed=9)
    assert ds.provenance == {"source": "toy", "generator": "spiral", "n_samples": 120, "noise": 0.2,
                             "train_fraction": 0.3, "seed": 9}
