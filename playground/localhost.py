"""Loopback helpers shared by the browser tests, the deployment tests and the benchmarks: a free port
on 127.0.0.1 and how to start the system's headless Chromium (never a downloaded browser)."""
import socket

CHROMIUM = "/usr/bin/chromium"
#: Headless, and without the background networking that a closed network refuses at every start.
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
