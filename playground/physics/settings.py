"""The one description of how the quark/gluon jets are made.

The generator builds its Pythia and FastJet set-up from :data:`SETTINGS`, copies the whole dict into
the provenance record it writes, and a test checks that the shipped record still equals this dict.
So changing a setting here without regenerating ``assets/`` fails the tests instead of silently
shipping data that no longer matches the code.

The processes and cuts follow the public Pythia 8 quark/gluon benchmark (Komiske, Metodiev, Thaler):
Z(->nu nu) + jet at 14 TeV, anti-kT R = 0.4 jets from all visible final-state particles, leading jet
with 500 < pT < 550 GeV and |y| < 1.7.
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
        "PhaseSpace:pTHatMin = 450.",
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

#: Pythia accepts seeds 1..900,000,000.
_PYTHIA_SEED_MAX = 900_000_000


def pythia_lines(kind: str, seed: int) -> list[str]:
    """Everything one Pythia instance is told: the kind's process, the common lines, its seed."""
    if kind not in SETTINGS["processes"]:
        raise ValueError(f"kind must be one of {', '.join(SETTINGS['processes'])}, got {kind!r}")
    return [f"{SETTINGS['processes'][kind]} = on", *SETTINGS["pythia"],
            "Random:setSeed = on", f"Random:seed = {int(seed)}"]


def task_seed(seed: int, kind: str, task: int) -> int:
    """Pythia seed of one task, derived from the run's seed, the jet kind and the task number.

    Each task's seed depends only on (seed, kind, task), never on how many workers run or how many
    tasks there are, so a run is reproducible on any machine and tasks are statistically independent.
    """
    ss = np.random.SeedSequence(int(seed), spawn_key=(LABELS[kind], int(task)))
    return int(ss.generate_state(1, dtype=np.uint32)[0]) % _PYTHIA_SEED_MAX + 1
