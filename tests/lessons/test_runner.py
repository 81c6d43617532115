"""LessonRunner: opening steps, live goal checks, hints, success and moving on (no UI)."""
import pytest

from playground.experiment import Experiment
from playground.lessons import LessonRunner, builtin_lessons, parse_lesson

DEMO = """
id = "demo"
title = "Demo"
setup = { dataset = "two_blobs", noise = 0.1 }

[[steps]]
text = "Train. Then remove the hidden layers."
start = { hidden_layers = [4] }
goal = [ { measure = "test_accuracy", at_least = 0.9 }, { measure = "hidden_neurons", at_most = 0 } ]
hint = "Press − layer."
hint_after = 30
success = "Yes!"
answer = { hidden_layers = [] }
answer_epochs = 50

[[steps]]
text = "Keep going. Now raise the learning rate."
goal = [ { measure = "learning_rate", at_least = 0.1 } ]
answer = { learning_rate = 0.3 }
"""


@pytest.fixture
def demo():
    return parse_lesson(DEMO, "demo")


@pytest.fixture
def runner(demo):
    return LessonRunner(Experiment(), [demo])


def test_outside_lessons_nothing_is_checked(runner):
    assert not runner.active and runner.current is None and runner.step is None
    assert runner.check(now=0) is None
    assert runner.next() is False and runner.show_answer() == [] and runner.restart() == []
    assert (runner.step_number, runner.step_count) == (0, 0)


def test_start_applies_defaults_setup_and_start_and_a_fresh_run(runner):
    exp = runner.experiment
    exp.param.update(dataset="circle", dropout=0.4, learning_rate=0.5, colorblind=True, epochs_per_frame=5)
    exp.step(7)
    assert runner.start("demo", now=0) == []
    assert exp.dataset == "two_blobs" and exp.noise == 0.1 and exp.hidden_layers == [4]
    assert exp.dropout == 0.0 and exp.learning_rate == 0.03  # back to the defaults
    assert exp.colorblind is True and exp.epochs_per_frame == 5  # the visitor's own display choices stay
    assert exp.epoch == 0
    assert (runner.step_number, runner.step_count) == (1, 2)


def test_a_step_with_only_training_settings_still_starts_afresh(demo):
    exp = Experiment(dataset="two_blobs", noise=0.1, hidden_layers=[4])
    exp.step(12)
    lesson = parse_lesson(DEMO.replace('start = { hidden_layers = [4] }', 'start = { hidden_layers = [4], '
                                       'learning_rate = 0.03 }'), "demo")
    runner = LessonRunner(exp, [lesson])
    runner.start("demo", now=0)
    assert exp.epoch == 0 and exp.snapshot().status == "ok"


def test_goal_feedback_hint_and_success(runner):
    runner.start("demo", now=100.0)
    exp = runner.experiment
    p = runner.check(exp.step(20), now=110.0)
    assert not p.met and not p.newly_met and p.hint is None and p.success is None
    assert p.lines[1] == "✗ Hidden neurons 4 (goal ≤ 0)"
    assert p.lines[0].startswith("✓ Test accuracy ") and p.lines[0].endswith(" % (goal ≥ 90 %)")
    assert runner.check(now=129.9).hint is None
    assert runner.check(now=130.0).hint == "Press − layer."
    runner.show_answer()
    p = runner.check(exp.step(20), now=131.0)
    assert p.met and p.newly_met and p.success == "Yes!" and p.hint is None
    assert all(line.startswith("✓") for line in p.lines)
    again = runner.check(exp.step(1), now=132.0)
    assert again.met and not again.newly_met


def test_a_met_goal_stays_met_until_the_step_changes(runner):
    runner.start("demo", now=0)
    runner.show_answer()
    exp = runner.experiment
    assert runner.check(exp.step(30), now=1).met
    exp.hidden_layers = [8]  # no longer meets the goal, but the visitor already did
    p = runner.check(exp.step(1), now=2)
    assert p.met and not p.newly_met and p.lines[1].startswith("✓ Hidden neurons 0")


