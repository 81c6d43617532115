"""Simulate quark and gluon jets with Pythia 8 and FastJet (the ``physics`` extra).

The work is cut into tasks of at most ``chunk`` jets of one kind. Each task runs its own Pythia
instance seeded by :func:`~playground.physics.settings.task_seed`, so the output depends only on the
run's seed and sizes, never on the number of worker processes. Events come from Pythia in batches
as awkward arrays and are clustered per batch with FastJet's multi-event interface; the observables
are then computed for all kept jets at once by :mod:`playground.physics.observables`.

Only this module imports ``pythia8mc``, ``fastjet`` and ``awkward``; the rest of the package never
needs them.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

from . import observables
from .settings import (CONSTITUENTS_FILE, FEATURES, INVISIBLE_IDS, LABELS, PROVENANCE_FILE, SETTINGS, TABLE_FILE,
                       pythia_lines, task_seed)

KINDS = ("gluon", "quark")
BATCH_EVENTS = 100  # events per nextBatch call and per FastJet multi-event clustering
MIN_ACCEPTANCE = 0.01  # a task that keeps fewer jets per event than this is misconfigured: stop it


def _make_pythia(kind: str, seed: int):
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)  # no banner
    for line in pythia_lines(kind, seed):
        if not pythia.readString(line):
            raise RuntimeError(f"Pythia rejected the setting {line!r}")
    if not pythia.init():
        raise RuntimeError("Pythia failed to initialise")
    return pythia


class _Charges:
    """Electric charge per particle id, asked of Pythia's particle table once per id."""

    def __init__(self, particle_data):
        self._pdata = particle_data
        self._cache: dict[int, float] = {}

    def __call__(self, ids: np.ndarray) -> np.ndarray:
        uniq, inverse = np.unique(ids, return_inverse=True)
        for pid in uniq.tolist():
            if pid not in self._cache:
                self._cache[pid] = float(self._pdata.charge(int(pid)))
        return np.array([self._cache[pid] for pid in uniq.tolist()])[inverse]


def _leading_jets(batch, jet_def, jet_cfg: dict):
    """Kept leading jets of one batch of events: (constituent arrays, jet (eta, phi)) or None.

    The constituent arrays are flat over the kept jets (px, py, pz, e, id) with a count per jet.
    """
    import awkward as ak
    import fastjet

    prt = batch.prt
    aid = abs(prt.id)
    visible = prt.status > 0
    for pid in INVISIBLE_IDS:
        visible = visible & (aid != pid)
    particles = prt[visible]
    inputs = ak.zip({"px": particles.p.px, "py": particles.p.py, "pz": particles.p.pz, "E": particles.p.e})
    cluster = fastjet.ClusterSequence(inputs, jet_def)
    ptmin = jet_cfg["clustering_pt_min_gev"]
    jets = cluster.inclusive_jets(ptmin)
    index = cluster.constituent_index(ptmin)

    has_jet = np.asarray(ak.num(jets)) > 0
    jet_pt = np.hypot(jets.px, jets.py)
    lead = ak.argmax(jet_pt, axis=1, keepdims=True)  # FastJet's multi-event jets are not pT-ordered
    lead_jet = ak.firsts(jets[lead])
    pt = np.asarray(ak.fill_none(np.hypot(lead_jet.px, lead_jet.py), 0.0))
    e = np.asarray(ak.fill_none(lead_jet.E, 1.0))
    pz = np.asarray(ak.fill_none(lead_jet.pz, 0.0))
    y = observables.rapidity(e, pz)
    keep = has_jet & (pt > jet_cfg["pt_min_gev"]) & (pt < jet_cfg["pt_max_gev"]) & (np.abs(y) < jet_cfg["abs_y_max"])
    if not keep.any():
        return None
    cons_index = ak.firsts(index[lead][keep])  # leading jet's constituent indices, per kept event
    cons = particles[keep][cons_index]
    counts = np.asarray(ak.num(cons))
    flat = {name: np.asarray(ak.flatten(arr), dtype=np.float64)
            for name, arr in (("px", cons.p.px), ("py", cons.p.py), ("pz", cons.p.pz), ("e", cons.p.e))}
    flat["id"] = np.asarray(ak.flatten(cons.id), dtype=np.int64)
    kept = ak.firsts(jets[lead][keep])
    jet_eta = observables.pseudorapidity(np.asarray(kept.px), np.asarray(kept.py), np.asarray(kept.pz))
    jet_phi = np.arctan2(np.asarray(kept.py), np.asarray(kept.px))
    return flat, counts, jet_eta, jet_phi, pt[keep]


