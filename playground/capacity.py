"""Seats for one server process: a cap on open sessions, a friendly "full" page, and ``/health``.

Why: each session trains its own network, so past some number of visitors a process only makes
everyone slow. Beyond ``--max-sessions`` a new visitor is sent to a page that says the playground is
full and retries by itself; the seat frees when a tab has been closed for ``--idle-timeout``.
``/health`` answers without building a session, so Docker, nginx and Kubernetes can poll it, and it
reports what a test or an operator needs: open sessions, turned-away visitors, memory, and any Numba
kernel compiled after start-up (a visitor waited for it: the warm-up missed a kernel).

``playground serve`` calls :meth:`Seats.install` and loads this module as a Panel plugin (``ROUTES``).
"""
from __future__ import annotations

import contextvars
import gc
import json
import os
import time
import weakref

from tornado import web

FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NN Playground is full</title>
<meta http-equiv="refresh" content="{retry}; url=./">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}}
h1{{font-size:1.6rem}}</style></head>
<body><h1>The playground is full right now</h1>
<p>Every place on this server is taken ({capacity} sessions). This page tries again by itself
every {retry} seconds; you can also <a href="./">try again now</a>.</p></body></html>
"""


class Seats:
    """Counts this process's open sessions and decides whether a new visitor gets one."""

    def __init__(self) -> None:
        self.max_sessions = 0
        self.turned_away = 0
        self.retry_seconds = 15
        self._open: dict[str, float] = {}
        self._documents: weakref.WeakSet = weakref.WeakSet()
        self._installed = False
        self._detached_panel_timer = False
        self._started = time.time()
        self.compiled_while_serving: list[str] = []

    def install(self, max_sessions: int) -> None:
        """Hook session creation/destruction and the page-request check into Panel (once)."""
        import panel as pn

        self.max_sessions = max(0, int(max_sessions))
        if self._installed:
            return
        pn.state.on_session_created(self._created)
        pn.state.on_session_destroyed(self._destroyed)
        pn.config.authorize_callback = self._admit
        self._watch_compilations()
        self._installed = True

    def _watch_compilations(self) -> None:
        """Record every Numba compilation from now on (cache loads do not count)."""
        try:
            from numba.core import event
        except ImportError:
            return

        seats = self

        class Recorder(event.Listener):
            def on_start(self, ev):
                func = getattr(ev.data.get("dispatcher"), "py_func", None)
                name = f"{func.__module__}.{func.__qualname__}" if func else "?"
                if len(seats.compiled_while_serving) < 100:
                    seats.compiled_while_serving.append(name)

            def on_end(self, ev):
                pass

        event.register("numba:compile", Recorder())

    @property
    def open_sessions(self) -> int:
        return len(self._open)

    def _created(self, session_context) -> None:
        if not self._detached_panel_timer:
            self._detach_panel_timer()
        self._open[session_context.id] = time.time()
        document = getattr(session_context, "_document", None)
        if document is not None:
            self._documents.add(document)

    def _detach_panel_timer(self) -> None:
        """Start Panel's process-wide busy-counter timer outside any session.

        Panel 1.9 starts it lazily from inside the first session, so its asyncio task copies that
        session's context (``curdoc``) and keeps the first visitor's whole page alive for the life of
        the process. Started here from an empty context first, it holds no document.
        """
        import panel as pn

        self._detached_panel_timer = True
        schedule = getattr(pn.state, "_schedule_busy_cleanup", None)
        if schedule is not None:
            contextvars.Context().run(schedule)

    def _destroyed(self, session_context) -> None:
        self._open.pop(session_context.id, None)

    def _admit(self, user_info, path: str):
        """Panel's authorize callback: True admits; a relative URL redirects to the full page."""
        if self.max_sessions and self.open_sessions >= self.max_sessions:
            self.turned_away += 1
            return "full"
        return True

    def report(self, collect: bool = False) -> dict:
        """What ``/health`` shows; ``collect`` runs the garbage collector first and counts live documents."""
        info = {"status": "ok", "pid": os.getpid(), "sessions": self.open_sessions,
                "max_sessions": self.max_sessions, "turned_away": self.turned_away,
                "uptime_s": round(time.time() - self._started, 1), "rss_mb": round(rss_bytes() / 2**20, 1),
                "compiled_while_serving": list(self.compiled_while_serving)}
        if collect:
            gc.collect()
            info["documents_alive"] = len(self._documents)
        return info


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process from /proc (Linux), 0 where that is unavailable."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


SEATS = Seats()


class HealthHandler(web.RequestHandler):
    """``GET /health`` -> JSON; ``?gc=1`` from this machine also reports documents still alive after a
    garbage collection (a full collection pauses every session, so nobody else may ask for one)."""

    def get(self) -> None:
        collect = self.get_argument("gc", "") == "1" and self.request.remote_ip in ("127.0.0.1", "::1")
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(json.dumps(SEATS.report(collect=collect)))


class FullHandler(web.RequestHandler):
    """``GET /full`` -> 503 with a page that retries the app by itself."""

    def get(self) -> None:
        self.set_status(503)
        self.set_header("Retry-After", str(SEATS.retry_seconds))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(FULL_PAGE.format(retry=SEATS.retry_seconds, capacity=SEATS.max_sessions))


ROUTES = [(r"/health", HealthHandler), (r"/full", FullHandler)]
