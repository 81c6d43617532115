"""Export writes the upload format: export -> upload gives back the same data, bit for bit."""
import numpy as np
import pytest

from playground.data import DATASETS, DrawnPoints, make_dataset, read_csv, to_csv, write_csv, read_csv_file

MADE_HERE = [name for name in DATASETS if name != "quark_gluon"]


def assert_same(a, b):
    for field in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    assert a.feature_names == b.feature_names and a.problem == b.problem and a.n_classes == b.n_classes


@pytest.mark.parametrize("name", MADE_HERE)
def test_round_trip(name):
    ds = make_dataset(name, n_samples=300, noise=0.3, seed=5)
    back = read_csv(to_csv(ds), problem=ds.problem)
    assert_same(ds, back)


@pytest.mark.parametrize("name", ["circle", "multi_blobs", "reg_gaussian"])
def test_round_trip_detects_the_problem_by_itself(name):
    ds = make_dataset(name, n_samples=200, noise=0.1, seed=2)
    assert_same(ds, read_csv(to_csv(ds)))


def test_round_trip_of_drawn_points_through_a_file(tmp_path):
    ed = DrawnPoints(problem="multiclass", n_classes=3)
    for i in range(12):
        ed.add(i / 3 - 2, (i % 5) / 7, i % 3)
    ds = ed.to_dataset(seed=1)
    write_csv(ds, tmp_path / "drawn.csv")
    assert_same(ds, read_csv_file(tmp_path / "drawn.csv"))


def test_format():
    ds = make_dataset("xor", n_samples=50, seed=0)
    lines = to_csv(ds).splitlines()
    assert lines[0] == "x1,x2,label,split"
    assert len(lines) == 51
    assert all(line.endswith(",train") for line in lines[1:ds.n_train + 1])
    assert all(line.endswith(",test") for line in lines[ds.n_train + 1:])
    label = {line.split(",")[2] for line in lines[1:]}
    assert label == {"0", "1"}


def test_without_split_column():
    ds = make_dataset("moons", n_samples=60, seed=0)
    text = to_csv(ds, split=False)
    assert text.splitlines()[0] == "x1,x2,label"
    back = read_csv(text, seed=3)
    assert back.n_train + back.n_test == 60


def test_other_label_name_and_clash():
    ds = make_dataset("circle", n_samples=60, seed=0)
    assert_same(ds, read_csv(to_csv(ds, label="target"), label="target"))
    with pytest.raises(ValueError, match="a feature is named 'x1'"):
        to_csv(ds, label="x1")
