"""The deployment tests' browser: one headless Debian Chromium per module (never a downloaded one)."""
import pytest

from .deploy_support import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def chromium():
    """One headless Debian Chromium for the module's tests (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
