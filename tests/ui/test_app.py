"""The page's Python side without a browser: the loop, the views' data sources, notices, tooltips,
divergence recovery, upload errors, drawing points and URL restore, driven through the real widgets."""
import re
import time

import numpy as np
import panel as pn
import param
import pytest

from playground.ui.app import PlaygroundApp
from playground.ui.boundary import quantize_grid
from playground.ui.network_diagram import input_label, node_layout, to_thumbnail
from playground.ui.url_state import query_string


def make(query=None, **settings):
    from playground.experiment import Experiment

    return PlaygroundApp(query, Experiment(**settings) if settings else None)


def epoch_text(app):
    """The epoch as the page shows it: the live value and, once paused, the Div's own text."""
    shown = app.readouts.current["epoch"]
    if not app.loop.running:
        assert re.search(r"data-testid='epoch'[^>]*>(\d+)<", app.readouts._epoch_div.text).group(1) == shown
    return shown


def test_default_page_is_quark_gluon_with_two_hidden_layers():
    app = make()
    assert app.experiment.dataset == "quark_gluon" and app.experiment.hidden_layers == [4, 2]
    assert app.data_panel.jets.visible
    assert "AUC" in app.classifier.text.object
    assert epoch_text(app) == "0"


def test_how_it_works_names_the_middle_of_the_networks_answer():
    """Cross-entropy ends in a sigmoid (quark above 0.5); squared error in a tanh (quark above 0)."""
    app = make()
    app.how.show()
    assert "Above 0.5 it says" in app.how.text.object and "simulated with the Pythia program" in app.how.text.object
    app.experiment.loss = "se"
    app.how.show()
    assert "between −1 and 1" in app.how.text.object and "Above 0 it says" in app.how.text.object
    app.how.set_language("de")
    assert "Über 0 sagt es" in app.how.text.object
    app.experiment.loss = "bce"
    app.how.show()
    assert "Über 0,5 sagt es" in app.how.text.object


def test_step_button_trains_one_frame_and_updates_every_view():
    app = make(dataset="circle", epochs_per_frame=5)
    image_before = app.boundary.image_source.data["image"][0].copy()
    app.controls.step.clicks += 1
    assert epoch_text(app) == "5"
    assert app.loss.source.data["epoch"][-1] == 5
    image = app.boundary.image_source.data["image"][0]
    assert image.dtype == np.uint8 and image.shape == (64, 64) and not np.array_equal(image, image_before)
    assert len(app.network.diagram.pictures.data["image"]) == 4 + 2 + 1
    assert re.fullmatch(r"[0-9.]+", app.readouts.current["train-loss"])
    assert app.readouts.source.data["epoch"] == ["5"]


def tick(app) -> None:
    """One periodic tick, at the earliest time the loop takes one (see ui/loop.py FAIR_SHARE)."""
    time.sleep(max(0.0, app.loop._next_frame_at - time.perf_counter()))
    app.loop.tick()


def test_only_a_session_whose_frames_are_slow_is_held_back_for_its_fair_share():
    app = make(dataset="circle")
    app.loop.running = True
    tick(app)
    assert app.loop._next_frame_at == 0.0  # an ordinary frame: the next may come at once
    app.loop._frame_cost = 1.0  # as if its frames took a second each (a huge upload)
    app.loop._busy.acquire()
    app.loop._draw(app.experiment.snapshot())  # the next frame lands
    assert app.loop._next_frame_at > time.perf_counter()
    app.loop.tick()
    assert app.experiment.epoch == 1  # held back
    app.loop._next_frame_at = 0.0
    app.loop.tick()
    assert app.experiment.epoch == 2


def test_play_pause_toggles_the_button_and_loop():
    app = make(dataset="circle")
    app.controls.play.clicks += 1
    assert app.loop.running and app.controls.play.label == "Pause"
    tick(app)
    tick(app)
    assert app.experiment.epoch == 2
    app.controls.play.clicks += 1
    assert not app.loop.running and app.controls.play.label == "Play"
    tick(app)
    assert app.experiment.epoch == 2  # paused: ticks do nothing


def test_overlapping_ticks_are_skipped():
    app = make(dataset="circle")
    app.loop.running = True
    app.loop._busy.acquire()
    tick(app)
    assert app.loop.skipped == 1 and app.experiment.epoch == 0
    app.loop._busy.release()


