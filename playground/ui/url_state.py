"""The Experiment's settings as a URL query string, and back: a shared link restores the same run.

Every written setting (and both seeds) is in the link, so a link means the same thing even if
defaults change. The values are read with the one settings codec (:mod:`playground.settings`);
this module adds what is particular to a link, which is untrusted input: a query dict's values may
be bytes or lists (the last one counts), there may be too many keys, and every problem becomes a
plain notice while the valid rest still applies. Nothing a URL says can raise past
:func:`apply_query`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from ..settings import LINK, READABLE, SettingError, apply_settings, encode, from_text, label

#: Settings a link writes, in the order they are applied and written.
URL_PARAMS = LINK
MAX_KEYS = 100
SOURCE = "the link"

__all__ = ["URL_PARAMS", "apply_query", "decode", "encode", "query_string"]


def query_string(experiment) -> str:
    return "?" + urlencode(encode(experiment))


def _text(raw) -> str:
    """A query value as text: the last of repeated values, bytes decoded."""
    if isinstance(raw, (list, tuple)):
        if not raw:
            raise ValueError("no value")
        raw = raw[-1]
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="strict")
    if not isinstance(raw, str):
        raise ValueError("not text")
    return raw


def _shown(raw) -> str:
    """A query value as a visitor typed it (text, never Python's b'...'), cut to 40 characters."""
    raw = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return text[:40]


def notice(error: SettingError) -> str:
    """A link's setting problem in the visitor's words."""
    if error.unknown:
        return f"Ignored unknown setting '{error.name}' in the link."
    return f"Ignored {error.name}={error.value!r} ({label(error.name)}) from the link: {error.reason}."


def decode(experiment, query: dict) -> tuple[dict, list[str]]:
    """(valid settings, notices) from a query dict (values: str, bytes, or lists of them), checked
    against ``experiment``'s own ranges."""
    values, notices = {}, []
    if len(query) > MAX_KEYS:
        return {}, [f"The link has {len(query)} settings, more than the {MAX_KEYS} allowed; it was ignored."]
    for key, raw in query.items():
        name = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        try:
            if name not in READABLE:
                raise SettingError(name, None, "unknown setting")
            try:
                text = _text(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                raise SettingError(name, _shown(raw), str(exc)) from None
            values[name] = from_text(experiment, name, text)
        except SettingError as exc:
            notices.append(notice(exc))
    return values, notices


def apply_query(experiment, query: dict) -> list[str]:
    """Apply a link's valid settings in one batch; returns notices for what was ignored or adjusted.

    If the valid values still do not work together (e.g. a dataset that cannot be loaded) the
    experiment keeps whatever could be applied and the notice says so.
    """
    values, notices = decode(experiment, query)
    return notices + apply_settings(experiment, values, SOURCE) if values else notices
