"""Seeded train/test split shared by every data source, so 'train fraction' means the same everywhere.

Classification sets are split per class (stratified): each class keeps the train fraction, so a 50/50
generator stays 50/50 in both halves and a small class cannot vanish from the training set.
"""
from __future__ import annotations

import numpy as np

MIN_TRAIN_FRACTION = 0.1
MAX_TRAIN_FRACTION = 0.9


def check_train_fraction(train_fraction) -> float:
    """``train_fraction`` as a float in 0.1..0.9, or ValueError naming the allowed range."""
    try:
        value = float(train_fraction)
    except (TypeError, ValueError):
        raise ValueError(f"train_fraction must be a number between {MIN_TRAIN_FRACTION} and "
                         f"{MAX_TRAIN_FRACTION} (10% to 90%), got {train_fraction!r}") from None
    if not MIN_TRAIN_FRACTION <= value <= MAX_TRAIN_FRACTION:
        raise ValueError(f"train_fraction must be between {MIN_TRAIN_FRACTION} and {MAX_TRAIN_FRACTION} "
                         f"(10% to 90%), got {train_fraction!r}")
    return value


def _train_counts(sizes: np.ndarray, train_fraction: float, at_least_one: bool) -> np.ndarray:
    """Training rows per group: the total ``n * train_fraction`` rounded half up, shared out by largest
    remainder so the groups' shares are as equal as whole rows allow."""
    total = int(np.floor(sizes.sum() * train_fraction + 0.5))
    exact = sizes * train_fraction
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:max(total - counts.sum(), 0)]] += 1
    if at_least_one:
        counts = np.maximum(counts, np.minimum(sizes, 1))
    return np.minimum(counts, sizes)


def split_indices(y: np.ndarray, train_fraction: float, rng: np.random.Generator,
                  stratify: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled (train, test) row indices of ``y``.

    With ``stratify`` each distinct label value is split on its own (use it for class labels only)
    and every class keeps at least one training row. The training part has ``n * train_fraction``
    rows rounded half up (one more per class kept by that rule at most), and there is at least one
    train and one test row whenever there are two or more rows.
    """
    y = np.asarray(y).ravel()
    groups = [np.flatnonzero(y == v) for v in np.unique(y)] if stratify else [np.arange(y.size)]
    counts = _train_counts(np.array([g.size for g in groups], dtype=np.int64), train_fraction, stratify)
    train, test = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for idx, k in zip(groups, counts):
        idx = rng.permutation(idx)
        train.append(idx[:k])
        test.append(idx[k:])
    train_idx = rng.permutation(np.concatenate(train))
    test_idx = rng.permutation(np.concatenate(test))
    if y.size >= 2 and (train_idx.size == 0 or test_idx.size == 0):
        both = np.concatenate([train_idx, test_idx])
        k = min(max(int(np.floor(y.size * train_fraction + 0.5)), 1), y.size - 1)
        train_idx, test_idx = both[:k], both[k:]
    return train_idx.astype(np.int64), test_idx.astype(np.int64)
