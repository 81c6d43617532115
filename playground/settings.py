"""Every user-facing setting, declared once: what it is, its range, its words, where it belongs.

This is the one place to look for "where is setting X defined?" (and :mod:`playground.experiment`
for "where does it reach the engine?"). Each setting is a ``param`` parameter of :class:`Settings`
with its bounds or choices, its ``doc`` (the tooltip and the CLI help), its ``label`` (what a
control and a lesson's feedback call it) and ``metadata``:

``group``
    ``data``, ``inputs``, ``network``, ``training`` or ``display``: where a control sits, and how much a
    change rebuilds (:mod:`playground.experiment`: new data, new inputs, a new network, or the next
    training step).
``level``
    what a change rebuilds, when it is not the group's own level (``seed`` draws new weights only;
    early stopping and speed are read at each step).
``link``
    ``"write"``: carried by every shared link, settings file, run file and CLI flag (the default);
    ``"read"``: accepted from them but never written (``activation``: one name for every layer).
``lesson_keeps``
    a lesson step leaves it as the visitor set it (display and speed choices); everything else
    goes back to its default when a step opens.
``lockable``
    a teacher's link may lock or hide its control (every setting that has one; ``seed`` has none:
    the Reset button draws the next one).

Every other list of setting names (the URL, the CLI flags, presets, lessons, lock/hide, booth limits,
the rebuild levels) is a query on this table (:func:`names`), and every reader of setting text uses
one codec: :func:`to_text` and :func:`from_text` (which raises :class:`SettingError` naming the
setting, the value and the reason in plain words), and :func:`apply_settings`, which applies a batch
and returns plain notices for anything refused.
"""
from __future__ import annotations

import copy
import math
import re
import numpy as np
import param

from .data.features import DEFAULT_FEATURES, FEATURES
from .data.registry import DATASETS
from .engine import HIDDEN_ACTIVATIONS, INITIALISERS, OPTIMIZERS, SCHEDULES
from .engine.spec import MAXOUT_PIECES
from .physics.settings import FEATURES as JET_FEATURES

MAX_LAYERS = 8
MAX_NEURONS = 16
DEFAULT_DATASET = "quark_gluon" if "quark_gluon" in DATASETS else next(iter(DATASETS))
GROUPS = ("data", "inputs", "network", "training", "display")
#: What a change rebuilds, cheapest last (see :mod:`playground.experiment`).
LEVELS = ("data", "inputs", "network", "weights", "trainer", "run", "view")
_GROUP_LEVEL = {"data": "data", "inputs": "inputs", "network": "network", "training": "trainer", "display": "view"}

#: Words for the choices a control offers (the values stay the short ids links and files use).
LOSS_LABELS = {"auto": "automatic", "bce": "cross-entropy", "se": "squared error", "ae": "absolute error",
               "ce": "softmax cross-entropy"}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "Adagrad",
                    "rmsprop": "RMSprop", "adam": "Adam"}
ACTIVATION_LABELS = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "elu": "ELU", "tanh": "Tanh", "sigmoid": "Sigmoid",
                     "linear": "Linear", "softplus": "Softplus", "swish": "Swish", "maxout": "Maxout"}
INIT_LABELS = {"zeros": "Zeros", "tfp_uniform": "Uniform ±0.5 (TF Playground)", "glorot_uniform": "Glorot uniform",
               "glorot_normal": "Glorot normal", "he_uniform": "He uniform", "he_normal": "He normal"}
SCHEDULE_LABELS = {"constant": "Constant", "step": "Step decay", "exponential": "Exponential", "cosine": "Cosine"}
REG_LABELS = {"none": "None", "l1": "L1", "l2": "L2"}
DATASET_LABELS = {name: info.label for name, info in DATASETS.items()}
#: Short names of the jet features for narrow menus (the plane's axis labels say more).
JET_LABELS = {"multiplicity": "Multiplicity", "charged_multiplicity": "Charged", "ptd": "pTD", "width": "Width",
              "lha": "LHA", "mass": "Mass", "pt": "pT", "y": "Rapidity"}


def _meta(group: str, *, level: str | None = None, link: str = "write", lesson_keeps: bool = False,
          lockable: bool = True) -> dict:
    assert group in GROUPS and (level is None or level in LEVELS) and link in ("write", "read")
    return {"group": group, "level": level or _GROUP_LEVEL[group], "link": link, "lesson_keeps": lesson_keeps,
            "lockable": lockable}


