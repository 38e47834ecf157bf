"""Fixtures of the board suite: every store adapter, a board key and an election id."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plebiscite.board.store import Store, open_store
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey

#: store locations, one per adapter, under a temporary directory (PostgreSQL joins later)
ADAPTERS: dict[str, Callable[[Path], str]] = {
    "sqlite": lambda tmp: f"sqlite://{tmp / 'board.db'}",
}


@pytest.fixture(params=sorted(ADAPTERS))
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store of each adapter lives (usable from another process)."""
    return ADAPTERS[request.param](tmp_path)


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    """A fresh, open store of each adapter."""
    opened = open_store(location)
    yield opened
    opened.close()


@pytest.fixture
def board_key() -> SigningKey:
    return SigningKey.generate(DeterministicRandom("board key"))


@pytest.fixture
def other_key() -> SigningKey:
    return SigningKey.generate(DeterministicRandom("another key"))


@pytest.fixture
def election_id() -> bytes:
    return bytes.fromhex("00112233445566778899aabbccddeeff")
