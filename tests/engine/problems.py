"""Small random problems for every output head, shared by the engine tests."""
import numpy as np
from playground.engine import NetworkSpec

#: (output activation, loss, n_outputs): every valid head.
HEADS = [
    ("sigmoid", "bce", 1),
    ("tanh", "se", 1),
    ("linear", "se", 2),
    ("sigmoid", "se", 1),
    ("linear", "ae", 1),
    ("tanh", "ae", 1),
    ("softmax", "ce", 3),
]
HEAD_IDS = [f"{o}-{l}-{n}" for o, l, n in HEADS]


def make_problem(head, activation, n=23, n_inputs=3, hidden=(5, 4), seed=0):
    """A network spec and random (X, Y) whose targets suit the head."""
    out, loss, n_out = head
    rng = np.random.default_rng(seed)
    spec = NetworkSpec(n_inputs, hidden, activation, out, loss, n_out)
    X = rng.normal(size=(n, n_inputs))
    if loss == "ce":
        Y = np.eye(n_out)[rng.integers(0, n_out, n)]
    elif loss == "bce":
        Y = rng.integers(0, 2, (n, n_out)).astype(float)
    elif out == "tanh":
        Y = rng.uniform(-0.9, 0.9, (n, n_out))
    elif out == "sigmoid":
        Y = rng.uniform(0.1, 0.9, (n, n_out))
    else:
        Y = rng.normal(size=(n, n_out))
    return spec, X, Y
