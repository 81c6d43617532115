"""The hand-drawing editor: add, remove nearest, clear, refuse bad points, and yield a Dataset."""
import numpy as np
import pytest

from playground.data import DrawnPoints, make_dataset


def editor_with(points):
    ed = DrawnPoints()
    for x1, x2, label in points:
        ed.add(x1, x2, label)
    return ed


def test_add_keeps_order_and_labels():
    ed = editor_with([(1, 2, 0), (-3, 0.5, 1), (0, 0, 1)])
    assert len(ed) == 3
    np.testing.assert_array_equal(ed.points, [[1, 2], [-3, 0.5], [0, 0]])
    np.testing.assert_array_equal(ed.labels, [0, 1, 1])
    assert ed.class_counts().tolist() == [1, 2]


def test_remove_nearest_removes_only_that_point():
    ed = editor_with([(1, 2, 0), (-3, 0.5, 1), (0, 0, 1)])
    assert ed.remove_nearest(-2.8, 0.4) == (-3.0, 0.5, 1.0)
    np.testing.assert_array_equal(ed.points, [[1, 2], [0, 0]])


def test_remove_nearest_respects_max_distance_and_empty():
    ed = editor_with([(1, 2, 0)])
    assert ed.remove_nearest(5, 5, max_distance=0.5) is None and len(ed) == 1
    ed.clear()
    assert len(ed) == 0 and ed.remove_nearest(0, 0) is None
    assert ed.points.shape == (0, 2)


@pytest.mark.parametrize("x1, x2, label, message", [
    (7, 0, 0, r"outside the plane \[-6, 6\] x \[-6, 6\]"),
    (float("nan"), 0, 0, "finite numbers"),
    (0, 0, 2, r"class label must be 0..1 \(orange, blue\)"),
    (0, 0, 0.5, "whole number"),
    (0, 0, "blue", "label must be a number"),
])
def test_bad_points_are_refused_and_not_kept(x1, x2, label, message):
    ed = editor_with([(1, 1, 0)])
    with pytest.raises(ValueError, match=message):
        ed.add(x1, x2, label)
    assert len(ed) == 1 and len(ed.labels) == 1


def test_to_dataset_is_a_seeded_stratified_split():
    rng = np.random.default_rng(0)
    ed = editor_with([(*rng.uniform(-5, 5, 2), i % 2) for i in range(20)])
    ds = ed.to_dataset(train_fraction=0.5, seed=3)
    assert ds.n_train == 10 and ds.n_test == 10 and ds.class_names == ("orange", "blue")
    assert np.bincount(ds.y_train.astype(int)).tolist() == [5, 5]
    assert np.array_equal(ds.x_train, ed.to_dataset(train_fraction=0.5, seed=3).x_train)
    assert ds.provenance["source"] == "drawn"


def test_to_dataset_needs_two_points_of_two_classes():
    with pytest.raises(ValueError, match="draw at least 2 points"):
        editor_with([(0, 0, 1)]).to_dataset()
    with pytest.raises(ValueError, match="at least two classes"):
        editor_with([(0, 0, 1), (1, 1, 1)]).to_dataset()


def test_regression_and_multiclass_editors():
    reg = DrawnPoints(problem="regression")
    reg.add(0, 0, -0.7)
    reg.add(1, 1, 0.3)
    with pytest.raises(ValueError, match="finite number"):
        reg.add(2, 2, float("inf"))
    assert reg.to_dataset().problem == "regression"
    multi = DrawnPoints(problem="multiclass", n_classes=4)
    multi.add(0, 0, 3)
    assert multi.class_names == ("orange", "blue", "green", "red")


def test_start_from_a_generated_set():
    ds = make_dataset("moons", n_samples=100, seed=0)
    ed = DrawnPoints.from_dataset(ds)
    assert len(ed) == 100 and ed.class_names == ds.class_names
    ed.add(0, 0, 1)
    assert ed.to_dataset().n_train + ed.to_dataset().n_test == 101


def test_a_drawing_holds_at_most_max_points():
    from playground.data.drawing import MAX_POINTS

    editor = DrawnPoints()
    editor._xy = [(0.0, 0.0)] * MAX_POINTS  # a full plane, without 5,000 calls
    editor._labels = [0.0] * MAX_POINTS
    editor._test = [False] * MAX_POINTS
    with pytest.raises(ValueError, match="remove some points"):
        editor.add(1.0, 1.0, 1)
    assert len(editor) == MAX_POINTS
    editor.remove_nearest(0.0, 0.0)
    editor.add(1.0, 1.0, 1)
    assert len(editor) == MAX_POINTS


def test_drawn_points_are_training_points_and_an_edited_dataset_keeps_its_split():
    ds = make_dataset("xor", n_samples=100, train_fraction=0.5, seed=2)
    ed = DrawnPoints.from_dataset(ds)
    assert ed.is_test.sum() == ds.n_test
    ed.add(1.0, 1.0, 0)
    ed.add(-1.0, 1.0, 1)
    kept = ed.to_dataset(train_fraction=None)
    assert (kept.n_train, kept.n_test) == (ds.n_train + 2, ds.n_test)
    assert np.array_equal(kept.x_test, ds.x_test)  # the test points stay the ones the network never saw
    ed.clear()
    for x, y, c in [(1, 1, 0), (-1, -1, 1), (2, -2, 1)]:
        ed.add(x, y, c)
    drawn = ed.to_dataset(train_fraction=None)
    assert (drawn.n_train, drawn.n_test) == (3, 0)
    ed.add(0.5, 0.5, 1, test=True)
    assert ed.to_dataset(train_fraction=None).n_test == 1
    ed.clear()
    ed.add(1, 1, 0)
    ed.add(-1, -1, 1, test=True)
    with pytest.raises(ValueError, match="training points of at least two classes"):
        ed.to_dataset(train_fraction=None)
