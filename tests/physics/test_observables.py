"""Jet-shape maths against a plain-Python, one-jet-at-a-time reference (no Pythia needed)."""
import math

import numpy as np
import pytest

from playground.physics import observables
from playground.physics.generate import plan_tasks
from playground.physics.settings import FEATURES, SETTINGS, pythia_lines, task_seed


def reference_jet(parts, R=0.4):
    """One jet's observables with the math module, straight from the definitions."""
    E = sum(p[3] for p in parts)
    px = sum(p[0] for p in parts)
    py = sum(p[1] for p in parts)
    pz = sum(p[2] for p in parts)
    jy = 0.5 * math.log((E + pz) / (E - pz))
    jphi = math.atan2(py, px)
    pts = [math.hypot(p[0], p[1]) for p in parts]
    drs = []
    for p in parts:
        y = 0.5 * math.log((p[3] + p[2]) / (p[3] - p[2]))
        dphi = math.atan2(p[1], p[0]) - jphi
        while dphi > math.pi:
            dphi -= 2 * math.pi
        while dphi < -math.pi:
            dphi += 2 * math.pi
        drs.append(math.hypot(y - jy, dphi))
    s = sum(pts)
    return {
        "multiplicity": len(parts),
        "charged_multiplicity": sum(1 for p in parts if p[4] != 0),
        "ptd": math.sqrt(sum(pt * pt for pt in pts)) / s,
        "width": sum(pt * dr for pt, dr in zip(pts, drs)) / s,
        "lha": sum(pt * math.sqrt(dr / R) for pt, dr in zip(pts, drs)) / s,
        "mass": math.sqrt(max(E * E - px * px - py * py - pz * pz, 0.0)),
        "pt": math.hypot(px, py),
        "y": jy,
    }


def random_jets(rng, n_jets, phi0=0.3):
    """Particles (px, py, pz, E, charge) scattered around random axes, with pion-like masses."""
    jets = []
    for _ in range(n_jets):
        axis_y, axis_phi = rng.uniform(-1.5, 1.5), phi0 + rng.uniform(-0.2, 0.2)
        parts = []
        for _ in range(rng.integers(1, 25)):
            pt = rng.exponential(20.0) + 0.5
            y = axis_y + rng.normal(0, 0.15)
            phi = axis_phi + rng.normal(0, 0.15)
            m = 0.1396
            mt = math.hypot(pt, m)
            parts.append((pt * math.cos(phi), pt * math.sin(phi), mt * math.sinh(y), mt * math.cosh(y),
                          int(rng.integers(-1, 2))))
        jets.append(parts)
    return jets


def flatten(jets):
    flat = np.array([p for parts in jets for p in parts], dtype=np.float64)
    return flat[:, 0], flat[:, 1], flat[:, 2], flat[:, 3], flat[:, 4], [len(parts) for parts in jets]


@pytest.mark.parametrize("phi0", [0.3, math.pi - 0.05])  # the second set straddles phi = +-pi
def test_features_match_reference(phi0):
    jets = random_jets(np.random.default_rng(1), 40, phi0)
    out = observables.jet_features(*flatten(jets))
    assert tuple(out) == FEATURES
    for i, parts in enumerate(jets):
        ref = reference_jet(parts)
        for name in FEATURES:
            assert out[name][i] == pytest.approx(ref[name], rel=1e-9, abs=1e-9), (name, i)


def test_phi_wrap_does_not_widen_a_jet():
    jets = random_jets(np.random.default_rng(2), 10, 0.0)
    turned = [[(p[0] * math.cos(a) - p[1] * math.sin(a), p[0] * math.sin(a) + p[1] * math.cos(a), p[2], p[3], p[4])
               for p in parts] for parts, a in zip(jets, [math.pi] * 10)]
    a = observables.jet_features(*flatten(jets))
    b = observables.jet_features(*flatten(turned))
    for name in ("width", "lha", "ptd", "mass", "pt", "y"):
        np.testing.assert_allclose(a[name], b[name], rtol=1e-9, atol=1e-12)


