"""The embedded SQLite store: the board's default.

The database runs in WAL mode with ``synchronous=FULL``, so a committed (acknowledged) entry
survives a crash or power loss. Writes take ``BEGIN IMMEDIATE``: one writer at a time across
threads and processes, the others waiting up to ``busy_timeout`` seconds. Inside the transaction
the head is read again, so entries appended by another process are seen before anything is
checked or appended. ``entries.idx`` is the INTEGER PRIMARY KEY: a unique index on the entry
index. Bodies are stored as canonical JSON text (:func:`plebiscite.model.codec.dumps_canonical`),
hashes as 32-byte blobs.

Writers also take an exclusive ``flock`` on ``<path>-lock`` before ``BEGIN IMMEDIATE``: a
writer of another process then waits in the kernel and is woken as soon as the lock is free,
instead of polling in SQLite's busy handler (which lets one busy process starve the other).

Reads use a small pool of connections of their own and see committed data only; each query is
complete in itself, so a long :meth:`SQLiteStore.read` never holds a transaction open.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from plebiscite.board.stores.base import check_append
from plebiscite.errors import BoardError, ParameterError, RecordError
from plebiscite.model.codec import dumps_canonical, loads_strict
from plebiscite.model.entry import Entry, SignedHead

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

SCHEMA_VERSION: Final = 1
_READ_CHUNK: Final = 512

_SCHEMA: Final = (
    """CREATE TABLE IF NOT EXISTS entries (
        idx INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        prev BLOB NOT NULL,
        hash BLOB NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS heads (
        seq INTEGER PRIMARY KEY,
        election_id BLOB NOT NULL,
        idx INTEGER NOT NULL,
        entry_hash BLOB NOT NULL,
        time INTEGER NOT NULL,
        signature BLOB NOT NULL
    )""",
)

_ENTRY_COLUMNS: Final = "idx, time, kind, body, prev, hash"
_HEAD_COLUMNS: Final = "seq, election_id, idx, entry_hash, time, signature"

_Row = tuple[int, int, str, str, bytes, bytes]
_HeadRow = tuple[int, bytes, int, bytes, int, bytes]


def _entry(path: Path, row: _Row) -> Entry:
    idx, time, kind, body_text, prev, hash_ = row
    where = f"{path.name}: entry {idx}"
    body = loads_strict(body_text, where)
    if type(body) is not dict:
        raise RecordError.at(where, "body", "stored body is not a JSON object")
    return Entry(idx, time, kind, body, bytes(prev), bytes(hash_))


def _head(row: _HeadRow) -> SignedHead:
    _, election_id, idx, entry_hash, time, signature = row
    return SignedHead(bytes(election_id), idx, bytes(entry_hash), time, bytes(signature))


def _read_entries(
    conn: sqlite3.Connection, path: Path, start: int, stop: int | None
) -> Iterator[Entry]:
    """Entries in ``[start, stop)`` from one connection, in chunks of complete queries."""
    upper = (1 << 63) - 1 if stop is None else stop
    cursor = start
    while cursor < upper:
        rows: list[_Row] = conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE idx >= ? AND idx < ? "  # noqa: S608
            "ORDER BY idx LIMIT ?",
            (cursor, upper, _READ_CHUNK),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            yield _entry(path, row)
        cursor = rows[-1][0] + 1


def _last(conn: sqlite3.Connection, path: Path) -> Entry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM entries ORDER BY idx DESC LIMIT 1"  # noqa: S608
    ).fetchone()
    return None if row is None else _entry(path, row)


class _Writer:
    """The store inside one ``BEGIN IMMEDIATE`` transaction (a :class:`StoreWriter`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._path = path
        self._last: Entry | None = None
        self._last_known = False
        self._appended: dict[int, Entry] = {}
        self.open = True

    def _check_open(self) -> None:
        if not self.open:
            raise ParameterError("store writer used outside its transaction")

    def last(self) -> Entry | None:
        self._check_open()
        if not self._last_known:
            self._last = _last(self._conn, self._path)
            self._last_known = True
        return self._last

    def read(self, start: int, stop: int | None = None) -> Iterator[Entry]:
        self._check_open()
        return _read_entries(self._conn, self._path, start, stop)

    def append(self, entries: Sequence[Entry]) -> None:
        self._check_open()
        if not entries:
            return
        check_append(self.last(), entries)
        rows = [(e.index, e.time, e.kind, dumps_canonical(e.body), e.prev, e.hash) for e in entries]
        try:
            self._conn.executemany(
                f"INSERT INTO entries ({_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
                rows,
            )
        except sqlite3.IntegrityError as exc:  # the unique index: another writer got there first
            raise BoardError("fork", f"index {entries[0].index} is already taken: {exc}") from None
        self._last = entries[-1]
        self._appended.update((e.index, e) for e in entries)

    def add_heads(self, heads: Sequence[SignedHead]) -> None:
        self._check_open()
        if not heads:
            return
        for head in heads:
            fresh = self._appended.get(head.index)  # appended in this transaction
            if fresh is not None:
                row: tuple[bytes, int] | None = (fresh.hash, fresh.time)
            else:
                row = self._conn.execute(
                    "SELECT hash, time FROM entries WHERE idx = ?", (head.index,)
                ).fetchone()
            if row is None or bytes(row[0]) != head.entry_hash or row[1] != head.time:
                raise BoardError(
                    "head_mismatch",
                    f"signed head at index {head.index} names no entry of the chain",
                )
        self._conn.executemany(
            "INSERT INTO heads (election_id, idx, entry_hash, time, signature) "
            "VALUES (?, ?, ?, ?, ?)",
            [(h.election_id, h.index, h.entry_hash, h.time, h.signature) for h in heads],
        )


class SQLiteStore:
    """The board's chain and heads in one SQLite database file (WAL, ``synchronous=FULL``)."""

    def __init__(self, path: str | Path, busy_timeout: float = 60.0) -> None:
        self.path = Path(path)
        self._busy_timeout = busy_timeout
        self._write_lock = threading.Lock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        self._all: list[sqlite3.Connection] = []
        self._closed = False
        self._lock_fd = -1
        self._writer_conn = self._connect()
        self._lock_fd = os.open(f"{self.path}-lock", os.O_RDWR | os.O_CREAT, 0o644)
        with self._write_lock:
            conn = self._writer_conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version not in (0, SCHEMA_VERSION):
                    raise ParameterError(
                        f"{self.path}: store schema version {version}, this code reads "
                        f"{SCHEMA_VERSION}"
                    )
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except BaseException:
                conn.execute("ROLLBACK")
                self.close()
                raise
            conn.execute("COMMIT")

    def _connect(self) -> sqlite3.Connection:
        if str(self.path) == ":memory:" or str(self.path).startswith("file:"):
            raise ParameterError("SQLite store: a file path is required (WAL needs a file)")
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise ParameterError(f"{self.path}: cannot open the store: {exc}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise ParameterError(f"{self.path}: cannot switch the store to WAL ({mode})")
            conn.execute("PRAGMA synchronous = FULL")
        except BaseException:
            conn.close()
            raise
        with self._pool_lock:
            self._all.append(conn)
        return conn

    # -- connections -----------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise ParameterError(f"{self.path}: the store is closed")

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        self._check_open()
        with self._pool_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            with self._pool_lock:
                self._idle.append(conn)

    def close(self) -> None:
        """Close every connection; later calls raise :class:`ParameterError`."""
        with self._pool_lock:
            self._closed = True
            conns, self._all, self._idle = self._all, [], []
        for conn in conns:
            conn.close()
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[_Writer]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (durable), or ``ROLLBACK`` if the block raises."""
        self._check_open()
        with self._write_lock:
            fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            try:
                conn = self._writer_conn
                try:
                    conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    raise BoardError("store_busy", f"{self.path}: no write lock: {exc}") from None
                writer = _Writer(conn, self.path)
                try:
                    yield writer
                    writer.open = False
                    conn.execute("COMMIT")
                except BaseException:
                    writer.open = False
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            finally:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def append(self, entries: Sequence[Entry]) -> None:
        with self.write() as writer:
            writer.append(entries)

    def add_head(self, head: SignedHead) -> None:
        with self.write() as writer:
            writer.add_heads([head])

    # -- reads -----------------------------------------------------------------------------------

    def last(self) -> Entry | None:
        with self._reader() as conn:
            return _last(conn, self.path)

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        if start < 0 or (stop is not None and stop < start):
            raise ParameterError(f"read: bad range [{start}, {stop})")
        cursor = start
        while True:
            with self._reader() as conn:
                chunk = list(
                    _read_entries(
                        conn,
                        self.path,
                        cursor,
                        cursor + _READ_CHUNK if stop is None else min(stop, cursor + _READ_CHUNK),
                    )
                )
            yield from chunk
            if len(chunk) < _READ_CHUNK:
                return
            cursor = chunk[-1].index + 1

    def get(self, index: int) -> Entry:
        with self._reader() as conn:
            row = conn.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE idx = ?",  # noqa: S608
                (index,),
            ).fetchone()
        if row is None:
            raise ParameterError(f"{self.path.name}: no entry at index {index}")
        return _entry(self.path, row)

    def count(self) -> int:
        with self._reader() as conn:
            value = conn.execute("SELECT MAX(idx) FROM entries").fetchone()[0]
        return 0 if value is None else int(value) + 1

    def heads(self) -> Iterator[SignedHead]:
        cursor = 0
        while True:
            with self._reader() as conn:
                rows: list[_HeadRow] = conn.execute(
                    f"SELECT {_HEAD_COLUMNS} FROM heads WHERE seq >= ? "  # noqa: S608
                    "ORDER BY seq LIMIT ?",
                    (cursor, _READ_CHUNK),
                ).fetchall()
            for row in rows:
                yield _head(row)
            if len(rows) < _READ_CHUNK:
                return
            cursor = rows[-1][0] + 1

    def last_head(self) -> SignedHead | None:
        with self._reader() as conn:
            row = conn.execute(
                f"SELECT {_HEAD_COLUMNS} FROM heads ORDER BY seq DESC LIMIT 1"  # noqa: S608
            ).fetchone()
        return None if row is None else _head(row)
