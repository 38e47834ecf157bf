"""The PostgreSQL store: the board on a database server, for boards that several hosts share.

A location is a libpq URL, ``postgresql://user@host:port/database`` (``postgres://`` too; a unix
socket directory goes in ``?host=/path/to/dir`` or percent-encoded as the host), with one
parameter of the store's own: ``schema=NAME`` (default ``board``) names the PostgreSQL schema
that holds the board's tables, so that one database can hold several boards. The schema and its
tables are created if missing, with a version row.

Each write is ONE transaction under a lock: it starts with ``SELECT … FOR UPDATE`` on the
schema's one-row ``meta`` table, so writers of every process and host queue on that row (in
the order they asked, woken as soon as it is free). Inside the transaction the head is read
again, after the lock, so entries appended by another writer are seen before anything is
checked (:func:`~plebiscite.board.stores.base.check_append`: the same refusals and reasons as every
adapter) or appended. ``entries.idx`` is the primary key: a unique index on the entry index, the
last line of defence against a fork. Every connection runs with ``synchronous_commit = on``,
and a server with ``fsync`` off is refused, so an acknowledged (committed) entry is on disk.

Bodies are stored as their canonical JSON text (:func:`plebiscite.model.codec.dumps_canonical`),
from which the entry hash is recomputed exactly; hashes and signatures as ``bytea``.

Reads use a small pool of autocommit connections of their own: every query is a statement
complete in itself, so a long :meth:`PostgresStore.read` never holds a transaction open. A
database failure during a write is a :class:`~plebiscite.errors.BoardError` with reason
``store_failed`` (``store_busy`` when the lock was not had within ``lock_timeout``); during a
read, the driver's :class:`psycopg.Error` is raised as it is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors

from plebiscite.board.stores.base import check_append
from plebiscite.errors import BoardError, ParameterError, RecordError
from plebiscite.model.codec import dumps_canonical, loads_strict
from plebiscite.model.entry import Entry, SignedHead

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "PostgresStore", "parse_location"]

SCHEMA_VERSION: Final = 1
DEFAULT_SCHEMA: Final = "board"
_READ_CHUNK: Final = 512
_MAX_INDEX: Final = (1 << 63) - 1
_SCHEMES: Final = ("postgresql", "postgres")
_SCHEMA_NAME: Final = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SECRET_PARAMS: Final = frozenset({"password", "sslpassword"})

_ENTRY_COLUMNS: Final = "idx, time, kind, body, prev, hash"
_HEAD_COLUMNS: Final = "seq, election_id, idx, entry_hash, time, signature"


def _q(schema: str) -> str:
    """``schema`` as a quoted SQL identifier (a reserved word such as ``user`` works too)."""
    return f'"{schema}"'


def _schema_statements(schema: str) -> tuple[str, ...]:
    """The DDL of one board's schema (``schema`` already checked against ``_SCHEMA_NAME``)."""
    return (
        f"CREATE SCHEMA IF NOT EXISTS {_q(schema)}",
        f"""CREATE TABLE IF NOT EXISTS {_q(schema)}.meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS {_q(schema)}.entries (
            idx BIGINT PRIMARY KEY CHECK (idx >= 0),
            time BIGINT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            prev BYTEA NOT NULL CHECK (octet_length(prev) = 32),
            hash BYTEA NOT NULL CHECK (octet_length(hash) = 32)
        )""",
        f"""CREATE TABLE IF NOT EXISTS {_q(schema)}.heads (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            election_id BYTEA NOT NULL,
            idx BIGINT NOT NULL,
            entry_hash BYTEA NOT NULL,
            time BIGINT NOT NULL,
            signature BYTEA NOT NULL
        )""",
    )


