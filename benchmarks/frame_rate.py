"""Frame-rate benchmark of the live app in a real browser (the system's headless Chromium).

Starts ``python -m playground serve`` on a free loopback port and measures what a visitor sees:

* **updates/s, one session**: distinct epoch numbers painted per second (sampled every animation
  frame in the page), with the default experiment (quark vs gluon, two hidden layers) playing;
* **bytes per frame**: websocket bytes the page received while playing, divided by frames received;
* **updates/s, N concurrent sessions** (default 15) on the same server process: frames delivered to
  each of one browser tab plus N-1 protocol clients (``bokeh.client``), all playing, so the server
  carries N sessions while the benchmark machine is not also painting N pages (each visitor paints
  on their own machine); the tab's painted rate is printed too. ``--browser-sessions`` makes them
  all tabs;
* **slider latency**: a keyboard step on the noise slider (circle data, paused) until the new points
  are in the page;
* **first frame**: from navigation to the first drawn boundary, on a running (warm) server;
* **memory**: server RSS and live documents before and after M open/close cycles (default 100).

Run ``python benchmarks/frame_rate.py`` (``--help`` for options). It prints one line per figure and
exits non-zero if a target from the issue is missed (``--no-check`` to only report).
"""
from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from bokeh_client import read_patches, register_page_models
from playground.localhost import CHROMIUM, CHROMIUM_ARGS, LocalServer

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"fps_one": 30.0, "fps_many": 10.0, "slider_ms": 150.0, "first_frame_s": 3.0}

#: Installed in every page: counts changes of the epoch number, sampled once per painted frame.
COUNTER_JS = """() => {
  function find(root) {
    const el = root.querySelector('[data-testid=epoch]');
    if (el) return el;
    for (const host of root.querySelectorAll('*')) {
      if (host.shadowRoot) { const f = find(host.shadowRoot); if (f) return f; }
    }
    return null;
  }
  window.__pg = {changes: 0, last: null, running: true, el: null, frames: 0};
  // frames received: the live readouts change exactly once per frame the server sends (a property
  // of the page's BrowserBridge; older versions: a data source named 'readouts')
  const doc = Bokeh.documents[0], source = doc.get_model_by_name('readouts');
  if (source) source.change.connect(() => window.__pg.frames++);
  else for (const m of doc.all_models)
    if (m.properties && m.properties.readouts) { m.properties.readouts.change.connect(() => window.__pg.frames++); break; }
  function sample() {
    const pg = window.__pg;
    if (!pg.el || !pg.el.isConnected) pg.el = find(document);
    const text = pg.el ? pg.el.textContent : null;
    if (text !== pg.last) { pg.changes++; pg.last = text; }
    if (pg.running) requestAnimationFrame(sample);
  }
  requestAnimationFrame(sample);
}"""


def open_page(browser, url, query="", viewport=(1366, 768)):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    stats = {"bytes": 0, "messages": 0}

    def on_ws(ws):
        def received(payload):
            stats["bytes"] += len(payload)
            stats["messages"] += 1
        ws.on("framereceived", received)

    page.on("websocket", on_ws)
    page.stats = stats
    start = time.perf_counter()
    page.goto(url + query)
    page.locator("[data-testid=epoch]").wait_for(timeout=60_000)
    page.wait_for_function("""() => { const d = window.Bokeh && Bokeh.documents[0];
        const s = d && d.get_model_by_name('boundary-image'); return s && s.data.image[0].length > 4; }""",
                           timeout=60_000)
    page.first_frame_s = time.perf_counter() - start
    page.evaluate(COUNTER_JS)
    return page


def measure(pages, seconds: float) -> list[tuple[float, float, float]]:
    """(visible updates/s, frames received/s, websocket bytes per frame received) per page."""
    counts = "() => [window.__pg.changes, window.__pg.frames]"
    before = [(*p.evaluate(counts), p.stats["bytes"]) for p in pages]
    t0 = time.perf_counter()
    pages[0].wait_for_timeout(seconds * 1000)
    dt = time.perf_counter() - t0
    out = []
    for p, (c0, f0, b0) in zip(pages, before):
        c1, f1 = p.evaluate(counts)
        out.append(((c1 - c0) / dt, (f1 - f0) / dt, (p.stats["bytes"] - b0) / max(1, f1 - f0)))
    return out


