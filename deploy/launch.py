"""Run several ``playground serve`` processes behind one nginx, in the foreground, until stopped.

Why: one server process uses one core well; a department server with more cores (or a class bigger
than ``--max-sessions``) runs one process per core behind nginx, which keeps each browser on the
process that holds its session and upgrades websockets (``deploy/nginx.conf.template``).

    python deploy/launch.py --workers 4 --listen 8080 --origin playground.school.example:8080

Everything lives in ``--workdir`` (rendered nginx.conf, nginx and worker logs). Ctrl-C or SIGTERM
stops nginx and every worker; if any of them dies, the rest are stopped too and the exit code is 1.
"""
from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def render_nginx_conf(listen: str, worker_ports: list[int], template: Path = TEMPLATE) -> str:
    """nginx.conf text for nginx listening on ``listen`` in front of workers on loopback ports."""
    if not worker_ports:
        raise ValueError("need at least one worker port")
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in worker_ports)
    text = template.read_text()
    for key, value in (("{{LISTEN}}", listen), ("{{UPSTREAM_SERVERS}}", servers)):
        if key not in text:
            raise ValueError(f"template {template} lacks {key}")
        text = text.replace(key, value)
    return text


def default_origins(listen: str) -> list[str]:
    """Websocket origins for browsers reaching nginx at ``listen``: loopback names and this host."""
    host, _, port = listen.rpartition(":")
    port = port or "80"
    names = ["localhost", "127.0.0.1"]
    if host in ("", "0.0.0.0", "*", "[::]"):
        names.append(socket.getfqdn())
    elif host not in names:
        names.append(host)
    return [name if port == "80" else f"{name}:{port}" for name in names]


def local_url(listen: str) -> str:
    """Where this machine reaches a ``PORT`` / ``HOST:PORT`` listen spec."""
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "*", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def wait_healthy(base_url: str, proc: subprocess.Popen, timeout: float) -> dict:
    """Poll ``base_url``/health until it answers; fail early if the process behind it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} for {base_url} exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/health", timeout=2) as response:
                return json.load(response)
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"{base_url}/health did not answer within {timeout:.0f} s")


def stop_all(procs: list[subprocess.Popen], timeout: float = 15) -> None:
    """SIGTERM every child, wait, then SIGKILL whatever is left."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="playground serve processes (one per core)")
    parser.add_argument("--listen", default="8080", help="nginx listen spec: PORT or HOST:PORT")
    parser.add_argument("--base-port", type=int, default=5101, help="first loopback port of the workers")
    parser.add_argument("--ports", default="", help="explicit comma-separated worker ports (overrides the above)")
    parser.add_argument("--origin", action="append", default=None,
                        help="HOST[:PORT] browsers use to reach nginx (repeatable); default: this host")
    parser.add_argument("--workdir", default="", help="folder for nginx.conf and logs (default: a new temp dir)")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="nginx executable")
    parser.add_argument("--startup-timeout", type=float, default=120)
    parser.add_argument("serve_args", nargs=argparse.REMAINDER,
                        help="after --: more `playground serve` options for every worker, e.g. -- --max-sessions 30")
    args = parser.parse_args(argv)
    if args.serve_args[:1] == ["--"]:
        args.serve_args = args.serve_args[1:]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ports = [int(p) for p in args.ports.split(",") if p.strip()] or \
        [args.base_port + i for i in range(args.workers)]
    origins = args.origin or default_origins(args.listen)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="playground-nginx-")).resolve()
    (workdir / "tmp").mkdir(parents=True, exist_ok=True)
    conf = workdir / "nginx.conf"
    conf.write_text(render_nginx_conf(args.listen, ports))

    def on_signal(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)  # a second signal must not interrupt the clean-up
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    procs: list[subprocess.Popen] = []
    try:
        for port in ports:
            cmd = [sys.executable, "-m", "playground", "serve", "--address", "127.0.0.1", "--port", str(port),
                   "--behind-proxy", *[a for o in origins for a in ("--allow-websocket-origin", o)],
                   *args.serve_args]
            log = open(workdir / f"worker-{port}.log", "ab")
            procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
            log.close()
        for port, proc in zip(ports, procs):
            wait_healthy(f"http://127.0.0.1:{port}", proc, args.startup_timeout)
        nginx_log = open(workdir / "nginx.out", "ab")
        procs.append(subprocess.Popen(
            [args.nginx, "-p", f"{workdir}/", "-c", str(conf), "-g", "daemon off;"],
            stdout=nginx_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        nginx_log.close()
        wait_healthy(local_url(args.listen), procs[-1], 30)
        print(f"NN Playground: nginx on {args.listen} -> workers on 127.0.0.1:{','.join(map(str, ports))}; "
              f"origins {', '.join(origins)}; logs in {workdir}", flush=True)
        print("ready", flush=True)
        while True:
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                print(f"launch: {dead[0].args[0]} (pid {dead[0].pid}) exited with code {dead[0].returncode}; "
                      f"stopping; logs in {workdir}", file=sys.stderr, flush=True)
                return 1
            time.sleep(0.5)
    except (RuntimeError, OSError) as exc:  # a worker or nginx failed to start (TimeoutError is an OSError)
        print(f"launch: {exc}; logs in {workdir}", file=sys.stderr, flush=True)
        return 1
    finally:
        stop_all(procs[::-1])


if __name__ == "__main__":
    sys.exit(main())
