"""Every step of every lesson: its documented answer reaches the goal, its starting point alone does not.

Both are played as a visitor would: open the step (after solving the earlier steps with their documented
answers, for a step that continues from them), train one epoch per frame and check the goal every frame,
for the step's ``answer_epochs``, on the real Experiment and engine.
"""
import pytest

from playground.lessons import builtin_lessons

from .play import outcome

STEPS = [pytest.param(lesson, i, id=f"{lesson.id}-{i + 1}") for lesson in builtin_lessons()
         for i in range(len(lesson.steps))]


@pytest.mark.parametrize("lesson, index", STEPS)
def test_starting_point_alone_does_not_meet_the_goal(lesson, index):
    assert outcome(lesson, index, answer=False) is None


@pytest.mark.parametrize("lesson, index", STEPS)
def test_documented_answer_meets_the_goal(lesson, index):
    epoch = outcome(lesson, index, answer=True)
    assert epoch is not None, f"not met within {lesson.steps[index].answer_epochs} epochs"
