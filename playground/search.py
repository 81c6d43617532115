"""Hyper-parameter search: many small networks on the same data, every trial kept as a run.

What a learner varies (:data:`DIMENSIONS`): the number of hidden layers and neurons per layer, the
activation, learning rate, optimizer, batch size, L2 strength and dropout; each over a range or a
list of choices (:func:`parse_dimension` reads "0.001:1" or "tanh,relu", checked against the
settings' own ranges). How the trials are chosen is not written here: Optuna's samplers do it, grid,
random, or TPE (a model-based strategy that proposes settings like the best trials so far).

Each trial is an Experiment made from the base settings plus the trial's values, trained ``epochs``
epochs in steps; after each step its test loss goes to Optuna, whose median pruner stops a trial
that is worse than the median of earlier trials at the same epoch. Every trial, finished or pruned,
becomes a row of a :class:`~playground.run_log.RunLog` (the session's own log in the app), so the
search's results sit beside hand-made runs and any of them can be reopened.

All trials start from the same weight seed, so two trials differ by their settings rather than by
their luck, and a search is reproducible for its ``seed`` (the sampler's seed). The objective is the
test loss, so the test points act as the validation set here: the best trial's test loss is an
optimistic estimate of how it does on new data.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from . import settings as S
from .run_log import RunLog, summarize

STRATEGIES = ("random", "grid", "tpe")

#: The dimensions a search may vary: name -> (what it sets, kind, default range or choices).
#: kinds: "int" (whole numbers), "log" (a positive number, sampled evenly in its logarithm),
#: "float", "choice".
DIMENSIONS: dict[str, tuple[str, str, tuple]] = {
    "layers": ("hidden_layers", "int", (1, 3)),
    "neurons": ("hidden_layers", "int", (2, 8)),
    "activation": ("activations", "choice", ("tanh", "relu", "sigmoid")),
    "learning_rate": ("learning_rate", "log", (0.001, 1.0)),
    "optimizer": ("optimizer", "choice", ("sgd", "momentum", "adam")),
    "batch_size": ("batch_size", "int", (5, 50)),
    "l2": ("reg_rate", "log", (1e-5, 0.1)),
    "dropout": ("dropout", "float", (0.0, 0.5)),
}
LABELS = {"layers": "Hidden layers", "neurons": "Neurons per layer", "activation": "Activation",
          "learning_rate": "Learning rate", "optimizer": "Optimizer", "batch_size": "Batch size", "l2": "L2 rate",
          "dropout": "Dropout rate"}
GRID_POINTS = 3  # values per numeric dimension in a grid search


@dataclass(frozen=True)
class Dimension:
    """One varied setting: a range (``low``, ``high``) or ``choices``."""

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    choices: tuple = ()

    def grid(self) -> list:
        """The values a grid search tries."""
        if self.kind == "choice":
            return list(self.choices)
        if self.kind == "int":
            span = int(self.high) - int(self.low)
            if span < GRID_POINTS:
                return list(range(int(self.low), int(self.high) + 1))
            return sorted({round(self.low + i * span / (GRID_POINTS - 1)) for i in range(GRID_POINTS)})
        if self.kind == "log":
            ratio = (self.high / self.low) ** (1 / (GRID_POINTS - 1))
            return [float(f"{self.low * ratio ** i:.3g}") for i in range(GRID_POINTS)]
        return [self.low + i * (self.high - self.low) / (GRID_POINTS - 1) for i in range(GRID_POINTS)]

    def suggest(self, trial):
        if self.kind == "choice":
            return trial.suggest_categorical(self.name, list(self.choices))
        if self.kind == "int":
            return trial.suggest_int(self.name, int(self.low), int(self.high))
        return trial.suggest_float(self.name, float(self.low), float(self.high), log=self.kind == "log")


def _check_ends(name: str, values) -> None:
    """Each end of a range (or each choice) must be a value the setting itself allows."""
    target, kind, _ = DIMENSIONS[name]
    if name in ("layers", "neurons"):
        lo_max = (1, S.MAX_LAYERS) if name == "layers" else (1, S.MAX_NEURONS)
        for v in values:
            if not lo_max[0] <= v <= lo_max[1]:
                raise ValueError(f"{LABELS[name]}: must be between {lo_max[0]} and {lo_max[1]}, got {v}")
        return
    for v in values:
        try:
            S.check_value(S.Settings, "activation" if name == "activation" else target, v)
        except S.SettingError as exc:
            raise ValueError(f"{LABELS[name]}: {exc.reason}") from None


def parse_dimension(text: str) -> Dimension:
    """``name=low:high`` or ``name=a,b,c`` (or just ``name`` for its default range) as a Dimension."""
    name, _, spec = text.partition("=")
    name = name.strip().replace("-", "_")
    if name not in DIMENSIONS:
        raise ValueError(f"cannot vary {name!r}; choose from {', '.join(DIMENSIONS)}")
    _, kind, default = DIMENSIONS[name]
    spec = spec.strip()
    if kind == "choice":
        choices = tuple(c.strip() for c in spec.split(",") if c.strip()) if spec else default
        _check_ends(name, choices)
        return Dimension(name, kind, choices=tuple(dict.fromkeys(choices)))
    if not spec:
        low, high = default
    else:
        lo_text, sep, hi_text = spec.partition(":")
        if not sep:
            raise ValueError(f"{LABELS[name]}: write a range as low:high, such as {default[0]}:{default[1]}")
        cast = int if kind == "int" else S.parse_decimal
        try:
            low, high = cast(lo_text.strip()), cast(hi_text.strip())
        except ValueError:
            raise ValueError(f"{LABELS[name]}: {spec!r} is not a range of numbers such as "
                             f"{default[0]}:{default[1]}") from None
    if low > high:
        low, high = high, low
    if kind == "log" and low <= 0:
        raise ValueError(f"{LABELS[name]}: a range searched on a log scale must be above 0, got {low}")
    _check_ends(name, (low, high))
    return Dimension(name, kind, low, high)


def default_space() -> list[Dimension]:
    return [parse_dimension(name) for name in DIMENSIONS]


def trial_settings(base: dict, values: dict) -> dict:
    """The Experiment settings of one trial: the base settings with the trial's values on top."""
    out = dict(base)
    layers = int(values.get("layers", len(out.get("hidden_layers", S.Settings.param.hidden_layers.default))))
    sizes = list(out.get("hidden_layers", S.Settings.param.hidden_layers.default))
    neurons = values.get("neurons")
    if "layers" in values or "neurons" in values:
        width = int(neurons) if neurons is not None else (sizes[0] if sizes else 4)
        out["hidden_layers"] = [width] * layers
    n = len(out.get("hidden_layers", S.Settings.param.hidden_layers.default))
    acts = out.get("activations")
    if "activation" in values:
        out["activations"] = [values["activation"]] * n
        out.pop("activation", None)
    elif acts is not None and len(acts) != n:
        out["activations"] = [acts[0] if acts else "tanh"] * n
    for name in ("learning_rate", "optimizer", "batch_size", "dropout"):
        if name in values:
            out[name] = values[name]
    if "l2" in values:
        out["regularization"], out["reg_rate"] = "l2", float(values["l2"])
    return out


