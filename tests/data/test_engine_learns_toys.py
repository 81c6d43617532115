"""Each 2D generator is learnable: a small network reaches high test accuracy (or R²) at low noise,
and cannot beat chance on a label-shuffled control, so the data carries the signal, not an artefact.

Inputs are standardised through the same InputPipeline the app uses.
"""
import numpy as np
import pytest

from playground.data import InputPipeline, make_dataset
from playground.engine import NetworkSpec, TrainConfig, Trainer, decision_threshold, encode_targets

# dataset id -> (hidden layers, epochs, samples, extra options, least test score). Regression targets
# are read at a jittered position, so even 5% noise caps R² near 0.9; those run noise-free.
NOISE = 0.05
CASES = {
    "two_blobs": ((4,), 100, 400, {}, 0.97),
    "circle": ((8,), 200, 400, {}, 0.97),
    "xor": ((8,), 200, 400, {}, 0.97),
    "spiral": ((16, 16), 300, 1000, {}, 0.97),
    "moons": ((8, 8), 200, 400, {}, 0.97),
    "multi_blobs": ((8,), 150, 400, {"n_classes": 5}, 0.97),
    "reg_plane": ((), 100, 400, {"noise": 0.0}, 0.99),
    "reg_gaussian": ((16, 16), 600, 1000, {"noise": 0.0}, 0.93),
}


def network_for(ds, n_inputs, hidden):
    if ds.problem == "binary":
        return NetworkSpec(n_inputs, hidden, "tanh", "sigmoid", "bce")
    if ds.problem == "multiclass":
        return NetworkSpec(n_inputs, hidden, "tanh", "softmax", "ce", n_outputs=ds.n_classes)
    return NetworkSpec(n_inputs, hidden, "tanh", "linear", "se")


def score(spec, out, y):
    """Accuracy for classifiers, R² for regression."""
    if spec.loss == "ce":
        return float(np.mean(out.argmax(axis=1) == y))
    if spec.loss == "bce":
        return float(np.mean((out[:, 0] > decision_threshold(spec)) == y))
    return float(1.0 - np.mean((out[:, 0] - y) ** 2) / np.var(y))


def train_and_score(ds, hidden, epochs, y_train=None, y_test=None):
    y_train = ds.y_train if y_train is None else y_train
    y_test = ds.y_test if y_test is None else y_test
    pipe = InputPipeline.fit(ds, standardize=True)
    x_train, x_test = pipe.apply(ds)
    spec = network_for(ds, pipe.n_inputs, hidden)
    trainer = Trainer(spec, TrainConfig(optimizer="adam", lr=0.01, batch_size=16, shuffle=True), seed=0)
    result = trainer.train(x_train, encode_targets(spec, y_train), epochs=epochs)
    assert result.status == "ok", result.message
    _, out, _ = trainer.evaluate(x_test)
    return score(spec, out, y_test)


def test_every_generator_is_covered():
    from playground.data.toy import GENERATORS
    assert set(CASES) == set(GENERATORS)


@pytest.mark.parametrize("name", list(CASES))
def test_small_network_learns_it(name):
    hidden, epochs, n, options, least = CASES[name]
    ds = make_dataset(name, n_samples=n, seed=1, **{"noise": NOISE, **options})
    assert train_and_score(ds, hidden, epochs) >= least


@pytest.mark.parametrize("name", ["circle", "multi_blobs"])
def test_shuffled_labels_stay_at_chance(name):
    """Same data and network, labels permuted: test accuracy must stay near 1/k."""
    hidden, epochs, n, options, _ = CASES[name]
    ds = make_dataset(name, n_samples=1000, noise=NOISE, seed=1, **options)
    rng = np.random.default_rng(0)
    accuracy = train_and_score(ds, hidden, epochs, rng.permutation(ds.y_train), rng.permutation(ds.y_test))
    chance = 1.0 / ds.n_classes
    assert abs(accuracy - chance) < 0.07  # about 3.5 standard errors for 500 test points
