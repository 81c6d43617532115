"""The teacher's "Share" dialog: a class link made by choosing, not by editing a 700-character URL.

A teacher picks a lesson and step (or none: the link then carries everything on screen), ticks what
the students may not change (``lock``) or should not see (``hide``), and whether the link keeps to
that one lesson (``only``); the dialog shows the whole link with a "Copy link" button (the page's
:class:`~playground.ui.browser_bridge.BrowserBridge`). The link is the same text a teacher could
write by hand (:mod:`playground.ui.page_options`), so every check on links applies to it.

Data no setting describes travel as far as a link can carry them: a small drawing rides along in
the link itself (``points``, :mod:`playground.ui.drawn_link`), an uploaded file by the name it is
kept under on this server (``upload``, :mod:`playground.upload_store`); when the link still cannot
carry them (a drawing too large, a file the server could not keep) the dialog says so.
"""
from __future__ import annotations

from urllib.parse import urlencode

import panel as pn

from ..settings import label
from .binding import with_tip
from .browser_bridge import BrowserBridge
from .drawn_link import MAX_LINK_POINTS, points_text
from .page_options import CONTROLS
from .url_state import query_string

#: How the page names the controls that are not settings.
ACTION_LABELS = {"play": "Play", "step": "Step", "reset": "Reset", "upload": "Upload CSV", "draw": "Draw points",
                 "weights": "Typed weights", "text_size": "Text size", "features": "Network inputs"}
NO_LESSON = ""


def control_label(name: str) -> str:
    return ACTION_LABELS.get(name) or label(name)


class SharePanel:
    """The Share button (:attr:`button`) and its dialog (:attr:`modal`) for one page."""

    def __init__(self, app):
        self.app = app
        # The dialog's widgets are made when it is first opened: most visitors never share, and a
        # page is built for every visitor (40 control names twice cost about 0.1 s of event loop).
        self.modal = pn.Modal(pn.Column(margin=0, width=450), open=False, show_close_button=True,
                              background_close=True)
        self.button = pn.widgets.Button(label="Share", color="light", margin=(0, 0, 4, 4), css_classes=["pg-share-open"],
                                        description="Make a link for a class: a lesson, locked or hidden controls.")
        self.button.on_click(lambda event: self.show())
        self.lesson = None

    def _build(self) -> None:
        runner = self.app.lesson_panel.runner
        self._steps = {lesson.id: len(lesson.steps) for lesson in runner.lessons}
        options = {"No lesson: what is on screen now": NO_LESSON}
        options |= {f"{n}. {lesson.title}": lesson.id for n, lesson in enumerate(runner.lessons, 1)}
        controls = {control_label(c): c for c in CONTROLS}
        self.lesson = pn.widgets.Select(label="Lesson", options=options, width=330, margin=(2, 5),
                                        css_classes=["pg-share-lesson"],
                                        description="The lesson the link opens, set up as the lesson starts.")
        self.step = pn.widgets.IntInput(label="Step", start=1, end=1, value=1, width=80, margin=(2, 5),
                                        css_classes=["pg-share-step"], description="The lesson's step to open.")
        self.only = pn.widgets.Checkbox(label="Only this lesson (no list of other lessons)", margin=(6, 5),
                                        css_classes=["pg-share-only"])
        self.lock = pn.widgets.MultiChoice(label="Lock: shown, but students cannot change", options=controls,
                                           width=420, margin=(2, 5), css_classes=["pg-share-lock"],
                                           description="Controls students see but cannot change; lessons keep "
                                                       "their values too.")
        self.hide = pn.widgets.MultiChoice(label="Hide: not shown at all", options=controls, width=420,
                                           margin=(2, 5), css_classes=["pg-share-hide"],
                                           description="Controls students do not see.")
        self.link = BrowserBridge(share="?", width=430, height=40, margin=(8, 5), css_classes=["pg-share"])
        self.note = pn.pane.HTML("", margin=(2, 5), width=430, css_classes=["pg-small"])
        title = pn.pane.HTML("<div class='pg-lesson-title'>Share this page with a class</div>"
                             "<div class='pg-note'>Students who open the link get this page as you set it "
                             "here. A student who edits the link can undo its locks: they are a teaching aid.</div>",
                             width=430, margin=(2, 5))
        only = with_tip(self.only, "Students stay in this lesson: no list of the others, no next lesson.")
        self.modal.objects = [pn.Column(title, pn.Row(self.lesson, self.step, margin=0), only, self.lock,
                                        self.hide, self.link, self.note, margin=0, width=450)]
        for widget in (self.lesson, self.step, self.only, self.lock, self.hide):
            widget.param.watch(lambda event: self.refresh(), "value")

    def show(self) -> None:
        """Open the dialog set to what the page shows now."""
        if self.lesson is None:
            self._build()
        app = self.app
        panel, opts = app.lesson_panel, app.options
        lesson, step = panel.position() if panel.active else (NO_LESSON, 1)
        self.lesson.value = lesson
        self.step.value = step
        self.only.value = opts.only
        self.lock.value, self.hide.value = list(opts.lock), list(opts.hide)
        self.refresh()
        self.modal.open = True

    def query(self) -> str:
        """The link's query for the choices made."""
        lesson = self.lesson.value
        extra = {}
        if lesson:
            extra |= {"lesson": lesson, "step": str(self.step.value)}
            if self.only.value:
                extra["only"] = "1"
        for key, widget in (("lock", self.lock), ("hide", self.hide)):
            if widget.value:
                extra[key] = ",".join(widget.value)
        if self.app.options.text != "normal":
            extra["text"] = self.app.options.text
        if lesson:  # the lesson's own start: a student gets the step as the lesson sets it up
            return "?" + urlencode(extra)
        exp = self.app.experiment
        drawn = points_text(exp.data)
        if drawn:
            extra["points"] = drawn
        if self.app.data_panel.upload_link_key:
            extra["upload"] = self.app.data_panel.upload_link_key
        return query_string(exp) + ("&" + urlencode(extra) if extra else "")

    def refresh(self) -> None:
        lesson = self.lesson.value
        self.step.end = self._steps.get(lesson, 1)
        self.step.disabled = self.only.disabled = not lesson
        if self.step.value > self.step.end:
            self.step.value = self.step.end
        self.link.share = self.query()
        self.note.object = self._data_note()

    def _data_note(self) -> str:
        """What the link cannot carry, in the teacher's words ('' when it carries everything)."""
        data = self.app.experiment.data
        source = data.provenance.get("source")
        if self.lesson.value or source not in ("upload", "drawn"):
            return ""
        if source == "upload" and self.app.data_panel.upload_link_key:
            name = data.provenance.get("name") or "the uploaded file"
            return (f"<span data-testid='share-data-note'>{name} stays on this server for the link: students "
                    f"who open it get the same rows (kept for a while; after that the link says so).</span>")
        if source == "upload":
            name = data.provenance.get("name") or "the uploaded file"
            return (f"<span data-testid='share-data-note'>This link cannot carry {name}: students get the "
                    f"{self.app.experiment.dataset.replace('_', ' ')} data instead. Send them the file to "
                    f"upload.</span>")
        if not points_text(data):
            return (f"<span data-testid='share-data-note'>Your drawing has more than {MAX_LINK_POINTS} points, "
                    f"more than a link can carry: students get the "
                    f"{self.app.experiment.dataset.replace('_', ' ')} data instead.</span>")
        return "<span data-testid='share-data-note'>Your drawn points travel in the link.</span>"
