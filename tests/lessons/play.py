"""Playing a lesson step the way a visitor would, for the tests: open it, optionally apply the
documented answer, then train one epoch per frame and check the goal after every frame."""
from __future__ import annotations

from playground.experiment import Experiment
from playground.lessons import LessonRunner


def prepare(lesson, index: int, overrides: dict | None = None):
    """(experiment, runner) at step ``index`` of ``lesson``. A step that continues from the one before
    starts where a visitor would be who solved the earlier steps with their documented answers.
    ``overrides`` (e.g. other seeds) apply right after the last step with a start has opened."""
    experiment = Experiment()
    runner = LessonRunner(experiment, [lesson])
    first = index
    while lesson.steps[first].start is None:
        first -= 1
    runner.start(lesson.id, first, now=0.0)
    if overrides:
        experiment.param.update(**overrides)
    for k in range(first, index):
        runner.show_answer()
        play(experiment, runner, lesson.steps[k].answer_epochs)
        assert runner.next(now=0.0)
    return experiment, runner


def play(experiment, runner, epochs: int) -> int | None:
    """Train up to ``epochs`` epochs, one per frame; the epoch at which the goal was first met (None:
    never). Stops early once met, as a visitor would move on."""
    if runner.check(experiment.snapshot(), now=0.0).met:
        return experiment.epoch
    for _ in range(epochs):
        snap = experiment.step(1)
        if runner.check(snap, now=0.0).met:
            return snap.epoch
        if snap.status != "ok":  # diverged or stopped: nothing more will happen without the visitor
            return None
    return None


def outcome(lesson, index: int, *, answer: bool, overrides: dict | None = None) -> int | None:
    """Epoch at which step ``index``'s goal is met with (``answer=True``) or without its documented
    answer, trained for the step's ``answer_epochs``; None if never."""
    experiment, runner = prepare(lesson, index, overrides)
    if answer:
        runner.show_answer()
    return play(experiment, runner, lesson.steps[index].answer_epochs)
