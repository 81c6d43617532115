"""Frames leave the server as soon as they are ready: switch off Nagle's algorithm on a session's
websockets.

A Bokeh message is several websocket frames (header, metadata, content, one per binary buffer).
Neither Bokeh nor Panel sets TCP_NODELAY, so after the first frame the kernel holds the small rest
until the browser acknowledges it, and browsers delay acknowledgements by up to 40 ms: frames then
arrive in bursts (two updates in one painted frame, then nothing for 60 ms) and a slider's answer
waits for the next acknowledgement. Measured in ``benchmarks/frame_rate.py``: visible updates went
from ~24/s to the full frame rate with it.
"""
from __future__ import annotations

from ..panel_internals import session_sockets


def disable_nagle(doc=None) -> int:
    """Set TCP_NODELAY on every websocket of ``doc``'s session; returns how many were set (none if a
    Bokeh version moved the objects :func:`playground.panel_internals.session_sockets` reads)."""
    count = 0
    for handler in session_sockets(doc):
        try:
            handler.set_nodelay(True)
            count += 1
        except Exception:  # noqa: BLE001 - an optimisation only; a closed socket is fine to skip
            pass
    return count
