"""Options for the page itself, read from the URL next to the experiment settings.

A teacher's link carries both: ``?dataset=circle&hidden_layers=&lesson=circle&lock=dataset&hide=upload``.
The experiment settings go to :mod:`playground.ui.url_state`; the page options are read here:

========  ===============================================================================
``play``  ``1`` starts training as soon as the page is open
``mode``  ``booth`` for the touch-screen kiosk page (large controls, idle reset, explanations)
``lock``  comma-separated controls shown but not changeable (see :data:`CONTROLS`)
``hide``  comma-separated controls not shown at all
``lesson`` a lesson id: the page opens with that guided challenge
``step``  the lesson's step to open (1 = first)
``only``  ``1``: only this lesson (no list of other lessons, no moving on past its last step)
``points`` points drawn by hand (:mod:`playground.ui.drawn_link`), on the link's dataset
``upload`` an uploaded file kept on this server, by its content hash (:mod:`playground.upload_store`)
``text``  ``normal``, ``large`` or ``larger``: text size
========  ===============================================================================

Like settings, options are untrusted: a bad one is ignored with a plain notice, never an error.
Locks and hidden controls are a teaching aid (a student who edits the link can undo them); the
ranges a booth server enforces are not in the link's hands (:mod:`playground.limits`).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..settings import names
from ..upload_store import KEY
from .drawn_link import MAX_TEXT as MAX_POINTS_TEXT

#: Controls a link can lock or hide: the page's actions, every lockable setting (a query on
#: :mod:`playground.settings`), and the controls that are not settings.
CONTROLS = ("play", "step", "reset") + names(lockable=True) + ("upload", "draw", "weights", "text_size")
MODES = ("normal", "booth")
#: Text size name -> scale of every text on the page.
TEXT_SIZES = {"normal": 1.0, "large": 1.25, "larger": 1.5}
OPTION_KEYS = ("play", "mode", "lock", "hide", "lesson", "step", "only", "points", "upload", "text", "lang")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass
class PageOptions:
    play: bool = False
    mode: str = "normal"
    lock: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    lesson: str | None = None
    step: int = 1
    only: bool = False  # only the linked lesson: its steps, not the list of the others
    points: str = ""  # drawn points (checked against the dataset when the page is built)
    upload: str = ""  # the content hash of an uploaded file kept on this server
    text: str = "normal"
    lang: str = "en"  # the booth page's language (ui/texts/booth.<lang>.toml)
    notices: list[str] = field(default_factory=list)

    @property
    def booth(self) -> bool:
        return self.mode == "booth"


def _name(key) -> str:
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)


def _value(raw, limit: int = 400) -> str:
    raw = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return text.strip()[:limit]


def split_query(query: dict | None) -> tuple[dict, dict[str, str]]:
    """(experiment settings, page options as text) of a URL query; Bokeh's own keys are dropped."""
    settings, options = {}, {}
    for key, raw in (query or {}).items():
        name = _name(key)
        if name.startswith("bokeh"):
            continue
        if name in OPTION_KEYS:
            options[name] = _value(raw, limit=MAX_POINTS_TEXT + 1 if name == "points" else 400)
        else:
            settings[key] = raw
    return settings, options


def _names(text: str, what: str, notices: list[str]) -> tuple[str, ...]:
    out = []
    for name in (n.strip() for n in text.split(",")):
        if not name:
            continue
        if name in CONTROLS:
            out.append(name)
        else:
            close = difflib.get_close_matches(name, CONTROLS, n=1)
            guess = f" Did you mean '{close[0]}'?" if close else ""
            notices.append(f"Cannot {what} '{name[:40]}': no control has that name.{guess}")
    return tuple(dict.fromkeys(out))


def languages() -> dict[str, str]:
    from .texts import languages as found

    return found()


def parse_options(raw: dict[str, str], lessons=(), base: PageOptions | None = None) -> PageOptions:
    """Page options from text values, on top of ``base`` (e.g. a server's preset); bad values are
    dropped with a notice in ``.notices``."""
    opts = PageOptions(**{k: v for k, v in vars(base or PageOptions()).items() if k != "notices"})
    notes = opts.notices
    #: option -> (accepts the text?, value from the text, why it was refused)
    rules = {
        "play": (lambda t: t.lower() in _TRUE | _FALSE, lambda t: t.lower() in _TRUE, "expected 1 or 0"),
        "only": (lambda t: t.lower() in _TRUE | _FALSE, lambda t: t.lower() in _TRUE, "expected 1 or 0"),
        "points": (lambda t: len(t) <= MAX_POINTS_TEXT, str, "more drawn points than a link may carry"),
        "upload": (lambda t: KEY.fullmatch(t) is not None, str, "not the name of an uploaded file"),
        "mode": (lambda t: t in MODES, str, f"choose {' or '.join(MODES)}"),
        "lesson": (lambda t: t in lessons, str, f"no such lesson (choose from {', '.join(lessons)})"),
        "step": (lambda t: t.isascii() and t.isdigit() and 1 <= int(t) <= 50, int,
                 "expected a step number such as 2"),
        "text": (lambda t: t in TEXT_SIZES, str, f"choose {', '.join(TEXT_SIZES)}"),
        "lang": (lambda t: t in languages(), str, f"choose {', '.join(languages())}"),
    }
    for key, text in raw.items():
        if key in ("lock", "hide"):
            setattr(opts, key, tuple(dict.fromkeys(getattr(opts, key) + _names(text, key, notes))))
            continue
        accepts, value, why = rules[key]
        if accepts(text):
            setattr(opts, key, value(text))
        elif text or key != "lesson":
            notes.append(f"Ignored {key}={text[:40]!r} from the link: {why}.")
    return opts
