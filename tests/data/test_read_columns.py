"""Reading a file to score with a saved model: columns picked by name, no label needed."""
import numpy as np
import pytest

from playground.data.upload import UploadError, read_columns


def test_columns_are_picked_by_name_in_the_models_order():
    x, labels = read_columns("b,label,a,split\n1,yes,2,test\n3,no,4,train\n", ["a", "b"])
    np.testing.assert_array_equal(x, [[2.0, 1.0], [4.0, 3.0]])
    assert labels == ["yes", "no"]


def test_a_file_without_label_is_fine():
    x, labels = read_columns("a,b\n1,2\n", ["a", "b"])
    assert x.shape == (1, 2) and labels is None


@pytest.mark.parametrize("text, words", [
    ("a,c\n1,2\n", ["no column 'b'", "a, c"]),
    ("a,b\n", ["no data rows"]),
    ("a;b\n1;2\n", ["semicolons"]),
    ("a,b\n1,x\n", ["Row 2", "'x' is not a number"]),
])
def test_bad_files_say_where(text, words):
    with pytest.raises(UploadError) as err:
        read_columns(text, ["a", "b"])
    assert all(w in str(err.value) for w in words), str(err.value)
