"""The page's one notice area: what the app has to tell the person, of one of four kinds.

Why kinds and causes: a single warning-coloured line used to carry everything, so "Well done!"
looked like a problem, and a message stayed after its reason was gone ("'0,1' is not a number"
beside the valid value typed since; "Training blew up" beside the next lesson step). Here every
notice has a ``kind`` (``error``, ``warning``, ``success``, ``info``: its colour, and ``role=alert``
for errors only) and may name its ``cause`` (a setting's name, ``"training"``, ``"drawing"``, ...):
``say("", cause=c)`` takes the notice back only if it is still the one about ``c``, so whoever
fixes a cause clears its notice without wiping a newer one.

The area keeps its height whether it says something or not (page.css ``.pg-notices``): a notice
appearing never pushes the page down under the person's finger.
"""
from __future__ import annotations

import html

import panel as pn

KINDS = ("error", "warning", "success", "info")
ICONS = {"error": "⚠", "warning": "⚠", "success": "✓", "info": "ℹ"}


def notice_html(text: str, kind: str = "info") -> str:
    """The notice element: empty, or one kind's box with its text (escaped)."""
    if not text:
        return "<div data-testid='notice' role='status' class='pg-notice-empty'></div>"
    role = "alert" if kind == "error" else "status"
    return (f"<div data-testid='notice' data-kind='{kind}' role='{role}' class='pg-notice pg-notice-{kind}'>"
            f"<span class='pg-notice-icon' aria-hidden='true'>{ICONS[kind]}</span> {html.escape(text)}</div>")


class Notices:
    """The notice area (:attr:`pane`) and what it says now (:attr:`text`, :attr:`kind`, :attr:`cause`)."""

    def __init__(self, **pane_params):
        self.text, self.kind, self.cause = "", "info", None
        params = dict(margin=(2, 5), sizing_mode="stretch_width", css_classes=["pg-notices"]) | pane_params
        self.pane = pn.pane.HTML(notice_html(""), **params)

    def say(self, text: str, kind: str = "info", cause: str | None = None) -> None:
        """Show ``text`` (replacing what was shown), or with an empty text clear the area: always
        without a ``cause``, else only while the notice shown is about that cause."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if not text:
            if cause is not None and cause != self.cause:
                return
            self.text, self.kind, self.cause = "", "info", None
        else:
            self.text, self.kind, self.cause = str(text), kind, cause
        html_text = notice_html(self.text, self.kind)
        if self.pane.object != html_text:
            self.pane.object = html_text

    def clear(self, causes) -> None:
        """Take back the notice if its cause is among ``causes`` (the reason went away)."""
        if self.cause is not None and self.cause in set(causes):
            self.say("", cause=self.cause)
