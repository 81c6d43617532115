"""The Pythia + FastJet generator on a handful of jets (needs the physics extra; CI installs it)."""
import json
import time

import numpy as np
import pytest

pytest.importorskip("pythia8mc", reason="the physics extra is not installed: pip install '.[physics]'")
pytest.importorskip("fastjet", reason="the physics extra is not installed: pip install '.[physics]'")

from playground.physics import observables  # noqa: E402
from playground.physics.generate import generate, generate_task, write_outputs  # noqa: E402
from playground.physics.settings import FEATURES, LABELS, SETTINGS, pthat_min  # noqa: E402

COL = {name: i for i, name in enumerate(FEATURES)}


@pytest.fixture(scope="module")
def small_run():
    start = time.perf_counter()
    result = generate(12, seed=11, workers=1, chunk=4, constituent_jets=5, progress=False, check_jets=1)
    return result, time.perf_counter() - start


def test_a_handful_of_jets_in_under_a_minute(small_run):
    result, seconds = small_run
    assert seconds < 60
    X, y = result["features"], result["labels"]
    assert X.shape == (12, len(FEATURES))
    assert np.bincount(y, minlength=2).tolist() == [6, 6]
    assert np.all(np.isfinite(X))
    jet = SETTINGS["jet"]
    assert np.all((X[:, COL["pt"]] > jet["pt_min_gev"]) & (X[:, COL["pt"]] < jet["pt_max_gev"]))
    assert np.all(np.abs(X[:, COL["y"]]) < jet["abs_y_max"])
    assert np.all((X[:, COL["ptd"]] > 0) & (X[:, COL["ptd"]] <= 1))
    assert np.all(X[:, COL["charged_multiplicity"]] <= X[:, COL["multiplicity"]])
    assert np.all(X[:, COL["multiplicity"]] >= 2)
    assert np.all(X[:, COL["mass"]] > 0)
    prov = result["provenance"]
    assert prov["settings"] == {**SETTINGS, "bias_check": {**SETTINGS["bias_check"], "jets_per_kind": 1}}
    assert prov["jets"] == {"gluon": 6, "quark": 6, "total": 12}
    # Truth of each kept jet: light quarks or gluons, from a hard process above the generator cut.
    quark = y == LABELS["quark"]
    assert set(result["truth"]["parton"][quark]) <= {1, 2, 3} and set(result["truth"]["parton"][~quark]) == {21}
    assert np.all(result["truth"]["pthat"] >= pthat_min())
    assert sum(prov["flavours"]["quark"]["jets"].values()) == 6
    assert sum(prov["flavours"]["quark"]["events"].values()) == prov["events"]["quark"]
    check = prov["bias_check"]
    assert check["pthat_min_gev"] < check["shipped_pthat_min_gev"] == pthat_min()
    assert check["quark"]["jets"] == check["gluon"]["jets"] == 1
    assert all(prov["events"][k] >= 6 for k in ("gluon", "quark"))
    assert set(prov["versions"]) >= {"pythia8mc", "fastjet", "numpy"}


def test_constituents_belong_to_their_table_rows(small_run):
    result, _ = small_run
    X, y, c = result["features"], result["labels"], result["constituents"]
    assert c["jet_index"].size == 10  # 5 of each kind
    assert np.bincount(y[c["jet_index"]], minlength=2).tolist() == [5, 5]
    np.testing.assert_array_equal(c["counts"], X[c["jet_index"], COL["multiplicity"]])
    offsets = np.r_[0, np.cumsum(c["counts"])]
    for j, row in enumerate(c["jet_index"]):
        pt = c["pt"][offsets[j]:offsets[j + 1]].astype(np.float64)
        charged = np.count_nonzero(c["charge"][offsets[j]:offsets[j + 1]])
        assert np.sqrt(np.sum(pt**2)) / pt.sum() == pytest.approx(X[row, COL["ptd"]], rel=1e-5)
        assert charged == X[row, COL["charged_multiplicity"]]


