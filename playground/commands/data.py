"""``playground data NAME --out data.csv``: write a built-in dataset as CSV in the upload format.

The options mean what the app's data settings mean and are checked the same way (``--n-samples``,
``--noise``, ``--train-fraction``, ``--seed`` = the app's data seed, and for the quark/gluon jets
``--jet-x``, ``--jet-y``, ``--jet-extra``), so ``playground data circle --seed 3`` writes exactly
the points ``playground train --dataset circle --data-seed 3`` trains on. Jet features are written
in physical units, as the app keeps them (the network standardises its inputs). The file
(:mod:`playground.data.export`: features, ``label``, ``split``) uploads back into the app unchanged.
"""
from __future__ import annotations

import sys

from ..settings import Settings, doc, from_texts, kind, names, to_text
from . import Parser, fail

_METAVAR = {"integer": "N", "number": "X", "choice": "NAME", "choices": "A,B,..."}

#: Data settings by option name (``--seed`` is the app's data seed): a query on the settings table.
OPTIONS = {("seed" if n == "data_seed" else n): n for n in names(group="data") if n != "dataset"}
JET_OPTIONS = tuple(o for o in OPTIONS if o.startswith("jet_"))


def build_parser() -> Parser:
    parser = Parser(prog="playground data", description=(
        "Write a built-in dataset as a CSV file in the upload format (features, label, split)."),
        epilog="Example: playground data quark_gluon --n-samples 2000 --jet-extra mass,width --out jets.csv")
    parser.add_argument("name", nargs="?", metavar="NAME", help="dataset id; --list shows them all")
    parser.add_argument("--list", action="store_true", help="list the datasets and exit")
    parser.add_argument("--out", metavar="FILE", help="write the CSV here (default: stdout)")
    jets = parser.add_argument_group("quark_gluon only")
    for option, name in OPTIONS.items():
        p = Settings.param[name]
        choices = f" One or more of: {', '.join(p.objects)}." if kind(p) == "choices" else ""
        (jets if option in JET_OPTIONS else parser).add_argument(
            "--" + option.replace("_", "-"), metavar=_METAVAR[kind(p)],
            help=f"{doc(name)}{choices} Default: {to_text(p, p.default) or 'none'}.")
    parser.add_argument("--label", default="label", metavar="NAME", help="name of the label column (default: label)")
    parser.add_argument("--no-split", action="store_true", help="leave out the split column (training rows first)")
    return parser


def make(name: str, settings: dict):
    """The dataset the app makes for ``dataset=name`` and these (checked) data settings."""
    from ..data.registry import make_dataset

    value = {k: settings.get(k, Settings.param[k].default) for k in OPTIONS.values()}
    options = {}
    if name == "quark_gluon":  # as Experiment._make_data: physical units, the network standardises
        options = dict(features=(value["jet_x"], value["jet_y"]), extra_features=tuple(value["jet_extra"]),
                       standardize=False)
    try:
        return make_dataset(name, n_samples=value["n_samples"], noise=value["noise"],
                            train_fraction=value["train_fraction"], seed=value["data_seed"], **options)
    except RuntimeError as exc:  # the shipped jet table is damaged
        fail(f"cannot make {name}: {exc}")


def main(argv: list[str]) -> int:
    from ..data.export import to_csv
    from ..data.registry import DATASETS

    args = build_parser().parse_args(argv)
    if args.list:
        for info in DATASETS.values():
            print(f"{info.name:<20} {info.problem:<11} {info.description}")
        return 0
    if not args.name:
        fail(f"name a dataset: one of {', '.join(DATASETS)}")
    if args.name not in DATASETS:
        fail(f"unknown dataset {args.name!r}; choose one of {', '.join(DATASETS)}")
    given = {opt: getattr(args, opt) for opt in OPTIONS if getattr(args, opt) is not None}
    jet = [opt for opt in JET_OPTIONS if opt in given]
    if jet and args.name != "quark_gluon":
        fail(f"--{jet[0].replace('_', '-')} applies to the quark_gluon data only")
    settings, errors = from_texts(Settings, {OPTIONS[opt]: text for opt, text in given.items()})
    if errors:  # named as the option was typed: --seed sets the data seed
        e = errors[0]
        option = next(o for o, n in OPTIONS.items() if n == e.name)
        fail(f"command line: {option}={e.value!r}: {e.reason}.")
    dataset = make(args.name, settings)
    text = to_csv(dataset, label=args.label, split=not args.no_split)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        print(f"playground: wrote {dataset.n_train + dataset.n_test} rows ({dataset.n_train} train, "
              f"{dataset.n_test} test) of {args.name} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
