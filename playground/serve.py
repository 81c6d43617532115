"""``playground serve``: run the installed app on a Bokeh/Panel server with the knobs a classroom needs.

Every knob is also read from a ``PLAYGROUND_*`` environment variable, so a Docker image, a Kubernetes
Deployment or the ``deploy/launch.py`` launcher set it without rewriting the command. The server runs
in this process (Panel's ``get_server``, with the app as a function served at ``/`` only) so the seat
limit and the ``/health`` route of :mod:`playground.capacity` live beside the sessions they count,
and :mod:`playground.request_guard` answers hostile requests before any page is built.

Offline by construction: Bokeh's and Panel's JS/CSS are served from the installed packages
(``BOKEH_RESOURCES=server``, forced here); the app must not pick a Panel template or design that
pulls web fonts from a CDN (the Fast, Material and Vanilla ones do; the default and Bootstrap ones
do not).
``tests/deploy/test_offline.py`` fails on any request that leaves the machine.
"""
from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path

TITLE = "NN Playground"
#: Bokeh's limit on one websocket message. An upload travels as one message; the page refuses files
#: over the upload limit before sending (:mod:`playground.ui.upload_button`), so this only stops abuse.
WEBSOCKET_MAX_MESSAGE_BYTES = 16 * 2**20
#: The page's own script and stylesheet (ui/static/page.js, page.css), served under this route.
PAGE_ASSETS = Path(__file__).parent / "ui" / "static"
PAGE_ASSETS_ROUTE = "assets/app"
LOG_LEVELS = {"trace": 5, "debug": 10, "info": 20, "warning": 30, "error": 40, "critical": 50}
LOOPBACK = ("localhost", "127.0.0.1", "::1")
ALL_INTERFACES = ("0.0.0.0", "::", "")


def _env(name: str, default: str | None) -> str | None:
    """A PLAYGROUND_* variable as an argparse default string (argparse applies the option's type,
    so a bad value gets the same clear error as a bad flag)."""
    value = os.environ.get(name, "").strip()
    return value or default


