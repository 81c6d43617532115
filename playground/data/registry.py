"""Every built-in dataset by id, in menu order, and one function to make any of them.

Ids are what URLs and the command line use. ``make_dataset`` checks the shared arguments the same way
for every entry (ValueError naming the allowed range), then dispatches:

* ``kind="plane"`` (toy generators, :mod:`playground.data.toy`): use all arguments.
* ``kind="logic"`` (truth tables, :mod:`playground.data.logic`): the table is fixed; ``n_samples``,
  ``noise``, ``train_fraction`` and ``seed`` are checked but do not change it.
* ``kind="physics"`` (quark vs gluon jets, :mod:`playground.data.quark_gluon`, imported only when
  asked for): ``noise`` is checked but not used; real data brings its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from .dataset import Dataset
from .logic import logic_dataset
from .toy import GENERATORS, check_common

KINDS = ("plane", "logic", "physics")


@dataclass(frozen=True)
class DatasetInfo:
    """What a menu needs to know about a dataset before making it."""

    name: str           # id used in URLs and on the command line
    label: str          # human text for menus
    problem: str        # "binary" | "multiclass" | "regression"
    kind: str           # "plane" | "logic" | "physics"
    description: str = ""
    options: tuple[str, ...] = ()  # extra keyword options make_dataset accepts for this set
    # How many points a new experiment on this set starts with. Jets need more than a toy plane: with
    # 500 jets the test loss can sit 15 % off the training loss by sampling alone.
    samples: int = 500

    @property
    def uses_noise(self) -> bool:
        """Whether the noise setting changes this dataset."""
        return self.kind == "plane"

    @property
    def uses_sampling(self) -> bool:
        """Whether sample count, train fraction and seed change this dataset."""
        return self.kind != "logic"


def _quark_gluon(*, n_samples, noise, train_fraction, seed, **options) -> Dataset:
    from .quark_gluon import make_quark_gluon  # lazy: only load the jet table when asked for

    return make_quark_gluon(n_samples=n_samples, train_fraction=train_fraction, seed=seed, **options)


def _toy(generator, *, n_samples, noise, train_fraction, seed, **options) -> Dataset:
    return generator(n_samples=n_samples, noise=noise, train_fraction=train_fraction, seed=seed, **options)


def _logic(table, *, n_samples, noise, train_fraction, seed) -> Dataset:
    return logic_dataset(table)


_ENTRIES = (
    (DatasetInfo("quark_gluon", "Quark vs gluon jets", "binary", "physics",
                 "Jets from simulated proton collisions (Pythia 8): tell quark jets from gluon jets.",
                 ("features", "extra_features", "standardize"), samples=2000), _quark_gluon),
    (DatasetInfo("two_blobs", "Two blobs", "binary", "plane", "Two Gaussian clouds; a straight line separates them."),
     partial(_toy, GENERATORS["two_blobs"])),
    (DatasetInfo("circle", "Circle", "binary", "plane", "A disc inside a ring: no straight line will do."),
     partial(_toy, GENERATORS["circle"])),
    (DatasetInfo("xor", "XOR", "binary", "plane", "Four quadrants, opposite corners alike."),
     partial(_toy, GENERATORS["xor"])),
    (DatasetInfo("spiral", "Spiral", "binary", "plane", "Two interleaved spirals: the hard one."),
     partial(_toy, GENERATORS["spiral"])),
    (DatasetInfo("moons", "Two moons", "binary", "plane", "Two interlocking half-circles."),
     partial(_toy, GENERATORS["moons"])),
    (DatasetInfo("multi_blobs", "Several blobs", "multiclass", "plane",
                 "Three to eight Gaussian clouds in a ring, one class each.", ("n_classes",)),
     partial(_toy, GENERATORS["multi_blobs"])),
    (DatasetInfo("reg_plane", "Regression: plane", "regression", "plane", "Predict (x1 + x2) / 10."),
     partial(_toy, GENERATORS["reg_plane"])),
    (DatasetInfo("reg_gaussian", "Regression: Gaussian bumps", "regression", "plane",
                 "Predict a landscape of six positive and negative bumps."),
     partial(_toy, GENERATORS["reg_gaussian"])),
    (DatasetInfo("logic_and", "Logic: a AND b", "binary", "logic", "The AND truth table on the unit square."),
     partial(_logic, "and")),
    (DatasetInfo("logic_or", "Logic: a OR b", "binary", "logic", "The OR truth table on the unit square."),
     partial(_logic, "or")),
    (DatasetInfo("logic_xor", "Logic: a XOR b", "binary", "logic",
                 "The XOR truth table: one neuron cannot learn it."), partial(_logic, "xor")),
    (DatasetInfo("logic_a_and_b_or_c", "Logic: a && (b || c)", "binary", "logic",
                 "A three-input truth table, shown on the (a, b) plane."), partial(_logic, "a_and_b_or_c")),
)

#: Dataset id -> DatasetInfo, in menu order (the real data first).
DATASETS: dict[str, DatasetInfo] = {info.name: info for info, _ in _ENTRIES}
_FACTORIES = {info.name: factory for info, factory in _ENTRIES}


def make_dataset(name: str, *, n_samples: int = 500, noise: float = 0.0, train_fraction: float = 0.5, seed: int = 0,
                 **options) -> Dataset:
    """Make the built-in dataset ``name`` (a key of :data:`DATASETS`).

    ``n_samples`` 50..5000, ``noise`` a fraction 0..0.5, ``train_fraction`` 0.1..0.9; extra
    ``options`` as listed in the entry's ``DatasetInfo.options`` (e.g. ``n_classes`` for
    ``multi_blobs``). Anything else raises ValueError saying what is allowed.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    n_samples, noise, train_fraction = check_common(n_samples, noise, train_fraction)
    allowed = DATASETS[name].options
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        takes = ", ".join(allowed) if allowed else "no extra options"
        raise ValueError(f"unknown option {unknown[0]!r} for dataset {name!r}; it takes {takes}")
    return _FACTORIES[name](n_samples=n_samples, noise=noise, train_fraction=train_fraction, seed=int(seed),
                            **options)
