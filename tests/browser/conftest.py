"""Browser tests drive the served app like a visitor: a real ``playground serve`` subprocess (one per test
module) and the system's headless Chromium (never a downloaded browser). Screenshots go to
``test-artifacts/`` (git-ignored). The ``browser`` fixture is the suite's (``tests/conftest.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest
from playground.localhost import LocalServer

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
STARTUP_TIMEOUT = 180  # imports + Numba cache load on a shared machine


def start_server(*serve_args: str) -> LocalServer:
    """A ``playground serve`` process for one test module; its log lands in test-artifacts/."""
    return LocalServer(*serve_args, log_dir=ARTIFACTS, cwd=REPO, startup_timeout=STARTUP_TIMEOUT)


@pytest.fixture(scope="module")
def server():
    with start_server() as srv:
        yield srv


def new_tab(browser, width: int, height: int, **context_options):
    """A tab in a fresh browser context; its uncaught page errors collect in ``tab.errors``."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    return context, pg


@pytest.fixture
def page(browser, server):
    """A fresh 1366x768 tab (the smallest screen the layout targets); closed after the test."""
    context, pg = new_tab(browser, 1366, 768)
    try:
        yield pg
    finally:
        context.close()


def shot(page, name: str, locator=None) -> Path:
    """Save a screenshot (of the page or one element) under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path
