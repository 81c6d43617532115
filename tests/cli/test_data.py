"""`playground data` writes any built-in dataset in the upload format: exactly the points the app
trains on with the same settings."""
import numpy as np

from playground.data.upload import read_csv
from playground.experiment import Experiment

from .conftest import ok, playground


def same(a, b):
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.feature_names == b.feature_names


def test_toy_data_is_what_the_app_trains_on(trained):
    exported = read_csv(trained.data.read_bytes())
    same(exported, Experiment(dataset="circle", n_samples=200, data_seed=3).data)
    assert trained.data.read_text().splitlines()[0] == "x1,x2,label,split"


def test_quark_gluon_in_physical_units_with_extra_features():
    run = ok(playground("data", "quark_gluon", "--n-samples", 100, "--jet-extra", "mass,width", "--seed", 5))
    lines = run.stdout.splitlines()
    assert lines[0] == "multiplicity,ptd,mass,width,label,split" and len(lines) == 101
    exported = read_csv(run.stdout)
    same(exported, Experiment(dataset="quark_gluon", n_samples=100, jet_extra=["mass", "width"], data_seed=5).data)
    assert np.all(exported.x_train[:, 0] >= 1) and np.all(exported.x_train[:, 0] == np.round(exported.x_train[:, 0]))


def test_list_names_every_dataset():
    from playground.data.registry import DATASETS

    out = ok(playground("data", "--list")).stdout
    assert [line.split()[0] for line in out.splitlines()] == list(DATASETS)


def test_top_level_help_lists_the_commands():
    out = ok(playground("--help")).stdout
    for name in ("serve", "train", "predict", "data", "bench"):
        assert name in out
