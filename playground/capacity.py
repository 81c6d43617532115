"""Seats for one server process: a cap on open sessions, a friendly "full" page, and ``/health``.

Why: each session trains its own network, so past some number of visitors a process only makes
everyone slow. Beyond ``--max-sessions`` a new visitor is sent to a page that says the playground is
full and retries by itself (:mod:`playground.request_guard` applies the decision to every request);
the seat frees when a tab has been closed for ``--idle-timeout``.
``/health`` answers without building a session, so Docker, nginx and Kubernetes can poll it, and it
reports what a test or an operator needs: open sessions, turned-away visitors, memory, and any Numba
kernel compiled after start-up (a visitor waited for it: the warm-up missed a kernel).

``playground serve`` calls :meth:`Seats.install` with its server and adds :data:`ROUTES` to it.
"""
from __future__ import annotations

import gc
import json
import os
import time
import weakref

from tornado import web

#: Seconds a session may wait for its websocket before it is discarded (a browser needs well under one).
NEVER_CONNECTED_S = 10.0
SWEEP_EVERY_S = 1.0

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
    """Counts this process's seats and decides whether a new visitor gets one.

    A seat is taken when a session's websocket first opens (a browser tab that loaded the page, or
    any other websocket client) and freed when Bokeh discards the session, ``--idle-timeout`` after its
    last connection closed. A page request alone takes no seat: Bokeh creates its session, but the page
    builds the heavy parts only once connected (:func:`playground.ui.app.served_page`), and
    :meth:`sweep` discards sessions that never connect after :data:`NEVER_CONNECTED_S`. So plain GETs
    (a crawler, a script, a student's reload loop) can neither lock visitors out nor cost much.
    """

    def __init__(self) -> None:
        self.max_sessions = 0
        self.turned_away = 0
        self.retry_seconds = 15
        self._seated: dict[str, float] = {}  # session id -> when its first websocket was let through
        self._connected: set[str] = set()  # seated sessions seen with an open websocket
        self._builds: dict[str, object] = {}  # session id -> its page's build, run when its socket opens
        self._documents: weakref.WeakSet = weakref.WeakSet()
        self._installed = False
        self._server = None
        self._detached_panel_timer = False
        self._started = time.time()
        self.expired_unconnected = 0
        self.compiled_while_serving: list[str] = []

    def install(self, max_sessions: int, server=None) -> None:
        """Hook session creation/destruction into Panel (once) and, given the Bokeh ``server``, start
        the sweep of sessions that never connect."""
        import panel as pn

        self.max_sessions = max(0, int(max_sessions))
        if server is not None and self._server is None:
            from tornado.ioloop import PeriodicCallback

            self._server = server
            PeriodicCallback(self.sweep, SWEEP_EVERY_S * 1000).start()
        if self._installed:
            return
        pn.state.on_session_created(self._created)
        pn.state.on_session_destroyed(self._destroyed)
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
        """Seats taken: sessions whose websocket has opened and that Bokeh has not discarded."""
        return len(self._seated)

    @property
    def full(self) -> bool:
        return bool(self.max_sessions) and self.open_sessions >= self.max_sessions

    def admit_page(self) -> bool:
        """Whether a page request gets the app (else the "full" page). Takes no seat."""
        if self.full:
            self.turned_away += 1
            return False
        return True

    def admit_socket(self, session_id: str | None) -> bool:
        """Whether a websocket for ``session_id`` may open; a new session takes a seat here. A session
        already seated (a reconnecting tab) always may."""
        if session_id is not None and session_id in self._seated:
            return True
        if self.full:
            self.turned_away += 1
            return False
        if session_id is not None:
            self._seated[session_id] = time.monotonic()
            if self._server is not None:
                self._start_build(session_id)
        return True

    def _created(self, session_context) -> None:
        from .panel_internals import session_document, start_panel_busy_timer_outside_sessions

        if not self._detached_panel_timer:
            self._detached_panel_timer = True
            start_panel_busy_timer_outside_sessions()
        document = session_document(session_context)
        if document is not None:
            self._documents.add(document)

    def build_on_connect(self, session_id: str, build) -> None:
        """Run ``build`` (a served page's heavy part) on its session's event loop as soon as that
        session's websocket is let through, so the browser pulls the whole page in one go."""
        if self._server is not None:
            self._builds[session_id] = build

    def _start_build(self, session_id: str) -> None:
        build = self._builds.pop(session_id, None)
        if build is None:
            return
        session = next((s for s in self._server.get_sessions() if s.id == session_id), None)
        if session is not None:
            session.document.add_next_tick_callback(build)

    def _destroyed(self, session_context) -> None:
        self._builds.pop(session_context.id, None)
        self._seated.pop(session_context.id, None)
        self._connected.discard(session_context.id)

    def sweep(self) -> None:
        """Free seats whose websocket never got a session, and let Bokeh discard sessions whose page
        never connected (after :data:`NEVER_CONNECTED_S`)."""
        if self._server is None:
            return
        now = time.monotonic()
        sessions = {s.id: s for s in self._server.get_sessions()}
        for sid, since in list(self._seated.items()):
            session = sessions.get(sid)
            if session is not None and session.connection_count:
                self._connected.add(sid)
            elif sid not in self._connected and now - since > NEVER_CONNECTED_S:
                self._seated.pop(sid, None)  # its handshake failed after the guard let it through
                if session is not None and not session.expiration_requested:
                    session.request_expiration()
        for sid, session in sessions.items():
            if sid in self._seated or session.connection_count:
                continue
            if session.milliseconds_since_last_unsubscribe > NEVER_CONNECTED_S * 1000 and \
                    not session.expiration_requested:
                session.request_expiration()
                self.expired_unconnected += 1

    def pages_waiting(self) -> int:
        """Sessions made for a page request whose websocket has not (yet) opened."""
        if self._server is None:
            return 0
        return sum(1 for s in self._server.get_sessions() if s.id not in self._seated)

    def report(self, collect: bool = False) -> dict:
        """What ``/health`` shows; ``collect`` runs the garbage collector first and counts live documents."""
        info = {"status": "ok", "pid": os.getpid(), "sessions": self.open_sessions,
                "max_sessions": self.max_sessions, "turned_away": self.turned_away,
                "pages_waiting": self.pages_waiting(), "expired_unconnected": self.expired_unconnected,
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
