"""One live frame: everything the views draw, evaluated once.

Per frame the network runs once over the training points and once over the test points (both when
the run records its losses, :meth:`playground.experiment.Experiment._record`), once over the
boundary grid and once over the thumbnail grid (here). The accuracies come from the loss passes and
the classifier metrics from the test pass, so no points are evaluated twice in a frame (on a
10,000-row upload each pass is several milliseconds). The result is a
:class:`~playground.snapshot.Snapshot`: copies, in display dtypes, taken under the Experiment's
lock, so views never read the live trainer while a worker thread trains.
"""
from __future__ import annotations

import numpy as np

from .engine import decision_threshold
from .engine import metrics as m
from .snapshot import ClassifierMetrics, CutMetrics, Display, HiddenPoints, Snapshot

#: The display settings a frame carries (the views draw with them).
DISPLAY = tuple(Display.__dataclass_fields__)

BOUNDARY_RES = 64  # grid points per side of the decision-boundary picture
THUMB_RES = 16  # grid points per side of each neuron's thumbnail


def accuracy(out: np.ndarray, y: np.ndarray, spec, problem: str) -> float | None:
    """Share of rows whose network outputs ``out`` give the true class ``y`` (None: regression)."""
    if problem == "regression" or out.shape[0] == 0:
        return None
    pred = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > decision_threshold(spec))
    return float(np.mean(pred == y))


def class1_scores(out: np.ndarray) -> np.ndarray:
    """Per-row score of class 1 (binary data): the sigmoid probability or the tanh output."""
    return out[:, -1] if out.shape[1] > 1 else out[:, 0]


def classifier_metrics(scores: np.ndarray, data, output: str, cut) -> ClassifierMetrics | None:
    """:class:`ClassifierMetrics` of test ``scores`` (None unless both classes are among the test
    points and every score is finite); ``cut`` is the training points' best cut, or None."""
    y = data.y_test
    if data.n_test < 2 or y.min() == y.max() or not np.all(np.isfinite(scores)):
        return None
    sig, bkg, _ = m.roc_curve(scores, y)
    lo, hi = (0.0, 1.0) if output == "sigmoid" else (-1.0, 1.0)
    edges, counts = m.output_histograms(np.clip(scores, lo, hi), y, bins=20, range=(lo, hi), density=True)
    cut_metrics = None
    if cut is not None:
        cut_scores = cut.score(data.x_test)
        c_sig, c_bkg, _ = m.roc_curve(cut_scores, y)
        cut_metrics = CutMetrics(name=cut.name, threshold=cut.threshold, direction=cut.direction,
                                 accuracy=float(np.mean(cut.predict(data.x_test) == y)), auc=m.auc(cut_scores, y),
                                 r50=m.r50(cut_scores, y), sig_eff=c_sig, bkg_eff=c_bkg)
    return ClassifierMetrics(sig_eff=sig, bkg_eff=bkg, auc=m.auc(scores, y), r50=m.r50(scores, y), hist_edges=edges,
                             hist_counts=counts, class_names=tuple(data.class_names), cut=cut_metrics)


def plane_picture(out: np.ndarray, problem: str, output: str):
    """(grid, confidence) of the boundary picture from the network's outputs over the grid: a score
    in [-1, 1] for binary data, the raw value for regression, the winning class (and its
    probability) for multi-class data; float32, non-finite values clipped for drawing."""
    confidence = None
    if problem == "multiclass" and out.shape[1] > 1:
        grid = out.argmax(axis=1).astype(np.float32)
        confidence = out.max(axis=1).astype(np.float32).reshape(BOUNDARY_RES, BOUNDARY_RES)
    elif problem == "binary":
        col = out[:, -1]
        grid = (2.0 * col - 1.0) if output in ("sigmoid", "softmax") else col
    else:
        grid = out[:, 0]
    grid = np.nan_to_num(np.asarray(grid, np.float32), nan=0.0, posinf=1e6, neginf=-1e6)
    return grid.reshape(BOUNDARY_RES, BOUNDARY_RES), confidence


def take(exp, *, metrics: bool = False) -> Snapshot:
    """The frame of ``exp`` as it stands (call under its lock): the grid and thumbnail passes here,
    the losses and accuracies from the run's record. With ``predict_dropout`` one thinned network
    draws the whole frame, so its accuracies and metrics are evaluated with that network."""
    masks = exp._drop_masks()
    out, _ = exp._outputs(exp._grid, masks)
    grid, confidence = plane_picture(out, exp.problem, exp.spec.output)
    _, neurons = exp._outputs(exp._thumb_grid, masks, neurons=True)
    neurons = np.nan_to_num(neurons.astype(np.float32), nan=0.0, posinf=1e6, neginf=-1e6)
    rec = exp.record
    accuracies, test_out = rec.accuracies, exp._test_out
    if masks is not None:
        d = exp.data
        train_out = exp._outputs(exp._x_train, masks)[0]
        test_out = exp._outputs(exp._x_test, masks)[0]
        accuracies = (accuracy(train_out, d.y_train, exp.spec, exp.problem),
                      accuracy(test_out, d.y_test, exp.spec, exp.problem))
    report = None
    if metrics and exp.problem == "binary":
        report = classifier_metrics(class1_scores(test_out), exp.data, exp.spec.output, exp._best_cut())
    tr = exp.trainer
    hidden = None
    if exp.hidden_points and exp.spec.hidden:
        points = np.concatenate([exp._x_train, exp._grid_lines])
        _, hidden_neurons = exp._outputs(points, masks, neurons=True)
        hidden = HiddenPoints(np.nan_to_num(hidden_neurons.astype(np.float32), nan=0.0, posinf=1e6, neginf=-1e6),
                              len(exp._x_train), tuple(exp._grid_line_shape), exp.data.y_train)
    return Snapshot(
        epoch=tr.epoch, train_loss=rec.losses[0], test_loss=rec.losses[1],
        train_accuracy=accuracies[0], test_accuracy=accuracies[1], status=rec.status, message=rec.message,
        run=rec.number, layout=exp._layout, problem=exp.problem, grid=grid, grid_confidence=confidence,
        extent=exp.data.extent, neurons=neurons.reshape(-1, THUMB_RES, THUMB_RES),
        layer_sizes=tuple(int(s) for s in exp.spec.sizes), weights=tuple(exp.spec.link_weights(tr.params)),
        history=rec.history(), metrics=report, data=exp.data, data_version=exp._data_version, spec=exp.spec,
        inputs=exp._inputs, display=Display(**{name: bool(getattr(exp, name)) for name in DISPLAY}), hidden=hidden)
