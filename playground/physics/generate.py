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

from . import bias_check, observables
from .settings import (CONSTITUENTS_FILE, FEATURES, HEAVY_FLAVOURS, INVISIBLE_IDS, LABELS, PROVENANCE_FILE, SETTINGS,
                       TABLE_FILE, pthat_min, pythia_lines, task_seed)

KINDS = ("gluon", "quark")
BATCH_EVENTS = 100  # events per nextBatch call and per FastJet multi-event clustering
MIN_ACCEPTANCE = 0.01  # a task that keeps fewer jets per event than this is misconfigured: stop it


def _make_pythia(kind: str, seed: int, pthat_min: float | None = None):
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)  # no banner
    for line in pythia_lines(kind, seed, pthat_min):
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


def hard_parton(kind: str, id1, id2) -> np.ndarray:
    """|PDG id| of the parton leaving the hard process, from the two incoming ones (Pythia's info).

    In q g -> Z q the outgoing quark is the incoming one; in q qbar -> Z g it is the gluon (21).
    """
    id1, id2 = np.asarray(id1), np.asarray(id2)
    if kind == "gluon":
        return np.full(id1.shape, 21, dtype=np.int64)
    return np.where(id1 == 21, np.abs(id2), np.abs(id1)).astype(np.int64)


def _leading_jets(batch, jet_def, jet_cfg: dict, wanted):
    """Kept leading jets of one batch of events: (constituent arrays, jet (eta, phi), truth) or None.

    ``wanted`` marks the events whose hard parton has an allowed flavour; the others are dropped
    before clustering. The constituent arrays are flat over the kept jets (px, py, pz, e, id) with a
    count per jet; the truth is each kept jet's hard-process pT and its event's index in the batch.
    """
    import awkward as ak
    import fastjet

    batch = batch[wanted]
    if len(batch) == 0:
        return None
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
    pthat = np.sqrt(np.asarray(batch.info.pT2Hat, dtype=np.float64))[keep]
    event = np.flatnonzero(wanted)[keep]  # each kept jet's event, counted in the whole batch
    return flat, counts, jet_eta, jet_phi, pt[keep], pthat, event


def generate_task(kind: str, n_jets: int, seed: int, keep_constituents: int = 0,
                  flavours=None, pthat_min: float | None = None) -> dict:
    """Run one Pythia instance until ``n_jets`` jets of ``kind`` pass the cuts.

    ``flavours`` (default ``SETTINGS["quark_flavours"]``) are the quark flavours a quark jet may
    come from; ``pthat_min`` overrides the generator cut (for the pTHatMin check only).
    Returns the feature matrix (n_jets, len(FEATURES)), each jet's hard-process pT and parton, the
    event count (all generated events) with the hard partons they had, Pythia's cross-section
    estimate and, for the first ``keep_constituents`` jets, their constituents.
    """
    import fastjet

    start = time.perf_counter()
    allowed = np.array(sorted(set(SETTINGS["quark_flavours"] if flavours is None else flavours)) + [21])
    pythia = _make_pythia(kind, seed, pthat_min)
    charges = _Charges(pythia.particleData)
    jet_cfg = SETTINGS["jet"]
    jet_def = fastjet.JetDefinition(getattr(fastjet, f"{jet_cfg['algorithm']}_algorithm"), jet_cfg["R"])
    parts, n_kept, n_events = [], 0, 0
    partons_seen: dict[int, int] = {}
    while n_kept < n_jets:
        if n_events > 1000 and n_kept < MIN_ACCEPTANCE * n_events:
            raise RuntimeError(f"only {n_kept} of {n_events} {kind} events passed the jet cuts")
        batch = pythia.nextBatch(BATCH_EVENTS)
        n_events += len(batch)
        parton = hard_parton(kind, batch.info.id1, batch.info.id2)
        for pid, n in zip(*np.unique(parton, return_counts=True)):
            partons_seen[int(pid)] = partons_seen.get(int(pid), 0) + int(n)
        got = _leading_jets(batch, jet_def, jet_cfg, np.isin(parton, allowed))
        if got is None:
            continue
        flat, counts, jet_eta, jet_phi, fastjet_pt, pthat, event = got
        charge = charges(flat["id"])
        feats = observables.jet_features(flat["px"], flat["py"], flat["pz"], flat["e"], charge, counts, jet_cfg["R"])
        # The constituents must add up to FastJet's jet (E-scheme); anything else is a bookkeeping bug.
        if not np.allclose(feats["pt"], fastjet_pt, rtol=1e-9, atol=1e-9):
            raise RuntimeError("jet constituents do not add up to the FastJet jet")
        parts.append((observables.feature_matrix(feats), flat, counts, charge, jet_eta, jet_phi, pthat,
                      parton[event]))
        n_kept += counts.size
    features = np.concatenate([p[0] for p in parts])[:n_jets]
    truth = {"pthat": np.concatenate([p[6] for p in parts])[:n_jets],
             "parton": np.concatenate([p[7] for p in parts])[:n_jets]}

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
    return {"kind": kind, "seed": int(seed), "features": features, "truth": truth, "events": n_events,
            "partons_seen": partons_seen, "sigma_mb": float(info.sigmaGen()), "constituents": cons,
            "seconds": time.perf_counter() - start}


