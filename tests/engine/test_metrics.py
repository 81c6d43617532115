"""ROC, AUC, rejection, histograms and cuts, checked against brute-force references and hand examples."""
import itertools

import numpy as np
import pytest

from playground.engine import metrics


def mann_whitney_auc(scores, labels):
    """Independent reference: fraction of (signal, background) pairs the signal wins, ties half."""
    sig = [s for s, y in zip(scores, labels) if y == 1]
    bkg = [s for s, y in zip(scores, labels) if y == 0]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in itertools.product(sig, bkg))
    return wins / (len(sig) * len(bkg))


def test_roc_of_hand_example():
    # Signal at 0.35 and 0.8, background at 0.1 and 0.4: the textbook AUC = 3/4 example.
    sig, bkg, thr = metrics.roc_curve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    np.testing.assert_allclose(sig, [0, 0.5, 0.5, 1, 1])
    np.testing.assert_allclose(bkg, [0, 0, 0.5, 0.5, 1])
    np.testing.assert_allclose(thr, [np.inf, 0.8, 0.4, 0.35, 0.1])
    assert metrics.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)


@pytest.mark.parametrize("seed", range(5))
def test_auc_matches_mann_whitney_and_roc_area_with_ties(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 60)
    labels[:2] = (0, 1)
    scores = rng.integers(0, 8, 60) + 0.7 * labels  # many ties, some separation
    expected = mann_whitney_auc(scores, labels)
    assert metrics.auc(scores, labels) == pytest.approx(expected, abs=1e-12)
    sig, bkg, _ = metrics.roc_curve(scores, labels)
    assert np.trapezoid(sig, bkg) == pytest.approx(expected, abs=1e-12)
    assert np.all(np.diff(sig) >= 0) and np.all(np.diff(bkg) >= 0)


def test_auc_extremes():
    assert metrics.auc([1, 2, 3, 4], [0, 0, 1, 1]) == 1.0
    assert metrics.auc([1, 2, 3, 4], [1, 1, 0, 0]) == 0.0
    assert metrics.auc([5, 5, 5, 5], [0, 1, 0, 1]) == 0.5
    sig, bkg, _ = metrics.roc_curve([5, 5, 5, 5], [0, 1, 0, 1])
    np.testing.assert_allclose(sig, [0, 1])
    np.testing.assert_allclose(bkg, [0, 1])


def test_rejection_on_a_roc_point():
    # Sorted by score: b s b s b s b s b b b b. At 2 of 4 signal (score >= 7), 2 of 8 background pass.
    sig = [5, 6, 7, 8]
    bkg = [1, 2, 3, 4, 5.5, 6.5, 7.5, 8.5]
    scores, labels = sig + bkg, [1] * 4 + [0] * 8
    assert metrics.background_efficiency_at(scores, labels, 0.5) == pytest.approx(0.25)
    assert metrics.r50(scores, labels) == pytest.approx(4.0)


def test_rejection_interpolates_between_roc_points():
    # 3 signal, 4 background: order s b s b s b b -> ROC points (1/3, 0), (1/3, 1/4), (2/3, 1/4), ...
    scores = [7, 6, 5, 4, 3, 2, 1]
    labels = [1, 0, 1, 0, 1, 0, 0]
    # Between (1/3, 1/4) and (2/3, 1/4) the background efficiency stays 1/4.
    assert metrics.background_efficiency_at(scores, labels, 0.5) == pytest.approx(0.25)
    # Between (2/3, 2/4) and (1, 2/4)... and at 0.9: between (2/3, 1/2) and (1, 1/2) -> 1/2.
    assert metrics.background_efficiency_at(scores, labels, 0.9) == pytest.approx(0.5)
    # A sloped segment: s and b tied at one score move both efficiencies together.
    scores = [3, 2, 2, 1]
    labels = [1, 1, 0, 0]  # points (0,0), (1/2, 0), (1, 1/2), (1, 1)
    assert metrics.background_efficiency_at(scores, labels, 0.75) == pytest.approx(0.25)
    assert metrics.rejection_at(scores, labels, 0.75) == pytest.approx(4.0)


def test_perfect_separation_has_infinite_rejection():
    assert metrics.r50([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]) == float("inf")


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="signal"):
        metrics.auc([1, 2], [1, 1])
    with pytest.raises(ValueError, match="labels"):
        metrics.auc([1, 2], [0, 2])
    with pytest.raises(ValueError, match="scores"):
        metrics.auc([1, 2, 3], [0, 1])
    with pytest.raises(ValueError, match="finite"):
        metrics.auc([np.nan, 2], [0, 1])


