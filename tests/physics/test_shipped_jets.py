"""The shipped quark/gluon table: made by this repo's generator, and reproducing known physics.

The AUC bands were measured with Pythia 8.3 on this set-up (issue 4); the numbers come from the
whole shipped table (40,000 jets), so statistical errors are well below the band widths (~0.004).
"""
import hashlib
import importlib.resources
import json

import numpy as np
import pytest

from playground.data.quark_gluon import load_jet_table
from playground.engine import metrics
from playground.physics.settings import CONSTITUENTS_FILE, FEATURES, LABELS, PROVENANCE_FILE, SETTINGS, TABLE_FILE

ASSETS = importlib.resources.files("playground.assets")
AUC_BANDS = {"multiplicity": (0.82, 0.88), "ptd": (0.78, 0.85), "width": (0.71, 0.79), "mass": (0.71, 0.79)}


@pytest.fixture(scope="module")
def provenance():
    return json.loads(ASSETS.joinpath(PROVENANCE_FILE).read_text())


def test_provenance_matches_the_generator_settings(provenance):
    # JSON turns tuples into lists; compare like with like.
    assert provenance["settings"] == json.loads(json.dumps(SETTINGS))
    assert provenance["features"] == list(FEATURES)
    assert provenance["settings"]["labels"] == LABELS
    assert provenance["versions"]["pythia8mc"] == "8.317.2"
    assert provenance["versions"]["fastjet"] == "3.5.2.0"
    assert provenance["seconds_wall"] > 0 and isinstance(provenance["seed"], int)
    assert len(provenance["task_seeds"]["quark"]) == len(provenance["task_seeds"]["gluon"]) >= 1


def test_provenance_describes_the_shipped_files(provenance):
    table = load_jet_table()
    counts = np.bincount(table.labels, minlength=2)
    assert provenance["jets"] == {"gluon": int(counts[0]), "quark": int(counts[1]), "total": len(table)}
    assert counts[0] == counts[1] and len(table) >= 40_000
    total = 0
    for name in (TABLE_FILE, CONSTITUENTS_FILE):
        data = ASSETS.joinpath(name).read_bytes()
        assert provenance["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        total += len(data)
    assert total < 5_000_000


def test_every_jet_passes_the_cuts():
    table = load_jet_table()
    jet = SETTINGS["jet"]
    pt, y = table.column("pt"), table.column("y")
    assert np.all((pt > jet["pt_min_gev"]) & (pt < jet["pt_max_gev"]))
    assert np.all(np.abs(y) < jet["abs_y_max"])
    assert np.all((table.column("ptd") > 0) & (table.column("ptd") <= 1))
    assert np.all(table.column("charged_multiplicity") <= table.column("multiplicity"))
    # No bias in kinematics between the classes: pt and y alone cannot tell quarks from gluons.
    for name in ("pt", "y"):
        assert abs(metrics.auc(table.column(name), table.labels) - 0.5) < 0.03


def test_gluon_jets_have_about_one_and_a_half_times_more_constituents():
    table = load_jet_table()
    mult = table.column("multiplicity")
    ratio = mult[table.labels == 0].mean() / mult[table.labels == 1].mean()
    assert 1.5 <= ratio <= 1.7, ratio


@pytest.mark.parametrize("name", sorted(AUC_BANDS))
def test_single_feature_auc_in_the_measured_band(name):
    table = load_jet_table()
    a = metrics.auc(table.column(name), table.labels)
    a = max(a, 1.0 - a)
    lo, hi = AUC_BANDS[name]
    assert lo <= a <= hi, (name, a)


def test_quarks_are_the_narrow_few_particle_jets():
    """Direction of each shape: quark jets have fewer particles, harder sharing, less width and mass."""
    table = load_jet_table()
    q = table.labels == LABELS["quark"]
    for name, quark_larger in (("multiplicity", False), ("charged_multiplicity", False), ("ptd", True),
                               ("width", False), ("lha", False), ("mass", False)):
        col = table.column(name)
        assert (col[q].mean() > col[~q].mean()) == quark_larger, name
