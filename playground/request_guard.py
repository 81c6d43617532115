"""What the server answers before any page is built: hostile links, unknown routes, full seats, headers.

Why: Bokeh and Panel accept server options in the page's own link. ``?bokeh-absolute-url=https://evil/``
makes the page load ``bokeh.min.js`` and every extension from that host (Panel builds its resource
URLs from it), which turns any shared link into a script injection. The app uses none of those
options, so a request carrying any ``bokeh-*`` argument is refused with a plain 400 page, on every
route (page, websocket, assets). The server also answers only on the routes the app needs (the page,
its websocket, static assets, ``/health`` and ``/full``); Bokeh's ``/autoload.js`` and ``/metadata``
would open a session without the page's checks and are not served.

Every response carries a Content-Security-Policy that lets scripts, styles, fonts and connections
come from this origin only, so even a link this guard missed could not pull code from elsewhere.
BokehJS compiles ``CustomJS`` callbacks at run time and embeds its document with inline scripts,
hence ``'unsafe-eval'`` and ``'unsafe-inline'``; neither lets a script be *loaded* from another host.
Framing is allowed on purpose: teachers embed the playground in course pages, and the app has no
account or action worth clickjacking.

Seats (:mod:`playground.capacity`) are checked here as well: a page request when every seat is taken
is redirected to the retrying "full" page, and a websocket that would open a session beyond the cap
is refused before its handshake, whichever way the session was started. Only a handshake Bokeh will
accept takes a seat (an upgrade from an allowed origin with a valid, unexpired token), so forged or
cross-site handshakes cannot fill the server.

Installed on the Tornado application with public Tornado API (a routing rule that takes precedence
over Bokeh's own routes, and an output transform), see :func:`install`.
"""
from __future__ import annotations

import html
import re
import time
from urllib.parse import urlsplit

from tornado.routing import Matcher, Rule
from tornado.web import OutputTransform, RequestHandler

#: Paths the app serves, below the server's ``--prefix``; everything else is 404.
ALLOWED_PATHS = re.compile(r"/|/ws|/health|/full|/favicon\.ico|/static/.+|/assets/.+")
#: Query arguments no request may carry: Bokeh's and Panel's server options (bokeh-absolute-url, ...).
FORBIDDEN_ARGUMENT = re.compile(r"bokeh[-_]", re.IGNORECASE)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",  # es-module-shims fetches the compiled JSComponent module from a blob
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>NN Playground: {title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}}
h1{{font-size:1.6rem}}</style></head>
<body><h1>{title}</h1><p>{text}</p><p><a href="{home}">Open the playground</a></p></body></html>
"""


def refusal(path: str, query_keys, prefix: str = "") -> tuple[int, str, str] | None:
    """(status, title, text) for a request that must not reach the app, or None to let it through.

    ``path`` is the request path, ``query_keys`` its query argument names (str or bytes).
    """
    for key in query_keys:
        name = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
        if FORBIDDEN_ARGUMENT.match(name):
            return (400, "This link is not accepted",
                    f"The link carries a server option (<code>{html.escape(name[:60])}</code>) that the "
                    f"playground does not take from a link. Open the playground without it.")
    if prefix and path != "/favicon.ico":  # Bokeh serves its icon outside the prefix
        if not (path == prefix or path.startswith(prefix + "/")):
            return 404, "Nothing here", "The playground has no page at this address."
        path = path[len(prefix):] or "/"
    if not ALLOWED_PATHS.fullmatch(path):
        return 404, "Nothing here", "The playground has no page at this address."
    return None


class RefusedHandler(RequestHandler):
    """Answers a refused request with a small page in plain words (no session, no app code)."""

    def initialize(self, guard) -> None:
        self.guard = guard

    def prepare(self) -> None:
        kw = self.path_kwargs  # from the matcher that routed here
        status, title, text = int(kw["status"]), kw["title"], kw["text"]
        self.set_status(status)
        self.set_header("Cache-Control", "no-store")
        if status == 302:
            self.redirect(text)
            return
        if status == 503:
            self.set_header("Retry-After", str(self.guard.seats.retry_seconds))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(PAGE.format(title=title, text=text, home=html.escape(self.guard.prefix + "/")))

    def get(self, *args, **kwargs) -> None:  # prepare() has answered every refused request
        pass

    post = put = delete = patch = head = options = get


class GuardMatcher(Matcher):
    """Routes a request to :class:`RefusedHandler` when :meth:`Guard.check` refuses it; otherwise
    matches nothing, so Bokeh's own routes answer it."""

    def __init__(self, guard) -> None:
        self.guard = guard

    def match(self, request):
        decision = self.guard.check(request)
        if decision is None:
            return None
        status, title, text = decision
        return {"path_kwargs": {"status": str(status), "title": title, "text": text}}


