"""Loopback helpers shared by the browser tests, the deployment tests and the benchmarks: a free port
on 127.0.0.1, a real ``playground serve`` process on it, and how to start the system's headless
Chromium (never a downloaded browser)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: Headless, and without the background networking that a closed network refuses at every start.
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    """``python -m playground serve *serve_args`` on a free 127.0.0.1 port, ready once ``/health``
    answers (a route that builds no session, so waiting never costs a page).

    Its output goes to ``log_dir/server-PORT.log``, or to an unnamed temporary file: never to a pipe
    nobody reads, which would block the server once full. A server that exits, or stays silent for
    ``startup_timeout`` seconds (imports and the Numba cache on a shared machine), raises
    RuntimeError with the end of its log. Stop it with :meth:`stop` or a ``with`` block.
    """

    def __init__(self, *serve_args: str, log_dir: Path | None = None, cwd: Path | None = None,
                 startup_timeout: float = 180.0):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.url = self.base_url + "/"
        if log_dir is not None:
            Path(log_dir).mkdir(parents=True, exist_ok=True)
            self.log_path = Path(log_dir) / f"server-{self.port}.log"
            self._log = open(self.log_path, "w+b")
        else:
            self.log_path, self._log = None, tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "playground", "serve", "--address", "127.0.0.1", "--port", str(self.port),
             *serve_args], cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._wait(startup_timeout)

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            try:
                self.health()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout:.0f} s:\n{self.log_text()[-3000:]}")

    def health(self, gc: bool = False) -> dict:
        """The server's ``/health`` JSON (``gc`` first collects garbage and counts live documents)."""
        with urllib.request.urlopen(self.base_url + "/health" + ("?gc=1" if gc else ""), timeout=30) as r:
            return json.loads(r.read())

    def log_text(self) -> str:
        """Everything the server printed so far."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self, timeout: float = 15) -> None:
        """Terminate, wait up to ``timeout`` s, then kill; the log stays readable."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
