"""Loading the shipped quark/gluon jets as a playground dataset, and what a network does with them."""
import numpy as np
import pytest

from playground.data.quark_gluon import (CLASS_NAMES, FEATURE_INFO, example_jets, load_jet_table, make_quark_gluon,
                                         to_physical)
from playground.engine import NetworkSpec, TrainConfig, Trainer, encode_targets, metrics
from playground.physics.observables import wrap_phi, wta_axes
from playground.physics.settings import FEATURES


def table_rows(values, names):
    """Row of the table holding each physical row of ``values`` (for the features ``names``)."""
    table = load_jet_table()
    cols = [table.feature_names.index(n) for n in names]
    sub = table.features[:, cols]
    lookup = {tuple(r): i for i, r in enumerate(sub.tolist())}
    return [lookup.get(tuple(r)) for r in np.asarray(values).tolist()]


def test_table_is_shared_and_read_only():
    table = load_jet_table()
    assert load_jet_table() is table
    assert table.feature_names == FEATURES
    assert table.features.shape == (len(table), len(FEATURES))
    with pytest.raises(ValueError):
        table.features[0, 0] = 1.0
    with pytest.raises(ValueError):
        table.labels[0] = 1


def test_default_dataset_shape_classes_and_units():
    ds = make_quark_gluon()
    assert ds.feature_names == ("multiplicity", "ptd")
    assert ds.class_names == CLASS_NAMES == ("gluon", "quark")
    assert ds.problem == "binary" and ds.plane == (0, 1)
    assert ds.n_train == ds.n_test == 1000
    assert ds.y_train.sum() == ds.y_test.sum() == 500  # balanced in both sets
    assert ds.units == ("particles", "")
    assert ds.provenance["dataset"] == "quark_gluon" and ds.provenance["standardize"] is True


