"""Shareable links: every setting round-trips through the query string; hostile links are ignored
value by value with a notice, never an exception."""
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from playground.experiment import Experiment
from playground.ui.url_state import URL_PARAMS, apply_query, encode, query_string


def _query(exp):
    return parse_qs(urlsplit(query_string(exp)).query, keep_blank_values=True)


def test_round_trip_restores_every_setting_and_the_run():
    a = Experiment(dataset="spiral", noise=0.15, n_samples=300, train_fraction=0.7, data_seed=5,
                   features=["x1", "x2", "sin_x1"], standardize=True, hidden_layers=[6, 3, 2],
                   learning_rate=0.012345678901, optimizer="momentum", momentum=0.8, regularization="l1",
                   reg_rate=0.003, dropout=0.1, batch_size=7, schedule="step", lr_decay=0.7, lr_step=50,
                   early_stopping=True, patience=20, epochs_per_frame=3, show_test_data=True, discretize=True,
                   log_y=True, colorblind=True, seed=42, init="he_normal")
    a.set_layer_activation(1, "relu")
    b = Experiment(dataset="circle")
    notices = apply_query(b, _query(a))
    assert notices == []
    assert encode(b) == encode(a)
    for name in URL_PARAMS:
        assert getattr(b, name) == getattr(a, name), name
    assert np.array_equal(a.data.x_train, b.data.x_train)
    assert a.step(15).train_loss == b.step(15).train_loss


def test_quark_gluon_jet_settings_round_trip():
    a = Experiment(dataset="quark_gluon", jet_x="width", jet_y="mass", jet_extra=["ptd", "lha"])
    b = Experiment(dataset="circle")
    assert apply_query(b, _query(a)) == []
    assert b.data.feature_names == ("width", "mass", "ptd", "lha") and b.spec.n_inputs == 4


@pytest.mark.parametrize("key, value, why", [
    ("learning_rate", "abc", "expected a number"),
    ("learning_rate", "nan", "expected a number"),
    ("learning_rate", "1e999", "ordinary size"),
    ("learning_rate", "\u0660.\u0665", "digits 0-9"),
    ("learning_rate", "1e308", "between 0.00001 and 10"),
    ("learning_rate", "-1", "between"),
    ("hidden_layers", "4,99", "1 to 16"),
    ("hidden_layers", ",".join(["2"] * 20), "at most 8"),
    ("hidden_layers", "4;drop table", "whole numbers"),
    ("hidden_layers", "4,\u00b2", "whole numbers"),
    ("dataset", "<script>alert(1)</script>", "not one of the choices"),
    ("n_samples", "1.5", "whole number"),
    ("n_samples", "\u00b2", "digits 0-9"),
    ("data_seed", "1_000", "digits 0-9"),
    ("seed", "-3", "between 0"),
    ("features", "x1,__import__", "'__import__' is not one of"),
    ("show_test_data", "maybe", "expected 1 or 0"),
    ("activations", "tanh,rm -rf", "unknown activation"),
    ("noise", "9" * 500, "longer than"),
])
def test_hostile_values_are_ignored_with_a_notice(key, value, why):
    exp = Experiment(dataset="circle")
    before = encode(exp)
    notices = apply_query(exp, {key: [value], "noise": ["0.1"]} if key != "noise" else {key: [value]})
    assert len(notices) == 1 and key in notices[0] and why in notices[0], notices
    after = encode(exp)
    assert after[key] == before[key]
    if key != "noise":
        assert exp.noise == 0.1  # the valid rest of the link still applies


def test_a_decimal_comma_is_read_as_a_decimal_point():
    exp = Experiment(dataset="circle")
    assert apply_query(exp, {"learning_rate": ["0,1"], "noise": ["0,25"]}) == []
    assert exp.learning_rate == 0.1 and exp.noise == 0.25


def test_notices_show_what_was_typed_never_python_bytes():
    exp = Experiment(dataset="circle")
    notices = apply_query(exp, {"dataset": [b"<img src=x>"], "learning_rate": [b"50"]})
    assert len(notices) == 2 and not any("b'" in n for n in notices), notices
    assert "dataset='<img src=x>'" in notices[0] and "learning_rate='50'" in notices[1]


def test_unknown_keys_bytes_and_repeats():
    exp = Experiment(dataset="circle")
    notices = apply_query(exp, {"evil": [b"1"], "learning_rate": [b"0.5", b"0.1"], b"batch_size": [b"\xff"]})
    assert exp.learning_rate == 0.1  # last value wins
    assert any("unknown setting 'evil'" in n for n in notices)
    assert any("batch_size" in n for n in notices)


def test_too_many_keys_are_refused_wholesale():
    exp = Experiment(dataset="circle")
    notices = apply_query(exp, {f"k{i}": ["1"] for i in range(500)})
    assert len(notices) == 1 and "ignored" in notices[0]


def test_valid_values_that_clash_still_leave_a_working_experiment():
    exp = Experiment(dataset="circle")
    notices = apply_query(exp, {"dataset": ["quark_gluon"], "jet_x": ["ptd"], "jet_y": ["ptd"]})
    assert any("two different" in n for n in notices)
    assert exp.dataset == "circle" and exp.data.provenance["generator"] == "circle"  # settings match the data
    assert exp.step(2).epoch == 2
