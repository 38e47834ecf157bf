"""Fixtures of the board suite: every store adapter, a board key and an election id.

The PostgreSQL cases need a server: ``make test`` starts one with ``scripts/postgres.sh start``
and passes its URL in ``PLEBISCITE_TEST_POSTGRES``. Without that variable the URL of the
project's own server is asked from ``scripts/postgres.sh url``; when there is none, the
PostgreSQL cases fail and say how to start it. Each
PostgreSQL case gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from plebiscite.board.stores.base import Store
from plebiscite.board.stores.factory import open_store
from plebiscite.board.stores.postgres import parse_location
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_SCRIPT = ROOT / "scripts" / "postgres.sh"
#: the URL of the test database (set by the Makefile)
POSTGRES_URL_VARIABLE = "PLEBISCITE_TEST_POSTGRES"

#: store locations, one per adapter, under a temporary directory (the PostgreSQL location comes
#: from the ``postgres_url`` fixture, with a fresh schema)
ADAPTERS: dict[str, Callable[[Path], str]] = {
    "sqlite": lambda tmp: f"sqlite://{tmp / 'board.db'}",
}
POSTGRES = "postgresql"


def postgres_test_url() -> str:
    """The test database's URL, or fail saying how to start the server."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    source = f"${POSTGRES_URL_VARIABLE}"
    if not url:
        found = subprocess.run(
            ["bash", str(POSTGRES_SCRIPT), "url"], capture_output=True, text=True, check=False
        )
        url = found.stdout.strip() if found.returncode == 0 else ""
        source = f"{POSTGRES_SCRIPT.relative_to(ROOT)} url"
    if not url:
        pytest.fail(
            f"no PostgreSQL server for the board store tests: {POSTGRES_URL_VARIABLE} is not set "
            "and the project's server is not running. Start it with "
            f"'scripts/postgres.sh start' (make test does) and set {POSTGRES_URL_VARIABLE} to "
            "the URL it prints.",
            pytrace=False,
        )
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        pytest.fail(
            f"the PostgreSQL server at {parse_location(url)[2]} (from {source}) does not "
            f"answer: {exc}. "
            "Start it with 'scripts/postgres.sh start'.",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of the PostgreSQL test database (see the module's docstring)."""
    return postgres_test_url()


@contextmanager
def fresh_postgres_location(base: str) -> Iterator[str]:
    """A location on ``base`` with a schema of its own, dropped (with its tables) afterwards."""
    schema = f"t_{uuid.uuid4().hex}"
    try:
        yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '20s'")
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=sorted([*ADAPTERS, POSTGRES]))
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh store of each adapter lives (usable from another process)."""
    if request.param == POSTGRES:
        with fresh_postgres_location(request.getfixturevalue("postgres_url")) as fresh:
            yield fresh
    else:
        yield ADAPTERS[request.param](tmp_path)


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
