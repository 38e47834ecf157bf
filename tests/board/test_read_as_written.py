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


def test_the_rows_kept_hold_at_most_their_bound_of_body_text(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = chain(5)
    text = len(dumps_canonical(entries[0].body))  # every body of the chain is as long
    monkeypatch.setattr(sql, "WRITTEN_KEPT_BYTES", 2 * text + 1)
    store.append(entries[:4])
    store.append(entries[4:])
    got = list(store.read())
    assert got == entries
    assert [g is e for g, e in zip(got, entries, strict=True)] == [False, False, False, True, True]


def _read_limits(store: sql.SQLStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row limit of each read query ``store`` sends from now on, in order."""
    limits: list[int] = []
    fetchall = store._fetchall

    def counted(conn: object, statement: str, params: tuple[object, ...] = ()) -> list[object]:
        if statement == store._sql.read:
            limits.append(int(params[2]))  # type: ignore[call-overload]
        return fetchall(conn, statement, params)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_fetchall", counted)
    return limits


@pytest.mark.parametrize(("start", "stop"), [(0, None), (0, 30), (3, 29), (7, 8), (5, 5)])
@pytest.mark.parametrize(("budget", "then"), [(3, 3), (100, 16)])
def test_a_read_asks_for_as_many_rows_as_the_last_bodies_say_fit(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    start: int,
    stop: int | None,
    budget: int,
    then: int,
) -> None:
    # 8 rows first, then 3 after bodies of 8/3 of the budget, 16 (the most) after small ones
    entries = chain(30)
    store.append(entries)
    text = max(len(dumps_canonical(e.body)) for e in entries)  # entries 0-9: 1 character less
    assert isinstance(store, sql.SQLStore)
    monkeypatch.setattr(sql, "READ_FIRST", 8)
    monkeypatch.setattr(sql, "READ_CHUNK", 16)
    monkeypatch.setattr(sql, "READ_BYTES", budget * text)
    limits = _read_limits(store, monkeypatch)
    assert list(store.read(start, stop)) == entries[start:stop]
    assert limits[0] == 8 and all(limit == then for limit in limits[1:])
    assert (len(limits) > 1) == (len(entries[start:stop]) >= 8)


def test_a_writer_reads_in_queries_sized_by_their_bodies(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = chain(30)
    store.append(entries)
    text = max(len(dumps_canonical(e.body)) for e in entries)
    assert isinstance(store, sql.SQLStore)
    monkeypatch.setattr(sql, "READ_FIRST", 8)
    monkeypatch.setattr(sql, "READ_BYTES", 3 * text)
    limits = _read_limits(store, monkeypatch)
    with store.write() as writer:
        assert list(writer.read(2, 27)) == entries[2:27]
        assert list(writer.read(0)) == entries
    # each read starts at 8 and goes on by 3 (more after a short last query)
    assert limits[0] == 8 and limits.count(8) == 2 and limits.count(3) >= 12


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