def this_machine_names() -> list[str]:
    """Host name and LAN address browsers on other machines may use to reach this one (best effort;
    the UDP socket only picks a route, it sends nothing)."""
    names = [socket.gethostname()]
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.connect(("10.254.254.254", 9))
            names.append(udp.getsockname()[0])
    except OSError:
        pass
    return [n for n in dict.fromkeys(names) if n and n not in LOOPBACK and not n.startswith("127.")]


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``playground serve`` options. Options for the page itself (e.g. a kiosk mode) belong in a
    group of their own here and reach the page through :func:`site_of`."""
    net = parser.add_argument_group("network")
    net.add_argument("--port", type=int, default=_env("PLAYGROUND_PORT", "5006"),
                     help="port to listen on [PLAYGROUND_PORT, 5006]")
    net.add_argument("--address", default=_env("PLAYGROUND_ADDRESS", "localhost"),
                     help="interface to listen on, 0.0.0.0 for all [PLAYGROUND_ADDRESS, localhost]")
    net.add_argument("--allow-websocket-origin", action="append", default=None, metavar="HOST[:PORT]",
                     help="origin the browser shows in its address bar, repeatable, * for any "
                          "[PLAYGROUND_ALLOWED_ORIGINS, comma separated; default: this machine's names]")
    net.add_argument("--prefix", default=_env("PLAYGROUND_PREFIX", ""),
                     help="URL path prefix when served under a sub-path, e.g. /playground [PLAYGROUND_PREFIX]")
    net.add_argument("--behind-proxy", action="store_true",
                     default=os.environ.get("PLAYGROUND_BEHIND_PROXY", "") not in ("", "0"),
                     help="trust X-Forwarded-* headers from nginx/an ingress [PLAYGROUND_BEHIND_PROXY]")

    load = parser.add_argument_group("capacity")
    load.add_argument("--num-procs", type=int, default=_env("PLAYGROUND_NUM_PROCS", "1"),
                      help="forked worker processes sharing the port, 0 = one per core; prefer several "
                           "servers behind nginx (deploy/) [PLAYGROUND_NUM_PROCS, 1]")
    load.add_argument("--num-threads", type=int, default=_env("PLAYGROUND_NUM_THREADS", None),
                      help="threads per process running session callbacks; the kernels release the GIL "
                           "[PLAYGROUND_NUM_THREADS, off]")
    load.add_argument("--max-sessions", type=int, default=_env("PLAYGROUND_MAX_SESSIONS", "40"),
                      help="open sessions per process before new visitors get a 'full, retrying' page, "
                           "0 = no limit [PLAYGROUND_MAX_SESSIONS, 40]")
    load.add_argument("--idle-timeout", type=float, default=_env("PLAYGROUND_IDLE_TIMEOUT", "60"),
                      help="seconds a session lives on after its tab closed or lost connection; then its "
                           "memory is freed [PLAYGROUND_IDLE_TIMEOUT, 60]")
    load.add_argument("--session-token-expiration", type=int, default=300,
                      help="seconds a page has to open its websocket after loading")

    page = parser.add_argument_group("page")
    page.add_argument("--kiosk", action="store_true",
                      default=os.environ.get("PLAYGROUND_KIOSK", "") not in ("", "0"),
                      help="booth (kiosk) mode for every visitor: large touch controls, safe ranges, idle reset "
                           "to an attract loop [PLAYGROUND_KIOSK]")
    page.add_argument("--reset-after", type=float, default=_env("PLAYGROUND_RESET_AFTER", "180"), metavar="SECONDS",
                      help="booth mode: seconds without a touch before the screen starts over "
                           "[PLAYGROUND_RESET_AFTER, 180]")
    page.add_argument("--scene-seconds", type=float, default=_env("PLAYGROUND_SCENE_SECONDS", "30"),
                      metavar="SECONDS", help="booth mode: length of each scene of the attract loop "
                                              "[PLAYGROUND_SCENE_SECONDS, 30]")
    page.add_argument("--preset", default=_env("PLAYGROUND_PRESET", None), metavar="FILE",
                      help="settings every new page starts from: a TOML/JSON table or a saved link, which may "
                           "also name a lesson and lock or hide controls [PLAYGROUND_PRESET]")

    misc = parser.add_argument_group("other")
    misc.add_argument("--log-level", default=_env("PLAYGROUND_LOG_LEVEL", "info"),
                      choices=["trace", "debug", "info", "warning", "error", "critical"])
    misc.add_argument("--show", action="store_true", help="open a browser tab")


def hosts_served(address: str) -> list[str]:
    """Names a browser can put in its address bar to reach a server listening on ``address``."""
    if address in LOOPBACK:
        return ["localhost", "127.0.0.1"]
    if address in ALL_INTERFACES:
        return ["localhost", "127.0.0.1", *this_machine_names()]
    return [address]


def allowed_origins(args) -> list[str]:
    """Origins for the websocket check: flags, else PLAYGROUND_ALLOWED_ORIGINS, else this machine."""
    origins = args.allow_websocket_origin
    if not origins:
        env = os.environ.get("PLAYGROUND_ALLOWED_ORIGINS", "")
        origins = [o.strip() for o in env.split(",") if o.strip()]
    return origins or [f"{host}:{args.port}" for host in hosts_served(args.address)]


def site_of(args):
    """The page settings every session of this server shares (kiosk, idle reset, preset). A preset
    is read and checked here, before the server starts, so a bad one stops it with one clear line."""
    from .ui.site import Site, read_preset

    if args.reset_after <= 0:
        raise ValueError("--reset-after must be a positive number of seconds")
    if not 2 <= args.scene_seconds <= 3600:
        raise ValueError("--scene-seconds must be between 2 and 3600 seconds")
    settings, options = read_preset(args.preset) if args.preset else ({}, {})
    return Site(kiosk=bool(args.kiosk), reset_after=max(1.0, float(args.reset_after)),
                scene_seconds=float(args.scene_seconds), preset_settings=settings, preset_options=options)


def preset_summary(path, site) -> str:
    """One line saying what a preset does to every page: its lesson, what it locks and hides."""
    o = site.preset_options
    parts = [f"lesson {o['lesson']} step {o.get('step', '1')}" + (" only" if o.get("only") in ("1", "true") else "")
             if o.get("lesson") else "no lesson"]
    parts.append(f"locked: {o['lock']}" if o.get("lock") else "nothing locked")
    if o.get("hide"):
        parts.append(f"hidden: {o['hide']}")
    parts.append(f"{len(site.preset_settings)} settings")
    return f"Preset {path}: " + "; ".join(parts)


def server_options(args) -> dict:
    """Keyword arguments of :func:`panel.io.server.get_server` for parsed ``playground serve`` arguments."""
    if args.port < 0 or args.num_procs < 0 or args.max_sessions < 0 or args.idle_timeout <= 0:
        raise ValueError("--port, --num-procs and --max-sessions must be >= 0 and --idle-timeout > 0")
    if args.num_threads is not None and args.num_threads < 0:
        raise ValueError("--num-threads must be 0 (off) or more")
    from .capacity import ROUTES, SWEEP_EVERY_S
    from .ui import fonts

    idle_ms = max(1, round(args.idle_timeout * 1000))
    prefix = args.prefix.strip("/")
    return dict(
        port=args.port, address=args.address, websocket_origin=allowed_origins(args), num_procs=args.num_procs,
        title=TITLE, show=args.show, prefix="/" + prefix if prefix else "",
        location=False,  # Panel's Location parses the link by rules of its own; see ui/browser_bridge.py
        use_xheaders=bool(args.behind_proxy), session_token_expiration=args.session_token_expiration,
        unused_session_lifetime_milliseconds=idle_ms,
        # Bokeh's sweep discards closed sessions; frequent, so a page that never connected goes in seconds
        check_unused_sessions_milliseconds=max(250, min(idle_ms // 2, round(SWEEP_EVERY_S * 1000))),
        websocket_max_message_size=WEBSOCKET_MAX_MESSAGE_BYTES,
        static_dirs={fonts.ROUTE: str(fonts.font_dir()), PAGE_ASSETS_ROUTE: str(PAGE_ASSETS)},
        extra_patterns=list(ROUTES))


def serve(args) -> int:
    """Warm the kernels, then serve the app at ``/`` (and nothing else an attacker could use: see
    :mod:`playground.request_guard`) until stopped."""
    import logging

    from .capacity import SEATS
    from .engine.warm import warm_cache
    from .request_guard import Guard, install

    options = server_options(args)
    site = site_of(args)
    os.environ["BOKEH_RESOURCES"] = "server"  # never a CDN, whatever the caller's environment says
    logging.basicConfig(level=LOG_LEVELS[args.log_level], format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    warm_cache()
    import panel as pn
    from panel.io.server import get_server

    from .panel_internals import tornado_app
    from .ui.app import served_page
    from .ui import style
    from .ui.fonts import font_css

    pn.config.nthreads = args.num_threads or None
    pn.config.raw_css = [font_css()]  # every session copies the global list
    pn.config.theme = "default"  # else Panel takes ?theme=... from the link (and raises on ?theme=%ff)
    pn.config.js_files = {"playground_page": f"{PAGE_ASSETS_ROUTE}/page.js"}  # ui/static/page.js: see there
    style.install(f"{PAGE_ASSETS_ROUTE}/page.css")  # ui/static/page.css, in every component
    def page():  # Panel serves plain functions (not partials): one call per session
        return served_page(site)

    server = get_server({"/": page}, start=False, **options)
    SEATS.install(args.max_sessions, server)
    app = tornado_app(server)
    install(app, Guard.for_app(SEATS, app, options["prefix"]))
    hosts = hosts_served(args.address)
    shown = [h for h in hosts if h not in LOOPBACK] or hosts[:1]
    print("NN Playground on " + " and ".join(f"http://{h}:{args.port}{options['prefix']}/" for h in shown),
          flush=True)
    if args.preset:
        print(preset_summary(args.preset, site), flush=True)
    server.start()
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        pass
    return 0
