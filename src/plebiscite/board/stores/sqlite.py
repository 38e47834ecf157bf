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
complete in itself, so a long :meth:`SQLiteStore.read` never holds a transaction open. The
statements, the rows and the writer are :mod:`~plebiscite.board.stores.sql`'s, shared with the
PostgreSQL adapter.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from plebiscite.board.stores.sql import Row, SQLStore, SQLWriter
from plebiscite.errors import BoardError, ParameterError

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

SCHEMA_VERSION: Final = 1

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


class SQLiteStore(SQLStore[sqlite3.Connection]):
    """The board's chain and heads in one SQLite database file (WAL, ``synchronous=FULL``)."""

    PARAM = "?"

    def __init__(self, path: str | Path, busy_timeout: float = 60.0) -> None:
        self.path = Path(path)
        super().__init__(self.path.name, str(self.path), "entries", "heads")
        self._busy_timeout = busy_timeout
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

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the dialect -------------------------------------------------------------------------------

    def _open_connection(self) -> sqlite3.Connection:
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
        return conn

    def _fetchall(self, conn: sqlite3.Connection, sql: str, params: Row = ()) -> list[Row]:
        rows: list[Row] = conn.execute(sql, params).fetchall()
        return rows

    def _fetchone(self, conn: sqlite3.Connection, sql: str, params: Row = ()) -> Row | None:
        row: Row | None = conn.execute(sql, params).fetchone()
        return row

    def _executemany(self, conn: sqlite3.Connection, sql: str, rows: Sequence[Row]) -> None:
        conn.executemany(sql, rows)

    def _close_connection(self, conn: sqlite3.Connection) -> None:
        conn.close()

    def _fork_detail(self, exc: Exception) -> str | None:
        return str(exc) if isinstance(exc, sqlite3.IntegrityError) else None

    def close(self) -> None:
        """Close every connection and the lock file; later calls raise :class:`ParameterError`."""
        super().close()
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1

    @contextmanager
    def _transaction(self) -> Iterator[SQLWriter[sqlite3.Connection]]:
        """``flock``, ``BEGIN IMMEDIATE`` … ``COMMIT`` (durable), or ``ROLLBACK`` on error."""
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        try:
            conn = self._writer_conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise BoardError("store_busy", f"{self.path}: no write lock: {exc}") from None
            try:
                yield SQLWriter(self, conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
