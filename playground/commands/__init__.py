"""The ``playground`` commands that work without a browser: ``train``, ``predict`` and ``data``.

Each lives in its own module with ``main(argv) -> exit code`` and its own parser; :func:`run` is how
``playground.cli`` calls them. A user's mistake (an unknown dataset, a value out of range, a file
that cannot be read or is not what it should be) ends the command with one line on stderr,
``playground: error: ...``, and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = {
    "train": "train an experiment headless: progress bar, summary, model export, picture",
    "predict": "score a CSV file (the upload format) with a saved model",
    "data": "write any built-in dataset as a CSV file (the upload format)",
    "search": "try many networks on one dataset (grid, random or Optuna's TPE) and list them best first",
}
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line (``playground: error: ...``), exit code 2."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"playground: error: {message} (see '{self.prog} --help')\n")


def describe(exc: BaseException, *, file_named: bool = False) -> str:
    """An exception as one plain line: files by name, no errno numbers, no line breaks.
    ``file_named``: the caller's message already names the file, so leave it out."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror if file_named or exc.filename is None else f"{exc.filename}: {exc.strerror}"
    else:
        text = str(exc)
    return " ".join(text.split()) or type(exc).__name__


def whole_number(low: int, high: int, what: str):
    """An argparse type: a whole number from ``low`` to ``high``, refused in words naming ``what``."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{what} must be {low} to {high}, got {n}")
        return n
    return parse


def fail(message: str) -> None:
    """Stop the command with one error line (raised as ValueError, printed by :func:`run`)."""
    raise ValueError(message)


def run(name: str, argv: list[str]) -> int:
    """Run command ``name`` with its arguments; expected failures become one line and exit code 2."""
    module = importlib.import_module(f"{__name__}.{name}")
    try:
        return int(module.main(argv) or 0)
    except KeyboardInterrupt:
        print("playground: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `playground data circle | head`: the reader has gone, nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except (ValueError, OSError) as exc:
        print(f"playground: error: {describe(exc)}", file=sys.stderr)
        return EXIT_USAGE
