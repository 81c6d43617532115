"""The Numba kernels and the NumPy twin compute the same training, step for step."""
import numpy as np
import pytest

from playground.engine import OPTIMIZERS, TrainConfig, Trainer

from .problems import make_problem


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_numba_matches_numpy_over_several_epochs(activation, head, optimizer):
    spec, X, Y = make_problem(head, activation, n=37)
    config = TrainConfig(optimizer, lr=0.02, batch_size=8, shuffle=True, l1=1e-4, l2=1e-3, dropout=0.1,
                         schedule="exponential", gamma=0.9)
    fast = Trainer(spec, config, seed=4, backend="numba")
    ref = Trainer(spec, config, seed=4, backend="numpy")
    r_fast = fast.train(X, Y, 4)
    r_ref = ref.train(X, Y, 4)
    assert r_fast.status == r_ref.status == "ok"
    np.testing.assert_allclose(r_fast.losses, r_ref.losses, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.params, ref.params, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fast.s1, ref.s1, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(fast.counters, ref.counters)
    assert not np.allclose(fast.params, Trainer(spec, config, seed=4).params)  # training moved the weights


@pytest.mark.parametrize("dropout", [False, True])
def test_evaluation_matches_including_every_neuron(head, dropout):
    spec, X, Y = make_problem(head, "swish", n=300)  # > one 256-row evaluation chunk
    config = TrainConfig(dropout=0.25)
    fast = Trainer(spec, config, seed=5, backend="numba")
    ref = Trainer(spec, config, seed=5, backend="numpy")
    loss_f, out_f, neur_f = fast.evaluate(X, Y, neurons=True, dropout=dropout)
    loss_r, out_r, neur_r = ref.evaluate(X, Y, neurons=True, dropout=dropout)
    assert neur_f.shape == (sum(spec.hidden) + spec.n_outputs, len(X))
    np.testing.assert_allclose(neur_f, neur_r, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(out_f, out_r, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(out_f, neur_f[-spec.n_outputs:].T, rtol=0, atol=0)
    assert loss_f == pytest.approx(loss_r, rel=1e-10)
