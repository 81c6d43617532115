"""With ``--num-threads``, button callbacks run on worker threads: rapid clicks must neither draw
outside the document lock (Bokeh's '_pending_writes should be non-None', a lost redraw) nor start the
training callback twice (a paused page that keeps training)."""
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .deploy_support import epoch, open_app, playground_server, press_play, wait_trained, wait_until


def test_rapid_clicks_on_worker_threads_draw_safely_and_pause_for_real(tmp_path, browser):
    with playground_server(tmp_path, "--num-threads", "2") as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            open_app(page, f"{url}/?dataset=circle")
            press_play(page)
            wait_trained(page)
            buttons = [page.get_by_role("button", name=re.compile(rf"^\s*{name}\s*$")).first
                       for name in ("Reset", "Step", "Pause", "Play", "Reset", "Step")]
            clicks = 0
            for _ in range(8):
                for button in buttons:
                    try:  # as fast as a script: no hover, no tooltip; Play and Pause swap labels meanwhile
                        button.dispatch_event("click", timeout=300)
                        clicks += 1
                    except PlaywrightTimeout:
                        pass
            assert clicks >= 30
            page.wait_for_timeout(1000)
            pause = page.get_by_role("button", name=re.compile(r"^\s*Pause\s*$")).first
            if pause.is_visible():
                pause.dispatch_event("click")
            page.get_by_role("button", name=re.compile(r"^\s*Play\s*$")).first.wait_for(timeout=10_000)
            page.wait_for_timeout(1500)
            still = epoch(page)
            page.wait_for_timeout(2000)
            assert epoch(page) == still, "the page trains while paused: a second callback is running"
            page.get_by_role("button", name=re.compile(r"^\s*Step\s*$")).first.dispatch_event("click")
            wait_until(lambda: epoch(page) != still, 20, what="the step after the clicks to be drawn")
            page.wait_for_timeout(1000)
            assert epoch(page) == still + 1, "one Step click trained more (or less) than one frame"
        finally:
            context.close()
        log = (tmp_path / next(p.name for p in tmp_path.iterdir() if p.name.startswith("server-"))).read_text()
    assert "_pending_writes" not in log and "Traceback" not in log, log[-3000:]
