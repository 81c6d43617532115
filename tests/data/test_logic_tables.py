"""Lecture truth tables: every row present, correct outputs, train and test both the whole table."""
import numpy as np
import pytest

from playground.data import logic_dataset, truth_table

EXPECTED = {
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "xor": [0, 1, 1, 0],
    #  a b c: 000 001 010 011 100 101 110 111 -> a && (b || c)
    "a_and_b_or_c": [0, 0, 0, 0, 0, 1, 1, 1],
}


@pytest.mark.parametrize("table", list(EXPECTED))
def test_outputs(table):
    x, y = truth_table(table)
    n_inputs = 3 if table == "a_and_b_or_c" else 2
    assert x.shape == (2 ** n_inputs, n_inputs)
    assert {tuple(r) for r in x.astype(int).tolist()} == {tuple((i >> s) & 1 for s in reversed(range(n_inputs)))
                                                          for i in range(2 ** n_inputs)}
    assert y.tolist() == EXPECTED[table]


@pytest.mark.parametrize("table", list(EXPECTED))
def test_dataset_is_the_whole_table_twice(table):
    ds = logic_dataset(table)
    assert np.array_equal(ds.x_train, ds.x_test) and np.array_equal(ds.y_train, ds.y_test)
    assert ds.problem == "binary" and ds.class_names == ("false", "true")
    xmin, xmax, ymin, ymax = ds.extent
    assert xmin < 0 and xmax > 1 and ymin < 0 and ymax > 1  # unit square with a margin
    assert ds.feature_names[:2] == ("a", "b") and ds.plane == (0, 1)
    assert ds.provenance["source"] == "logic"


def test_unknown_table():
    with pytest.raises(ValueError, match="unknown logic table 'nand'"):
        truth_table("nand")