def _choices(labels: dict, ids) -> dict:
    """Selector objects as {label: id}: a control shows the label, links and files carry the id."""
    return {labels.get(i, i): i for i in ids}


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


class LayerFlags(param.List):
    """An on/off switch per hidden layer, written 1 or 0 (``batch_norm=1,0``: the first layer only)."""

    def _validate(self, val):
        super()._validate(val)
        for flag in val:
            if isinstance(flag, bool) or flag not in (0, 1):
                raise ValueError(f"each layer's switch is 1 (on) or 0 (off), got {flag!r}")


class Settings(param.Parameterized):
    """The settings table. :class:`playground.experiment.Experiment` is a Settings that acts on
    them; the CLI, links and files check text against this class (or a session's narrowed copy)."""

    # --- data ------------------------------------------------------------------------------------
    dataset = param.Selector(default=DEFAULT_DATASET, objects=_choices(DATASET_LABELS, DATASETS), label="Data", doc=(
        "Which problem to learn: toy shapes on a plane, logic tables, or real quark vs gluon jets."),
        metadata=_meta("data"))
    noise = param.Number(default=0.0, bounds=(0.0, 0.5), step=0.05, label="Noise", doc=(
        "How much the points are jittered or their labels blurred, making the classes overlap."),
        metadata=_meta("data"))
    n_samples = param.Integer(default=DATASETS[DEFAULT_DATASET].samples, bounds=(50, 5000), label="Number of points",
                              doc=("How many points are generated in total (training plus test)."),
                              metadata=_meta("data"))
    train_fraction = param.Number(default=0.5, bounds=(0.1, 0.9), step=0.05, label="Share of points for training",
                                  doc=("Share of the points used for training; the rest test how well the network "
                                       "generalises."), metadata=_meta("data"))
    data_seed = param.Integer(default=0, bounds=(0, 2**31 - 1), label="Data seed", doc=(
        "Random seed of the data: the same seed always gives the same points."), metadata=_meta("data"))
    jet_x = param.Selector(default="multiplicity", objects=_choices(JET_LABELS, JET_FEATURES), label="Jet feature →", doc=(
        "Jet property along the plane's horizontal axis (quark/gluon data)."), metadata=_meta("data"))
    jet_y = param.Selector(default="ptd", objects=_choices(JET_LABELS, JET_FEATURES), label="Jet feature ↑", doc=(
        "Jet property along the plane's vertical axis (quark/gluon data)."), metadata=_meta("data"))
    jet_extra = param.ListSelector(default=[], objects=_choices(JET_LABELS, JET_FEATURES), label="Extra network inputs", doc=(
        "More jet properties fed to the network as extra inputs (not drawn on the plane)."), metadata=_meta("data"))

    # --- inputs ----------------------------------------------------------------------------------
    features = param.ListSelector(default=list(DEFAULT_FEATURES), objects=list(FEATURES), label="Inputs", doc=(
        "Inputs computed from the two plane coordinates (x1, x2, their squares, product, sines, cosines)."),
        metadata=_meta("inputs"))
    standardize = param.Boolean(default=True, label="Standardise inputs", doc=(
        "Shift and scale every input to mean 0 and spread 1, so no input dominates just by its units."),
        metadata=_meta("inputs"))

    # --- network ---------------------------------------------------------------------------------
    hidden_layers = LayerSizes(default=[4, 2], bounds=(0, MAX_LAYERS), item_type=(int, np.integer),
                               label="Hidden layers", doc=(
                                   "Neurons in each hidden layer: more layers and neurons can draw more "
                                   "complicated boundaries."), metadata=_meta("network"))
    activation = param.Selector(default="tanh", objects=_choices(ACTIVATION_LABELS, HIDDEN_ACTIVATIONS),
                                label="Activation", doc=(
                                    "The non-linearity every hidden neuron applies to its weighted input (setting "
                                    "it sets all layers)."), metadata=_meta("network", link="read"))
    activations = ActivationList(default=["tanh", "tanh"], bounds=(0, MAX_LAYERS), item_type=str,
                                 label="Activation per layer", doc="The activation of each hidden layer, first to last.",
                                 metadata=_meta("network"))
    batch_norm = LayerFlags(default=[0, 0], bounds=(0, MAX_LAYERS), item_type=int, label="Batch norm per layer", doc=(
        "Re-centre and re-scale each neuron's weighted input over the batch before its activation (1 for a "
        "layer with it, 0 without): deep networks then learn faster and less fussily."), metadata=_meta("network"))
    maxout_pieces = param.Integer(default=2, bounds=MAXOUT_PIECES, label="Maxout pieces", doc=(
        "How many weighted sums a maxout neuron compares: it passes on the largest, so it can bend its "
        "output in that many straight pieces."), metadata=_meta("network"))
    loss = param.Selector(default="auto", objects=_choices(LOSS_LABELS, LOSS_LABELS), label="Loss", doc=(
        "What training minimises: how far the network's answers are from the true labels or values."),
        metadata=_meta("network"))
    init = param.Selector(default="glorot_uniform", objects=_choices(INIT_LABELS, INITIALISERS),
                          label="Initial weights", doc=(
                              "How the starting weights are drawn; all zeros shows why random starting points "
                              "matter."), metadata=_meta("network"))
    seed = param.Integer(default=1, bounds=(0, 2**31 - 1), label="Weight seed", doc=(
        "Random seed of the starting weights, shuffling and dropout: reset draws a new one."),
        metadata=_meta("network", level="weights", lockable=False))

    # --- training --------------------------------------------------------------------------------
    learning_rate = param.Number(default=0.03, bounds=(1e-5, 10.0), label="Learning rate", doc=(
        "How big a step the weights take down the loss gradient each update: too big diverges, too "
        "small crawls."), metadata=_meta("training"))
    optimizer = param.Selector(default="sgd", objects=_choices(OPTIMIZER_LABELS, OPTIMIZERS), label="Optimizer", doc=(
        "The update rule: plain gradient descent, or variants that add momentum or adapt the step per weight."),
        metadata=_meta("training"))
    momentum = param.Number(default=0.9, bounds=(0.0, 0.99), step=0.01, label="Momentum", doc=(
        "How much of the previous step momentum and Nesterov keep, smoothing the path downhill."),
        metadata=_meta("training"))
    regularization = param.Selector(default="none", objects=_choices(REG_LABELS, REG_LABELS), label="Regularisation",
                                    doc=("Penalty on large weights: L1 pushes weights to exactly zero, L2 keeps them "
                                         "all small."), metadata=_meta("training"))
    reg_rate = param.Number(default=0.0, bounds=(0.0, 10.0), label="Regularisation rate", doc=(
        "Strength of the weight penalty relative to the data loss."), metadata=_meta("training"))
    dropout = param.Number(default=0.0, bounds=(0.0, 0.9), step=0.05, label="Dropout rate", doc=(
        "Share of hidden neurons switched off at random in each training step, against over-fitting."),
        metadata=_meta("training"))
    batch_size = param.Integer(default=10, bounds=(1, 100), label="Batch size", doc=(
        "How many training points are averaged for each weight update."), metadata=_meta("training"))
    schedule = param.Selector(default="constant", objects=_choices(SCHEDULE_LABELS, SCHEDULES), label="LR schedule",
                              doc=("How the learning rate changes over the epochs: constant, in steps, "
                                   "exponentially or along a cosine."), metadata=_meta("training"))
    lr_decay = param.Number(default=0.5, bounds=(0.01, 1.0), label="Decay factor", doc=(
        "Factor the step and exponential schedules multiply the learning rate by."), metadata=_meta("training"))
    lr_step = param.Integer(default=100, bounds=(1, 100000), label="Every (epochs)", doc=(
        "Epochs between learning-rate drops (step schedule) or length of the cosine schedule."),
        metadata=_meta("training"))
    early_stopping = param.Boolean(default=False, label="Early stopping", doc=(
        "Stop when the test loss has not improved for 'patience' epochs and go back to the best weights."),
        metadata=_meta("training", level="run"))
    patience = param.Integer(default=100, bounds=(1, 100000), label="Patience", doc=(
        "Epochs without a better test loss before early stopping ends the run."), metadata=_meta("training", level="run"))
    epochs_per_frame = param.Integer(default=1, bounds=(1, 100), label="Speed", doc=(
        "Training speed: how many epochs (passes over the training points) run between two pictures."),
        metadata=_meta("training", level="run", lesson_keeps=True))

    # --- display (read by the views) -------------------------------------------------------------
    show_test_data = param.Boolean(default=False, label="Show test data", doc=(
        "Also draw the test points (outlined) on the plane."), metadata=_meta("display", lesson_keeps=True))
    discretize = param.Boolean(default=False, label="Discretize output", doc=(
        "Colour the plane by the predicted class only, hiding how confident the network is."),
        metadata=_meta("display", lesson_keeps=True))
    log_y = param.Boolean(default=False, label="Log scale", doc="Draw the loss curve on a logarithmic axis.",
                          metadata=_meta("display", lesson_keeps=True))
    colorblind = param.Boolean(default=False, label="Colour-blind palette", doc=(
        "Use a palette that colour-blind visitors can tell apart."), metadata=_meta("display", lesson_keeps=True))
    predict_dropout = param.Boolean(default=False, label="Dropout while predicting", doc=(
        "Keep dropout switching hidden neurons off while the network predicts, not only while it trains: "
        "every picture then comes from a different random part of the network."), metadata=_meta("display"))


