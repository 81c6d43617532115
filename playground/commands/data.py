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

from . import Parser, fail

#: option -> Experiment setting it sets
OPTIONS = {"n_samples": "n_samples", "noise": "noise", "train_fraction": "train_fraction", "seed": "data_seed",
           "jet_x": "jet_x", "jet_y": "jet_y", "jet_extra": "jet_extra"}
JET_OPTIONS = ("jet_x", "jet_y", "jet_extra")


def build_parser() -> Parser:
    from ..experiment import Experiment

    p = Experiment.param
    parser = Parser(prog="playground data", description=(
        "Write a built-in dataset as a CSV file in the upload format (features, label, split)."),
        epilog="Example: playground data quark_gluon --n-samples 2000 --jet-extra mass,width --out jets.csv")
    parser.add_argument("name", nargs="?", metavar="NAME", help="dataset id; --list shows them all")
    parser.add_argument("--list", action="store_true", help="list the datasets and exit")
    parser.add_argument("--out", metavar="FILE", help="write the CSV here (default: stdout)")
    parser.add_argument("--n-samples", metavar="N", help=f"{p.n_samples.doc} Default: {p.n_samples.default}.")
    parser.add_argument("--noise", metavar="X", help=f"{p.noise.doc} Default: {p.noise.default}.")
    parser.add_argument("--train-fraction", metavar="X",
                        help=f"{p.train_fraction.doc} Default: {p.train_fraction.default}.")
    parser.add_argument("--seed", metavar="N", help=f"{p.data_seed.doc} Default: {p.data_seed.default}.")
    jets = parser.add_argument_group("quark_gluon only")
    jets.add_argument("--jet-x", metavar="NAME", help=f"{p.jet_x.doc} Default: {p.jet_x.default}.")
    jets.add_argument("--jet-y", metavar="NAME", help=f"{p.jet_y.doc} Default: {p.jet_y.default}.")
    jets.add_argument("--jet-extra", metavar="A,B,...", help=f"{p.jet_extra.doc} One or more of: "
                                                             f"{', '.join(p.jet_extra.objects)}.")
    parser.add_argument("--label", default="label", metavar="NAME", help="name of the label column (default: label)")
    parser.add_argument("--no-split", action="store_true", help="leave out the split column (training rows first)")
    return parser


def make(name: str, settings: dict):
    """The dataset the app makes for ``dataset=name`` and these (checked) data settings."""
    from ..data.registry import make_dataset
    from ..experiment import Experiment

    p = Experiment.param
    value = {k: settings.get(k, p[k].default) for k in ("n_samples", "noise", "train_fraction", "data_seed",
                                                         "jet_x", "jet_y", "jet_extra")}
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
    from ..settings_file import check_settings

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
    try:
        settings = check_settings({OPTIONS[opt]: text for opt, text in given.items()}, "command line")
    except ValueError as exc:  # name the option as typed: --seed sets the data seed
        fail(str(exc).replace("data_seed=", "seed="))
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
