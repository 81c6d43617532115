"""What the server says for every page it serves: kiosk (booth) mode, the idle reset, and a preset.

``playground serve --kiosk --reset-after 120 --preset class.toml`` reaches the app script as its own
arguments (``panel serve ... --args ...``, see :func:`playground.serve.app_args`); :func:`from_argv`
reads them back. The preset is checked once, when the server starts (:func:`read_preset`), so a
teacher's typo stops the server with one clear line instead of greeting thirty students with notices.

A preset file holds experiment settings (the names of a shared link) and may also hold page options
(``lesson``, ``lock``, ``hide``, ``text``, ``play``): the simplest preset is a link copied from the
address bar, saved to a file.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_RESET_AFTER = 180.0  # seconds without a touch before a booth screen returns to its attract loop


@dataclass(frozen=True)
class Site:
    kiosk: bool = False
    reset_after: float = DEFAULT_RESET_AFTER
    preset_settings: dict = field(default_factory=dict)  # link-style text values, already checked
    preset_options: dict = field(default_factory=dict)   # page options as text, already checked


def read_preset(path: str | Path) -> tuple[dict, dict]:
    """(settings, page options) of a preset file, both as link-style text; any problem raises
    :class:`~playground.settings_file.SettingsFileError` naming the file."""
    from ..lessons import lesson_ids
    from ..settings_file import SettingsFileError, check_settings, raw_settings
    from .page_options import parse_options, split_query

    raw = raw_settings(path)
    settings, options = split_query(raw)
    check_settings(settings, f"preset {path}")
    parsed = parse_options(options, lesson_ids())
    if parsed.notices:
        raise SettingsFileError(f"preset {path}: {parsed.notices[0].replace(' from the link', '')}")
    return settings, options


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="playground app", add_help=False)
    p.add_argument("--kiosk", action="store_true")
    p.add_argument("--reset-after", type=float, default=DEFAULT_RESET_AFTER)
    p.add_argument("--preset", default=None)
    return p


@lru_cache(maxsize=8)
def _site(argv: tuple[str, ...]) -> Site:
    args, _ = parser().parse_known_args(list(argv))
    settings, options = read_preset(args.preset) if args.preset else ({}, {})
    return Site(kiosk=args.kiosk, reset_after=max(1.0, args.reset_after), preset_settings=settings,
                preset_options=options)


def from_argv(argv) -> Site:
    """The site settings of this server process (read once; every session shares them)."""
    return _site(tuple(argv))
