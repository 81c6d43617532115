"""NetworkSpec and TrainConfig refuse what the engine cannot do, with messages that say why."""
import pytest

from playground.engine import NetworkSpec, TrainConfig


@pytest.mark.parametrize("kwargs, message", [
    (dict(n_inputs=0), "n_inputs"),
    (dict(n_inputs=2, hidden=(4,) * 9), "at most 8 hidden layers"),
    (dict(n_inputs=2, hidden=(65,)), "1..64 neurons"),
    (dict(n_inputs=2, hidden=(4, 4), activations=("tanh",)), "1 activations given for 2 hidden layers"),
    (dict(n_inputs=2, hidden=(4,), activations="softmax"), "only available as the output"),
    (dict(n_inputs=2, activations=(), output="tanh", loss="bce"), "needs output activation sigmoid"),
    (dict(n_inputs=2, activations=(), output="softmax", loss="ce", n_outputs=1), "n_outputs >= 2"),
    (dict(n_inputs=2, activations=(), output="sigmoid", loss="hinge"), "unknown loss"),
])
def test_invalid_network_specs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        NetworkSpec(**kwargs)


def test_aliases_and_layout():
    spec = NetworkSpec(2, (4, 2), ("SiLU", "logistic"), "tanh", "se")
    assert spec.activations == ("swish", "sigmoid")
    assert list(spec.sizes) == [2, 4, 2, 1] and spec.n_params == 2 * 4 + 4 + 4 * 2 + 2 + 2 + 1
    assert spec.weight_mask().sum() == 2 * 4 + 4 * 2 + 2


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizer="lbfgs"), "unknown optimizer"),
    (dict(schedule="warm"), "unknown schedule"),
    (dict(lr=float("nan")), "learning rate"),
    (dict(batch_size=0), "batch size"),
    (dict(dropout=1.0), "dropout"),
    (dict(l2=-1.0), "L1/L2"),
])
def test_invalid_train_configs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**kwargs)
