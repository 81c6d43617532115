"""Numba kernels: one call trains k epochs (or a budget of mini-batches), or evaluates a batch of points.

Layout: a mini-batch lives feature-major in work arrays of shape (total_units, batch): layer l's units
are rows ``u[l] .. u[l] + sizes[l]`` (input rows first), each a contiguous run over the batch. Every
inner loop therefore runs over the batch axis, long and contiguous, so LLVM vectorises it; weight
sums are unrolled four inputs at a time to keep partial sums in registers.

Compiled with ``cache=True`` (once per machine), ``nogil=True`` (sessions train on threads side by
side) and the options in :mod:`playground.engine._jit` (re-associated sums: about 5x on the dot
products here; results move by round-off only, far inside the tests' 1e-10 tolerance against the
NumPy twin). tanh and sigmoid come from :mod:`playground.engine.vector_math` so their loops
vectorise too. Arguments are normalised by
:class:`playground.engine.trainer.Trainer` so each kernel has exactly one signature.
"""
import math

import numpy as np

from ._jit import inlined as _inlined
from ._jit import kernel as _jit
from .counter_rng import STREAM_DROPOUT, STREAM_EVAL_DROPOUT, STREAM_SHUFFLE, sort_keys, stream_key, uniform
from .optimizers import add_penalty, apply_update
from .schedules import scheduled_lr
from .vector_math import sigmoid as _sigmoid
from .vector_math import tanh as _tanh
from .spec import BN_EPS, BN_KEEP, DIVERGED, ELU_ALPHA, H_DROPOUT, H_L1, H_L2, H_MAX_WEIGHT, LEAKY_SLOPE, OK

RELU, LEAKY, ELU, TANH, SIGMOID, LINEAR, SOFTPLUS, SWISH, SOFTMAX = range(9)
BCE, SE, AE, CE = range(4)
EVAL_CHUNK = 256



@_jit
def _activate(code, z, a, d, r0, r1, rows):
    """a = f(z) and d = f'(z) on unit rows [r0, r1) for batch columns [0, rows).

    Elementwise activations run over the whole (units x batch-width) block as one flat loop: long
    enough to vectorise even for a batch of 10. Columns past ``rows`` hold stale finite values from
    an earlier batch; computing on them is harmless and never read.
    """
    if code == SOFTMAX:
        for s in range(rows):
            zmax = z[r0, s]
            for j in range(r0 + 1, r1):
                zmax = max(zmax, z[j, s])
            total = 0.0
            for j in range(r0, r1):
                a[j, s] = math.exp(z[j, s] - zmax)
                total += a[j, s]
            for j in range(r0, r1):
                a[j, s] /= total
                d[j, s] = 1.0  # unused: softmax is always fused with cross-entropy
        return
    zr = z[r0:r1].reshape(-1)
    ar = a[r0:r1].reshape(-1)
    dr = d[r0:r1].reshape(-1)
    n = zr.shape[0]
    if code == RELU:
        for s in range(n):
            x = zr[s]
            ar[s] = x if x > 0.0 else 0.0
            dr[s] = 1.0 if x > 0.0 else 0.0
    elif code == LEAKY:
        for s in range(n):
            x = zr[s]
            ar[s] = x if x > 0.0 else LEAKY_SLOPE * x
            dr[s] = 1.0 if x > 0.0 else LEAKY_SLOPE
    elif code == ELU:
        for s in range(n):
            x = zr[s]
            if x > 0.0:
                ar[s] = x
                dr[s] = 1.0
            else:
                ar[s] = ELU_ALPHA * math.expm1(x)
                dr[s] = ELU_ALPHA * math.exp(x)
    elif code == TANH:
        for s in range(n):
            y = _tanh(zr[s])
            ar[s] = y
            dr[s] = 1.0 - y * y
    elif code == SIGMOID:
        for s in range(n):
            y = _sigmoid(zr[s])
            ar[s] = y
            dr[s] = y * (1.0 - y)
    elif code == LINEAR:
        for s in range(n):
            ar[s] = zr[s]
            dr[s] = 1.0
    elif code == SOFTPLUS:
        for s in range(n):
            x = zr[s]
            ar[s] = max(x, 0.0) + math.log1p(math.exp(-abs(x)))
            dr[s] = _sigmoid(x)
    else:  # SWISH
        for s in range(n):
            x = zr[s]
            sg = _sigmoid(x)
            ar[s] = x * sg
            dr[s] = sg + x * sg * (1.0 - sg)