def test_class_histograms_match_numpy_per_class():
    rng = np.random.default_rng(3)
    values = rng.normal(size=500)
    labels = rng.integers(0, 3, 500)
    edges, counts = metrics.class_histograms(values, labels, n_classes=3, bins=12)
    assert counts.shape == (3, 12)
    for c in range(3):
        ref, ref_edges = np.histogram(values[labels == c], bins=12, range=(values.min(), values.max()))
        np.testing.assert_array_equal(counts[c], ref)
        np.testing.assert_allclose(edges, ref_edges)
    _, dens = metrics.class_histograms(values, labels, n_classes=3, bins=12, density=True)
    np.testing.assert_allclose((dens * np.diff(edges)).sum(axis=1), 1.0)


def test_output_and_feature_histograms():
    scores = np.array([0.0, 0.05, 0.5, 0.99, 1.0, 0.72])
    labels = np.array([0, 0, 1, 1, 1, 0])
    edges, counts = metrics.output_histograms(scores, labels, bins=10)
    np.testing.assert_allclose(edges, np.linspace(0, 1, 11))
    assert counts[0].tolist() == [2, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert counts[1].tolist() == [0, 0, 0, 0, 0, 1, 0, 0, 0, 2]  # 1.0 lands in the last bin
    X = np.column_stack([scores, 10 * scores])
    hists = metrics.feature_histograms(X, labels, bins=5)
    assert len(hists) == 2
    np.testing.assert_allclose(hists[1][0], 10 * hists[0][0])
    np.testing.assert_array_equal(hists[1][1], hists[0][1])


def brute_force_cut(values, labels):
    """Reference: every midpoint threshold and both directions, accuracy by direct comparison."""
    u = np.unique(values)
    candidates = np.r_[u[0] - 1, (u[1:] + u[:-1]) / 2, u[-1] + 1]
    best = max(((np.mean((values > t) == labels), ">", t) for t in candidates), key=lambda r: r[0])
    best_lt = max(((np.mean((values < t) == labels), "<", t) for t in candidates), key=lambda r: r[0])
    return best if best[0] >= best_lt[0] else best_lt


@pytest.mark.parametrize("seed", range(4))
def test_feature_cut_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 80)
    labels[:2] = (0, 1)
    shift = (1 if seed % 2 else -1) * 1.5
    values = np.round(rng.normal(size=80) + shift * labels, 1)  # ties on purpose
    cut = metrics.feature_cut(values, labels)
    acc, direction, _ = brute_force_cut(values, labels)
    assert cut.accuracy == pytest.approx(acc)
    assert cut.direction == direction == (">" if shift > 0 else "<")
    X = values.reshape(-1, 1)
    assert np.mean(cut.predict(X) == labels) == pytest.approx(cut.accuracy)
    assert metrics.auc(cut.score(X), labels) == pytest.approx(cut.auc)
    assert cut.auc > 0.5


def test_best_cut_finds_the_informative_feature_and_direction():
    rng = np.random.default_rng(7)
    labels = np.repeat([0, 1], 200)
    noise = rng.normal(size=400)
    informative = -2.0 * labels + rng.normal(size=400)  # signal sits low
    X = np.column_stack([noise, informative])
    cut = metrics.best_cut(X, labels, ("noise", "signal_low"))
    assert (cut.feature, cut.name, cut.direction) == (1, "signal_low", "<")
    assert -2.0 < cut.threshold < 0.0
    assert cut.accuracy > 0.8
    cuts = metrics.feature_cuts(X, labels)
    assert [c.name for c in cuts] == ["x1", "x2"]
    assert cuts[0].accuracy < cut.accuracy


def test_hand_cut():
    cut = metrics.feature_cut([1, 2, 3, 4], [0, 0, 1, 1], 0, "v")
    assert (cut.threshold, cut.direction, cut.accuracy, cut.auc) == (2.5, ">", 1.0, 1.0)
    cut = metrics.feature_cut([1, 2, 3, 4], [1, 1, 0, 0])
    assert (cut.threshold, cut.direction, cut.accuracy, cut.auc) == (2.5, "<", 1.0, 1.0)
