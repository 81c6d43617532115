"""Quark vs gluon jets from the shipped Pythia 8 table, as a playground dataset.

The table (``assets/quark_gluon_jets.npz``, made by ``python -m playground.physics``) is read once
per process and kept read-only; every :func:`make_quark_gluon` call draws a fresh random,
class-balanced sample from it, so no Pythia is needed at run time. Two features span the plane the
app draws (default: multiplicity and pTD, the booth's "number of fragments" and "energy sharing");
more can be added as extra network inputs.

Inputs are standardised by default with the training sample's mean and standard deviation; those are
kept in ``Dataset.provenance["mean"]`` / ``["std"]`` (one entry per feature, in ``feature_names``
order) so any value can be shown in physical units again: ``physical = value * std + mean``
(see :func:`to_physical`). ``Dataset.units`` always gives the physical unit.
"""
from __future__ import annotations

import functools
import importlib.resources
import io
import json
from dataclasses import dataclass

import numpy as np

from ..physics.observables import jet_image
from ..physics.settings import CONSTITUENTS_FILE, FEATURES, LABELS, PROVENANCE_FILE, TABLE_FILE
from .dataset import Dataset

CLASS_NAMES = ("gluon", "quark")  # index = label: gluon 0, quark 1 (the signal)
assert all(CLASS_NAMES[v] == k for k, v in LABELS.items())

#: name -> (short label for axes, physical unit, what it means), for every column of the table.
FEATURE_INFO: dict[str, tuple[str, str, str]] = {
    "multiplicity": ("Number of fragments", "particles",
                     "How many particles the jet contains; gluon jets fragment into more."),
    "charged_multiplicity": ("Charged fragments", "particles",
                             "How many of the jet's particles are electrically charged (seen as tracks)."),
    "ptd": ("Energy sharing (pTD)", "",
            "sqrt(sum pT^2)/sum pT: near 1 when one particle carries the jet, small when many share it."),
    "width": ("Width (girth)", "",
              "pT-weighted mean distance of the particles from the jet's axis (its hardest branch) in (y, phi); "
              "gluon jets are wider."),
    "lha": ("Les Houches angularity", "",
            "sum z (dR/R)^0.5: like the width, but the square root makes particles close to the axis count "
            "relatively more."),
    "mass": ("Jet mass", "GeV", "Invariant mass of all the jet's particles together."),
    "pt": ("Transverse momentum", "GeV", "Momentum across the beam; all jets are in 500-550 GeV."),
    "y": ("Rapidity", "", "How steeply the jet points along the beam (0 is straight across); all jets have "
                          "|y| < 1.7."),
}
assert tuple(FEATURE_INFO) == FEATURES

DEFAULT_FEATURES = ("multiplicity", "ptd")
N_SAMPLES_MIN = 20


@dataclass(frozen=True)
class JetTable:
    """The whole shipped table: features (n_jets, n_features) float64 and 0/1 labels, read-only."""

    features: np.ndarray
    labels: np.ndarray
    feature_names: tuple[str, ...]
    provenance: dict

    def column(self, name: str) -> np.ndarray:
        return self.features[:, self.feature_names.index(name)]

    def __len__(self) -> int:
        return self.labels.size


def _asset_bytes(name: str) -> bytes:
    return importlib.resources.files("playground.assets").joinpath(name).read_bytes()