@_jit
def _affine(W, bias, src, dst, u_in, u_out, rows):
    """dst rows = W^T src rows + bias over the batch (z_j = b_j + sum_i W_ij a_i), 4 inputs per pass."""
    n_in, n_out = W.shape
    for j in range(n_out):
        zr = dst[u_out + j]
        bj = bias[j]
        for s in range(rows):
            zr[s] = bj
        i = 0
        while i + 4 <= n_in:
            w0 = W[i, j]
            w1 = W[i + 1, j]
            w2 = W[i + 2, j]
            w3 = W[i + 3, j]
            a0 = src[u_in + i]
            a1 = src[u_in + i + 1]
            a2 = src[u_in + i + 2]
            a3 = src[u_in + i + 3]
            for s in range(rows):
                zr[s] += w0 * a0[s] + w1 * a1[s] + w2 * a2[s] + w3 * a3[s]
            i += 4
        while i < n_in:
            w0 = W[i, j]
            a0 = src[u_in + i]
            for s in range(rows):
                zr[s] += w0 * a0[s]
            i += 1


@_jit
def _normalise(zp, xh, inv_sd, stats, p0, m, rows, train, gamma, bias):
    """Batch-normalise the weighted sums in zp rows [p0, p0 + m): z = gamma * x_hat + bias with the
    batch's mean and (biased) variance while training (folded into the running averages in ``stats``)
    and the running averages otherwise. Keeps x_hat and 1/sd for back-propagation."""
    for j in range(m):
        r = zp[p0 + j]
        if train:
            mu = 0.0
            for s in range(rows):
                mu += r[s]
            mu /= rows
            var = 0.0
            for s in range(rows):
                var += (r[s] - mu) * (r[s] - mu)
            var /= rows
            stats[0, p0 + j] = BN_KEEP * stats[0, p0 + j] + (1.0 - BN_KEEP) * mu
            stats[1, p0 + j] = BN_KEEP * stats[1, p0 + j] + (1.0 - BN_KEEP) * var
        else:
            mu = stats[0, p0 + j]
            var = stats[1, p0 + j]
        inv = 1.0 / math.sqrt(var + BN_EPS)
        inv_sd[p0 + j] = inv
        x = xh[p0 + j]
        g = gamma[j]
        bj = bias[j]
        for s in range(rows):
            x[s] = (r[s] - mu) * inv
            r[s] = g * x[s] + bj


@_inlined
def _forward(params, sizes, acts, pieces, norm, w_off, b_off, z, a, d, sc, rows, train, p_drop, drop_key,
             drop_counter):
    """Forward pass of ``rows`` samples whose inputs are already in a[:sizes[0], :rows].

    A plain layer writes its weighted sums straight into ``z``. A maxout or batch-normalised layer
    goes through the scratch space ``sc`` (see :func:`_scratch`): its weighted sums in ``sc.zp``,
    normalised there; a maxout unit then takes the largest of its k sums (remembering which in
    ``sc.arg``) with derivative 1.

    With ``p_drop > 0`` hidden units are dropped (inverted dropout, kept units scaled by 1/(1-p));
    the mask is drawn from the counter RNG at ``drop_counter + sample * n_hidden + unit``. In
    training mode ``d`` receives f'(z) times the dropout mask, ready for back-propagation.
    """
    zp, xh, _, inv_sd, arg, zero_b, stats = sc
    n_layers = sizes.shape[0] - 1
    n_hidden = 0
    for l in range(1, n_layers):
        n_hidden += sizes[l]
    u_in = 0
    h_off = 0
    p0 = 0
    for l in range(n_layers):
        n_in = sizes[l]
        n_out = sizes[l + 1]
        u_out = u_in + n_in
        k = pieces[l]
        m = n_out * k
        W = params[w_off[l]:w_off[l] + n_in * m].reshape((n_in, m))
        bias = params[b_off[l]:b_off[l] + m]
        if k == 1 and norm[l] == 0:
            _affine(W, bias, a, z, u_in, u_out, rows)
            _activate(acts[l], z, a, d, u_out, u_out + n_out, rows)
        else:
            if norm[l] != 0:
                _affine(W, zero_b[:m], a, zp, u_in, p0, rows)
                _normalise(zp, xh, inv_sd, stats, p0, m, rows, train, params[b_off[l] + m:b_off[l] + 2 * m], bias)
            else:
                _affine(W, bias, a, zp, u_in, p0, rows)
            if k == 1:
                for j in range(n_out):
                    for s in range(rows):
                        z[u_out + j, s] = zp[p0 + j, s]
                _activate(acts[l], z, a, d, u_out, u_out + n_out, rows)
            else:
                for j in range(n_out):
                    for s in range(rows):
                        best = zp[p0 + j * k, s]
                        which = 0
                        for p in range(1, k):
                            v = zp[p0 + j * k + p, s]
                            if v > best:
                                best = v
                                which = p
                        z[u_out + j, s] = best
                        a[u_out + j, s] = best
                        d[u_out + j, s] = 1.0
                        arg[u_out + j, s] = which
        if p_drop > 0.0 and l < n_layers - 1:
            scale = 1.0 / (1.0 - p_drop)
            for s in range(rows):
                base = np.uint64((drop_counter + s) * n_hidden + h_off)
                for j in range(n_out):
                    keep = scale if uniform(drop_key, base + np.uint64(j)) >= p_drop else 0.0
                    a[u_out + j, s] *= keep
                    d[u_out + j, s] *= keep
            h_off += n_out
        u_in = u_out
        p0 += m


