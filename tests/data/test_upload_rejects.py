"""Every malformed upload is refused as a whole, with a message naming the row/column and the fix."""
import pytest

from playground.data import UploadError, read_csv
from playground.data.upload import MAX_BYTES, MAX_ROWS

HEADER = ["x1", "x2", "label"]


def rows(n=12, label=lambda i: i % 2):
    return [[i * 0.5, -i * 0.25, label(i)] for i in range(n)]


def with_cell(data_rows, row, col, value):
    data_rows = [list(r) for r in data_rows]
    data_rows[row][col] = value
    return data_rows


def refuse(data, message, **options):
    with pytest.raises(UploadError, match=message) as info:
        read_csv(data, **options)
    return str(info.value)


def test_empty_file():
    refuse(b"", "The file is empty. Upload a CSV file with a header row")
    refuse("  \n\n \r\n", "The file is empty")


def test_header_only(csv_text):
    refuse(csv_text(HEADER, []), "has a header but no data rows. Add one row per example")


@pytest.mark.parametrize("sep, what", [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")])
def test_wrong_delimiter(csv_text, sep, what):
    refuse(csv_text(HEADER, rows(), sep=sep), f"Row 1: the header has a single column .* separated by {what}.*"
                                              "Save the file with commas")


def test_missing_label_column(csv_text):
    msg = refuse(csv_text(["x1", "x2", "y"], rows()), "There is no label column 'label'. The columns are: x1, x2, y. "
                                                        "Name the column that holds the labels 'label'")
    assert "choose the label column by name" in msg


def test_missing_label_column_suggests_a_near_name(csv_text):
    refuse(csv_text(["x1", "x2", "Label"], rows()), "did you mean 'Label'")


def test_label_column_chosen_by_name_must_exist(csv_text):
    refuse(csv_text(HEADER, rows()), "There is no label column 'target'", label="target")


def test_non_numeric_cell(csv_text):
    refuse(csv_text(HEADER, with_cell(rows(), 4, 1, "abc")),
           r"Row 6, column 'x2': 'abc' is not a number. .*dot as decimal mark")


def test_decimal_comma_shows_as_row_length(csv_text):
    text = csv_text(HEADER, rows()).replace("1.5,", "1,5,", 1)
    refuse(text, "Row 5 has 4 values but the header has 3 columns. .*stray comma")


def test_empty_cell(csv_text):
    refuse(csv_text(HEADER, with_cell(rows(), 2, 0, "")), "Row 4, column 'x1' is empty. Fill in a number")


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-Infinity"])
def test_nan_and_inf_features(csv_text, bad):
    refuse(csv_text(HEADER, with_cell(rows(), 9, 1, bad)), f"Row 11, column 'x2' is '{bad}'. Every value must be "
                                                           "a finite number")


def test_nan_label(csv_text):
    refuse(csv_text(HEADER, with_cell(rows(), 3, 2, "nan")), "Row 5, column 'label' is 'nan'")


def test_empty_label(csv_text):
    refuse(csv_text(HEADER, with_cell(rows(), 3, 2, "")), "Row 5, column 'label' is empty. Every row needs a label")


def test_one_class_only(csv_text):
    refuse(csv_text(HEADER, rows(label=lambda i: "yes")), r"Column 'label' has only one class \('yes'\). "
                                                          "A classifier needs at least two classes")


def test_too_many_text_classes(csv_text):
    refuse(csv_text(HEADER, rows(label=lambda i: f"c{i % 9}")), "Column 'label' has 9 classes .*at most 8 are "
                                                                "allowed. Merge or drop classes")


def test_too_many_whole_number_classes_points_to_regression(csv_text):
    refuse(csv_text(HEADER, rows(label=lambda i: i)), "12 different whole-number labels; at most 8 classes .*"
                                                      "regression")


def test_not_utf8(csv_text):
    data = csv_text(HEADER, rows()).encode("utf-8") + "0.5,0.5,café\n".encode("latin-1")
    refuse(data, r"Row 14: the file is not UTF-8 text \(byte 0xE9 .*Save it as UTF-8")


def test_too_many_bytes():
    data = b"x1,x2,label\n" + b"1.0,2.0,1\n" * (MAX_BYTES // 10)
    refuse(data, r"The file is 5\.0 MB; the limit is 5 MB")


def test_too_many_rows(csv_text):
    refuse(csv_text(HEADER, rows(MAX_ROWS + 1)), "more than 20,000 data rows; the limit is 20,000")


def test_too_few_rows(csv_text):
    refuse(csv_text(HEADER, rows(3)), "only 3 data rows; at least 4 are needed")


def test_header_that_is_data(csv_text):
    refuse(csv_text(["1.0", "2.0", "0"], rows()), "Row 1 should be a header .*Add a header row first, e.g. x1,x2,label")


def test_duplicate_and_empty_column_names(csv_text):
    refuse(csv_text(["x1", "x1", "label"], rows()), r"the column name 'x1' appears twice \(columns 1 and 2\)")
    refuse(csv_text(["x1", "", "label"], rows()), "Row 1, column 2: the header cell is empty")


def test_one_feature_column(csv_text):
    refuse(csv_text(["x1", "label"], [[i, i % 2] for i in range(12)]),
           "1 feature column besides 'label'; at least 2 numeric feature columns")


def test_regression_label_must_be_numeric(csv_text):
    refuse(csv_text(HEADER, with_cell(rows(), 0, 2, "big")),
           "Row 2, column 'label': 'big' is not a number; a regression label must be numeric", problem="regression")


def test_problem_must_match_the_classes(csv_text):
    refuse(csv_text(HEADER, rows(label=lambda i: i % 3)), "has 3 classes .*not a binary problem: choose "
                                                          "'multiclass'", problem="binary")


@pytest.mark.parametrize("marks, message", [
    (lambda i: "validate" if i == 5 else "train", "Row 7, column 'split': 'validate' must be 'train' or 'test'"),
    (lambda i: "train", "Column 'split' marks no rows as 'test'"),
    (lambda i: "test" if i % 2 else "train", "Class '1' of column 'label' has no rows marked 'train'"),
])
def test_bad_split_column(csv_text, marks, message):
    refuse(csv_text(HEADER + ["split"], [r + [marks(i)] for i, r in enumerate(rows())]), message)


def test_broken_quotes(csv_text):
    text = csv_text(HEADER, rows()).replace("2.0,", '"2.0 ,', 1)
    refuse(text, r"Row \d+: the CSV cannot be read")


def test_a_bad_last_row_refuses_the_whole_file(csv_text):
    """Nothing partial: the first 2,000 good rows do not come back without the bad one."""
    refuse(csv_text(HEADER, with_cell(rows(2001), 2000, 0, "oops")), "Row 2002, column 'x1': 'oops'")


def test_errors_are_value_errors():
    assert issubclass(UploadError, ValueError)
