"""Shared fixtures for the command-line tests: run ``python -m playground ...`` as a user would, and
one small trained model (with its data, predictions and picture) made once for the whole folder."""
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

#: One small, quick experiment: circle data with a derived input (x1²) and a two-layer network.
SETTINGS = {"dataset": "circle", "n_samples": 200, "data_seed": 3, "features": ["x1", "x2", "x1sq"],
            "hidden_layers": [4, 3], "learning_rate": 0.1}
FLAGS = ["--dataset", "circle", "--n-samples", "200", "--data-seed", "3", "--features", "x1,x2,x1sq",
         "--hidden-layers", "4,3", "--learning-rate", "0.1"]
EPOCHS = 150


def playground(*args, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    """``python -m playground ARGS`` in a subprocess; stdout and stderr captured as text."""
    return subprocess.run([sys.executable, "-m", "playground", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def ok(run: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert run.returncode == 0, f"exit {run.returncode}\nstdout: {run.stdout}\nstderr: {run.stderr}"
    assert "Traceback" not in run.stderr
    return run


@dataclass
class Trained:
    folder: Path
    data: Path
    model: Path
    plot: Path
    run_file: Path
    predictions: Path
    summary: dict
    train: subprocess.CompletedProcess


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> Trained:
    """`playground data` -> `playground train --export --plot --save-run --json --progress` ->
    `playground predict`, each run once, in one folder."""
    folder = tmp_path_factory.mktemp("cli")
    ok(playground("data", "circle", "--n-samples", 200, "--seed", 3, "--out", "data.csv", cwd=folder))
    train = ok(playground("train", *FLAGS, "--epochs", EPOCHS, "--export", "model.json", "--plot", "out.png",
                          "--save-run", "run.json", "--json", "--progress", cwd=folder))
    ok(playground("predict", "--model", "model.json", "data.csv", "--out", "predictions.csv", cwd=folder))
    return Trained(folder, folder / "data.csv", folder / "model.json", folder / "out.png", folder / "run.json",
                   folder / "predictions.csv", json.loads(train.stdout), train)


@pytest.fixture(scope="session")
def in_app():
    """The same experiment trained in this process, as the web app would."""
    from playground.experiment import Experiment

    exp = Experiment(**SETTINGS)
    exp.fit(EPOCHS)
    return exp
