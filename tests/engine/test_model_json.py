"""Model export -> import restores a network exactly; malformed files are rejected with a reason."""
import json

import numpy as np
import pytest

from playground.engine import NetworkSpec, TrainConfig, Trainer, encode_targets, model_json
from playground.engine.spec import init_params

from .problems import make_problem


def test_round_trip_is_exact(tmp_path, head):
    spec, X, Y = make_problem(head, "elu")
    spec = NetworkSpec(spec.n_inputs, (5, 4), ("elu", "swish"), spec.output, spec.loss, spec.n_outputs,
                       ("pt", "mass", "width"))
    trainer = Trainer(spec, TrainConfig("adam", lr=0.01), seed=1)
    trainer.train(X, Y, 5)
    path = tmp_path / "model.json"
    classes = ("gluon", "quark") if spec.output != "softmax" else tuple(f"c{k}" for k in range(spec.n_outputs))
    model_json.save(path, spec, trainer.params, mean=[0.5, -1.0, 2.0], std=[1.0, 0.25, 3.0],
                    classes=classes, metadata={"epochs": trainer.epoch})
    model = model_json.load(path)
    assert model.spec == spec
    np.testing.assert_array_equal(model.params, trainer.params)
    restored = Trainer(model.spec, params=model.params)
    np.testing.assert_array_equal(restored.predict(X), trainer.predict(X))
    assert model.classes == classes and model.metadata == {"epochs": 5}
    np.testing.assert_array_equal(model.preprocess([[0.5, -1.0, 2.0]]), [[0.0, 0.0, 0.0]])


def test_file_layout_is_the_documented_one():
    spec = NetworkSpec(2, (3,), "tanh", "sigmoid", "bce")
    params = np.arange(spec.n_params, dtype=float)
    data = json.loads(model_json.dumps(spec, params))
    assert data["format"] == "nn-playground-model" and data["version"] == 1
    assert data["inputs"] == ["x1", "x2"] and data["preprocessing"] is None
    first = data["layers"][0]
    assert np.array(first["weights"]).shape == (2, 3) and first["weights"][0] == [0.0, 1.0, 2.0]
    assert first["biases"] == [6.0, 7.0, 8.0] and first["activation"] == "tanh"
    assert data["layers"][1]["activation"] == "sigmoid" and data["output"]["loss"] == "bce"


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(format="other"), "not an NN Playground model"),
    (lambda d: d.update(version=99), "unsupported model version"),
    (lambda d: d["layers"][0].update(weights=[[1.0, 2.0, 3.0]]), "must have 2 rows"),
    (lambda d: d["layers"][0].update(biases=[1.0]), "must hold 3 values"),
    (lambda d: d["layers"][0].update(weights=[["a", 1, 2], [1, 2, 3]]), "plain numbers"),
    (lambda d: d["layers"][0].update(activation="wobbly"), "unknown activation"),
    (lambda d: d["output"].update(loss="ce"), "needs output activation softmax"),
    (lambda d: d.update(preprocessing={"mean": [0, 0], "std": [1, 0]}), "std values must be > 0"),
])
def test_malformed_models_are_rejected_with_a_reason(mutate, message):
    spec = NetworkSpec(2, (3,), "tanh", "sigmoid", "bce")
    data = json.loads(model_json.dumps(spec, np.ones(spec.n_params)))
    mutate(data)
    with pytest.raises(ValueError, match=message):
        model_json.from_dict(data)


def test_not_json_and_nan_are_rejected():
    with pytest.raises(ValueError, match="not valid JSON"):
        model_json.loads("{nope")
    spec = NetworkSpec(2, (), (), "sigmoid", "bce")
    text = model_json.dumps(spec, np.ones(spec.n_params)).replace("1.0", "NaN", 1)
    with pytest.raises(ValueError, match="NaN or infinity"):
        model_json.loads(text)


def test_maxout_and_batch_norm_layers_round_trip_with_their_running_averages():
    spec = NetworkSpec(2, (4, 3), ("maxout", "relu"), batch_norm=(True, False), maxout_pieces=3)
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(60, 2)), rng.integers(0, 2, 60)
    trainer = Trainer(spec, seed=1)
    trainer.train(X, encode_targets(spec, y), 5)
    model = model_json.loads(model_json.dumps(spec, trainer.params, stats=trainer.stats))
    assert model.spec == spec
    np.testing.assert_array_equal(model.params, trainer.params)
    np.testing.assert_array_equal(model.stats, trainer.stats)
    again = Trainer(model.spec, params=model.params, stats=model.stats)
    np.testing.assert_array_equal(again.predict(X), trainer.predict(X))  # evaluation uses the averages
    layer = json.loads(model_json.dumps(spec, trainer.params, stats=trainer.stats))["layers"][0]
    assert layer["pieces"] == 3 and len(layer["weights"][0]) == 12 and len(layer["batch_norm"]["scale"]) == 12


@pytest.mark.parametrize("change, message", [
    (lambda d: d["layers"][0].update(pieces=9), "pieces must be a whole number"),
    (lambda d: d["layers"][1].update(pieces=2), "only one, gives its 'pieces'"),
    (lambda d: d["layers"][0]["batch_norm"].update(scale=[1.0]), "must hold 12 values"),
    (lambda d: d["layers"][0]["batch_norm"].update(running_var=[-1.0] * 12), "must not be negative"),
    (lambda d: d["layers"][2].update(batch_norm=d["layers"][0]["batch_norm"]), "cannot be batch-normalised"),
])
def test_a_damaged_maxout_or_batch_norm_layer_gets_one_plain_message(change, message):
    spec = NetworkSpec(2, (4, 3), ("maxout", "relu"), batch_norm=(True, False), maxout_pieces=3)
    data = model_json.to_dict(spec, init_params(spec, seed=1))
    change(data)
    with pytest.raises(ValueError, match=message):
        model_json.from_dict(data)
