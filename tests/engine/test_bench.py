"""`playground bench` runs end to end and reports every figure the engine issue asks for."""
import json
import subprocess
import sys


def test_bench_reports_all_workloads_side_by_side():
    # --no-compile: the empty-cache compile takes ~30 s and is a timing, which belongs to the benchmark
    # itself (`playground bench` prints it), not to CI's 15-minute test budget.
    run = subprocess.run([sys.executable, "-m", "playground", "bench", "--json", "--seconds", "0.05", "--no-peers",
                          "--no-compile"],
                         capture_output=True, text=True, timeout=600, check=True)
    results = json.loads(run.stdout)
    assert set(results["workloads"]) == {"W1", "W2", "W3"}
    for row in results["workloads"].values():
        assert row["numba_epochs_per_s"] > 0 and row["numpy_epochs_per_s"] > 0
    w1 = results["workloads"]["W1"]
    assert w1["numba_grid_per_s"] > 0 and w1["numpy_grid_per_s"] > 0
    assert "compile_seconds" not in results


def test_bench_table_is_readable():
    run = subprocess.run([sys.executable, "-m", "playground.bench", "--seconds", "0.02", "--no-compile", "--no-peers"],
                         capture_output=True, text=True, timeout=600, check=True)
    assert "W1" in run.stdout and "W3" in run.stdout and "x NumPy" in run.stdout