# --- queries -------------------------------------------------------------------------------------
#: Every setting, in declaration order (the order a batch is applied and a link is written).
ALL = tuple(n for n in Settings.param if n != "name")


def meta(name: str) -> dict:
    return Settings.param[name].metadata


def names(*, group: str | tuple[str, ...] | None = None, level: str | tuple[str, ...] | None = None,
          link: str | tuple[str, ...] | None = None, lesson_keeps: bool | None = None,
          lockable: bool | None = None) -> tuple[str, ...]:
    """Setting names matching every criterion given, in declaration order; e.g. ``names(link="write")``
    is what a link carries, ``names(group="data")`` what makes the data."""
    def ok(value, want):
        return want is None or value == want or (isinstance(want, tuple) and value in want)

    return tuple(n for n in ALL if ok(meta(n)["group"], group) and ok(meta(n)["level"], level)
                 and ok(meta(n)["link"], link) and ok(meta(n)["lesson_keeps"], lesson_keeps)
                 and ok(meta(n)["lockable"], lockable))


#: What a link, a settings file, a run file and the CLI write, in order.
LINK = names(link="write")
#: What they accept (``activation`` sets every layer at once).
READABLE = names(link=("write", "read"))


def label(name: str) -> str:
    """What a control and a lesson's feedback call the setting."""
    return Settings.param[name].label


