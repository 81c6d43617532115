"""Page options, booth limits, presets and the booth's idle clock, without a browser."""
import panel as pn
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
    assert not booth.jets.layout.visible  # the average jets go with the jet data
    booth.check_idle(now=booth.last_touch + 10)
    assert not booth.attracting and app.experiment.dataset == "circle"
    booth.check_idle(now=booth.last_touch + 31)
    assert booth.attracting and app.experiment.dataset == "quark_gluon" and app.experiment.hidden_layers == [4, 2]
    assert booth.jets.layout.visible
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


def test_the_attract_loop_tells_the_posters_story_in_scenes():
    """Idle: the starting settings, then scene after scene (slow learning, overfitting, far too fast
    then slower), each with its caption; a touch keeps whatever is on screen."""
    from playground.ui.app import PlaygroundApp
    from playground.ui.booth import SCENES
    from playground.ui.site import DEFAULT_SCENE_SECONDS as SCENE_S

    app = PlaygroundApp(site=Site(kiosk=True, reset_after=30))
    booth, exp = app.booth, app.experiment
    booth.attract(now=0.0)
    assert booth.scene == 0 and exp.learning_rate == 0.003 and exp.hidden_layers == [4, 2]
    assert "data-scene='learn'" in booth.caption.object and "quark" in booth.caption.object
    booth.check_idle(now=SCENE_S + 0.1)
    assert booth.scene == 1 and exp.n_samples == 100 and exp.hidden_layers == [8, 8, 8]
    assert "overfitting" in booth.caption.object and exp.epoch == 0
    booth.check_idle(now=2 * SCENE_S + 0.2)
    assert booth.scene == 2 and exp.learning_rate == 3.0 and set(exp.activations) == {"relu"}
    booth.check_idle(now=2.5 * SCENE_S + 0.3)  # halfway: slower, fresh weights
    assert exp.learning_rate == 0.03 and "data-scene='too_fast_then'" in booth.caption.object
    booth.check_idle(now=3 * SCENE_S + 0.4)
    assert booth.scene == 0 and exp.n_samples == 2000 and exp.hidden_layers == [4, 2]
    assert len(SCENES) == 3
    app.close()


def test_the_booth_speaks_german_and_returns_to_its_language_when_idle():
    from playground.ui.app import PlaygroundApp
    from playground.ui.texts import booth_texts, languages

    assert languages() == {"en": "English", "de": "Deutsch"}
    english, german = booth_texts("en"), booth_texts("de")
    missing = [k for k in english if k not in german]
    assert not missing, f"German texts lack {missing}"
    for section in ("datasets", "rates", "scenes", "jets", "inputs_named"):
        assert set(german[section]) == set(english[section]), section
    app = PlaygroundApp({"lang": "de"}, site=Site(kiosk=True, reset_after=30))
    booth = app.booth
    assert "Quarks von Gluonen" in booth.title.object and booth.play.label.endswith("Start")
    assert list(booth.rate.options) == ["langsam", "mittel", "schnell", "zu schnell"]
    assert "Wie funktioniert das?" in app.how.text.object
    assert "lang=de" in app.page_query()
    booth.language.value = "en"  # a visitor switches language and text size
    app.text_size.value = "larger"
    assert "quarks from gluons" in booth.title.object and "How does it work?" in app.how.text.object
    booth.touched()
    booth.check_idle(now=booth.last_touch + 31)
    assert booth.attracting and booth.lang == "de" and "Quark" in booth.caption.object
    assert app.text_size.value == "normal"
    app.close()


def test_a_tapped_neuron_is_drawn_large_on_the_plane_for_a_while():
    import time

    from playground.ui.app import PlaygroundApp

    app = PlaygroundApp(site=Site(kiosk=True))
    app.render(app.experiment.step(3))
    grid_image = app.boundary.image_source.data["image"][0]
    d = app.network.diagram
    d._tapped(type("Tap", (), {"x": d.nodes.data["x"][2], "y": d.nodes.data["y"][2]})())  # a tap on the third
    frame = app.experiment.step(1)
    app.render(frame)
    shown = app.boundary.image_source.data["image"][0]
    import numpy as np

    from playground.ui.boundary import upscale
    from playground.ui.network_diagram import to_thumbnail

    assert np.array_equal(shown, to_thumbnail(upscale(frame.neurons[2], grid_image.shape[0])))
    assert "Neuron 3, layer 1" in app.boundary.key.object
    app.boundary._unit = (2, "x", time.monotonic() - 1)  # its few seconds are over
    app.render(app.experiment.step(1))
    assert app.boundary.image_source.data["image"][0].shape == grid_image.shape
    assert "quark" in app.boundary.key.object
    app.close()


def test_a_teachers_locks_hold_in_other_lessons_and_only_keeps_one_lesson():
    from playground.ui.app import PlaygroundApp

    app = PlaygroundApp({"lesson": ["circle"], "lock": ["dataset,learning_rate"], "learning_rate": ["0.1"]})
    exp, lessons = app.experiment, app.lesson_panel
    assert exp.dataset == "circle" and exp.learning_rate == 0.1
    lessons.close()  # "All lessons"
    lessons._start("quark-gluon")
    assert lessons.active and exp.dataset == "circle" and exp.learning_rate == 0.1
    assert "Locked by the teacher's link" in app.notices.text and "Data" in app.notices.text
    assert lessons.leave.visible
    only = PlaygroundApp({"lesson": ["circle"], "step": ["2"], "only": ["1"]}, served=True)
    assert not only.lesson_panel.leave.visible and "only=1" in only.page_query()
    only.lesson_panel.go_next()  # past the lesson's last step: stays in it
    assert only.lesson_panel.active and only.lesson_panel.position() == ("circle", 2)
    assert only.notices.kind == "success"


def test_a_preset_applies_its_lesson_first_then_its_own_settings():
    from playground.serve import preset_summary
    from playground.ui.app import PlaygroundApp

    site = Site(preset_settings={"learning_rate": "0.3"},
                preset_options={"lesson": "learning-rate", "lock": "learning_rate", "hide": "upload"})
    app = PlaygroundApp(site=site)
    assert app.lesson_panel.position() == ("learning-rate", 1) and app.experiment.learning_rate == 0.3
    line = preset_summary("class.toml", site)
    assert line == "Preset class.toml: lesson learning-rate step 1; locked: learning_rate; hidden: upload; 1 settings"


def test_a_bad_control_name_gets_a_short_notice_with_a_guess():
    opts = parse_options({"lock": "learning_rat,everything"})
    assert opts.lock == () and len(opts.notices) == 2
    assert opts.notices[0] == "Cannot lock 'learning_rat': no control has that name. Did you mean 'learning_rate'?"
    assert len(opts.notices[1]) < 80


def test_hidden_controls_leave_no_empty_heading_or_lonely_tooltip():
    from playground.ui.app import PlaygroundApp

    app = PlaygroundApp({"hide": ["upload,draw,noise"]})
    sections = {box.objects[0].object: box.visible for box in app.layout.select(pn.Column)
                if "pg-section-box" in box.css_classes}
    assert [v for k, v in sections.items() if "Upload" in k or "Draw" in k] == [False, False]
    assert [v for k, v in sections.items() if "Features" in k or ">Data<" in k] == [True, True]
    noise_row = next(r for r in app.layout.select(pn.Row) if app.data_panel.noise in r.objects)
    assert not noise_row.visible
