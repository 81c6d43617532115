"""Learning-rate schedules as one scalar function, compiled by Numba for the kernels and called as is
by the NumPy twin, so both paths use the same formula (documented on TrainConfig)."""
import math

from ._jit import jitable
from .spec import H_GAMMA, H_LR, H_LR_MIN, H_PERIOD, H_STEP

SCHED_CONSTANT, SCHED_STEP, SCHED_EXPONENTIAL, SCHED_COSINE = 0, 1, 2, 3


@jitable
def scheduled_lr(schedule, epoch, hyper):
    """Learning rate for 0-based ``epoch`` under ``schedule`` (a SCHED code)."""
    lr = hyper[H_LR]
    if schedule == SCHED_STEP:
        return lr * hyper[H_GAMMA] ** math.floor(epoch / hyper[H_STEP])
    if schedule == SCHED_EXPONENTIAL:
        return lr * hyper[H_GAMMA] ** epoch
    if schedule == SCHED_COSINE:
        period = hyper[H_PERIOD]
        frac = min(epoch, period) / period
        return hyper[H_LR_MIN] + (lr - hyper[H_LR_MIN]) * 0.5 * (1.0 + math.cos(math.pi * frac))
    return lr