def _read_only(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


@functools.lru_cache(maxsize=1)
def load_jet_table() -> JetTable:
    """The shipped jet table, loaded on first use and shared (read-only) afterwards."""
    with np.load(io.BytesIO(_asset_bytes(TABLE_FILE))) as npz:
        names = tuple(str(n) for n in npz["feature_names"])
        features = npz["features"].astype(np.float64)
        labels = npz["labels"].astype(np.int64)
    if names != FEATURES:
        raise RuntimeError(f"{TABLE_FILE} has columns {names}, expected {FEATURES}; regenerate it")
    provenance = json.loads(_asset_bytes(PROVENANCE_FILE))
    return JetTable(_read_only(features), _read_only(labels), names, provenance)


def _check_names(names, what: str) -> tuple[str, ...]:
    names = (names,) if isinstance(names, str) else tuple(names)
    for n in names:
        if n not in FEATURE_INFO:
            raise ValueError(f"unknown {what} {n!r}; choose from {', '.join(FEATURES)}")
    return names


def make_quark_gluon(n_samples=2000, train_fraction=0.5, seed=0, features=DEFAULT_FEATURES, extra_features=(),
                     standardize=True) -> Dataset:
    """A random, class-balanced sample of quark (1) and gluon (0) jets split into train and test.

    ``features`` are the two plane features; ``extra_features`` are further network inputs (after
    the plane features in ``feature_names``). ``n_samples`` jets are drawn without replacement with
    ``seed`` (half of each class, the odd one a gluon); each class is split by ``train_fraction``
    so both sets stay balanced and each holds at least one jet of each class.
    """
    table = load_jet_table()
    plane = _check_names(features, "feature")
    extra = _check_names(extra_features, "extra feature")
    if len(plane) != 2 or plane[0] == plane[1]:
        raise ValueError(f"features must be two different names for the plane, got {plane}")
    names = plane + tuple(n for n in dict.fromkeys(extra) if n not in plane)
    n_samples = int(n_samples)
    if not N_SAMPLES_MIN <= n_samples <= len(table):
        raise ValueError(f"n_samples must be {N_SAMPLES_MIN}..{len(table)}, got {n_samples}")
    train_fraction = float(train_fraction)
    if not 0.0 < train_fraction < 1.0:
        raise ValueError(f"train_fraction must be between 0 and 1, got {train_fraction}")

    rng = np.random.default_rng(seed)
    cols = [table.feature_names.index(n) for n in names]
    train_rows, test_rows = [], []
    mult = table.column("multiplicity")
    for label, n_class in ((LABELS["quark"], n_samples // 2), (LABELS["gluon"], n_samples - n_samples // 2)):
        rows = rng.choice(np.flatnonzero(table.labels == label), size=n_class, replace=False)
        n_train = int(np.clip(round(n_class * train_fraction), 1, n_class - 1))
        # Split each class evenly along its multiplicity (systematic sampling from a random start), so
        # training and test jets differ by chance in everything but their most telling property: the
        # two loss curves then differ by what the network learnt, not by which jets a draw put where.
        rows = rows[np.lexsort((rng.random(n_class), mult[rows]))]
        in_train = np.diff(np.floor((np.arange(n_class + 1) + rng.random()) * n_train / n_class)) > 0
        train_rows.append(rows[in_train])
        test_rows.append(rows[~in_train])
    train_rows = rng.permutation(np.concatenate(train_rows))
    test_rows = rng.permutation(np.concatenate(test_rows))
    x_train = table.features[np.ix_(train_rows, cols)]
    x_test = table.features[np.ix_(test_rows, cols)]

    if standardize:
        mean = x_train.mean(axis=0)
        std = x_train.std(axis=0)
        std[std == 0] = 1.0
        x_train = (x_train - mean) / std
        x_test = (x_test - mean) / std
    else:
        mean, std = np.zeros(len(names)), np.ones(len(names))

    both = np.concatenate([x_train[:, :2], x_test[:, :2]])
    lo, hi = both.min(axis=0), both.max(axis=0)
    pad = 0.05 * np.maximum(hi - lo, 1e-9)
    extent = (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    gen = table.provenance
    provenance = {
        "dataset": "quark_gluon",
        "source": f"{TABLE_FILE} ({len(table)} Pythia 8 jets)",
        "generator": {"command": gen.get("command"), "seed": gen.get("seed"), "jets": gen.get("jets"),
                      "versions": gen.get("versions")},
        "n_samples": n_samples, "train_fraction": train_fraction, "seed": seed,
        "features": list(plane), "extra_features": list(names[2:]),
        "standardize": bool(standardize),
        "mean": [float(v) for v in mean], "std": [float(v) for v in std],
        "standardization": "value = (physical - mean) / std with the training sample's mean and std"
                           if standardize else "none: values are in physical units",
    }
    return Dataset(x_train, table.labels[train_rows], x_test, table.labels[test_rows],
                   feature_names=names, problem="binary", class_names=CLASS_NAMES, extent=extent, plane=(0, 1),
                   units=tuple(FEATURE_INFO[n][1] for n in names), provenance=provenance)


def to_physical(dataset: Dataset, values, feature: int | None = None) -> np.ndarray:
    """Dataset values back in physical units: a column (``feature`` given) or whole rows."""
    mean = np.asarray(dataset.provenance.get("mean", np.zeros(dataset.n_features)), dtype=np.float64)
    std = np.asarray(dataset.provenance.get("std", np.ones(dataset.n_features)), dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if feature is not None:
        return values * std[feature] + mean[feature]
    return values * std + mean


@dataclass(frozen=True)
class ExampleJets:
    """Constituents of a few hundred shipped jets of each kind, for (eta, phi) pictures.

    Flat constituent arrays (pt in GeV, y, eta, phi, charge) with ``offsets`` delimiting each jet;
    ``jet_index`` points at the jet's row in :func:`load_jet_table` and ``labels`` gives its class.
    """

    jet_index: np.ndarray
    labels: np.ndarray
    offsets: np.ndarray
    jet_eta: np.ndarray
    jet_phi: np.ndarray
    pt: np.ndarray
    y: np.ndarray
    eta: np.ndarray
    phi: np.ndarray
    charge: np.ndarray

    def __len__(self) -> int:
        return self.jet_index.size

    def constituents(self, i: int) -> dict[str, np.ndarray]:
        """The constituents of example jet ``i`` (pt, y, eta, phi, charge)."""
        s = slice(int(self.offsets[i]), int(self.offsets[i + 1]))
        return {"pt": self.pt[s], "y": self.y[s], "eta": self.eta[s], "phi": self.phi[s], "charge": self.charge[s]}

    def image(self, i: int, npix: int = 33, half_width: float = 0.4) -> np.ndarray:
        """Jet ``i`` as a pT-fraction image (npix, npix) in (Delta eta, Delta phi) around its axis."""
        c = self.constituents(i)
        return jet_image(c["pt"], c["eta"], c["phi"], float(self.jet_eta[i]), float(self.jet_phi[i]), npix,
                         half_width)

    def mean_image(self, label: int, npix: int = 33, half_width: float = 0.4) -> np.ndarray:
        """Average image of all example jets of one class (the poster's quark and gluon pictures)."""
        rows = np.flatnonzero(self.labels == label)
        return np.mean([self.image(int(i), npix, half_width) for i in rows], axis=0)


@functools.lru_cache(maxsize=1)
def example_jets() -> ExampleJets:
    """The shipped example jets with their constituents, loaded once and kept read-only."""
    with np.load(io.BytesIO(_asset_bytes(CONSTITUENTS_FILE))) as npz:
        d = {k: npz[k] for k in npz.files}
    offsets = np.r_[0, np.cumsum(d["counts"].astype(np.int64))]
    jet_index = d["jet_index"].astype(np.int64)
    arrays = {"jet_index": jet_index, "labels": load_jet_table().labels[jet_index], "offsets": offsets,
              **{k: d[k].astype(np.float64) for k in ("jet_eta", "jet_phi", "pt", "y", "eta", "phi")},
              "charge": d["charge"].astype(np.int64)}
    return ExampleJets(**{k: _read_only(v) for k, v in arrays.items()})