def choices(target, name: str) -> dict:
    """{label: id} of a choice setting on ``target`` (a booth's narrowed menu on an instance)."""
    p = target.param[name]
    return dict(p.names) if p.names else {str(o): o for o in p.objects}


#: Settings that only matter for some values of another: (the other setting, the values it matters for,
#: or a test of its value).
#: A page shows such a control only when it has an effect (no momentum beside plain SGD).
DEPENDS_ON = {
    "momentum": ("optimizer", ("momentum", "nesterov")),
    "lr_decay": ("schedule", ("step", "exponential")),
    "lr_step": ("schedule", ("step", "cosine")),
    "patience": ("early_stopping", (True,)),
    "maxout_pieces": ("activations", lambda acts: "maxout" in acts),
}


def matters(target, name: str) -> bool:
    """Whether setting ``name`` has any effect with ``target``'s other settings (:data:`DEPENDS_ON`)."""
    if name not in DEPENDS_ON:
        return True
    other, values = DEPENDS_ON[name]
    value = getattr(target, other)
    return values(value) if callable(values) else value in values


def doc(name: str) -> str:
    """The setting's one-sentence explanation (tooltip, CLI help), on one line."""
    return " ".join((Settings.param[name].doc or "").split())


# --- one codec -----------------------------------------------------------------------------------
MAX_VALUE_LENGTH = 200
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
#: Numbers as people type them, in ASCII digits only (Python's int() and float() also take other
#: scripts' digits, "²" among them, and spellings such as "1_000" or "infinity").
INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


