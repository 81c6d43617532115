"""Metrics physicists use for a binary tagger: ROC, AUC, rejection, histograms, a cut-based baseline.

Conventions: ``labels`` are 0/1 with 1 the signal (quark jets), and a larger ``score`` means "more
signal-like". Signal efficiency is the fraction of signal with score above a threshold (the true
positive rate), background efficiency the fraction of background above it (false positive rate);
background rejection is 1 / background efficiency. NumPy only, so the UI and tests can use it alike.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _binary(scores, labels) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(scores, dtype=np.float64).ravel()
    y = np.asarray(labels).ravel()
    if s.shape != y.shape:
        raise ValueError(f"{s.size} scores but {y.size} labels")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 (background) or 1 (signal)")
    y = y.astype(bool)
    if y.all() or not y.any():
        raise ValueError("need at least one signal (1) and one background (0) example")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite")
    return s, y


def roc_curve(scores, labels) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signal efficiency, background efficiency, threshold) at every distinct score.

    Point k selects ``score >= threshold[k]``; thresholds decrease, so both efficiencies rise from
    (0, 0) (threshold +inf: nothing selected) to (1, 1). Tied scores form a single point.
    """
    s, y = _binary(scores, labels)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last_of_group = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last_of_group]
    fp = np.cumsum(~y)[last_of_group]
    sig_eff = np.r_[0.0, tp / y.sum()]
    bkg_eff = np.r_[0.0, fp / (~y).sum()]
    return sig_eff, bkg_eff, np.r_[np.inf, s[last_of_group]]


def auc(scores, labels) -> float:
    """Area under the ROC curve: the probability that a random signal outscores a random background
    (ties count one half), computed from average ranks (the Mann-Whitney U statistic)."""
    s, y = _binary(scores, labels)
    order = np.argsort(s, kind="stable")
    sorted_s = s[order]
    starts = np.r_[0, np.flatnonzero(sorted_s[1:] != sorted_s[:-1]) + 1]
    sizes = np.diff(np.r_[starts, s.size])
    avg_rank = starts + (sizes + 1) / 2.0  # 1-based average rank of each tie group
    ranks = np.empty(s.size)
    ranks[order] = np.repeat(avg_rank, sizes)
    n_sig, n_bkg = int(y.sum()), int((~y).sum())
    u = ranks[y].sum() - n_sig * (n_sig + 1) / 2.0
    return float(u / (n_sig * n_bkg))


def background_efficiency_at(scores, labels, signal_efficiency: float = 0.5) -> float:
    """Background efficiency where the ROC curve reaches ``signal_efficiency`` (linear interpolation)."""
    if not 0.0 < signal_efficiency <= 1.0:
        raise ValueError("signal_efficiency must be in (0, 1]")
    sig, bkg, _ = roc_curve(scores, labels)
    # sig is non-decreasing; with vertical steps take the lowest background at that efficiency.
    k = int(np.searchsorted(sig, signal_efficiency, side="left"))
    if sig[k] == signal_efficiency:
        return float(bkg[k])
    frac = (signal_efficiency - sig[k - 1]) / (sig[k] - sig[k - 1])
    return float(bkg[k - 1] + frac * (bkg[k] - bkg[k - 1]))


def rejection_at(scores, labels, signal_efficiency: float = 0.5) -> float:
    """Background rejection 1 / eps_bkg at the given signal efficiency (inf if no background passes)."""
    eff = background_efficiency_at(scores, labels, signal_efficiency)
    return float("inf") if eff == 0.0 else 1.0 / eff


def r50(scores, labels) -> float:
    """Gluon rejection at 50 % quark efficiency (quark = label 1), the standard quark/gluon figure."""
    return rejection_at(scores, labels, 0.5)