def parse_location(location: str) -> tuple[str, str, str]:
    """Split a store location into ``(conninfo, schema, display)``.

    ``conninfo`` is the URL for libpq (the ``schema`` parameter removed), ``schema`` the board's
    schema name, ``display`` the URL with any password masked, for messages and reprs.
    Raises :class:`ParameterError` for another scheme or a schema name that is not a plain
    lower-case SQL identifier.
    """
    parts = urlsplit(location)
    if parts.scheme not in _SCHEMES:
        raise ParameterError(
            f"store location: expected a postgresql:// URL, not a {parts.scheme or 'plain'} one"
        )
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in params if key == "schema"]
    if len(schemas) > 1:
        raise ParameterError("store location: parameter schema: given more than once")
    schema = schemas[0] if schemas else DEFAULT_SCHEMA
    if not _SCHEMA_NAME.fullmatch(schema):
        raise ParameterError(
            f"store location: parameter schema: {schema!r} is not a lower-case SQL identifier "
            "(letters, digits, _; at most 63)"
        )
    kept = [(key, value) for key, value in params if key != "schema"]
    # libpq decodes %XX only (not "+" for a space)
    conninfo = urlunsplit(parts._replace(query=urlencode(kept, safe="/", quote_via=quote)))
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, hosts = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:***@{hosts}"
    shown = [(key, "***" if key in _SECRET_PARAMS else value) for key, value in params]
    display = urlunsplit(
        parts._replace(netloc=netloc, query=urlencode(shown, safe="/*", quote_via=quote))
    )
    return conninfo, schema, display


def _entry(schema: str, row: tuple[Any, ...]) -> Entry:
    idx, time, kind, body_text, prev, hash_ = row
    where = f"schema {schema}: entry {idx}"
    body = loads_strict(body_text, where)
    if type(body) is not dict:
        raise RecordError.at(where, "body", "stored body is not a JSON object")
    return Entry(idx, time, kind, body, bytes(prev), bytes(hash_))


def _head(row: tuple[Any, ...]) -> SignedHead:
    _, election_id, idx, entry_hash, time, signature = row
    return SignedHead(bytes(election_id), idx, bytes(entry_hash), time, bytes(signature))


def _read_entries(
    conn: psycopg.Connection[Any], schema: str, start: int, stop: int | None
) -> Iterator[Entry]:
    """Entries in ``[start, stop)`` over one connection, in chunks of complete queries."""
    upper = _MAX_INDEX if stop is None else min(stop, _MAX_INDEX)
    cursor = start
    while cursor < upper:
        rows = conn.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM {_q(schema)}.entries "  # noqa: S608
            "WHERE idx >= %s AND idx < %s ORDER BY idx LIMIT %s",
            (cursor, upper, _READ_CHUNK),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            yield _entry(schema, row)
        cursor = rows[-1][0] + 1


def _last(conn: psycopg.Connection[Any], schema: str) -> Entry | None:
    row = conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM {_q(schema)}.entries ORDER BY idx DESC LIMIT 1"  # noqa: S608
    ).fetchone()
    return None if row is None else _entry(schema, row)


class _Writer:
    """The store inside one locked transaction (a
    :class:`~plebiscite.board.stores.base.StoreWriter`)."""

    def __init__(self, conn: psycopg.Connection[Any], schema: str, display: str) -> None:
        self._conn = conn
        self._schema = schema
        self._display = display
        self._last: Entry | None = None
        self._last_known = False
        self._appended: dict[int, Entry] = {}
        self.open = True

    def _check_open(self) -> None:
        if not self.open:
            raise ParameterError("store writer used outside its transaction")

    def _failed(self, what: str, exc: psycopg.Error) -> BoardError:
        return BoardError("store_failed", f"{self._display}: {what}: {exc}")

    def last(self) -> Entry | None:
        self._check_open()
        if not self._last_known:
            try:
                self._last = _last(self._conn, self._schema)
            except psycopg.Error as exc:
                raise self._failed("reading the head", exc) from None
            self._last_known = True
        return self._last

    def read(self, start: int, stop: int | None = None) -> Iterator[Entry]:
        self._check_open()
        return self._read(start, stop)

    def _read(self, start: int, stop: int | None) -> Iterator[Entry]:
        try:
            yield from _read_entries(self._conn, self._schema, start, stop)
        except psycopg.Error as exc:
            raise self._failed("reading entries", exc) from None

    def append(self, entries: Sequence[Entry]) -> None:
        self._check_open()
        if not entries:
            return
        check_append(self.last(), entries)
        rows = [(e.index, e.time, e.kind, dumps_canonical(e.body), e.prev, e.hash) for e in entries]
        try:
            # a savepoint: a refused insert leaves the rest of the transaction usable
            with self._conn.transaction(), self._conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {_q(self._schema)}.entries ({_ENTRY_COLUMNS}) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    rows,
                )
        except pg_errors.UniqueViolation as exc:  # the unique index: another writer got there
            raise BoardError(
                "fork", f"index {entries[0].index} is already taken: {exc.diag.message_detail}"
            ) from None
        except psycopg.Error as exc:
            raise self._failed("appending entries", exc) from None
        self._last = entries[-1]
        self._appended.update((e.index, e) for e in entries)

    def add_heads(self, heads: Sequence[SignedHead]) -> None:
        self._check_open()
        if not heads:
            return
        try:
            for head in heads:
                fresh = self._appended.get(head.index)  # appended in this transaction
                if fresh is not None:
                    row: tuple[Any, ...] | None = (fresh.hash, fresh.time)
                elif 0 <= head.index <= _MAX_INDEX:
                    row = self._conn.execute(
                        f"SELECT hash, time FROM {_q(self._schema)}.entries "  # noqa: S608
                        "WHERE idx = %s",
                        (head.index,),
                    ).fetchone()
                else:
                    row = None
                if row is None or bytes(row[0]) != head.entry_hash or row[1] != head.time:
                    raise BoardError(
                        "head_mismatch",
                        f"signed head at index {head.index} names no entry of the chain",
                    )
            with self._conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {_q(self._schema)}.heads "  # noqa: S608
                    "(election_id, idx, entry_hash, time, signature) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(h.election_id, h.index, h.entry_hash, h.time, h.signature) for h in heads],
                )
        except psycopg.Error as exc:
            raise self._failed("recording heads", exc) from None


