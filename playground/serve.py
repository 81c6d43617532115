"""``playground serve``: run the installed app on a Bokeh/Panel server with the knobs a classroom needs.

Every knob is also read from a ``PLAYGROUND_*`` environment variable, so a Docker image, a Kubernetes
Deployment or the ``deploy/launch.py`` launcher set it without rewriting the command. The server runs
in this process (Panel's own ``serve`` command, invoked directly) so the seat limit and the
``/health`` route of :mod:`playground.capacity` live beside the sessions they count.

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

APP_FILE = Path(__file__).parent / "ui" / "server_app.py"
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
    group of their own here and reach the page through :func:`app_args`."""
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


def app_args(args) -> list[str]:
    """Arguments for the app script (``sys.argv[1:]`` in ui/server_app.py, read by
    :mod:`playground.ui.site`), from the page options. A preset is checked here, before the server
    starts, so a bad one stops it with one clear line."""
    out = []
    if args.kiosk:
        out.append("--kiosk")
    if args.reset_after <= 0:
        raise ValueError("--reset-after must be a positive number of seconds")
    if args.reset_after != 180:
        out += ["--reset-after", repr(float(args.reset_after))]
    if args.preset:
        from .ui.site import read_preset

        read_preset(args.preset)
        out += ["--preset", str(Path(args.preset).resolve())]
    return out


def panel_argv(args) -> list[str]:
    """The ``panel serve`` command line for parsed ``playground serve`` arguments."""
    if args.port < 0 or args.num_procs < 0 or args.max_sessions < 0 or args.idle_timeout <= 0:
        raise ValueError("--port, --num-procs and --max-sessions must be >= 0 and --idle-timeout > 0")
    idle_ms = max(1, round(args.idle_timeout * 1000))
    argv = ["panel", "serve", str(APP_FILE), "--index", APP_FILE.stem,
            "--port", str(args.port), "--address", args.address,
            "--num-procs", str(args.num_procs),
            "--session-token-expiration", str(args.session_token_expiration),
            "--unused-session-lifetime", str(idle_ms),
            "--check-unused-sessions", str(min(10_000, max(250, idle_ms // 2))),
            "--plugins", "playground.capacity",
            "--log-level", args.log_level]
    for origin in allowed_origins(args):
        argv += ["--allow-websocket-origin", origin]
    if args.num_threads:
        argv += ["--num-threads", str(args.num_threads)]
    if args.prefix.strip("/"):
        argv += ["--prefix", "/" + args.prefix.strip("/")]
    if args.behind_proxy:
        argv.append("--use-xheaders")
    if args.show:
        argv.append("--show")
    extra = app_args(args)
    if extra:
        argv += ["--args", *extra]  # must come last: everything after it goes to the app
    return argv


def serve(args) -> int:
    """Warm the kernels, install the seat limit, then run Panel's server until it is stopped."""
    from .capacity import SEATS
    from .engine.warm import warm_cache

    argv = panel_argv(args)
    os.environ["BOKEH_RESOURCES"] = "server"  # never a CDN, whatever the caller's environment says
    warm_cache()
    SEATS.install(args.max_sessions)
    from panel.command.serve import Serve

    parser = argparse.ArgumentParser(prog="panel serve")
    command = Serve(parser=parser)
    options = parser.parse_args(argv[2:])
    hosts = hosts_served(args.address)
    shown = [h for h in hosts if h not in LOOPBACK] or hosts[:1]
    print("NN Playground on " + " and ".join(f"http://{h}:{args.port}{options.prefix or ''}/" for h in shown),
          flush=True)
    return 1 if command.invoke(options) is False else 0
