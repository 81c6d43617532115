"""A booth without network: the app loads, renders and trains with everything off the machine blocked.

The browser cannot resolve any outside name (Chromium's host-resolver rules) and every request is
gated: loopback passes, anything else is recorded and aborted. The test fails on any such attempt,
even one the page would survive (a web font, a CDN script), and on any failed local asset.
"""
import re
from urllib.parse import urlsplit

import pytest

from playground.localhost import CHROMIUM, CHROMIUM_ARGS

from .deploy_support import (http_get, open_app, playground_server, press_play,
                             wait_trained)

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with playground_server(tmp_path_factory.mktemp("offline")) as base_url:
        yield base_url


def test_page_names_no_outside_address(url):
    status, _, html = http_get(f"{url}/")
    assert status == 200
    linked = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", html)
    assert [u for u in linked if not is_local(u if u.startswith("http") else "http:" + u)] == []


def test_app_renders_and_trains_with_the_internet_blocked(url):
    from playwright.sync_api import sync_playwright

    outside, failed, websockets = [], [], []

    def gate(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"])
        try:
            context = browser.new_context(service_workers="block")
            context.route("**/*", gate)
            page = context.new_page()
            page.on("websocket", lambda ws: websockets.append(ws.url))
            page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
            page.on("response", lambda r: r.status >= 400 and failed.append((r.url, r.status)))
            open_app(page, f"{url}/")
            press_play(page)
            assert wait_trained(page) > 0
            page.wait_for_timeout(1500)  # let late assets (fonts, lazily loaded views) be requested
            attempts, local_failures = list(outside), [f for f in failed if is_local(f[0])]
            canary = context.new_page()  # a navigation: the page's own fetches are stopped earlier, by its CSP
            try:
                canary.goto("https://cdn.example.org/canary.js", timeout=10_000)
            except Exception:  # noqa: BLE001 - aborted by the gate, as it should be
                pass
        finally:
            browser.close()

    assert outside[len(attempts):] == ["https://cdn.example.org/canary.js"], "the request gate is not working"
    assert attempts == [], f"the app tried to reach the internet: {sorted(set(attempts))}"
    assert local_failures == [], f"local assets failed: {local_failures}"
    assert websockets and all(is_local(u.replace("ws", "http", 1)) for u in websockets), websockets
