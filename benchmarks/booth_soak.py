"""Booth soak: one kiosk screen for an hour, a scripted visitor now and then, the idle reset in between.

A booth runs all day on one tab: anything that grows per visitor (server memory, DOM nodes, JS event
listeners, JS heap) eventually stalls it. This starts ``playground serve --kiosk --reset-after R``,
opens a 1920x1080 touch tab in the system Chromium and repeats a cycle: a visitor taps a few
controls (a dataset, a bigger network, an activation, play), then leaves; the screen resets to its
attract loop after R seconds. Every sample prints the server's resident memory and the tab's DOM
nodes, JS event listeners and JS heap (Chrome DevTools' own counters), and the end prints the
growth per hour fitted over the second half of the run (after warm-up).

    python benchmarks/booth_soak.py                       # one hour, reset every 30 s
    python benchmarks/booth_soak.py --minutes 5 --reset-after 5 --sample-every 20
"""
from __future__ import annotations

import argparse
import sys
import time

from playground.localhost import CHROMIUM, CHROMIUM_ARGS, LocalServer

#: What the scripted visitor taps, one list per visit, taken in turn (booth buttons by their text;
#: "Play" is the play/pause toggle, whatever it shows).
VISITS = [["Circle", "+layers", "ReLU", "Play"], ["XOR", "+neurons", "fast", "Play"],
          ["Spiral", "+layers", "+neurons", "sigmoid", "Play"], ["Two blobs", "-layers", "too fast", "Play"],
          ["Quarks or gluons", "tanh", "slow", "Start again"]]
BUTTONS = {"Play": ".pg-booth-play button", "+layers": ".pg-booth-more-layers button", "-layers": ".pg-booth-fewer-layers button",
           "+neurons": ".pg-booth-more-neurons button", "-neurons": ".pg-booth-fewer-neurons button"}


def tap(page, name: str) -> None:
    if name in BUTTONS:
        page.locator(BUTTONS[name]).first.tap(timeout=10_000)
    else:
        page.get_by_role("button", name=name).first.tap(timeout=10_000)


def counters(cdp) -> dict:
    dom = cdp.send("Memory.getDOMCounters")
    heap = cdp.send("Runtime.getHeapUsage")
    return {"nodes": dom["nodes"], "listeners": dom["jsEventListeners"], "heap_mb": heap["usedSize"] / 2**20}


def slope_per_hour(times: list[float], values: list[float]) -> float:
    """Least-squares growth per hour of ``values`` over ``times`` (seconds)."""
    n = len(times)
    if n < 2:
        return float("nan")
    mt, mv = sum(times) / n, sum(values) / n
    var = sum((t - mt) ** 2 for t in times)
    return 3600 * sum((t - mt) * (v - mv) for t, v in zip(times, values)) / var if var else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--reset-after", type=float, default=30.0, help="the kiosk's idle reset, seconds")
    parser.add_argument("--sample-every", type=float, default=60.0, help="seconds between samples")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with LocalServer("--kiosk", "--reset-after", str(args.reset_after), "--log-level", "warning",
                     startup_timeout=240) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        cdp = context.new_cdp_session(page)
        page.goto(server.url)
        page.get_by_role("button", name="Start again").first.wait_for(timeout=90_000)
        print(f"booth soak: {args.minutes:g} min, idle reset {args.reset_after:g} s, visitor every cycle; "
              f"server pid {server.health()['pid']}", flush=True)
        print(f"{'min':>6} | {'visits':>6} | {'server RSS MB':>13} | {'DOM nodes':>9} | {'JS listeners':>12} | "
              f"{'JS heap MB':>10} | {'sessions':>8}", flush=True)
        start = time.monotonic()
        samples: list[tuple[float, dict]] = []
        visits, next_sample = 0, 0.0
        while (elapsed := time.monotonic() - start) < args.minutes * 60:
            if elapsed >= next_sample:
                cdp.send("HeapProfiler.collectGarbage")
                health = server.health(gc=True)
                row = {**counters(cdp), "rss": health["rss_mb"], "sessions": health["sessions"]}
                samples.append((elapsed, row))
                print(f"{elapsed / 60:6.1f} | {visits:6d} | {row['rss']:13.1f} | {row['nodes']:9d} | "
                      f"{row['listeners']:12d} | {row['heap_mb']:10.1f} | {row['sessions']:8d}", flush=True)
                next_sample += args.sample_every
            for name in VISITS[visits % len(VISITS)]:
                tap(page, name)
                page.wait_for_timeout(1500)
            visits += 1
            page.wait_for_timeout(int((args.reset_after + 3) * 1000))  # the visitor leaves; the screen resets
        later = [(t, r) for t, r in samples if t >= samples[-1][0] / 2] if samples else []
        times = [t for t, _ in later]
        print("growth per hour over the second half:", ", ".join(
            f"{key} {slope_per_hour(times, [r[key] for _, r in later]):+.1f}"
            for key in ("rss", "nodes", "listeners", "heap_mb")), flush=True)
        print(f"page errors: {len(errors)}" + (f" (first: {errors[0][:200]})" if errors else ""), flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
