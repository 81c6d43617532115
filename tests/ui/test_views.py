"""Views fed with real Experiment snapshots: what each sends per frame, and its text."""
import re
from dataclasses import replace

import numpy as np
import panel as pn
import pytest

from playground.experiment import Experiment
from playground.ui.binding import link
from playground.ui.classifier_views import ClassifierViews, metrics_text, thin_curve
from playground.ui.loss_curve import LossCurve
from playground.ui.notices import Notices, notice_html
from playground.ui.readouts import Readouts, fmt_loss, loss_html, values


def test_loss_curve_streams_new_points_and_restarts_on_reset():
    exp = Experiment(dataset="circle")
    view = LossCurve()
    view.update(exp.snapshot())
    assert list(view.source.data["epoch"]) == [0]
    for _ in range(3):
        view.update(exp.step(2))
    assert list(view.source.data["epoch"]) == [0, 2, 4, 6]
    view.update(exp.snapshot())  # no new epoch: nothing added
    assert len(view.source.data["epoch"]) == 4
    exp.reset()
    view.update(exp.snapshot())
    assert list(view.source.data["epoch"]) == [0]
    exp.log_y = True  # a display setting: the next frame carries it
    view.update(exp.snapshot())
    assert view.log.visible and not view.linear.visible


def test_loss_curve_never_gets_nan_or_zero_for_the_log_axis():
    exp = Experiment(dataset="reg_plane", hidden_layers=[8, 8], learning_rate=10.0, epochs_per_frame=20)
    view = LossCurve()
    view.update(exp.step())
    for col in ("train", "test"):
        assert np.all(np.isfinite(view.source.data[col])) and np.all(np.asarray(view.source.data[col]) > 0)


def test_classifier_view_shows_roc_histograms_and_escapes_names():
    exp = Experiment(dataset="circle")
    exp.step(20)
    m = exp.classifier_metrics()
    view = ClassifierViews()
    view.update(m)
    assert len(view.roc_source.data["sig"]) >= 2 and view.roc_source.data["sig"][-1] == 1.0
    assert len(view.hist_source.data["c0"]) == 20
    assert "AUC <b>" in view.text.object
    evil = replace(m, class_names=("<b>x</b>", "y"), cut=replace(m.cut, name="<script>"))
    text = metrics_text(evil)
    assert "<script>" not in text and "&lt;script&gt;" in text
    view.update(None)
    assert len(view.roc_source.data["sig"]) == 0 and "binary data" in view.text.object


def test_thin_curve_keeps_ends_and_bounds_size():
    x = np.linspace(0, 1, 5000)
    tx, ty = thin_curve(x, x ** 2, 200)
    assert tx.size <= 201 and tx[0] == 0 and tx[-1] == 1 and ty[-1] == 1


def test_readouts_values_and_html():
    exp = Experiment(dataset="reg_plane")
    v = values(exp.snapshot())
    assert v["epoch"] == "0" and v["train-accuracy"] == "" and float(v["train-loss"]) > 0
    assert "display:none" in loss_html(v)  # no accuracy for regression
    assert fmt_loss(float("nan")) == "nan" and fmt_loss(1e-5) == "1.000e-05"
    r = Readouts()
    r.update(exp.step(3), live=True)
    assert r.source.data["epoch"] == ["3"]
    assert "data-testid='epoch'" in r._epoch_div.text and ">0<" in r._epoch_div.text  # live: Div untouched
    r.sync_panes()
    assert ">3<" in r._epoch_div.text


def test_link_refuses_bad_values_in_the_controls_words_and_snaps_back():
    exp = Experiment(dataset="circle")
    notices = Notices()
    box = link(pn.widgets.IntInput(value=10), exp, "batch_size", on_error=notices.say)
    box.value = 500  # beyond the Experiment's bound
    assert exp.batch_size == 10 and box.value == 10
    assert notices.text == "Batch size: must be between 1 and 100." and notices.kind == "error"
    assert "Experiment" not in notices.text and "parameter" not in notices.text
    exp.batch_size = 20
    assert box.value == 20
    box.value = 30  # a value the setting takes: the refusal is taken back
    assert exp.batch_size == 30 and notices.text == ""


