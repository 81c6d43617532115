"""The Experiment's settings as a URL query string, and back: a shared link restores the same run.

Every setting (and both seeds) is written, so a link means the same thing even if defaults change.
Reading is defensive: a link is untrusted input. Unknown keys, unparsable or out-of-range values,
over-long strings and repeated keys are ignored one by one, each with a plain notice; the valid rest
still applies, and nothing a URL says can raise past :func:`apply_query`.
"""
from __future__ import annotations

import math
import re
from urllib.parse import urlencode

import param

#: Settings mirrored in the URL, in the order they are applied and written.
URL_PARAMS = (
    "dataset", "noise", "n_samples", "train_fraction", "data_seed", "jet_x", "jet_y", "jet_extra",
    "features", "standardize",
    "hidden_layers", "activations", "loss", "init", "seed",
    "learning_rate", "optimizer", "momentum", "regularization", "reg_rate", "dropout", "batch_size",
    "schedule", "lr_decay", "lr_step", "early_stopping", "patience", "epochs_per_frame",
    "show_test_data", "discretize", "log_y", "colorblind", "predict_dropout",
)
MAX_VALUE_LENGTH = 200
MAX_KEYS = 100
_TRUE = {"1", "true", "yes", "on"}
#: Numbers as people type them, in ASCII digits only (Python's int() and float() also take other
#: scripts' digits, "²" among them, and spellings such as "1_000" or "infinity").
INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_FALSE = {"0", "false", "no", "off"}


def encode(experiment) -> dict[str, str]:
    """The settings as query parameters (strings)."""
    out = {}
    for name in URL_PARAMS:
        value = getattr(experiment, name)
        p = experiment.param[name]
        if isinstance(p, param.Boolean):
            out[name] = "1" if value else "0"
        elif isinstance(p, (param.List, param.ListSelector)):
            out[name] = ",".join(str(v) for v in value)
        elif isinstance(p, param.Number) and not isinstance(p, param.Integer):
            out[name] = repr(float(value))
        else:
            out[name] = str(value)
    return out


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
    if len(raw) > MAX_VALUE_LENGTH:
        raise ValueError(f"longer than {MAX_VALUE_LENGTH} characters")
    return raw.strip()


def _parse(p: param.Parameter, text: str):
    if isinstance(p, param.Boolean):
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("expected 1 or 0")
    if isinstance(p, param.Integer):
        if not INTEGER.fullmatch(text):
            raise ValueError("expected a whole number written with the digits 0-9")
        value = int(text)
    elif isinstance(p, param.Number):
        value = parse_decimal(text)
    elif isinstance(p, param.ListSelector):
        value = [v for v in text.split(",") if v] if text else []
    elif isinstance(p, param.List):
        items = [v.strip() for v in text.split(",")] if text else []
        item_type = p.item_type[0] if isinstance(p.item_type, tuple) else p.item_type
        if item_type is int and not all(INTEGER.fullmatch(v) for v in items):
            raise ValueError("expected whole numbers separated by commas, such as 4,2")
        value = [int(v) for v in items] if item_type is int else items
    else:
        value = text
    _check(p, value)
    p._validate(value)  # the parameter's own rules, in case they are stricter
    return value


def parse_decimal(text: str) -> float:
    """A decimal number from text: ASCII digits, a dot or a decimal comma ("0,1" as many European
    classrooms write it), an optional exponent; anything else raises ValueError in plain words."""
    if not DECIMAL.fullmatch(text):
        raise ValueError("expected a number such as 0.03, written with the digits 0-9")
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError("expected a number of ordinary size")
    return value


def _check(p: param.Parameter, value) -> None:
    """Plain-language range and choice checks (param's own messages are written for programmers)."""
    if isinstance(p, param.Number) and p.bounds is not None:
        lo, hi = p.bounds
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"must be between {lo:g} and {hi:g}")
    elif isinstance(p, param.ListSelector):
        for v in value:
            if v not in p.objects:
                raise ValueError(f"'{v[:40]}' is not one of the choices ({', '.join(map(str, p.objects))})")
    elif isinstance(p, param.Selector):
        if value not in p.objects:
            raise ValueError(f"not one of the choices ({', '.join(map(str, p.objects))})")
    elif isinstance(p, param.List) and p.bounds is not None and len(value) > p.bounds[1]:
        raise ValueError(f"at most {p.bounds[1]} entries are allowed")


def decode(experiment, query: dict) -> tuple[dict, list[str]]:
    """(valid settings, notices) from a query dict (values: str, bytes, or lists of them)."""
    values, notices = {}, []
    if len(query) > MAX_KEYS:
        return {}, [f"The link has {len(query)} settings, more than the {MAX_KEYS} allowed; it was ignored."]
    for key, raw in query.items():
        key_text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        if key_text not in URL_PARAMS:
            notices.append(f"Ignored unknown setting '{key_text[:40]}' in the link.")
            continue
        try:
            text = _text(raw)
            values[key_text] = _parse(experiment.param[key_text], text)
        except (ValueError, TypeError, UnicodeDecodeError, OverflowError) as exc:
            notices.append(f"Ignored {key_text}={_shown(raw)!r} from the link: {_reason(exc)}.")
    return values, notices


def _shown(raw) -> str:
    """A query value as a visitor typed it (text, never Python's b'...'), cut to 40 characters."""
    raw = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return text[:40]


def _reason(exc: Exception) -> str:
    msg = str(exc).strip() or type(exc).__name__
    return msg[:160]


def apply_query(experiment, query: dict) -> list[str]:
    """Apply a link's valid settings in one batch; returns notices for what was ignored or adjusted.

    If the valid values still do not work together (e.g. a dataset that cannot be loaded) the
    experiment keeps whatever could be applied and the notice says so.
    """
    values, notices = decode(experiment, query)
    if not values:
        return notices
    ordered = {k: values[k] for k in URL_PARAMS if k in values}
    try:
        experiment.param.update(**ordered)
    except Exception as exc:  # noqa: BLE001 - a link must never break the page
        notices.append(f"Some settings from the link could not be applied together: {_reason(exc)}.")
    notices.extend(experiment.take_notices())
    return notices
