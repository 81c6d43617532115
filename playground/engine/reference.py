"""The NumPy twin of :mod:`playground.engine.kernels`: the same maths, vectorised over the batch.

Two jobs: the backend where Numba is absent (e.g. Pyodide), and the independent reference the tests
compare the kernels with. The functions take exactly the kernels' arguments, so switching backend is
one setting. Only the counter RNG and the schedule formula are shared code (by design: they define
*which* samples and masks are drawn, not how the network computes).
"""
import numpy as np

from .counter_rng import STREAM_DROPOUT, STREAM_EVAL_DROPOUT, STREAM_SHUFFLE, sort_keys, stream_key, uniform
from .schedules import scheduled_lr
from .spec import (ACT, BN_EPS, BN_KEEP, DIVERGED, ELU_ALPHA, H_BETA1, H_BETA2, H_DROPOUT, H_EPS, H_L1, H_L2,
                   H_MAX_WEIGHT, H_MOMENTUM, H_RHO, LEAKY_SLOPE, LOSS, OK, OPT)


def _u64(value):
    return np.array([value], dtype=np.uint64)


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activation(code, z):
    """(f(z), f'(z)) for an activation code; softmax is row-wise (its derivative is never used)."""
    if code == ACT["relu"]:
        return np.where(z > 0, z, 0.0), (z > 0).astype(float)
    if code == ACT["leaky_relu"]:
        return np.where(z > 0, z, LEAKY_SLOPE * z), np.where(z > 0, 1.0, LEAKY_SLOPE)
    if code == ACT["elu"]:
        neg = np.minimum(z, 0.0)
        return np.where(z > 0, z, ELU_ALPHA * np.expm1(neg)), np.where(z > 0, 1.0, ELU_ALPHA * np.exp(neg))
    if code == ACT["tanh"]:
        y = np.tanh(z)
        return y, 1.0 - y * y
    if code == ACT["sigmoid"]:
        y = _sigmoid(z)
        return y, y * (1.0 - y)
    if code == ACT["linear"]:
        return z.copy(), np.ones_like(z)
    if code == ACT["softplus"]:
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z))), _sigmoid(z)
    if code == ACT["swish"]:
        sg = _sigmoid(z)
        return z * sg, sg + z * sg * (1.0 - sg)
    if code == ACT["softmax"]:
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True), np.ones_like(z)
    raise ValueError(f"unknown activation code {code}")


def _layers(params, sizes, w_off, b_off, pieces=None):
    out = []
    for l in range(len(sizes) - 1):
        n_in, m = sizes[l], sizes[l + 1] * (1 if pieces is None else pieces[l])
        out.append((params[w_off[l]:w_off[l] + n_in * m].reshape(n_in, m), params[b_off[l]:b_off[l] + m]))
    return out


def _dropout_mask(p_drop, drop_key, drop_counter, rows, n_hidden, h_off, n_out):
    s = np.arange(rows, dtype=np.uint64)[:, None]
    j = np.arange(n_out, dtype=np.uint64)[None, :]
    counter = (np.uint64(drop_counter) + s) * np.uint64(n_hidden) + np.uint64(h_off) + j
    return np.where(uniform(drop_key, counter) >= p_drop, 1.0 / (1.0 - p_drop), 0.0)