@dataclass
class Progress:
    """Where a search stands: trials done (finished or pruned) of ``total``, and the best so far."""

    done: int = 0
    total: int = 0
    pruned: int = 0
    best_run: int | None = None
    best_test_loss: float = math.inf
    seconds: float = 0.0
    epochs: int = 0  # epochs trained over all trials

    @property
    def trials_per_s(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Search:
    """A search over ``space`` from the ``base`` settings (typed values, as a link's); ``data`` is a
    custom dataset (an upload, drawn points) to use instead of the settings' own."""

    base: dict
    space: list[Dimension]
    trials: int = 20
    epochs: int = 300
    strategy: str = "random"
    seed: int = 0
    steps: int = 10  # test-loss reports (pruning checks) per trial
    prune: bool = True
    data: object = None
    log: RunLog = field(default_factory=lambda: RunLog(limit=10_000))
    progress: Progress = field(default_factory=Progress)

    def __post_init__(self):
        if self.strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}, got {self.strategy!r}")
        if not 1 <= int(self.trials) <= 10_000:
            raise ValueError(f"trials must be 1 to 10000, got {self.trials}")
        if not 1 <= int(self.epochs) <= 1_000_000:
            raise ValueError(f"epochs must be 1 to 1000000, got {self.epochs}")
        if not self.space:
            raise ValueError("choose at least one setting to vary")
        self.progress.total = int(self.trials)

    def _study(self):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        if self.strategy == "grid":
            sampler = optuna.samplers.GridSampler({d.name: d.grid() for d in self.space}, seed=self.seed)
        elif self.strategy == "random":
            sampler = optuna.samplers.RandomSampler(seed=self.seed)
        else:
            sampler = optuna.samplers.TPESampler(seed=self.seed, n_startup_trials=min(10, max(2, self.trials // 4)))
        pruner = (optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=self.epochs // 3)
                  if self.prune else optuna.pruners.NopPruner())
        return optuna.create_study(direction="minimize", sampler=sampler, pruner=pruner)

    def run(self, on_trial: Callable[[Progress], None] | None = None, stop: threading.Event | None = None) -> Progress:
        """Run the trials one after another (call from a worker thread to keep a page live);
        ``on_trial`` hears the progress after each trial; setting ``stop`` ends the search after
        the trial in hand."""
        import optuna

        from .experiment import Experiment

        study = self._study()
        start = time.perf_counter()
        step = max(1, self.epochs // self.steps)
        grid_done = False
        for _ in range(self.trials):
            if grid_done or (stop is not None and stop.is_set()):
                break
            trial = study.ask()
            values = {d.name: d.suggest(trial) for d in self.space}
            settings = trial_settings(self.base, values)
            exp = Experiment(data=self.data, **settings) if self.data is not None else Experiment(**settings)
            state, done = optuna.trial.TrialState.COMPLETE, 0
            while done < self.epochs and exp.status == "ok":
                k = min(step, self.epochs - done)
                exp.fit(k, every=k)
                done += k
                loss = exp.record.losses[1]
                if not math.isfinite(loss):
                    break
                trial.report(loss, done)
                if done < self.epochs and trial.should_prune():
                    state = optuna.trial.TrialState.PRUNED
                    break
            loss = exp.record.losses[1]
            try:
                if state == optuna.trial.TrialState.PRUNED:
                    study.tell(trial, state=state)
                else:
                    study.tell(trial, loss if math.isfinite(loss) else math.inf)
            except RuntimeError as exc:
                # Optuna's GridSampler stops the study once every grid point is taken, which outside
                # Study.optimize raises; the grid is then complete and this trial the last one.
                if "Study.stop" not in str(exc):
                    raise
                grid_done = True
            run = summarize(exp, S.encode(exp))
            if run is not None:
                if state == optuna.trial.TrialState.PRUNED:
                    run = _with_status(run, "pruned")
                number = self.log.add(run)
                p = self.progress
                p.pruned += state == optuna.trial.TrialState.PRUNED
                p.epochs += exp.epoch
                if state == optuna.trial.TrialState.COMPLETE and math.isfinite(loss) and loss < p.best_test_loss:
                    p.best_test_loss, p.best_run = loss, number
            self.progress.done += 1
            self.progress.seconds = time.perf_counter() - start
            if on_trial is not None:
                on_trial(self.progress)
        return self.progress

    def best(self):
        """The best finished trial's row (lowest final test loss), or None."""
        if self.progress.best_run is None:
            return None
        return self.log[self.progress.best_run]


def _with_status(run, status: str):
    import dataclasses

    return dataclasses.replace(run, status=status)
