"""Lesson files: reading, checking and describing goals. The format is documented in
:mod:`playground.lessons` (``FORMAT``)."""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..settings_file import MAX_FILE_BYTES, SettingsFileError, settings_from_table
from .measures import label_and_kind, measure_names, setting_kind

DEFAULT_HINT_AFTER = 45.0   # seconds
DEFAULT_ANSWER_EPOCHS = 300
MAX_ANSWER_EPOCHS = 5000
LESSON_KEYS = {"id", "title", "summary", "setup", "steps"}
STEP_KEYS = {"title", "text", "start", "goal", "hint", "hint_after", "success", "answer", "answer_epochs",
             "answer_hand_steps"}
MAX_HAND_STEPS = 100
CONDITION_KEYS = {"measure", "at_least", "at_most", "equals", "label"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
TICK, CROSS = "✓", "✗"

class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file, the step and the problem."""


@dataclass(frozen=True)
class Condition:
    """One part of a goal: a measure and its bounds (all given bounds must hold)."""

    measure: str
    at_least: float | None = None
    at_most: float | None = None
    equals: float | str | None = None
    label: str | None = None

    def met(self, value) -> bool:
        if isinstance(self.equals, str) or isinstance(value, str):
            return self.equals is not None and value == self.equals
        if value is None or not math.isfinite(value):
            return False
        if self.at_least is not None and value < self.at_least:
            return False
        if self.at_most is not None and value > self.at_most:
            return False
        if self.equals is not None and abs(value - self.equals) > 1e-9:
            return False
        return True

    @property
    def kind(self) -> str:
        return label_and_kind(self.measure)[1]

    @property
    def name(self) -> str:
        """What the visitor reads for this measure."""
        return self.label or label_and_kind(self.measure)[0]

    def describe(self, value) -> str:
        """One feedback line, e.g. "✓ Test accuracy 96 % (goal ≥ 95 %)"."""
        met = self.met(value)
        kind = self.kind
        bounds = [(sym, b) for sym, b in (("≥", self.at_least), ("≤", self.at_most)) if b is not None]
        # Bounds are shown exactly; the value with as many digits as the bounds, plus more if it would
        # otherwise read like a bound it does not meet (94.6 % must not read "95 % (goal ≥ 95 %)").
        digits = max([_digits_needed(b, kind) for _, b in bounds] + [_digits_needed(None, kind)])
        shown = _fmt(value, kind, digits)
        for extra in range(1, 4):
            if met or kind == "int" or not any(_fmt(b, kind, digits) == shown for _, b in bounds):
                break
            shown = _fmt(value, kind, digits + extra)
        if self.equals is not None:
            goal = f"goal: {_fmt(self.equals, kind, digits)}"
        else:
            goal = "goal " + ", ".join(f"{sym} {_fmt(b, kind, digits)}" for sym, b in bounds)
        sep = ":" if kind in ("yesno", "onoff", "choice") else ""
        return f"{TICK if met else CROSS} {self.name}{sep} {shown} ({goal})"


#: Fixed-point kinds: (scale, default decimals); other numbers use significant digits (default 2).
_FIXED = {"percent": (100.0, 0), "auc": (1.0, 2), "gain": (1.0, 2), "int": (1.0, 0)}


def _digits_needed(bound, kind: str) -> int:
    """Decimals (fixed kinds) or significant digits (others) that show ``bound`` exactly (at most 6)."""
    scale, default = _FIXED.get(kind, (None, 2))
    if bound is None or isinstance(bound, str) or kind in ("yesno", "onoff", "choice"):
        return default
    for d in range(default, 7):
        if scale is not None:
            if abs(round(bound * scale, d) - bound * scale) < 1e-9:
                return d
        elif bound == 0 or abs(float(f"{bound:.{d}g}") - bound) <= 1e-12 * abs(bound):
            return d
    return 6


def _fmt(value, kind: str, digits: int) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "yesno":
        return "yes" if value >= 0.5 else "no"
    if kind == "onoff":
        return "on" if value >= 0.5 else "off"
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞"
    if kind == "percent":
        return f"{value * 100:.{digits}f} %"
    if kind == "gain":
        return f"{value:+.{digits}f}"
    if kind in _FIXED:
        return f"{value:.{digits}f}"
    return f"{value:.{digits}g}"


@dataclass(frozen=True)
class Step:
    """One task of a lesson (see FORMAT)."""

    number: int                  # 1-based, within its lesson
    text: str
    goal: tuple[Condition, ...]
    answer: dict                 # checked, typed settings
    start: dict | None = None    # checked, typed settings; None: continue with the learner's network
    title: str = ""
    hint: str | None = None
    hint_after: float = DEFAULT_HINT_AFTER
    success: str = "Well done!"
    answer_epochs: int = DEFAULT_ANSWER_EPOCHS
    answer_hand_steps: int = 0   # backpropagation steps the answer takes by hand (Step through)

    @property
    def measures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.measure for c in self.goal))

    @property
    def continues(self) -> bool:
        """Whether the step keeps the learner's network and settings (it has no ``start``)."""
        return self.start is None


@dataclass(frozen=True)
class Lesson:
    """A guided challenge: a title and its steps, read from one TOML file."""

    id: str
    title: str
    steps: tuple[Step, ...]
    setup: dict = field(default_factory=dict)  # checked settings every step with a start begins from
    summary: str = ""
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.steps)

    def start_settings(self, step: int) -> dict | None:
        """Settings a step opens with, on top of the defaults: the lesson's setup and the step's start
        (None for a step that continues from the previous one)."""
        s = self.steps[step]
        return None if s.start is None else {**self.setup, **s.start}


