"""Numba kernels: one call trains k whole epochs, or evaluates a whole batch of points.

Layout: a mini-batch lives in row-major work arrays of shape (batch, total_units) where layer l's
units occupy columns ``u[l] .. u[l] + sizes[l]`` (input columns first). Inner loops run over the
contiguous fan-out axis so LLVM vectorises them. All kernels are ``cache=True`` (compiled once per
machine) and ``nogil=True`` (browser sessions train on threads side by side). Arguments are
normalised by :mod:`playground.engine.backend` so each kernel has exactly one signature.

The maths mirrors :mod:`playground.engine.reference` (the NumPy twin); tests hold them together.
"""
import math

import numpy as np
from numba import njit

from .counter_rng import STREAM_DROPOUT, STREAM_EVAL_DROPOUT, STREAM_SHUFFLE, sort_keys, stream_key, uniform
from .optimizers import add_penalty, apply_update
from .schedules import scheduled_lr
from .spec import DIVERGED, ELU_ALPHA, H_DROPOUT, H_L1, H_L2, LEAKY_SLOPE, OK

RELU, LEAKY, ELU, TANH, SIGMOID, LINEAR, SOFTPLUS, SWISH, SOFTMAX = range(9)
BCE, SE, AE, CE = range(4)
EVAL_CHUNK = 256

_jit = njit(cache=True, nogil=True)


@_jit
def _sigmoid(z):
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@_jit
def _activate(code, z, a, d, rows, c0, c1, want_deriv):
    """a = f(z) and, if asked, d = f'(z) on rows [0, rows) and columns [c0, c1)."""
    if code == SOFTMAX:
        for s in range(rows):
            zmax = z[s, c0]
            for j in range(c0 + 1, c1):
                zmax = max(zmax, z[s, j])
            total = 0.0
            for j in range(c0, c1):
                a[s, j] = math.exp(z[s, j] - zmax)
                total += a[s, j]
            for j in range(c0, c1):
                a[s, j] /= total
                d[s, j] = 1.0  # unused: softmax is always fused with cross-entropy
        return
    for s in range(rows):
        for j in range(c0, c1):
            x = z[s, j]
            if code == RELU:
                a[s, j] = x if x > 0.0 else 0.0
                g = 1.0 if x > 0.0 else 0.0
            elif code == LEAKY:
                a[s, j] = x if x > 0.0 else LEAKY_SLOPE * x
                g = 1.0 if x > 0.0 else LEAKY_SLOPE
            elif code == ELU:
                if x > 0.0:
                    a[s, j] = x
                    g = 1.0
                else:
                    e = math.exp(x)
                    a[s, j] = ELU_ALPHA * (e - 1.0)
                    g = ELU_ALPHA * e
            elif code == TANH:
                y = math.tanh(x)
                a[s, j] = y
                g = 1.0 - y * y
            elif code == SIGMOID:
                y = _sigmoid(x)
                a[s, j] = y
                g = y * (1.0 - y)
            elif code == LINEAR:
                a[s, j] = x
                g = 1.0
            elif code == SOFTPLUS:
                a[s, j] = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
                g = _sigmoid(x)
            else:  # SWISH
                sg = _sigmoid(x)
                a[s, j] = x * sg
                g = sg + x * sg * (1.0 - sg)
            if want_deriv:
                d[s, j] = g


@_jit
def _forward(params, sizes, acts, w_off, b_off, z, a, d, rows, train, p_drop, drop_key, drop_counter):
    """Forward pass of ``rows`` samples whose inputs are already in a[:, :sizes[0]].

    With ``p_drop > 0`` hidden units are dropped (inverted dropout, kept units scaled by 1/(1-p));
    the mask is drawn from the counter RNG at ``drop_counter + sample * n_hidden + unit``. In
    training mode ``d`` receives f'(z) times the dropout mask, ready for back-propagation.
    """
    n_layers = sizes.shape[0] - 1
    n_hidden = 0
    for l in range(1, n_layers):
        n_hidden += sizes[l]
    u_in = 0
    h_off = 0
    for l in range(n_layers):
        n_in = sizes[l]
        n_out = sizes[l + 1]
        u_out = u_in + n_in
        W = params[w_off[l]:w_off[l] + n_in * n_out].reshape((n_in, n_out))
        bias = params[b_off[l]:b_off[l] + n_out]
        for s in range(rows):
            for j in range(n_out):
                z[s, u_out + j] = bias[j]
            for i in range(n_in):
                ai = a[s, u_in + i]
                for j in range(n_out):
                    z[s, u_out + j] += ai * W[i, j]
        _activate(acts[l], z, a, d, rows, u_out, u_out + n_out, train)
        if p_drop > 0.0 and l < n_layers - 1:
            scale = 1.0 / (1.0 - p_drop)
            for s in range(rows):
                base = np.uint64((drop_counter + s) * n_hidden + h_off)
                for j in range(n_out):
                    keep = scale if uniform(drop_key, base + np.uint64(j)) >= p_drop else 0.0
                    a[s, u_out + j] *= keep
                    if train:
                        d[s, u_out + j] *= keep
            h_off += n_out
        u_in = u_out