def test_standardised_with_training_statistics_and_physical_units_recoverable():
    ds = make_quark_gluon(n_samples=600, train_fraction=0.7, seed=4, extra_features=("mass", "width"))
    assert ds.feature_names == ("multiplicity", "ptd", "mass", "width")
    np.testing.assert_allclose(ds.x_train.mean(axis=0), 0.0, atol=1e-9)
    np.testing.assert_allclose(ds.x_train.std(axis=0), 1.0, atol=1e-9)
    assert ds.units == ("particles", "", "GeV", "")
    raw = make_quark_gluon(n_samples=600, train_fraction=0.7, seed=4, extra_features=("mass", "width"),
                           standardize=False)
    np.testing.assert_allclose(to_physical(ds, ds.x_train), raw.x_train, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(to_physical(ds, ds.x_test[:, 2], feature=2), raw.x_test[:, 2], rtol=1e-9)
    np.testing.assert_array_equal(ds.y_test, raw.y_test)
    # Multiplicities come back as whole particle counts.
    mult = to_physical(ds, ds.x_test[:, 0], feature=0)
    np.testing.assert_allclose(mult, np.round(mult), atol=1e-6)


def test_extent_covers_the_plane():
    for standardize in (True, False):
        ds = make_quark_gluon(n_samples=500, seed=2, features=("width", "mass"), standardize=standardize)
        x0, x1, y0, y1 = ds.extent
        both = np.concatenate([ds.x_train, ds.x_test])
        assert x0 < both[:, 0].min() and both[:, 0].max() < x1
        assert y0 < both[:, 1].min() and both[:, 1].max() < y1


def test_samples_are_random_rows_of_the_table_without_repeats():
    names = ("multiplicity", "ptd", "width", "mass", "lha", "pt")
    ds = make_quark_gluon(n_samples=400, seed=7, features=names[:2], extra_features=names[2:], standardize=False)
    rows = table_rows(np.concatenate([ds.x_train, ds.x_test]), names)
    assert None not in rows  # every sample is a real jet of the table ...
    assert len(set(rows)) == 400  # ... drawn without replacement ...
    assert max(rows) > 4 * 400  # ... from the whole table, not its first rows
    labels = load_jet_table().labels[rows]
    np.testing.assert_array_equal(labels, np.concatenate([ds.y_train, ds.y_test]))
    again = make_quark_gluon(n_samples=400, seed=7, features=names[:2], extra_features=names[2:],
                             standardize=False)
    np.testing.assert_array_equal(again.x_train, ds.x_train)
    other = make_quark_gluon(n_samples=400, seed=8, features=names[:2], extra_features=names[2:],
                             standardize=False)
    assert len(set(rows) & set(table_rows(np.concatenate([other.x_train, other.x_test]), names))) < 100


def test_odd_sizes_and_extreme_fractions_keep_both_classes_in_both_sets():
    ds = make_quark_gluon(n_samples=21, train_fraction=0.95, seed=1)
    assert ds.n_train + ds.n_test == 21
    assert set(ds.y_train) == set(ds.y_test) == {0.0, 1.0}
    assert int(ds.y_train.sum() + ds.y_test.sum()) == 10  # the odd jet is a gluon


@pytest.mark.parametrize("kwargs, match", [
    ({"features": ("multiplicity",)}, "two different"),
    ({"features": ("ptd", "ptd")}, "two different"),
    ({"features": ("multiplicity", "colour")}, "unknown feature"),
    ({"extra_features": ("nope",)}, "unknown extra feature"),
    ({"n_samples": 5}, "n_samples"),
    ({"n_samples": 10_000_000}, "n_samples"),
    ({"train_fraction": 1.0}, "train_fraction"),
])
def test_bad_arguments_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_quark_gluon(**kwargs)


def test_extra_features_repeating_plane_features_are_dropped():
    ds = make_quark_gluon(n_samples=100, extra_features=("ptd", "mass", "mass"))
    assert ds.feature_names == ("multiplicity", "ptd", "mass")
    assert tuple(FEATURE_INFO) == FEATURES


def test_example_jets_match_their_table_rows():
    ex = example_jets()
    table = load_jet_table()
    assert np.bincount(ex.labels, minlength=2).min() >= 200
    col = {n: i for i, n in enumerate(FEATURES)}
    for i in range(0, len(ex), 37):
        row = table.features[ex.jet_index[i]]
        c = ex.constituents(i)
        assert c["pt"].size == row[col["multiplicity"]]
        assert np.count_nonzero(c["charge"]) == row[col["charged_multiplicity"]]
        assert np.sqrt(np.sum(c["pt"] ** 2)) / c["pt"].sum() == pytest.approx(row[col["ptd"]], rel=1e-4)
        # Width and LHA around the jet's winner-take-all axis, from the stored (float32) constituents.
        axis_y, axis_phi = wta_axes(c["pt"], c["y"], c["phi"], [c["pt"].size])
        dr = np.hypot(c["y"] - axis_y[0], wrap_phi(c["phi"] - axis_phi[0]))
        assert np.sum(c["pt"] * dr) / c["pt"].sum() == pytest.approx(row[col["width"]], rel=1e-3, abs=1e-5)
        assert np.sum(c["pt"] * np.sqrt(dr / 0.4)) / c["pt"].sum() == pytest.approx(row[col["lha"]], rel=1e-3)
        img = ex.image(i)
        assert img.shape == (33, 33) and img.sum() == pytest.approx(1.0)


def test_average_quark_jet_picture_is_more_concentrated_than_gluon():
    ex = example_jets()
    core = slice(14, 19)  # the central 5 x 5 pixels, about 0.12 x 0.12 around the axis
    quark = ex.mean_image(1)[core, core].sum()
    gluon = ex.mean_image(0)[core, core].sum()
    assert quark > gluon + 0.05


def test_small_mlp_beats_the_best_single_feature_cut():
    """Four jet shapes together separate quarks from gluons better than any one of them."""
    ds = make_quark_gluon(n_samples=16000, train_fraction=0.5, seed=0, features=("multiplicity", "ptd"),
                          extra_features=("width", "mass"))
    spec = NetworkSpec(n_inputs=4, hidden=(16, 16), activations="relu", output="sigmoid", loss="bce")
    trainer = Trainer(spec, TrainConfig(optimizer="adam", lr=0.005, batch_size=64, shuffle=True), seed=0)
    result = trainer.train(ds.x_train, encode_targets(spec, ds.y_train), epochs=20)
    assert result.ok, result.message
    _, out, _ = trainer.evaluate(ds.x_test)
    mlp_auc = metrics.auc(out[:, 0], ds.y_test)
    cut = metrics.best_cut(ds.x_train, ds.y_train, ds.feature_names)  # chosen on training jets
    cut_auc = metrics.auc(cut.score(ds.x_test), ds.y_test)
    best_single = max(metrics.feature_cuts(ds.x_test, ds.y_test, ds.feature_names), key=lambda c: c.auc)
    assert cut.name == "multiplicity"
    assert mlp_auc > cut_auc + 0.005
    assert mlp_auc > best_single.auc  # even the best feature judged on the test jets themselves
    assert np.mean(cut.predict(ds.x_test) == ds.y_test) < np.mean((out[:, 0] > 0.5) == ds.y_test) + 0.01
    # Gluon rejection at half the quarks kept: the network rejects more gluons than the cut.
    assert metrics.r50(out[:, 0], ds.y_test) > metrics.r50(cut.score(ds.x_test), ds.y_test)
