"""Fixtures for engine tests: every hidden activation and every output head."""
import pytest

from playground.engine import HIDDEN_ACTIVATIONS

from .problems import HEAD_IDS, HEADS


@pytest.fixture(params=HIDDEN_ACTIVATIONS)
def activation(request):
    return request.param


@pytest.fixture(params=HEADS, ids=HEAD_IDS)
def head(request):
    return request.param
