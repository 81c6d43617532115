"""``playground search``: try many networks on one dataset and print them best first.

The base settings come from flags or ``--config`` exactly as for ``playground train``; ``--vary``
names what changes between trials (``--vary learning_rate=0.001:1 --vary activation=tanh,relu``;
without it, every dimension of :data:`playground.search.DIMENSIONS` over its default range).
``--strategy`` picks Optuna's grid, random or TPE sampler; ``--search-seed`` makes the search repeatable.
The table (or ``--json``) lists every trial, finished or pruned, with its test loss, accuracy and,
for binary data, AUC and R50.
"""
from __future__ import annotations

import json
import math
import sys

from . import Parser, fail, whole_number
from .train import _json_ready, _read_data, add_setting_arguments, build_experiment, settings_from_args


def build_parser() -> Parser:
    from ..search import DIMENSIONS, STRATEGIES

    parser = Parser(prog="playground search", description=(
        "Train many networks on the same data, varying the settings you name, and list them best first "
        "(Optuna chooses the trials; hopeless ones are stopped early)."),
        epilog="Example: playground search --dataset circle --trials 20 --epochs 300 "
               "--vary learning_rate=0.003:1 --vary neurons=2:8")
    run = parser.add_argument_group("search")
    run.add_argument("--config", metavar="FILE", help="base settings file: .toml, .json, or a shared link")
    run.add_argument("--trials", type=whole_number(1, 10_000, "trials"), default=20, metavar="N",
                     help="how many networks to train (default 20)")
    run.add_argument("--epochs", type=whole_number(1, 1_000_000, "epochs"), default=300, metavar="E",
                     help="epochs per network (default 300)")
    run.add_argument("--strategy", choices=STRATEGIES, default="random",
                     help="how trials are chosen: random, grid, or tpe (Optuna's model-based sampler); "
                          "default random")
    run.add_argument("--vary", action="append", metavar="NAME[=RANGE]", default=[],
                     help=f"a setting to vary, with a range low:high or choices a,b; one of {', '.join(DIMENSIONS)} "
                          "(repeat the option; default: all of them over their default ranges)")
    run.add_argument("--search-seed", type=whole_number(0, 2**31 - 1, "search seed"), default=0, metavar="S",
                     help="seed of the search: the same seed gives the same trials (--seed is the weights' seed, "
                          "shared by every trial)")
    run.add_argument("--no-pruning", action="store_true", help="train every trial to the end")
    run.add_argument("--data", metavar="CSV", help="search on this CSV file (the upload format)")
    run.add_argument("--label", default="label", metavar="NAME", help="label column of --data (default: label)")
    out = parser.add_argument_group("output")
    out.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    out.add_argument("--top", type=whole_number(1, 10_000, "top"), default=10, metavar="K",
                     help="rows of the table (default 10; --json lists all)")
    add_setting_arguments(parser)
    return parser


def _cell(v, fmt: str = "") -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and math.isinf(v):
        return "inf"
    return format(v, fmt)


def format_table(rows: list[dict], top: int) -> str:
    head = ("run", "status", "layers", "activations", "rate", "optimizer", "batch", "epochs", "test loss", "test acc",
            "AUC")
    lines = [head]
    for r in rows[:top]:
        lines.append((str(r["run"]), r["status"], r["layers"], r["activation"], _cell(r["learning_rate"], ".3g"),
                      r["optimizer"], str(r["batch_size"]), str(r["epochs"]), _cell(r["test_loss"], ".4f"),
                      _cell(r["test_accuracy"], ".3f"), _cell(r["auc"], ".3f")))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines)


def ranked(rows: list[dict]) -> list[dict]:
    """Finished trials by test loss, then pruned ones."""
    def key(r):
        loss = r["test_loss"] if r["test_loss"] is not None else math.inf
        return (r["status"] != "ok", loss)
    return sorted(rows, key=key)


def main(argv: list[str]) -> int:
    from ..search import Search, default_space, parse_dimension

    args = build_parser().parse_args(argv)
    values = settings_from_args(args)
    space = [parse_dimension(text) for text in args.vary] if args.vary else default_space()
    names = [d.name for d in space]
    if len(set(names)) != len(names):
        fail("each setting can be varied once; " + ", ".join(sorted({n for n in names if names.count(n) > 1})) +
             " was given twice")
    data = _read_data(args.data, args.label, values) if args.data else None
    build_experiment(values, data)  # the base settings make data and a network, or the error is said here
    search = Search(base=values, space=space, trials=args.trials, epochs=args.epochs, strategy=args.strategy,
                    seed=args.search_seed, prune=not args.no_pruning, data=data)
    show = sys.stderr.isatty() and not args.json

    def on_trial(p):
        if show:
            print(f"\rtrial {p.done}/{p.total}  best test loss {_cell(p.best_test_loss, '.4f')}  "
                  f"({p.pruned} stopped early)", end="", file=sys.stderr, flush=True)

    progress = search.run(on_trial)
    if show:
        print(file=sys.stderr)
    rows = ranked(search.log.rows())
    if args.json:
        print(json.dumps(_json_ready({"strategy": args.strategy, "search_seed": args.search_seed, "trials": progress.done,
                          "epochs_per_trial": args.epochs, "pruned": progress.pruned,
                          "seconds": round(progress.seconds, 3), "trials_per_s": round(progress.trials_per_s, 3),
                          "epochs_per_s": round(progress.epochs / progress.seconds, 1) if progress.seconds else None,
                          "best": rows[0] if rows else None, "runs": rows}), allow_nan=False))
        return 0
    print(format_table(rows, args.top))
    print(f"{progress.done} trials ({progress.pruned} stopped early) in {progress.seconds:.1f} s, "
          f"{progress.trials_per_s:.1f} trials/s; best: run {rows[0]['run'] if rows else '-'}")
    return 0
