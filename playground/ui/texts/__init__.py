"""The words of the booth page, one TOML file per language (``booth.<code>.toml``).

Why data files: the booth poster comes from a German open day, and the next stand may speak
another language; a translation is a copy of ``booth.en.toml`` with the same keys, not code. A key
a translation leaves out falls back to English. The "How it works" text is ``ui/how_it_works.md``
and ``ui/how_it_works.<code>.md``.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT = "en"


def languages() -> dict[str, str]:
    """Language code -> its own name ("de" -> "Deutsch"), English first."""
    codes = sorted((p.name.split(".")[1] for p in HERE.glob("booth.*.toml")), key=lambda c: (c != DEFAULT, c))
    return {code: booth_texts(code)["language"] for code in codes}


@lru_cache(maxsize=None)
def booth_texts(code: str = DEFAULT) -> dict:
    """The booth's words in language ``code``, English where the translation has no entry."""
    english = tomllib.loads((HERE / f"booth.{DEFAULT}.toml").read_text(encoding="utf-8"))
    if code == DEFAULT:
        return english
    path = HERE / f"booth.{code}.toml"
    if not path.is_file():
        raise ValueError(f"no booth texts for language {code!r}")
    merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in english.items()}
    for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
        if isinstance(value, dict):
            merged.setdefault(key, {}).update(value)
        else:
            merged[key] = value
    return merged


#: The network's answer range and the middle that splits quark from gluon, per output activation:
#: a cross-entropy head is a sigmoid (0 to 1), squared or absolute error heads are tanh (-1 to 1).
OUTPUT_RANGES = {"sigmoid": ("0", "1", "0.5"), "tanh": ("−1", "1", "0")}
#: Languages that write a decimal comma.
DECIMAL_COMMA = {"de"}


def how_it_works_text(code: str = DEFAULT, output: str = "sigmoid") -> str:
    """The "How it works" text in language ``code``, with the answer range of the network's
    ``output`` activation filled in ({low}, {high}, {middle} in the file)."""
    ui = HERE.parent
    path = ui / f"how_it_works.{code}.md"
    text = (path if code != DEFAULT and path.is_file() else ui / "how_it_works.md").read_text(encoding="utf-8")
    low, high, middle = OUTPUT_RANGES.get(output, OUTPUT_RANGES["sigmoid"])
    if code in DECIMAL_COMMA:
        middle = middle.replace(".", ",")
    return text.replace("{low}", low).replace("{high}", high).replace("{middle}", middle)