def test_a_step_clicked_while_a_frame_is_in_flight_is_served_when_it_lands():
    """Under --num-threads a click can arrive while another frame is being drawn: it used to be
    dropped silently (the Step did nothing)."""
    app = make(dataset="circle")
    app.loop._busy.acquire()  # a frame in flight
    app.loop.step_once()
    assert app.experiment.epoch == 0
    app.loop._draw(app.experiment.snapshot())  # that frame lands
    assert app.experiment.epoch == 1 and not app.loop._busy.locked()
    assert app.loop.frames == 2


def test_learning_rate_box_and_slider_change_the_experiment_mid_run():
    app = make(dataset="circle")
    app.loop.step_once()
    app.controls.lr_box.value = "0.3"
    assert app.experiment.learning_rate == 0.3 and app.experiment.epoch == 1
    assert app.controls.lr_slider.value == pytest.approx(np.log10(0.3), abs=0.01)
    with param.edit_constant(app.controls.lr_slider):
        app.controls.lr_slider.value_throttled = -2.0
    assert app.experiment.learning_rate == 0.01 and app.controls.lr_box.value == "0.01"
    app.controls.lr_box.value = "fast"
    assert "not a number" in app.notices.pane.object and app.experiment.learning_rate == 0.01
    assert app.controls.lr_box.value == "0.01"


def test_layer_and_neuron_buttons_reshape_the_diagram():
    app = make(dataset="circle")
    app.network.add_layer.clicks += 1
    assert app.experiment.hidden_layers == [4, 2, 2]
    plus = app.network.neuron_row.objects[0]
    plus.clicks += 1
    assert app.experiment.hidden_layers == [5, 2, 2]
    assert app.network.diagram.nodes.data["x"].__len__() == 5 + 2 + 2 + 1
    assert len(app.network.diagram.links.data["w"]) == 2 * 5 + 5 * 2 + 2 * 2 + 2
    assert "3</b> hidden layers" in app.network.summary.object


def test_tapping_a_link_shows_and_edits_its_weight():
    app = make(dataset="circle", hidden_layers=[3])
    d = app.network.diagram
    k = list(zip(d.links.data["layer"], d.links.data["i"], d.links.data["j"])).index((0, 1, 2))
    d.links.selected.indices = [k]
    w = app.experiment.trainer.layers()[0][0][1, 2]
    assert f"{w:.4g}" in app.network.info.object and app.network.value.visible
    app.network.value.value = "2.5"
    assert app.experiment.trainer.layers()[0][0][1, 2] == 2.5
    assert "2.5" in app.network.info.object
    assert d.links.data["w"][k] == pytest.approx(2.5)
    app.network.value.value = "oops"
    assert "must be a number" in app.notices.pane.object
    shown = app.network.info.object
    for _ in range(3):  # training frames leave the inspector alone (no page re-layout per frame)
        app.render(app.experiment.step(5))
    assert app.network.info.object == shown and app.experiment.trainer.layers()[0][0][1, 2] != 2.5


def test_tapping_a_neuron_offers_its_layer_activation():
    app = make(dataset="circle", hidden_layers=[3, 2])
    d = app.network.diagram
    d.nodes.selected.indices = [4]  # second neuron of layer 2
    assert "Neuron 2 of layer 2" in app.network.info.object and app.network.layer_act.visible
    app.network.layer_act.value = "relu"
    assert app.experiment.spec.activations == ("tanh", "relu")


def test_a_tapped_layer_takes_batch_norm_and_maxout_and_the_diagram_says_so():
    app = make(dataset="circle", hidden_layers=[3, 2])
    net, d = app.network, app.network.diagram
    d.nodes.selected.indices = [2]  # third neuron of layer 1
    assert net.layer_norm_row.visible and not net.layer_norm.value
    net.layer_norm.value = True
    assert app.experiment.batch_norm == [1, 0] and app.experiment.spec.batch_norm == (True, False)
    assert not app.controls.maxout_pieces_row.visible  # no maxout layer yet: the pieces do not matter
    d.nodes.selected.indices = [0]
    net.layer_act.value = "maxout"
    assert app.experiment.spec.pieces.tolist() == [2, 1, 1] and app.controls.maxout_pieces_row.visible
    with param.edit_constant(app.controls.maxout_pieces):
        app.controls.maxout_pieces.value_throttled = 3  # as a released slider sends it
    app.render(app.experiment.step(2))
    assert "Maxout ×3 · BN" in d.notes.data["text"] and "Tanh" in d.notes.data["text"]
    assert [W.shape for W, _ in app.experiment.step(0).weights] == [(2, 3), (3, 2), (2, 1)]  # one per link
    d.nodes.selected.indices = [0]
    assert "average of its 3 maxout pieces" in net.info.object and not net.value.visible
    with pytest.raises(ValueError, match="3 weights"):
        app.experiment.set_weight(0, 0, 0, 1.0)