def _run_task(task: dict) -> dict:
    result = generate_task(task["kind"], task["n_jets"], task["seed"], task["keep_constituents"],
                           flavours=task.get("flavours"), pthat_min=task.get("pthat_min"))
    result["task"] = task["task"]
    result["check"] = bool(task.get("check"))
    return result


#: Task numbers of the pTHatMin check start here, so their seeds never meet the main tasks' seeds.
CHECK_TASK_OFFSET = 1_000_000


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


def plan_check_tasks(jets_per_kind: int, seed: int, chunk: int, pthat_min: float) -> list[dict]:
    """Tasks of the pTHatMin check: ``jets_per_kind`` jets of each kind with the lower cut."""
    tasks = plan_tasks(2 * jets_per_kind, seed, chunk, 0) if jets_per_kind > 0 else []
    for task in tasks:
        task.update(check=True, pthat_min=float(pthat_min), task=CHECK_TASK_OFFSET + task["task"],
                    seed=task_seed(seed, task["kind"], CHECK_TASK_OFFSET + task["task"]))
    return tasks


def generate(n_jets: int, seed: int, workers: int | None = None, chunk: int = 500,
             constituent_jets: int | None = None, progress: bool = True, heavy_flavours: bool = False,
             check_jets: int | None = None) -> dict:
    """Simulate ``n_jets`` jets (half quark, half gluon) on ``workers`` processes (default: all cores).

    ``heavy_flavours`` lets quark jets come from c and b quarks too; ``check_jets`` (default from
    ``SETTINGS["bias_check"]``, 0 to skip) jets of each kind are made with a lower generator cut for
    the pTHatMin check. Returns the assembled table (rows shuffled with the seed so no class sits in
    a block), the constituents of the first ``constituent_jets`` jets of each kind, and the run's
    provenance.
    """
    from tqdm.auto import tqdm

    if constituent_jets is None:
        constituent_jets = SETTINGS["constituent_jets_per_kind"]
    settings = json.loads(json.dumps(SETTINGS))
    if heavy_flavours:
        settings["quark_flavours"] = sorted(set(settings["quark_flavours"]) | set(HEAVY_FLAVOURS))
    if check_jets is None:
        check_jets = settings["bias_check"]["jets_per_kind"]
    settings["bias_check"]["jets_per_kind"] = int(check_jets)
    workers = int(workers or os.cpu_count() or 1)
    tasks = plan_tasks(n_jets, seed, chunk, constituent_jets)
    check_tasks = plan_check_tasks(check_jets, seed, chunk, settings["bias_check"]["pthat_min_gev"])
    for task in tasks + check_tasks:
        task["flavours"] = settings["quark_flavours"]
    start = time.perf_counter()
    results = []
    with tqdm(total=n_jets + 2 * check_jets, unit="jet", disable=not progress, mininterval=2.0,
              file=sys.stderr) as bar:
        if workers == 1:
            for task in tasks + check_tasks:
                results.append(_run_task(task))
                bar.update(task["n_jets"])
        else:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                futures = [pool.submit(_run_task, task) for task in tasks + check_tasks]
                for fut in cf.as_completed(futures):
                    res = fut.result()
                    results.append(res)
                    bar.update(res["features"].shape[0])
    wall = time.perf_counter() - start
    return _assemble([r for r in results if not r["check"]], tasks, seed=seed, workers=workers, chunk=chunk,
                     constituent_jets=constituent_jets, wall=wall, settings=settings,
                     check=[r for r in results if r["check"]])


