"""``playground train``: run any experiment headless, from flags or a settings file.

The flags are made from the settings table, one per setting a link reads
(:data:`playground.settings.READABLE`): ``--dataset circle --hidden-layers 4,2
--learning-rate 0.1 ...``, each with the parameter's doc as help. ``--config FILE`` reads a TOML,
JSON or link file (:mod:`playground.settings_file`); flags override it. Every value is checked
exactly as a shared link's is, and the first bad one ends the command with one line.

While training, a tqdm bar on stderr shows the live train/test loss (when stderr is a terminal, or
with ``--progress``; never with ``--quiet``). Then a summary: text, or with ``--json`` one JSON
object on stdout. ``--export model.json`` writes the network in the engine's model format,
``--plot out.png`` the decision boundary and the loss curves, ``--init model.json`` starts from
saved weights, and ``--data file.csv`` trains on a CSV file in the upload format.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from . import Parser, describe, fail, whole_number

DEFAULT_EPOCHS = 500
SETTINGS_GROUP = "experiment settings (the same as the app's and its links; flags override --config)"


#: Settings whose flag is not simply their name: ``--init`` is the issue's "start from saved weights".
FLAG_NAMES = {"init": "weight-init"}


def _flag(name: str) -> str:
    return "--" + FLAG_NAMES.get(name, name.replace("_", "-"))


#: How each kind of setting (:func:`playground.settings.kind`) reads in --help.
_KIND_HELP = {"switch": ("1|0", " 1/0, yes/no; the flag alone means 1."), "integer": ("N", ""), "number": ("X", ""),
              "choice": ("NAME", ""), "choices": ("A,B,...", ""), "sizes": ("A,B,...", " Comma-separated."),
              "names": ("A,B,...", " Comma-separated."), "flags": ("1,0,...", " One 1 (on) or 0 (off) per layer.")}


def _setting_help(p) -> str:
    from ..settings import kind, to_text

    k = kind(p)
    text = (p.doc or "").strip() + _KIND_HELP[k][1]
    if k == "choices":
        text += f" Comma-separated, from: {', '.join(map(str, p.objects))}."
    elif k == "choice":
        text += f" One of: {', '.join(map(str, p.objects))}."
    elif k == "integer" and p.bounds is not None:
        text += f" {p.bounds[0]} to {p.bounds[1]}."
    elif k == "number" and p.bounds is not None:
        text += f" {p.bounds[0]:g} to {p.bounds[1]:g}."
    if p.name in FLAG_NAMES:
        text += f" (Setting '{p.name}' in a settings file or link.)"
    default = p.default if k == "number" else (to_text(p, p.default) or '""')
    return f"{text} Default: {default}.".replace("%", "%%")


def add_setting_arguments(parser: argparse.ArgumentParser) -> None:
    """One option per setting a link reads, in the link's order. Values stay text (unset ones
    absent) so they can be checked exactly like a link's."""
    from ..settings import READABLE, Settings, kind

    group = parser.add_argument_group(SETTINGS_GROUP)
    for name in READABLE:
        p = Settings.param[name]
        extra = {"nargs": "?", "const": "1"} if kind(p) == "switch" else {}
        group.add_argument(_flag(name), dest=name, metavar=_KIND_HELP[kind(p)][0], default=argparse.SUPPRESS,
                           help=_setting_help(p), **extra)


def settings_from_args(args: argparse.Namespace) -> dict:
    """Typed Experiment settings: the --config file's, then the flags' on top, all checked like a link.
    ``--activation`` (one name for every layer) overrides the file's ``activations``."""
    from ..data.registry import DATASETS
    from ..settings import READABLE, Settings
    from ..settings_file import check_settings, read_settings

    values = read_settings(args.config) if args.config else {}
    given = vars(args)
    flags = {name: given[name] for name in READABLE if name in given}
    if "dataset" in flags and flags["dataset"] not in DATASETS:  # the whole list (a link's notice is cut short)
        fail(f"unknown dataset {flags['dataset']!r}; choose one of {', '.join(DATASETS)}")
    values.update(check_settings(flags, "command line"))
    if "activation" in values:
        n = len(values.get("hidden_layers", Settings.param.hidden_layers.default))
        values["activations"] = [values.pop("activation")] * n
    return values


def build_parser() -> Parser:
    parser = Parser(prog="playground train", description=(
        "Train an experiment without the browser: the same settings as the app and its links, from flags "
        "or a settings file. Prints a summary (final losses, accuracy, AUC/R50 for binary data, epochs/s)."),
        epilog="Example: playground train --dataset circle --features x1,x2,x1sq,x2sq --epochs 300 "
               "--export model.json --plot circle.png")
    run = parser.add_argument_group("run")
    run.add_argument("--config", metavar="FILE", help="settings file: .toml, .json, or a shared link (any other "
                                                       "extension); flags override its values")
    run.add_argument("--epochs", type=whole_number(0, 10_000_000, "epochs"), default=DEFAULT_EPOCHS, metavar="N",
                     help=f"epochs to train (default {DEFAULT_EPOCHS})")
    run.add_argument("--data", metavar="CSV", help="train on this CSV file (the upload format: feature columns, a "
                                                   "label column, optionally split) instead of a built-in dataset")
    run.add_argument("--label", default="label", metavar="NAME", help="label column of --data (default: label)")
    run.add_argument("--init", dest="init_model", metavar="MODEL", help="start from the weights in this model file (from --export); "
                                                     "its inputs and layers must match the settings")
    out = parser.add_argument_group("output")
    out.add_argument("--export", metavar="MODEL", help="write the trained network to this file (the engine's model "
                                                       "JSON, read by 'playground predict')")
    out.add_argument("--plot", metavar="PNG", help="save the decision boundary and the loss curves as a picture")
    out.add_argument("--save-run", metavar="JSON", help="save the whole run (settings, weights, optimizer state) "
                                                        "for Experiment.from_json")
    out.add_argument("--json", action="store_true", help="print the summary as one JSON object on stdout")
    out.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no notes on stderr")
    out.add_argument("--progress", action="store_true", help="show the progress bar even when stderr is not a "
                                                             "terminal")
    add_setting_arguments(parser)
    return parser


