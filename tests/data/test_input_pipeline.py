"""The input pipeline: features then standardisation, fitted on training rows, same steps everywhere."""
import numpy as np
import pytest

from playground.data import InputPipeline, logic_dataset, make_dataset, read_csv, to_csv
from playground.data.features import feature_matrix, standardize_by_default


def test_defaults_standardise_real_data_only():
    toy = make_dataset("circle", seed=0)
    uploaded = read_csv(to_csv(toy))
    assert not standardize_by_default(toy) and not standardize_by_default(logic_dataset("and"))
    assert standardize_by_default(uploaded)
    assert InputPipeline.fit(toy).standardizer is None
    assert InputPipeline.fit(uploaded).standardizer is not None


def test_features_then_standardisation_fitted_on_train_only():
    ds = make_dataset("spiral", n_samples=300, seed=2)
    pipe = InputPipeline.fit(ds, features=("x1", "x2", "sin_x1"), standardize=True)
    x_train, x_test = pipe.apply(ds)
    assert pipe.input_names == ("x1", "x2", "sin_x1") and pipe.n_inputs == 3
    np.testing.assert_allclose(x_train.mean(axis=0), 0.0, atol=1e-12)
    train = feature_matrix(ds.x_train, ("x1", "x2", "sin_x1"))
    test = feature_matrix(ds.x_test, ("x1", "x2", "sin_x1"))
    np.testing.assert_allclose(x_test, (test - train.mean(axis=0)) / train.std(axis=0))


def test_without_features_columns_pass_through():
    ds = logic_dataset("a_and_b_or_c")
    pipe = InputPipeline.fit(ds)
    assert pipe.input_names == ("a", "b", "c")
    np.testing.assert_array_equal(pipe.transform(ds.x_train), ds.x_train)


def test_features_need_two_inputs():
    with pytest.raises(ValueError, match=r"two-input dataset; this one has 3 inputs \(a, b, c\)"):
        InputPipeline.fit(logic_dataset("a_and_b_or_c"), features=("x1",))


def test_dict_round_trip_for_model_export():
    ds = make_dataset("xor", seed=1)
    pipe = InputPipeline.fit(ds, features=("x1x2", "x1"), standardize=True)
    d = pipe.to_dict()
    assert d["features"] == ["x1", "x1x2"] and len(d["standardizer"]["mean"]) == 2
    again = InputPipeline.from_dict(d)
    assert again == pipe
    grid = np.random.default_rng(0).uniform(-6, 6, (50, 2))
    np.testing.assert_array_equal(again.transform(grid), pipe.transform(grid))


def test_raw_shape_checked():
    pipe = InputPipeline.fit(make_dataset("xor"))
    with pytest.raises(ValueError, match=r"raw inputs of shape \(n, 2\)"):
        pipe.transform(np.zeros((4, 3)))