def test_divergence_pauses_shows_the_message_and_recovers_in_one_click():
    app = make(dataset="reg_plane", hidden_layers=[8, 8], activation="relu", learning_rate=10.0, batch_size=1,
               epochs_per_frame=20)
    app.loop.running = True
    tick(app)
    assert not app.loop.running
    assert "Learning rate too high?" in app.notices.pane.object
    assert app.recover.visible
    app.recover.clicks += 1
    assert app.experiment.learning_rate == 1.0 and app.loop.running
    assert not app.recover.visible


def choose_file(app, name: str, data: bytes | None = None, size: int | None = None) -> None:
    """What the page's upload button sends when a visitor picks a file (too big: only its size)."""
    import base64

    file = {"name": name, "size": size or len(data)}
    if data is not None:
        file["data"] = base64.b64encode(data).decode()
    app.data_panel.upload.upload = file


def test_a_file_over_the_limit_is_named_with_its_size_and_nothing_changes():
    app = make(dataset="circle")
    data = app.experiment.data
    choose_file(app, "huge.csv", size=50_000_000)
    assert "huge.csv" in app.notices.text and "50.0 MB" in app.notices.text
    assert "limit is 5 MB" in app.notices.text and app.experiment.data is data


def test_values_too_large_to_learn_from_are_refused_at_upload():
    app = make(dataset="circle")
    choose_file(app, "big.csv", b"x1,x2,label\n1,2,0\n3,1e308,1\n5,6,0\n7,8,1\n")
    assert "1e308, too large" in app.notices.text and app.experiment.dataset == "circle"


def test_bad_csv_upload_shows_the_error_and_keeps_the_data():
    app = make(dataset="circle")
    data = app.experiment.data
    choose_file(app, "bad.csv", b"x1,x2,label\n1,2,0\n3,oops,1\n5,6,0\n7,8,1\n")
    assert "bad.csv" in app.notices.pane.object and "oops" in app.notices.pane.object
    assert app.experiment.data is data


def test_good_csv_upload_trains_on_it():
    app = make(dataset="circle")
    rows = "\n".join(f"{a:.3f},{b:.3f},{int(a > b)}" for a, b in np.random.default_rng(1).uniform(0, 5, (40, 2)))
    choose_file(app, "mine.csv", ("u,v,label\n" + rows).encode())
    assert app.experiment.data.provenance["name"] == "mine.csv"
    assert "Training on mine.csv" in app.notices.pane.object and app.notices.kind == "success"
    assert app.data_panel.dataset.options["uploaded: mine.csv"] == app.data_panel.dataset.value
    assert list(app.boundary.train_source.data["x"]) == list(app.experiment.data.x_train[:, 0])


def test_clicks_add_points_of_the_chosen_class_clear_and_remove():
    app = make(dataset="two_blobs", n_samples=50)
    n0 = app.experiment.data.n_train + app.experiment.data.n_test
    panel = app.data_panel
    panel.draw_mode.value = "+ blue"
    app.boundary._tapped(type("Tap", (), {"x": 5.5, "y": -5.5})())
    d = app.experiment.data
    assert d.n_train + d.n_test == n0 + 1
    xs = np.vstack([d.x_train, d.x_test])
    ys = np.concatenate([d.y_train, d.y_test])
    k = np.flatnonzero(np.all(np.isclose(xs, [5.5, -5.5]), axis=1))
    assert k.size == 1 and ys[k[0]] == 1
    panel.draw_mode.value = "Remove"
    panel.click(5.5, -5.4)
    d = app.experiment.data
    assert d.n_train + d.n_test == n0
    panel.clear.clicks += 1
    assert len(app.boundary.train_source.data["x"]) == 0
    panel.draw_mode.value = "+ orange"
    panel.click(1.0, 1.0)
    panel.draw_mode.value = "+ blue"
    panel.click(-1.0, 1.0)
    panel.click(-2.0, 1.0)
    d = app.experiment.data
    assert d.n_train + d.n_test == 3 and d.provenance["source"] == "drawn"