def forward(params, sizes, acts, w_off, b_off, X, p_drop=0.0, drop_key=None, drop_counter=0, *, pieces=None,
            norm=None, stats=None, train=True, cache=None):
    """Pre-activations, activations and masked derivatives of every layer (input layer first).

    ``pieces``/``norm`` (None: a plain network) describe maxout and batch-normalised layers; those
    use (and, with ``train``, update) the running averages ``stats`` and, if ``cache`` is a list,
    append per layer what back-propagation needs: (x_hat, 1/sd, winning piece), Nones for a plain layer.
    """
    n_layers = len(sizes) - 1
    pieces = np.ones(n_layers, np.int64) if pieces is None else pieces
    norm = np.zeros(n_layers, np.int64) if norm is None else norm
    layers = _layers(params, sizes, w_off, b_off, pieces)
    n_hidden = int(np.sum(sizes[1:-1]))
    zs, acts_out, ds = [None], [X], [None]
    h_off = 0
    p0 = 0
    for l, (W, b) in enumerate(layers):
        k, m = int(pieces[l]), W.shape[1]
        xhat = inv = arg = None
        if norm[l]:
            sums = acts_out[-1] @ W
            if train:
                mu, var = sums.mean(axis=0), sums.var(axis=0)
                stats[0, p0:p0 + m] = BN_KEEP * stats[0, p0:p0 + m] + (1 - BN_KEEP) * mu
                stats[1, p0:p0 + m] = BN_KEEP * stats[1, p0:p0 + m] + (1 - BN_KEEP) * var
            else:
                mu, var = stats[0, p0:p0 + m], stats[1, p0:p0 + m]
            inv = 1.0 / np.sqrt(var + BN_EPS)
            xhat = (sums - mu) * inv
            gamma = params[b_off[l] + m:b_off[l] + 2 * m]
            sums = gamma * xhat + b
        else:
            sums = acts_out[-1] @ W + b
        if k > 1:
            grouped = sums.reshape(len(sums), m // k, k)
            arg = grouped.argmax(axis=2)
            z = np.take_along_axis(grouped, arg[:, :, None], axis=2)[:, :, 0]
            a, d = z.copy(), np.ones_like(z)
        else:
            z = sums
            a, d = activation(acts[l], z)
        if p_drop > 0 and l < n_layers - 1:
            mask = _dropout_mask(p_drop, drop_key, drop_counter, X.shape[0], n_hidden, h_off, z.shape[1])
            a, d = a * mask, d * mask
            h_off += z.shape[1]
        if cache is not None:
            cache.append((xhat, inv, arg))
        zs.append(z)
        acts_out.append(a)
        ds.append(d)
        p0 += m
    return zs, acts_out, ds


def eval_layer(a_prev, W, b, gamma, mean, var, code, k):
    """One layer's outputs in evaluation mode, for callers that apply their own dropout masks (see
    :mod:`playground.engine.mc_dropout`): batch norm with the running ``mean``/``var`` when ``gamma`` is
    given, then the activation, or the largest of each unit's ``k`` sums for maxout."""
    if gamma is not None:
        sums = gamma * (a_prev @ W - mean) / np.sqrt(var + BN_EPS) + b
    else:
        sums = a_prev @ W + b
    if k > 1:
        return sums.reshape(len(sums), -1, k).max(axis=2)
    return activation(code, sums)[0]


def output_loss(loss, z, a, d, Y):
    """(sum of per-sample losses, dLoss/dz per sample) for the output layer."""
    if loss == LOSS["ce"]:
        zmax = z.max(axis=1, keepdims=True)
        lse = zmax + np.log(np.exp(z - zmax).sum(axis=1, keepdims=True))
        return float(np.sum(Y * (lse - z))), a * Y.sum(axis=1, keepdims=True) - Y
    if loss == LOSS["bce"]:
        return float(np.sum(np.maximum(z, 0) - Y * z + np.log1p(np.exp(-np.abs(z))))), a - Y
    diff = a - Y
    if loss == LOSS["se"]:
        return float(np.sum(0.5 * diff * diff)), diff * d
    return float(np.sum(np.abs(diff))), np.sign(diff) * d


def _data_grad(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, p_drop, drop_key, drop_counter):
    cache = []
    zs, a_s, ds = forward(params, sizes, acts, w_off, b_off, X, p_drop, drop_key, drop_counter, pieces=pieces,
                          norm=norm, stats=stats, train=True, cache=cache)
    total, delta = output_loss(loss, zs[-1], a_s[-1], ds[-1], Y)
    delta = delta / X.shape[0]
    grad = np.zeros_like(params)
    layers = _layers(params, sizes, w_off, b_off, pieces)
    g_layers = _layers(grad, sizes, w_off, b_off, pieces)
    for l in range(len(layers) - 1, -1, -1):
        W = layers[l][0]
        gW, gb = g_layers[l]
        xhat, inv, arg = cache[l]
        k, m = int(pieces[l]), W.shape[1]
        if k > 1:  # the delta goes to each unit's winning piece
            spread = np.zeros((len(delta), m // k, k))
            np.put_along_axis(spread, arg[:, :, None], delta[:, :, None], axis=2)
            delta = spread.reshape(len(delta), m)
        if norm[l]:
            gb += delta.sum(axis=0)
            grad[b_off[l] + m:b_off[l] + 2 * m] += (delta * xhat).sum(axis=0)
            gamma = params[b_off[l] + m:b_off[l] + 2 * m]
            delta = gamma * inv * (delta - delta.mean(axis=0) - xhat * (delta * xhat).mean(axis=0))
        else:
            gb += delta.sum(axis=0)
        gW += a_s[l].T @ delta
        if l > 0:
            delta = (delta @ W.T) * ds[l]
    return total, grad


def _penalty_grad(params, wmask, hyper):
    return wmask * (hyper[H_L2] * params + hyper[H_L1] * np.sign(params))


def update(opt, params, grad, s1, s2, t, lr, hyper):
    """The optimizer formulas of :mod:`playground.engine.optimizers`, vectorised, in place."""
    if opt == OPT["sgd"]:
        params -= lr * grad
    elif opt == OPT["momentum"]:
        s1[:] = hyper[H_MOMENTUM] * s1 - lr * grad
        params += s1
    elif opt == OPT["nesterov"]:
        mu = hyper[H_MOMENTUM]
        v_prev = s1.copy()
        s1[:] = mu * s1 - lr * grad
        params += -mu * v_prev + (1 + mu) * s1
    elif opt == OPT["adagrad"]:
        s1 += grad * grad
        params -= lr * grad / (np.sqrt(s1) + hyper[H_EPS])
    elif opt == OPT["rmsprop"]:
        s1[:] = hyper[H_RHO] * s1 + (1 - hyper[H_RHO]) * grad * grad
        params -= lr * grad / (np.sqrt(s1) + hyper[H_EPS])
    else:
        b1, b2 = hyper[H_BETA1], hyper[H_BETA2]
        s1[:] = b1 * s1 + (1 - b1) * grad
        s2[:] = b2 * s2 + (1 - b2) * grad * grad
        params -= lr * (s1 / (1 - b1 ** t)) / (np.sqrt(s2 / (1 - b2 ** t)) + hyper[H_EPS])


def train_epochs(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, n_epochs, batch_size, shuffle,
                 seed, opt, schedule, hyper, wmask, s1, s2, counters, epoch_losses, max_updates, epoch_total):
    """Same contract as :func:`playground.engine.kernels.train_epochs`."""
    n = X.shape[0]
    B = min(batch_size, n)
    drop_key = stream_key(_u64(seed), _u64(STREAM_DROPOUT), _u64(0))
    budget = int(max_updates) if max_updates > 0 else 2**62
    keep = params.copy(), s1.copy(), s2.copy(), counters.copy(), float(epoch_total[0]), stats.copy()
    e = 0
    with np.errstate(all="ignore"):
        while e < n_epochs and budget > 0:
            if counters[3] >= n:
                counters[3] = 0
            if counters[3] == 0:
                epoch_total[0] = 0.0
            epoch = int(counters[0])
            lr = scheduled_lr(schedule, epoch, hyper)
            order = np.arange(n)
            if shuffle:
                order = np.argsort(sort_keys(stream_key(_u64(seed), _u64(STREAM_SHUFFLE), _u64(epoch)), n), kind="stable")
            start = int(counters[3])
            while start < n and budget > 0:
                idx = order[start:start + B]
                batch_total, grad = _data_grad(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X[idx],
                                               Y[idx], hyper[H_DROPOUT], drop_key, int(counters[2]))
                epoch_total[0] += batch_total
                grad += _penalty_grad(params, wmask, hyper)
                counters[1] += 1
                counters[2] += len(idx)
                update(opt, params, grad, s1, s2, int(counters[1]), lr, hyper)
                start += len(idx)
                budget -= 1
            finished = start >= n
            counters[3] = 0 if finished else start
            if finished:
                epoch_losses[e] = epoch_total[0] / n
                counters[0] += 1
            if not (np.isfinite(epoch_total[0]) and np.all(np.abs(params) <= hyper[H_MAX_WEIGHT])):
                params[:], s1[:], s2[:], counters[:] = keep[:4]
                epoch_total[0] = keep[4]
                stats[:] = keep[5]
                return DIVERGED, e
            if finished:
                e += 1
                keep = params.copy(), s1.copy(), s2.copy(), counters.copy(), 0.0, stats.copy()
    return OK, e


def loss_and_grad(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, hyper, wmask, seed,
                  drop_counter):
    """Same contract as :func:`playground.engine.kernels.loss_and_grad`."""
    drop_key = stream_key(_u64(seed), _u64(STREAM_DROPOUT), _u64(0))
    total, grad = _data_grad(params, sizes, acts, pieces, norm, w_off, b_off, stats.copy(), loss, X, Y,
                             hyper[H_DROPOUT], drop_key, drop_counter)
    value = total / X.shape[0] + float(np.sum(wmask * (hyper[H_L1] * np.abs(params) + 0.5 * hyper[H_L2] * params ** 2)))
    return value, grad + _penalty_grad(params, wmask, hyper)


def evaluate(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, p_drop, seed, counter, out, neurons):
    """Same contract as :func:`playground.engine.kernels.evaluate` (dropout mask per 256-row chunk is
    keyed by row index, so it matches the kernel's chunking)."""
    drop_key = stream_key(_u64(seed), _u64(STREAM_EVAL_DROPOUT), _u64(counter))
    with np.errstate(all="ignore"):
        zs, a_s, ds = forward(params, sizes, acts, w_off, b_off, X, p_drop, drop_key, 0, pieces=pieces, norm=norm,
                              stats=stats, train=False)
    out[:] = a_s[-1]
    if neurons.shape[0] > 0:
        neurons[:] = np.concatenate(a_s[1:], axis=1).T
    if Y.shape[0] != X.shape[0] or X.shape[0] == 0:
        return 0.0
    total, _ = output_loss(loss, zs[-1], a_s[-1], ds[-1], Y)
    return total / X.shape[0]
