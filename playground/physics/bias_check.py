"""Does the generator cut ``PhaseSpace:pTHatMin`` cost us jets in the 500-550 GeV window?

A jet can end up harder than its hard process (initial-state radiation kicks the whole system,
the underlying event adds energy), so a generator cut too close to the jet threshold silently drops
the jets that came from below it, and drops more quark than gluon jets. The check runs a smaller
sample with a lower cut and asks two things of its selected jets:

* what share came from a hard process below the shipped cut (jets the shipped sample cannot have),
  with its binomial error;
* whether their pT spectrum agrees with the shipped sample's (a chi-square over equal bins, with the
  statistical errors of both samples).

Pure NumPy, so it is tested without Pythia; the generator calls it and stores the result in the
provenance record.
"""
from __future__ import annotations

import numpy as np

#: pT bins of the spectrum comparison (GeV): ten bins across the 500-550 GeV window.
PT_EDGES = np.linspace(500.0, 550.0, 11)


def spectrum_chi2(check_pt, shipped_pt, edges=PT_EDGES) -> dict:
    """Chi-square between two samples' normalised pT spectra, with both samples' Poisson errors."""
    a, _ = np.histogram(np.asarray(check_pt, dtype=np.float64), bins=edges)
    b, _ = np.histogram(np.asarray(shipped_pt, dtype=np.float64), bins=edges)
    na, nb = a.sum(), b.sum()
    if na == 0 or nb == 0:
        raise ValueError("both samples need jets inside the pT window")
    fa, fb = a / na, b / nb
    var = a / na**2 + b / nb**2
    ok = var > 0
    chi2 = float(np.sum((fa[ok] - fb[ok]) ** 2 / var[ok]))
    return {"edges_gev": edges.tolist(), "check_counts": a.tolist(), "shipped_counts": b.tolist(),
            "chi2": round(chi2, 2), "ndf": int(ok.sum() - 1)}


def pthat_bias(check_pthat, check_pt, shipped_pt, shipped_cut: float, check_cut: float) -> dict:
    """The check's figures for one jet kind (see the module docstring)."""
    check_pthat = np.asarray(check_pthat, dtype=np.float64)
    if check_cut >= shipped_cut:
        raise ValueError("the check needs a lower generator cut than the shipped sample")
    n = check_pthat.size
    below = int(np.count_nonzero(check_pthat < shipped_cut))
    frac = below / n
    return {
        "jets": int(n),
        "from_below_shipped_cut": below,
        "fraction": round(frac, 5),
        # Binomial error; with no jet below, the 95 % upper limit is 3/n (the "rule of three").
        "fraction_error": round(float(np.sqrt(max(frac * (1 - frac), 1.0 / n) / n)), 5),
        "fraction_95_upper": round(frac + 1.96 * float(np.sqrt(frac * (1 - frac) / n)) if below else 3.0 / n, 5),
        "lowest_pthat_gev": round(float(check_pthat.min()), 1),
        "pt_spectrum": spectrum_chi2(check_pt, shipped_pt),
    }
