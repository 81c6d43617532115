"""The teacher's Share dialog and the data a link carries: the link it makes opens what it says."""
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from playground.ui.app import PlaygroundApp
from playground.ui.drawn_link import MAX_LINK_POINTS, points_text, read_points


def opened(query: str) -> PlaygroundApp:
    """The page a student gets from a link's query."""
    return PlaygroundApp({k: v for k, v in parse_qs(urlsplit(query).query, keep_blank_values=True).items()},
                         served=True)


def test_the_share_dialog_makes_a_lesson_link_with_locks_and_only():
    teacher = PlaygroundApp(served=True)
    share = teacher.share
    share.show()
    assert share.lesson.value == "" and share.step.disabled and "dataset=" in share.link.share
    share.lesson.value = "circle"
    share.step.value = 2
    share.lock.value = ["dataset", "hidden_layers"]
    share.hide.value = ["upload"]
    share.only.value = True
    q = dict(parse_qs(share.link.share[1:]))
    assert q == {"lesson": ["circle"], "step": ["2"], "only": ["1"], "lock": ["dataset,hidden_layers"],
                 "hide": ["upload"]}
    student = opened(share.link.share)
    assert student.lesson_panel.position() == ("circle", 2) and not student.lesson_panel.leave.visible
    assert student.network.add_layer.disabled and student.data_panel.dataset.disabled
    assert not student.data_panel.upload.visible
    share.step.value = 9  # past the lesson's end: held at its last step
    assert share.step.value <= 2


def test_a_small_drawing_travels_in_the_link_and_an_upload_says_it_cannot():
    teacher = PlaygroundApp({"dataset": ["xor"]}, served=True)
    panel = teacher.data_panel
    panel.clear.clicks += 1
    for x, y, cls in ((1.0, 1.0, "+ orange"), (-1.0, 1.0, "+ blue"), (-2.0, -3.0, "+ blue")):
        panel.draw_mode.value = cls
        panel.click(x, y)
    assert "points=" in teacher.page_query()  # the address bar's link too
    teacher.share.show()
    assert "travel in the link" in teacher.share.note.object
    student = opened(teacher.share.link.share)
    d = student.experiment.data
    assert d.provenance["source"] == "drawn" and (d.n_train, d.n_test) == (3, 0)
    assert np.allclose(sorted(d.x_train.tolist()), sorted([[1, 1], [-1, 1], [-2, -3]]))
    assert student.data_panel.dataset.value == "__custom__"
    import base64

    from playground.data.upload import read_upload

    rows = "u,v,label\n" + "\n".join(f"{a},{a * 2},{a % 2}" for a in range(20))
    teacher.experiment.use_data(read_upload(base64.b64encode(rows.encode()).decode(), name="marks.csv"))
    teacher.share.show()
    assert "cannot carry marks.csv" in teacher.share.note.object and "points=" not in teacher.share.link.share


def test_drawn_points_in_a_link_are_checked_like_clicks():
    from playground.data import make_dataset

    base = make_dataset("xor", n_samples=50, seed=1)
    assert read_points("1_1_0~-1_1_1~2.5_-3_1_t", base).n_test == 1
    for bad, why in (("1_1_0~99_1_1", "outside the plane"), ("1_1_0~x_1_1", "not written as x_y_class"),
                     ("1_1_0~1_1_7", "class label"), ("~".join(["1_1_0"] * (MAX_LINK_POINTS + 1)), "may carry")):
        with pytest.raises(ValueError, match=why):
            read_points(bad, base)
    student = opened("?dataset=xor&points=1_1_0~99_1_1")
    assert student.experiment.data.provenance["source"] == "toy"
    assert "Ignored the drawn points in the link" in student.notices.text and "outside" in student.notices.text
    assert points_text(base) == ""


def test_an_uploaded_file_travels_by_its_hash_and_a_missing_one_is_reported(upload_store):
    from tests.ui.test_app import choose_file

    teacher = PlaygroundApp({"dataset": ["circle"], "train_fraction": ["0.6"]}, served=True)
    rows = "u,v,label\n" + "\n".join(f"{a},{(a * 7) % 5},{a % 2}" for a in range(40))
    choose_file(teacher, "marks.csv", rows.encode())
    key = parse_qs(teacher.page_query()[1:])["upload"][0]
    teacher.share.show()
    assert f"upload={key}" in teacher.share.link.share and "same rows" in teacher.share.note.object
    student = opened(teacher.page_query())
    a, b = teacher.experiment.data, student.experiment.data
    assert b.provenance["name"] == "marks.csv" and np.array_equal(a.x_test, b.x_test)
    assert student.data_panel.dataset.options["uploaded: marks.csv"] == student.data_panel.dataset.value
    gone = opened(f"?dataset=circle&upload={'0' * 64}")
    assert gone.experiment.data.provenance["source"] == "toy" and "no longer kept" in gone.notices.text
