"""The registry lists every built-in set in menu order and makes each one (jets excepted: another module)."""
import numpy as np
import pytest

from playground.data import DATASETS, Dataset, DatasetInfo, make_dataset

EXPECTED = ["quark_gluon", "two_blobs", "circle", "xor", "spiral", "moons", "multi_blobs", "reg_plane",
            "reg_gaussian", "logic_and", "logic_or", "logic_xor", "logic_a_and_b_or_c"]
MADE_HERE = [name for name in EXPECTED if name != "quark_gluon"]


def test_ids_in_menu_order_real_data_first():
    assert list(DATASETS) == EXPECTED


def test_infos_are_consistent():
    for key, info in DATASETS.items():
        assert isinstance(info, DatasetInfo) and info.name == key and info.label
        assert info.problem in ("binary", "multiclass", "regression")
        assert info.kind in ("plane", "logic", "physics")
    assert DATASETS["quark_gluon"].kind == "physics" and DATASETS["quark_gluon"].problem == "binary"
    assert {k for k, i in DATASETS.items() if i.kind == "logic"} == {n for n in EXPECTED if n.startswith("logic_")}


def test_info_is_frozen():
    with pytest.raises(AttributeError):
        DATASETS["circle"].label = "changed"


@pytest.mark.parametrize("name", MADE_HERE)
def test_make_each_dataset_matches_its_info(name):
    ds = make_dataset(name, n_samples=100, noise=0.1, seed=1)
    assert isinstance(ds, Dataset)
    assert ds.problem == DATASETS[name].problem


def test_options_are_passed_on():
    assert make_dataset("multi_blobs", n_classes=6).n_classes == 6


@pytest.mark.parametrize("name, option", [("circle", "n_classes"), ("multi_blobs", "colour")])
def test_unknown_option_is_refused(name, option):
    with pytest.raises(ValueError, match=f"unknown option '{option}' for dataset '{name}'"):
        make_dataset(name, **{option: 3})


def test_unknown_name_lists_choices():
    with pytest.raises(ValueError, match="unknown dataset 'swirl'; choose one of quark_gluon, two_blobs"):
        make_dataset("swirl")


def test_logic_ignores_sampling_arguments():
    a = make_dataset("logic_or", n_samples=50, noise=0.5, train_fraction=0.1, seed=3)
    b = make_dataset("logic_or")
    assert np.array_equal(a.x_train, b.x_train) and not DATASETS["logic_or"].uses_sampling
    assert DATASETS["spiral"].uses_noise and not DATASETS["quark_gluon"].uses_noise