class SettingError(ValueError):
    """A setting value that cannot be used: ``name``, the ``value`` as given (text, cut to 40
    characters; None for an unknown name) and the ``reason`` in plain words. Each reader words it for
    its source (a link's notice, a file's one-line refusal, the CLI's error)."""

    def __init__(self, name: str, value: str | None, reason: str):
        self.name, self.value, self.reason = str(name)[:40], None if value is None else str(value)[:40], reason
        super().__init__(str(self))

    @property
    def unknown(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.unknown:
            return f"unknown setting '{self.name}'"
        return f"{self.name}={self.value!r}: {self.reason}"


def kind(p: param.Parameter) -> str:
    """How a setting's value is written: ``switch``, ``integer``, ``number``, ``choice``, ``choices``
    (several of a list), ``sizes`` (whole numbers), ``names`` (a list of names) or ``flags`` (1 or 0
    per layer). The one switch over
    parameter types: the codec, the CLI help, lesson measures and booth limits all ask it."""
    if isinstance(p, param.Boolean):
        return "switch"
    if isinstance(p, param.Integer):
        return "integer"
    if isinstance(p, param.Number):
        return "number"
    if isinstance(p, param.ListSelector):
        return "choices"
    if isinstance(p, param.Selector):
        return "choice"
    if isinstance(p, LayerSizes):
        return "sizes"
    if isinstance(p, ActivationList):
        return "names"
    if isinstance(p, LayerFlags):
        return "flags"
    raise TypeError(f"{p.name} is not a setting")


def to_text(p: param.Parameter, value) -> str:
    """A value as a link, a file or a flag writes it."""
    k = kind(p)
    if k == "switch":
        return "1" if value else "0"
    if k in ("choices", "sizes", "names", "flags"):
        return ",".join(str(int(v) if k == "flags" else v) for v in value)
    if k == "number":
        return repr(float(value))
    return str(value)


def encode(target) -> dict[str, str]:
    """Every written setting of ``target`` (a Settings instance) as text, in link order."""
    return {name: to_text(target.param[name], getattr(target, name)) for name in LINK}


def parse_decimal(text: str) -> float:
    """A decimal number from text: ASCII digits, a dot or a decimal comma ("0,1" as many European
    classrooms write it), an optional exponent; anything else raises ValueError in plain words."""
    if not DECIMAL.fullmatch(text):
        raise ValueError("expected a number such as 0.03, written with the digits 0-9")
    value = float(text.replace(",", "."))
    if not math.isfinite(value):
        raise ValueError("expected a number of ordinary size")
    return value


def from_text(target, name: str, text: str):
    """The typed value of setting ``name`` written as ``text``, checked against ``target``'s own
    ranges (a class, or an instance whose ranges a booth narrowed); raises :class:`SettingError`."""
    if name not in READABLE:
        raise SettingError(name, None, "unknown setting")
    text = str(text)
    try:
        if len(text) > MAX_VALUE_LENGTH:
            raise ValueError(f"longer than {MAX_VALUE_LENGTH} characters")
        p = target.param[name]
        value = _parse(p, text.strip())
        _check(p, value)
        p._validate(value)  # the parameter's own rules, in case they are stricter
    except (ValueError, TypeError, OverflowError) as exc:
        raise SettingError(name, text, _reason(exc)) from None
    return value


def from_texts(target, table: dict[str, str]) -> tuple[dict, list[SettingError]]:
    """(typed values, errors) for a table of setting texts: every valid value, and one error per
    other entry, in the table's order."""
    values, errors = {}, []
    for name, text in table.items():
        try:
            values[name] = from_text(target, name, text)
        except SettingError as exc:
            errors.append(exc)
    return values, errors


def _parse(p: param.Parameter, text: str):
    k = kind(p)
    if k == "switch":
        low = text.lower()
        if low in _TRUE | _FALSE:
            return low in _TRUE
        raise ValueError("expected 1 or 0")
    if k == "integer":
        if not INTEGER.fullmatch(text):
            raise ValueError("expected a whole number written with the digits 0-9")
        return int(text)
    if k == "number":
        return parse_decimal(text)
    if k == "choices":
        return [v for v in text.split(",") if v] if text else []
    if k == "sizes":
        items = [v.strip() for v in text.split(",")] if text else []
        if not all(INTEGER.fullmatch(v) for v in items):
            raise ValueError("expected whole numbers separated by commas, such as 4,2")
        return [int(v) for v in items]
    if k == "names":
        return [v.strip() for v in text.split(",")] if text else []
    if k == "flags":
        items = [v.strip() for v in text.split(",")] if text else []
        if not all(v in ("0", "1") for v in items):
            raise ValueError("expected 1 (on) or 0 (off) for each layer, separated by commas, such as 1,0")
        return [int(v) for v in items]
    return text


def _check(p: param.Parameter, value) -> None:
    """Plain-language range and choice checks (param's own messages are written for programmers)."""
    k = kind(p)
    if k in ("integer", "number") and p.bounds is not None:
        lo, hi = p.bounds
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"must be between {number_text(lo)} and {number_text(hi)}")
    elif k == "choices":
        for v in value:
            if v not in p.objects:
                raise ValueError(f"'{v[:40]}' is not one of the choices ({', '.join(map(str, p.objects))})")
    elif k == "choice":
        if value not in p.objects:
            raise ValueError(f"not one of the choices ({', '.join(map(str, p.objects))})")
    elif k in ("sizes", "names", "flags") and p.bounds is not None and len(value) > p.bounds[1]:
        raise ValueError(f"at most {p.bounds[1]} entries are allowed")


