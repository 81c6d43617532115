"""The Experiment model driven directly, as the web app drives it: settings, steps, live changes,
architecture edits, divergence and early stopping."""
import math

import numpy as np
import pytest

from playground.data.upload import read_csv
from playground.experiment import BOUNDARY_RES, THUMB_RES, Experiment


def circle(**kw):
    return Experiment(dataset="circle", **kw)


def test_every_setting_is_documented_and_bounded():
    exp = circle()
    for name, p in exp.param.objects().items():
        if name == "name":
            continue
        assert p.doc and len(p.doc) > 15, f"{name} needs a one-sentence explanation"
        if hasattr(p, "bounds") and p.bounds is not None and not hasattr(p, "item_type"):
            lo, hi = p.bounds
            assert lo is not None and hi is not None, f"{name} must be bounded"


@pytest.mark.parametrize("name, bad", [
    ("learning_rate", 100.0), ("learning_rate", 0.0), ("hidden_layers", [17]), ("hidden_layers", [2] * 9),
    ("hidden_layers", [0]), ("activations", ["nope"]), ("dataset", "mnist"), ("dropout", 1.0),
    ("batch_size", 0), ("features", ["x3"]),
])
def test_out_of_range_settings_are_refused(name, bad):
    exp = circle()
    before = getattr(exp, name)
    with pytest.raises((ValueError, TypeError)):
        setattr(exp, name, bad)
    assert getattr(exp, name) == before


def test_step_trains_and_the_circle_loss_falls():
    exp = circle(features=["x1", "x2", "x1sq", "x2sq"], learning_rate=0.03)
    first = exp.snapshot()
    assert first.epoch == 0
    for _ in range(30):
        snap = exp.step(10)
    assert snap.epoch == 300
    assert snap.train_loss < 0.5 * first.train_loss
    assert snap.test_accuracy > 0.9
    assert len(snap.history) == 31 and snap.history.epoch[-1] == 300
    assert np.all(np.diff(snap.history.epoch) == 10)


def test_snapshot_shapes_follow_the_network():
    exp = circle(hidden_layers=[3, 5])
    snap = exp.step(1)
    assert snap.grid.shape == (BOUNDARY_RES, BOUNDARY_RES) and snap.grid.dtype == np.float32
    assert -1.0 <= snap.grid.min() and snap.grid.max() <= 1.0  # binary score
    assert snap.neurons.shape == (3 + 5 + 1, THUMB_RES, THUMB_RES)
    assert snap.layer_sizes == (2, 3, 5, 1)
    assert [w.shape for w, _ in snap.weights] == [(2, 3), (3, 5), (5, 1)]
    # the snapshot is a copy: further training does not change it
    w0 = snap.weights[0][0].copy()
    exp.step(5)
    assert np.array_equal(snap.weights[0][0], w0)


def test_learning_rate_and_regularisation_change_on_the_fly_without_reset():
    exp = circle()
    exp.step(20)
    weights = exp.trainer.params.copy()
    run = exp.snapshot().run
    exp.learning_rate = 0.3
    exp.regularization = "l2"
    exp.reg_rate = 0.01
    exp.optimizer = "adam"
    snap = exp.snapshot()
    assert snap.epoch == 20 and snap.run == run
    assert np.array_equal(exp.trainer.params, weights)
    cfg = exp.trainer.config
    assert (cfg.lr, cfg.l2, cfg.l1, cfg.optimizer) == (0.3, 0.01, 0.0, "adam")
    assert exp.step(5).epoch == 25


def test_architecture_changes_rebuild_the_network():
    exp = circle(hidden_layers=[4, 2])
    exp.step(10)
    exp.add_layer()
    assert exp.hidden_layers == [4, 2, 2] and len(exp.activations) == 3
    exp.change_neurons(0, +1)
    assert exp.hidden_layers == [5, 2, 2]
    snap = exp.snapshot()
    assert snap.epoch == 0 and snap.layer_sizes == (2, 5, 2, 2, 1)
    exp.change_neurons(1, -5)
    assert exp.hidden_layers[1] == 1  # never below one neuron
    for _ in range(5):
        exp.remove_layer()
    assert exp.hidden_layers == [] and exp.snapshot().layer_sizes == (2, 1)