class ProtocolClient:
    """A playing session without a browser: Bokeh's Python client on its own thread and event loop,
    counting the frames (PATCH-DOC messages) it receives: what a tab would paint if it kept up.

    Frames are counted, not applied: decoding 14 sessions' frames in this one process would measure
    the benchmark, not the server.
    """

    def __init__(self, url: str, query: dict):
        self.updates = 0
        self.ready = threading.Event()
        self.error = None
        self._thread = threading.Thread(target=self._run, args=(url, query), daemon=True)
        self._thread.start()
        if not self.ready.wait(120):
            raise RuntimeError("protocol client did not connect")
        if self.error:
            raise self.error

    def _run(self, url, query):
        import asyncio

        from bokeh.client import pull_session
        from bokeh.events import DocumentReady
        from tornado.ioloop import IOLoop

        register_page_models()
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            self.io_loop = IOLoop.current()
            self.session = pull_session(url=url, arguments=query, io_loop=self.io_loop)
            self.session.document.callbacks.send_event(DocumentReady())  # what BokehJS sends once loaded
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            self.error = exc
            self.ready.set()
            return
        self.ready.set()
        self.io_loop.run_sync(lambda: read_patches(self.session, self._count))

    def _count(self, message) -> None:
        self.updates += 1

    def close(self):
        def shut():
            socket = self.session._connection._socket
            if socket is not None:
                socket.close()

        self.io_loop.add_callback(shut)
        self._thread.join(10)


def play(page):
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for()


def pause(page):
    page.get_by_role("button", name="Pause").click()