def test_heavy_flavours_are_an_option_and_the_quark_mix_is_counted():
    light = generate_task("quark", 2, seed=5)
    heavy = generate_task("quark", 1, seed=5, flavours=(4, 5))
    assert set(light["truth"]["parton"]) <= {1, 2, 3} and set(heavy["truth"]["parton"]) <= {4, 5}
    # Every generated event is counted by its quark, kept or not: c and b are seen but not kept.
    assert sum(light["partons_seen"].values()) == light["events"]
    assert set(light["partons_seen"]) >= {1, 2}


def test_wta_axis_agrees_with_fastjet():
    """Our NumPy/Numba reclustering against FastJet's C/A with WTA_pt_scheme, on shipped constituents."""
    import awkward as ak
    import fastjet

    from playground.data.quark_gluon import example_jets

    jets = example_jets()
    counts, pt, y, phi = np.diff(jets.offsets), jets.pt, jets.y, jets.phi
    axis_y, axis_phi = observables.wta_axes(pt, y, phi, counts)
    massless = ak.unflatten(ak.zip({"px": pt * np.cos(phi), "py": pt * np.sin(phi), "pz": pt * np.sinh(y),
                                    "E": pt * np.cosh(y)}), counts)
    jet_def = fastjet.JetDefinition(fastjet.cambridge_algorithm, 100.0, fastjet.WTA_pt_scheme)
    jets = ak.flatten(fastjet.ClusterSequence(massless, jet_def).inclusive_jets())
    assert len(jets) == counts.size  # one jet per reclustered jet
    fj_pt = np.hypot(np.asarray(jets.px), np.asarray(jets.py))
    np.testing.assert_allclose(observables.wrap_phi(np.arctan2(np.asarray(jets.py), np.asarray(jets.px)) - axis_phi),
                               0.0, atol=1e-9)
    np.testing.assert_allclose(np.arcsinh(np.asarray(jets.pz) / fj_pt), axis_y, atol=1e-9)


def test_same_seed_same_jets_different_seed_different_jets():
    a = generate_task("quark", 1, seed=99)
    b = generate_task("quark", 1, seed=99)
    c = generate_task("quark", 1, seed=98)
    np.testing.assert_array_equal(a["features"], b["features"])
    assert not np.array_equal(a["features"], c["features"])


def test_worker_count_does_not_change_the_result():
    one = generate(2, seed=3, workers=1, chunk=1, constituent_jets=1, progress=False, check_jets=0)
    two = generate(2, seed=3, workers=2, chunk=1, constituent_jets=1, progress=False, check_jets=0)
    np.testing.assert_array_equal(one["features"], two["features"])
    np.testing.assert_array_equal(one["labels"], two["labels"])
    assert one["provenance"]["task_seeds"] == two["provenance"]["task_seeds"]


def test_written_files_round_trip(small_run, tmp_path):
    result, _ = small_run
    paths = write_outputs(result, tmp_path)
    with np.load(paths["table"]) as npz:
        assert tuple(npz["feature_names"]) == FEATURES
        np.testing.assert_allclose(npz["features"], result["features"].astype(np.float32))
        assert npz["labels"].tolist() == result["labels"].tolist()
        assert set(npz["labels"].tolist()) == set(LABELS.values())
        assert npz["pthat"].shape == npz["parton"].shape == npz["labels"].shape
    with np.load(paths["constituents"]) as npz:
        assert npz["pt"].dtype == np.float32 and npz["charge"].dtype == np.int8
        assert npz["counts"].sum() == npz["pt"].size
    prov = json.loads(paths["provenance"].read_text())
    assert prov["settings"]["quark_flavours"] == SETTINGS["quark_flavours"] and prov["seed"] == 11
    assert set(prov["files"]) == {paths["table"].name, paths["constituents"].name}
