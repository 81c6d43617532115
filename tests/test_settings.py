"""The settings table: every setting declared once, one codec, one way to apply a batch, and the
rebuild levels the Experiment honours read from the same table."""
import pytest

from playground import settings as S
from playground.experiment import Experiment
from playground.limits import BOOTH_LIMITS, restrict
from playground.ui.url_state import apply_query

#: A value other than the default for every written setting (checked to be one below).
OTHER = {
    "dataset": "spiral", "noise": 0.1, "n_samples": 300, "train_fraction": 0.6, "data_seed": 3, "jet_x": "width",
    "jet_y": "mass", "jet_extra": ["lha"], "features": ["x1", "x2", "x1sq"], "standardize": False,
    "hidden_layers": [3], "activations": ["relu"], "batch_norm": [1, 0], "maxout_pieces": 3, "loss": "se", "init": "he_normal", "seed": 7,
    "learning_rate": 0.1, "optimizer": "adam", "momentum": 0.5, "regularization": "l2", "reg_rate": 0.01,
    "dropout": 0.2, "batch_size": 20, "schedule": "step", "lr_decay": 0.3, "lr_step": 50, "early_stopping": True,
    "patience": 30, "epochs_per_frame": 5, "show_test_data": True, "discretize": True, "log_y": True,
    "colorblind": True, "predict_dropout": True,
}


def test_every_setting_is_declared_with_its_words_group_and_flags():
    assert set(S.LINK) == set(OTHER)
    assert len({S.label(n) for n in S.ALL}) == len(S.ALL)  # no two controls called the same
    for name in S.ALL:
        m = S.meta(name)
        assert len(S.doc(name)) > 20 and m["group"] in S.GROUPS and m["level"] in S.LEVELS, name
    assert S.READABLE == S.LINK[:11] + ("activation",) + S.LINK[11:]
    assert "activation" not in S.LINK and "seed" not in S.names(lockable=True)
    assert S.names(lesson_keeps=True) == ("epochs_per_frame", "show_test_data", "discretize", "log_y", "colorblind")


@pytest.mark.parametrize("name", S.LINK)
def test_codec_round_trips_the_default_and_another_value(name):
    p = S.Settings.param[name]
    assert OTHER[name] != p.default
    for value in (p.default, OTHER[name]):
        assert S.from_text(S.Settings, name, S.to_text(p, value)) == value


def test_a_bad_value_raises_a_structured_error_in_plain_words():
    with pytest.raises(S.SettingError) as err:
        S.from_text(S.Settings, "noise", "3")
    assert (err.value.name, err.value.value, err.value.reason) == ("noise", "3", "must be between 0 and 0.5")
    assert str(err.value) == "noise='3': must be between 0 and 0.5"
    with pytest.raises(S.SettingError) as err:
        S.from_text(S.Settings, "no_such", "1")
    assert err.value.unknown and str(err.value) == "unknown setting 'no_such'"
    values, errors = S.from_texts(S.Settings, {"batch_size": "²", "noise": "0,2", "optimizer": "adam"})
    assert values == {"noise": 0.2, "optimizer": "adam"} and [e.name for e in errors] == ["batch_size"]


def test_a_narrowed_instance_refuses_what_the_class_allows():
    exp = Experiment(dataset="circle")
    restrict(exp, BOOTH_LIMITS)
    assert S.from_text(Experiment, "learning_rate", "5") == 5.0
    with pytest.raises(S.SettingError, match="between 0.001 and 3"):
        S.from_text(exp, "learning_rate", "5")
    assert exp.param.optimizer.names == Experiment.param.optimizer.names  # untouched choices keep their words
    assert exp.param.activation.names == {"ReLU": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid"}


def test_apply_settings_applies_the_rest_and_words_what_it_left_out():
    exp = Experiment(dataset="circle")
    restrict(exp, BOOTH_LIMITS)
    notices = S.apply_settings(exp, {"dataset": "moons", "noise": 0.2, "hidden_layers": [3, 3]}, "the preset")
    assert exp.noise == 0.2 and exp.hidden_layers == [3, 3] and exp.dataset == "circle"
    assert notices == ["Data = moons from the preset is outside this screen's range; left out."]


def test_a_link_may_set_every_layers_activation_at_once():
    exp = Experiment(dataset="circle", hidden_layers=[4, 3, 2])
    assert apply_query(exp, {"activation": "relu"}) == []
    assert exp.activations == ["relu", "relu", "relu"]
    assert apply_query(exp, {"activation": "sigmoid", "activations": "tanh,relu,tanh"}) == []
    assert exp.activations == ["tanh", "relu", "tanh"]  # the per-layer list wins


def _state(exp):
    return exp.data, exp.pipeline, exp.spec, exp.record.number, exp.trainer.params.copy()


@pytest.mark.parametrize("name", [n for n in S.LINK if n not in ("dataset", "jet_x", "jet_y", "jet_extra")])
def test_each_change_rebuilds_what_its_level_says(name):
    """The table's ``level`` is what the Experiment does: data settings make new data, input settings
    new inputs, network settings a new network, the seed new weights, training settings none of these."""
    exp = Experiment(dataset="circle", features=["x1", "x2"], standardize=True)
    exp.step(3)
    data, pipeline, spec, run, weights = _state(exp)
    setattr(exp, name, OTHER[name])
    level = S.meta(name)["level"]
    assert (exp.data is not data) == (level == "data"), name
    assert (exp.pipeline is not pipeline) == (level in ("data", "inputs")), name
    assert (exp.record.number != run) == (level in ("data", "inputs", "network", "weights")), name
    if level in ("trainer", "run", "view"):
        assert (exp.trainer.params == weights).all() and exp.spec is spec, name


def test_the_all_layers_activation_shows_the_layers_whenever_they_share_one():
    """One setting: ``activations`` is what the network uses; ``activation`` is its 'all layers'
    control, so after a reset to tanh layers it says tanh (a booth's buttons read it)."""
    exp = Experiment(dataset="circle", hidden_layers=[3, 3])
    exp.activation = "relu"
    assert exp.activations == ["relu", "relu"]
    assert apply_query(exp, S.encode(Experiment(dataset="circle", hidden_layers=[3, 3]))) == []
    assert exp.activations == ["tanh", "tanh"] and exp.activation == "tanh"
    exp.set_layer_activation(0, "sigmoid")  # mixed layers: the 'all layers' choice stays as it was
    assert exp.activations == ["sigmoid", "tanh"] and exp.activation == "tanh"
    assert Experiment(dataset="circle", activations=["relu", "relu"]).activation == "relu"