def slider_latency_ms(browser, url, repeats: int = 5) -> float:
    """Median ms from a keyboard step on the noise slider to the regenerated points in the page."""
    page = open_page(browser, url, "?dataset=circle")
    handle = page.locator(".noUi-handle").nth(1)  # speed slider is 0; noise is the first in the side panel
    label = page.get_by_text("Noise (%)")
    label.wait_for()
    # find the noise slider's handle: the one in the same widget as the "Noise (%)" title
    handles = page.locator(".bk-input-group", has_text="Noise (%)").locator(".noUi-handle")
    handle = handles.first
    times = []
    for _ in range(repeats):
        page.evaluate("""() => { const s = Bokeh.documents[0].get_model_by_name('train-points');
            window.__x0 = s.data.x[0]; }""")
        handle.focus()
        t0 = page.evaluate("() => performance.now()")
        handle.press("ArrowRight")
        t1 = page.evaluate("""() => new Promise(resolve => {
            const s = Bokeh.documents[0].get_model_by_name('train-points');
            function check() { if (s.data.x[0] !== window.__x0) {
                requestAnimationFrame(() => resolve(performance.now())); } else requestAnimationFrame(check); }
            check(); })""")
        times.append(t1 - t0)
        page.wait_for_timeout(200)
    page.close()
    times.sort()
    return times[len(times) // 2]


def memory_cycles(browser, server, cycles: int) -> tuple[dict, dict]:
    before = server.health(gc=True)
    for i in range(cycles):
        page = open_page(browser, server.url)
        if i % 10 == 0:
            play(page)
            page.wait_for_timeout(300)
        page.close()
    deadline = time.monotonic() + 60
    after = server.health(gc=True)
    while after["sessions"] > 0 and time.monotonic() < deadline:
        time.sleep(1)
        after = server.health(gc=True)
    return before, after


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="measuring window per scenario")
    ap.add_argument("--sessions", type=int, default=15, help="concurrent sessions for the multi-session figure")
    ap.add_argument("--cycles", type=int, default=100, help="open/close cycles for the memory figure (0: skip)")
    ap.add_argument("--threads", type=int, default=0, help="server --num-threads (0: off)")
    ap.add_argument("--browser-sessions", action="store_true",
                    help="make every concurrent session a browser tab (the benchmark machine then paints them all)")
    ap.add_argument("--no-check", action="store_true", help="report only; do not fail on missed targets")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    extra = ["--max-sessions", "0", "--idle-timeout", "2"]
    if args.threads:
        extra += ["--num-threads", str(args.threads)]
    server = LocalServer(*extra, "--log-level", "warning", cwd=REPO)
    results = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                warm = open_page(browser, server.url)  # the process's first session loads the jet table
                results["first_session_s"] = warm.first_frame_s
                warm.close()
                page = open_page(browser, server.url)
                results["first_frame_s"] = page.first_frame_s
                play(page)
                page.wait_for_timeout(1000)
                (fps, msgs, bpm), = measure([page], args.seconds)
                results.update(fps_one=fps, messages_one=msgs, bytes_per_frame=bpm)
                pause(page)
                page.close()

                results["slider_ms"] = slider_latency_ms(browser, server.url)

                n_tabs = args.sessions if args.browser_sessions else 1
                pages = [open_page(browser, server.url) for _ in range(n_tabs)]
                clients = [ProtocolClient(server.url, {"play": "1"}) for _ in range(args.sessions - n_tabs)]
                for p in pages:
                    play(p)
                pages[0].wait_for_timeout(2000)
                before = [c.updates for c in clients]
                t0 = time.perf_counter()
                rows = measure(pages, args.seconds)
                dt = time.perf_counter() - t0
                client_rates = [(c.updates - b) / dt for c, b in zip(clients, before)]
                visible = [r[0] for r in rows]
                received = [r[1] for r in rows] + client_rates  # frames the server delivered, per session
                results["fps_many_tab"] = min(visible)
                results["fps_many_min"] = min(received)
                results["fps_many_mean"] = sum(received) / args.sessions
                for p in pages:
                    p.close()
                for c in clients:
                    c.close()

                if args.cycles:
                    before, after = memory_cycles(browser, server, args.cycles)
                    results["rss_before_mb"] = before["rss_mb"]
                    results["rss_after_mb"] = after["rss_mb"]
                    results["documents_alive_after"] = after.get("documents_alive")
                    results["sessions_after"] = after["sessions"]
            finally:
                browser.close()
    finally:
        server.stop()
        log = server.log_text()
        errors = [i for i, ln in enumerate(log.splitlines()) if "Error" in ln or "Traceback" in ln]
        if errors:
            lines = log.splitlines()
            print(f"server logged {len(errors)} error lines, e.g.:")
            print("\n".join(lines[max(0, errors[0] - 15):errors[0] + 3]))

    r = results
    print(f"one session:        {r['fps_one']:.1f} visible updates/s ({r['messages_one']:.1f} frames/s received), "
          f"{r['bytes_per_frame'] / 1024:.1f} KiB per frame")
    print(f"{args.sessions} sessions:        min {r['fps_many_min']:.1f}, mean {r['fps_many_mean']:.1f} frames/s "
          f"delivered per session; the browser tab among them painted {r['fps_many_tab']:.1f}/s on this machine")
    print(f"slider to screen:   {r['slider_ms']:.0f} ms (median)")
    print(f"first frame:        {r['first_frame_s']:.2f} s warm server ({r['first_session_s']:.2f} s for the "
          f"process's first session)")
    if args.cycles:
        print(f"memory:             {r['rss_before_mb']:.0f} MB -> {r['rss_after_mb']:.0f} MB after {args.cycles} "
              f"open/close cycles; {r['sessions_after']} sessions and {r['documents_alive_after']} documents alive")
    missed = []
    if r["fps_one"] < TARGETS["fps_one"]:
        missed.append("one-session frame rate")
    if r["fps_many_min"] < TARGETS["fps_many"]:
        missed.append("multi-session frame rate")
    if r["slider_ms"] > TARGETS["slider_ms"]:
        missed.append("slider latency")
    if r["first_frame_s"] > TARGETS["first_frame_s"]:
        missed.append("first frame")
    if args.cycles and (r["documents_alive_after"] or 0) > 0:
        missed.append("memory returned after sessions close")
    if missed:
        print("MISSED: " + ", ".join(missed))
    return 0 if (args.no_check or not missed) else 1


if __name__ == "__main__":
    sys.exit(main())
