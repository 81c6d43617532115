"""The ``playground`` command: serve the app (default), warm the kernel cache, benchmark the engine, and
work without a browser: ``train`` an experiment, ``predict`` with a saved model, export ``data``.

This module only dispatches: ``bench`` and the headless commands (:mod:`playground.commands`) have
their own parsers, so ``serve`` never loads the training code and each command's options stay its own.
"""
from __future__ import annotations

import argparse
import sys


def _warm(args) -> int:
    from .engine.warm import warm_cache

    seconds = warm_cache()
    print(f"Numba kernels ready ({seconds:.1f} s)")
    return 0


def _serve(args) -> int:
    from .serve import serve

    return serve(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playground", description="NN Playground: watch a neural network learn.")
    sub = parser.add_subparsers(dest="command")
    from .serve import add_serve_arguments

    serve = sub.add_parser("serve", help="start the web app (the default command)")
    add_serve_arguments(serve)
    serve.set_defaults(func=_serve)
    warm = sub.add_parser("warm", help="compile the training kernels into Numba's cache")
    warm.set_defaults(func=_warm)
    sub.add_parser("bench", help="benchmark the engine (Numba vs NumPy twin); 'playground bench --help'")
    from .commands import COMMANDS

    for name, text in COMMANDS.items():  # listed here, parsed by their own modules (see main)
        sub.add_parser(name, help=f"{text}; 'playground {name} --help'")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "bench":  # its own parser, so its options pass through untouched
        from .bench import main as bench_main

        return bench_main(argv[1:])
    from .commands import COMMANDS, run

    if argv and argv[0] in COMMANDS:
        return run(argv[0], argv[1:])
    parser = build_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["serve", *argv]
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (ValueError, OSError) as exc:
        print(f"playground: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
