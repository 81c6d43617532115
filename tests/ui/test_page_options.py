"""Page options, booth limits, presets and the booth's idle clock, without a browser."""
import pytest

from playground.experiment import Experiment
from playground.limits import BOOTH_LIMITS, restrict
from playground.settings_file import SettingsFileError
from playground.ui.page_options import parse_options, split_query
from playground.ui.site import Site, read_preset
from playground.ui.url_state import apply_query


def test_options_are_split_from_settings_and_bad_ones_reported():
    settings, raw = split_query({"dataset": ["circle"], "lock": [b"dataset,bogus"], "text": "huge", "step": "2",
                                 "lesson": "nope", "bokeh-session-id": "x", "mode": "booth"})
    assert settings == {"dataset": ["circle"]}
    opts = parse_options(raw, lessons=("circle",))
    assert opts.lock == ("dataset",) and opts.mode == "booth" and opts.step == 2 and opts.lesson is None
    assert opts.text == "normal"
    joined = " ".join(opts.notices)
    for bad in ("bogus", "huge", "nope"):
        assert bad in joined


def test_link_options_add_to_a_preset():
    base = parse_options({"lock": "dataset", "lesson": "circle"}, lessons=("circle", "logic"))
    opts = parse_options({"lock": "optimizer", "lesson": "logic"}, lessons=("circle", "logic"), base=base)
    assert opts.lock == ("dataset", "optimizer") and opts.lesson == "logic" and not opts.notices


def test_booth_limits_clamp_current_values_and_refuse_links():
    exp = Experiment(dataset="spiral", hidden_layers=[16, 16, 16, 16, 16], activation="elu", learning_rate=10.0)
    restrict(exp, BOOTH_LIMITS)
    assert exp.hidden_layers == [8, 8, 8, 8] and exp.activations == ["tanh"] * 4 and exp.learning_rate == 3.0
    notices = apply_query(exp, {"learning_rate": "5", "hidden_layers": "9", "dataset": "moons"})
    assert len(notices) == 3 and exp.learning_rate == 3.0 and exp.dataset == "spiral"
    exp.add_layer()
    assert len(exp.hidden_layers) == 4  # at the booth's maximum already
    exp.change_neurons(0, +1)
    assert exp.hidden_layers[0] == 8
    assert Experiment().param.learning_rate.bounds == (1e-5, 10.0)  # other sessions keep the full range


def test_preset_files_are_checked_strictly(tmp_path):
    good = tmp_path / "class.url"
    good.write_text("http://host:5006/?dataset=circle&hidden_layers=3&lesson=circle&lock=dataset\n")
    settings, options = read_preset(good)
    assert settings == {"dataset": "circle", "hidden_layers": "3"}
    assert options == {"lesson": "circle", "lock": "dataset"}
    for text, word in (("noise = 2\n", "noise"), ('lock = "everything"\n', "everything"),
                       ('lesson = "nope"\n', "nope"), ("wobble = 1\n", "wobble")):
        bad = tmp_path / "bad.toml"
        bad.write_text(text)
        with pytest.raises(SettingsFileError, match=word):
            read_preset(bad)


def test_booth_page_returns_to_its_attract_loop_after_the_idle_time():
    from playground.ui.app import PlaygroundApp

    app = PlaygroundApp(site=Site(kiosk=True, reset_after=30))
    booth = app.booth
    assert app.options.booth and app.lesson_panel is None
    booth.attract(now=0.0)
    assert booth.attracting and booth.caption.visible and app.loop.running
    app.loop.pause()
    booth.touched()
    assert not booth.attracting and not booth.caption.visible
    booth.more_layers.clicks += 1
    booth.dataset.value = "circle"
    assert app.experiment.dataset == "circle" and len(app.experiment.hidden_layers) == 3
    booth.check_idle(now=booth.last_touch + 10)
    assert not booth.attracting and app.experiment.dataset == "circle"
    booth.check_idle(now=booth.last_touch + 31)
    assert booth.attracting and app.experiment.dataset == "quark_gluon" and app.experiment.hidden_layers == [4, 2]
    assert app.experiment.epoch == 0
    app.close()
    assert not app.loop.running


def test_serve_passes_page_options_to_the_app(tmp_path):
    from playground.cli import build_parser
    from playground.serve import site_of

    preset = tmp_path / "p.toml"
    preset.write_text('dataset = "xor"\nlock = "dataset"\n')
    site = site_of(build_parser().parse_args(["serve", "--kiosk", "--reset-after", "30", "--preset", str(preset)]))
    assert site.kiosk and site.reset_after == 30.0
    assert site.preset_settings == {"dataset": "xor"} and site.preset_options == {"lock": "dataset"}
    with pytest.raises(ValueError, match="reset-after"):
        site_of(build_parser().parse_args(["serve", "--reset-after", "0"]))
