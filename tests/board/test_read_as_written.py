"""A SQL store gives back the entry its writer committed only when the row it reads is the row it
wrote, column by column (``plebiscite.board.stores.sql``, rows read back as written)."""

from __future__ import annotations

import sqlite3

import pytest

from plebiscite.board.stores import sql
from plebiscite.board.stores.base import Store
from plebiscite.board.stores.postgres import PostgresStore
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.entry import entry_hash

from .test_store_contract import chain


def _update(store: Store, column: str, value: object, index: int) -> None:
    """Change one column of one stored row behind the store's back (a hostile insider)."""
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as conn:
            conn.execute(f"UPDATE entries SET {column} = ? WHERE idx = ?", (value, index))
        return
    assert isinstance(store, PostgresStore)
    with store._reader() as conn:
        conn.execute(
            f"UPDATE {store.schema}.entries SET {column} = %s WHERE idx = %s", (value, index)
        )


def test_a_committed_entry_is_read_back_as_written_once(store: Store) -> None:
    entries = chain(5)
    store.append(entries[:2])
    store.append(entries[2:])
    first = list(store.read())
    assert first == entries
    assert all(got is made for got, made in zip(first, entries, strict=True))
    again = list(store.read())  # a kept row is used once: read and parsed this time
    assert again == entries
    parsed = zip(again, entries, strict=True)
    assert all(got is not made and got.check_hash() for got, made in parsed)


def test_a_row_resealed_in_the_database_is_read_as_stored(store: Store) -> None:
    """The insider changes the body and re-hashes it: the read gives the stored content, not
    the writer's entry, so the chain check (V1) sees the changed hash."""
    entries = chain(3)
    store.append(entries)
    old = entries[1]
    body = {**old.body, "n": 99}
    forged = entry_hash(old.index, old.time, old.kind, body, old.prev)
    _update(store, "body", dumps_canonical(body), 1)
    _update(store, "hash", forged, 1)
    got = list(store.read())
    assert got[1].body == body and got[1].hash == forged and got[1].check_hash()
    assert got[1] is not old
    assert got[2].prev != got[1].hash  # the next entry no longer links


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("body", '{"big":1,"n":1,"text":"x"}'),
        ("time", 5),
        ("kind", "challenge"),
        ("prev", b"\x01" * 32),
        ("hash", b"\x02" * 32),
    ],
)
def test_any_changed_column_is_read_from_the_database(
    store: Store, column: str, value: object
) -> None:
    entries = chain(3)
    store.append(entries)
    _update(store, column, value, 1)
    got = list(store.read())[1]
    assert got is not entries[1]
    assert not got.check_hash()  # the stored hash no longer matches the stored content


def test_only_the_last_written_are_kept(store: Store) -> None:
    assert isinstance(store, sql.SQLStore) and store.keep_written == sql.WRITTEN_KEPT
    store.keep_written = 3
    entries = chain(5)
    store.append(entries[:2])
    store.append(entries[2:])
    got = list(store.read())
    assert got == entries
    assert [g is e for g, e in zip(got, entries, strict=True)] == [False, False, True, True, True]


def test_a_store_told_to_keep_none_reads_every_row_from_the_database(store: Store) -> None:
    # a writer whose readers are other processes keeps nothing; what it kept before goes at the
    # next commit
    assert isinstance(store, sql.SQLStore)
    entries = chain(4)
    store.append(entries[:2])
    store.keep_written = 0
    store.append(entries[2:])
    got = list(store.read())
    assert got == entries
    assert not any(g is e for g, e in zip(got, entries, strict=True))
    assert all(g.check_hash() for g in got)
