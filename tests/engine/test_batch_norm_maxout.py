"""Batch normalisation and maxout layers: gradients against central finite differences, the Numba
kernels against the NumPy twin, batch norm's train/eval difference and its running averages checked
against a hand computation, and their rollback when training diverges.

(The generic engine tests take the element-wise activations; maxout is tested here, and the
step-through's finite-difference test takes every hidden activation, maxout included.)"""
import numpy as np
import pytest

from playground.engine import NetworkSpec, TrainConfig, Trainer
from playground.engine.spec import BN_EPS, BN_KEEP

from .problems import HEAD_IDS, HEADS, make_problem
from .test_gradients import finite_difference

LAYOUTS = {
    "bn-tanh": dict(activations="tanh", batch_norm=(True, True)),
    "bn-first-relu": dict(activations="relu", batch_norm=(True, False)),
    "maxout3": dict(activations="maxout", maxout_pieces=3),
    "maxout-bn": dict(activations=("maxout", "sigmoid"), batch_norm=(True, True), maxout_pieces=2),
}


def spec_for(head, layout, n_inputs=3, hidden=(5, 4)):
    out, loss, n_out = head
    return NetworkSpec(n_inputs, hidden, output=out, loss=loss, n_outputs=n_out, **LAYOUTS[layout])


def problem(head, layout, n=23, seed=0):
    plain, X, Y = make_problem(head, "tanh", n=n, seed=seed)
    return spec_for(head, layout), X, Y