def test_same_activation_for_all_and_per_layer():
    exp = circle(hidden_layers=[3, 3, 3])
    exp.activation = "relu"
    assert exp.activations == ["relu"] * 3 and exp.spec.activations == ("relu",) * 3
    exp.set_layer_activation(1, "sigmoid")
    assert exp.spec.activations == ("relu", "sigmoid", "relu")


def test_reset_draws_new_weights_and_restarts():
    exp = circle()
    exp.step(10)
    w = exp.trainer.params.copy()
    seed = exp.seed
    exp.reset()
    assert exp.seed == seed + 1 and exp.epoch == 0
    assert not np.array_equal(exp.trainer.params, w)


def test_same_seed_same_run():
    a, b = circle(seed=7), circle(seed=7)
    assert a.step(25).train_loss == b.step(25).train_loss


def test_divergence_pauses_with_a_message_and_recovers():
    exp = Experiment(dataset="reg_plane", hidden_layers=[8, 8], activation="relu", learning_rate=10.0,
                     batch_size=1)
    snap = exp.step(20)
    assert snap.status == "diverged"
    assert "Learning rate too high?" in snap.message
    assert np.all(np.isfinite(snap.grid)) and np.all(np.isfinite(snap.neurons))
    assert all(np.all(np.isfinite(w)) for w, _ in snap.weights)
    epoch = snap.epoch
    assert exp.step(5).epoch == epoch  # stays paused
    exp.recover()
    assert exp.learning_rate == pytest.approx(1.0)
    assert exp.snapshot().status == "ok"


def test_early_stopping_returns_to_the_best_weights():
    exp = circle(noise=0.5, hidden_layers=[8, 8], learning_rate=0.3, early_stopping=True, patience=3)
    for _ in range(500):
        snap = exp.step(1)
        if snap.status != "ok":
            break
    assert snap.status == "stopped" and "Early stopping" in snap.message
    h = snap.history
    best = np.nanmin(h.test_loss)
    assert snap.test_loss == pytest.approx(best)
    assert exp.step(3).epoch == snap.epoch  # a stopped run does not train


def test_multiclass_uses_softmax_and_class_grid():
    exp = Experiment(dataset="multi_blobs")
    assert exp.spec.loss == "ce" and exp.spec.n_outputs == exp.data.n_classes
    snap = exp.step(20)
    assert set(np.unique(snap.grid)) <= set(range(exp.data.n_classes))
    assert snap.grid_confidence.shape == snap.grid.shape
    assert snap.test_accuracy > 0.5


def test_regression_has_no_accuracy_and_unsuitable_loss_falls_back():
    exp = Experiment(dataset="reg_gaussian")
    assert exp.spec.loss == "se" and exp.spec.output == "linear"
    assert exp.step(2).test_accuracy is None
    exp.loss = "bce"
    assert exp.spec.loss == "se" and exp.loss == "auto"
    assert any("does not suit" in n for n in exp.take_notices())


def test_typed_weights_change_the_output():
    exp = circle(hidden_layers=[])
    exp.set_weight(0, 0, 0, 5.0)
    exp.set_weight(0, 1, 0, 0.0)
    exp.set_bias(0, 0, 0.0)
    out = exp.predict(np.array([[1.0, 0.0], [-1.0, 0.0]]))[:, 0]
    assert out[0] == pytest.approx(1 / (1 + math.exp(-5))) and out[1] == pytest.approx(1 / (1 + math.exp(5)))
    for bad in ("abc", float("nan"), 1e9):
        with pytest.raises(ValueError):
            exp.set_weight(0, 0, 0, bad)


def test_feature_toggles_change_the_inputs():
    exp = circle(features=["x1", "x2", "x1sq", "sin_x2"])
    assert exp.spec.n_inputs == 4 and exp.spec.input_names == ("x1", "x2", "x1sq", "sin_x2")
    exp.features = []
    assert exp.spec.n_inputs == 2 and exp.features == ["x1", "x2"]
    assert exp.take_notices()


def test_uploaded_data_trains():
    rows = "\n".join(f"{x},{y},{int(x * y > 0)}" for x, y in np.random.default_rng(0).uniform(-1, 1, (60, 2)))
    data = read_csv("a,b,label\n" + rows)
    exp = circle()
    exp.use_data(data)
    assert exp.data is data and exp.spec.n_inputs == 2
    assert exp.standardize  # real data is standardised by default
    assert exp.step(5).epoch == 5