@_jit
def _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, scale):
    """Sum of per-sample losses; writes dLoss/dz (times ``scale``) into ``delta``'s output columns."""
    total = 0.0
    for s in range(rows):
        r = idx[s]
        if loss == CE:
            zmax = z[s, u_out]
            for j in range(1, n_out):
                zmax = max(zmax, z[s, u_out + j])
            lse = 0.0
            for j in range(n_out):
                lse += math.exp(z[s, u_out + j] - zmax)
            lse = zmax + math.log(lse)
            ysum = 0.0
            for j in range(n_out):
                y = Y[r, j]
                ysum += y
                total += y * (lse - z[s, u_out + j])
            for j in range(n_out):
                delta[s, u_out + j] = (a[s, u_out + j] * ysum - Y[r, j]) * scale
        else:
            for j in range(n_out):
                y = Y[r, j]
                out = a[s, u_out + j]
                if loss == BCE:
                    x = z[s, u_out + j]
                    total += max(x, 0.0) - y * x + math.log1p(math.exp(-abs(x)))
                    g = out - y
                elif loss == SE:
                    diff = out - y
                    total += 0.5 * diff * diff
                    g = diff * d[s, u_out + j]
                else:  # AE
                    diff = out - y
                    total += abs(diff)
                    sign = 1.0 if diff > 0.0 else (-1.0 if diff < 0.0 else 0.0)
                    g = sign * d[s, u_out + j]
                delta[s, u_out + j] = g * scale
    return total


@_jit
def _backward(params, grad, sizes, w_off, b_off, a, d, delta, rows):
    """Accumulate dLoss/dparams into ``grad`` from the output deltas already in ``delta``."""
    n_layers = sizes.shape[0] - 1
    u_out = 0
    for l in range(n_layers):
        u_out += sizes[l]
    for l in range(n_layers - 1, -1, -1):
        n_in = sizes[l]
        n_out = sizes[l + 1]
        u_in = u_out - n_in
        W = params[w_off[l]:w_off[l] + n_in * n_out].reshape((n_in, n_out))
        gW = grad[w_off[l]:w_off[l] + n_in * n_out].reshape((n_in, n_out))
        gb = grad[b_off[l]:b_off[l] + n_out]
        for s in range(rows):
            for i in range(n_in):
                ai = a[s, u_in + i]
                for j in range(n_out):
                    gW[i, j] += ai * delta[s, u_out + j]
            for j in range(n_out):
                gb[j] += delta[s, u_out + j]
        if l > 0:
            for s in range(rows):
                for i in range(n_in):
                    acc = 0.0
                    for j in range(n_out):
                        acc += delta[s, u_out + j] * W[i, j]
                    delta[s, u_in + i] = acc * d[s, u_in + i]
        u_out = u_in


@_jit
def _all_finite(x):
    for k in range(x.shape[0]):
        if not math.isfinite(x[k]):
            return False
    return True


