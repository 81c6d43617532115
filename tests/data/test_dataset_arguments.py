"""Out-of-range or wrongly typed generator arguments are refused with the allowed range in the message."""
import pytest

from playground.data import make_dataset
from playground.data.toy import GENERATORS

BAD = [
    ({"n_samples": 49}, r"n_samples must be from 50 to 5000"),
    ({"n_samples": 5001}, r"n_samples must be from 50 to 5000"),
    ({"n_samples": 100.5}, r"whole number from 50 to 5000"),
    ({"n_samples": True}, r"whole number from 50 to 5000"),
    ({"noise": -0.01}, r"noise must be a fraction from 0 to 0\.5 \(0% to 50%\)"),
    ({"noise": 0.51}, r"noise must be a fraction from 0 to 0\.5"),
    ({"noise": float("nan")}, r"noise must be a fraction from 0 to 0\.5"),
    ({"noise": "lots"}, r"noise must be a fraction from 0 to 0\.5"),
    ({"train_fraction": 0.05}, r"train_fraction must be between 0\.1 and 0\.9 \(10% to 90%\)"),
    ({"train_fraction": 0.95}, r"train_fraction must be between 0\.1 and 0\.9"),
]


@pytest.mark.parametrize("kwargs, message", BAD)
def test_registry_refuses(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_dataset("circle", **kwargs)


@pytest.mark.parametrize("kwargs, message", BAD)
def test_generator_refuses_when_called_directly(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GENERATORS["spiral"](**kwargs)


@pytest.mark.parametrize("name", ["logic_xor", "quark_gluon"])
def test_ranges_are_checked_for_every_kind(name):
    """Checked before dispatch, so even sets that ignore n_samples refuse nonsense (and no jets are loaded)."""
    with pytest.raises(ValueError, match="n_samples must be from 50 to 5000"):
        make_dataset(name, n_samples=10)


@pytest.mark.parametrize("k", [2, 9, 3.5])
def test_multi_blobs_class_range(k):
    with pytest.raises(ValueError, match="n_classes must be .*3 to 8"):
        make_dataset("multi_blobs", n_classes=k)


def test_limits_are_accepted():
    assert make_dataset("xor", n_samples=50, noise=0.0, train_fraction=0.1).n_train == 5
    assert make_dataset("xor", n_samples=5000, noise=0.5, train_fraction=0.9).n_test == 500