def _assemble(results: list[dict], tasks: list[dict], *, seed: int, workers: int, chunk: int,
              constituent_jets: int, wall: float, settings: dict, check: list[dict]) -> dict:
    """Join task results in a fixed order (kind, task), shuffle the rows, and record provenance."""
    order = {kind: sorted((r for r in results if r["kind"] == kind), key=lambda r: r["task"]) for kind in KINDS}
    features = np.concatenate([r["features"] for kind in KINDS for r in order[kind]])
    labels = np.concatenate([np.full(r["features"].shape[0], LABELS[kind], np.int8)
                             for kind in KINDS for r in order[kind]])
    perm = np.random.default_rng(seed).permutation(labels.size)
    features, labels = features[perm], labels[perm]
    truth = {key: np.concatenate([r["truth"][key] for kind in KINDS for r in order[kind]])[perm]
             for key in ("pthat", "parton")}
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
                       "q qbar -> Z g (gluon jets, label 0) and q g -> Z q (quark jets, label 1) with the "
                       f"quark's flavour in {settings['quark_flavours']}. Width and LHA from the "
                       "winner-take-all axis.",
        "command": f"python -m playground.physics --jets {sum(n_per.values())} --seed {seed} "
                   f"--chunk {chunk} --workers {workers}"
                   + (" --heavy-flavours" if set(settings["quark_flavours"]) & set(HEAVY_FLAVOURS) else "")
                   + f" --check-jets {settings['bias_check']['jets_per_kind']}",
        "settings": settings,
        "seed": int(seed),
        "task_seeds": {kind: [r["seed"] for r in order[kind]] for kind in KINDS},
        "chunk_jets": int(chunk),
        "workers": int(workers),
        "features": list(FEATURES),
        "jets": {**n_per, "total": int(labels.size)},
        "events": events,
        "acceptance": {kind: n_per[kind] / events[kind] for kind in KINDS},
        # Pythia's estimate for the whole process: every quark flavour, before the jet cuts.
        "cross_section_mb": {kind: float(np.mean([r["sigma_mb"] for r in order[kind]])) for kind in KINDS},
        "constituent_jets": {kind: int(min(constituent_jets, n_per[kind])) for kind in KINDS},
        # Hard-process partons (|PDG id|, 21 = gluon) of every generated event, and of the kept jets.
        "flavours": {kind: {"events": _counts(r["partons_seen"] for r in order[kind]),
                            "jets": _counts(_tally(r["truth"]["parton"]) for r in order[kind])} for kind in KINDS},
        "bias_check": _bias_check(check, features[:, FEATURES.index("pt")], labels, settings),
        "versions": package_versions(),
        "seconds_wall": round(wall, 1),
        # Summed wall time of the tasks across workers (equals CPU time only on an otherwise idle machine).
        "seconds_in_tasks": round(float(sum(r["seconds"] for r in results)), 1),
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return {"features": features, "labels": labels, "truth": truth, "constituents": constituents,
            "provenance": provenance}


def _tally(values) -> dict[int, int]:
    uniq, n = np.unique(np.asarray(values), return_counts=True)
    return {int(u): int(c) for u, c in zip(uniq, n)}


def _counts(dicts) -> dict[str, int]:
    """Sum of per-task {id: count} dicts, keyed by the id as text (as JSON keeps it)."""
    total: dict[int, int] = {}
    for d in dicts:
        for key, n in d.items():
            total[int(key)] = total.get(int(key), 0) + int(n)
    return {str(key): total[key] for key in sorted(total)}


def _bias_check(check: list[dict], shipped_pt: np.ndarray, labels: np.ndarray, settings: dict) -> dict:
    """The pTHatMin check's figures per kind (see playground.physics.bias_check), or why it was skipped."""
    cfg = settings["bias_check"]
    record = {"pthat_min_gev": cfg["pthat_min_gev"], "shipped_pthat_min_gev": pthat_min()}
    if not check:
        return {**record, "skipped": "no check jets were asked for"}
    for kind in KINDS:
        mine = [r for r in check if r["kind"] == kind]
        pthat = np.concatenate([r["truth"]["pthat"] for r in mine])
        pt = np.concatenate([r["features"][:, FEATURES.index("pt")] for r in mine])
        record[kind] = {"events": int(sum(r["events"] for r in mine)),
                        **bias_check.pthat_bias(pthat, pt, shipped_pt[labels == LABELS[kind]],
                                                shipped_cut=pthat_min(), check_cut=cfg["pthat_min_gev"])}
    return record


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
    # Besides the features: each jet's hard-process pT and parton (|PDG id|, 21 = gluon), so anyone
    # can audit the flavour mix and the generator cut from the shipped file alone.
    np.savez_compressed(paths["table"], features=result["features"].astype(np.float32),
                        labels=result["labels"].astype(np.int8), feature_names=np.array(FEATURES),
                        pthat=result["truth"]["pthat"].astype(np.float32),
                        parton=result["truth"]["parton"].astype(np.int8))
    np.savez_compressed(paths["constituents"], **result["constituents"])
    provenance = dict(result["provenance"])
    provenance["files"] = {p.name: {"sha256": _sha256(p), "bytes": p.stat().st_size}
                           for p in (paths["table"], paths["constituents"])}
    paths["provenance"].write_text(json.dumps(provenance, indent=2) + "\n")
    return paths
