"""The one description of how the quark/gluon jets are made.

The generator builds its Pythia and FastJet set-up from :data:`SETTINGS`, copies the whole dict into
the provenance record it writes, and a test checks that the shipped record still equals this dict.
So changing a setting here without regenerating ``assets/`` fails the tests instead of silently
shipping data that no longer matches the code.

The processes and cuts follow the public Pythia 8 quark/gluon benchmark (Komiske, Metodiev, Thaler):
Z(->nu nu) + jet at 14 TeV, anti-kT R = 0.4 jets from all visible final-state particles, leading jet
with 500 < pT < 550 GeV and |y| < 1.7, and quark jets from light flavours (u, d, s) only, as the
benchmark's default sample. Pythia has no switch for the flavour of ``qg -> Zq``; the generator keeps
an event when the quark entering the hard process (which is the quark leaving it) is in
``quark_flavours``, which is the same as generating those flavours alone, and records the mix it saw.
"""
from __future__ import annotations

import numpy as np

#: Class labels used everywhere (tables, datasets, metrics): quark is the "signal".
LABELS = {"gluon": 0, "quark": 1}

#: Particle ids that escape a detector unseen; every other final-state particle is a jet input.
INVISIBLE_IDS = (12, 14, 16)

SETTINGS: dict = {
    "sqrt_s_gev": 14000.0,
    # Pythia process switch per jet kind: q qbar -> Z g gives gluon jets, q g -> Z q quark jets.
    "processes": {
        "gluon": "WeakBosonAndParton:qqbar2gmZg",
        "quark": "WeakBosonAndParton:qg2gmZq",
    },
    # Lines given to every Pythia instance (after the process switch, before the seed).
    "pythia": [
        "Beams:idA = 2212",
        "Beams:idB = 2212",
        "Beams:eCM = 14000.",
        "WeakZ0:gmZmode = 2",  # pure Z, no photon interference
        "23:onMode = off",
        "23:onIfAny = 12 14 16",  # Z -> neutrinos only: the jet is alone in the detector
        # Generator cut on the hard process's pT, 150 GeV under the jet threshold: initial-state
        # radiation kicks jets above their hard process, and at 450 GeV 7 % of the gluon and 16 % of
        # the quark jets in the window came from below the cut (measured with a 300 GeV cut).
        "PhaseSpace:pTHatMin = 350.",
        "PartonLevel:ISR = on",
        "PartonLevel:FSR = on",
        "PartonLevel:MPI = on",  # multi-parton interactions (underlying event)
        "HadronLevel:all = on",  # hadronisation and decays
        "Print:quiet = on",
        "Next:numberCount = 0",
    ],
    "jet": {
        "algorithm": "antikt",
        "R": 0.4,
        "inputs": "final-state particles except neutrinos (ids 12, 14, 16)",
        "clustering_pt_min_gev": 20.0,
        "selection": "leading jet of the event",
        "pt_min_gev": 500.0,
        "pt_max_gev": 550.0,
        "abs_y_max": 1.7,
    },
    # Flavours (PDG ids, either sign) allowed for the quark of q g -> Z q: light quarks, as the public
    # benchmark's default sample. `python -m playground.physics --heavy-flavours` adds c and b.
    "quark_flavours": [1, 2, 3],
    # Angularities (width, LHA) are measured from the winner-take-all axis; mass, pt and y belong to
    # the E-scheme jet (the sum of its constituents). See playground.physics.observables.
    "axes": {"width": "WTA", "lha": "WTA", "mass": "E-scheme", "pt": "E-scheme", "y": "E-scheme",
             "wta": "Cambridge/Aachen reclustering of the jet's constituents, WTA_pt_scheme"},
    # The pTHatMin check: a smaller sample made with a lower generator cut, whose selected jets tell
    # what share of the 500-550 GeV jets comes from below the cut (see generate.bias_check).
    "bias_check": {"pthat_min_gev": 300.0, "jets_per_kind": 1000},
    "labels": dict(LABELS),
    # How many jets of each kind keep their constituents (for the (eta, phi) pictures).
    "constituent_jets_per_kind": 300,
}

#: Per-jet observables in the order of the table's columns (see playground.physics.observables).
FEATURES = ("multiplicity", "charged_multiplicity", "ptd", "width", "lha", "mass", "pt", "y")

#: File names written by the generator and read by playground.data.quark_gluon.
TABLE_FILE = "quark_gluon_jets.npz"
CONSTITUENTS_FILE = "quark_gluon_constituents.npz"
PROVENANCE_FILE = "quark_gluon_jets.provenance.json"

#: Flavours the --heavy-flavours option adds to SETTINGS["quark_flavours"].
HEAVY_FLAVOURS = (4, 5)

#: Pythia accepts seeds 1..900,000,000.
_PYTHIA_SEED_MAX = 900_000_000


def pythia_lines(kind: str, seed: int, pthat_min: float | None = None) -> list[str]:
    """Everything one Pythia instance is told: the kind's process, the common lines, its seed.

    ``pthat_min`` replaces the generator cut (only the pTHatMin check uses it).
    """
    if kind not in SETTINGS["processes"]:
        raise ValueError(f"kind must be one of {', '.join(SETTINGS['processes'])}, got {kind!r}")
    common = list(SETTINGS["pythia"])
    if pthat_min is not None:
        common = [f"PhaseSpace:pTHatMin = {float(pthat_min)}" if line.startswith("PhaseSpace:pTHatMin") else line
                  for line in common]
    return [f"{SETTINGS['processes'][kind]} = on", *common, "Random:setSeed = on", f"Random:seed = {int(seed)}"]


def pthat_min() -> float:
    """The generator cut on the hard process's pT, read from the Pythia lines (GeV)."""
    line = next(line for line in SETTINGS["pythia"] if line.startswith("PhaseSpace:pTHatMin"))
    return float(line.split("=")[1])


def task_seed(seed: int, kind: str, task: int) -> int:
    """Pythia seed of one task, derived from the run's seed, the jet kind and the task number.

    Each task's seed depends only on (seed, kind, task), never on how many workers run or how many
    tasks there are, so a run is reproducible on any machine and tasks are statistically independent.
    """
    ss = np.random.SeedSequence(int(seed), spawn_key=(LABELS[kind], int(task)))
    return int(ss.generate_state(1, dtype=np.uint32)[0]) % _PYTHIA_SEED_MAX + 1
