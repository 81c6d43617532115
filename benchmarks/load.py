"""Load benchmark: N visitors training at once on one ``playground serve`` process.

Each visitor is a Bokeh client session that behaves like a browser tab as far as the server can
tell: it opens the app over a websocket (the server builds a whole page and Experiment for it), says
it has rendered (``DocumentReady``, as BokehJS does), presses Play and receives every frame. No
pixels are drawn, so the figures are the server's, not a browser's.

For each N it prints frames per second per session (mean and slowest), epochs per second per
session, the server's CPU (% of one core), the time it was ready to run but waiting for a core (other
work on a shared machine), its resident memory while all train and once they have closed, and the
load benchmark's own CPU (it shares the machine with the server).

A last "heavy neighbour" row plays one visitor alone, then beside a session that uploads the largest
file the page takes (5 MB, 64 columns) and trains an 8x16 network on it at batch size 1: the playing
visitor's frames/s should stay at least half of what it was alone.

    python benchmarks/load.py                       # starts its own server; N = 1, 5, 15, 30
    python benchmarks/load.py --sessions 1,10 --seconds 20 --serve-args "--num-threads 4"
    python benchmarks/load.py --url http://127.0.0.1:5006 --pid 1234   # a server already running
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import sys
import time
import urllib.request
from dataclasses import dataclass
from bokeh_client import read_patches, register_page_models, wait_for_page
from playground.localhost import LocalServer

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_wait_seconds(pid: int) -> float:
    """Time the process's threads spent runnable but waiting for a core (/proc schedstat), 0 if unknown.

    On a shared machine this is the share of the measurement the server was starved by other work.
    """
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return total / 1e9


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def health(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/health", timeout=10) as response:
        return json.load(response)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"timed out waiting for {what}")


@dataclass
class Visitor:
    """One client session: counts the frames (PATCH-DOC messages) it receives and reads its epoch.

    Frames are read off the websocket by :func:`bokeh_client.read_patches` and not applied to a
    client-side document (a browser would draw them; applying them in Python would only load the
    shared CPU). The epoch travels in the page's ``readouts`` data source (see ``ui/readouts.py``).
    """

    session: object
    readouts_id: str | None = None
    frames: int = 0
    last_epoch: int | None = None

    def epoch(self) -> int | None:
        return self.last_epoch

    def take(self, message) -> None:
        self.frames += 1
        for event in message.content.get("events", []):
            if (event.get("model") or {}).get("id") == self.readouts_id and event.get("attr", "data") == "data":
                data = event.get("data") or event.get("new") or {}
                columns = dict(data.get("entries", [])) if data.get("type") == "map" else data
                if columns.get("epoch"):
                    self.last_epoch = int(columns["epoch"][0])


def open_visitor(url: str, loop, query: dict | None = None) -> Visitor:
    from bokeh.client import pull_session

    session = pull_session(url=f"{url}/", io_loop=loop, arguments=query)
    wait_for_page(session, loop)
    readouts = session.document.get_model_by_name("readouts")
    return Visitor(session, readouts.id, last_epoch=int(readouts.data["epoch"][0]))


def press_play(visitor: Visitor, loop) -> None:
    from bokeh.events import ButtonClick

    doc = visitor.session.document
    play = next(m for m in doc.models if getattr(m, "label", None) == "Play")
    loop.add_callback(read_patches, visitor.session, visitor.take)
    doc.callbacks.send_event(ButtonClick(play))


def run_loop(loop, seconds: float) -> None:
    loop.run_sync(lambda: asyncio.sleep(seconds))


def measure(url: str, pid: int, n: int, warmup: float, seconds: float) -> dict:
    from tornado.ioloop import IOLoop

    loop = IOLoop(make_current=False)
    opened = time.perf_counter()
    visitors = [open_visitor(url, loop) for _ in range(n)]
    open_s = (time.perf_counter() - opened) / n
    for visitor in visitors:
        press_play(visitor, loop)
    run_loop(loop, warmup)

    frames0 = [v.frames for v in visitors]
    epochs0 = [v.epoch() for v in visitors]
    server0, wait0, client0, wall0 = cpu_seconds(pid), cpu_wait_seconds(pid), cpu_seconds(), time.perf_counter()
    run_loop(loop, seconds)
    wall = time.perf_counter() - wall0
    server_cpu = 100 * (cpu_seconds(pid) - server0) / wall
    server_wait = 100 * (cpu_wait_seconds(pid) - wait0) / wall
    client_cpu = 100 * (cpu_seconds() - client0) / wall
    rss_training = rss_mb(pid)
    fps = [(v.frames - f0) / wall for v, f0 in zip(visitors, frames0)]
    eps = [(e1 - e0) / wall for v, e0 in zip(visitors, epochs0)
           if e0 is not None and (e1 := v.epoch()) is not None]

    for visitor in visitors:
        visitor.session.close()
    run_loop(loop, 0.5)
    loop.close()
    wait_for(lambda: health(url)["sessions"] == 0, 120, "closed sessions to be freed")
    return {"n": n, "open_s": open_s, "fps_mean": sum(fps) / n, "fps_min": min(fps),
            "eps_mean": sum(eps) / len(eps) if eps else float("nan"), "server_cpu": server_cpu,
            "server_wait": server_wait,
            "rss": rss_training, "rss_after": rss_mb(pid), "client_cpu": client_cpu}


def big_upload(max_bytes: int) -> tuple[bytes, int, int]:
    """The largest upload the page takes: 64 feature columns, as many rows as fit in ``max_bytes``."""
    import numpy as np

    rng = np.random.default_rng(0)
    header = ",".join(f"f{i}" for i in range(64)) + ",label\n"
    lines, size = [], len(header)
    while True:
        row = rng.normal(size=64)
        line = ",".join(f"{v:.4f}" for v in row) + f",{int(row[0] + row[1] > 0)}\n"
        if size + len(line) > max_bytes:
            break
        lines.append(line)
        size += len(line)
    return (header + "".join(lines)).encode(), len(lines), 64


def measure_heavy_neighbour(url: str, warmup: float, seconds: float) -> dict:
    """One visitor playing the default page, first alone, then while a second session uploads the
    largest file the page takes and trains an 8x16 network on it at batch size 1."""
    import base64

    from tornado.ioloop import IOLoop

    from playground.data.upload import MAX_BYTES

    loop = IOLoop(make_current=False)
    quiet = open_visitor(url, loop)
    press_play(quiet, loop)
    run_loop(loop, warmup)
    f0, t0 = quiet.frames, time.perf_counter()
    run_loop(loop, seconds)
    alone = (quiet.frames - f0) / (time.perf_counter() - t0)

    heavy = open_visitor(url, loop, {"hidden_layers": ",".join(["16"] * 8), "batch_size": "1"})
    data, rows, cols = big_upload(MAX_BYTES)
    bridge = next(m for m in heavy.session.document.models if "pg-upload" in (getattr(m, "css_classes", None) or []))
    f0, t0 = quiet.frames, time.perf_counter()
    bridge.data.upload = {"name": "big.csv", "size": len(data), "data": base64.b64encode(data).decode()}
    loop.add_callback(read_patches, heavy.session, heavy.take)
    run_loop(loop, 8)  # the upload travels and is parsed meanwhile
    during_upload = (quiet.frames - f0) / (time.perf_counter() - t0)
    heavy_play = next(m for m in heavy.session.document.models if getattr(m, "label", None) == "Play")
    from bokeh.events import ButtonClick

    heavy.session.document.callbacks.send_event(ButtonClick(heavy_play))
    run_loop(loop, warmup)
    f0, h0, t0 = quiet.frames, heavy.frames, time.perf_counter()
    run_loop(loop, seconds)
    wall = time.perf_counter() - t0
    result = {"alone": alone, "during_upload": during_upload, "beside_heavy": (quiet.frames - f0) / wall,
              "heavy_fps": (heavy.frames - h0) / wall, "rows": rows, "cols": cols, "bytes": len(data)}
    for visitor in (quiet, heavy):
        visitor.session.close()
    run_loop(loop, 0.5)
    loop.close()
    wait_for(lambda: health(url)["sessions"] == 0, 120, "closed sessions to be freed")
    return result


COLUMNS = [("N", "n", "d"), ("open s", "open_s", ".2f"), ("frames/s/session", "fps_mean", ".1f"),
           ("slowest", "fps_min", ".1f"), ("epochs/s/session", "eps_mean", ".0f"),
           ("server CPU %", "server_cpu", ".0f"), ("waiting for CPU %", "server_wait", ".0f"),
           ("server RSS MB", "rss", ".0f"), ("RSS after close", "rss_after", ".0f"), ("bench CPU %", "client_cpu", ".0f")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,5,15,30", help="comma-separated N")
    parser.add_argument("--seconds", type=float, default=10, help="measurement window per N")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of training before measuring")
    parser.add_argument("--url", default="", help="an already running server (default: start one)")
    parser.add_argument("--pid", type=int, default=0, help="that server's process id (default: from /health)")
    parser.add_argument("--serve-args", default="", help="extra `playground serve` options for the started server")
    parser.add_argument("--no-heavy", action="store_true", help="skip the heavy-neighbour row")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.sessions.split(",") if n.strip()]

    register_page_models()

    server = None
    url = args.url.rstrip("/")
    if not url:
        server = LocalServer("--max-sessions", "0", "--idle-timeout", "2", "--log-level", "warning",
                             *shlex.split(args.serve_args), startup_timeout=240)
        url = server.base_url
    try:
        pid = args.pid or health(url)["pid"]
        print(f"server pid {pid} at {url}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
              f"before start; window {args.seconds:.0f} s after {args.warmup:.0f} s warm-up; "
              f"frames = updates pushed to one session", flush=True)
        header = " | ".join(f"{title:>{max(len(title), 3)}}" for title, _, _ in COLUMNS)
        print(header)
        print("-" * len(header), flush=True)
        for n in counts:
            r = measure(url, pid, n, args.warmup, args.seconds)
            print(" | ".join(f"{r[key]:>{max(len(title), 3)}{fmt}}" for title, key, fmt in COLUMNS), flush=True)
        if not args.no_heavy:
            h = measure_heavy_neighbour(url, args.warmup, args.seconds)
            print(f"heavy neighbour ({h['rows']:,} x {h['cols']} upload, {h['bytes'] / 1e6:.1f} MB, 8x16 network, "
                  f"batch size 1): a playing visitor's frames/s alone {h['alone']:.1f}, while the file is read "
                  f"{h['during_upload']:.1f}, beside it training {h['beside_heavy']:.1f} "
                  f"({100 * h['beside_heavy'] / h['alone']:.0f} % of alone); the heavy session itself "
                  f"{h['heavy_fps']:.1f} frames/s", flush=True)
    finally:
        if server is not None:
            server.stop(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
