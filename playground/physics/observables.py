"""Jet-shape observables from constituent four-momenta, in plain NumPy.

Kept apart from the Pythia/FastJet event loop so the maths can be unit-tested (and reused for
pictures) without the physics extra installed. Jets come as flat constituent arrays plus a count of
constituents per jet; every observable is computed for all jets at once with ``np.bincount``.

Definitions (z_i = pT_i / sum pT, Delta R_i = distance in (y, phi) to the jet's winner-take-all axis):

* multiplicity: number of constituents; charged_multiplicity: those with non-zero charge;
* pTD = sqrt(sum pT_i^2) / sum pT_i (1 for a single particle, small when energy is shared);
* width (girth) = sum z_i Delta R_i;
* lha, the Les Houches angularity lambda^1_0.5 = sum z_i (Delta R_i / R)^0.5;
* mass, pt, y of the jet four-vector (E-scheme: sum of the constituents, as FastJet recombines).

Angularities (width, LHA) are measured from the recoil-free winner-take-all (WTA) axis, as the Les
Houches quark/gluon studies do: the jet's constituents are reclustered with Cambridge/Aachen, and at
each merging the pair takes the direction of its harder member (FastJet's ``WTA_pt_scheme``). The
E-scheme axis (the summed four-vector) is pulled off the hard core by soft wide-angle radiation, which
blurs exactly the difference between quark and gluon jets that angularities are meant to show.
"""
from __future__ import annotations

import numpy as np

from ..engine._jit import jitable, kernel
from .settings import FEATURES


def wrap_phi(dphi):
    """Azimuthal difference folded into [-pi, pi)."""
    return (np.asarray(dphi, dtype=np.float64) + np.pi) % (2.0 * np.pi) - np.pi


def rapidity(e, pz):
    """Rapidity y = 1/2 ln((E + pz) / (E - pz))."""
    e = np.asarray(e, dtype=np.float64)
    pz = np.asarray(pz, dtype=np.float64)
    return 0.5 * np.log((e + pz) / (e - pz))


def pseudorapidity(px, py, pz):
    """Pseudorapidity eta = asinh(pz / pT)."""
    return np.arcsinh(np.asarray(pz, dtype=np.float64) / np.hypot(px, py))