@_jit
def _scratch(sizes, pieces, norm, stats, width):
    """Work space of the maxout and batch-norm layers for ``width`` samples: weighted sums, x_hat,
    their deltas (one row per weighted sum each), 1/sd per sum, the winning piece per unit, a zero bias and
    the running averages. Empty-ish for a plain network."""
    n_units = 0
    n_sums = 0
    widest = 1
    special = False
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    for l in range(sizes.shape[0] - 1):
        m = sizes[l + 1] * pieces[l]
        n_sums += m
        widest = max(widest, m)
        special = special or pieces[l] > 1 or norm[l] != 0
    cols = width if special else 1
    return (np.zeros((n_sums, cols)), np.zeros((n_sums, cols)), np.zeros((n_sums, cols)), np.zeros(n_sums),
            np.zeros((n_units, cols), np.int64), np.zeros(widest), stats)


@_jit
def _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, scale):
    """Sum of per-sample losses; writes dLoss/dz (times ``scale``) into ``delta``'s output rows."""
    total = 0.0
    for s in range(rows):
        r = idx[s]
        if loss == CE:
            zmax = z[u_out, s]
            for j in range(1, n_out):
                zmax = max(zmax, z[u_out + j, s])
            lse = 0.0
            for j in range(n_out):
                lse += math.exp(z[u_out + j, s] - zmax)
            lse = zmax + math.log(lse)
            ysum = 0.0
            for j in range(n_out):
                y = Y[r, j]
                ysum += y
                total += y * (lse - z[u_out + j, s])
            for j in range(n_out):
                delta[u_out + j, s] = (a[u_out + j, s] * ysum - Y[r, j]) * scale
        else:
            for j in range(n_out):
                y = Y[r, j]
                out = a[u_out + j, s]
                if loss == BCE:
                    x = z[u_out + j, s]
                    total += max(x, 0.0) - y * x + math.log1p(math.exp(-abs(x)))
                    g = out - y
                elif loss == SE:
                    diff = out - y
                    total += 0.5 * diff * diff
                    g = diff * d[u_out + j, s]
                else:  # AE
                    diff = out - y
                    total += abs(diff)
                    sign = 1.0 if diff > 0.0 else (-1.0 if diff < 0.0 else 0.0)
                    g = sign * d[u_out + j, s]
                delta[u_out + j, s] = g * scale
    return total


