"""One live frame evaluates each set of points once: the training points, the test points, the
boundary grid and the thumbnail grid, and nothing twice, metrics frames included."""
import numpy as np
import pytest

from playground import frame
from playground.engine.trainer import Trainer
from playground.experiment import Experiment


@pytest.fixture
def passes(monkeypatch):
    """Rows of every forward pass the network makes, in order."""
    seen = []
    original = Trainer.evaluate

    def counting(self, X, *args, **kwargs):
        seen.append(int(np.asarray(X).shape[0]))
        return original(self, X, *args, **kwargs)

    monkeypatch.setattr(Trainer, "evaluate", counting)
    return seen


@pytest.mark.parametrize("metrics", [False, True])
def test_a_live_frame_makes_four_passes(passes, metrics):
    exp = Experiment(dataset="circle", n_samples=400, train_fraction=0.7)
    exp.step(2)  # warm: the best cut is cached per dataset, like any frame after the first
    passes.clear()
    snap = exp.step(1, metrics=metrics)
    assert sorted(passes) == sorted([280, 120, frame.BOUNDARY_RES ** 2, frame.THUMB_RES ** 2])
    assert (snap.metrics is not None) == metrics
    if metrics:
        # the metrics come from the same test pass: the same AUC as a separate evaluation gives
        assert snap.metrics.auc == pytest.approx(exp.classifier_metrics().auc, abs=1e-12)


def test_frame_accuracies_match_an_independent_count():
    exp = Experiment(dataset="circle", n_samples=300)
    snap = exp.step(20)
    out = exp.predict(exp.data.x_test)
    threshold = {"sigmoid": 0.5, "tanh": 0.0}[exp.spec.output]  # class 1 above it
    right = np.mean((out[:, 0] > threshold) == exp.data.y_test)
    assert snap.test_accuracy == pytest.approx(right)
