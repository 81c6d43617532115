"""The built-in lessons: every file loads, in order, with unique ids and visitor-sized texts."""
import re
from pathlib import Path

import pytest

from playground.lessons import builtin_lessons, get_lesson, lesson_ids, load_lessons
from playground.settings_file import check_settings, text_settings

FOLDER = Path(__file__).parents[2] / "playground" / "lessons"
EXPECTED = ["two-blobs", "circle", "learning-rate", "overfitting", "quark-gluon", "logic", "dropout-predicting",
            "activations", "backprop"]


def test_nine_lessons_in_file_order():
    files = sorted(p.name for p in FOLDER.glob("*.toml"))
    assert [f[:2] for f in files] == [f"{i:02d}" for i in range(1, 10)]
    assert lesson_ids() == EXPECTED
    assert [lesson.id for lesson in load_lessons(FOLDER)] == EXPECTED
    assert len(set(lesson_ids())) == len(lesson_ids())


@pytest.mark.parametrize("lesson", builtin_lessons(), ids=lambda l: l.id)
def test_lesson_is_complete(lesson):
    assert lesson.title and lesson.summary
    assert lesson.steps[0].start is not None
    for step in lesson.steps:
        sentences = len(re.findall(r"[.?!](\s|$)", step.text))
        assert 2 <= sentences <= 4, (step.number, step.text)
        assert len(step.text) <= 400, (step.number, len(step.text))
        assert step.hint and step.success and step.goal and (step.answer or step.answer_hand_steps)
        assert 1 <= step.answer_epochs <= 600


def test_settings_are_checked_like_a_link():
    lesson = get_lesson("overfitting")
    assert lesson.setup["dataset"] == "circle" and lesson.setup["show_test_data"] is True
    assert lesson.setup == check_settings(text_settings(lesson.setup))
    assert lesson.steps[1].answer == {"regularization": "l2", "reg_rate": 0.03}


def test_unknown_lesson():
    with pytest.raises(KeyError, match="nope"):
        get_lesson("nope")


def test_the_quark_gluon_lessons_cut_is_the_best_cut_of_its_own_jets():
    """Lesson 05 quotes the best single cut in particles; it must be the cut its own sample gives."""
    import math

    from playground.experiment import Experiment
    from playground.lessons.runner import LessonRunner

    lesson = get_lesson("quark-gluon")
    step = lesson.steps[1]
    quoted = int(re.search(r"(\d+) particles or fewer", step.text).group(1))
    exp = Experiment()
    LessonRunner(exp, [lesson]).start("quark-gluon", step=1, now=0)
    cut = exp.classifier_metrics().cut
    assert cut.name == "multiplicity" and cut.direction == "<"
    assert quoted == math.ceil(cut.threshold) - 1, cut.threshold  # "< 40.5" is "40 or fewer"
