"""Grid evaluation for the boundary picture: layout and 'other inputs held fixed'."""
import numpy as np

from playground.engine import NetworkSpec, Trainer, plane_grid


def test_grid_layout_is_an_image_with_origin_lower_left():
    g = plane_grid((-1, 1), (0, 4), 5)
    img_x = g[:, 0].reshape(5, 5)
    img_y = g[:, 1].reshape(5, 5)
    assert img_x[0, 0] == -1 and img_x[0, -1] == 1 and img_y[0, 0] == 0 and img_y[-1, 0] == 4


def test_every_neuron_on_a_grid_with_other_inputs_fixed():
    spec = NetworkSpec(4, (3, 2), "tanh", "sigmoid", "bce")
    trainer = Trainer(spec, seed=3)
    grid = plane_grid((-2, 2), (-2, 2), 30, n_inputs=4, dims=(1, 3), fixed=[0.5, 0, -0.25, 0])
    assert np.all(grid[:, 0] == 0.5) and np.all(grid[:, 2] == -0.25)
    _, out, neurons = trainer.evaluate(grid, neurons=True)
    assert neurons.shape == (3 + 2 + 1, 900)
    images = neurons.reshape(6, 30, 30)
    assert np.all(np.ptp(images.reshape(6, -1), axis=1) > 1e-3)  # every neuron varies over the plane
    np.testing.assert_array_equal(images[-1].ravel(), out[:, 0])
