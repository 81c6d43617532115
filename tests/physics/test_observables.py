"""Jet-shape maths against a plain-Python, one-jet-at-a-time reference (no Pythia needed)."""
import math

import numpy as np
import pytest

from playground.physics import observables
from playground.physics.generate import plan_tasks
from playground.physics.settings import FEATURES, SETTINGS, pythia_lines, task_seed


def wrapped(dphi):
    while dphi > math.pi:
        dphi -= 2 * math.pi
    while dphi < -math.pi:
        dphi += 2 * math.pi
    return dphi


def reference_wta_axis(pts, ys, phis):
    """Cambridge/Aachen with winner-take-all recombination, the slow obvious way: merge the closest pair
    in (y, phi), keep the summed pT and the harder member's direction, until one is left."""
    items = [(pt, y, phi) for pt, y, phi in zip(pts, ys, phis)]
    while len(items) > 1:
        _, a, b = min((math.hypot(items[a][1] - items[b][1], wrapped(items[a][2] - items[b][2])), a, b)
                      for a in range(len(items)) for b in range(a + 1, len(items)))
        hard = items[a] if items[a][0] >= items[b][0] else items[b]
        items = [it for k, it in enumerate(items) if k not in (a, b)] + [(items[a][0] + items[b][0], hard[1], hard[2])]
    return items[0][1], items[0][2]


def reference_jet(parts, R=0.4):
    """One jet's observables with the math module, straight from the definitions."""
    E = sum(p[3] for p in parts)
    px = sum(p[0] for p in parts)
    py = sum(p[1] for p in parts)
    pz = sum(p[2] for p in parts)
    jy = 0.5 * math.log((E + pz) / (E - pz))
    pts = [math.hypot(p[0], p[1]) for p in parts]
    ys = [0.5 * math.log((p[3] + p[2]) / (p[3] - p[2])) for p in parts]
    phis = [math.atan2(p[1], p[0]) for p in parts]
    axis_y, axis_phi = reference_wta_axis(pts, ys, phis)
    drs = [math.hypot(y - axis_y, wrapped(phi - axis_phi)) for y, phi in zip(ys, phis)]
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
    # Two equal massless particles at phi = +-0.1, y = 0: pTD = 1/sqrt 2. The WTA axis sits on one of
    # them (a tie goes to the first), so the other is 0.2 away: width 0.2 / 2, lha sqrt(0.2/0.4) / 2.
    px, py = 10 * np.cos([0.1, -0.1]), 10 * np.sin([0.1, -0.1])
    two = observables.jet_features(px, py, [0.0, 0.0], [10.0, 10.0], [0, 0], [2])
    assert two["ptd"][0] == pytest.approx(1 / math.sqrt(2))
    assert two["width"][0] == pytest.approx(0.1)
    assert two["lha"][0] == pytest.approx(math.sqrt(0.5) / 2)
    assert two["charged_multiplicity"][0] == 0
    assert two["mass"][0] == pytest.approx(2 * 10 * math.sin(0.1))  # m^2 = 2 E1 E2 (1 - cos 0.2)


def test_wta_axis_by_hand():
    """Three particles on a line at y = 0, hand-clustered.

    A (40 GeV, phi 0) and B (30 GeV, phi 0.05) are the closest pair; they merge into 70 GeV at A's
    direction. That beats C (50 GeV, phi 0.3), so the axis stays on A, although C is the hardest
    single particle. The E-scheme axis would sit at phi ~ 0.14, between the prongs.
    Width = (40*0 + 30*0.05 + 50*0.3) / 120 = 0.1375; LHA = (30*sqrt(0.125) + 50*sqrt(0.75)) / 120.
    """
    phi = np.array([0.0, 0.05, 0.3])
    pt = np.array([40.0, 30.0, 50.0])
    y, axis_phi = observables.wta_axes(pt, np.zeros(3), phi, [3])
    assert (y[0], axis_phi[0]) == (0.0, 0.0)
    out = observables.jet_features(pt * np.cos(phi), pt * np.sin(phi), np.zeros(3), pt, [0, 0, 0], [3])
    assert out["width"][0] == pytest.approx(0.1375)
    assert out["lha"][0] == pytest.approx((30 * math.sqrt(0.125) + 50 * math.sqrt(0.75)) / 120)
    # Make C harder than A and B together: now the last merging goes C's way.
    pt[2] = 80.0
    _, axis_phi = observables.wta_axes(pt, np.zeros(3), phi, [3])
    assert axis_phi[0] == pytest.approx(0.3)


def test_wta_axis_is_soft_safe_and_recoil_free():
    """A soft particle far out moves the E-scheme axis but not the WTA axis."""
    core = np.array([100.0, 20.0]), np.array([0.0, 0.02]), np.array([0.0, 0.03])
    pt, y, phi = (np.r_[a, b] for a, b in zip(core, (np.array([5.0]), np.array([0.3]), np.array([0.3]))))
    assert observables.wta_axes(pt, y, phi, [3])[1][0] == observables.wta_axes(*core, [2])[1][0] == 0.0


def test_wta_axes_match_the_slow_reference_on_random_jets():
    rng = np.random.default_rng(4)
    counts = rng.integers(1, 40, size=60)
    n = int(counts.sum())
    pt, y = rng.exponential(10.0, n) + 0.1, rng.normal(0.0, 0.2, n)
    phi = observables.wrap_phi(rng.normal(math.pi, 0.2, n))  # straddles phi = +-pi
    ay, aphi = observables.wta_axes(pt, y, phi, counts)
    start = 0
    for j, c in enumerate(counts):
        ry, rphi = reference_wta_axis(pt[start:start + c], y[start:start + c], phi[start:start + c])
        assert (ay[j], aphi[j]) == (ry, rphi)
        start += c


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
