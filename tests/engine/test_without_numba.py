"""Where Numba is missing (e.g. Pyodide) the engine falls back to the NumPy twin by itself."""
import json
import subprocess
import sys

SCRIPT = r'''
import importlib.abc, json, sys
class BlockNumba(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "numba" or name.startswith("numba."):
            raise ImportError("numba is not available here")
sys.meta_path.insert(0, BlockNumba())
import numpy as np
from playground.engine import NetworkSpec, TrainConfig, Trainer, default_backend, encode_targets
from playground.engine.warm import warm_cache
spec = NetworkSpec(2, (4,), "tanh", "sigmoid", "bce")
X = np.random.default_rng(0).normal(size=(64, 2)); y = (X[:, 0] > 0).astype(float)
trainer = Trainer(spec, TrainConfig("adam", lr=0.05, batch_size=16), seed=0)
result = trainer.train(X, encode_targets(spec, y), 30)
try:
    Trainer(spec, backend="numba"); numba_error = ""
except RuntimeError as exc:
    numba_error = str(exc)
print(json.dumps({"backend": default_backend(), "status": result.status, "first": float(result.losses[0]),
                  "last": float(result.losses[-1]), "numba_loaded": "numba" in sys.modules,
                  "warm": warm_cache(), "numba_error": numba_error}))
'''


def test_engine_trains_with_numpy_when_numba_is_absent():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=True)
    out = json.loads(run.stdout.strip().splitlines()[-1])
    assert out["backend"] == "numpy" and out["status"] == "ok" and not out["numba_loaded"]
    assert out["last"] < 0.5 * out["first"]
    assert out["warm"] == 0.0 and "Numba is not installed" in out["numba_error"]
