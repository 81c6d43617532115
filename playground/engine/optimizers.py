"""Optimizer updates as loops over flat state arrays, compiled into the Numba kernels.

Textbook forms (g: gradient incl. L1/L2 terms, lr: scheduled rate, t: 1-based update count):

- sgd:       w -= lr * g
- momentum:  v = mu * v - lr * g;  w += v
- nesterov:  v_prev = v;  v = mu * v - lr * g;  w += -mu * v_prev + (1 + mu) * v
- adagrad:   G += g**2;  w -= lr * g / (sqrt(G) + eps)
- rmsprop:   E = rho * E + (1 - rho) * g**2;  w -= lr * g / (sqrt(E) + eps)
- adam:      m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g**2;
             w -= lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)

State ``s1`` holds v / G / E / m, ``s2`` holds Adam's v. The NumPy twin writes the same formulas
vectorised in :mod:`playground.engine.reference`.
"""
import math

from ._jit import jitable
from .spec import H_BETA1, H_BETA2, H_EPS, H_L1, H_L2, H_MOMENTUM, H_RHO

SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM = 0, 1, 2, 3, 4, 5


@jitable
def add_penalty(params, grad, wmask, hyper):
    """Add the L1 (l1 * sign w) and L2 (l2 * w) gradients to the weights (never the biases)."""
    l1 = hyper[H_L1]
    l2 = hyper[H_L2]
    if l1 == 0.0 and l2 == 0.0:
        return
    for k in range(params.shape[0]):
        if wmask[k] != 0.0:
            w = params[k]
            sign = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
            grad[k] += l2 * w + l1 * sign


@jitable
def apply_update(opt, params, grad, s1, s2, t, lr, hyper):
    """One optimizer step in place; ``t`` is the 1-based update count (Adam's bias correction)."""
    n = params.shape[0]
    if opt == SGD:
        for k in range(n):
            params[k] -= lr * grad[k]
    elif opt == MOMENTUM:
        mu = hyper[H_MOMENTUM]
        for k in range(n):
            s1[k] = mu * s1[k] - lr * grad[k]
            params[k] += s1[k]
    elif opt == NESTEROV:
        mu = hyper[H_MOMENTUM]
        for k in range(n):
            v_prev = s1[k]
            s1[k] = mu * s1[k] - lr * grad[k]
            params[k] += -mu * v_prev + (1.0 + mu) * s1[k]
    elif opt == ADAGRAD:
        eps = hyper[H_EPS]
        for k in range(n):
            s1[k] += grad[k] * grad[k]
            params[k] -= lr * grad[k] / (math.sqrt(s1[k]) + eps)
    elif opt == RMSPROP:
        rho = hyper[H_RHO]
        eps = hyper[H_EPS]
        for k in range(n):
            s1[k] = rho * s1[k] + (1.0 - rho) * grad[k] * grad[k]
            params[k] -= lr * grad[k] / (math.sqrt(s1[k]) + eps)
    else:  # ADAM
        b1 = hyper[H_BETA1]
        b2 = hyper[H_BETA2]
        eps = hyper[H_EPS]
        c1 = 1.0 - b1 ** t
        c2 = 1.0 - b2 ** t
        for k in range(n):
            g = grad[k]
            s1[k] = b1 * s1[k] + (1.0 - b1) * g
            s2[k] = b2 * s2[k] + (1.0 - b2) * g * g
            params[k] -= lr * (s1[k] / c1) / (math.sqrt(s2[k] / c2) + eps)