def test_classifier_metrics_for_binary_data():
    exp = circle()
    exp.step(50)
    m = exp.classifier_metrics()
    assert 0.5 < m.auc <= 1.0
    assert m.sig_eff[0] == 0 and m.sig_eff[-1] == 1
    assert m.hist_counts.shape == (2, 20)
    assert m.cut.name in ("x1", "x2") and 0 <= m.cut.auc <= 1
    assert Experiment(dataset="reg_plane").classifier_metrics() is None


def test_bad_data_settings_keep_the_old_data_with_a_notice():
    exp = Experiment(dataset="quark_gluon")
    assert exp.dataset == "quark_gluon", exp.take_notices()
    data = exp.data
    exp.jet_y = exp.jet_x  # the plane needs two different features
    assert exp.data is data
    assert any("two different" in n for n in exp.take_notices())
    assert exp.jet_y == "ptd"  # the setting goes back to what the data still show


def test_quark_gluon_default_in_physical_units_with_roc():
    exp = Experiment()
    assert exp.dataset == "quark_gluon" and exp.hidden_layers == [4, 2]
    assert exp.data.feature_names[:2] == ("multiplicity", "ptd")
    assert exp.data.x_train[:, 0].max() > 5  # particle counts, not standardised values
    assert exp.standardize
    exp.step(20)
    m = exp.classifier_metrics()
    assert 0.6 < m.auc < 1.0 and m.r50 > 1.0
    assert m.class_names == ("gluon", "quark")
    exp.jet_extra = ["width"]
    assert exp.spec.n_inputs == 3


def test_jets_start_with_2000_points_and_toys_with_500():
    """Each dataset starts at its own size; a size the visitor chose stays when the data changes."""
    exp = Experiment()
    assert (exp.dataset, exp.n_samples) == ("quark_gluon", 2000)
    assert Experiment(dataset="circle").n_samples == 500
    exp.dataset = "circle"
    assert exp.n_samples == 500 and exp.data.x_train.shape[0] == 250
    exp.dataset = "quark_gluon"
    assert exp.n_samples == 2000 and exp.data.x_train.shape[0] == 1000
    exp.n_samples = 800
    exp.dataset = "spiral"
    assert exp.n_samples == 800  # chosen, so kept
    both = Experiment(dataset="circle", n_samples=300)
    both.param.update(dataset="quark_gluon", n_samples=300)  # a link that says both
    assert both.n_samples == 300


def test_batch_norm_and_maxout_from_settings_to_files_and_back():
    """The per-layer switches reach the engine; a run file, a model file and a reopened run bring the
    batch-norm running averages back, so the restored network predicts exactly the same."""
    from playground.settings import encode

    exp = Experiment(dataset="circle", hidden_layers=[4, 3], activations=["maxout", "tanh"], batch_norm=[1, 0],
                     maxout_pieces=3)
    assert exp.spec.batch_norm == (True, False) and list(exp.spec.pieces) == [3, 1, 1]
    exp.step(15)
    link = encode(exp)
    assert (link["batch_norm"], link["maxout_pieces"], link["activations"]) == ("1,0", "3", "maxout,tanh")
    points = exp.data.x_test[:20]
    before = exp.predict(points)
    restored = Experiment.from_json(exp.to_json())
    np.testing.assert_array_equal(restored.trainer.stats, exp.trainer.stats)
    np.testing.assert_array_equal(restored.predict(points), before)
    other = Experiment(**{k: getattr(exp, k) for k in ("dataset", "hidden_layers", "activations", "batch_norm",
                                                          "maxout_pieces")})
    other.load_weights(exp.export_model())
    np.testing.assert_array_equal(other.predict(points), before)
    plain = Experiment(dataset="circle", hidden_layers=[4, 3], activations=["maxout", "tanh"], maxout_pieces=3)
    with pytest.raises(ValueError, match="batch-normalised layers are layer 1, these settings normalise none"):
        plain.load_weights(exp.export_model())
    exp.restart_run()  # the trained run goes into the log as run 1
    exp.reopen(1)
    np.testing.assert_array_equal(exp.predict(points), before)
    exp.set_layer_batch_norm(1, True)
    assert exp.batch_norm == [1, 1] and exp.spec.batch_norm == (True, True)
