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

**A write costs two round trips.** ``BEGIN``, the lock and the head's index and hash go to the
server as one query of three statements (the server runs them in order, each with a snapshot of
its own, so the head is read after the lock is had); the writer keeps the rows of its appends
and heads and sends them, one ``INSERT … SELECT FROM unnest(…)`` per table with the columns as
binary arrays, in one pipeline with the ``COMMIT`` (or before a read inside the transaction,
which must see them). A fork refused by the unique index is therefore refused when the block
ends (reason ``fork``), and nothing of the transaction is kept. The client answers no one
before the ``COMMIT`` returns, so durability is the server's: ``synchronous_commit = on`` and
``fsync`` on, checked at connection.

Bodies are stored as their canonical JSON text (:func:`plebiscite.model.codec.dumps_canonical`),
from which the entry hash is recomputed exactly; hashes and signatures as ``bytea``. The
``entries`` table is created with ``toast_tuple_target = 8160``: a row of up to about 8 kB (a
ballot is about 2 kB) stays whole in its heap page, neither compressed (JSON of hex and base64
compresses poorly) nor moved to the TOAST table, whose own rows and index would be written too
(docs/postgres.md).

Reads use a small pool of autocommit connections of their own: every query is a statement
complete in itself, so a long :meth:`PostgresStore.read` never holds a transaction open. A
database failure during a write is a :class:`~plebiscite.errors.BoardError` with reason
``store_failed`` (``store_busy`` when the lock was not had within ``lock_timeout``); during a
read, the driver's :class:`psycopg.Error` is raised as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import ClientCursor
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from plebiscite.board.stores.sql import Row, SQLStore, SQLWriter
from plebiscite.errors import BoardError, ParameterError
from plebiscite.model.entry import Entry

__all__ = ["DEFAULT_SCHEMA", "SCHEMA_VERSION", "PostgresStore", "parse_location"]

SCHEMA_VERSION: Final = 1
DEFAULT_SCHEMA: Final = "board"
_SCHEMES: Final = ("postgresql", "postgres")
_SCHEMA_NAME: Final = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SECRET_PARAMS: Final = frozenset({"password", "sslpassword"})


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
        ) WITH (toast_tuple_target = 8160)""",
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


class PostgresStore(SQLStore["psycopg.Connection[Any]"]):
    """The board's chain and heads in one schema of a PostgreSQL database.

    ``location`` is a ``postgresql://`` URL (see :func:`parse_location`); ``lock_timeout``
    (seconds) bounds the wait for the write lock, ``connect_timeout`` the wait for a connection.
    """

    PARAM = "%s"

    def __init__(
        self, location: str, *, lock_timeout: float = 60.0, connect_timeout: float = 10.0
    ) -> None:
        self._conninfo, self.schema, self.location = parse_location(location)
        if lock_timeout <= 0 or connect_timeout <= 0:
            raise ParameterError("PostgreSQL store: timeouts must be positive")
        super().__init__(
            f"schema {self.schema}",
            self.location,
            f"{_q(self.schema)}.entries",
            f"{_q(self.schema)}.heads",
        )
        self._lock_timeout_ms = max(1, int(lock_timeout * 1000))
        self._connect_timeout = max(1, round(connect_timeout))
        entries, heads = f"{_q(self.schema)}.entries", f"{_q(self.schema)}.heads"
        self._lock_sql = f"SELECT version FROM {_q(self.schema)}.meta WHERE id = 1 FOR UPDATE"  # noqa: S608
        # a group's rows in one statement per table, over arrays sent in binary
        self._insert_entries_sql = (
            f"INSERT INTO {entries} (idx, time, kind, body, prev, hash) "  # noqa: S608
            "SELECT * FROM unnest(%b::int8[], %b::int8[], %b::text[], %b::text[], %b::bytea[], "
            "%b::bytea[])"
        )
        self._insert_heads_sql = (
            f"INSERT INTO {heads} (election_id, idx, entry_hash, time, signature) "  # noqa: S608
            "SELECT e, i, h, t, s FROM unnest(%b::bytea[], %b::int8[], %b::bytea[], %b::int8[], "
            "%b::bytea[]) WITH ORDINALITY AS r(e, i, h, t, s, n) ORDER BY n"
        )
        self._begin_sql = f"BEGIN; {self._lock_sql}; {self._sql.last_link}"
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

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    # -- the dialect -------------------------------------------------------------------------------

    def _open_connection(self) -> psycopg.Connection[Any]:
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
        return conn

    def _fetchall(self, conn: psycopg.Connection[Any], sql: str, params: Row = ()) -> list[Row]:
        return conn.execute(sql, params).fetchall()

    def _fetchone(self, conn: psycopg.Connection[Any], sql: str, params: Row = ()) -> Row | None:
        row: Row | None = conn.execute(sql, params).fetchone()
        return row

    def _executemany(self, conn: psycopg.Connection[Any], sql: str, rows: Sequence[Row]) -> None:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)

    def _close_connection(self, conn: psycopg.Connection[Any]) -> None:
        conn.close()

    def _usable(self, conn: psycopg.Connection[Any]) -> bool:
        return not (conn.broken or conn.closed)

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        return (psycopg.Error,)

    def _fork_detail(self, exc: Exception) -> str | None:
        if isinstance(exc, pg_errors.UniqueViolation):
            return str(exc.diag.message_detail)
        return None

    def _writer_connection(self) -> psycopg.Connection[Any]:
        """The writer's connection, a new one if the server dropped the last."""
        if self._writer_conn.broken or self._writer_conn.closed:  # the server went away
            self._discard(self._writer_conn)
            self._writer_conn = self._connect()
            self._writer_conn.execute(f"SET lock_timeout = {self._lock_timeout_ms}")
        return self._writer_conn

    def _begin(self, conn: psycopg.Connection[Any]) -> Row | None:
        """BEGIN, the ``meta`` row lock and the head's ``(index, hash)``, in one query (the
        server runs its statements in order, each with a snapshot of its own, so the head is
        read after the lock is had)."""
        cursor = ClientCursor(conn)
        cursor.execute(self._begin_sql)
        cursor.nextset()
        version = cursor.fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            raise BoardError(
                "store_failed",
                f"{self.location}: schema {self.schema}: the version row is gone or changed",
            )
        cursor.nextset()
        head: Row | None = cursor.fetchone()
        return head

    @contextmanager
    def _transaction(self) -> Iterator[SQLWriter[psycopg.Connection[Any]]]:
        """One transaction under the ``meta`` row lock, its rows inserted with the COMMIT
        (durable; two round trips in all); ROLLBACK on error."""
        conn = self._writer_connection()
        try:
            try:
                writer = _PipelinedWriter(self, conn, self._begin(conn))
                yield writer
                writer.commit()
            except BaseException:
                if not conn.broken and conn.info.transaction_status != TransactionStatus.IDLE:
                    with suppress(psycopg.Error):
                        conn.execute("ROLLBACK")
                raise
        except pg_errors.LockNotAvailable:
            raise BoardError(
                "store_busy",
                f"{self.location}: no write lock within {self._lock_timeout_ms} ms",
            ) from None
        except psycopg.Error as exc:
            raise BoardError(
                "store_failed", f"{self.location}: the transaction failed: {exc}"
            ) from None