class PostgresStore:
    """The board's chain and heads in one schema of a PostgreSQL database.

    ``location`` is a ``postgresql://`` URL (see :func:`parse_location`); ``lock_timeout``
    (seconds) bounds the wait for the write lock, ``connect_timeout`` the wait for a connection.
    """

    def __init__(
        self, location: str, *, lock_timeout: float = 60.0, connect_timeout: float = 10.0
    ) -> None:
        self._conninfo, self.schema, self.location = parse_location(location)
        if lock_timeout <= 0 or connect_timeout <= 0:
            raise ParameterError("PostgreSQL store: timeouts must be positive")
        self._lock_timeout_ms = max(1, int(lock_timeout * 1000))
        self._connect_timeout = max(1, round(connect_timeout))
        self._write_lock = threading.Lock()
        self._pool_lock = threading.Lock()
        self._idle: list[psycopg.Connection[Any]] = []
        self._all: list[psycopg.Connection[Any]] = []
        self._closed = False
        self._writer_conn = self._connect()
        try:
            fsync = self._writer_conn.execute("SHOW fsync").fetchone()
            if fsync is None or fsync[0] != "on":
                raise ParameterError(
                    f"{self.location}: the server runs with fsync off: an acknowledged entry "
                    "would not be durable"
                )
            self._writer_conn.execute(f"SET lock_timeout = {self._lock_timeout_ms}")
            self._create_schema()
        except BaseException:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({self.location!r}, schema={self.schema!r})"

    def _create_schema(self) -> None:
        conn = self._writer_conn
        schema = self.schema
        try:
            with conn.transaction():
                # one creator at a time (CREATE … IF NOT EXISTS races between sessions)
                conn.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                    (f"plebiscite.board:{schema}",),
                )
                exists = conn.execute("SELECT to_regclass(%s)", (f"{_q(schema)}.meta",)).fetchone()
                if exists is None or exists[0] is None:
                    for statement in _schema_statements(schema):
                        conn.execute(statement)
                    conn.execute(
                        f"INSERT INTO {_q(schema)}.meta (id, version) VALUES (1, %s)",  # noqa: S608
                        (SCHEMA_VERSION,),
                    )
                row = conn.execute(
                    f"SELECT version FROM {_q(schema)}.meta WHERE id = 1"  # noqa: S608
                ).fetchone()
        except psycopg.Error as exc:
            raise ParameterError(
                f"{self.location}: cannot create or read the board schema {schema}: {exc}"
            ) from None
        if row is None or row[0] != SCHEMA_VERSION:
            version = None if row is None else row[0]
            raise ParameterError(
                f"{self.location}: schema {schema}: store schema version {version}, this code "
                f"reads {SCHEMA_VERSION}"
            )

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(
                self._conninfo,
                autocommit=True,
                connect_timeout=self._connect_timeout,
                application_name="plebiscite-board",
            )
        except psycopg.Error as exc:
            raise ParameterError(f"{self.location}: cannot connect: {exc}") from None
        try:
            conn.execute("SET synchronous_commit = on")
        except BaseException:
            conn.close()
            raise
        with self._pool_lock:
            self._all.append(conn)
        return conn

    def _discard(self, conn: psycopg.Connection[Any]) -> None:
        with self._pool_lock:
            if conn in self._all:
                self._all.remove(conn)
        conn.close()

    # -- connections -----------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise ParameterError(f"{self.location}: the store is closed")

    @contextmanager
    def _reader(self) -> Iterator[psycopg.Connection[Any]]:
        self._check_open()
        with self._pool_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.broken or conn.closed:
                self._discard(conn)
            else:
                with self._pool_lock:
                    if self._closed:
                        conn.close()
                    else:
                        self._idle.append(conn)

    def close(self) -> None:
        """Close every connection; later calls raise :class:`ParameterError`."""
        with self._pool_lock:
            self._closed = True
            conns, self._all, self._idle = self._all, [], []
        for conn in conns:
            conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ----------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[_Writer]:
        """One transaction under the ``meta`` row lock; COMMIT (durable), or ROLLBACK on error."""
        self._check_open()
        with self._write_lock:
            if self._writer_conn.broken or self._writer_conn.closed:  # the server went away
                self._discard(self._writer_conn)
                self._writer_conn = self._connect()
                self._writer_conn.execute(f"SET lock_timeout = {self._lock_timeout_ms}")
            conn = self._writer_conn
            writer = _Writer(conn, self.schema, self.location)
            try:
                with conn.transaction():
                    try:
                        locked = conn.execute(
                            f"SELECT version FROM {_q(self.schema)}.meta "  # noqa: S608
                            "WHERE id = 1 FOR UPDATE"
                        ).fetchone()
                    except pg_errors.LockNotAvailable:
                        raise BoardError(
                            "store_busy",
                            f"{self.location}: no write lock within {self._lock_timeout_ms} ms",
                        ) from None
                    if locked is None or locked[0] != SCHEMA_VERSION:
                        raise BoardError(
                            "store_failed",
                            f"{self.location}: schema {self.schema}: the version row is gone "
                            "or changed",
                        )
                    try:
                        yield writer
                    finally:
                        writer.open = False
            except psycopg.Error as exc:
                raise BoardError(
                    "store_failed", f"{self.location}: the transaction failed: {exc}"
                ) from None

    def append(self, entries: Sequence[Entry]) -> None:
        with self.write() as writer:
            writer.append(entries)

    def add_head(self, head: SignedHead) -> None:
        with self.write() as writer:
            writer.add_heads([head])

    # -- reads -----------------------------------------------------------------------------------

    def last(self) -> Entry | None:
        with self._reader() as conn:
            return _last(conn, self.schema)

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        if start < 0 or (stop is not None and stop < start):
            raise ParameterError(f"read: bad range [{start}, {stop})")
        cursor = start
        while True:
            upper = cursor + _READ_CHUNK if stop is None else min(stop, cursor + _READ_CHUNK)
            with self._reader() as conn:
                chunk = list(_read_entries(conn, self.schema, cursor, upper))
            yield from chunk
            if len(chunk) < _READ_CHUNK:
                return
            cursor = chunk[-1].index + 1

    def get(self, index: int) -> Entry:
        row = None
        if 0 <= index <= _MAX_INDEX:
            with self._reader() as conn:
                row = conn.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM {_q(self.schema)}.entries "  # noqa: S608
                    "WHERE idx = %s",
                    (index,),
                ).fetchone()
        if row is None:
            raise ParameterError(f"schema {self.schema}: no entry at index {index}")
        return _entry(self.schema, row)

    def count(self) -> int:
        with self._reader() as conn:
            row = conn.execute(f"SELECT MAX(idx) FROM {_q(self.schema)}.entries").fetchone()  # noqa: S608
        return 0 if row is None or row[0] is None else int(row[0]) + 1

    def heads(self) -> Iterator[SignedHead]:
        cursor = 0
        while True:
            with self._reader() as conn:
                rows = conn.execute(
                    f"SELECT {_HEAD_COLUMNS} FROM {_q(self.schema)}.heads "  # noqa: S608
                    "WHERE seq >= %s ORDER BY seq LIMIT %s",
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
                f"SELECT {_HEAD_COLUMNS} FROM {_q(self.schema)}.heads "  # noqa: S608
                "ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        return None if row is None else _head(row)
