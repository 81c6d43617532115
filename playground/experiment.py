"""One browser session's playground: the settings (declared in :mod:`playground.settings`) acting on
the dataset, network and optimizer state they describe. No UI code: tests and the CLI drive it directly.

A change is applied at the cheapest level that honours it (each setting's ``level``):

* data settings (dataset, noise, sample count, split, seed, jet features) regenerate the data,
* input settings (feature toggles, standardisation) rebuild the inputs,
* architecture settings (layers, activations, loss, initialisation) build a new network,
* ``seed`` draws new initial weights,
* training settings (learning rate, optimizer, regularisation, dropout, batch size, schedule) apply
  at the next :meth:`Experiment.step` without a reset,
* display settings change nothing here; views read them (``predict_dropout`` changes how outputs are
  computed for pictures, scores and accuracies, never the training state).

All public methods take one lock, so a worker thread may call :meth:`step` while the page's thread
changes settings.
"""
from __future__ import annotations

import math
import threading
import time

import numpy as np
import param

from . import frame, run_file
from .data.dataset import Dataset
from .data.features import DEFAULT_FEATURES, FEATURES, InputPipeline, standardize_by_default
from .data.registry import DATASETS, make_dataset
from .engine import NetworkSpec, Trainer, TrainConfig, encode_targets, mc_dropout, plane_grid
from .engine.backprop_steps import BackpropSteps, step_through
from .hidden_space import plane_grid_lines
from .frame import BOUNDARY_RES, THUMB_RES
from .run_record import RunRecord
from .run_log import RunLog, summarize
from .settings import LOSS_LABELS, MAX_LAYERS, Settings, apply_settings, encode, from_texts, names, suggested_samples
from .snapshot import History, Inputs, Snapshot


#: Losses offered per problem; "auto" picks the first.
LOSSES_FOR = {"binary": ("bce", "se", "ae"), "multiclass": ("ce",), "regression": ("se", "ae")}

FALLBACK_DATASET = "circle"
#: What each change rebuilds: queries on the settings table (``level`` in :mod:`playground.settings`).
DATA_PARAMS = names(level="data")
INPUT_PARAMS = names(level="inputs")
NETWORK_PARAMS = tuple(n for n in names(level="network") if n != "activation")  # activation: sets activations
TRAIN_PARAMS = names(level="trainer")


