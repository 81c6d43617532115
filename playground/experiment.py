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
* display settings change nothing here; views read them.

All public methods take one lock, so a worker thread may call :meth:`step` while the page's thread
changes settings.
"""
from __future__ import annotations

import math
import threading

import numpy as np
import param

from .data.dataset import Dataset
from .data.features import DEFAULT_FEATURES, FEATURES, InputPipeline, standardize_by_default
from .data.registry import DATASETS, make_dataset
from .physics.settings import FEATURES as JET_FEATURES
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
    """Neurons per hidden layer: a list of 0..8 whole numbers, each 1..16."""

    def _validate(self, val):
        super()._validate(val)
        for n in val:
            if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_NEURONS:
                raise ValueError(f"each hidden layer needs 1 to {MAX_NEURONS} neurons, got {n!r}")


class ActivationList(param.List):
    """One hidden activation name per hidden layer."""

    def _validate(self, val):
        super()._validate(val)
        for name in val:
            if name not in HIDDEN_ACTIVATIONS:
                raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(HIDDEN_ACTIVATIONS)}")


class Experiment(param.Parameterized):
    """A dataset, a network and its training, as one set of user-facing settings.

    ``step(k)`` trains k epochs and returns a :class:`~playground.snapshot.Snapshot`. Settings may be
    changed at any time; see the module docstring for what each kind of change resets.
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

    def __init__(self, **params):
        self._lock = threading.RLock()
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
        if len(self.hidden_layers) < MAX_LAYERS:
            self.hidden_layers = self.hidden_layers + [self.hidden_layers[-1] if self.hidden_layers else 4]

    def remove_layer(self) -> None:
        if self.hidden_layers:
            self.hidden_layers = self.hidden_layers[:-1]

    def change_neurons(self, layer: int, delta: int) -> None:
        """Add (delta=+1) or remove (-1) neurons of hidden layer ``layer``, within 1..16."""
        sizes = list(self.hidden_layers)
        if 0 <= layer < len(sizes):
            sizes[layer] = min(MAX_NEURONS, max(1, sizes[layer] + int(delta)))
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

    def set_bias(self, layer: int, j: int, value: float) -> None:
        """Type the bias of unit j in weight layer ``layer`` (0 = first hidden layer)."""
        value = self._check_value(value)
        with self._lock:
            _, b = self.trainer.layers()[layer]
            b[j] = value

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
    def step(self, epochs: int | None = None, *, metrics: bool = False) -> Snapshot:
        """Train ``epochs`` epochs (default: ``epochs_per_frame``) and return the new snapshot.

        A diverged or early-stopped run does not train until it is reset, recovered or its settings
        change; the snapshot says why in ``status`` and ``message``.
        """
        with self._lock:
            k = self.epochs_per_frame if epochs is None else int(epochs)
            if self.status == "ok" and k > 0:
                result = self.trainer.train(self._x_train, self._y_train, k)
                if not result.ok:
                    self.status = "diverged"
                    self.message = (f"Training blew up at epoch {self.trainer.epoch + 1}: the loss became "
                                    f"infinite. Learning rate too high? The last good weights are kept.")
                self._record()
                self._check_early_stop()
            return self.snapshot(metrics=metrics)

    def _record(self):
        """Append (epoch, train loss, test loss) to the loss history."""
        train_loss = self.trainer.evaluate(self._x_train, self._y_train)[0]
        test_loss = self.trainer.evaluate(self._x_test, self._y_test)[0] if self.data.n_test else float("nan")
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
        """Network outputs for raw data rows (dataset columns), e.g. the test points."""
        with self._lock:
            return self.trainer.predict(self.pipeline.transform(X))

    def _accuracy(self, X, y) -> float | None:
        if self.problem == "regression" or X.shape[0] == 0:
            return None
        out = self.trainer.predict(X)
        pred = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > decision_threshold(self.spec))
        return float(np.mean(pred == y))

    def scores(self, which: str = "test") -> np.ndarray:
        """Per-sample score of class 1 (binary data): the sigmoid probability or the tanh output."""
        with self._lock:
            X = self._x_test if which == "test" else self._x_train
            out = self.trainer.predict(X)
            return out[:, -1] if out.shape[1] > 1 else out[:, 0]

    def snapshot(self, *, metrics: bool = False) -> Snapshot:
        with self._lock:
            tr = self.trainer
            _, out, _ = tr.evaluate(self._grid)
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
            _, _, neurons = tr.evaluate(self._thumb_grid, neurons=True)
            neurons = np.nan_to_num(neurons.astype(np.float32), nan=0.0, posinf=1e6, neginf=-1e6)
            weights = tuple((W.copy(), b.copy()) for W, b in tr.layers())
            snap = Snapshot(
                epoch=tr.epoch, train_loss=float(self._losses[0]), test_loss=float(self._losses[1]),
                train_accuracy=self._accuracy(self._x_train, self.data.y_train),
                test_accuracy=self._accuracy(self._x_test, self.data.y_test),
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