def _fail(source: str, message: str):
    raise LessonError(f"{source}: {message}")


def _text(table, key, where, *, required=True, default=None) -> str | None:
    value = table.get(key, default)
    if value is None:
        if required:
            _fail(where, f"'{key}' is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{key}' must be a non-empty text")
    # Lines of one paragraph join with spaces (authors wrap freely); a blank line starts a new one.
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value.strip()))


def _settings(table, where) -> dict:
    if not isinstance(table, dict):
        _fail(where, "must be a table of setting = value, e.g. { dataset = \"circle\" }")
    try:
        return settings_from_table(table, where)
    except SettingsFileError as exc:
        raise LessonError(str(exc)) from None


def _number(value, where, key):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _fail(where, f"'{key}' must be a number, got {value!r}")
    return float(value)


def _table(raw, where, keys, what: str, shape: str) -> None:
    """Refuse anything but a table (``shape`` shows one) whose keys are all in ``keys``."""
    if not isinstance(raw, dict):
        _fail(where, f"must be a table {shape}")
    unknown = sorted(set(raw) - keys)
    if unknown:
        _fail(where, f"unknown key '{unknown[0]}'; {what} has {', '.join(sorted(keys))}")


def _condition(raw, where) -> Condition:
    from ..settings import Settings

    _table(raw, where, CONDITION_KEYS, "a goal condition", 'like { measure = "test_accuracy", at_least = 0.95 }')
    measure = raw.get("measure")
    names = measure_names()
    if not isinstance(measure, str) or measure not in names:
        _fail(where, f"unknown measure {measure!r}; choose one of {', '.join(names)}")
    if not any(k in raw for k in ("at_least", "at_most", "equals")):
        _fail(where, f"the goal on {measure} needs at_least, at_most or equals")
    if "equals" in raw and ("at_least" in raw or "at_most" in raw):
        _fail(where, f"the goal on {measure} takes either equals or at_least/at_most, not both")
    choice = setting_kind(measure) == "choice"
    if choice:
        objects = Settings.param[measure].objects
        if "equals" not in raw or raw["equals"] not in objects:
            _fail(where, f"{measure} is a choice: use equals = one of {', '.join(map(str, objects))}")
        equals = raw["equals"]
    elif "equals" in raw:
        equals = float(raw["equals"]) if isinstance(raw["equals"], bool) else _number(raw["equals"], where, "equals")
    else:
        equals = None
    lo = _number(raw["at_least"], where, "at_least") if "at_least" in raw else None
    hi = _number(raw["at_most"], where, "at_most") if "at_most" in raw else None
    if lo is not None and hi is not None and lo > hi:
        _fail(where, f"at_least ({lo:g}) is above at_most ({hi:g}): the goal can never be met")
    label = _text(raw, "label", where, required=False)
    return Condition(measure, lo, hi, equals, label)