@_jit
def train_epochs(params, sizes, acts, w_off, b_off, loss, X, Y, n_epochs, batch_size, shuffle, seed,
                 opt, schedule, hyper, wmask, s1, s2, counters, epoch_losses):
    """Train ``n_epochs`` epochs of mini-batch descent in place.

    ``counters`` = [epochs done, updates done, samples seen] carries the schedule, Adam's bias
    correction and the RNG positions across calls. ``epoch_losses[e]`` gets the mean training loss
    seen during epoch e (with dropout, weights as they were at each batch). If an epoch ends with a
    non-finite loss or parameter, params, optimizer state and counters are put back as they were at
    the start of that epoch and (DIVERGED, epochs completed) is returned; otherwise (OK, n_epochs).
    """
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    u_out = n_units - n_out
    B = min(batch_size, n)
    z = np.zeros((B, n_units))
    a = np.zeros((B, n_units))
    d = np.zeros((B, n_units))
    delta = np.zeros((B, n_units))
    grad = np.zeros_like(params)
    keep_p = params.copy()
    keep_s1 = s1.copy()
    keep_s2 = s2.copy()
    keep_c = counters.copy()
    order = np.arange(n)
    p_drop = hyper[H_DROPOUT]
    useed = np.uint64(seed)
    drop_key = stream_key(useed, np.uint64(STREAM_DROPOUT), np.uint64(0))
    for e in range(n_epochs):
        keep_p[:] = params
        keep_s1[:] = s1
        keep_s2[:] = s2
        keep_c[:] = counters
        epoch = counters[0]
        lr = scheduled_lr(schedule, epoch, hyper)
        if shuffle:
            order = np.argsort(sort_keys(stream_key(useed, np.uint64(STREAM_SHUFFLE), np.uint64(epoch)), n))
        total = 0.0
        for start in range(0, n, B):
            rows = min(B, n - start)
            idx = order[start:start + rows]
            for s in range(rows):
                for i in range(n_in):
                    a[s, i] = X[idx[s], i]
            _forward(params, sizes, acts, w_off, b_off, z, a, d, rows, True, p_drop, drop_key, counters[2])
            total += _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, 1.0 / rows)
            grad[:] = 0.0
            _backward(params, grad, sizes, w_off, b_off, a, d, delta, rows)
            add_penalty(params, grad, wmask, hyper)
            counters[1] += 1
            counters[2] += rows
            apply_update(opt, params, grad, s1, s2, counters[1], lr, hyper)
        epoch_losses[e] = total / n
        counters[0] += 1
        if not (math.isfinite(total) and _all_finite(params)):
            params[:] = keep_p
            s1[:] = keep_s1
            s2[:] = keep_s2
            counters[:] = keep_c
            return DIVERGED, e
    return OK, n_epochs


@_jit
def loss_and_grad(params, sizes, acts, w_off, b_off, loss, X, Y, hyper, wmask, seed, drop_counter):
    """Objective (mean data loss + l1 sum|w| + l2/2 sum w^2) and its gradient over all of X as one
    batch, with the dropout mask of ``drop_counter``: what one training step descends."""
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    z = np.zeros((n, n_units))
    a = np.zeros((n, n_units))
    d = np.zeros((n, n_units))
    delta = np.zeros((n, n_units))
    a[:, :n_in] = X
    drop_key = stream_key(np.uint64(seed), np.uint64(STREAM_DROPOUT), np.uint64(0))
    _forward(params, sizes, acts, w_off, b_off, z, a, d, n, True, hyper[H_DROPOUT], drop_key, drop_counter)
    idx = np.arange(n)
    value = _output_loss(loss, z, a, d, Y, idx, n, n_units - n_out, n_out, delta, 1.0 / n) / n
    grad = np.zeros_like(params)
    _backward(params, grad, sizes, w_off, b_off, a, d, delta, n)
    add_penalty(params, grad, wmask, hyper)
    for k in range(params.shape[0]):
        if wmask[k] != 0.0:
            value += hyper[H_L1] * abs(params[k]) + 0.5 * hyper[H_L2] * params[k] * params[k]
    return value, grad


@_jit
def evaluate(params, sizes, acts, w_off, b_off, loss, X, Y, p_drop, seed, counter, out, neurons):
    """Forward pass over all rows of X in chunks; returns the mean data loss against Y (0 if Y has no
    rows). Writes the output units into ``out`` (n x n_out) and, if ``neurons`` has rows, every
    non-input unit's activation into ``neurons`` (n_units - n_in x n), the layout the per-neuron
    pictures need. ``p_drop > 0`` evaluates with dropout on (a fresh mask per ``counter``)."""
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    u_out = n_units - n_out
    B = min(EVAL_CHUNK, max(n, 1))
    z = np.zeros((B, n_units))
    a = np.zeros((B, n_units))
    d = np.zeros((B, n_units))
    delta = np.zeros((B, n_units))
    drop_key = stream_key(np.uint64(seed), np.uint64(STREAM_EVAL_DROPOUT), np.uint64(counter))
    with_loss = Y.shape[0] == n
    with_neurons = neurons.shape[0] > 0
    idx = np.arange(B)
    total = 0.0
    for start in range(0, n, B):
        rows = min(B, n - start)
        for s in range(rows):
            for i in range(n_in):
                a[s, i] = X[start + s, i]
        _forward(params, sizes, acts, w_off, b_off, z, a, d, rows, False, p_drop, drop_key, start)
        for s in range(rows):
            for j in range(n_out):
                out[start + s, j] = a[s, u_out + j]
        if with_neurons:
            for u in range(n_in, n_units):
                row = neurons[u - n_in]
                for s in range(rows):
                    row[start + s] = a[s, u]
        if with_loss:
            for s in range(rows):
                idx[s] = start + s
            total += _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, 1.0)
    return total / n if (with_loss and n > 0) else 0.0
