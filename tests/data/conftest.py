"""Shared fixture for the upload/export tests: a tiny CSV builder (tests write plain, unquoted cells)."""
import pytest


def _csv_text(header, rows, sep=",", newline="\n") -> str:
    lines = [sep.join(map(str, header))] + [sep.join(map(str, r)) for r in rows]
    return newline.join(lines) + newline


@pytest.fixture
def csv_text():
    """``csv_text(header, rows, sep=",", newline="\\n")`` -> CSV text."""
    return _csv_text


@pytest.fixture
def good_rows():
    """Twelve rows of a clean binary problem: x1, x2, label."""
    return [[i * 0.5, -i * 0.25, i % 2] for i in range(12)]