class SecurityHeaders(OutputTransform):
    """Adds :data:`SECURITY_HEADERS` to every response the server sends."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk


class Guard:
    """The checks of the module docstring for one server process; ``seats`` is its
    :class:`~playground.capacity.Seats`. ``origins``, ``secret_key`` and ``signed`` are the Bokeh
    server's own websocket settings: a websocket takes a seat only if Bokeh will accept it."""

    def __init__(self, seats, prefix: str = "", origins=(), secret_key: bytes | None = None,
                 signed: bool = False) -> None:
        self.seats = seats
        self.prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
        self.origins = set(origins)
        self.secret_key = secret_key
        self.signed = bool(signed)

    @classmethod
    def for_app(cls, seats, tornado_app, prefix: str = "") -> Guard:
        """A guard with the websocket settings of Bokeh's Tornado application (public properties)."""
        return cls(seats, prefix, tornado_app.websocket_origins, tornado_app.secret_key, tornado_app.sign_sessions)

    def check(self, request) -> tuple[int, str, str] | None:
        refused = refusal(request.path, request.query_arguments.keys(), self.prefix)
        if refused is None:
            refused = smuggled(request)
        if refused is not None:
            return refused
        if request.path == "/favicon.ico":  # Bokeh serves it outside the prefix
            return None
        path = request.path[len(self.prefix):] or "/"
        if path == "/ws":
            session_id = self.websocket_session(request)
            if session_id is not None and not self.seats.admit_socket(session_id):
                return 503, "The playground is full", "Every place on this server is taken; try again soon."
        elif path == "/" and request.method in ("GET", "HEAD") and not self.seats.admit_page():
            return 302, "", self.prefix + "/full"
        return None

    def websocket_session(self, request) -> str | None:
        """The session id of a websocket handshake that Bokeh will accept (an upgrade, from an allowed
        origin if the client names one, with a well-formed, correctly signed, unexpired token), else
        None: such a request takes no seat, and Bokeh refuses it by itself."""
        from bokeh.server.util import check_allowlist
        from bokeh.util.token import check_token_signature, get_session_id, get_token_payload

        if request.headers.get("Upgrade", "").lower() != "websocket":
            return None
        origin = request.headers.get("Origin")
        if origin is not None and not check_allowlist(urlsplit(origin).netloc.lower(), self.origins):
            return None
        protocols = [p.strip() for p in request.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        if len(protocols) != 2 or protocols[0] != "bokeh":
            return None
        token = protocols[1]
        try:
            session_id = get_session_id(token)
            payload = get_token_payload(token)
            if not check_token_signature(token, secret_key=self.secret_key, signed=self.signed):
                return None
        except Exception:  # noqa: BLE001 - any malformed token: Bokeh refuses the handshake itself
            return None
        expiry = payload.get("session_expiry") if isinstance(payload, dict) else None
        if not isinstance(session_id, str) or not session_id or len(session_id) > 200:
            return None
        if not isinstance(expiry, (int, float)) or expiry < time.time():
            return None
        return session_id


def smuggled(request) -> tuple[int, str, str] | None:
    """A request that carries Bokeh's options another way than the link: ``Bokeh-*`` headers (a
    session id or token chosen by the client) or a body on a GET (Tornado merges body arguments into
    the ones Bokeh reads). Browsers following a link send neither."""
    for name in request.headers:
        if name.lower().startswith("bokeh-"):
            return 400, "This request is not accepted", "It carries a server option the playground does not take."
    if request.method in ("GET", "HEAD") and (request.headers.get("Content-Length", "0") not in ("", "0")
                                              or "Transfer-Encoding" in request.headers):
        return 400, "This request is not accepted", "A page request cannot carry a body."
    return None


def install(tornado_app, guard: Guard) -> None:
    """Put the guard in front of every route of ``tornado_app`` and the headers on every response."""
    tornado_app.add_handlers(r".*", [Rule(GuardMatcher(guard), RefusedHandler, {"guard": guard})])
    tornado_app.add_transform(SecurityHeaders)