def test_notices_have_kinds_and_go_when_their_cause_goes():
    notices = Notices()
    notices.say("Learning rate: must be between 0.00001 and 10.", "error", "learning_rate")
    assert "role='alert'" in notices.pane.object and "data-kind='error'" in notices.pane.object
    notices.say("", cause="noise")  # another control's fix does not clear it
    assert notices.kind == "error" and notices.text
    notices.clear({"learning_rate"})
    assert notices.text == "" and "data-kind" not in notices.pane.object
    notices.say("Well done!", "success", "lesson")
    assert "role='status'" in notices.pane.object and "pg-notice-success" in notices.pane.object
    notices.say("Training blew up.", "error", "training")
    notices.say("", cause="lesson")  # a stale cause cannot wipe the newer notice
    assert notices.text == "Training blew up."
    with pytest.raises(ValueError):
        notices.say("x", "shout")
    assert "&lt;b&gt;" in notice_html("<b>", "info")


def test_views_draw_the_frame_they_are_given_not_the_live_experiment():
    """Training runs on worker threads: a view draws the frame taken under the lock, even when the
    experiment has moved on since (new data, a new network, another palette)."""
    from playground.ui.boundary import BoundaryView
    from playground.ui.network_diagram import NetworkDiagram
    from playground.ui.theme import diverging

    exp = Experiment(dataset="circle", n_samples=200, hidden_layers=[4, 2])
    snap = exp.step(1)
    exp.param.update(dataset="xor", hidden_layers=[5], colorblind=True)
    plane, diagram = BoundaryView(), NetworkDiagram()
    plane.update(snap)
    diagram.update(snap)
    assert snap.data is not exp.data
    assert list(plane.train_source.data["x"]) == list(snap.data.x_train[:, 0])
    assert len(diagram.nodes.data["x"]) == 4 + 2 + 1 and list(plane.mapper.palette) == diverging(False)
    newer = exp.snapshot()
    plane.update(newer)
    diagram.update(newer)
    assert list(plane.train_source.data["x"]) == list(exp.data.x_train[:, 0])
    assert len(diagram.nodes.data["x"]) == 5 + 1 and list(plane.mapper.palette) == diverging(True)


def test_a_three_input_truth_table_shows_all_eight_rows_on_the_plane():
    from playground.ui.boundary import BoundaryView

    exp = Experiment(dataset="logic_a_and_b_or_c")
    plane = BoundaryView()
    plane.update(exp.snapshot())
    dots = set(zip(np.round(plane.train_source.data["x"], 3), np.round(plane.train_source.data["y"], 3)))
    assert len(dots) == 8 and "c = 0: left dot" in plane.key.object
    two, plane = Experiment(dataset="xor", n_samples=50), BoundaryView()
    plane.update(two.snapshot())
    assert np.array_equal(plane.train_source.data["x"], two.data.x_train[:, 0]) and "left dot" not in plane.key.object


def test_an_untrained_network_that_already_sorts_the_classes_says_why():
    from playground.ui.classifier_views import metrics_text

    exp = Experiment()  # quark/gluon jets: a random network already scores an AUC far from 0.5
    m = exp.snapshot(metrics=True).metrics
    assert abs(m.auc - 0.5) > 0.1
    assert "untrained: random weights already sort" in metrics_text(m, untrained=True)
    assert "untrained" not in metrics_text(m, untrained=False) and "best single cut" in metrics_text(m, True)


def test_the_hidden_space_tab_asks_for_its_points_and_draws_each_kind_of_layer():
    from tests.ui.test_app import make

    app = make(dataset="circle", features=["x1", "x2"], hidden_layers=[5, 2], epochs_per_frame=5)
    assert not app.experiment.hidden_points
    app.plane_tabs.active = 1
    assert app.experiment.hidden_points  # frames carry the points only while the tab is open
    app.render(app.experiment.step(20))
    view = app.hidden
    mode = lambda: re.search(r"data-mode='(\w+)'", view.note.object).group(1)  # noqa: E731
    assert mode() == "projection" and len(view.points.data["x"]) == len(app.experiment._x_train)
    assert np.isnan(view.grid_source.data["x"]).sum() == 18  # 18 grid lines, one gap after each
    view.layer.value = 1  # the last hidden layer: two neurons, and the output's boundary between the classes
    assert mode() == "direct" and len(view.boundary.data["x"]) == 2
    W, b = app.experiment.trainer.layers()[-1]
    (x0, x1), (y0, y1) = view.boundary.data["x"], view.boundary.data["y"]
    assert abs(W[0, 0] * x0 + W[1, 0] * y0 + b[0]) < 1e-4  # on the line where the output's input is 0
    app.plane_tabs.active = 0
    assert not app.experiment.hidden_points
