"""What the server says for every page it serves: kiosk (booth) mode, the idle reset, and a preset.

``playground serve --kiosk --reset-after 120 --preset class.toml`` becomes one :class:`Site` that every
session's page is built with (:func:`playground.serve.site_of`). The preset is checked once, when the
server starts (:func:`read_preset`), so a teacher's typo stops the server with one clear line instead
of greeting thirty students with notices.

A preset file holds experiment settings (the names of a shared link) and may also hold page options
(``lesson``, ``lock``, ``hide``, ``text``, ``play``): the simplest preset is a link copied from the
address bar, saved to a file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_RESET_AFTER = 180.0  # seconds without a touch before a booth screen returns to its attract loop
DEFAULT_SCENE_SECONDS = 30.0  # length of each scene of the booth's attract loop


@dataclass(frozen=True)
class Site:
    kiosk: bool = False
    reset_after: float = DEFAULT_RESET_AFTER
    scene_seconds: float = DEFAULT_SCENE_SECONDS
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
