"""The "Lessons" tab: guided challenges, one step at a time, with the goal checked live.

A step shows its text, a hint once the learner has tried for a while, and a success message when
the goal is met; then "Next" leads on. The goal itself, one line per condition (ticked when met,
with the live value), is on the **goal strip** (:attr:`LessonPanel.strip`), which the page places
outside the tabs: opening the Data or Training tab to do what the lesson asks must not hide it. The lessons themselves are data files read by :mod:`playground.lessons`; this panel
only shows a :class:`~playground.lessons.LessonRunner`'s state, checked every frame (a goal such as
"within 100 epochs" must not be missed between two checks), or a few times a second when the goal
needs the ROC curve or repeated dropout passes, which cost more than a frame.
"""
from __future__ import annotations

import html
import time

import panel as pn

from ..lessons import LessonRunner

CHECK_EVERY_S = 0.25  # for goals that need the ROC curve or repeated dropout passes
COSTLY = {"auc", "cut_auc", "auc_gain", "prediction_spread"}


class LessonPanel:
    def __init__(self, experiment, notify, on_step=None, width: int = 225):
        self.experiment = experiment
        self.notify = notify
        self.on_step = on_step or (lambda: None)
        self.runner = LessonRunner(experiment)
        self.width = width
        self._checked_at = 0.0
        self._shown = None
        self.title = pn.pane.HTML("", margin=(6, 5, 0, 5), width=width)
        self.text = pn.pane.HTML("", margin=(2, 5), width=width)
        self.goal = pn.pane.HTML("", margin=(2, 5), sizing_mode="stretch_width", css_classes=["pg-goal"])
        self.strip_next = pn.widgets.Button(label="Next ›", width=80, margin=(4, 5), color="success",
                                            visible=False, css_classes=["pg-strip-next"],
                                            description="Goal reached: go on to the next step.")
        self.strip_next.on_click(lambda e: self.go_next())
        self.strip = pn.Row(self.goal, self.strip_next, margin=(2, 0), visible=False, sizing_mode="stretch_width",
                            css_classes=["pg-goal-strip"])
        self.hint = pn.pane.HTML("", margin=(2, 5), width=width, visible=False)
        self.success = pn.pane.HTML("", margin=(2, 5), width=width, visible=False)
        self.next = pn.widgets.Button(label="Skip", width=100, margin=(4, 5), color="light", css_classes=["pg-lesson-next"],
                                      description="Go on to the next step (or the next lesson).")
        self.next.on_click(lambda e: self.go_next())
        self.again = pn.widgets.Button(label="Start step again", width=110, margin=(4, 5), color="light",
                                       css_classes=["pg-lesson-again"],
                                       description="Put back this step's starting settings and fresh weights.")
        self.again.on_click(lambda e: self._restart())
        self.show_me = pn.widgets.Button(label="Show me", width=100, margin=(4, 5), color="light", visible=False,
                                         css_classes=["pg-lesson-show-me"],
                                         description="Apply this step's answer, then press Play to watch it work.")
        self.show_me.on_click(lambda e: self._show_answer())
        self.leave = pn.widgets.Button(label="All lessons", width=100, margin=(4, 5), color="light",
                                       css_classes=["pg-lesson-list"], description="Back to the list of lessons.")
        self.leave.on_click(lambda e: self.close())
        self.card = pn.Column(self.title, self.text, self.hint, self.show_me, self.success,
                              pn.Row(self.next, self.again, margin=0), self.leave, margin=0, visible=False)
        self.menu = pn.Column(*self._menu(), margin=0)
        self.layout = pn.Column(self.card, self.menu, margin=0, width=width + 10)

    # --- state ---------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.runner.active

    def position(self) -> tuple[str, int]:
        """(lesson id, step number from 1) for the page's link."""
        return self.runner.current.id, self.runner.step_number

    def _menu(self):
        intro = pn.pane.HTML("<div class='pg-lesson-text'>Short challenges to try on your own: each sets up the "
                             "playground, asks you to change something, and tells you when you've got it.</div>",
                             margin=(6, 5), width=self.width)
        items = [intro]
        for number, lesson in enumerate(self.runner.lessons, start=1):
            b = pn.widgets.Button(label=f"{number}. {lesson.title}", width=self.width - 5, margin=(2, 5),
                                  color="light", css_classes=[f"pg-lesson-{lesson.id}"],
                                  description=lesson.summary or lesson.title,
                                  stylesheets=[".bk-btn { text-align: left; white-space: normal; }"])
            b.on_click(lambda e, lid=lesson.id: self._start(lid))
            items.append(b)
        return items

    # --- actions -------------------------------------------------------------------------------
    def open(self, lesson_id: str, step: int = 0) -> list[str]:
        """Open a lesson at a step (0-based); returns notices about settings the step had to adjust. A
        step past either end (a hand-edited link) opens the nearest step and says so."""
        lesson = self.runner.lessons[self.runner.index_of(lesson_id)]
        count = len(lesson.steps)
        notices = []
        if not 0 <= step < count:
            step = min(max(int(step), 0), count - 1)
            notices.append(f"The lesson '{lesson.title}' has {count} steps; it opens at step {step + 1}.")
        notices += list(self.runner.start(lesson_id, step) or [])
        self._shown = None
        self.card.visible, self.menu.visible = True, False
        self.strip.visible = True
        self._show_step()
        return notices

    def _start(self, lesson_id: str) -> None:
        notes = self.open(lesson_id, 0)
        if notes:
            self.notify(" ".join(notes), "warning", "adjusted")
        self.on_step()

    def _restart(self) -> None:
        notes = self.runner.restart()
        self._shown = None
        self._show_step()
        if notes:
            self.notify(" ".join(notes), "warning", "adjusted")
        self.on_step()

    def _show_answer(self) -> None:
        notes = self.runner.show_answer()
        if notes:
            self.notify(" ".join(notes), "warning", "adjusted")
        self.on_step()

    def only(self) -> None:
        """Only the open lesson (a teacher's link): no list of other lessons, no moving on past it."""
        self.runner.only = True
        self.leave.visible = False

    def go_next(self) -> None:
        if self.runner.next():
            self._shown = None
            self._show_step()
            if self.runner.notices:
                self.notify(" ".join(self.runner.notices), "warning", "adjusted")
        elif self.runner.only and self.active:
            self.notify("That was the last step of this lesson: well done!", "success", "lesson")
        else:
            self.close()
            self.notify("That was the last lesson: well done! Pick any lesson to try it again.", "success", "lesson")
        self.on_step()

    def close(self) -> None:
        self.runner.stop()
        self.card.visible, self.menu.visible = False, True
        self.strip.visible = False
        self.on_step()

    # --- drawing -------------------------------------------------------------------------------
    def _show_step(self) -> None:
        r = self.runner
        lesson, step = r.current, r.step
        number = r.lessons.index(lesson) + 1
        self.title.object = (f"<div class='pg-lesson-title'>"
                             f"{number}. {html.escape(lesson.title)}</div>"
                             f"<div class='pg-lesson-step'>step "
                             f"<span data-testid='lesson-step'>{r.step_number}</span> of {r.step_count}</div>")
        self.text.object = f"<div data-testid='lesson-text' class='pg-lesson-text'>{_paragraphs(step.text)}</div>"
        self.hint.visible = self.success.visible = self.show_me.visible = False
        self.next.label, self.next.color = "Skip", "light"
        self.goal.object = ""
        self.strip_next.visible = False

    @property
    def shows_roc(self) -> bool:
        """Whether the open step talks about the ROC curve (the page then opens it)."""
        return self.active and "ROC" in self.runner.step.text

    def update(self, snap, now: float | None = None) -> None:
        """Check the goal against a new frame (at most every ``CHECK_EVERY_S`` while training)."""
        if not self.active:
            return
        now = time.monotonic() if now is None else now
        costly = COSTLY.intersection(self.runner.step.measures)
        if costly and now - self._checked_at < CHECK_EVERY_S and self._shown is not None:
            return
        self._checked_at = now
        progress = self.runner.check(snap, now=now)
        if progress is None:
            return
        shown = (tuple(progress.lines), progress.met, progress.hint)
        if shown == self._shown:
            return
        self._shown = shown
        r = self.runner
        rows = "".join(f"<li>{html.escape(line)}</li>" for line in progress.lines)
        self.goal.object = (f"<div class='pg-lesson-text' data-met='{int(progress.met)}'><b>Goal</b> "
                            f"<span class='pg-lesson-step'>lesson {r.lessons.index(r.current) + 1}, step "
                            f"{r.step_number} of {r.step_count}</span>"
                            f"<ul data-testid='lesson-goal'>{rows}</ul></div>")
        self.strip_next.visible = progress.met
        if progress.hint and not progress.met:
            self.hint.object = (f"<div data-testid='lesson-hint' class='pg-lesson-text' style='background:#fffbe6;padding:4px 6px;"
                                f"border-left:3px solid #e6a700'><b>Hint:</b> {html.escape(progress.hint)}</div>")
            self.hint.visible = self.show_me.visible = True
        else:
            self.hint.visible = self.show_me.visible = False
        if progress.met:
            self.success.object = (f"<div data-testid='lesson-success' role='status' class='pg-lesson-text' style='background:#e8f6ec;"
                                   f"padding:4px 6px;border-left:3px solid #2e9d4f'><b>Well done!</b> "
                                   f"{html.escape(progress.success or '')}</div>")
            self.success.visible = True
            self.next.label, self.next.color = "Next ›", "success"
        else:
            self.success.visible = False
            self.next.label, self.next.color = "Skip", "light"


def _paragraphs(text: str) -> str:
    return "".join(f"<p style='margin:0 0 6px 0'>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
