"""What only the PostgreSQL store has: locations, schemas, the stored form, locks, durability.

The board contract itself runs on PostgreSQL through the ``location`` fixture of conftest.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from plebiscite.board.stores.base import check_chain
from plebiscite.board.stores.factory import open_store
from plebiscite.board.stores.postgres import DEFAULT_SCHEMA, PostgresStore, parse_location
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, ParameterError, RecordError
from plebiscite.model.codec import dumps_canonical, loads_strict
from plebiscite.model.entry import Entry, SignedHead, entry_hash

from .conftest import fresh_postgres_location
from .test_store_contract import chain


@pytest.fixture
def pg_location(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL location with a fresh schema."""
    with fresh_postgres_location(postgres_url) as location:
        yield location


@pytest.fixture
def pg_store(pg_location: str) -> Iterator[PostgresStore]:
    with PostgresStore(pg_location) as opened:
        yield opened


def _schema(location: str) -> str:
    return parse_location(location)[1]


def test_parse_location() -> None:
    conninfo, schema, display = parse_location(
        "postgresql://alice:s3cret@db.example:5433/votes?schema=ref_2026&sslmode=require"
    )
    assert schema == "ref_2026"
    assert conninfo == "postgresql://alice:s3cret@db.example:5433/votes?sslmode=require"
    assert "s3cret" not in display and display.startswith("postgresql://alice:***@db.example")
    _, schema, display = parse_location("postgres:///votes?host=/run/pg&password=hunter2")
    assert schema == DEFAULT_SCHEMA and "hunter2" not in display and "host=/run/pg" in display
    conninfo, _, _ = parse_location("postgresql://h/db?options=-c%20a%3Db&schema=s")
    assert conninfo == "postgresql://h/db?options=-c%20a%3Db"  # libpq reads %20, not +
    for bad, message in [
        ("postgresql://h/db?schema=Board", "not a lower-case SQL identifier"),
        ("postgresql://h/db?schema=b;drop", "not a lower-case SQL identifier"),
        ("postgresql://h/db?schema=a&schema=b", "more than once"),
        ("mysql://h/db", "expected a postgresql:// URL"),
    ]:
        with pytest.raises(ParameterError, match=message):
            parse_location(bad)


def test_open_store_picks_the_adapter(pg_location: str) -> None:
    opened = open_store(pg_location)
    try:
        assert isinstance(opened, PostgresStore)
        assert opened.schema == _schema(pg_location)
    finally:
        opened.close()


def test_secrets_stay_out_of_errors_and_reprs() -> None:
    location = "postgresql://nobody:topsecret@127.0.0.1:1/nodb?schema=x"
    with pytest.raises(ParameterError, match="cannot connect") as info:
        PostgresStore(location, connect_timeout=2)
    assert "topsecret" not in str(info.value)


def test_a_socket_directory_location(pg_store: PostgresStore, pg_location: str) -> None:
    with pg_store._reader() as conn:
        socket_dir = conn.execute("SHOW unix_socket_directories").fetchone()[0].split(",")[0]
        port = conn.execute("SHOW port").fetchone()[0]
    parts = urlsplit(pg_location)
    user = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""
    via_socket = (
        f"postgresql://{user}@{parts.path}?host={socket_dir.strip()}&port={port}&{parts.query}"
    )
    entries = chain(3)
    pg_store.append(entries)
    with PostgresStore(via_socket) as other:
        assert list(other.read()) == entries


def test_stored_rows_are_canonical_text_that_rehashes(pg_store: PostgresStore) -> None:
    entries = chain(5)
    pg_store.append(entries)
    with pg_store._reader() as conn:
        rows = conn.execute(
            f"SELECT idx, time, kind, body, prev, hash FROM {pg_store.schema}.entries ORDER BY idx"
        ).fetchall()
    assert len(rows) == 5
    for (idx, time, kind, body_text, prev, stored_hash), entry in zip(rows, entries, strict=True):
        assert body_text == dumps_canonical(entry.body)  # exactly the canonical text
        body = loads_strict(body_text, "row")
        assert isinstance(body, dict)
        assert entry_hash(idx, time, kind, body, bytes(prev)) == bytes(stored_hash) == entry.hash


def test_a_ballot_sized_row_stays_in_its_page(pg_store: PostgresStore) -> None:
    # a body of a few kilobytes is neither compressed nor moved to the TOAST table
    big = Entry.create(0, 1, "ballot", {"data": "ab" * 2500}, bytes(32))
    pg_store.append([big])
    with pg_store._reader() as conn:
        toast = conn.execute(
            "SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE oid = %s::regclass",
            (f"{pg_store.schema}.entries",),
        ).fetchone()
        stored = conn.execute(
            f"SELECT pg_column_size(body), octet_length(body) FROM {pg_store.schema}.entries"
        ).fetchone()
    assert toast == (0,)
    assert stored is not None and stored[0] >= stored[1] == len(dumps_canonical(big.body))
    assert pg_store.get(0) == big


def test_a_tampered_body_is_read_strictly(pg_store: PostgresStore) -> None:
    pg_store.append(chain(2))
    with pg_store._reader() as conn:
        conn.execute(
            f"UPDATE {pg_store.schema}.entries SET body = %s WHERE idx = 1",
            ('{"n":1,"n":2}',),
        )
    with pytest.raises(RecordError, match="entry 1"):
        pg_store.get(1)
    with pytest.raises(RecordError, match="entry 1"):
        list(pg_store.read())


