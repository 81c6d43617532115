"""The shipped quark/gluon table: made by this repo's generator, and reproducing known physics.

Single-feature AUCs are recomputed here from ranks (the Mann-Whitney statistic), independently of
``playground.engine.metrics``. Over the whole shipped table (40,000 jets) their statistical error is
about 0.002, well inside the bands. The bands and the ordering are those of Pythia light-quark
studies (the public benchmark): multiplicity about 0.85, then pTD, then LHA, width and mass.
"""
import hashlib
import importlib.resources
import json

import numpy as np
import pytest

from playground.data.quark_gluon import load_jet_table
from playground.engine import metrics
from playground.physics.settings import (CONSTITUENTS_FILE, FEATURES, LABELS, PROVENANCE_FILE, SETTINGS, TABLE_FILE,
                                        pthat_min)

ASSETS = importlib.resources.files("playground.assets")
#: Multiplicity's band reaches down to 0.83: the shipped table gives 0.8385 and a reference run with
#: the public benchmark's own cut (light quarks, pTHatMin 450 GeV, 10,000 jets) gave 0.832 ± 0.004,
#: so the 0.85 an audit quoted for that set-up is not what this Pythia version and tune give.
AUC_BANDS = {"multiplicity": (0.83, 0.86), "ptd": (0.78, 0.85), "lha": (0.74, 0.82), "width": (0.72, 0.80),
             "mass": (0.70, 0.79)}


def rank_auc(scores, labels) -> float:
    """Area under the ROC curve from average ranks, quark (1) high or low: max(AUC, 1 - AUC)."""
    scores = np.asarray(scores, dtype=np.float64)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(scores.size)
    ranks[order] = np.arange(1, scores.size + 1)
    uniq, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ranks = (np.bincount(inverse, weights=ranks) / counts)[inverse]  # ties share their average rank
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    a = (ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    return max(a, 1.0 - a)


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
    a = rank_auc(table.column(name), table.labels)
    lo, hi = AUC_BANDS[name]
    assert lo <= a <= hi, (name, a)
    theirs = metrics.auc(table.column(name), table.labels)
    assert max(theirs, 1 - theirs) == pytest.approx(a, abs=1e-9)  # the app's own metric agrees


def test_single_feature_aucs_are_ordered_as_in_light_quark_studies():
    """multiplicity > pTD > LHA >~ width >~ mass: the angularities from the WTA axis put LHA above width."""
    table = load_jet_table()
    a = {name: rank_auc(table.column(name), table.labels) for name in AUC_BANDS}
    assert a["multiplicity"] > a["ptd"] > a["lha"] > a["width"] - 0.005
    assert a["width"] > a["mass"] - 0.005, a


def test_quark_jets_are_light_flavour_and_above_the_generator_cut():
    with np.load(ASSETS.joinpath(TABLE_FILE).open("rb")) as npz:
        parton, labels, pthat = npz["parton"], npz["labels"], npz["pthat"]
    assert set(np.unique(parton[labels == LABELS["quark"]])) <= set(SETTINGS["quark_flavours"]) == {1, 2, 3}
    assert set(np.unique(parton[labels == LABELS["gluon"]])) == {21}
    assert pthat.min() >= pthat_min()


def test_provenance_records_axis_flavours_and_the_generator_cut_check(provenance):
    assert provenance["settings"]["axes"]["lha"] == provenance["settings"]["axes"]["width"] == "WTA"
    flavours = provenance["flavours"]["quark"]
    assert set(flavours["jets"]) == {"1", "2", "3"} and sum(flavours["jets"].values()) == provenance["jets"]["quark"]
    assert {"4", "5"} <= set(flavours["events"])  # c and b quarks were made, and left out
    check = provenance["bias_check"]
    assert check["shipped_pthat_min_gev"] == pthat_min() > check["pthat_min_gev"]
    for kind in ("gluon", "quark"):
        c = check[kind]
        assert c["jets"] == SETTINGS["bias_check"]["jets_per_kind"]
        # The pT spectra with the lower cut and the shipped one agree within statistics (p > 0.001
        # for 9 degrees of freedom) ...
        assert c["pt_spectrum"]["chi2"] < 27.9, (kind, c["pt_spectrum"])
        # ... and few jets in the window come from between the two cuts. Measured: 0.3 ± 0.2 % of
        # gluon and 1.7 ± 0.4 % of quark jets (with the old 450 GeV cut: 7 % and 16 %).
        assert c["fraction"] < 0.03, (kind, c)


def test_quarks_are_the_narrow_few_particle_jets():
    """Direction of each shape: quark jets have fewer particles, harder sharing, less width and mass."""
    table = load_jet_table()
    q = table.labels == LABELS["quark"]
    for name, quark_larger in (("multiplicity", False), ("charged_multiplicity", False), ("ptd", True),
                               ("width", False), ("lha", False), ("mass", False)):
        col = table.column(name)
        assert (col[q].mean() > col[~q].mean()) == quark_larger, name
