"""Helpers of the deployment tests: free loopback ports, real server processes, driving the app page.

Every process a test starts is stopped by the same helper that started it (terminate, bounded wait,
then kill), so a failing assertion never leaves a server behind. Everything listens on 127.0.0.1.
"""
from __future__ import annotations

import contextlib
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from playground.localhost import LocalServer

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 180  # import + Numba cache load; generous because the CI machine is shared
TRAIN_TIMEOUT = 90_000  # ms for a session to show its first trained epoch


def http_get(url: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body text) without raising on 4xx/5xx and without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


def health(base_url: str, gc: bool = False, headers: dict | None = None) -> dict:
    status, _, body = http_get(f"{base_url}/health" + ("?gc=1" if gc else ""), headers)
    assert status == 200, body
    return json.loads(body)


def wait_until(predicate, timeout: float, interval: float = 0.25, what: str = "condition"):
    """Poll ``predicate`` until it returns a truthy value; fail with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (OSError, AssertionError, ValueError) as exc:
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error!r})")


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@contextlib.contextmanager
def playground_server(tmp_path: Path, *serve_args: str):
    """A ``python -m playground serve`` process on a free loopback port; yields its base URL."""
    with LocalServer(*serve_args, log_dir=tmp_path, cwd=REPO, startup_timeout=STARTUP_TIMEOUT) as server:
        yield server.base_url


def epoch(page) -> int:
    """The epoch the page shows (``[data-testid=epoch]``), 0 while nothing has trained."""
    text = page.locator("[data-testid=epoch]").first.inner_text(timeout=30_000)
    digits = re.sub(r"[^0-9]", "", text)
    return int(digits) if digits else 0


def press_play(page) -> None:
    page.get_by_role("button", name=re.compile(r"^\s*Play\s*$")).first.click(timeout=60_000)


def wait_trained(page, timeout_ms: int = TRAIN_TIMEOUT) -> int:
    """Wait until the page shows an epoch > 0; returns it."""
    page.wait_for_function(
        """() => {
            const find = (root) => {
                const hit = root.querySelector('[data-testid=epoch]');
                if (hit) return hit;
                for (const el of root.querySelectorAll('*')) {
                    if (el.shadowRoot) { const inner = find(el.shadowRoot); if (inner) return inner; }
                }
                return null;
            };
            const el = find(document);
            return el && parseInt((el.textContent || '').replace(/[^0-9]/g, '') || '0') > 0;
        }""",
        timeout=timeout_ms, polling=250)
    return epoch(page)


def open_app(page, url: str) -> None:
    """Load the app and wait for its Play button (the page is live once Bokeh has rendered it)."""
    page.goto(url, wait_until="domcontentloaded", timeout=60_000)
    page.get_by_role("button", name=re.compile(r"^\s*Play\s*$")).first.wait_for(timeout=90_000)