def _columns(rows: Sequence[Row]) -> list[list[Any]]:
    """Rows of equal width as one list per column (the arrays of an ``unnest`` insert)."""
    return [list(column) for column in zip(*rows, strict=True)]


class _PipelinedWriter(SQLWriter["psycopg.Connection[Any]"]):
    """The PostgreSQL store's writer: it keeps the rows of its appends and heads, and inserts
    them (one statement per table, over arrays) in one pipeline with whatever comes next: a read
    in the transaction, or the COMMIT."""

    def __init__(
        self, store: PostgresStore, conn: psycopg.Connection[Any], link: Row | None
    ) -> None:
        super().__init__(store, conn, link, link_read=True)
        self._pg = store
        self._entry_rows: list[Row] = []
        self._first_kept = 0
        self._head_rows: list[Row] = []

    def _insert_entries(self, entries: Sequence[Entry], rows: Sequence[Row]) -> None:
        if not self._entry_rows:
            self._first_kept = entries[0].index
        self._entry_rows.extend(rows)

    def _insert_heads(self, rows: Sequence[Row]) -> None:
        self._head_rows.extend(rows)

    def _send(self) -> None:
        """Queue the kept rows' inserts on the connection (inside a pipeline)."""
        conn, store = self._conn, self._pg
        if self._entry_rows:
            conn.execute(store._insert_entries_sql, _columns(self._entry_rows))
        if self._head_rows:
            conn.execute(store._insert_heads_sql, _columns(self._head_rows))

    def _run(self, commit: bool) -> None:
        entries, heads = self._entry_rows, self._head_rows
        if not (entries or heads or commit):
            return
        try:
            with self._conn.pipeline():
                self._send()
                if commit:
                    self._conn.execute("COMMIT")
        except psycopg.Error as exc:
            if entries:
                raise self._insert_error(self._first_kept, exc) from None
            raise self._failed("recording heads", exc) from None
        finally:
            self._entry_rows, self._head_rows = [], []

    def _flush(self) -> None:
        self._run(commit=False)

    def commit(self) -> None:
        """Insert the kept rows and COMMIT, in one round trip."""
        self._run(commit=True)
