"""Every use of a private Bokeh, Panel or Tornado attribute in the project, in one place.

Written for Bokeh 3.9, Panel 1.9 and Tornado 6.5-6.6 (the versions ``pyproject.toml`` pins); importing
this module checks them and warns once on any other, so an upgrade shows where to look. Each helper
degrades to doing nothing (or a neutral answer) when an attribute has moved, because everything here
is an optimisation or a safety net around the public API, never the app's behaviour itself.
"""
from __future__ import annotations

import contextvars
import warnings

import bokeh
import panel as pn
import tornado

WRITTEN_FOR = {"bokeh": "3.9.", "panel": "1.9.", "tornado": ("6.5", "6.6")}


def _check_versions() -> None:
    found = {"bokeh": bokeh.__version__, "panel": pn.__version__, "tornado": tornado.version}
    for name, version in found.items():
        wanted = WRITTEN_FOR[name]
        if not version.startswith(wanted if isinstance(wanted, str) else tuple(wanted)):
            warnings.warn(f"playground.panel_internals was written for {name} {wanted}, found {version}: "
                          f"check its helpers still find what they reach for", RuntimeWarning, stacklevel=3)


_check_versions()


def answer_at_once(widget) -> None:
    """Apply a widget's browser changes at once: Panel waits 50 ms (``Widget._debounce``) for more
    changes before applying one, while a setting should answer within the 150 ms slider target."""
    if hasattr(widget, "_debounce"):
        widget._debounce = 5


def tornado_app(server):
    """The Tornado ``Application`` behind a Bokeh ``Server`` (``Server._tornado``), to add routing rules
    and output transforms to it (both public Tornado API)."""
    return server._tornado


def server_session(doc=None):
    """The Bokeh ``ServerSession`` of a served document (``SessionContext._session``), or None."""
    doc = doc or pn.state.curdoc
    return getattr(getattr(doc, "session_context", None), "_session", None)


def session_document(session_context):
    """The Bokeh ``Document`` of a session context (``BokehSessionContext._document``), or None."""
    return getattr(session_context, "_document", None)


def session_sockets(doc=None) -> list:
    """The Tornado websocket handlers of a served document's open connections."""
    session = server_session(doc)
    connections = list(getattr(session, "_subscribed_connections", ()) or ())
    return [c for c in (getattr(conn, "_socket", None) for conn in connections) if c is not None]


def register_periodic(callback, doc=None) -> None:
    """Let Panel stop ``callback`` (a ``PeriodicCallback``) when the session ends, as
    ``pn.state.add_periodic_callback`` does for the callbacks it makes (``state._periodic``)."""
    doc = doc or pn.state.curdoc
    if doc is not None:
        pn.state._periodic.setdefault(doc, []).append(callback)


def start_panel_busy_timer_outside_sessions() -> None:
    """Start Panel's process-wide busy-counter timer from an empty context.

    Panel 1.9 starts it lazily from inside the first session, so its asyncio task copies that
    session's context (``curdoc``) and keeps the first visitor's whole page alive for the life of the
    process. Started here first, it holds no document.
    """
    schedule = getattr(pn.state, "_schedule_busy_cleanup", None)
    if schedule is not None:
        contextvars.Context().run(schedule)
