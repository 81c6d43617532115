"""Walking a visitor through lessons on one Experiment, without any UI (a Panel view wraps it).

Each frame the page calls :meth:`LessonRunner.check` with the latest snapshot and shows the
:class:`Progress`: the goal's feedback lines, a hint once the visitor has tried for a while, and the
success text once the goal is met. A met step stays met until the visitor moves on or restarts it;
its lines keep showing live values.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from ..data.features import standardize_by_default
from ..settings import allowed, apply_settings, defaults, label, shown
from .lesson import Lesson, Step, builtin_lessons
from .measures import measures


@dataclass(frozen=True)
class Feedback:
    """One line about one goal condition."""

    measure: str
    value: float | str
    met: bool
    text: str  # e.g. "✓ Test accuracy 96 % (goal ≥ 95 %)"


@dataclass(frozen=True)
class Progress:
    """Where the visitor stands in the current step."""

    lesson_id: str
    lesson_title: str
    step_number: int  # 1-based
    step_count: int
    text: str
    met: bool
    newly_met: bool  # true in the one check that first found the goal met
    feedback: tuple[Feedback, ...]
    hint: str | None  # shown once the step has been open hint_after seconds without success
    success: str | None  # the step's success text, once met
    last: bool  # the very last step of the last lesson

    @property
    def lines(self) -> list[str]:
        return [f.text for f in self.feedback]


class LessonRunner:
    """Lessons on one experiment: open a step, check its goal each frame, move on.

    ``clock`` (seconds, default ``time.monotonic``) times the hints; every method taking ``now``
    uses it instead when given (for tests).
    """

    def __init__(self, experiment, lessons=None, clock=time.monotonic):
        self.experiment = experiment
        self.lessons: list[Lesson] = list(builtin_lessons() if lessons is None else lessons)
        self.clock = clock
        self.lesson_index: int | None = None
        self.step_index = 0
        self.notices: list[str] = []
        self._opened = 0.0
        self._met: tuple[Feedback, ...] | None = None
        self._announced = False
        #: Settings a teacher's link locks: no lesson changes them (a student who picks another
        #: lesson must not undo the teacher's choice).
        self.keep: frozenset[str] = frozenset()
        #: Only the open lesson: ``next`` stops at its last step instead of opening the next lesson.
        self.only = False

    # --- where we are ----------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.lesson_index is not None

    @property
    def current(self) -> Lesson | None:
        """The open lesson (None outside lessons)."""
        return None if self.lesson_index is None else self.lessons[self.lesson_index]

    @property
    def step(self) -> Step | None:
        """The open step."""
        return None if self.lesson_index is None else self.current.steps[self.step_index]

    @property
    def step_number(self) -> int:
        return self.step_index + 1 if self.active else 0

    @property
    def step_count(self) -> int:
        return len(self.current.steps) if self.active else 0

    @property
    def is_last(self) -> bool:
        return (self.active and self.lesson_index == len(self.lessons) - 1
                and self.step_index == len(self.current.steps) - 1)

    def index_of(self, lesson_id: str) -> int:
        for i, lesson in enumerate(self.lessons):
            if lesson.id == lesson_id:
                return i
        raise KeyError(f"unknown lesson {lesson_id!r}; choose one of {', '.join(l.id for l in self.lessons)}")

    # --- moving ----------------------------------------------------------------------------------
    def start(self, lesson_id: str, step: int = 0, now: float | None = None) -> list[str]:
        """Open step ``step`` (0-based) of a lesson and apply its starting settings; returns notices
        (settings this screen does not allow, adjustments the experiment made)."""
        index = self.index_of(lesson_id)
        if not 0 <= step < len(self.lessons[index].steps):
            raise IndexError(f"lesson {lesson_id!r} has steps 1 to {len(self.lessons[index].steps)}")
        self.lesson_index, self.step_index = index, int(step)
        return self._open(now)

    def restart(self, now: float | None = None) -> list[str]:
        """Open the current step again: its start settings (if it has some) and a fresh run."""
        if not self.active:
            return []
        return self._open(now, fresh=True)

    def next(self, now: float | None = None) -> bool:
        """Move to the next step, or the next lesson's first step; False (staying put) at the very end.
        Notices from opening the step are left in :attr:`notices`."""
        if not self.active or self.is_last or (self.only and self.step_index + 1 >= len(self.current.steps)):
            return False
        if self.step_index + 1 < len(self.current.steps):
            self.step_index += 1
        else:
            self.lesson_index += 1
            self.step_index = 0
        self._open(now)
        return True

    def stop(self) -> None:
        """Leave lesson mode (the experiment keeps its settings)."""
        self.lesson_index = None
        self.step_index = 0
        self._met = None

    def show_answer(self) -> list[str]:
        """Apply the documented answer of the current step (a "show me" button); returns notices."""
        if not self.active:
            return []
        notices = self._apply(dict(self.step.answer))
        exp = self.experiment
        for _ in range(self.step.answer_hand_steps):  # as Step through takes them, point after point
            exp.apply_point_steps(exp.point_steps(exp.hand_steps % len(exp._x_train)))
        return notices

    def _open(self, now, fresh: bool = False) -> list[str]:
        self._opened = self.clock() if now is None else float(now)
        self._met = None
        self._announced = False
        settings = self.current.start_settings(self.step_index)
        notices = []
        if settings is not None:
            notices = self._begin(settings)
        elif fresh:
            self.experiment.restart_run()  # same settings, new run from the same start weights
        self.notices = notices
        return notices

    def _begin(self, settings: dict) -> list[str]:
        """Defaults, then ``settings``, then fresh data and a fresh run: the same start whatever came before."""
        exp = self.experiment
        # Every setting a lesson resets (not the visitor's display and speed choices) back to its
        # default, where this screen's ranges allow it; standardisation follows the dataset below.
        base = {k: v for k, v in defaults(exp, lesson_keeps=False, dataset=settings.get("dataset")).items()
                if k != "standardize"}
        notices = self._apply({**base, **settings})
        exp.regenerate_data()  # data made from the settings (not an upload left over), new network
        if "standardize" not in settings:
            want = standardize_by_default(exp.data)  # the dataset's own default, as when picked from the menu
            if exp.standardize != want:
                exp.standardize = want
        notices.extend(exp.take_notices())
        return notices

    def _apply(self, settings: dict) -> list[str]:
        """Apply settings in one batch, skipping any this experiment's ranges refuse and any the
        teacher's link locks (:attr:`keep`)."""
        exp = self.experiment
        kept = sorted(name for name in self.keep & set(settings) if settings[name] != getattr(exp, name))
        notices = apply_settings(exp, {k: v for k, v in settings.items() if k not in self.keep}, "the lesson",
                                 refused=_refused)
        if kept:
            notices.append(f"Locked by the teacher's link, so kept as they are: {', '.join(map(label, kept))}.")
        return notices

    # --- checking --------------------------------------------------------------------------------
    def check(self, snapshot=None, now: float | None = None) -> Progress | None:
        """The visitor's progress in the open step as shown by ``snapshot`` (default: a fresh one);
        None outside lessons."""
        if not self.active:
            return None
        step = self.step
        now = self.clock() if now is None else float(now)
        values = measures(self.experiment, snapshot, step.measures)
        feedback = tuple(Feedback(c.measure, values[c.measure], c.met(values[c.measure]),
                                  c.describe(values[c.measure])) for c in step.goal)
        if self._met is None and all(f.met for f in feedback):
            self._met = feedback
        elif self._met is not None:
            # Met stays met, and the lines stay live: a condition the visitor still meets shows its
            # value now (97.6 %, not the 90 % it had when the goal was reached); one that has since
            # lapsed (an epoch limit) shows the value it was met with.
            feedback = tuple(now if now.met else then for now, then in zip(feedback, self._met))
        met = self._met is not None
        newly = met and not self._announced
        self._announced = self._announced or met
        hint = step.hint if (not met and step.hint and now - self._opened >= step.hint_after) else None
        return Progress(lesson_id=self.current.id, lesson_title=self.current.title, step_number=self.step_number,
                        step_count=self.step_count, text=step.text, met=met, newly_met=newly, feedback=feedback,
                        hint=hint, success=step.success if met else None, last=self.is_last)


def _refused(name: str, value) -> str:
    return (f"This lesson needs {name} = {shown(value)}, which this screen does not allow; "
            "the step may not work as described.")


def refused_settings(lesson: Lesson, experiment) -> list[str]:
    """Settings the lesson uses (setup, starts, answers) that this experiment's ranges refuse, as
    "name = value" texts: e.g. a booth screen whose dataset menu lacks the lesson's dataset. Empty
    when the lesson fits."""
    out = []
    tables = [lesson.setup] + [t for s in lesson.steps for t in (s.start or {}, s.answer)]
    for table in tables:
        for name, value in table.items():
            text = f"{name} = {shown(value)}"
            if not allowed(experiment, name, value) and text not in out:
                out.append(text)
    return out
