"""Fixtures for engine tests: every hidden activation and every output head."""
import pytest

from playground.engine import HIDDEN_ACTIVATIONS

from .problems import HEAD_IDS, HEADS


#: maxout has tests of its own (test_batch_norm_maxout.py: every head, both backends, SGD and Adam);
#: the generic tests take the element-wise activations.
@pytest.fixture(params=[a for a in HIDDEN_ACTIVATIONS if a != "maxout"])
def activation(request):
    return request.param


@pytest.fixture(params=HEADS, ids=HEAD_IDS)
def head(request):
    return request.param