@_inlined
def _layer_grads(W, gW, gb, a, src, s0, delta, d, u_in, rows, with_bias, propagate):
    """One layer's share of back-propagation from dLoss/d(sums) in ``src`` rows [s0, s0 + m):
    gb += row sums, gW += a_in . src, and (if ``propagate``) the layer below's deltas
    delta[u_in + i] = f'(z_i) * sum_c W_ic src_c."""
    n_in, n_out = W.shape
    if with_bias:
        for j in range(n_out):
            dr = src[s0 + j]
            acc = 0.0
            for s in range(rows):
                acc += dr[s]
            gb[j] += acc
    for i in range(n_in):
        ar = a[u_in + i]
        j = 0
        while j + 4 <= n_out:  # four dot products share each load of ar
            d0 = src[s0 + j]
            d1 = src[s0 + j + 1]
            d2 = src[s0 + j + 2]
            d3 = src[s0 + j + 3]
            acc0 = 0.0
            acc1 = 0.0
            acc2 = 0.0
            acc3 = 0.0
            for s in range(rows):
                x = ar[s]
                acc0 += x * d0[s]
                acc1 += x * d1[s]
                acc2 += x * d2[s]
                acc3 += x * d3[s]
            gW[i, j] += acc0
            gW[i, j + 1] += acc1
            gW[i, j + 2] += acc2
            gW[i, j + 3] += acc3
            j += 4
        while j < n_out:
            dr = src[s0 + j]
            acc = 0.0
            for s in range(rows):
                acc += ar[s] * dr[s]
            gW[i, j] += acc
            j += 1
    if propagate:
        for i in range(n_in):
            pr = delta[u_in + i]
            for s in range(rows):
                pr[s] = 0.0
            j = 0
            while j + 4 <= n_out:
                w0 = W[i, j]
                w1 = W[i, j + 1]
                w2 = W[i, j + 2]
                w3 = W[i, j + 3]
                d0 = src[s0 + j]
                d1 = src[s0 + j + 1]
                d2 = src[s0 + j + 2]
                d3 = src[s0 + j + 3]
                for s in range(rows):
                    pr[s] += w0 * d0[s] + w1 * d1[s] + w2 * d2[s] + w3 * d3[s]
                j += 4
            while j < n_out:
                w0 = W[i, j]
                d0 = src[s0 + j]
                for s in range(rows):
                    pr[s] += w0 * d0[s]
                j += 1
            dd = d[u_in + i]
            for s in range(rows):
                pr[s] *= dd[s]


@_inlined
def _backward(params, grad, sizes, pieces, norm, w_off, b_off, a, d, delta, sc, rows):
    """Accumulate dLoss/dparams into ``grad`` from the output deltas already in ``delta``.

    A maxout unit's delta goes to its winning piece only; a batch-normalised layer's deltas go back
    through the batch statistics (the textbook three-term formula) after its scale's and bias's
    gradients are taken, in the scratch space's per-sum deltas."""
    xh = sc[1]
    dp = sc[2]
    inv_sd = sc[3]
    arg = sc[4]
    n_layers = sizes.shape[0] - 1
    u_out = 0
    p0 = 0
    for l in range(n_layers):
        u_out += sizes[l]
        p0 += sizes[l + 1] * pieces[l]
    for l in range(n_layers - 1, -1, -1):
        n_in = sizes[l]
        n_out = sizes[l + 1]
        k = pieces[l]
        m = n_out * k
        u_in = u_out - n_in
        p0 -= m
        W = params[w_off[l]:w_off[l] + n_in * m].reshape((n_in, m))
        gW = grad[w_off[l]:w_off[l] + n_in * m].reshape((n_in, m))
        gb = grad[b_off[l]:b_off[l] + m]
        src = delta  # dLoss/d(weighted sums) of this layer, from row s0
        s0 = u_out
        if k > 1 or norm[l] != 0:
            src = dp
            s0 = p0
            for j in range(n_out):
                for p in range(k):
                    row = dp[p0 + j * k + p]
                    if k == 1:
                        for s in range(rows):
                            row[s] = delta[u_out + j, s]
                    else:
                        for s in range(rows):
                            row[s] = delta[u_out + j, s] if arg[u_out + j, s] == p else 0.0
            if norm[l] != 0:
                gamma = params[b_off[l] + m:b_off[l] + 2 * m]
                g_gamma = grad[b_off[l] + m:b_off[l] + 2 * m]
                for j in range(m):
                    row = dp[p0 + j]
                    x = xh[p0 + j]
                    sum_d = 0.0
                    sum_dx = 0.0
                    for s in range(rows):
                        sum_d += row[s]
                        sum_dx += row[s] * x[s]
                    gb[j] += sum_d
                    g_gamma[j] += sum_dx
                    c = gamma[j] * inv_sd[p0 + j]
                    mean_d = sum_d / rows
                    mean_dx = sum_dx / rows
                    for s in range(rows):
                        row[s] = c * (row[s] - mean_d - x[s] * mean_dx)
        _layer_grads(W, gW, gb, a, src, s0, delta, d, u_in, rows, norm[l] == 0, l > 0)
        u_out = u_in