def test_clear_then_draw_gives_exactly_the_drawn_training_points_and_the_menu_says_so():
    """Clearing generated data means empty (the first click used to bring all 500 points back), drawn
    points are training points (half used to vanish into the unseen test set), and the Data menu
    names the drawing until a dataset is picked again."""
    app = make(dataset="xor")
    panel, exp = app.data_panel, app.experiment
    panel.clear.clicks += 1
    assert len(app.boundary.train_source.data["x"]) == 0 and panel.draw_mode.value == "+ orange"
    panel.click(1.0, 1.0)
    assert len(app.boundary.train_source.data["x"]) == 1 and exp.data.provenance["source"] == "toy"
    assert "two classes" in app.notices.text and app.notices.kind == "warning"
    panel.draw_mode.value = "+ blue"
    panel.click(-1.0, 1.0)
    panel.click(-2.0, 1.0)
    assert (exp.data.n_train, exp.data.n_test) == (3, 0) and app.notices.text == ""
    assert panel.dataset.value == "__custom__" and "your drawing" in panel.dataset.options
    assert app.readouts.current["test-loss"] == "–"
    panel.dataset.value = "xor"  # the dataset the drawing replaced, picked again
    assert exp.data.provenance["source"] == "toy" and exp.data.n_train + exp.data.n_test == exp.n_samples
    assert "your drawing" not in panel.dataset.options and panel.dataset.value == "xor"


def test_settings_from_a_url_are_restored_and_hostile_ones_reported():
    a = make(dataset="xor", hidden_layers=[5], learning_rate=0.1, seed=9)
    from urllib.parse import parse_qs

    q = {k: [v.encode() for v in vs] for k, vs in parse_qs(query_string(a.experiment)[1:]).items()}
    q["hidden_layers"] = [b"5"]
    q["evil"] = [b"<img src=x onerror=alert(1)>"]
    b = make(q)
    assert b.experiment.dataset == "xor" and b.experiment.hidden_layers == [5] and b.experiment.seed == 9
    assert b.controls.lr_box.value == "0.1"
    notice = b.notices.pane.object
    assert "unknown setting" in notice and "<img" not in notice  # shown, escaped


def test_widgets_follow_settings_the_experiment_adjusts_itself():
    app = make(dataset="circle", loss="se")
    assert app.data_panel.standardize.value is False and app.controls.loss.value == "se"
    app.data_panel.dataset.value = "quark_gluon"  # real data: standardised, loss back to automatic
    assert app.experiment.standardize is True and app.data_panel.standardize.value is True
    assert app.controls.loss.value == "auto"
    app.controls.activation.value = "relu"
    app.network.add_layer.clicks += 1
    assert app.experiment.activations == ["relu"] * 3


def test_switching_to_quark_gluon_shows_roc_auc_and_jets():
    app = make(dataset="circle")
    app.data_panel.dataset.value = "quark_gluon"
    app.loop.step_once()
    assert re.search(r"AUC <b>0\.\d+", app.classifier.text.object)
    assert "R50" in app.classifier.text.object and "best single cut" in app.classifier.text.object
    assert len(app.classifier.roc_source.data["sig"]) > 2
    assert app._jets is not None
    img = app._jets.sources["quark"].data["image"][0]
    assert img.shape == (33, 33) and img.max() > 0.01


def test_every_control_has_a_one_sentence_tooltip():
    app = make()
    missing = []

    def walk(obj, parent_row=None):
        if isinstance(obj, pn.widgets.Widget):
            if isinstance(obj, pn.widgets.TooltipIcon):
                return
            desc = getattr(obj, "description", None)
            icon = parent_row is not None and any(isinstance(o, pn.widgets.TooltipIcon) for o in parent_row)
            if not (desc or icon):
                missing.append(obj.label or type(obj).__name__)
        if hasattr(obj, "objects"):
            for child in obj.objects:
                walk(child, obj if isinstance(obj, pn.Row) else None)

    walk(app.layout)
    walk(app._jets.layout)
    assert not missing, missing