def class_histograms(values, labels, n_classes: int = 2, bins: int = 30, range=None,
                     density: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Histogram of ``values`` for each class: (edges (bins+1,), counts (n_classes, bins)).

    ``range`` defaults to the pooled min/max so all classes share the same bins; values outside are
    dropped. With ``density`` each class's histogram integrates to 1 (shapes comparable across
    unequal class sizes).
    """
    v = np.asarray(values, dtype=np.float64).ravel()
    c = np.asarray(labels).ravel().astype(np.int64)
    if v.shape != c.shape:
        raise ValueError(f"{v.size} values but {c.size} labels")
    if c.size and (c.min() < 0 or c.max() >= n_classes):
        raise ValueError(f"labels must be 0..{n_classes - 1}")
    lo, hi = (float(v.min()), float(v.max())) if range is None and v.size else (range or (0.0, 1.0))
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, int(bins) + 1)
    inside = (v >= lo) & (v <= hi)
    b = np.clip(np.searchsorted(edges, v[inside], side="right") - 1, 0, int(bins) - 1)
    counts = np.bincount(c[inside] * int(bins) + b, minlength=n_classes * int(bins)).reshape(n_classes, int(bins))
    counts = counts.astype(np.float64)
    if density:
        totals = counts.sum(axis=1, keepdims=True)
        counts = np.divide(counts, totals * np.diff(edges), out=np.zeros_like(counts), where=totals > 0)
    return edges, counts


def output_histograms(scores, labels, bins: int = 20, range=(0.0, 1.0), density: bool = False):
    """Per-class histograms of a network's output (default range 0..1 for a sigmoid)."""
    return class_histograms(scores, labels, 2, bins, range, density)


def feature_histograms(X, labels, n_classes: int = 2, bins: int = 30, density: bool = False):
    """Per-class histograms of every column of X: a list of (edges, counts) pairs, one per feature."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError("X must be a 2-D array (n_samples, n_features)")
    return [class_histograms(X[:, j], labels, n_classes, bins, None, density) for j in range(X.shape[1])]


@dataclass(frozen=True)
class Cut:
    """A one-feature selection: call a sample signal if ``value > threshold`` (direction ">") or
    ``value < threshold`` (direction "<")."""

    feature: int
    name: str
    threshold: float
    direction: str
    accuracy: float  # fraction of samples classified right by this cut, on the data it was chosen on
    auc: float  # AUC of :meth:`score` (the feature oriented by ``direction``) on the same data

    def predict(self, X) -> np.ndarray:
        """1 where the cut calls the sample signal, else 0."""
        v = np.asarray(X, dtype=np.float64)[:, self.feature]
        return ((v > self.threshold) if self.direction == ">" else (v < self.threshold)).astype(np.int64)

    def score(self, X) -> np.ndarray:
        """The feature oriented so that larger means more signal-like (for ROC curves)."""
        v = np.asarray(X, dtype=np.float64)[:, self.feature]
        return v if self.direction == ">" else -v


def feature_cut(values, labels, feature: int = 0, name: str = "") -> Cut:
    """The most accurate threshold on one feature, trying both directions.

    Every cut between two consecutive distinct values (and beyond both ends) is scored at once
    from cumulative class counts.
    """
    v, y = _binary(values, labels)
    uniq, inverse = np.unique(v, return_inverse=True)
    sig_at = np.bincount(inverse, weights=y, minlength=uniq.size)
    bkg_at = np.bincount(inverse, weights=~y, minlength=uniq.size)
    # Cut k (0..m) puts the first k distinct values below the threshold.
    sig_below = np.r_[0.0, np.cumsum(sig_at)]
    bkg_below = np.r_[0.0, np.cumsum(bkg_at)]
    n_sig, n_bkg = sig_below[-1], bkg_below[-1]
    acc_gt = (bkg_below + (n_sig - sig_below)) / v.size  # signal above the threshold
    acc_lt = (sig_below + (n_bkg - bkg_below)) / v.size  # signal below the threshold
    thresholds = np.r_[uniq[0] - 1.0, 0.5 * (uniq[1:] + uniq[:-1]), uniq[-1] + 1.0]
    k_gt, k_lt = int(np.argmax(acc_gt)), int(np.argmax(acc_lt))
    a = auc(v, y)
    if acc_gt[k_gt] >= acc_lt[k_lt]:
        return Cut(int(feature), name, float(thresholds[k_gt]), ">", float(acc_gt[k_gt]), a)
    return Cut(int(feature), name, float(thresholds[k_lt]), "<", float(acc_lt[k_lt]), 1.0 - a)


def feature_cuts(X, labels, feature_names=()) -> list[Cut]:
    """The best cut on each column of X (see :func:`feature_cut`)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError("X must be a 2-D array (n_samples, n_features)")
    names = tuple(feature_names) or tuple(f"x{j + 1}" for j in range(X.shape[1]))
    return [feature_cut(X[:, j], labels, j, names[j]) for j in range(X.shape[1])]


def best_cut(X, labels, feature_names=()) -> Cut:
    """The cut-based baseline: the single-feature cut with the highest accuracy (ties: higher AUC).

    Choose it on training data and judge it on held-out data with :meth:`Cut.predict` and
    :meth:`Cut.score`, just like the network.
    """
    cuts = feature_cuts(X, labels, feature_names)
    return max(cuts, key=lambda c: (c.accuracy, c.auc))