def generate_task(kind: str, n_jets: int, seed: int, keep_constituents: int = 0) -> dict:
    """Run one Pythia instance until ``n_jets`` jets of ``kind`` pass the cuts.

    Returns the feature matrix (n_jets, len(FEATURES)), the event count, Pythia's cross-section
    estimate and, for the first ``keep_constituents`` jets, their constituents.
    """
    import fastjet

    start = time.perf_counter()
    pythia = _make_pythia(kind, seed)
    charges = _Charges(pythia.particleData)
    jet_cfg = SETTINGS["jet"]
    jet_def = fastjet.JetDefinition(getattr(fastjet, f"{jet_cfg['algorithm']}_algorithm"), jet_cfg["R"])
    parts, n_kept, n_events = [], 0, 0
    while n_kept < n_jets:
        if n_events > 1000 and n_kept < MIN_ACCEPTANCE * n_events:
            raise RuntimeError(f"only {n_kept} of {n_events} {kind} events passed the jet cuts")
        batch = pythia.nextBatch(BATCH_EVENTS)
        n_events += len(batch)
        got = _leading_jets(batch, jet_def, jet_cfg)
        if got is None:
            continue
        flat, counts, jet_eta, jet_phi, fastjet_pt = got
        charge = charges(flat["id"])
        feats = observables.jet_features(flat["px"], flat["py"], flat["pz"], flat["e"], charge, counts, jet_cfg["R"])
        # The constituents must add up to FastJet's jet (E-scheme); anything else is a bookkeeping bug.
        if not np.allclose(feats["pt"], fastjet_pt, rtol=1e-9, atol=1e-9):
            raise RuntimeError("jet constituents do not add up to the FastJet jet")
        parts.append((observables.feature_matrix(feats), flat, counts, charge, jet_eta, jet_phi))
        n_kept += counts.size
    features = np.concatenate([p[0] for p in parts])[:n_jets]

    cons = {"counts": np.zeros(0, np.int64), "pt": [], "y": [], "eta": [], "phi": [], "charge": [],
            "jet_eta": [], "jet_phi": []}
    counts_all = np.concatenate([p[2] for p in parts])[:keep_constituents]
    if keep_constituents > 0:
        n_cons = int(counts_all.sum())
        flat = {k: np.concatenate([p[1][k] for p in parts])[:n_cons] for k in ("px", "py", "pz", "e")}
        cons = {
            "counts": counts_all,
            "pt": np.hypot(flat["px"], flat["py"]),
            "y": observables.rapidity(flat["e"], flat["pz"]),
            "eta": observables.pseudorapidity(flat["px"], flat["py"], flat["pz"]),
            "phi": np.arctan2(flat["py"], flat["px"]),
            "charge": np.concatenate([p[3] for p in parts])[:n_cons],
            "jet_eta": np.concatenate([p[4] for p in parts])[:keep_constituents],
            "jet_phi": np.concatenate([p[5] for p in parts])[:keep_constituents],
        }
    info = pythia.infoPython()
    return {"kind": kind, "seed": int(seed), "features": features, "events": n_events,
            "sigma_mb": float(info.sigmaGen()), "constituents": cons, "seconds": time.perf_counter() - start}


def _run_task(task: dict) -> dict:
    result = generate_task(task["kind"], task["n_jets"], task["seed"], task["keep_constituents"])
    result["task"] = task["task"]
    return result


def plan_tasks(n_jets: int, seed: int, chunk: int, constituent_jets: int) -> list[dict]:
    """Tasks for ``n_jets`` jets, half gluon and half quark, at most ``chunk`` jets each.

    The first ``constituent_jets`` jets of each kind (in task order) keep their constituents.
    Tasks of the two kinds alternate so a progress bar advances both evenly.
    """
    if n_jets < 2 or n_jets % 2:
        raise ValueError(f"n_jets must be a positive even number (half quark, half gluon), got {n_jets}")
    if chunk < 1:
        raise ValueError("chunk must be >= 1")
    per_kind = n_jets // 2
    tasks = []
    for t, first in enumerate(range(0, per_kind, chunk)):
        n = min(chunk, per_kind - first)
        for kind in KINDS:
            tasks.append({"kind": kind, "task": t, "n_jets": n, "seed": task_seed(seed, kind, t),
                          "keep_constituents": int(np.clip(constituent_jets - first, 0, n))})
    return tasks


def generate(n_jets: int, seed: int, workers: int | None = None, chunk: int = 500,
             constituent_jets: int | None = None, progress: bool = True) -> dict:
    """Simulate ``n_jets`` jets (half quark, half gluon) on ``workers`` processes (default: all cores).

    Returns the assembled table (rows shuffled with the seed so no class sits in a block), the
    constituents of the first ``constituent_jets`` jets of each kind, and the run's provenance.
    """
    from tqdm.auto import tqdm

    if constituent_jets is None:
        constituent_jets = SETTINGS["constituent_jets_per_kind"]
    workers = int(workers or os.cpu_count() or 1)
    tasks = plan_tasks(n_jets, seed, chunk, constituent_jets)
    start = time.perf_counter()
    results = []
    with tqdm(total=n_jets, unit="jet", disable=not progress, mininterval=2.0, file=sys.stderr) as bar:
        if workers == 1:
            for task in tasks:
                results.append(_run_task(task))
                bar.update(task["n_jets"])
        else:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                futures = [pool.submit(_run_task, task) for task in tasks]
                for fut in cf.as_completed(futures):
                    res = fut.result()
                    results.append(res)
                    bar.update(res["features"].shape[0])
    wall = time.perf_counter() - start
    return _assemble(results, tasks, seed=seed, workers=workers, chunk=chunk, constituent_jets=constituent_jets,
                     wall=wall)