@pytest.mark.parametrize("backend", ["numba", "numpy"])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS)
def test_gradient_matches_finite_differences(head, layout, backend):
    spec, X, Y = problem(head, layout)
    trainer = Trainer(spec, TrainConfig(l2=1e-2, dropout=0.2), init="glorot_normal", seed=2, backend=backend)
    trainer.params += 0.05 * np.random.default_rng(9).normal(size=spec.n_params)  # scales off 1, biases off 0
    before = trainer.stats.copy()
    value, grad = trainer.loss_and_grad(X, Y, drop_counter=5)
    assert np.isfinite(value)
    np.testing.assert_allclose(grad, finite_difference(trainer, X, Y), rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(trainer.stats, before)  # a gradient check is not a training step
    if any(spec.batch_norm):  # the scales have gradients of their own
        scales = [g for g in spec.scale_views(grad) if g is not None]
        assert all(np.count_nonzero(g) == g.size for g in scales)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_numba_matches_numpy_over_several_epochs(layout, optimizer):
    spec, X, Y = problem(HEADS[0], layout, n=37)
    config = TrainConfig(optimizer, lr=0.05, batch_size=8, l2=1e-3, dropout=0.1)
    fast = Trainer(spec, config, seed=4, backend="numba")
    ref = Trainer(spec, config, seed=4, backend="numpy")
    r_fast, r_ref = fast.train(X, Y, 5), ref.train(X, Y, 5)
    assert r_fast.status == r_ref.status == "ok"
    np.testing.assert_allclose(r_fast.losses, r_ref.losses, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.params, ref.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.stats, ref.stats, rtol=1e-10, atol=1e-12)
    loss_f, out_f, neur_f = fast.evaluate(np.vstack([X] * 8), np.vstack([Y] * 8), neurons=True)  # > one chunk
    loss_r, out_r, neur_r = ref.evaluate(np.vstack([X] * 8), np.vstack([Y] * 8), neurons=True)
    np.testing.assert_allclose(neur_f, neur_r, rtol=1e-10, atol=1e-12)
    assert loss_f == pytest.approx(loss_r, rel=1e-10)
    if any(spec.batch_norm):
        assert not np.allclose(fast.stats, spec.initial_stats())  # training moved the running averages


def test_running_averages_and_train_eval_difference():
    """One batch by hand: the running mean/variance move by (1 - BN_KEEP) towards the batch's, and
    evaluation normalises with them, so the same points give other outputs than in training."""
    spec = NetworkSpec(2, (3,), "tanh", "sigmoid", "bce", batch_norm=True)
    X = np.array([[0.5, -1.0], [2.0, 0.3], [-1.5, 0.8], [0.1, 0.1]])
    Y = np.array([[1.0], [0.0], [1.0], [0.0]])
    trainer = Trainer(spec, TrainConfig(lr=0.0, batch_size=4, shuffle=False), seed=1, backend="numba")
    (W, b), _ = trainer.layers()
    sums = X @ W
    trainer.train(X, Y, 1)  # lr 0: the weights stay; only the averages move
    np.testing.assert_allclose(trainer.stats[0, :3], (1 - BN_KEEP) * sums.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(trainer.stats[1, :3], BN_KEEP + (1 - BN_KEEP) * sums.var(axis=0), rtol=1e-12)

    gamma = spec.scale_views(trainer.params)[0]
    (W2, b2) = trainer.layers()[1]

    def by_hand(mean, var):
        hidden = np.tanh(gamma * (sums - mean) / np.sqrt(var + BN_EPS) + b)
        return 1 / (1 + np.exp(-(hidden @ W2 + b2)))

    _, out, _ = trainer.evaluate(X, Y)
    np.testing.assert_allclose(out, by_hand(trainer.stats[0, :3], trainer.stats[1, :3]), rtol=1e-12)
    train_mode = by_hand(sums.mean(axis=0), sums.var(axis=0))
    assert np.max(np.abs(out - train_mode)) > 1e-3  # evaluation is not training mode


def test_batch_norm_gets_a_deep_sigmoid_network_learning():
    """What batch norm is for: four sigmoid layers deep, plain SGD stalls near chance on a circle (the
    gradients fade layer by layer); with each layer's sums normalised the same network learns."""
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(300, 2))
    y = ((X ** 2).sum(axis=1) < 0.5).astype(float)[:, None]
    losses = {}
    for norm in (False, True):
        trainer = Trainer(NetworkSpec(2, (8,) * 4, "sigmoid", batch_norm=norm), TrainConfig(lr=0.3), seed=3)
        losses[norm] = trainer.train(X, y, 100).losses[-1]
    assert losses[True] < 0.55 and losses[False] > 0.65


def test_divergence_puts_the_running_averages_back():
    spec, X, Y = problem(HEADS[1], "bn-tanh", n=40)
    trainer = Trainer(spec, TrainConfig(lr=0.01, batch_size=5), seed=1)
    trainer.train(X, Y, 3)
    kept = trainer.stats.copy()
    trainer.configure(lr=1e12)
    result = trainer.train(X, Y, 3)
    assert result.status == "diverged"
    np.testing.assert_array_equal(trainer.stats, kept)


def test_maxout_unit_is_the_largest_of_its_pieces():
    spec = NetworkSpec(2, (2,), "maxout", "linear", "se", maxout_pieces=3)
    trainer = Trainer(spec, seed=5)
    X = np.random.default_rng(1).normal(size=(6, 2))
    _, _, neurons = trainer.evaluate(X, neurons=True)
    W, b = trainer.layers()[0]
    sums = (X @ W + b).reshape(6, 2, 3)
    np.testing.assert_allclose(neurons[:2].T, sums.max(axis=2), rtol=1e-12)
    assert W.shape == (2, 6) and spec.n_params == 2 * 6 + 6 + 2 * 1 + 1


def test_spec_checks_the_new_options():
    with pytest.raises(ValueError, match="pieces"):
        NetworkSpec(2, (3,), "maxout", maxout_pieces=9)
    with pytest.raises(ValueError, match="batch-norm flags"):
        NetworkSpec(2, (3, 2), batch_norm=(True,))
    with pytest.raises(ValueError, match="hidden layers"):
        NetworkSpec(2, (3,), output="maxout", loss="se")
    spec = NetworkSpec(2, (3, 2), batch_norm=(False, True))
    assert spec.norm.tolist() == [0, 1, 0] and spec.plain is False
    assert NetworkSpec(2, (3,)).plain
