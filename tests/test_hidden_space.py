"""The hidden-space projection: direct for 2 or 3 neurons, a steady PCA for wider layers, and the
decision boundary as a line in it."""
import numpy as np
import pytest

from playground.experiment import Experiment
from playground.hidden_space import (SteadyProjection, decision_line, layer_activations, plane_grid_lines)


def test_two_or_three_neurons_are_the_axes_themselves():
    acts = np.random.default_rng(0).normal(size=(50, 3))
    p = SteadyProjection().fit(acts)
    np.testing.assert_array_equal(p.transform(acts), acts)
    assert SteadyProjection().fit(acts[:, :2]).transform(acts[:, :2]).shape == (50, 2)


def test_a_wide_layer_keeps_its_axes_between_frames():
    """Weights that barely change move the projected points only a little: no flips, no swaps."""
    exp = Experiment(dataset="circle", hidden_layers=[6], learning_rate=0.03)
    exp.step(50)
    proj = SteadyProjection()
    x = exp._x_train

    def frame():
        _, _, neurons = exp.trainer.evaluate(x, neurons=True)
        acts = layer_activations(neurons, exp.spec.hidden, 0)
        return proj.fit(acts).transform(acts)

    before = frame()
    spread = before.std()
    for _ in range(20):
        exp.learning_rate = 0.001
        exp.step(1)
        after = frame()
        assert np.abs(after - before).max() < 0.05 * spread  # a small step moves points a little
        before = after


def test_swapped_or_flipped_components_are_put_back():
    rng = np.random.default_rng(1)
    acts = rng.normal(size=(200, 5)) * np.array([3.0, 2.9, 0.5, 0.2, 0.1])  # two almost equal directions
    proj = SteadyProjection().fit(acts)
    first = proj.transform(acts)
    proj.basis = -proj.basis[:, ::-1]  # as if the last fit came out swapped and flipped ...
    proj.fit(acts)  # ... the next fit follows that orientation rather than jumping back
    np.testing.assert_allclose(proj.transform(acts), -first[:, ::-1], atol=1e-9)


def test_the_decision_line_lies_on_the_output_neurons_boundary():
    proj = SteadyProjection().fit(np.random.default_rng(2).normal(size=(30, 2)))
    ends = decision_line(np.array([1.0, 1.0]), 0.0, 0.0, proj, (-1, 1, -1, 1))
    assert sorted(map(tuple, ends.round(12))) == [(-1.0, 1.0), (1.0, -1.0)]
    wide = SteadyProjection().fit(np.random.default_rng(3).normal(size=(100, 6)))
    w, b, t = np.array([0.5, -1.0, 0.2, 0.3, 0.0, 1.0]), 0.1, 0.0
    ends = decision_line(w, b, t, wide, (-5, 5, -5, 5))
    for u, v in ends:
        h = wide.mean + u * wide.basis[:, 0] + v * wide.basis[:, 1]
        assert w @ h + b == pytest.approx(t, abs=1e-9)
    assert decision_line(np.array([1.0, 0.0]), -100.0, 0.0, proj, (-1, 1, -1, 1)) is None  # misses the box


def test_grid_lines_cover_the_plane():
    lines = plane_grid_lines((-6, 6, -4, 4), lines=5, points=7)
    assert lines.shape == (10, 7, 2)
    assert lines[:, :, 0].min() == -6 and lines[:, :, 1].max() == 4
    np.testing.assert_array_equal(lines[0, :, 0], -6)  # the first vertical line