def test_schemas_are_separate_boards(postgres_url: str) -> None:
    with fresh_postgres_location(postgres_url) as a, fresh_postgres_location(postgres_url) as b:
        with PostgresStore(a) as first, PostgresStore(b) as second:
            first.append(chain(4))
            second.append(chain(1, kind="manifest"))
            assert (first.count(), second.count()) == (4, 1)
            assert second.get(0).kind == "manifest"


def test_schema_version_is_checked(pg_location: str) -> None:
    PostgresStore(pg_location).close()
    schema = _schema(pg_location)
    conninfo = parse_location(pg_location)[0]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"UPDATE {schema}.meta SET version = 99")
    with pytest.raises(ParameterError, match="store schema version 99, this code reads 1"):
        PostgresStore(pg_location)


def test_writers_wait_for_the_lock_and_time_out(pg_store: PostgresStore, pg_location: str) -> None:
    entries = chain(2)
    pg_store.append(entries[:1])
    conninfo = parse_location(pg_location)[0]
    impatient = PostgresStore(pg_location, lock_timeout=0.2)
    try:
        with psycopg.connect(conninfo) as holder:  # another writer holds the lock
            holder.execute(f"SELECT version FROM {pg_store.schema}.meta FOR UPDATE")
            with pytest.raises(BoardError) as info:
                impatient.append(entries[1:])
            assert info.value.reason == "store_busy"
            assert impatient.count() == 1  # reads do not wait for the writer
            done = threading.Event()

            def patient() -> None:
                pg_store.append(entries[1:])
                done.set()

            waiter = threading.Thread(target=patient)
            waiter.start()
            assert not done.wait(0.5)  # still waiting for the lock
            holder.rollback()
            waiter.join(10)
            assert done.is_set()
        assert check_chain(impatient.read()) == 2
    finally:
        impatient.close()


def test_reads_hold_no_transaction_open(pg_store: PostgresStore) -> None:
    entries = chain(1200)
    pg_store.append(entries)
    stream = pg_store.read()
    assert next(stream) == entries[0]  # a read stopped halfway through its first chunk
    with pg_store._reader() as conn:
        pids = [c.info.backend_pid for c in pg_store._all]
        states = conn.execute(
            "SELECT pid, state, xact_start FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,)
        ).fetchall()
    assert len(states) == len(pids) >= 2
    for pid, state, started in states:
        if pid != conn.info.backend_pid:
            assert state == "idle" and started is None, (pid, state)
    assert [e.index for e in stream] == list(range(1, 1200))


def test_every_connection_commits_synchronously(pg_location: str) -> None:
    asked_off = f"{pg_location}&options=-c%20synchronous_commit%3Doff"
    with PostgresStore(asked_off) as opened:
        opened.append(chain(1))
        for conn in (opened._writer_conn, *opened._all):
            assert conn.execute("SHOW synchronous_commit").fetchone() == ("on",)


def test_the_unique_index_refuses_a_fork(
    pg_store: PostgresStore, pg_location: str, board_key: SigningKey, election_id: bytes
) -> None:
    entries = chain(3)
    pg_store.append(entries[:1])
    rogue = Entry.create(1, 5_000, "ballot", {"rogue": True}, entries[0].hash)
    conninfo = parse_location(pg_location)[0]

    def bypass() -> None:  # a writer that ignores the lock gets index 1 in first
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(
                f"INSERT INTO {pg_store.schema}.entries VALUES (%s, %s, %s, %s, %s, %s)",
                (1, rogue.time, rogue.kind, dumps_canonical(rogue.body), rogue.prev, rogue.hash),
            )

    # the rows go in with the COMMIT: the fork is refused there, and nothing of the block is kept
    with pytest.raises(BoardError) as info, pg_store.write() as writer:
        assert writer.last() == entries[0]
        bypass()
        writer.append(entries[1:])
        writer.add_heads([SignedHead.for_entry(board_key, election_id, e) for e in entries[1:]])
    assert info.value.reason == "fork"
    assert "index 1 is already taken" in str(info.value)
    assert list(pg_store.read()) == [entries[0], rogue]
    assert list(pg_store.heads()) == []
    # ... or at the first read in the transaction after the append
    with pg_store.write() as writer:
        assert writer.last() == rogue
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f"DELETE FROM {pg_store.schema}.entries WHERE idx = 1")
    with pytest.raises(BoardError) as info, pg_store.write() as writer:
        assert writer.last() == entries[0]
        writer.append(entries[1:2])
        bypass()
        list(writer.read(0))
    assert info.value.reason == "fork"
    assert list(pg_store.read()) == [entries[0], rogue]
    pg_store.append([Entry.create(2, 6_000, "ballot", {}, rogue.hash)])  # the store goes on
    assert pg_store.count() == 3


def test_a_closed_store_and_a_stale_writer(pg_store: PostgresStore) -> None:
    with pg_store.write() as writer:
        pass
    with pytest.raises(ParameterError, match="outside its transaction"):
        writer.last()
    with pytest.raises(ParameterError, match="outside its transaction"):
        writer.read(0)
    pg_store.close()
    with pytest.raises(ParameterError, match="closed"):
        pg_store.append([Entry.create(0, 0, "manifest", {}, bytes(32))])


def test_a_lost_connection_fails_one_write_and_the_next_reconnects(
    pg_store: PostgresStore, pg_location: str
) -> None:
    entries = chain(2)
    pg_store.append(entries[:1])
    lost = pg_store._writer_conn.info.backend_pid
    with psycopg.connect(parse_location(pg_location)[0], autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (lost,))
    with pytest.raises(BoardError) as info:
        pg_store.append(entries[1:])
    assert info.value.reason == "store_failed"
    pg_store.append(entries[1:])
    assert pg_store._writer_conn.info.backend_pid != lost
    assert list(pg_store.read()) == entries