@_jit
def _stable_argsort_u32(keys):
    """Stable argsort of uint32 keys by LSD radix sort (4 passes of 8 bits): O(n), about ten times
    faster than a comparison sort here, and the same order as NumPy's stable argsort."""
    n = keys.shape[0]
    order = np.arange(n)
    tmp = np.empty(n, np.int64)
    counts = np.empty(257, np.int64)
    for shift in range(0, 32, 8):
        counts[:] = 0
        for i in range(n):
            counts[((keys[order[i]] >> np.uint32(shift)) & np.uint32(255)) + 1] += 1
        for b in range(256):
            counts[b + 1] += counts[b]
        for i in range(n):
            bucket = (keys[order[i]] >> np.uint32(shift)) & np.uint32(255)
            tmp[counts[bucket]] = order[i]
            counts[bucket] += 1
        order, tmp = tmp, order
    return order


@_jit
def _params_ok(x, limit):
    """All finite and within [-limit, limit] (written so NaN fails the test)."""
    for k in range(x.shape[0]):
        if not abs(x[k]) <= limit:
            return False
    return True


@_jit
def train_epochs(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, n_epochs, batch_size, shuffle,
                 seed, opt, schedule, hyper, wmask, s1, s2, counters, epoch_losses, max_updates, epoch_total):
    """Train up to ``n_epochs`` epochs of mini-batch descent in place, stopping early after
    ``max_updates`` weight updates if that is > 0 (a partial epoch, resumed by the next call).

    ``counters`` = [epochs done, updates done, samples seen, samples done in the current epoch]
    carries the schedule, Adam's bias correction, the RNG positions and the place inside an
    unfinished epoch across calls; ``epoch_total[0]`` carries that epoch's loss sum so far. Split
    into calls anywhere, training gives the same weights bit for bit. ``epoch_losses[e]`` gets the
    mean training loss of the e-th epoch completed in this call (with dropout, weights as they were
    at each batch). ``stats`` holds batch normalisation's running averages, updated at each batch.
    Returns (OK, epochs completed in this call).

    If an epoch (or the part of it trained in this call) ends with a non-finite loss or a parameter
    that is non-finite or beyond ``max_weight``, params, optimizer state, running averages, counters
    and ``epoch_total`` are put back as they were when that epoch (or this call) began and
    (DIVERGED, epochs completed) is returned.
    """
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    u_out = n_units - n_out
    B = min(batch_size, n)
    z = np.zeros((n_units, B))
    a = np.zeros((n_units, B))
    d = np.zeros((n_units, B))
    delta = np.zeros((n_units, B))
    grad = np.zeros_like(params)
    keep_p = params.copy()
    keep_s1 = s1.copy()
    keep_s2 = s2.copy()
    keep_c = counters.copy()
    keep_stats = stats.copy()
    keep_total = epoch_total[0]
    sc = _scratch(sizes, pieces, norm, stats, B)
    order = np.arange(n)
    p_drop = hyper[H_DROPOUT]
    useed = np.uint64(seed)
    drop_key = stream_key(useed, np.uint64(STREAM_DROPOUT), np.uint64(0))
    budget = max_updates if max_updates > 0 else np.int64(2**62)
    e = 0
    while e < n_epochs and budget > 0:
        if counters[3] >= n:  # a stale position (fewer samples than when it was saved): a new epoch
            counters[3] = 0
        if counters[3] == 0:
            epoch_total[0] = 0.0
        epoch = counters[0]
        lr = scheduled_lr(schedule, epoch, hyper)
        if shuffle:
            order = _stable_argsort_u32(sort_keys(stream_key(useed, np.uint64(STREAM_SHUFFLE), np.uint64(epoch)), n))
        start = counters[3]
        while start < n and budget > 0:
            rows = min(B, n - start)
            idx = order[start:start + rows]
            for i in range(n_in):
                for s in range(rows):
                    a[i, s] = X[idx[s], i]
            _forward(params, sizes, acts, pieces, norm, w_off, b_off, z, a, d, sc, rows, True, p_drop, drop_key,
                     counters[2])
            epoch_total[0] += _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, 1.0 / rows)
            grad[:] = 0.0
            _backward(params, grad, sizes, pieces, norm, w_off, b_off, a, d, delta, sc, rows)
            add_penalty(params, grad, wmask, hyper)
            counters[1] += 1
            counters[2] += rows
            apply_update(opt, params, grad, s1, s2, counters[1], lr, hyper)
            start += rows
            budget -= 1
        finished = start >= n
        counters[3] = 0 if finished else start
        if finished:
            epoch_losses[e] = epoch_total[0] / n
            counters[0] += 1
        if not (math.isfinite(epoch_total[0]) and _params_ok(params, hyper[H_MAX_WEIGHT])):
            params[:] = keep_p
            s1[:] = keep_s1
            s2[:] = keep_s2
            counters[:] = keep_c
            stats[:] = keep_stats
            epoch_total[0] = keep_total
            return DIVERGED, e
        if finished:
            e += 1
            keep_p[:] = params
            keep_s1[:] = s1
            keep_s2[:] = s2
            keep_c[:] = counters
            keep_stats[:] = stats
            keep_total = 0.0
    return OK, e


