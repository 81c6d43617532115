"""One browser session's playground: every setting as a typed, bounded, documented parameter, plus the
dataset, network and optimizer state they describe. No UI code: tests and the CLI drive it directly.

The settings form one table (like TF Playground's ``state.ts``) that also serialises to the URL
(:mod:`playground.ui.url_state`). A change is applied at the cheapest level that honours it:

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

from .data.dataset import Dataset
from .data.features import DEFAULT_FEATURES, FEATURES, InputPipeline, standardize_by_default
from .data.registry import DATASETS, make_dataset
from .physics.settings import FEATURES as JET_FEATURES
from .engine import mc_dropout
from .engine import (HIDDEN_ACTIVATIONS, INITIALISERS, OPTIMIZERS, SCHEDULES, NetworkSpec, Trainer, TrainConfig,
                     decision_threshold, encode_targets, plane_grid)
from .snapshot import History, Snapshot

MAX_LAYERS = 8
MAX_NEURONS = 16
BOUNDARY_RES = 64  # grid points per side of the decision-boundary picture
THUMB_RES = 16  # grid points per side of each neuron's thumbnail
MAX_HISTORY = 20000  # loss-curve points kept (older ones are thinned out)
DEFAULT_DATASET = "quark_gluon" if "quark_gluon" in DATASETS else next(iter(DATASETS))

#: Losses offered per problem; "auto" picks the first.
LOSSES_FOR = {"binary": ("bce", "se", "ae"), "multiclass": ("ce",), "regression": ("se", "ae")}
LOSS_LABELS = {"auto": "automatic", "bce": "cross-entropy", "se": "squared error", "ae": "absolute error",
               "ce": "softmax cross-entropy"}

DATA_PARAMS = ("dataset", "noise", "n_samples", "train_fraction", "data_seed", "jet_x", "jet_y", "jet_extra")
FALLBACK_DATASET = "circle"
INPUT_PARAMS = ("features", "standardize")
NETWORK_PARAMS = ("hidden_layers", "activations", "loss", "init")
TRAIN_PARAMS = ("learning_rate", "optimizer", "momentum", "regularization", "reg_rate", "dropout", "batch_size",
                "schedule", "lr_decay", "lr_step")


class LayerSizes(param.List):
    """Neurons per hidden layer: a list of 0..8 whole numbers, each 1..``max_neurons`` (16; a booth
    screen narrows it per session, see :mod:`playground.limits`)."""

    __slots__ = ["max_neurons"]
    _slot_defaults = dict(param.List._slot_defaults, max_neurons=MAX_NEURONS)

    def __init__(self, default=param.Undefined, *, max_neurons=param.Undefined, **params):
        self.max_neurons = max_neurons  # before the base class validates the default
        super().__init__(default=default, **params)

    def _validate(self, val):
        super()._validate(val)
        for n in val:
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= self.max_neurons:
                raise ValueError(f"each hidden layer needs 1 to {self.max_neurons} neurons, got {n!r}")


class ActivationList(param.List):
    """One hidden activation name per hidden layer, each one of ``allowed`` (all by default)."""

    __slots__ = ["allowed"]
    _slot_defaults = dict(param.List._slot_defaults, allowed=tuple(HIDDEN_ACTIVATIONS))

    def __init__(self, default=param.Undefined, *, allowed=param.Undefined, **params):
        self.allowed = allowed
        super().__init__(default=default, **params)

    def _validate(self, val):
        super()._validate(val)
        for name in val:
            if name not in self.allowed:
                raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(self.allowed)}")


class Experiment(param.Parameterized):
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

    # --- data ------------------------------------------------------------------------------------
    dataset = param.Selector(default=DEFAULT_DATASET, objects=list(DATASETS), doc=(
        "Which problem to learn: toy shapes on a plane, logic tables, or real quark vs gluon jets."))
    noise = param.Number(default=0.0, bounds=(0.0, 0.5), step=0.05, doc=(
        "How much the points are jittered or their labels blurred, making the classes overlap."))
    n_samples = param.Integer(default=500, bounds=(50, 5000), doc=(
        "How many points are generated in total (training plus test)."))
    train_fraction = param.Number(default=0.5, bounds=(0.1, 0.9), step=0.05, doc=(
        "Share of the points used for training; the rest test how well the network generalises."))
    data_seed = param.Integer(default=0, bounds=(0, 2**31 - 1), doc=(
        "Random seed of the data: the same seed always gives the same points."))
    jet_x = param.Selector(default="multiplicity", objects=list(JET_FEATURES), doc=(
        "Jet property along the plane's horizontal axis (quark/gluon data)."))
    jet_y = param.Selector(default="ptd", objects=list(JET_FEATURES), doc=(
        "Jet property along the plane's vertical axis (quark/gluon data)."))
    jet_extra = param.ListSelector(default=[], objects=list(JET_FEATURES), doc=(
        "More jet properties fed to the network as extra inputs (not drawn on the plane)."))

    # --- inputs ----------------------------------------------------------------------------------
    features = param.ListSelector(default=list(DEFAULT_FEATURES), objects=list(FEATURES), doc=(
        "Inputs computed from the two plane coordinates (x1, x2, their squares, product, sines, cosines)."))
    standardize = param.Boolean(default=True, doc=(
        "Shift and scale every input to mean 0 and spread 1, so no input dominates just by its units."))

    # --- network ---------------------------------------------------------------------------------
    hidden_layers = LayerSizes(default=[4, 2], bounds=(0, MAX_LAYERS), item_type=(int, np.integer), doc=(
        "Neurons in each hidden layer: more layers and neurons can draw more complicated boundaries."))
    activation = param.Selector(default="tanh", objects=list(HIDDEN_ACTIVATIONS), doc=(
        "The non-linearity every hidden neuron applies to its weighted input (setting it sets all layers)."))
    activations = ActivationList(default=["tanh", "tanh"], bounds=(0, MAX_LAYERS), item_type=str, doc=(
        "The activation of each hidden layer, first to last."))
    loss = param.Selector(default="auto", objects=["auto", "bce", "se", "ae", "ce"], doc=(
        "What training minimises: how far the network's answers are from the true labels or values."))
    init = param.Selector(default="glorot_uniform", objects=list(INITIALISERS), doc=(
        "How the starting weights are drawn; all zeros shows why random starting points matter."))
    seed = param.Integer(default=1, bounds=(0, 2**31 - 1), doc=(
        "Random seed of the starting weights, shuffling and dropout: reset draws a new one."))

    # --- training --------------------------------------------------------------------------------
    learning_rate = param.Number(default=0.03, bounds=(1e-5, 10.0), doc=(
        "How big a step the weights take down the loss gradient each update: too big diverges, too "
        "small crawls."))
    optimizer = param.Selector(default="sgd", objects=list(OPTIMIZERS), doc=(
        "The update rule: plain gradient descent, or variants that add momentum or adapt the step per weight."))
    momentum = param.Number(default=0.9, bounds=(0.0, 0.99), step=0.01, doc=(
        "How much of the previous step momentum and Nesterov keep, smoothing the path downhill."))
    regularization = param.Selector(default="none", objects=["none", "l1", "l2"], doc=(
        "Penalty on large weights: L1 pushes weights to exactly zero, L2 keeps them all small."))
    reg_rate = param.Number(default=0.0, bounds=(0.0, 10.0), doc=(
        "Strength of the weight penalty relative to the data loss."))
    dropout = param.Number(default=0.0, bounds=(0.0, 0.9), step=0.05, doc=(
        "Share of hidden neurons switched off at random in each training step, against over-fitting."))
    batch_size = param.Integer(default=10, bounds=(1, 100), doc=(
        "How many training points are averaged for each weight update."))
    schedule = param.Selector(default="constant", objects=list(SCHEDULES), doc=(
        "How the learning rate changes over the epochs: constant, in steps, exponentially or along a cosine."))
    lr_decay = param.Number(default=0.5, bounds=(0.01, 1.0), doc=(
        "Factor the step and exponential schedules multiply the learning rate by."))
    lr_step = param.Integer(default=100, bounds=(1, 100000), doc=(
        "Epochs between learning-rate drops (step schedule) or length of the cosine schedule."))
    early_stopping = param.Boolean(default=False, doc=(
        "Stop when the test loss has not improved for 'patience' epochs and go back to the best weights."))
    patience = param.Integer(default=100, bounds=(1, 100000), doc=(
        "Epochs without a better test loss before early stopping ends the run."))
    epochs_per_frame = param.Integer(default=1, bounds=(1, 100), doc=(
        "Training speed: how many epochs run between two pictures."))

    # --- display (read by the views; mirrored in the URL) ----------------------------------------
    show_test_data = param.Boolean(default=False, doc="Also draw the test points (outlined) on the plane.")
    discretize = param.Boolean(default=False, doc=(
        "Colour the plane by the predicted class only, hiding how confident the network is."))
    log_y = param.Boolean(default=False, doc="Draw the loss curve on a logarithmic axis.")
    colorblind = param.Boolean(default=False, doc="Use a palette that colour-blind visitors can tell apart.")
    predict_dropout = param.Boolean(default=False, doc=(
        "Keep dropout switching hidden neurons off while the network predicts, not only while it trains: "
        "every picture then comes from a different random part of the network."))

    def __init__(self, **params):
        self._lock = threading.RLock()
        self._mc_rng = np.random.default_rng(1)  # dropout masks for predict_dropout (display only)
        self._adjusted: set[str] = set()
        self._announcing = False
        self._old: dict = {}
        self._run = 0
        self._layout = 0
        self.data: Dataset | None = None
        self.pipeline: InputPipeline | None = None
        self.spec: NetworkSpec | None = None
        self.trainer: Trainer | None = None
        self.notices: list[str] = []
        custom = params.pop("data", None)
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
        if getattr(self, name) != value:
            with param.discard_events(self):
                setattr(self, name, value)
            self._adjusted.add(name)

    def _announce(self) -> None:
        if not self._adjusted:
            return
        names = sorted(self._adjusted)
        self._adjusted.clear()
        self._announcing = True
        try:
            self.param.trigger(*names)
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
        if "activation" in names and "activations" not in names:
            self._adjust("activations", [self.activation] * len(self.hidden_layers))
            names.add("activations")
        if "hidden_layers" in names:
            self._fit_activations()
        if names & set(DATA_PARAMS):
            new_dataset = "dataset" in names
            if new_dataset and "loss" not in names:
                self._adjust("loss", "auto")
            if not self._make_data(reset_standardize=new_dataset and "standardize" not in names):
                # the data stayed as they were: so do the settings that describe them
                for name in names & set(DATA_PARAMS):
                    self._adjust(name, self._old[name])
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
        """Keep one activation per hidden layer: new layers take the 'same for all' choice."""
        n = len(self.hidden_layers)
        acts = list(self.activations[:n]) + [self.activation] * max(0, n - len(self.activations))
        if acts != self.activations:
            self._adjust("activations", acts)

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
        if reset_standardize:
            self._adjust("standardize", standardize_by_default(data))

    def use_data(self, data: Dataset) -> None:
        """Train on a given dataset (an upload, drawn points); the data settings no longer describe it."""
        with self._lock:
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
                                tuple(self.pipeline.input_names))
        self._y_train = encode_targets(self.spec, self.data.y_train)
        self._y_test = encode_targets(self.spec, self.data.y_test)
        self.trainer = Trainer(self.spec, self._train_config(), init=self.init, seed=self.seed)
        self._layout += 1
        self._start_run()

    def _reset_weights(self):
        self.trainer.reset(seed=self.seed)
        self._start_run()

    def _start_run(self):
        self._run += 1
        self.status = "ok"
        self.message = ""
        self._hist = np.zeros((3, 256))
        self._n_hist = 0
        self._best = (math.inf, 0, None)  # test loss, epoch, trainer state
        self._record()

    def _train_config(self) -> TrainConfig:
        return TrainConfig(
            optimizer=self.optimizer, lr=float(self.learning_rate), batch_size=int(self.batch_size),
            l1=float(self.reg_rate) if self.regularization == "l1" else 0.0,
            l2=float(self.reg_rate) if self.regularization == "l2" else 0.0,
            dropout=float(self.dropout), momentum=float(self.momentum), schedule=self.schedule,
            gamma=float(self.lr_decay), step=int(self.lr_step), period=int(self.lr_step))

    # --- actions -------------------------------------------------------------------------------
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
            self.status = "ok"
            self.message = ""

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

    def set_weight(self, layer: int, i: int, j: int, value: float) -> None:
        """Type a weight: weight layer ``layer`` from unit i (of the layer before) to unit j."""
        value = self._check_value(value)
        with self._lock:
            W, _ = self.trainer.layers()[layer]
            W[i, j] = value
            self._record()  # the losses and accuracies the page shows follow the typed weight

    def set_bias(self, layer: int, j: int, value: float) -> None:
        """Type the bias of unit j in weight layer ``layer`` (0 = first hidden layer)."""
        value = self._check_value(value)
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
        """Append (epoch, train loss, test loss) to the loss history, and keep both accuracies from
        the same forward passes (one pass per dataset per frame: on a 10,000-row upload each pass
        is several milliseconds of the frame)."""
        train_loss, out, _ = self.trainer.evaluate(self._x_train, self._y_train)
        self._accuracies = [self._accuracy_of(out, self.data.y_train), None]
        test_loss = float("nan")
        if self.data.n_test:
            test_loss, out, _ = self.trainer.evaluate(self._x_test, self._y_test)
            self._accuracies[1] = self._accuracy_of(out, self.data.y_test)
        if self._n_hist and self._hist[0, self._n_hist - 1] == self.trainer.epoch:
            self._n_hist -= 1  # no epoch done (paused by divergence): replace, don't repeat
        if self._n_hist == self._hist.shape[1]:
            if self._n_hist >= MAX_HISTORY:
                keep = self._hist[:, 1::2]
                self._n_hist = keep.shape[1]
                self._hist = np.concatenate([keep, np.zeros_like(keep)], axis=1)
            else:
                self._hist = np.concatenate([self._hist, np.zeros_like(self._hist)], axis=1)
        self._hist[:, self._n_hist] = (self.trainer.epoch, train_loss, test_loss)
        self._n_hist += 1
        self._losses = (train_loss, test_loss)

    def _check_early_stop(self):
        test_loss = self._losses[1]
        best_loss, best_epoch, _ = self._best
        if math.isfinite(test_loss) and test_loss < best_loss:
            self._best = (test_loss, self.trainer.epoch, self.trainer.state() if self.early_stopping else None)
            return
        if self.early_stopping and self.status == "ok" and self.trainer.epoch - best_epoch >= self.patience:
            if self._best[2] is not None:
                self.trainer.restore(self._best[2])
                self._record()
            self.status = "stopped"
            self.message = (f"Early stopping: the test loss has not improved for {self.patience} epochs; "
                            f"back to the best weights (epoch {best_epoch}).")

    # --- reading -------------------------------------------------------------------------------
    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    def history(self) -> History:
        h = self._hist[:, :self._n_hist].copy()
        return History(h[0], h[1], h[2])

    def input_pictures(self) -> np.ndarray:
        """Each network input over the plane (n_inputs, g, g) at thumbnail resolution: what the first
        column of the network diagram shows (x1 is a ramp, x1² a valley, ...)."""
        with self._lock:
            return self._thumb_grid.T.reshape(-1, THUMB_RES, THUMB_RES).astype(np.float32)

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

    def _accuracy(self, X, y, masks=None) -> float | None:
        if self.problem == "regression" or X.shape[0] == 0:
            return None
        return self._accuracy_of(self._outputs(X, masks)[0], y)

    def _accuracy_of(self, out, y) -> float | None:
        """Share of rows whose network outputs ``out`` give the true class ``y`` (None: regression)."""
        if self.problem == "regression" or out.shape[0] == 0:
            return None
        pred = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > decision_threshold(self.spec))
        return float(np.mean(pred == y))

    def scores(self, which: str = "test") -> np.ndarray:
        """Per-sample score of class 1 (binary data): the sigmoid probability or the tanh output."""
        with self._lock:
            X = self._x_test if which == "test" else self._x_train
            out = self._outputs(X, self._drop_masks())[0]
            return out[:, -1] if out.shape[1] > 1 else out[:, 0]

    def snapshot(self, *, metrics: bool = False) -> Snapshot:
        with self._lock:
            tr = self.trainer
            masks = self._drop_masks()  # one thinned network for the whole frame (predict_dropout)
            out, _ = self._outputs(self._grid, masks)
            confidence = None
            if self.problem == "multiclass" and out.shape[1] > 1:
                grid = out.argmax(axis=1).astype(np.float32)
                confidence = out.max(axis=1).astype(np.float32).reshape(BOUNDARY_RES, BOUNDARY_RES)
            elif self.problem == "binary":
                col = out[:, -1]
                grid = (2.0 * col - 1.0) if self.spec.output in ("sigmoid", "softmax") else col
            else:
                grid = out[:, 0]
            grid = np.nan_to_num(np.asarray(grid, np.float32), nan=0.0, posinf=1e6, neginf=-1e6)
            _, neurons = self._outputs(self._thumb_grid, masks, neurons=True)
            neurons = np.nan_to_num(neurons.astype(np.float32), nan=0.0, posinf=1e6, neginf=-1e6)
            weights = tuple((W.copy(), b.copy()) for W, b in tr.layers())
            snap = Snapshot(
                epoch=tr.epoch, train_loss=float(self._losses[0]), test_loss=float(self._losses[1]),
                # the accuracies of the last recorded passes, unless a thinned network draws this frame
                train_accuracy=self._accuracies[0] if masks is None else self._accuracy(
                    self._x_train, self.data.y_train, masks),
                test_accuracy=self._accuracies[1] if masks is None else self._accuracy(
                    self._x_test, self.data.y_test, masks),
                status=self.status, message=self.message, run=self._run, layout=self._layout,
                problem=self.problem, grid=grid.reshape(BOUNDARY_RES, BOUNDARY_RES), grid_confidence=confidence,
                extent=self.data.extent, neurons=neurons.reshape(-1, THUMB_RES, THUMB_RES),
                layer_sizes=tuple(int(s) for s in self.spec.sizes), weights=weights, history=self.history(),
                metrics=self.classifier_metrics() if metrics else None)
            return snap

    def classifier_metrics(self) -> dict | None:
        """How well the network separates the two classes of binary data, on the test set: ROC curve,
        AUC, R50 (class-0 rejection at 50 % class-1 efficiency), per-class output histograms, and the
        best single-feature cut (chosen on the training set) for comparison. None for other data."""
        if self.problem != "binary" or self.data.n_test < 2:
            return None
        from .engine import metrics as m

        with self._lock:
            y = self.data.y_test
            if y.min() == y.max():
                return None
            scores = self.scores("test")
            if not np.all(np.isfinite(scores)):
                return None
            sig, bkg, _ = m.roc_curve(scores, y)
            lo, hi = (0.0, 1.0) if self.spec.output == "sigmoid" else (-1.0, 1.0)
            edges, counts = m.output_histograms(np.clip(scores, lo, hi), y, bins=20, range=(lo, hi), density=True)
            report = {"sig_eff": sig, "bkg_eff": bkg, "auc": m.auc(scores, y), "r50": m.r50(scores, y),
                      "hist_edges": edges, "hist_counts": counts, "class_names": self.data.class_names,
                      "cut": None}
            if self.data.n_train >= 2 and self.data.y_train.min() != self.data.y_train.max():
                cut = self._best_cut()
                cut_scores = cut.score(self.data.x_test)
                c_sig, c_bkg, _ = m.roc_curve(cut_scores, y)
                report["cut"] = {"name": cut.name, "threshold": cut.threshold, "direction": cut.direction,
                                 "accuracy": float(np.mean(cut.predict(self.data.x_test) == y)),
                                 "auc": m.auc(cut_scores, y), "r50": m.r50(cut_scores, y),
                                 "sig_eff": c_sig, "bkg_eff": c_bkg}
            return report

    def _best_cut(self):
        """The best one-feature cut on the training data (cached per dataset: it never changes)."""
        from .engine import metrics as m

        if getattr(self, "_cut_for", None) is not self.data:
            self._cut = m.best_cut(self.data.x_train, self.data.y_train, self.data.feature_names)
            self._cut_for = self.data
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

    RUN_FORMAT = "nn-playground-run"
    RUN_VERSION = 1
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
                        bar.set_postfix_str(f"train loss {self._losses[0]:.4f}, test loss {self._losses[1]:.4f}",
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
                self.status = "diverged"
                self.message = (f"Training blew up at epoch {self.trainer.epoch + 1}: the loss became "
                                f"infinite. Learning rate too high? The last good weights are kept.")
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
                "train_loss": finite(self._losses[0]), "test_loss": finite(self._losses[1]),
                "train_accuracy": self._accuracy(self._x_train, d.y_train),
                "test_accuracy": self._accuracy(self._x_test, d.y_test),
                "auc": finite(auc), "r50": None if r50 is None else float(r50),
                "n_train": d.n_train, "n_test": d.n_test, "inputs": list(self.spec.input_names),
                "layers": [int(s) for s in self.spec.sizes], "n_parameters": int(self.spec.n_params),
            }

    def _model_dict(self) -> dict:
        from .engine import model_json
        from .ui.url_state import encode

        st = self.pipeline.standardizer
        meta = {"made_by": "nn-playground", "dataset": self.data_name, "problem": self.problem,
                "epoch": self.epoch, "raw_inputs": list(self.pipeline.raw_names),
                "features": None if self.pipeline.features is None else list(self.pipeline.features),
                "settings": encode(self)}
        return model_json.to_dict(self.spec, self.trainer.params, mean=None if st is None else st.mean,
                                  std=None if st is None else st.std, classes=self.data.class_names, metadata=meta)

    def export_model(self) -> str:
        """The trained network as JSON text in the engine's model format
        (:mod:`playground.engine.model_json`): inputs, standardisation, weights, activations, class
        names. Its metadata records the settings, the epoch, and how data columns become the inputs
        (``raw_inputs``, then the ``features`` transforms, or none), which ``playground predict`` uses."""
        import json

        with self._lock:
            return json.dumps(self._model_dict(), indent=1, allow_nan=False)

    def load_weights(self, model) -> None:
        """Continue from saved weights: a :class:`~playground.engine.model_json.Model`, its JSON text
        or dict (as written by :meth:`export_model` or ``playground train --export``).

        The network these settings build must have the same inputs (names, in order), layer sizes,
        activations and output; otherwise ValueError says what differs. The optimizer state and the
        epoch count start afresh.
        """
        from .engine import model_json

        if isinstance(model, str):
            model = model_json.loads(model)
        elif isinstance(model, dict):
            model = model_json.from_dict(model)
        with self._lock:
            mine, theirs = self.spec, model.spec
            problems = []
            if theirs.input_names != mine.input_names:
                problems.append(f"its inputs are {', '.join(theirs.input_names)}, these settings give "
                                f"{', '.join(mine.input_names)}")
            if list(theirs.sizes) != list(mine.sizes):
                problems.append(f"its layers are {'-'.join(map(str, theirs.sizes))}, these settings make "
                                f"{'-'.join(map(str, mine.sizes))}")
            elif theirs.activations != mine.activations:
                problems.append(f"its activations are {', '.join(theirs.activations)}, these settings use "
                                f"{', '.join(mine.activations)}")
            if (theirs.output, theirs.loss) != (mine.output, mine.loss):
                problems.append(f"its output is {theirs.output} with {theirs.loss} loss, these settings use "
                                f"{mine.output} with {mine.loss}")
            if problems:
                raise ValueError("the saved model does not fit these settings: " + "; ".join(problems))
            self._set_state(model.params)

    def _set_state(self, params, optimizer: dict | None = None) -> None:
        """New weights (and optionally optimizer state and counters); starts a new run."""
        self.trainer.reset(params=params)
        if optimizer is not None:
            if not isinstance(optimizer, dict):
                raise ValueError("the optimizer state must be a table of s1, s2 and counters")
            t = self.trainer
            stored = dict(optimizer)
            if isinstance(stored.get("counters"), list) and len(stored["counters"]) == 3:
                stored["counters"] = stored["counters"] + [0]  # runs saved before partial epochs existed
            stored.setdefault("epoch_total", [0.0])
            checked = {}
            for name in ("s1", "s2", "counters", "epoch_total"):  # check everything, then write
                target = getattr(t, name)
                try:
                    value = np.asarray(stored.get(name), dtype=float)
                except (TypeError, ValueError, OverflowError):
                    value = None
                if value is None or value.shape != target.shape or not np.all(np.isfinite(value)):
                    raise ValueError(f"optimizer state '{name}' must hold {target.size} finite numbers")
                if name == "counters" and (np.any(value < 0) or np.any(value != np.round(value))
                                           or value[3] >= max(1, self.data.n_train)):
                    raise ValueError("optimizer state 'counters' must be 4 whole numbers >= 0, the last "
                                     "below the number of training points")
                checked[name] = value.astype(target.dtype)
            for name, value in checked.items():
                getattr(t, name)[:] = value
        self._start_run()

    def to_json(self) -> str:
        """The whole run as JSON text: every setting (as a link carries it), the trained network in
        the engine's model format, and the optimizer state and counters, so :meth:`from_json` gives
        an Experiment that predicts the same and trains on exactly as this one would. The loss
        history is not kept. Data from an upload or drawn points is not stored either: pass it again
        to :meth:`from_json`."""
        import json

        from .ui.url_state import encode

        with self._lock:
            t = self.trainer
            doc = {"format": self.RUN_FORMAT, "version": self.RUN_VERSION, "settings": encode(self),
                   "model": self._model_dict(),
                   "optimizer": {"s1": t.s1.tolist(), "s2": t.s2.tolist(), "counters": t.counters.tolist(),
                                 "epoch_total": t.epoch_total.tolist()},
                   "status": self.status, "message": self.message}
            if self.custom_data:
                doc["data"] = {k: v for k, v in self.data.provenance.items() if isinstance(v, (str, int, float))}
            return json.dumps(doc, indent=1, allow_nan=False)

    @classmethod
    def from_json(cls, text: str, *, data: Dataset | None = None) -> "Experiment":
        """An Experiment restored from :meth:`to_json` text; ``data`` is required (and only used)
        when the run was trained on an upload or drawn points. Settings are checked like a link;
        any problem raises ValueError."""
        import json

        from .engine import model_json
        from .settings_file import check_settings

        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a saved NN Playground run: {exc}") from None
        except RecursionError:
            raise ValueError("not a saved NN Playground run: nested too deeply") from None
        if not isinstance(doc, dict) or doc.get("format") != cls.RUN_FORMAT:
            raise ValueError(f"not a saved NN Playground run: 'format' must be {cls.RUN_FORMAT!r}")
        if doc.get("version") != cls.RUN_VERSION:
            raise ValueError(f"unsupported run version {doc.get('version')!r}; this build reads {cls.RUN_VERSION}")
        settings = doc.get("settings")
        if not isinstance(settings, dict):
            raise ValueError("a saved run needs a 'settings' table")
        values = check_settings({str(k): str(v) for k, v in settings.items()}, "saved run")
        custom = doc.get("data")
        if custom is not None and not isinstance(custom, dict):
            raise ValueError("a saved run's 'data' must be a table")
        if custom and data is None:
            raise ValueError(f"this run was trained on {custom.get('source', 'custom')} data "
                             f"({custom.get('name', 'not stored')}); pass the same data: from_json(text, data=...)")
        exp = cls(data=data, **values) if custom else cls(**values)
        if not custom and exp.dataset != values.get("dataset", exp.dataset):
            raise ValueError(" ".join(exp.take_notices()) or f"the {values['dataset']} data could not be made")
        model = model_json.from_dict(doc.get("model"))
        exp.load_weights(model)
        with exp._lock:
            exp._set_state(model.params, doc.get("optimizer"))
            if doc.get("status") in ("ok", "diverged", "stopped"):
                exp.status, exp.message = doc["status"], str(doc.get("message", ""))
        return exp