def _check_writable(path: str | None, what: str) -> None:
    """Refuse an output path before training rather than after."""
    if path is None:
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        fail(f"{what} {path}: is a folder; give a file name")
    if not folder.is_dir():
        fail(f"{what} {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        fail(f"{what} {path}: cannot write there (permission denied)")


def _read_model(path: str):
    from ..engine import model_json

    try:
        return model_json.load(path)
    except (OSError, ValueError) as exc:
        fail(f"--init {path}: {describe(exc, file_named=True)}")


def _read_data(path: str, label: str, values: dict):
    from ..data.upload import read_csv_file
    from ..experiment import Experiment

    p = Experiment.param
    try:
        return read_csv_file(path, label=label, train_fraction=values.get("train_fraction", p.train_fraction.default),
                             seed=values.get("data_seed", p.data_seed.default))
    except (OSError, ValueError) as exc:
        fail(f"--data {path}: {describe(exc, file_named=True)}")


def build_experiment(values: dict, data=None):
    """The Experiment these settings describe; data that cannot be made is an error here, not a
    quiet fallback to other data as on the page."""
    from ..experiment import Experiment

    exp = Experiment(data=data, **values) if data is not None else Experiment(**values)
    wanted = values.get("dataset", Experiment.param.dataset.default)
    if data is None and exp.dataset != wanted:
        fail(" ".join(exp.take_notices()) or f"the {wanted} data could not be made")
    return exp


def _number(v, fmt: str) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and math.isinf(v):
        return "inf"
    return format(v, fmt)


def _percent(v) -> str:
    return "-" if v is None else f"{100 * v:.1f} %"


def format_summary(s: dict) -> str:
    """The summary as a few aligned lines of text."""
    lines = [f"{s['dataset']} ({s['problem']}, {s['loss_function']} loss), network "
             f"{'-'.join(map(str, s['layers']))}: epoch {s['epoch']}, status {s['status']}"]
    if s.get("message"):
        lines.append(f"  {s['message']}")
    lines.append(f"  loss      train {_number(s['train_loss'], '.5f')}   test {_number(s['test_loss'], '.5f')}")
    if s["train_accuracy"] is not None:
        lines.append(f"  accuracy  train {_percent(s['train_accuracy'])}   test {_percent(s['test_accuracy'])}")
    if s["auc"] is not None:
        lines.append(f"  test AUC  {s['auc']:.4f}   R50 {_number(s['r50'], '.2f')} "
                     "(class-0 rejection at 50 % class-1 efficiency)")
    if "seconds" in s:
        speed = _number(s.get("epochs_per_s"), ",.0f")
        lines.append(f"  trained   {s['epochs_run']} epochs in {s['seconds']:.2f} s ({speed} epochs/s)")
    return "\n".join(lines)


def _json_ready(value):
    """Non-finite floats (an infinite R50) as null: JSON has no infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    return value


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    values = settings_from_args(args)
    for path, what in ((args.export, "--export"), (args.plot, "--plot"), (args.save_run, "--save-run")):
        _check_writable(path, what)
    if args.plot:
        from .plot import picture_format_problem

        problem = picture_format_problem(args.plot)
        if problem:
            fail(f"--plot {args.plot}: {problem}")
    model = _read_model(args.init_model) if args.init_model else None
    data = _read_data(args.data, args.label, values) if args.data else None
    exp = build_experiment(values, data)
    if model is not None:
        try:
            exp.load_weights(model)
        except ValueError as exc:
            fail(f"--init {args.init_model}: {describe(exc)}")
    notes = exp.take_notices()
    if not args.quiet:
        for note in notes:
            print(f"playground: note: {note}", file=sys.stderr)
    show = not args.quiet and (args.progress or sys.stderr.isatty())
    summary = exp.fit(args.epochs, progress=show)
    if args.export:
        Path(args.export).write_text(exp.export_model() + "\n", encoding="utf-8")
        summary["model"] = args.export
    if args.save_run:
        Path(args.save_run).write_text(exp.to_json() + "\n", encoding="utf-8")
        summary["run"] = args.save_run
    if args.plot:
        from .plot import save_plot

        save_plot(exp, args.plot)
        summary["plot"] = args.plot
    if args.json:
        print(json.dumps(_json_ready(summary)))
    else:
        print(format_summary(summary))
        for key, what in (("model", "model"), ("run", "run"), ("plot", "picture")):
            if key in summary:
                print(f"  wrote {what}: {summary[key]}")
    return 0
