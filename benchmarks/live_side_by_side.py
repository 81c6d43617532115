"""What the extra views cost the live page: one session's frame rate, side by side in one run.

Starts ``python -m playground serve`` and opens one headless-Chromium tab playing the default page
(quark vs gluon jets), then measures, each over the same window:

* **plain**: the page as it opens, playing;
* **hidden space**: the same page with its Hidden space tab open (one more forward pass per frame,
  over the training points and the plane's grid lines, and one more picture);
* **search running**: the same page while its Search tab trains a search on a worker thread of the
  same server process (100 trials x 2000 epochs, so it outlasts the window);

and prints frames received per second and visible epoch updates per second for each, with the
ratio to the plain page. The issues' targets: the hidden-space tab costs at most 20 % of the frame
rate (#15) and the live view keeps its frame rate during a search (#16); both checked at 20 %
(--max-drop, default 0.2). Exits non-zero if a target is missed (--no-check to
only report).

Run ``python benchmarks/live_side_by_side.py`` (about a minute).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from frame_rate import measure, open_page, play
from playground.localhost import CHROMIUM, CHROMIUM_ARGS, LocalServer

REPO = Path(__file__).resolve().parents[1]


def push_slider_to_end(page, css_class: str) -> None:
    """Move a Panel slider to its largest value the way a keyboard user does (focus, End)."""
    handle = page.locator(f".{css_class} .noUi-handle").first
    handle.focus()
    handle.press("End")


def start_long_search(page) -> None:
    page.get_by_role("tab", name="Search").click()
    push_slider_to_end(page, "pg-search-trials")
    push_slider_to_end(page, "pg-search-epochs")
    page.wait_for_timeout(500)
    page.locator(".pg-search-start button").click()
    status = page.locator("[data-testid=search-status]")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if status.count() and status.get_attribute("data-state") == "searching" and " of 100 trials" in status.inner_text():
            return
        page.wait_for_timeout(200)
    raise RuntimeError("the search did not start with 100 trials")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=8.0, help="measuring window per scenario")
    ap.add_argument("--max-drop", type=float, default=0.2, help="largest allowed drop in frames/s (0.2 = 20 %%)")
    ap.add_argument("--query", default="", help="link settings for the page, e.g. '?dataset=circle'")
    ap.add_argument("--no-check", action="store_true", help="report only; do not fail on a missed target")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    server = LocalServer("--log-level", "warning", cwd=REPO)
    rows = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                open_page(browser, server.url).close()  # the process's first session loads the jet table
                page = open_page(browser, server.url, args.query)
                play(page)
                page.wait_for_timeout(1500)
                (fps, received, _), = measure([page], args.seconds)
                rows["plain"] = (received, fps)
                page.get_by_role("tab", name="Hidden space").click()
                page.locator("[data-testid=hidden-mode]").wait_for(timeout=30_000)
                page.wait_for_timeout(1500)
                (fps, received, _), = measure([page], args.seconds)
                rows["hidden space"] = (received, fps)
                page.get_by_role("tab", name="Input plane").click()
                start_long_search(page)
                page.wait_for_timeout(1500)
                (fps, received, _), = measure([page], args.seconds)
                status = page.locator("[data-testid=search-status]").inner_text()
                rows["search running"] = (received, fps)
                page.close()
            finally:
                browser.close()
    finally:
        server.stop()
    base = rows["plain"][0]
    print(f"{'page':<16} {'frames/s':>9} {'updates/s':>10} {'vs plain':>9}")
    for name, (received, fps) in rows.items():
        print(f"{name:<16} {received:>9.1f} {fps:>10.1f} {received / base:>9.2f}")
    print(f"(search status at the end of its window: {status})")
    missed = [name for name, (received, _) in rows.items() if received < (1 - args.max_drop) * base]
    if missed:
        print("MISSED: frame rate dropped by more than "
              f"{args.max_drop:.0%} with: {', '.join(missed)}")
    return 0 if (args.no_check or not missed) else 1


if __name__ == "__main__":
    sys.exit(main())
