"""The pTHatMin check's arithmetic (no Pythia needed): shares, errors and the spectrum chi-square."""
import numpy as np
import pytest

from playground.physics.bias_check import PT_EDGES, pthat_bias, spectrum_chi2


def test_share_from_below_the_cut_and_its_error():
    pthat = np.r_[np.full(10, 320.0), np.full(990, 500.0)]
    pt = np.linspace(501, 549, 1000)
    out = pthat_bias(pthat, pt, pt, shipped_cut=350.0, check_cut=300.0)
    assert out["jets"] == 1000 and out["from_below_shipped_cut"] == 10
    assert out["fraction"] == pytest.approx(0.01)
    assert out["fraction_error"] == pytest.approx(np.sqrt(0.01 * 0.99 / 1000), abs=1e-5)
    assert out["lowest_pthat_gev"] == 320.0
    # None below: the rule of three gives the 95 % upper limit.
    none = pthat_bias(np.full(300, 500.0), pt[:300], pt, shipped_cut=350.0, check_cut=300.0)
    assert none["fraction"] == 0 and none["fraction_95_upper"] == pytest.approx(0.01)
    with pytest.raises(ValueError, match="lower generator cut"):
        pthat_bias(pthat, pt, pt, shipped_cut=350.0, check_cut=400.0)


def test_spectrum_chi2_sees_a_missing_low_edge_and_accepts_a_fair_sample():
    rng = np.random.default_rng(0)

    def falling(n):  # a steep spectrum like the real one, drawn inside the window
        u = rng.uniform(size=n)
        return 500.0 * (1 - u * (1 - (500 / 550) ** 4)) ** -0.25

    shipped = falling(20_000)
    fair = spectrum_chi2(falling(2_000), shipped)
    assert fair["ndf"] == len(PT_EDGES) - 2
    assert fair["chi2"] < 25  # p ~ 0.003 for 9 degrees of freedom
    biased_sample = falling(4_000)
    biased_sample = biased_sample[(biased_sample > 510) | (rng.uniform(size=4_000) < 0.5)][:2_000]
    assert spectrum_chi2(biased_sample, shipped)["chi2"] > 50
    with pytest.raises(ValueError, match="inside the pT window"):
        spectrum_chi2([600.0], shipped)
