"""Browser tests drive the served app like a visitor: a real ``playground serve`` subprocess (one per test
module) and the system's headless Chromium (never a downloaded browser). Screenshots go to
``test-artifacts/`` (git-ignored)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playground.localhost import CHROMIUM, CHROMIUM_ARGS, free_port

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
STARTUP_TIMEOUT = 180  # imports + Numba cache load on a shared machine


class Server:
    """``python -m playground serve`` on a free loopback port, stopped by :meth:`stop`."""

    def __init__(self, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = (ARTIFACTS / f"server-{self.port}.log")
        ARTIFACTS.mkdir(exist_ok=True)
        self._log = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "playground", "serve", "--port", str(self.port), "--address", "127.0.0.1",
             *extra], cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not answer within {STARTUP_TIMEOUT} s:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture(scope="module")
def server():
    srv = Server()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


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
