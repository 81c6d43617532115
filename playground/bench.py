"""Engine benchmark: epochs/s and grid evaluations/s, Numba kernels vs the NumPy twin, in one run.

``playground bench`` (or ``python -m playground.bench``) prints a table; ``--json`` prints the same
figures as JSON. Workloads (float64, as specified in the engine issue):

- W1: inputs (x1, x2), hidden [4, 2] tanh, tanh output, squared error, 250 samples, SGD lr 0.03,
  batch 10, no shuffle; plus the 100 x 100 grid of the output and every neuron.
- W2: 2 inputs, hidden [8] x 6 ReLU, sigmoid output, BCE, 1000 samples, batch 32, Adam lr 0.01.
- W3: 6 inputs, hidden [32, 32] ReLU, sigmoid, BCE, 20,000 samples, batch 128, Adam lr 1e-3.

It also times the first call of every kernel with an empty and with a warm Numba cache (each in a
fresh process), and, if PyTorch is installed, the same workloads in PyTorch CPU as a live peer (one
thread, like our kernels: with two OpenMP threads on this shared 2-core machine an epoch took 100x
longer, which would flatter us).
Figures are best-of-N over timed windows: the machines are shared and noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import numpy as np

from .engine import NetworkSpec, TrainConfig, Trainer, encode_targets, plane_grid

#: Figures quoted in the engine issue for peers we cannot run here (same 2-core machine kind).
PEER_FIGURES = {"TF Playground (JS)": {"W1": 7900.0}, "PyTorch CPU (quoted)": {"W1": 260.0, "W2": 47.0, "W3": 21.0}}
TARGETS = {"W1": 4 * 7900.0, "W2": 2500.0, "W3": 5 * 21.0}


@dataclass(frozen=True)
class Workload:
    name: str
    n_inputs: int
    hidden: tuple
    activation: str
    output: str
    loss: str
    n_samples: int
    batch: int
    optimizer: str
    lr: float
    shuffle: bool

    def spec(self) -> NetworkSpec:
        return NetworkSpec(self.n_inputs, self.hidden, self.activation, self.output, self.loss)

    def config(self) -> TrainConfig:
        return TrainConfig(self.optimizer, self.lr, self.batch, self.shuffle)

    def data(self):
        rng = np.random.default_rng(7)
        X = rng.uniform(-1.0, 1.0, (self.n_samples, self.n_inputs))
        y = (X[:, 0] * X[:, 1] > 0).astype(float)  # XOR-like: needs the hidden layers
        return X, encode_targets(self.spec(), y)


WORKLOADS = (
    Workload("W1", 2, (4, 2), "tanh", "tanh", "se", 250, 10, "sgd", 0.03, False),
    Workload("W2", 2, (8,) * 6, "relu", "sigmoid", "bce", 1000, 32, "adam", 0.01, True),
    Workload("W3", 6, (32, 32), "relu", "sigmoid", "bce", 20000, 128, "adam", 1e-3, True),
)


def _rate(call, units_per_call: float, seconds: float, repeats: int = 3) -> float:
    """Best units/s over ``repeats`` windows of about ``seconds`` each (after one warm-up call)."""
    call()
    best = 0.0
    for _ in range(repeats):
        n = 0
        start = time.perf_counter()
        while True:
            call()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, n * units_per_call / elapsed)
    return best


def epochs_per_second(work: Workload, backend: str, seconds: float) -> float:
    X, Y = work.data()
    trainer = Trainer(work.spec(), work.config(), seed=1, backend=backend)
    epochs_per_call = max(1, int(2e6 // (work.n_samples * sum(work.hidden) * 4)))
    if backend == "numpy":
        epochs_per_call = 1
    return _rate(lambda: trainer.train(X, Y, epochs_per_call), epochs_per_call, seconds)


def grid_per_second(work: Workload, backend: str, seconds: float, size: int = 100) -> float:
    trainer = Trainer(work.spec(), work.config(), seed=1, backend=backend)
    points = plane_grid((-1, 1), (-1, 1), size)
    return _rate(lambda: trainer.evaluate(points, neurons=True), 1, seconds)


def torch_epochs_per_second(work: Workload, seconds: float) -> float | None:
    """The same workload in PyTorch CPU (float64, same batching), or None if torch is absent."""
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    torch.set_num_threads(1)  # like our kernels; two OpenMP threads on a shared 2-core box were 100x slower
    acts = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU}
    layers, fan_in = [], work.n_inputs
    for h in work.hidden:
        layers += [torch.nn.Linear(fan_in, h), acts[work.activation]()]
        fan_in = h
    layers.append(torch.nn.Linear(fan_in, 1))
    model = torch.nn.Sequential(*layers).double()
    X, Y = work.data()
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    if work.loss == "se":
        model.append(torch.nn.Tanh())
        loss_fn = lambda out, y: 0.5 * ((out - y) ** 2).mean()  # noqa: E731
    else:
        loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = (torch.optim.SGD if work.optimizer == "sgd" else torch.optim.Adam)(model.parameters(), lr=work.lr)
    n = work.n_samples

    def epoch():
        order = torch.randperm(n) if work.shuffle else torch.arange(n)
        for start in range(0, n, work.batch):
            idx = order[start:start + work.batch]
            opt.zero_grad()
            loss_fn(model(Xt[idx]), Yt[idx]).backward()
            opt.step()

    return _rate(epoch, 1, seconds)


def compile_times() -> dict:
    """Seconds for the first call of every kernel in a fresh process: empty cache, then warm."""
    code = "import time; t=time.perf_counter(); from playground.engine.warm import warm_cache; warm_cache(); " \
           "print(time.perf_counter()-t)"
    out = {}
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        for label in ("empty cache", "warm cache"):
            run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            out[label] = float(run.stdout.strip().splitlines()[-1])
    return out


def run(seconds: float = 1.0, with_compile: bool = True, peers: bool = True) -> dict:
    results = {"workloads": {}, "targets": TARGETS, "quoted_peers": PEER_FIGURES}
    for work in WORKLOADS:
        row = {
            "numba_epochs_per_s": epochs_per_second(work, "numba", seconds),
            "numpy_epochs_per_s": epochs_per_second(work, "numpy", seconds),
        }
        if peers:
            row["torch_epochs_per_s"] = torch_epochs_per_second(work, seconds)
        if work.name == "W1":
            row["numba_grid_per_s"] = grid_per_second(work, "numba", seconds)
            row["numpy_grid_per_s"] = grid_per_second(work, "numpy", seconds)
        results["workloads"][work.name] = row
    if with_compile:
        results["compile_seconds"] = compile_times()
    return results


def format_table(results: dict) -> str:
    lines = [f"{'workload':<9}{'Numba ep/s':>13}{'NumPy ep/s':>13}{'x NumPy':>9}{'PyTorch ep/s':>14}"
             f"{'target':>10}{'met':>5}"]
    for name, row in results["workloads"].items():
        nb, npy, torch_rate = row["numba_epochs_per_s"], row["numpy_epochs_per_s"], row.get("torch_epochs_per_s")
        target = results["targets"][name]
        torch_txt = f"{torch_rate:,.0f}" if torch_rate else "n/a"
        lines.append(f"{name:<9}{nb:>13,.0f}{npy:>13,.0f}{nb / npy:>9.1f}{torch_txt:>14}{target:>10,.0f}"
                     f"{'yes' if nb >= target else 'NO':>5}")
    w1 = results["workloads"].get("W1", {})
    if "numba_grid_per_s" in w1:
        ratio = w1["numba_grid_per_s"] / w1["numpy_grid_per_s"]
        lines.append(f"W1 grid 100x100, output + every neuron: Numba {w1['numba_grid_per_s']:,.0f}/s, "
                     f"NumPy {w1['numpy_grid_per_s']:,.0f}/s ({ratio:.1f}x)")
    for peer, figures in results["quoted_peers"].items():
        lines.append(f"quoted {peer}: " + ", ".join(f"{k} {v:,.0f} ep/s" for k, v in figures.items()))
    if "compile_seconds" in results:
        c = results["compile_seconds"]
        lines.append(f"first call of all kernels: {c['empty cache']:.1f} s with an empty cache, "
                     f"{c['warm cache']:.2f} s with a warm cache")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playground bench", description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of each timed window")
    parser.add_argument("--no-compile", action="store_true", help="skip the compile-time measurement")
    parser.add_argument("--no-peers", action="store_true", help="skip PyTorch even if installed")
    args = parser.parse_args(argv)
    results = run(args.seconds, with_compile=not args.no_compile, peers=not args.no_peers)
    print(json.dumps(results, indent=2) if args.json else format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
