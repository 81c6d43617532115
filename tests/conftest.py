"""Fixtures shared by the browser and deployment tests."""
import os
import tempfile

import pytest

from playground.localhost import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium for the module's tests (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session", autouse=True)
def upload_store():
    """Uploads kept for links go to a folder of the test run (and every server it starts), never
    to the user's cache."""
    with tempfile.TemporaryDirectory(prefix="pg-uploads-") as folder:
        old = os.environ.get("PLAYGROUND_UPLOAD_DIR")
        os.environ["PLAYGROUND_UPLOAD_DIR"] = folder
        try:
            yield folder
        finally:
            if old is None:
                os.environ.pop("PLAYGROUND_UPLOAD_DIR", None)
            else:
                os.environ["PLAYGROUND_UPLOAD_DIR"] = old