def jet_ids(counts) -> np.ndarray:
    """Index of the jet each flat constituent belongs to (0, 0, 0, 1, 1, 2, ...)."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.repeat(np.arange(counts.size), counts)


@kernel
def _wta_axes(pt, y, phi, counts):  # pragma: no cover - compiled
    """C/A reclustering with WTA recombination per jet; returns each jet's axis (y, phi).

    Nearest-neighbour bookkeeping keeps it O(n^2) per jet: only the pairs whose neighbour merged
    or moved are searched again.
    """
    n_jets = counts.size
    axis_y = np.empty(n_jets)
    axis_phi = np.empty(n_jets)
    start = 0
    for jet in range(n_jets):
        n = counts[jet]
        P = pt[start:start + n].copy()
        Y = y[start:start + n].copy()
        F = phi[start:start + n].copy()
        active = np.ones(n, dtype=np.bool_)
        nn = np.full(n, -1, dtype=np.int64)
        nnd = np.full(n, np.inf)
        for i in range(n):
            for j in range(n):
                if j != i:
                    d = _dr2(Y[i], F[i], Y[j], F[j])
                    if d < nnd[i]:
                        nnd[i] = d
                        nn[i] = j
        last = 0
        for _ in range(n - 1):
            i = -1
            best = np.inf
            for k in range(n):
                if active[k] and nnd[k] < best:
                    best = nnd[k]
                    i = k
            j = nn[i]
            if P[j] > P[i]:  # the harder member gives the direction (ties: the first found)
                Y[i] = Y[j]
                F[i] = F[j]
            P[i] += P[j]
            active[j] = False
            last = i
            nnd[i] = np.inf
            nn[i] = -1
            for k in range(n):
                if not active[k] or k == i:
                    continue
                d = _dr2(Y[i], F[i], Y[k], F[k])
                if d < nnd[i]:
                    nnd[i] = d
                    nn[i] = k
                if nn[k] == i or nn[k] == j:  # its neighbour moved or is gone: search again
                    nnd[k] = np.inf
                    for m in range(n):
                        if active[m] and m != k:
                            dm = _dr2(Y[k], F[k], Y[m], F[m])
                            if dm < nnd[k]:
                                nnd[k] = dm
                                nn[k] = m
                elif d < nnd[k]:
                    nnd[k] = d
                    nn[k] = i
        axis_y[jet] = Y[last]
        axis_phi[jet] = F[last]
        start += n
    return axis_y, axis_phi


@jitable
def _dr2(y1, phi1, y2, phi2):
    dphi = abs(phi1 - phi2)
    if dphi > np.pi:
        dphi = 2.0 * np.pi - dphi
    return (y1 - y2) ** 2 + dphi**2


def wta_axes(pt, y, phi, counts) -> tuple[np.ndarray, np.ndarray]:
    """Each jet's winner-take-all axis (y, phi) from its flat constituents (pt, y, phi) and counts.

    Cambridge/Aachen reclustering of all the jet's constituents into one, where each merging keeps
    the summed pT and the (y, phi) of the harder of the two (FastJet's ``WTA_pt_scheme``).
    """
    counts = np.asarray(counts, dtype=np.int64)
    arrays = [np.ascontiguousarray(a, dtype=np.float64) for a in (pt, y, phi)]
    return _wta_axes(*arrays, counts)


def jet_features(px, py, pz, e, charge, counts, R: float = 0.4) -> dict[str, np.ndarray]:
    """Every observable in :data:`FEATURES` for each jet, as float64 arrays keyed by name.

    ``px, py, pz, e, charge`` are flat constituent arrays (GeV, elementary charges); ``counts`` holds
    the number of constituents of each jet, in order. Every jet needs at least one constituent.
    """
    counts = np.asarray(counts, dtype=np.int64)
    if np.any(counts < 1):
        raise ValueError("every jet needs at least one constituent")
    px, py, pz, e = (np.asarray(a, dtype=np.float64) for a in (px, py, pz, e))
    if not (px.shape == py.shape == pz.shape == e.shape == np.shape(charge)) or px.size != counts.sum():
        raise ValueError("constituent arrays must have one entry per constituent (sum of counts)")
    ids = jet_ids(counts)
    n = counts.size

    def per_jet(w):
        return np.bincount(ids, weights=w, minlength=n)

    jpx, jpy, jpz, je = per_jet(px), per_jet(py), per_jet(pz), per_jet(e)
    jet_pt = np.hypot(jpx, jpy)
    jet_y = rapidity(je, jpz)
    jet_phi = np.arctan2(jpy, jpx)
    jet_m2 = je**2 - jpx**2 - jpy**2 - jpz**2
    jet_mass = np.sqrt(np.clip(jet_m2, 0.0, None))

    pt = np.hypot(px, py)
    y, phi = rapidity(e, pz), np.arctan2(py, px)
    axis_y, axis_phi = wta_axes(pt, y, phi, counts)
    dr = np.hypot(y - axis_y[ids], wrap_phi(phi - axis_phi[ids]))
    sum_pt = per_jet(pt)
    out = {
        "multiplicity": counts.astype(np.float64),
        "charged_multiplicity": per_jet((np.asarray(charge) != 0).astype(np.float64)),
        "ptd": np.sqrt(per_jet(pt**2)) / sum_pt,
        "width": per_jet(pt * dr) / sum_pt,
        "lha": per_jet(pt * np.sqrt(dr / R)) / sum_pt,
        "mass": jet_mass,
        "pt": jet_pt,
        "y": jet_y,
    }
    assert tuple(out) == FEATURES
    return out


def feature_matrix(features: dict[str, np.ndarray]) -> np.ndarray:
    """The observables as an (n_jets, len(FEATURES)) array in table column order."""
    return np.column_stack([np.asarray(features[name], dtype=np.float64) for name in FEATURES])


def jet_image(pt, eta, phi, jet_eta: float, jet_phi: float, npix: int = 33, half_width: float = 0.4,
              normalize: bool = True) -> np.ndarray:
    """A jet as a pT-weighted pixel image in (Delta eta, Delta phi) around its axis.

    Returns an (npix, npix) array indexed [eta bin, phi bin], covering
    [-half_width, half_width] in both directions; constituents outside are dropped. With
    ``normalize`` the pixels sum to 1 (the fraction of the jet's pT in each pixel).
    """
    deta = np.asarray(eta, dtype=np.float64) - jet_eta
    dphi = wrap_phi(np.asarray(phi, dtype=np.float64) - jet_phi)
    image, _, _ = np.histogram2d(deta, dphi, bins=npix, range=[[-half_width, half_width]] * 2,
                                 weights=np.asarray(pt, dtype=np.float64))
    if normalize and image.sum() > 0:
        image /= image.sum()
    return image