def test_quantized_images_and_layout_helpers():
    g = np.array([[-1.0, 0.0], [0.5, 2.0]], np.float32)
    assert quantize_grid(g, "binary").tolist() == [[0, 128], [191, 255]]
    assert quantize_grid(g, "binary", discretize=True).tolist() == [[0, 255], [255, 255]]
    cls = np.array([[0.0, 2.0]])
    q = quantize_grid(cls, "multiclass", confidence=np.array([[1.0, 1 / 3]]), n_classes=3)
    assert q.tolist() == [[84, 170]]
    assert to_thumbnail(np.array([-4.0, 0.0, 4.0])).tolist() == [0, 128, 255]
    lay = node_layout((2, 16, 1), 520, 400)
    assert lay.size <= 40 and min(lay.ys[1]) - lay.size / 2 >= 0 and max(lay.ys[1]) + lay.size / 2 <= 400


def test_input_labels_use_the_data_column_names():
    assert input_label("x1sq") == "x₁²" and input_label("sin_x2") == "sin x₂"
    assert input_label("x1sq", ("multiplicity", "ptd")) == "Multiplicity²"
    assert input_label("sin_x2", ("u", "v")) == "sin v"
    app = make(dataset="quark_gluon", jet_extra=["width"])  # three raw inputs: the menu's names
    assert list(app.network.diagram.labels.data["text"]) == ["Multiplicity", "pTD", "Width"]
    two = make(dataset="quark_gluon")  # two inputs: every feature toggle, named after the columns
    assert list(two.data_panel.features.options)[:3] == ["Multiplicity", "pTD", "Multiplicity²"]
    assert len(two.network.diagram.labels.data["text"]) == 9


def test_the_diagram_is_a_control_surface_hover_pin_and_switch_inputs():
    """What TF Playground does on its diagram: the neuron under the mouse fills the plane (others
    dimmed), a tapped one stays until tapped again, and a tap on an input's picture switches it."""
    from playground.ui.boundary import upscale
    from playground.ui.network_diagram import DIM, to_thumbnail

    app = make(dataset="circle", hidden_layers=[4, 2])
    d, plane = app.network.diagram, app.boundary
    app.render(app.experiment.snapshot())
    answer = plane.image_source.data["image"][0].copy()
    assert d.titles.data["text"] == ["Inputs", "Layer 1", "Layer 2", "Output"]
    assert ["4 neurons", "Tanh", "2 neurons", "Tanh"] == d.notes.data["text"][1:5]
    d.hover.data = {"k": [5]}  # what the browser writes when the mouse enters the sixth neuron (layer 2)
    frame = app.experiment.snapshot()
    app.render(frame)
    shown = plane.image_source.data["image"][0]
    assert np.array_equal(shown, to_thumbnail(upscale(frame.neurons[5], shown.shape[0])))
    assert "neuron 2 of layer 2" in plane.key.object
    veils = d.veils.data["alpha"][9:]  # after the nine input pictures
    assert veils[5] == 0 and all(a > 0.5 for k, a in enumerate(veils) if k != 5)
    d.hover.data = {"k": [-1]}  # the mouse left the neuron
    app.render(app.experiment.snapshot())
    assert np.array_equal(plane.image_source.data["image"][0], answer) and "shown-neuron" not in plane.key.object
    first = type("Tap", (), {"x": d.nodes.data["x"][0] + 1, "y": d.nodes.data["y"][0] - 1})()
    d._tapped(first)  # a tap pins a neuron ...
    d.nodes.selected.indices = [0]  # (the same tap selects it for the inspector)
    app.render(app.experiment.snapshot())
    assert "neuron 1 of layer 1" in plane.key.object and max(d.veils.data["alpha"][9:]) > 0.5
    d._tapped(first)  # ... until it is tapped again (the selection does not change: the same neuron)
    assert "shown-neuron" not in plane.key.object and max(d.veils.data["alpha"][9:]) == 0
    names = d.input_boxes.data["name"]
    assert list(names[:3]) == ["x1", "x2", "x1sq"] and d.veils.data["alpha"][2] == DIM  # x1² off: dimmed
    d.input_boxes.selected.indices = [2]  # a tap on the x1² picture
    assert app.experiment.features == ["x1", "x2", "x1sq"] and app.data_panel.features.value == ["x1", "x2", "x1sq"]
    app.render(app.experiment.snapshot())
    assert d.veils.data["alpha"][2] == 0 and len(d.links.data["w"]) == 3 * 4 + 4 * 2 + 2
    assert "x₁² switched on" in app.notices.text
    x, y = d.input_boxes.data["x"][3], d.input_boxes.data["y"][3]  # x₂², tapped again at once: a DoubleTap
    d._double_tapped(type("DoubleTap", (), {"x": x + 2, "y": y - 2})())
    assert app.experiment.features == ["x1", "x2", "x1sq", "x2sq"]


