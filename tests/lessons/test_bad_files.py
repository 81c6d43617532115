"""A lesson file with a mistake is refused when loaded, with one line naming the file, the step and the
problem."""
import pytest

from playground.lessons import LessonError, load_lesson, load_lessons

GOOD_STEP = """
[[steps]]
text = "Do this. Then that."
start = { hidden_layers = [] }
goal = [ { measure = "test_accuracy", at_least = 0.9 } ]
answer = { hidden_layers = [3] }
"""
HEAD = 'id = "demo"\ntitle = "Demo"\nsetup = { dataset = "circle" }\n'


def write(tmp_path, text, name="01_demo.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    lesson = load_lesson(write(tmp_path, HEAD + GOOD_STEP))
    assert lesson.id == "demo" and lesson.steps[0].answer == {"hidden_layers": [3]}
    assert lesson.steps[0].hint is None and lesson.steps[0].success == "Well done!"


@pytest.mark.parametrize("text, message", [
    (HEAD + GOOD_STEP.replace("hidden_layers = [3]", "hiden_layers = [3]"),
     r"step 1: answer: unknown setting 'hiden_layers'"),
    (HEAD + GOOD_STEP.replace("start = { hidden_layers = [] }", "start = { learning_rate = 50 }"),
     r"step 1: start: learning_rate=.*must be between"),
    (HEAD.replace('"circle"', '"squares"') + GOOD_STEP, r"setup: dataset=.*not one of the choices"),
    (HEAD + GOOD_STEP.replace('"test_accuracy"', '"test_acuracy"'), r"step 1: goal 1: unknown measure 'test_acuracy'"),
    (HEAD + GOOD_STEP.replace("at_least = 0.9", "above = 0.9"), r"step 1: goal 1: unknown key 'above'"),
    (HEAD + GOOD_STEP.replace(", at_least = 0.9", ""), r"goal 1: the goal on test_accuracy needs at_least"),
    (HEAD + GOOD_STEP.replace("at_least = 0.9", 'at_least = "high"'), r"goal 1: 'at_least' must be a number"),
    (HEAD + GOOD_STEP.replace("at_least = 0.9", "at_least = 0.9, at_most = 0.5"), r"can never be met"),
    (HEAD + GOOD_STEP.replace("at_least = 0.9", "at_least = 0.9, equals = 1"), r"either equals or at_least"),
    (HEAD + GOOD_STEP.replace('goal = [ { measure = "test_accuracy", at_least = 0.9 } ]', 'goal = "win"'),
     r"step 1: 'goal' must be a list of conditions"),
    (HEAD + GOOD_STEP.replace('goal = [ { measure = "test_accuracy", at_least = 0.9 } ]', "goal = []"),
     r"step 1: 'goal' must be a list"),
    (HEAD + GOOD_STEP.replace('goal = [ { measure = "test_accuracy", at_least = 0.9 } ]',
                              'goal = [ { measure = "optimizer", at_least = 1 } ]'), r"optimizer is a choice"),
    (HEAD + GOOD_STEP.replace('answer = { hidden_layers = [3] }', ''), r"step 1: 'answer' is missing"),
    (HEAD + GOOD_STEP.replace('text = "Do this. Then that."', ''), r"step 1: 'text' is missing"),
    (HEAD + GOOD_STEP + "hints = 'typo'\n", r"step 1: unknown key 'hints'"),
    (HEAD + GOOD_STEP + "answer_epochs = 0\n", r"'answer_epochs' must be a whole number"),
    (HEAD + GOOD_STEP + "hint_after = -5\n", r"'hint_after' must be 0 or more"),
    (HEAD + GOOD_STEP.replace("start = { hidden_layers = [] }\n", ""), r"step 1: the first step needs a 'start'"),
    (HEAD + GOOD_STEP.replace("start = { hidden_layers = [] }", "start = 3"), r"step 1: start: must be a table"),
    (HEAD + GOOD_STEP + GOOD_STEP.replace("[3]", "[2, {a = 1}]"), r"step 2: answer: hidden_layers: a dict is not"),
    (HEAD, r"needs at least one \[\[steps\]\] table"),
    (HEAD.replace('id = "demo"', 'id = "Demo Lesson"') + GOOD_STEP, r"'id' must be a short name"),
    (HEAD.replace('title = "Demo"\n', "") + GOOD_STEP, r"'title' is missing"),
    ("colour = 'red'\n" + HEAD + GOOD_STEP, r"unknown key 'colour'"),
    (HEAD + GOOD_STEP + "[oops\n", r"not valid TOML"),
])
def test_mistakes_are_refused_naming_the_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(LessonError, match=message) as info:
        load_lesson(path)
    assert str(info.value).startswith(f"lesson file {path}")
    assert "\n" not in str(info.value)


def test_duplicate_ids_in_a_folder(tmp_path):
    write(tmp_path, HEAD + GOOD_STEP, "01_a.toml")
    second = write(tmp_path, HEAD + GOOD_STEP, "02_b.toml")
    with pytest.raises(LessonError, match=f"lesson file {second}: id 'demo' is already used"):
        load_lessons(tmp_path)


def test_unreadable_and_non_utf8_files(tmp_path):
    with pytest.raises(LessonError, match="cannot be read"):
        load_lesson(tmp_path / "missing.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(HEAD.encode() + "text = 'café'".encode("latin-1"))
    with pytest.raises(LessonError, match="not UTF-8"):
        load_lesson(path)