def test_a_met_goal_keeps_showing_live_values(runner):
    """A goal line must not freeze at the value it was met with ("90 %" beside a live 97.6 %); a
    condition that has lapsed since shows the value it was met with."""
    lesson = parse_lesson(DEMO.replace('{ measure = "test_accuracy", at_least = 0.9 }',
                                       '{ measure = "epoch", at_least = 10 }'), "demo")
    runner = LessonRunner(runner.experiment, [lesson])
    runner.start("demo", now=0)
    exp = runner.experiment
    exp.hidden_layers = []
    assert runner.check(exp.step(12), now=1).met
    later = runner.check(exp.step(40), now=2)
    assert later.met and later.lines[0].startswith("✓ Epoch 52 ")  # live, not the 12 it was met at
    exp.hidden_layers = [8]  # lapsed: the line keeps the value it was met with
    assert runner.check(exp.step(1), now=3).lines[1].startswith("✓ Hidden neurons 0")


def test_restart_unmeets_the_goal(runner):
    runner.start("demo", now=0)
    runner.show_answer()
    exp = runner.experiment
    assert runner.check(exp.step(30), now=1).met
    runner.restart(now=3)
    assert exp.hidden_layers == [4] and exp.epoch == 0
    assert not runner.check(now=4).met


def test_next_walks_every_step_and_continuing_steps_keep_the_network(runner):
    runner.start("demo", now=0)
    runner.show_answer()
    runner.experiment.step(3)
    assert runner.next(now=5)
    assert runner.step_number == 2 and runner.step.continues
    assert runner.experiment.hidden_layers == [] and runner.experiment.epoch == 3
    assert runner.is_last and runner.check(now=5).last
    assert runner.next() is False and runner.step_number == 2
    runner.show_answer()
    assert runner.check(now=6).met
    runner.stop()
    assert not runner.active


def test_next_walks_through_all_built_in_lessons():
    runner = LessonRunner(Experiment())
    runner.start(runner.lessons[0].id, now=0)
    seen = [(runner.current.id, runner.step_number)]
    while runner.next(now=0):
        seen.append((runner.current.id, runner.step_number))
    expected = [(lesson.id, n + 1) for lesson in builtin_lessons() for n in range(len(lesson.steps))]
    assert seen == expected


def test_start_at_a_later_step_and_bad_positions(runner):
    runner.start("demo", 1, now=0)
    assert runner.step_number == 2
    with pytest.raises(IndexError):
        runner.start("demo", 2)
    with pytest.raises(KeyError, match="unknown lesson 'nope'"):
        runner.start("nope")


def test_settings_this_screen_does_not_allow_are_skipped_with_a_notice(demo):
    exp = Experiment()
    exp.param.hidden_layers.bounds = (0, 2)
    exp.param.noise.bounds = (0.0, 0.05)
    notices = LessonRunner(exp, [demo]).start("demo", now=0)
    assert any("noise" in n for n in notices)
    assert exp.dataset == "two_blobs" and exp.hidden_layers == [4]


def test_restarting_a_continuing_step_keeps_the_settings_and_restarts_training(runner):
    runner.start("demo", now=0)
    runner.show_answer()
    runner.next(now=1)
    exp = runner.experiment
    exp.learning_rate = 0.2
    exp.step(9)
    runner.restart(now=2)
    assert exp.learning_rate == 0.2 and exp.hidden_layers == [] and exp.epoch == 0


def test_every_start_is_the_same_whatever_came_before(demo):
    """Uploaded data, a changed standardisation or another dataset do not leak into a step's start."""
    from playground.data.registry import make_dataset

    reference = Experiment()
    LessonRunner(reference, [demo]).start("demo", now=0)
    exp = Experiment(dataset="two_blobs", noise=0.1, standardize=True)
    exp.use_data(make_dataset("moons", n_samples=80, seed=4))
    LessonRunner(exp, [demo]).start("demo", now=0)
    assert exp.standardize is reference.standardize is False
    assert exp.data.n_train == reference.data.n_train
    assert (exp.data.x_train == reference.data.x_train).all()
    assert (exp.trainer.params == reference.trainer.params).all()


def test_refused_settings_lists_what_a_narrowed_screen_cannot_do(demo):
    from playground.lessons import refused_settings

    exp = Experiment()
    assert refused_settings(demo, exp) == []
    exp.param.dataset.objects = ["circle", "spiral"]
    exp.param.learning_rate.bounds = (0.001, 0.2)
    assert refused_settings(demo, exp) == ["dataset = two_blobs", "learning_rate = 0.3"]
    notices = LessonRunner(exp, [demo]).start("demo", now=0)
    assert notices == ["This lesson needs dataset = two_blobs, which this screen does not allow; the step may "
                       "not work as described."]
