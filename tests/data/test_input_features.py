"""TF Playground's switchable input features: values, canonical order, and refusals."""
import numpy as np
import pytest

from playground.data import FEATURE_LABELS, FEATURES, feature_matrix

POINTS = np.array([[0.0, 0.0], [1.0, -2.0], [-3.0, 0.5], [np.pi / 2, np.pi]])


def test_every_feature_value():
    x1, x2 = POINTS.T
    expected = {"x1": x1, "x2": x2, "x1sq": x1 ** 2, "x2sq": x2 ** 2, "x1x2": x1 * x2, "sin_x1": np.sin(x1),
                "sin_x2": np.sin(x2), "cos_x1": np.cos(x1), "cos_x2": np.cos(x2)}
    assert set(expected) == set(FEATURES) == set(FEATURE_LABELS)
    for name, values in expected.items():
        np.testing.assert_allclose(feature_matrix(POINTS, (name,))[:, 0], values)


def test_columns_follow_canonical_order_whatever_the_click_order():
    m = feature_matrix(POINTS, ("sin_x2", "x1", "x1x2", "x1"))
    np.testing.assert_allclose(m, np.column_stack([POINTS[:, 0], POINTS[:, 0] * POINTS[:, 1], np.sin(POINTS[:, 1])]))


def test_all_features_shape():
    assert feature_matrix(POINTS, FEATURES).shape == (4, 9)
    assert feature_matrix(np.zeros((0, 2)), FEATURES).shape == (0, 9)


def test_unknown_feature_named():
    with pytest.raises(ValueError, match="unknown input feature 'tan_x1'; choose from x1, x2, x1sq"):
        feature_matrix(POINTS, ("x1", "tan_x1"))


def test_no_feature_refused():
    with pytest.raises(ValueError, match="switch on at least one input feature"):
        feature_matrix(POINTS, ())


def test_points_must_be_two_dimensional():
    with pytest.raises(ValueError, match=r"points of shape \(n, 2\)"):
        feature_matrix(np.zeros((3, 3)), ("x1",))