def test_hand_cases():
    # One massless particle: a single-prong jet.
    one = observables.jet_features([30.0], [40.0], [0.0], [50.0], [1], [1])
    assert (one["multiplicity"][0], one["charged_multiplicity"][0]) == (1, 1)
    assert one["ptd"][0] == pytest.approx(1.0)
    assert one["width"][0] == pytest.approx(0.0, abs=1e-12)
    assert one["mass"][0] == pytest.approx(0.0, abs=1e-6)
    assert one["pt"][0] == pytest.approx(50.0)
    # Two equal massless particles at phi = +-0.1, y = 0: pTD = 1/sqrt 2, width 0.1, lha sqrt(0.1/0.4).
    px, py = 10 * np.cos([0.1, -0.1]), 10 * np.sin([0.1, -0.1])
    two = observables.jet_features(px, py, [0.0, 0.0], [10.0, 10.0], [0, 0], [2])
    assert two["ptd"][0] == pytest.approx(1 / math.sqrt(2))
    assert two["width"][0] == pytest.approx(0.1)
    assert two["lha"][0] == pytest.approx(math.sqrt(0.25))
    assert two["charged_multiplicity"][0] == 0
    assert two["mass"][0] == pytest.approx(2 * 10 * math.sin(0.1))  # m^2 = 2 E1 E2 (1 - cos 0.2)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        observables.jet_features([1.0], [0.0], [0.0], [1.0], [0], [1, 0])
    with pytest.raises(ValueError, match="one entry per constituent"):
        observables.jet_features([1.0, 2.0], [0.0, 0.0], [0.0, 0.0], [1.0, 2.0], [0, 0], [1])


def test_wrap_phi_and_rapidity():
    np.testing.assert_allclose(observables.wrap_phi([0.0, 3.5, -3.5, 2 * math.pi + 0.1]),
                               [0.0, 3.5 - 2 * math.pi, 2 * math.pi - 3.5, 0.1], atol=1e-12)
    # Massless: rapidity equals pseudorapidity.
    eta = 0.8
    assert observables.rapidity(math.cosh(eta), math.sinh(eta)) == pytest.approx(eta)
    assert observables.pseudorapidity(1.0, 0.0, math.sinh(eta)) == pytest.approx(eta)


def test_jet_image():
    img = observables.jet_image([10.0, 30.0, 5.0], [0.5, 0.5, 2.0], [1.0, 1.0, 1.0], 0.5, 1.0, npix=9)
    assert img.shape == (9, 9)
    assert img.sum() == pytest.approx(1.0)
    assert img[4, 4] == pytest.approx(1.0)  # the particle 1.5 away in eta falls outside
    img = observables.jet_image([10.0, 10.0], [0.0, 0.0], [math.pi - 0.1, -math.pi + 0.1], 0.0, math.pi, npix=9,
                                normalize=False)
    assert img.sum() == pytest.approx(20.0)  # both sides of phi = pi land in the picture


def test_seeds_and_task_plan():
    assert task_seed(1, "quark", 0) == task_seed(1, "quark", 0)
    seeds = {task_seed(s, k, t) for s in (1, 2) for k in ("quark", "gluon") for t in range(20)}
    assert len(seeds) == 80 and all(1 <= s <= 900_000_000 for s in seeds)
    lines = pythia_lines("gluon", 123)
    assert lines[0] == f"{SETTINGS['processes']['gluon']} = on" and lines[-1] == "Random:seed = 123"
    with pytest.raises(ValueError):
        pythia_lines("top", 1)
    tasks = plan_tasks(2 * 1234, seed=5, chunk=500, constituent_jets=700)
    for kind in ("quark", "gluon"):
        mine = [t for t in tasks if t["kind"] == kind]
        assert [t["n_jets"] for t in mine] == [500, 500, 234]
        assert [t["keep_constituents"] for t in mine] == [500, 200, 0]
        assert [t["seed"] for t in mine] == [task_seed(5, kind, i) for i in range(3)]
    # A task's seed does not depend on the run's size.
    assert plan_tasks(4000, 5, 500, 0)[0]["seed"] == tasks[0]["seed"]
    with pytest.raises(ValueError, match="even"):
        plan_tasks(11, 1, 5, 0)