@_jit
def loss_and_grad(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, hyper, wmask, seed,
                  drop_counter):
    """Objective (mean data loss + l1 sum|w| + l2/2 sum w^2) and its gradient over all of X as one
    batch, with the dropout mask of ``drop_counter``: what one training step descends (batch
    normalisation uses this batch's statistics; ``stats`` is left as it was)."""
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    z = np.zeros((n_units, n))
    a = np.zeros((n_units, n))
    d = np.zeros((n_units, n))
    delta = np.zeros((n_units, n))
    a[:n_in, :] = X.T
    drop_key = stream_key(np.uint64(seed), np.uint64(STREAM_DROPOUT), np.uint64(0))
    sc = _scratch(sizes, pieces, norm, stats.copy(), n)
    _forward(params, sizes, acts, pieces, norm, w_off, b_off, z, a, d, sc, n, True, hyper[H_DROPOUT], drop_key,
             drop_counter)
    idx = np.arange(n)
    value = _output_loss(loss, z, a, d, Y, idx, n, n_units - n_out, n_out, delta, 1.0 / n) / n
    grad = np.zeros_like(params)
    _backward(params, grad, sizes, pieces, norm, w_off, b_off, a, d, delta, sc, n)
    add_penalty(params, grad, wmask, hyper)
    for k in range(params.shape[0]):
        if wmask[k] != 0.0:
            value += hyper[H_L1] * abs(params[k]) + 0.5 * hyper[H_L2] * params[k] * params[k]
    return value, grad


@_jit
def evaluate(params, sizes, acts, pieces, norm, w_off, b_off, stats, loss, X, Y, p_drop, seed, counter, out, neurons):
    """Forward pass over all rows of X in chunks; returns the mean data loss against Y (0 if Y has no
    rows). Writes the output units into ``out`` (n x n_out) and, if ``neurons`` has rows, every
    non-input unit's activation into ``neurons`` (n_units - n_in x n), the layout the per-neuron
    pictures need. ``p_drop > 0`` evaluates with dropout on (a fresh mask per ``counter``). Batch
    normalisation uses the running averages in ``stats``."""
    n = X.shape[0]
    n_units = 0
    for l in range(sizes.shape[0]):
        n_units += sizes[l]
    n_in = sizes[0]
    n_out = sizes[sizes.shape[0] - 1]
    u_out = n_units - n_out
    B = min(EVAL_CHUNK, max(n, 1))
    z = np.zeros((n_units, B))
    a = np.zeros((n_units, B))
    d = np.zeros((n_units, B))
    delta = np.zeros((n_units, B))
    drop_key = stream_key(np.uint64(seed), np.uint64(STREAM_EVAL_DROPOUT), np.uint64(counter))
    with_loss = Y.shape[0] == n
    with_neurons = neurons.shape[0] > 0
    idx = np.arange(B)
    sc = _scratch(sizes, pieces, norm, stats, B)
    total = 0.0
    for start in range(0, n, B):
        rows = min(B, n - start)
        for i in range(n_in):
            for s in range(rows):
                a[i, s] = X[start + s, i]
        _forward(params, sizes, acts, pieces, norm, w_off, b_off, z, a, d, sc, rows, False, p_drop, drop_key, start)
        for s in range(rows):
            for j in range(n_out):
                out[start + s, j] = a[u_out + j, s]
        if with_neurons:
            for u in range(n_in, n_units):
                row = neurons[u - n_in]
                src = a[u]
                for s in range(rows):
                    row[start + s] = src[s]
        if with_loss:
            for s in range(rows):
                idx[s] = start + s
            total += _output_loss(loss, z, a, d, Y, idx, rows, u_out, n_out, delta, 1.0)
    return total / n if (with_loss and n > 0) else 0.0