def number_text(value: float) -> str:
    """A bound as a person reads it: 0.00001 rather than 1e-05, 10 rather than 10.0."""
    text = f"{value:g}"
    if "e" in text and 1e-7 <= abs(value) < 1e7:
        text = f"{value:.7f}".rstrip("0").rstrip(".")
    return text


def check_value(target, name: str, value) -> None:
    """Raise :class:`SettingError` in plain words (the allowed range, the choices) unless ``target``
    takes ``value`` for setting ``name``: a control checks a value this way before setting it, so a
    refusal never reaches the person in param's words for programmers."""
    p = target.param[name]
    try:
        _check(p, value)
        p._validate(value)
    except (ValueError, TypeError) as exc:
        raise SettingError(name, shown(value), _reason(exc)) from None


def _reason(exc: Exception) -> str:
    return (str(exc).strip() or type(exc).__name__)[:160]


def allowed(target, name: str, value) -> bool:
    """Whether ``target``'s own (possibly narrowed) range takes ``value`` for ``name``."""
    try:
        target.param[name]._validate(value)
    except (ValueError, TypeError):
        return False
    return True


def shown(value) -> str:
    """A typed value as a sentence shows it ("4, 2" for a list)."""
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def suggested_samples(dataset: str) -> int:
    """How many points a new experiment on ``dataset`` starts with (its registry entry's size)."""
    info = DATASETS.get(dataset)
    return info.samples if info is not None else Settings.param.n_samples.default


def defaults(target, *, lesson_keeps: bool | None = None, dataset: str | None = None) -> dict:
    """The default of every written setting (optionally only those a lesson step resets) that
    ``target``'s own ranges allow (a booth's narrowed menu may exclude a default). The number of
    points is ``dataset``'s own starting size (default: the default dataset's)."""
    out = {}
    for name in names(link="write", lesson_keeps=lesson_keeps):
        value = copy.deepcopy(target.param[name].default)
        if name == "n_samples":
            value = suggested_samples(dataset or target.param.dataset.default)
        if allowed(target, name, value):
            out[name] = value
    return out


def apply_settings(target, values: dict, source: str = "the link", refused=None) -> list[str]:
    """Apply typed ``values`` to ``target`` in one batch (declaration order, so the layer count is
    set before the per-layer list checked against it) and return plain notices: for each value the
    target's ranges refuse (``refused(name, value)`` words it), if the batch fails as a whole, and
    every adjustment the target made (its ``take_notices()``). Never raises on a value."""
    notices, batch = [], {}
    for name in READABLE:
        if name not in values:
            continue
        value = values[name]
        if not allowed(target, name, value):
            notices.append(refused(name, value) if refused else
                           f"{label(name)} = {shown(value)} from {source} is outside this screen's range; left out.")
            continue
        batch[name] = value
    if batch:
        try:
            target.param.update(**batch)
        except Exception as exc:  # noqa: BLE001 - settings from outside must never break the page
            notices.append(f"Some settings from {source} could not be applied together: {_reason(exc)}.")
    notices.extend(target.take_notices())
    return notices
