"""Experiment settings from a file: one format for ``playground train --config``, ``playground serve
--preset`` and lesson starting points.

A settings file says the same thing a shared link says, so it is read the same way: every value goes
through the one settings codec (:func:`playground.settings.from_text`), with the same names, ranges
and checks. Three spellings are accepted, picked by the file's extension:

* ``.toml`` and ``.json``: a flat table of setting = value (``hidden_layers = [4, 2]``,
  ``learning_rate = 0.03``, ``dataset = "circle"``);
* anything else: a shared link or its query string (``http://host/?dataset=circle&noise=0.1``),
  as copied from the browser's address bar.

Unlike a link, which is untrusted and applied as far as it is valid, a file is the author's intent:
:func:`read_settings` refuses the whole file with one line naming the first problem.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

MAX_FILE_BYTES = 64_000


class SettingsFileError(ValueError):
    """A settings file that cannot be used; the message names the file and the problem."""


def _as_text(value) -> str:
    """A TOML/JSON value as the text a link would carry."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(_as_text(v) for v in value)
    if isinstance(value, (int, float, str)):
        return str(value)
    raise ValueError(f"a {type(value).__name__} is not a setting value")


def raw_settings(path: str | Path) -> dict[str, str]:
    """The file's settings as link-style text values, unchecked."""
    from .files import FileRefused, read_bytes

    path = Path(path)
    try:
        data = read_bytes(path, MAX_FILE_BYTES, "settings file")
    except FileRefused as exc:
        raise SettingsFileError(str(exc)) from None
    except OSError as exc:
        raise SettingsFileError(f"cannot read settings file {path}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SettingsFileError(f"settings file {path} is not UTF-8 text") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            table = tomllib.loads(text)
        elif suffix == ".json":
            table = json.loads(text)
        else:
            line = text.strip()
            query = urlsplit(line).query if "://" in line or line.startswith("/") else line.lstrip("?")
            table = dict(parse_qsl(query, keep_blank_values=True))
            if not table:
                raise ValueError("no settings found; expected a link such as ?dataset=circle&noise=0.1")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise SettingsFileError(f"settings file {path} cannot be read: {exc}") from None
    except RecursionError:
        raise SettingsFileError(f"settings file {path} is nested too deeply to be a table of settings") from None
    return text_settings(table, f"settings file {path}")


def text_settings(table, source: str = "settings") -> dict[str, str]:
    """A parsed TOML/JSON table of setting = value as link-style text values, unchecked; a value
    that is no setting value (a nested table, a date) raises :class:`SettingsFileError` naming
    ``source`` and the key."""
    if not isinstance(table, dict):
        raise SettingsFileError(f"{source} must hold a table of setting = value")
    out = {}
    for key, value in table.items():
        try:
            out[str(key)] = _as_text(value)
        except ValueError as exc:
            raise SettingsFileError(f"{source}: {key}: {exc}") from None
    return out


def settings_from_table(table, source: str = "settings") -> dict:
    """Checked, typed Experiment settings from a parsed TOML/JSON table (e.g. a lesson step's
    ``start``): the same text rules and checks as a settings file or a link."""
    return check_settings(text_settings(table, source), source)


def check_settings(settings: dict[str, str], source: str = "settings") -> dict:
    """Link-style text values checked like a link, as typed Experiment values; the first problem
    raises :class:`SettingsFileError` naming ``source``, the setting and the reason."""
    from .settings import Settings, from_texts

    values, errors = from_texts(Settings, settings)
    if errors:
        raise SettingsFileError(f"{source}: {errors[0]}.")
    return values


def read_settings(path: str | Path) -> dict:
    """Checked Experiment settings from a TOML, JSON or link file."""
    return check_settings(raw_settings(path), f"settings file {path}")