def test_booth_limits_narrow_the_controls_themselves():
    """Controls are made from the session's own parameters: on a booth page they cannot even show a
    value outside the booth's range, while another visitor's normal page keeps the full ranges."""
    import math

    booth = make({"mode": "booth"})
    c, d = booth.controls, booth.data_panel
    assert (c.lr_slider.start, c.lr_slider.end) == (-3.0, round(math.log10(3.0), 2))
    assert "between 0.001 and 3" in c.lr_box.description
    assert list(c.activation.options.values()) == ["tanh", "relu", "sigmoid"]
    assert list(d.dataset.options.values()) == ["quark_gluon", "circle", "xor", "two_blobs", "spiral"]
    assert (c.speed.start, c.speed.end, c.batch.start, c.batch.end, c.dropout.end) == (1, 10, 5, 50, 0.5)
    assert (d.samples.start, d.samples.end) == (100, 2000)
    assert list(booth.booth.activation.options.values()) == ["tanh", "relu", "sigmoid"]
    normal = make()
    assert (normal.controls.lr_slider.start, normal.controls.lr_slider.end) == (-5.0, 1.0)
    assert len(normal.data_panel.dataset.options) > 5 and normal.controls.speed.end == 100
    # a range narrowed later is followed too
    normal.experiment.param.learning_rate.bounds = (0.01, 1.0)
    assert (normal.controls.lr_slider.start, normal.controls.lr_slider.end) == (-2.0, 0.0)


def test_a_control_shows_only_while_it_has_an_effect():
    """No momentum slider beside plain SGD, no decay settings with a constant schedule."""
    app = make(dataset="circle")
    c, exp = app.controls, app.experiment
    momentum = next(row for row in app.left_tabs.select(pn.Row) if c.momentum in row.objects)
    assert not momentum.visible and not c.lr_decay.visible and not c.lr_step.visible and not c.patience.visible
    exp.optimizer = "nesterov"
    exp.schedule = "cosine"
    assert momentum.visible and c.lr_step.visible and not c.lr_decay.visible
    exp.early_stopping = True
    assert c.patience.visible
    hidden = make({"hide": ["momentum"], "optimizer": ["momentum"]})
    assert not any(row.visible for row in hidden.left_tabs.select(pn.Row) if hidden.controls.momentum in row.objects)


def test_step_through_shows_the_engines_numbers_stage_by_stage_and_takes_the_step():
    from playground.engine.backprop_steps import step_through

    app = make(dataset="logic_a_and_b_or_c", hidden_layers=[4], activations=["sigmoid"], loss="se",
               learning_rate=0.5)
    exp, panel = app.experiment, app.step_through
    panel.toggle.clicks += 1
    assert panel.active and not app.loop.running and "Point 1 of 8" in panel.table.object
    app._plane_tapped(0.97, 0.04)  # a tap on the plane picks the point drawn nearest: a=1, b=0 (c=0)
    assert "a = 1, b = 0, c = 0" in panel.table.object
    panel.choose(5)  # the row a=1, b=0, c=1
    ref = step_through(exp.spec, exp.trainer.params.copy(), exp._x_train[5], exp._y_train[5], 0.5)
    shown = {}
    for stage in ("forward", "error", "backward", "update"):
        panel.next_stage.clicks += 1
        shown[stage] = panel.table.object
        assert f"data-testid='step-{stage}-0'" in shown[stage]
    assert f"{ref.a[1][0]:.4g}" in shown["forward"] and f"{ref.loss:.4g}" in shown["error"]
    assert f"{ref.delta[0][2]:.4g}" in shown["backward"] and f"{ref.change_W[1][3, 0]:.4g}" in shown["update"]
    words = app.network.diagram.step_words.data["text"]
    assert words[0] == f"Δb {ref.change_b[0][0]:.3g}" and len(words) == 5
    app.network.diagram.links.selected.indices = [0]  # the inspector adds the link's gradient
    assert f"{ref.grad_W[0][0, 0]:.4g}" in app.network.info.object
    panel.next_stage.clicks += 1  # take the step: the engine's weights are the step-through's new ones
    np.testing.assert_array_equal(exp.trainer.params, ref.new_params())
    assert exp.hand_steps == 1 and "Point 7 of 8" in panel.table.object
    app.loop.running = True  # Play goes back to training
    assert not panel.active and app.network.diagram.step_words.data["text"] == []