class Experiment(Settings):
    """A dataset, a network and its training, as one set of user-facing settings.

    ``step(k)`` trains k epochs and returns a :class:`~playground.snapshot.Snapshot`. Settings may be
    changed at any time; see the module docstring for what each kind of change resets.

    From Python (a script, a notebook; ``playground train`` uses the same calls):

    * ``Experiment(dataset="circle", hidden_layers=[4, 4], ...)``: any setting below by name;
    * :meth:`fit` ``(epochs, progress=False)`` trains and returns :meth:`summary` (train/test loss
      and accuracy, AUC and R50 for binary data, epochs, seconds, epochs/s) as a dict;
    * :meth:`predict` ``(X)``: network outputs for raw data rows (the dataset's columns);
    * :meth:`to_json` / :meth:`from_json`: the whole run (settings, weights, optimizer state) as
      text and back; :meth:`export_model` / :meth:`load_weights`: the network alone, in the engine's
      model format (what ``playground predict`` reads).
    """

    def __init__(self, **params):
        self._lock = threading.RLock()
        self._mc_rng = np.random.default_rng(1)  # dropout masks for predict_dropout (display only)
        self._adjusted: dict = {}  # name -> value before the first adjustment, until announced
        self._announcing = False
        self._old: dict = {}
        self._run = 0
        self._data_version = 0
        self.record = RunRecord(0)
        self.runs = RunLog()  # every finished run of this experiment (playground.run_log)
        #: Whether frames carry the hidden-space points (a page sets it while that view is open:
        #: one more forward pass per frame, over the training points and the plane's grid lines).
        self.hidden_points = False
        self.hand_steps = 0  # backpropagation steps taken point by point in this run (apply_point_steps)
        self._run_settings: dict = {}
        self._test_out = np.zeros((0, 1))
        self._layout = 0
        self.data: Dataset | None = None
        self.pipeline: InputPipeline | None = None
        self.spec: NetworkSpec | None = None
        self.trainer: Trainer | None = None
        self.notices: list[str] = []
        custom = params.pop("data", None)
        if "n_samples" not in params:  # each dataset starts at its own size (jets need more than a toy)
            params["n_samples"] = suggested_samples(params.get("dataset", self.param.dataset.default))
        if "activation" in params and "activations" not in params:
            n = len(params.get("hidden_layers", self.param.hidden_layers.default))
            params["activations"] = [params["activation"]] * n
        super().__init__(**params)
        with self._lock:
            if custom is not None:
                self._set_data(custom, "standardize" not in params)
            else:
                self._make_data(reset_standardize="standardize" not in params)
            self._build_inputs()
            self._build_network()
        self._adjusted.clear()  # nobody is listening yet
        self.param.watch(self._on_change, list(DATA_PARAMS + INPUT_PARAMS + NETWORK_PARAMS + TRAIN_PARAMS)
                         + ["activation", "seed"])

    # --- reacting to settings ------------------------------------------------------------------
    def _adjust(self, name: str, value) -> None:
        """Set a parameter as a consequence of another change (e.g. the loss back to 'auto' for a new
        dataset) without re-entering :meth:`_on_change`; watchers outside (widgets, the URL) hear of it
        once the rebuild is complete (:meth:`_announce`), never half-way through."""
        old = getattr(self, name)
        if old != value:
            with param.discard_events(self):
                setattr(self, name, value)
            self._adjusted.setdefault(name, old)

    def _announce(self) -> None:
        """Tell watchers of the adjusted settings, as ordinary changes (old -> new) in one batch.

        Not ``param.trigger``: Panel 1.9's from_param link answers a *triggered* event on a throttled
        slider by writing its constant ``value_throttled`` and raises, so that slider never followed."""
        adjusted = {name: old for name, old in self._adjusted.items() if getattr(self, name) != old}
        self._adjusted.clear()
        if not adjusted:
            return
        new = {name: getattr(self, name) for name in adjusted}
        with param.discard_events(self):
            self.param.update(**adjusted)
        self._announcing = True
        try:
            self.param.update(**new)
        finally:
            self._announcing = False

    def _on_change(self, *events):
        if self._announcing:
            return
        names = {e.name for e in events}
        self._old = {e.name: e.old for e in events}
        with self._lock:
            self._apply(names)
            self._announce()

    def _apply(self, names: set) -> None:
        if names & set(DATA_PARAMS + INPUT_PARAMS + NETWORK_PARAMS + ("activation", "seed")):
            self._close_run()  # a new run will start: log this one while its network and data still exist
        self._apply_changes(names)
        self._run_settings = encode(self)  # a training setting changed mid-run counts for the whole run

    def _apply_changes(self, names: set) -> None:
        if "activation" in names and "activations" not in names:
            self._adjust("activations", [self.activation] * len(self.hidden_layers))
            names.add("activations")
        if "hidden_layers" in names:
            self._fit_activations()
        if names & set(DATA_PARAMS):
            new_dataset = "dataset" in names
            if new_dataset and "loss" not in names:
                self._adjust("loss", "auto")
            size = self.n_samples
            if new_dataset and "n_samples" not in names:
                self._follow_dataset_size()
            if not self._make_data(reset_standardize=new_dataset and "standardize" not in names):
                # the data stayed as they were: so do the settings that describe them
                for name in names & set(DATA_PARAMS):
                    self._adjust(name, self._old[name])
                self._adjust("n_samples", self._old.get("n_samples", size))
                if "loss" not in names and new_dataset:
                    self._adjust("loss", self._old.get("loss", self.loss))
        if names & set(DATA_PARAMS + INPUT_PARAMS):
            self._build_inputs()
        if names & set(DATA_PARAMS + INPUT_PARAMS + NETWORK_PARAMS):
            self._build_network()
        elif "seed" in names:
            self._reset_weights()
        elif names & set(TRAIN_PARAMS):
            self.trainer.config = self._train_config()

    def _fit_activations(self):
        """Keep one activation and one batch-norm switch per hidden layer: new layers take the 'all
        layers' choice (``activation``) in turn shows the layers' activation whenever they share one,
        so a control over it never says ReLU while the network is tanh (after a reset, a link, a lesson)."""
        n = len(self.hidden_layers)
        acts = list(self.activations[:n]) + [self.activation] * max(0, n - len(self.activations))
        if acts != self.activations:
            self._adjust("activations", acts)
        norm = list(self.batch_norm[:n]) + [0] * max(0, n - len(self.batch_norm))  # a new layer starts without
        if norm != self.batch_norm:
            self._adjust("batch_norm", norm)
        if acts and len(set(acts)) == 1 and self.activation != acts[0]:
            self._adjust("activation", acts[0])

    def _follow_dataset_size(self) -> None:
        """A new dataset brings its own starting size, unless the visitor chose another size for the
        old one; always within this session's range (a booth narrows it)."""
        if self.n_samples != suggested_samples(self._old["dataset"]):
            return
        lo, hi = self.param.n_samples.bounds
        self._adjust("n_samples", int(min(max(suggested_samples(self.dataset), lo), hi)))

    # --- data ----------------------------------------------------------------------------------
    def _make_data(self, reset_standardize: bool = False) -> bool:
        """Generate the data the settings describe; a new dataset also gets its default standardisation.

        If the data cannot be made (e.g. two identical jet axes) the previous data stay and a notice
        says why; if there is no previous data (first start) the circle set is used instead.
        """
        options = {}
        if self.dataset == "quark_gluon":
            # Physical units on the plane; the input pipeline standardises (switchable, like any data).
            options = dict(features=(self.jet_x, self.jet_y), extra_features=tuple(self.jet_extra),
                           standardize=False)
        try:
            data = make_dataset(self.dataset, n_samples=self.n_samples, noise=self.noise,
                                train_fraction=self.train_fraction, seed=self.data_seed, **options)
        except (ValueError, OSError, RuntimeError) as exc:
            self.notices.append(f"Could not make the {DATASETS[self.dataset].label} data: {exc}")
            if self.data is not None:
                return False
            self._adjust("dataset", FALLBACK_DATASET)
            data = make_dataset(FALLBACK_DATASET, n_samples=self.n_samples, noise=self.noise,
                                train_fraction=self.train_fraction, seed=self.data_seed)
        self._set_data(data, reset_standardize)
        return True

    def _set_data(self, data: Dataset, reset_standardize: bool = True):
        self.data = data
        self._data_version += 1
        if reset_standardize:
            self._adjust("standardize", standardize_by_default(data))

    def use_data(self, data: Dataset) -> None:
        """Train on a given dataset (an upload, drawn points); the data settings no longer describe it."""
        with self._lock:
            self._close_run()
            self._set_data(data)
            self._adjust("loss", "auto")
            self._build_inputs()
            self._build_network()
            self._announce()

    @property
    def two_inputs(self) -> bool:
        """Whether the feature toggles (x1², sin x1, ...) apply: only to data with exactly two inputs."""
        return self.data.n_features == 2

    def _build_inputs(self):
        features = tuple(self.features) if self.two_inputs else None
        if features == ():
            features = DEFAULT_FEATURES
            self._adjust("features", list(DEFAULT_FEATURES))
            self.notices.append("At least one input is needed; x1 and x2 were switched back on.")
        self.pipeline = InputPipeline.fit(self.data, features, self.standardize)
        self._x_train, self._x_test = (np.ascontiguousarray(a) for a in self.pipeline.apply(self.data))
        # The plane grid: plane columns sweep the extent, other raw columns sit at their training mean.
        d = self.data
        fixed = d.x_train.mean(axis=0) if d.n_train else np.zeros(d.n_features)
        x0, x1, y0, y1 = d.extent
        self._grid = np.ascontiguousarray(self.pipeline.transform(
            plane_grid((x0, x1), (y0, y1), BOUNDARY_RES, d.n_features, d.plane, fixed)))
        self._thumb_grid = np.ascontiguousarray(self.pipeline.transform(
            plane_grid((x0, x1), (y0, y1), THUMB_RES, d.n_features, d.plane, fixed)))
        # the plane's grid lines, as network inputs: what the hidden-space view bends (hidden_space.py)
        lines = plane_grid_lines(d.extent)
        raw = np.tile(fixed, (lines.shape[0] * lines.shape[1], 1))
        raw[:, d.plane[0]], raw[:, d.plane[1]] = lines[:, :, 0].ravel(), lines[:, :, 1].ravel()
        self._grid_lines = np.ascontiguousarray(self.pipeline.transform(raw))
        self._grid_line_shape = lines.shape[:2]
        pictures = self._thumb_grid.T.reshape(-1, THUMB_RES, THUMB_RES).astype(np.float32)
        candidates, candidate_pictures = tuple(self.pipeline.input_names), pictures
        if features is not None:  # every feature toggle, as the network would see it if switched on
            every = InputPipeline.fit(self.data, FEATURES, self.standardize)
            raw = plane_grid((x0, x1), (y0, y1), THUMB_RES, d.n_features, d.plane, fixed)
            candidates = FEATURES
            candidate_pictures = every.transform(raw).T.reshape(-1, THUMB_RES, THUMB_RES).astype(np.float32)
        self._inputs = Inputs(tuple(self.pipeline.input_names), tuple(self.pipeline.raw_names), pictures,
                              candidates, candidate_pictures)

    # --- network -------------------------------------------------------------------------------
    @property
    def problem(self) -> str:
        return self.data.problem

    @property
    def effective_loss(self) -> str:
        """The loss actually used: the chosen one if it suits the problem, else the problem's default."""
        allowed = LOSSES_FOR[self.problem]
        return self.loss if self.loss in allowed else allowed[0]

    def _head(self) -> tuple[str, str, int]:
        loss = self.effective_loss
        if loss == "ce":
            return "softmax", loss, max(2, self.data.n_classes)
        if loss == "bce":
            return "sigmoid", loss, 1
        if self.problem == "binary" and self.data.provenance.get("source") == "logic":
            return "sigmoid", loss, 1  # 0/1 truth tables: the lecture's sigmoid output with ½(o−y)²
        return ("tanh" if self.problem == "binary" else "linear"), loss, 1

    def _build_network(self):
        if self.loss != "auto" and self.loss not in LOSSES_FOR[self.problem]:
            self.notices.append(f"{LOSS_LABELS[self.loss].capitalize()} does not suit {self.problem} data; "
                                f"using {LOSS_LABELS[self.effective_loss]}.")
            self._adjust("loss", "auto")
        output, loss, n_out = self._head()
        self._fit_activations()
        self.spec = NetworkSpec(self.pipeline.n_inputs, tuple(int(h) for h in self.hidden_layers),
                                tuple(self.activations), output, loss, n_out,
                                tuple(self.pipeline.input_names), batch_norm=tuple(bool(f) for f in self.batch_norm),
                                maxout_pieces=int(self.maxout_pieces))
        self._y_train = encode_targets(self.spec, self.data.y_train)
        self._y_test = encode_targets(self.spec, self.data.y_test)
        self.trainer = Trainer(self.spec, self._train_config(), init=self.init, seed=self.seed)
        self._layout += 1
        self._new_run()

    def _reset_weights(self):
        self.trainer.reset(seed=self.seed)
        self._new_run()

    def _close_run(self):
        """Log the run that is ending (:mod:`playground.run_log`); a run that never trained is not kept."""
        self.runs.add(summarize(self, self._run_settings), key=self.record.number)

    def _new_run(self):
        self.hand_steps = 0
        self._run += 1
        self.record = RunRecord(self._run)
        self._run_settings = encode(self)
        self._record()

    def _train_config(self) -> TrainConfig:
        return TrainConfig(
            optimizer=self.optimizer, lr=float(self.learning_rate), batch_size=int(self.batch_size),
            l1=float(self.reg_rate) if self.regularization == "l1" else 0.0,
            l2=float(self.reg_rate) if self.regularization == "l2" else 0.0,
            dropout=float(self.dropout), momentum=float(self.momentum), schedule=self.schedule,
            gamma=float(self.lr_decay), step=int(self.lr_step), period=int(self.lr_step))

    # --- actions -------------------------------------------------------------------------------
    def restart_run(self) -> None:
        """Start the run again from the same starting weights (this seed), keeping every setting."""
        with self._lock:
            self._close_run()
            self._reset_weights()

    def reopen(self, number: int) -> list[str]:
        """Go back to run ``number`` of :attr:`runs`: its settings, then its final weights (a new run
        starts from them). Returns notices for settings this session's ranges refuse; KeyError for
        a run the log no longer holds, ValueError if its weights no longer fit (other data)."""
        with self._lock:
            run = self.runs[number]
            values, errors = from_texts(self, run.settings)
            notices = [f"{e.name}: {e.reason}" for e in errors]
            notices += apply_settings(self, values, f"run {number}")
            if run.weights.size != self.trainer.params.size:
                raise ValueError(f"run {number}'s network does not fit these data; its settings are back, "
                                 "its weights are not")
            self.set_state(run.weights.copy(), stats=None if run.stats is None else run.stats.copy())
            return notices

    def regenerate_data(self) -> None:
        """Make the data the data settings describe again (replacing an upload or drawn points), with
        new inputs and a new network, as if a data setting had just changed."""
        with self._lock:
            self._old = {"data_seed": self.data_seed}
            self._apply({"data_seed"})
            self._announce()

    def reset(self) -> None:
        """Start again from new random initial weights (the next seed), keeping every setting."""
        with self._lock:
            self.seed = (self.seed + 1) % (2**31)

    def recover(self) -> None:
        """The one-click way back from divergence: a ten times smaller learning rate, training resumes
        from the last good weights."""
        with self._lock:
            lr = max(self.param.learning_rate.bounds[0], self.learning_rate / 10.0)
            self.learning_rate = float(f"{lr:.3g}")
            self.record.resume()

    def add_layer(self) -> None:
        """Append a hidden layer (copying the last layer's width)."""
        if len(self.hidden_layers) < (self.param.hidden_layers.bounds[1] or MAX_LAYERS):
            self.hidden_layers = self.hidden_layers + [self.hidden_layers[-1] if self.hidden_layers else 4]

    def remove_layer(self) -> None:
        if self.hidden_layers:
            self.hidden_layers = self.hidden_layers[:-1]

    def change_neurons(self, layer: int, delta: int) -> None:
        """Add (delta=+1) or remove (-1) neurons of hidden layer ``layer``, within 1..16 (or a booth's
        narrower limit)."""
        sizes = list(self.hidden_layers)
        if 0 <= layer < len(sizes):
            sizes[layer] = min(self.param.hidden_layers.max_neurons, max(1, sizes[layer] + int(delta)))
            if sizes != self.hidden_layers:
                self.hidden_layers = sizes

    def set_layer_activation(self, layer: int, name: str) -> None:
        acts = list(self.activations)
        acts[layer] = name
        self.activations = acts

    def point_steps(self, index: int) -> BackpropSteps:
        """Backpropagation of training point ``index`` alone, every number of it (forward, error,
        backward, update; :mod:`playground.engine.backprop_steps`), at the current weights and
        learning rate; ValueError in plain words where it does not apply."""
        with self._lock:
            if not 0 <= index < len(self._x_train):
                raise ValueError(f"there are {len(self._x_train)} training points")
            cfg = self._train_config()
            return step_through(self.spec, self.trainer.params.copy(), self._x_train[index], self._y_train[index],
                                cfg.lr, cfg.l1, cfg.l2)

    def apply_point_steps(self, steps: BackpropSteps) -> None:
        """Take the update a step-through computed: the weights become its new weights (one plain
        gradient-descent step on that one point), as if the engine had taken it."""
        with self._lock:
            self.trainer.params[:] = steps.new_params()
            self.hand_steps += 1
            self._record()

    def _check_single(self, layer: int) -> None:
        """A typed weight needs one number per link: a maxout layer has one per piece."""
        k = int(self.spec.pieces[layer])
        if k > 1:
            raise ValueError(f"each link into a maxout neuron carries {k} weights (one per piece) and the "
                             "picture shows their average, so they cannot be typed here")

    def set_layer_batch_norm(self, layer: int, on: bool) -> None:
        """Switch batch normalisation of hidden layer ``layer`` (0 = first) on or off."""
        flags = list(self.batch_norm)
        flags[layer] = int(bool(on))
        self.batch_norm = flags

    def set_weight(self, layer: int, i: int, j: int, value: float) -> None:
        """Type a weight: weight layer ``layer`` from unit i (of the layer before) to unit j."""
        value = self._check_value(value)
        self._check_single(layer)
        with self._lock:
            W, _ = self.trainer.layers()[layer]
            W[i, j] = value
            self._record()  # the losses and accuracies the page shows follow the typed weight

    def set_bias(self, layer: int, j: int, value: float) -> None:
        """Type the bias of unit j in weight layer ``layer`` (0 = first hidden layer)."""
        value = self._check_value(value)
        self._check_single(layer)
        with self._lock:
            _, b = self.trainer.layers()[layer]
            b[j] = value
            self._record()

    @staticmethod
    def _check_value(value) -> float:
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"a weight must be a number, got {value!r}") from None
        if not math.isfinite(v) or abs(v) > 1000:
            raise ValueError(f"a weight must be a finite number between -1000 and 1000, got {value!r}")
        return v

    # --- training ------------------------------------------------------------------------------
    def step(self, epochs: int | None = None, *, metrics: bool = False, max_updates: int = 0) -> Snapshot:
        """Train ``epochs`` epochs (default: ``epochs_per_frame``) and return the new snapshot.

        ``max_updates > 0`` stops after that many mini-batch updates, possibly inside an epoch (the
        live page's time budget); the next step carries on from there with the same weights as
        uninterrupted training. A diverged or early-stopped run does not train until it is reset,
        recovered or its settings change; the snapshot says why in ``status`` and ``message``.
        """
        with self._lock:
            self._advance(self.epochs_per_frame if epochs is None else int(epochs), max_updates)
            return self.snapshot(metrics=metrics)

    engine_seconds = 0.0  # time the last step spent in the engine's training kernel

    @property
    def updates(self) -> int:
        """Mini-batch weight updates made since the weights were last drawn."""
        return int(self.trainer.counters[1])

    def _record(self):
        """Evaluate the training and the test points once each: the losses for the loss curve and
        early stopping, the accuracies (and the test outputs for the classifier metrics) for the
        frame (:mod:`playground.frame`)."""
        spec, d = self.spec, self.data
        train_loss, out, _ = self.trainer.evaluate(self._x_train, self._y_train)
        accuracies = [frame.accuracy(out, d.y_train, spec, self.problem), None]
        test_loss, self._test_out = float("nan"), np.zeros((0, spec.n_outputs))
        if d.n_test:
            test_loss, self._test_out, _ = self.trainer.evaluate(self._x_test, self._y_test)
            accuracies[1] = frame.accuracy(self._test_out, d.y_test, spec, self.problem)
        self.record.add(self.trainer.epoch, train_loss, test_loss, accuracies)

    def _check_early_stop(self):
        rec = self.record
        if rec.improved(self.trainer.epoch, self.trainer.state() if self.early_stopping else None):
            return
        if self.early_stopping and rec.stale(self.trainer.epoch, self.patience):
            if rec.best_state is not None:
                self.trainer.restore(rec.best_state)
                self._record()
            rec.stopped(self.patience)

    @property
    def status(self) -> str:
        """The run's status: "ok", "diverged" or "stopped" (see :class:`~playground.run_record.RunRecord`)."""
        return self.record.status

    @property
    def message(self) -> str:
        return self.record.message

    # --- reading -------------------------------------------------------------------------------
    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    def history(self) -> History:
        return self.record.history()

    def input_pictures(self) -> np.ndarray:
        """Each network input over the plane (n_inputs, g, g) at thumbnail resolution: what the first
        column of the network diagram shows (x1 is a ramp, x1² a valley, ...)."""
        with self._lock:
            return self._inputs.pictures.copy()

    def predict(self, X) -> np.ndarray:
        """Network outputs for raw data rows (dataset columns), e.g. the test points (with dropout
        still on if ``predict_dropout``: a fresh random thinned network each call)."""
        with self._lock:
            return self._outputs(self.pipeline.transform(X), self._drop_masks())[0]

    def _drop_masks(self):
        """One thinned network's dropout masks if ``predict_dropout`` is on (and dropout > 0), else None."""
        if not (self.predict_dropout and self.dropout > 0 and self.spec.hidden):
            return None
        return mc_dropout.draw_masks(self.spec.hidden, float(self.dropout), self._mc_rng)

    def _outputs(self, X, masks, neurons: bool = False):
        """(outputs, neurons or None) on network inputs X: the whole network, or a thinned one."""
        if masks is None:
            return self.trainer.evaluate(X, neurons=neurons)[1:]
        return mc_dropout.forward(self.trainer, X, masks, neurons=neurons)

    def prediction_spread(self, draws: int = mc_dropout.DRAWS) -> float:
        """How much the test outputs scatter when dropout stays on while predicting: the standard
        deviation of each output over ``draws`` thinned networks, averaged over the test points
        (0 when ``predict_dropout`` is off or dropout is 0)."""
        with self._lock:
            if not (self.predict_dropout and self.dropout > 0) or not self.data.n_test:
                return 0.0
            return mc_dropout.spread(self.trainer, self._x_test, float(self.dropout), self._mc_rng, draws)

    def scores(self, which: str = "test") -> np.ndarray:
        """Per-sample score of class 1 (binary data): the sigmoid probability or the tanh output."""
        with self._lock:
            X = self._x_test if which == "test" else self._x_train
            out = self._outputs(X, self._drop_masks())[0]
            return out[:, -1] if out.shape[1] > 1 else out[:, 0]

    def snapshot(self, *, metrics: bool = False) -> Snapshot:
        """Everything the views draw, as it stands (:func:`playground.frame.take`); ``metrics`` adds
        the classifier metrics of binary data."""
        with self._lock:
            return frame.take(self, metrics=metrics)

    def classifier_metrics(self) -> frame.ClassifierMetrics | None:
        """How well the network separates the two classes of binary data, on the test points
        (:class:`playground.frame.ClassifierMetrics`); None for other data."""
        with self._lock:
            if self.problem != "binary":
                return None
            return frame.classifier_metrics(self.scores("test"), self.data, self.spec.output, self._best_cut())

    def _best_cut(self):
        """The best one-feature cut on the training points (cached per dataset: it never changes); None
        unless both classes are among them."""
        from .engine import metrics as m

        d = self.data
        if getattr(self, "_cut_for", None) is not d:
            ok = d.n_train >= 2 and d.y_train.min() != d.y_train.max()
            self._cut = m.best_cut(d.x_train, d.y_train, d.feature_names) if ok else None
            self._cut_for = d
        return self._cut

    def take_notices(self) -> list[str]:
        """Messages for the visitor gathered since the last call (settings that were adjusted)."""
        with self._lock:
            notes, self.notices = self.notices, []
            return notes

    # --- Python API ------------------------------------------------------------------------------
    # Headless use from scripts, notebooks and ``playground train``:
    #
    #     exp = Experiment(dataset="circle", hidden_layers=[4, 4], learning_rate=0.03)
    #     summary = exp.fit(500)                 # dict: losses, accuracies, AUC/R50, epochs/s
    #     exp.predict(exp.data.x_test)           # network outputs for raw data rows
    #     text = exp.to_json()                   # settings + weights + optimizer state
    #     same = Experiment.from_json(text)      # predicts the same, trains on identically
    #     exp.export_model()                     # the engine's model JSON (``playground predict``)
    #     exp.load_weights(model_text)           # start from saved weights (``--init``)

    CUSTOM_DATA_SOURCES = ("upload", "drawn")

    def fit(self, epochs: int, *, progress: bool = False, every: int | None = None) -> dict:
        """Train ``epochs`` more epochs; returns :meth:`summary` plus ``epochs_run``, ``seconds`` and
        ``epochs_per_s`` of this call.

        Training goes in steps of ``every`` epochs (default ``epochs_per_frame``, as the live page
        does): the loss curve gets one point per step and early stopping checks after each. Weights do
        not depend on the step size. The run ends early if training diverges or early stopping fires
        (``summary["status"]`` says which); a run that has already ended does not train until it is
        reset, recovered or its settings change. ``progress=True`` shows a tqdm bar on stderr with the
        live train and test loss.
        """
        import sys

        epochs = int(epochs)
        if epochs < 0:
            raise ValueError(f"epochs must be 0 or more, got {epochs}")
        every = int(self.epochs_per_frame if every is None else every)
        if every < 1:
            raise ValueError(f"every must be 1 or more, got {every}")
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=epochs, unit="epoch", file=sys.stderr, dynamic_ncols=True, leave=True,
                       desc=self.data_name)
        trained, done = 0, 0
        start = shown = time.perf_counter()
        try:
            while done < epochs and self.status == "ok":
                k = min(every, epochs - done)
                trained += self._advance(k)
                done += k
                if bar is not None:
                    now = time.perf_counter()
                    if now - shown >= 0.1 or done >= epochs or self.status != "ok":
                        shown = now
                        bar.set_postfix_str(f"train loss {self.record.losses[0]:.4f}, "
                                           f"test loss {self.record.losses[1]:.4f}",
                                            refresh=False)
                    bar.update(k)
        finally:
            if bar is not None:
                bar.close()
        seconds = time.perf_counter() - start
        out = self.summary()
        out.update(epochs_run=trained, seconds=seconds, epochs_per_s=trained / seconds if seconds > 0 else None)
        return out

    def _advance(self, k: int, max_updates: int = 0) -> int:
        """Train ``k`` epochs (or ``max_updates`` updates, if > 0) without drawing a snapshot
        (:meth:`step` and :meth:`fit`); returns the epochs completed."""
        with self._lock:
            if self.status != "ok" or k <= 0:
                return 0
            start = time.perf_counter()
            result = self.trainer.train(self._x_train, self._y_train, int(k), int(max_updates))
            self.engine_seconds = time.perf_counter() - start
            if not result.ok:
                self.record.diverged(self.trainer.epoch + 1)
            self._record()
            self._check_early_stop()
            return int(result.epochs)

    @property
    def custom_data(self) -> bool:
        """Whether the data came from an upload or drawn points rather than the data settings."""
        return self.data.provenance.get("source") in self.CUSTOM_DATA_SOURCES

    @property
    def data_name(self) -> str:
        """The dataset id, or an upload's file name."""
        return self.data.provenance.get("name", "custom data") if self.custom_data else self.dataset

    def summary(self) -> dict:
        """Where the run stands, as plain values: dataset, problem, loss function, epoch, status,
        train/test loss and accuracy (None for regression), AUC and R50 on the test set (binary data
        only, else None; R50 is ``inf`` when no class-0 point scores above the 50 % class-1
        efficiency cut), sample counts and the network's shape."""
        from .engine import metrics as m

        def finite(v):
            return float(v) if v is not None and math.isfinite(v) else None

        with self._lock:
            d = self.data
            auc = r50 = None
            if self.problem == "binary" and d.n_test >= 2 and d.y_test.min() != d.y_test.max():
                scores = self.scores("test")
                if np.all(np.isfinite(scores)):
                    auc, r50 = m.auc(scores, d.y_test), m.r50(scores, d.y_test)
            return {
                "dataset": self.data_name,
                "problem": self.problem, "loss_function": self.effective_loss, "epoch": self.epoch,
                "status": self.status, "message": self.message,
                "train_loss": finite(self.record.losses[0]), "test_loss": finite(self.record.losses[1]),
                "train_accuracy": self.record.accuracies[0], "test_accuracy": self.record.accuracies[1],
                "auc": finite(auc), "r50": None if r50 is None else float(r50),
                "n_train": d.n_train, "n_test": d.n_test, "inputs": list(self.spec.input_names),
                "layers": [int(s) for s in self.spec.sizes], "n_parameters": int(self.spec.n_params),
            }

    # --- run and model files (playground.run_file) ----------------------------------------------
    def export_model(self) -> str:
        """The trained network as JSON text in the engine's model format (see
        :func:`playground.run_file.export_model`; what ``playground predict`` reads)."""
        with self._lock:
            return run_file.export_model(self)

    def load_weights(self, model) -> None:
        """Continue from saved weights: a :class:`~playground.engine.model_json.Model`, its JSON text
        or dict. The network these settings build must have the same inputs, layers, activations and
        output, otherwise ValueError says what differs; the optimizer and epoch count start afresh."""
        with self._lock:
            run_file.load_weights(self, model)

    def to_json(self) -> str:
        """The whole run as JSON text (settings, weights, optimizer state and counters):
        :meth:`from_json` gives an Experiment that predicts the same and trains on identically."""
        with self._lock:
            return run_file.to_json(self)

    @classmethod
    def from_json(cls, text: str, *, data: Dataset | None = None) -> "Experiment":
        """An Experiment restored from :meth:`to_json` text; ``data`` is required (and only used) when
        the run was trained on an upload or drawn points. Any problem raises ValueError."""
        return run_file.from_json(cls, text, data=data)

    def set_state(self, params, optimizer: dict | None = None, status: str | None = None, message: str = "",
                  stats=None) -> None:
        """New weights (and optionally optimizer state and counters, batch norm's running averages,
        and the saved run's status); starts a new run. Everything is checked before anything is written."""
        with self._lock:
            checked = run_file.checked_optimizer(self, optimizer) if optimizer is not None else {}
            if stats is not None and np.shape(stats) != self.trainer.stats.shape:
                raise ValueError("the saved batch-norm averages do not fit this network")
            self._close_run()
            self.trainer.reset(params=params, stats=stats)
            for name, value in checked.items():
                getattr(self.trainer, name)[:] = value
            self._new_run()
            if status in ("diverged", "stopped"):
                self.record.status, self.record.message = status, str(message)
