"""Fixtures of the counting suite: the test election, built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.state.party import TEST_KDF_ENV

from ._election import HOUR, OPENS, Election, LocalBoard, SimClock, build


@pytest.fixture(scope="session")
def test_kdf() -> Iterator[None]:
    """Cheap scrypt for the parties' secret files (tests only)."""
    before = os.environ.get(TEST_KDF_ENV)
    os.environ[TEST_KDF_ENV] = "1"
    yield
    if before is None:
        del os.environ[TEST_KDF_ENV]
    else:
        os.environ[TEST_KDF_ENV] = before


@pytest.fixture(scope="session")
def election(tmp_path_factory: pytest.TempPathFactory, test_kdf: None) -> Election:
    """The opened test election (minimum district size 1)."""
    return build(tmp_path_factory.mktemp("election"))


@pytest.fixture
def clock() -> SimClock:
    """Board time, one hour into the window."""
    return SimClock(OPENS + HOUR)


@pytest.fixture
def board(election: Election, clock: SimClock, tmp_path: Path) -> Iterator[LocalBoard]:
    """A fresh copy of the opened board."""
    link = election.board(tmp_path / "board", clock)
    yield link
    link.close()
