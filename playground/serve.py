"""``playground serve``: start the Bokeh/Panel server on the installed app with the knobs that matter."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

APP_FILE = Path(__file__).parent / "ui" / "server_app.py"


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=int(os.environ.get("PLAYGROUND_PORT", 5006)))
    parser.add_argument("--address", default=os.environ.get("PLAYGROUND_ADDRESS", "localhost"),
                        help="interface to listen on (0.0.0.0 for all)")
    parser.add_argument("--allow-websocket-origin", action="append", default=None, metavar="HOST[:PORT]",
                        help="origins allowed to connect (repeatable); default from PLAYGROUND_ALLOWED_ORIGINS "
                             "(comma separated) or the listening address")
    parser.add_argument("--num-procs", type=int, default=1, help="worker processes (0 = one per core)")
    parser.add_argument("--num-threads", type=int, default=None,
                        help="threads per process for session callbacks (training runs outside the GIL)")
    parser.add_argument("--session-token-expiration", type=int, default=300)
    parser.add_argument("--idle-timeout", type=int, default=15 * 60,
                        help="seconds before an unused (closed) session's memory is freed")
    parser.add_argument("--show", action="store_true", help="open a browser tab")


def panel_argv(args) -> list[str]:
    """The ``panel serve`` command line for parsed ``playground serve`` arguments."""
    argv = ["panel", "serve", str(APP_FILE), "--port", str(args.port), "--address", args.address,
            "--num-procs", str(args.num_procs), "--session-token-expiration", str(args.session_token_expiration),
            "--unused-session-lifetime", str(args.idle_timeout * 1000), "--check-unused-sessions", "10000",
            "--index", "server_app"]
    origins = args.allow_websocket_origin
    if origins is None:
        env = os.environ.get("PLAYGROUND_ALLOWED_ORIGINS", "")
        origins = [o.strip() for o in env.split(",") if o.strip()]
    if not origins:
        host = "localhost" if args.address in ("localhost", "127.0.0.1", "0.0.0.0", "::") else args.address
        origins = [f"{host}:{args.port}", f"127.0.0.1:{args.port}"]
    for origin in origins:
        argv += ["--allow-websocket-origin", origin]
    if args.num_threads:
        argv += ["--num-threads", str(args.num_threads)]
    if args.show:
        argv.append("--show")
    return argv


def serve(args) -> int:
    from bokeh.command.bootstrap import main as bokeh_main

    from .engine.warm import warm_cache

    warm_cache()
    print(f"NN Playground on http://{args.address}:{args.port}/", flush=True)
    argv = panel_argv(args)
    from panel.command import main as panel_main  # noqa: F401  (registers panel's serve command)
    import sys

    sys.argv = argv
    panel_main()
    return 0
