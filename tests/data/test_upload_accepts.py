"""Good CSV files are read into the right Dataset: problem, classes, columns, split and provenance."""
import numpy as np
import pytest

from playground.data import read_csv, read_csv_file
from playground.data.upload import MAX_BYTES, MAX_ROWS


def rows_with(labels):
    return [[i * 0.5, (-1) ** i * i, lab] for i, lab in enumerate(labels)]


def test_binary_numeric(csv_text, good_rows):
    ds = read_csv(csv_text(["x1", "x2", "label"], good_rows), seed=1)
    assert ds.problem == "binary" and ds.class_names == ("0", "1")
    assert ds.feature_names == ("x1", "x2") and ds.n_train == 6 and ds.n_test == 6
    assert set(np.concatenate([ds.y_train, ds.y_test])) == {0.0, 1.0}
    assert ds.provenance["source"] == "upload" and ds.provenance["split"] == "random"


def test_minus_one_plus_one_keep_their_order(csv_text):
    ds = read_csv(csv_text(["a", "b", "label"], rows_with([-1, 1] * 6)))
    assert ds.class_names == ("-1", "1")
    x = np.vstack([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    even_rows = (x[:, 0] * 2) % 2 == 0  # x1 = row / 2; even rows were labelled -1
    assert np.all(y[even_rows] == 0) and np.all(y[~even_rows] == 1)


def test_text_labels_multiclass_sorted(csv_text):
    ds = read_csv(csv_text(["f1", "f2", "f3", "kind"], [[i, i * 2, -i, "cat dog emu".split()[i % 3]]
                                                        for i in range(15)]), label="kind")
    assert ds.problem == "multiclass" and ds.class_names == ("cat", "dog", "emu")
    assert ds.feature_names == ("f1", "f2", "f3") and ds.n_features == 3


def test_regression_detected_from_fractions(csv_text):
    ds = read_csv(csv_text(["x1", "x2", "label"], rows_with(np.linspace(-1, 1, 12).round(3))))
    assert ds.problem == "regression" and ds.class_names == ()


def test_regression_by_request_even_with_whole_numbers(csv_text):
    ds = read_csv(csv_text(["x1", "x2", "label"], rows_with(range(12))), problem="regression")
    assert ds.problem == "regression"
    assert sorted(np.concatenate([ds.y_train, ds.y_test])) == list(range(12))


def test_split_column_is_obeyed_in_file_order(csv_text, good_rows):
    rows = [r + ["test" if i in (2, 5, 7) else "Train"] for i, r in enumerate(good_rows)]
    ds = read_csv(csv_text(["x1", "x2", "label", "split"], rows))
    assert ds.n_test == 3 and ds.provenance["split"] == "column"
    np.testing.assert_array_equal(ds.x_test[:, 0], [1.0, 2.5, 3.5])
    assert ds.feature_names == ("x1", "x2")


def test_forgiving_formatting(csv_text, good_rows):
    """Byte-order mark, CRLF line ends, spaces around cells, quoted names, blank lines."""
    rows = [[f" {x1} ", f"  {x2}", f"{label} "] for x1, x2, label in good_rows]
    text = csv_text(['"x 1"', ' "x2"', "label"], rows, newline="\r\n").replace("\r\n", "\r\n\r\n", 1)
    ds = read_csv(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert ds.feature_names == ("x 1", "x2") and ds.n_train + ds.n_test == 12


def test_extent_covers_the_data(csv_text, good_rows):
    ds = read_csv(csv_text(["x1", "x2", "label"], good_rows))
    x = np.vstack([ds.x_train, ds.x_test])
    xmin, xmax, ymin, ymax = ds.extent
    assert xmin < x[:, 0].min() and xmax > x[:, 0].max() and ymin < x[:, 1].min() and ymax > x[:, 1].max()


def test_at_the_limits(csv_text):
    rows = [[i % 97, i % 89, i % 2] for i in range(MAX_ROWS)]
    text = csv_text(["x1", "x2", "label"], rows)
    assert len(text.encode()) <= MAX_BYTES
    assert read_csv(text).n_train == MAX_ROWS // 2


def test_from_a_file(tmp_path, csv_text, good_rows):
    path = tmp_path / "mine.csv"
    path.write_text(csv_text(["x1", "x2", "label"], good_rows), encoding="utf-8")
    assert read_csv_file(path).provenance["name"] == "mine.csv"


@pytest.mark.parametrize("seed", [0, 1])
def test_random_split_is_seeded(csv_text, good_rows, seed):
    text = csv_text(["x1", "x2", "label"], good_rows)
    assert np.array_equal(read_csv(text, seed=seed).x_train, read_csv(text, seed=seed).x_train)
    assert not np.array_equal(read_csv(text, seed=seed).x_train, read_csv(text, seed=seed + 7).x_train)