def _assemble(results: list[dict], tasks: list[dict], *, seed: int, workers: int, chunk: int,
              constituent_jets: int, wall: float) -> dict:
    """Join task results in a fixed order (kind, task), shuffle the rows, and record provenance."""
    order = {kind: sorted((r for r in results if r["kind"] == kind), key=lambda r: r["task"]) for kind in KINDS}
    features = np.concatenate([r["features"] for kind in KINDS for r in order[kind]])
    labels = np.concatenate([np.full(r["features"].shape[0], LABELS[kind], np.int8)
                             for kind in KINDS for r in order[kind]])
    perm = np.random.default_rng(seed).permutation(labels.size)
    features, labels = features[perm], labels[perm]
    row_of = np.empty_like(perm)
    row_of[perm] = np.arange(perm.size)  # original row -> shuffled row

    cons_parts, offset = [], 0
    for kind in KINDS:
        for r in order[kind]:
            c = r["constituents"]
            n = c["counts"].size
            if n:
                cons_parts.append((row_of[offset:offset + n], c))
            offset += r["features"].shape[0]
    constituents = {
        "jet_index": np.concatenate([rows for rows, _ in cons_parts]).astype(np.int32),
        "counts": np.concatenate([c["counts"] for _, c in cons_parts]).astype(np.int32),
        **{k: np.concatenate([c[k] for _, c in cons_parts]).astype(np.float32)
           for k in ("pt", "y", "eta", "phi", "jet_eta", "jet_phi")},
        "charge": np.concatenate([c["charge"] for _, c in cons_parts]).astype(np.int8),
    }
    n_per = {kind: int(sum(r["features"].shape[0] for r in order[kind])) for kind in KINDS}
    events = {kind: int(sum(r["events"] for r in order[kind])) for kind in KINDS}
    provenance = {
        "description": "Leading anti-kT R=0.4 jets from Pythia 8 Z(->nu nu)+jet events at 14 TeV: "
                       "q qbar -> Z g (gluon jets, label 0) and q g -> Z q (quark jets, label 1).",
        "command": f"python -m playground.physics --jets {sum(n_per.values())} --seed {seed} "
                   f"--chunk {chunk} --workers {workers}",
        "settings": SETTINGS,
        "seed": int(seed),
        "task_seeds": {kind: [r["seed"] for r in order[kind]] for kind in KINDS},
        "chunk_jets": int(chunk),
        "workers": int(workers),
        "features": list(FEATURES),
        "jets": {**n_per, "total": int(labels.size)},
        "events": events,
        "acceptance": {kind: n_per[kind] / events[kind] for kind in KINDS},
        "cross_section_mb": {kind: float(np.mean([r["sigma_mb"] for r in order[kind]])) for kind in KINDS},
        "constituent_jets": {kind: int(min(constituent_jets, n_per[kind])) for kind in KINDS},
        "versions": package_versions(),
        "seconds_wall": round(wall, 1),
        # Summed wall time of the tasks across workers (equals CPU time only on an otherwise idle machine).
        "seconds_in_tasks": round(float(sum(r["seconds"] for r in results)), 1),
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return {"features": features, "labels": labels, "constituents": constituents, "provenance": provenance}


def package_versions() -> dict:
    """Versions of everything that shapes the generated jets."""
    versions = {"python": platform.python_version()}
    for dist in ("pythia8mc", "fastjet", "awkward", "numpy"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    return versions


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_outputs(result: dict, out_dir) -> dict[str, Path]:
    """Write the table, the constituents and the provenance record (with file hashes) to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"table": out / TABLE_FILE, "constituents": out / CONSTITUENTS_FILE, "provenance": out / PROVENANCE_FILE}
    np.savez_compressed(paths["table"], features=result["features"].astype(np.float32),
                        labels=result["labels"].astype(np.int8), feature_names=np.array(FEATURES))
    np.savez_compressed(paths["constituents"], **result["constituents"])
    provenance = dict(result["provenance"])
    provenance["files"] = {p.name: {"sha256": _sha256(p), "bytes": p.stat().st_size}
                           for p in (paths["table"], paths["constituents"])}
    paths["provenance"].write_text(json.dumps(provenance, indent=2) + "\n")
    return paths
