"""Dropout left on while predicting: the NumPy forward pass of playground.engine.mc_dropout and the
Experiment's ``predict_dropout`` setting."""
import numpy as np
import pytest

from playground.engine import NetworkSpec, TrainConfig, Trainer, mc_dropout
from playground.experiment import Experiment
from playground.ui.url_state import URL_PARAMS, decode, encode


def _trainer(activations="tanh", output="sigmoid", loss="bce", hidden=(5, 3), backend=None, rate=0.0, seed=3):
    spec = NetworkSpec(2, hidden, activations, output, loss)
    return Trainer(spec, TrainConfig(dropout=rate), seed=seed, backend=backend)


@pytest.fixture
def X():
    return np.random.default_rng(0).normal(size=(40, 2))


def test_rate_zero_is_the_plain_network_exactly_on_the_numpy_backend(X):
    trainer = _trainer(backend="numpy")
    out = mc_dropout.predict(trainer, X, 0.0, np.random.default_rng(1))
    assert np.array_equal(out, trainer.predict(X))


@pytest.mark.parametrize("activations", ["tanh", "relu", "sigmoid"])
def test_rate_zero_matches_the_default_backend_and_its_neuron_pictures(X, activations):
    trainer = _trainer(activations)
    out, neurons = mc_dropout.forward(trainer, X, mc_dropout.draw_masks((5, 3), 0.0, np.random.default_rng(1)),
                                      neurons=True)
    _, ref_out, ref_neurons = trainer.evaluate(X, neurons=True)
    np.testing.assert_allclose(out, ref_out, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(neurons, ref_neurons, rtol=1e-12, atol=1e-14)
    assert mc_dropout.spread(trainer, X, 0.0, np.random.default_rng(1)) == 0.0


def test_masks_are_inverted_dropout_and_fresh_every_call():
    rng = np.random.default_rng(5)
    a = mc_dropout.draw_masks((200, 100), 0.25, rng)
    b = mc_dropout.draw_masks((200, 100), 0.25, rng)
    for m in a + b:
        assert set(np.unique(m)) <= {0.0, 1.0 / 0.75}
    kept = np.concatenate(a) > 0
    assert abs(kept.mean() - 0.75) < 0.05
    assert not all(np.array_equal(x, y) for x, y in zip(a, b))
    rows = mc_dropout.draw_masks((4,), 0.5, rng, rows=7)
    assert rows[0].shape == (7, 4)


def test_outputs_differ_between_calls(X):
    trainer = _trainer()
    rng = np.random.default_rng(2)
    first = mc_dropout.predict(trainer, X, 0.5, rng)
    second = mc_dropout.predict(trainer, X, 0.5, rng)
    assert not np.allclose(first, second)
    assert mc_dropout.spread(trainer, X, 0.5, rng) > 0


@pytest.mark.parametrize("per_row", [False, True])
def test_linear_network_averages_to_the_plain_output(X, per_row):
    """Inverted dropout keeps every neuron's expected contribution, so a linear network's mean output over
    many thinned networks converges to the whole network's output."""
    trainer = _trainer("linear", output="linear", loss="se", hidden=(6, 4))
    draws = mc_dropout.draws(trainer, X, 0.3, np.random.default_rng(7), n=4000, per_row=per_row)
    plain = trainer.predict(X)
    standard_error = draws.std(axis=0) / np.sqrt(draws.shape[0])
    assert np.all(np.abs(draws.mean(axis=0) - plain) < 5 * standard_error + 1e-12)
    assert np.all(draws.std(axis=0) > 0)


def test_bad_rate_and_mask_count_are_refused(X):
    trainer = _trainer()
    with pytest.raises(ValueError, match="dropout rate"):
        mc_dropout.predict(trainer, X, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="masks"):
        mc_dropout.forward(trainer, X, [np.ones(5)])


# --- the Experiment setting --------------------------------------------------------------------
@pytest.fixture
def trained():
    exp = Experiment(dataset="circle", hidden_layers=[8, 8], dropout=0.3)
    exp.step(30)
    return exp


def test_off_by_default_and_a_display_setting(trained):
    assert trained.predict_dropout is False
    first, second = trained.snapshot(), trained.snapshot()
    assert np.array_equal(first.grid, second.grid)
    assert trained.prediction_spread() == 0.0


def test_switching_it_on_changes_pictures_and_answers_but_no_training_state(trained):
    before = trained.snapshot()
    params = trained.trainer.params.copy()
    trained.predict_dropout = True
    a, b = trained.snapshot(), trained.snapshot()
    assert (a.run, a.layout, a.epoch) == (before.run, before.layout, before.epoch)
    assert np.array_equal(trained.trainer.params, params)
    assert not np.array_equal(a.grid, b.grid)  # a different thinned network every frame
    assert not np.array_equal(a.neurons, b.neurons)
    assert not np.allclose(trained.scores(), trained.scores())
    X = trained.data.x_test[:20]
    assert not np.allclose(trained.predict(X), trained.predict(X))
    assert trained.prediction_spread() > 0.02
    trained.predict_dropout = False
    after = trained.snapshot()
    assert np.array_equal(after.grid, before.grid)
    assert after.test_accuracy == before.test_accuracy


def test_no_spread_without_dropout():
    exp = Experiment(dataset="circle", hidden_layers=[4], dropout=0.0, predict_dropout=True)
    exp.step(5)
    assert exp.prediction_spread() == 0.0
    assert np.array_equal(exp.snapshot().grid, exp.snapshot().grid)


def test_predict_dropout_travels_in_links():
    assert "predict_dropout" in URL_PARAMS
    exp = Experiment(dataset="circle", predict_dropout=True)
    values, notices = decode(Experiment, encode(exp))
    assert not notices and values["predict_dropout"] is True


def test_rate_zero_is_the_engine_also_with_maxout_and_trained_batch_norm(X):
    spec = NetworkSpec(2, (5, 3), ("maxout", "tanh"), batch_norm=(True, True), maxout_pieces=2)
    trainer = Trainer(spec, seed=2)
    trainer.train(X, (X[:, :1] > 0).astype(float), 5)  # running averages away from (0, 1)
    out, neurons = mc_dropout.forward(trainer, X, None, neurons=True)
    _, ref_out, ref_neurons = trainer.evaluate(X, neurons=True)
    np.testing.assert_allclose(out, ref_out, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(neurons, ref_neurons, rtol=1e-10, atol=1e-12)
