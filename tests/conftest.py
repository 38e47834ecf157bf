"""Shared fixtures: one algebra suite over every group backend.

The ``group`` fixture runs each test that takes it on the tiny test group (ids ``tiny``),
``secp256k1`` and ``modp4096``. Property tests take their example budget from ``examples``: small
on modp4096, where each exponentiation costs about a millisecond.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from hypothesis import HealthCheck, settings

from plebiscite.crypto.group import Group
from plebiscite.crypto.modp import MODP4096
from plebiscite.crypto.secp256k1 import SECP256K1
from tinygroup import TINY

#: the configuration folder of this session's commands (``XDG_CONFIG_HOME``)
_CONFIG: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """The commands run by the suite keep what belongs in the user's configuration (the
    observer's secret) in a folder of the session's own, never in the home of whoever runs it."""
    _CONFIG.append(tempfile.mkdtemp(prefix="plebiscite-config-"))
    os.environ["XDG_CONFIG_HOME"] = _CONFIG[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _CONFIG:
        shutil.rmtree(folder, ignore_errors=True)


#: every group the algebra suite runs on, by test id
GROUPS = {"tiny": TINY, "secp256k1": SECP256K1, "modp4096": MODP4096}


@pytest.fixture(scope="session", params=list(GROUPS.values()), ids=list(GROUPS))
def group(request: pytest.FixtureRequest) -> Group:
    """Every backend in turn: tiny, secp256k1, modp4096 (override with indirect parametrization)."""
    assert isinstance(request.param, Group)
    return request.param


@pytest.fixture(scope="session")
def examples(group: Group) -> settings:
    """Hypothesis settings sized for ``group``: few examples on modp4096, no deadline."""
    return settings(
        max_examples=8 if group.name == "modp4096" else 40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