def _step(raw, number: int, source: str) -> Step:
    where = f"{source}: step {number}"
    _table(raw, where, STEP_KEYS, "a step", "([[steps]])")
    goal_raw = raw.get("goal")
    if isinstance(goal_raw, dict):
        goal_raw = [goal_raw]
    if not isinstance(goal_raw, list) or not goal_raw:
        _fail(where, "'goal' must be a list of conditions, e.g. [ { measure = \"test_accuracy\", at_least = 0.95 } ]")
    goal = tuple(_condition(c, f"{where}: goal {i + 1}") for i, c in enumerate(goal_raw))
    if "answer" not in raw:
        _fail(where, "'answer' is missing: the settings that reach the goal (tests train them)")
    answer = _settings(raw["answer"], f"{where}: answer")
    start = _settings(raw["start"], f"{where}: start") if "start" in raw else None
    hint_after = _number(raw.get("hint_after", DEFAULT_HINT_AFTER), where, "hint_after")
    if hint_after < 0:
        _fail(where, "'hint_after' must be 0 or more seconds")
    epochs = raw.get("answer_epochs", DEFAULT_ANSWER_EPOCHS)
    if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_ANSWER_EPOCHS:
        _fail(where, f"'answer_epochs' must be a whole number from 1 to {MAX_ANSWER_EPOCHS}, got {epochs!r}")
    hand = raw.get("answer_hand_steps", 0)
    if isinstance(hand, bool) or not isinstance(hand, int) or not 0 <= hand <= MAX_HAND_STEPS:
        _fail(where, f"'answer_hand_steps' must be a whole number from 0 to {MAX_HAND_STEPS}, got {hand!r}")
    return Step(number=number, text=_text(raw, "text", where), goal=goal, answer=answer, start=start,
                title=_text(raw, "title", where, required=False) or "", hint=_text(raw, "hint", where, required=False),
                hint_after=hint_after, success=_text(raw, "success", where, required=False) or "Well done!",
                answer_epochs=int(epochs), answer_hand_steps=int(hand))


def parse_lesson(text: str, source: str = "lesson", path: Path | None = None) -> Lesson:
    """A lesson from TOML text; any problem raises :class:`LessonError` starting with ``source``."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        _fail(source, f"not valid TOML: {exc}")
    _table(raw, source, LESSON_KEYS, "a lesson", "")  # tomllib always gives a table
    lesson_id = raw.get("id")
    if not isinstance(lesson_id, str) or not _ID.match(lesson_id):
        _fail(source, f"'id' must be a short name of lower-case letters, digits, '-' or '_', got {lesson_id!r}")
    title = _text(raw, "title", source)
    setup = _settings(raw.get("setup", {}), f"{source}: setup")
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        _fail(source, "needs at least one [[steps]] table")
    steps = tuple(_step(s, i + 1, source) for i, s in enumerate(steps_raw))
    if steps[0].start is None:
        _fail(f"{source}: step 1", "the first step needs a 'start' (it may be empty: start = {})")
    return Lesson(id=lesson_id, title=title, steps=steps, setup=setup,
                  summary=_text(raw, "summary", source, required=False) or "", path=path)


def load_lesson(path: str | Path) -> Lesson:
    """Read and check one lesson file."""
    path = Path(path)
    source = f"lesson file {path}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(source, f"cannot be read: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        _fail(source, f"is larger than {MAX_FILE_BYTES // 1000} kB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(source, "is not UTF-8 text")
    return parse_lesson(text, source, path)


def load_lessons(folder: str | Path | None = None) -> list[Lesson]:
    """Every ``*.toml`` lesson in ``folder`` (default: the built-in ones), in file-name order;
    duplicate ids are refused."""
    if folder is None:
        return list(builtin_lessons())
    lessons = [load_lesson(p) for p in sorted(Path(folder).glob("*.toml"))]
    _check_unique(lessons)
    return lessons


def _check_unique(lessons) -> None:
    seen = {}
    for lesson in lessons:
        if lesson.id in seen:
            raise LessonError(f"lesson file {lesson.path}: id '{lesson.id}' is already used by {seen[lesson.id]}")
        seen[lesson.id] = lesson.path


@lru_cache(maxsize=1)
def builtin_lessons() -> tuple[Lesson, ...]:
    """The lessons shipped in this package (read once per process)."""
    folder = resources.files(__package__)
    lessons = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            lessons.append(parse_lesson(entry.read_text(encoding="utf-8"), f"lesson file {entry.name}",
                                        Path(str(entry))))
    _check_unique(lessons)
    return tuple(lessons)


def lesson_ids() -> list[str]:
    """Ids of the built-in lessons, in order."""
    return [lesson.id for lesson in builtin_lessons()]


def get_lesson(lesson_id: str, lessons=None) -> Lesson:
    for lesson in (builtin_lessons() if lessons is None else lessons):
        if lesson.id == lesson_id:
            return lesson
    raise KeyError(f"unknown lesson {lesson_id!r}")
