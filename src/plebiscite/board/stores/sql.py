"""The one implementation of a board store over SQL; the adapters supply their dialect.

:class:`SQLStore` holds everything the SQLite and PostgreSQL adapters share: the statements (two
tables, ``entries`` keyed by the entry index and ``heads`` in issue order), the rows' decoding
(bodies stored as canonical JSON text and read back strictly, hashes and signatures as bytes),
the pool of read connections (every read is a statement complete in itself, so a long
:meth:`SQLStore.read` never holds a transaction open), and the writer of one transaction
(:class:`SQLWriter`: the head re-read inside the transaction, appends checked by
:func:`~plebiscite.board.stores.base.check_append`, heads checked against the chain).

An adapter gives the placeholder of its driver, the qualified table names, the driver's error
classes, how to open, run and check a connection, and :meth:`SQLStore._transaction`: how one
durable write transaction is opened under the store's write lock, which writer works in it, and
how it is committed (or rolled back). An adapter whose driver can send several statements at
once (PostgreSQL's pipeline) gives a writer that keeps its rows until the transaction reads or
commits (:meth:`SQLWriter._flush`), so that a group commit costs two round trips.

The head is re-read in every write transaction, but only its index and hash: when they are
those of the entry this store committed last, that entry is the head and its body is neither
read nor parsed again (another process's append has another index or hash, and is read whole).

**Rows read back as written.** The store keeps the last :data:`WRITTEN_KEPT` entries it committed
with the very row it inserted for each. A read that finds, in every column, the row this store
wrote for that index (the body's canonical text compared whole, the hashes byte for byte) gives
back the committed :class:`~plebiscite.model.entry.Entry` instead of parsing the body and hashing
it again: the content is the one read from the database, so a row changed in the database by
anyone else differs in some column and is read whole and strictly as before. A kept row is used
once (the read takes it) and dropped after :data:`WRITTEN_KEPT` newer ones (after
:attr:`SQLStore.keep_written`, which a process that reads back nothing it writes sets to 0) or
when the rows kept hold more than :data:`WRITTEN_KEPT_BYTES` of body text (so that a million
voters' roll is not kept whole until its first read).

**Reads** (the store's, each query on a pooled connection, and a writer's, in its transaction) take
the rows a query at a time and parse each entry only as it is asked for; the first query asks for
:data:`READ_FIRST` rows, each next one for as many as the last one's bodies say fit in
:data:`READ_BYTES` (at most :data:`READ_CHUNK`), so what a read holds at once does not grow with the
entries' size.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ClassVar, Final, Generic, TypeVar

from plebiscite.board.stores.base import check_append
from plebiscite.errors import BoardError, ParameterError, RecordError
from plebiscite.model.codec import dumps_canonical, loads_strict
from plebiscite.model.entry import Entry, SignedHead

__all__ = ["MAX_INDEX", "READ_CHUNK", "SQLStore", "SQLWriter"]

#: rows per read query
READ_CHUNK: Final = 512
#: the body text a read aims to hold at once: a read of large entries (the roll's chunks, about
#: 67 kB each) asks for fewer rows next time, one of small entries for more (up to READ_CHUNK)
READ_BYTES: Final = 8 << 20
#: rows the first query of a read asks for (512 of the roll's chunks are 34 MB of text)
READ_FIRST: Final = 64
#: how many committed entries a store keeps with their rows for the next read (module docstring)
WRITTEN_KEPT: Final = 4096
#: and how much body text at most (about 4,000 ballots; about 120 of the roll's chunks)
WRITTEN_KEPT_BYTES: Final = 8 << 20
#: the largest entry index a store can hold (a signed 64-bit integer in both databases)
MAX_INDEX: Final = (1 << 63) - 1

_ENTRY_COLUMNS: Final = "idx, time, kind, body, prev, hash"
_HEAD_COLUMNS: Final = "seq, election_id, idx, entry_hash, time, signature"

Conn = TypeVar("Conn")
Row = tuple[Any, ...]


class _Statements:
    """The store's SQL, written once for a placeholder and two qualified table names."""

    def __init__(self, param: str, entries: str, heads: str) -> None:
        p = param
        self.read = (
            f"SELECT {_ENTRY_COLUMNS} FROM {entries} "  # noqa: S608
            f"WHERE idx >= {p} AND idx < {p} ORDER BY idx LIMIT {p}"
        )
        self.last = f"SELECT {_ENTRY_COLUMNS} FROM {entries} ORDER BY idx DESC LIMIT 1"  # noqa: S608
        self.last_link = f"SELECT idx, hash FROM {entries} ORDER BY idx DESC LIMIT 1"  # noqa: S608
        self.get = f"SELECT {_ENTRY_COLUMNS} FROM {entries} WHERE idx = {p}"  # noqa: S608
        self.link = f"SELECT hash, time FROM {entries} WHERE idx = {p}"  # noqa: S608
        self.count = f"SELECT MAX(idx) FROM {entries}"  # noqa: S608
        self.append = (
            f"INSERT INTO {entries} ({_ENTRY_COLUMNS}) "  # noqa: S608
            f"VALUES ({p}, {p}, {p}, {p}, {p}, {p})"
        )
        self.heads = (
            f"SELECT {_HEAD_COLUMNS} FROM {heads} WHERE seq >= {p} "  # noqa: S608
            f"ORDER BY seq LIMIT {p}"
        )
        self.last_head = f"SELECT {_HEAD_COLUMNS} FROM {heads} ORDER BY seq DESC LIMIT 1"  # noqa: S608
        self.add_heads = (
            f"INSERT INTO {heads} (election_id, idx, entry_hash, time, signature) "  # noqa: S608
            f"VALUES ({p}, {p}, {p}, {p}, {p})"
        )


def _head(row: Row) -> SignedHead:
    _, election_id, idx, entry_hash, time, signature = row
    return SignedHead(bytes(election_id), idx, bytes(entry_hash), time, bytes(signature))


def _entry_row(entry: Entry) -> Row:
    return (
        entry.index,
        entry.time,
        entry.kind,
        dumps_canonical(entry.body),
        entry.prev,
        entry.hash,
    )


class SQLStore(ABC, Generic[Conn]):
    """A board store over one SQL database (the :class:`~plebiscite.board.stores.base.Store`
    protocol); subclasses are the adapters and set the dialect (module docstring).

    ``label`` names the store where a row is placed (``<label>: entry 7``), ``display`` where
    the store as a whole is (a closed store, a failed write).
    """

    #: the driver's placeholder for a parameter
    PARAM: ClassVar[str]

    def __init__(self, label: str, display: str, entries_table: str, heads_table: str) -> None:
        self.label = label
        self.display = display
        self._sql = _Statements(self.PARAM, entries_table, heads_table)
        self._write_lock = threading.Lock()
        self._pool_lock = threading.Lock()
        self._idle: list[Conn] = []
        self._all: list[Conn] = []
        self._closed = False
        # the head as this store committed it last (read and written under the write lock)
        self._committed_head: Entry | None = None
        # the entries committed last with their rows, by index, until read once (docstring)
        self._written: OrderedDict[int, tuple[Row, Entry]] = OrderedDict()
        self._written_bytes = 0  # the body text of the rows in _written
        #: how many of them are kept (module docstring): 0 where this process reads back
        #: nothing it writes, so nothing is kept (a writer whose readers are other processes)
        self.keep_written = WRITTEN_KEPT
        self._written_lock = threading.Lock()

    # -- the dialect -------------------------------------------------------------------------------

    @abstractmethod
    def _open_connection(self) -> Conn:
        """A new connection, set up for the store (raise :class:`ParameterError` on failure)."""

    @abstractmethod
    def _fetchall(self, conn: Conn, sql: str, params: Row = ()) -> list[Row]:
        """The rows of one statement."""

    @abstractmethod
    def _fetchone(self, conn: Conn, sql: str, params: Row = ()) -> Row | None:
        """The first row of one statement, or None."""

    @abstractmethod
    def _executemany(self, conn: Conn, sql: str, rows: Sequence[Row]) -> None:
        """Run one statement once per row."""

    @abstractmethod
    def _close_connection(self, conn: Conn) -> None:
        """Close one connection."""

    def _usable(self, conn: Conn) -> bool:
        """Whether a read connection may go back to the pool after use."""
        return True

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[SQLWriter[Conn]]:
        """Open one write transaction under the write lock (the store's ``_write_lock`` is
        held by the caller) and yield its writer; commit durably when the block ends (the
        writer's kept rows first: :meth:`SQLWriter._flush`), roll back if it raises."""

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        """The driver's errors that a write turns into ``store_failed`` (none by default)."""
        return ()

    def _fork_detail(self, exc: Exception) -> str | None:
        """What the driver says when ``exc`` is the unique index on the entry index refusing a
        row (None for any other error)."""
        return None

    # -- rows ------------------------------------------------------------------------------------

    def _keep_written(self, written: Sequence[tuple[Row, Entry]]) -> None:
        """Keep the rows of entries just committed for the next read of each (docstring)."""
        with self._written_lock:
            kept = self._written
            if self.keep_written > 0:
                for row, entry in written:
                    earlier = kept.pop(entry.index, None)
                    if earlier is not None:
                        self._written_bytes -= len(earlier[0][3])
                    kept[entry.index] = (row, entry)
                    self._written_bytes += len(row[3])
            while len(kept) > self.keep_written or (
                kept and self._written_bytes > WRITTEN_KEPT_BYTES
            ):
                _, (row, _) = kept.popitem(last=False)
                self._written_bytes -= len(row[3])

    def _entry(self, row: Row) -> Entry:
        idx, time, kind, body_text, prev, hash_ = row
        if self._written:
            with self._written_lock:
                written = self._written.pop(idx, None)
                if written is not None:
                    self._written_bytes -= len(written[0][3])
            if written is not None:
                w_idx, w_time, w_kind, w_body, w_prev, w_hash = written[0]
                if (
                    w_idx == idx
                    and w_time == time
                    and w_kind == kind
                    and w_body == body_text
                    and w_prev == bytes(prev)
                    and w_hash == bytes(hash_)
                ):
                    return written[1]
        where = f"{self.label}: entry {idx}"
        body = loads_strict(body_text, where)
        if type(body) is not dict:
            raise RecordError.at(where, "body", "stored body is not a JSON object")
        return Entry(idx, time, kind, body, bytes(prev), bytes(hash_))

    def _read_entries(self, conn: Conn, start: int, stop: int | None) -> Iterator[Entry]:
        """Entries in ``[start, stop)`` over one connection, in queries sized as :meth:`read`'s
        (module docstring), each entry parsed as it is asked for."""
        upper = MAX_INDEX if stop is None else min(stop, MAX_INDEX)
        cursor, size = start, READ_FIRST
        while cursor < upper:
            rows = self._fetchall(conn, self._sql.read, (cursor, upper, size))
            if not rows:
                return
            cursor, size = int(rows[-1][0]) + 1, _next_size(size, rows)
            yield from _entries(self, rows)

    def _last(self, conn: Conn) -> Entry | None:
        row = self._fetchone(conn, self._sql.last)
        return None if row is None else self._entry(row)

    def _head_at(self, conn: Conn, link: Row | None) -> Entry | None:
        """The head entry whose ``(index, hash)`` row is ``link`` (None: the store is empty),
        inside a write transaction: the entry this store committed last when it is that one,
        else the row read whole."""
        if link is None:
            return None
        index, digest = int(link[0]), bytes(link[1])
        known = self._committed_head
        if known is not None and known.index == index and known.hash == digest:
            return known
        row = self._fetchone(conn, self._sql.get, (index,))
        if row is None:  # pragma: no cover - the head row is read under the write lock
            raise BoardError("store_failed", f"{self.display}: the head entry {index} vanished")
        return self._entry(row)

    # -- connections -----------------------------------------------------------------------------

    def _connect(self) -> Conn:
        conn = self._open_connection()
        with self._pool_lock:
            self._all.append(conn)
        return conn

    def _discard(self, conn: Conn) -> None:
        with self._pool_lock:
            if conn in self._all:
                self._all.remove(conn)
        self._close_connection(conn)

    def _check_open(self) -> None:
        if self._closed:
            raise ParameterError(f"{self.display}: the store is closed")

    @contextmanager
    def _reader(self) -> Iterator[Conn]:
        self._check_open()
        with self._pool_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            if not self._usable(conn):
                self._discard(conn)
            else:
                with self._pool_lock:
                    closed = self._closed
                    if not closed:
                        self._idle.append(conn)
                if closed:
                    self._close_connection(conn)

    def close(self) -> None:
        """Close every connection; later calls raise :class:`ParameterError`."""
        with self._pool_lock:
            self._closed = True
            conns, self._all, self._idle = self._all, [], []
        for conn in conns:
            self._close_connection(conn)

    # -- writes ----------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[SQLWriter[Conn]]:
        """One durable transaction under the write lock; nothing is kept if the block raises."""
        self._check_open()
        with self._write_lock:
            with self._transaction() as writer:
                try:
                    yield writer
                finally:
                    writer.open = False
            if writer.head_known:  # committed
                self._committed_head = writer.head
            if writer.written:
                self._keep_written(writer.written)

    def append(self, entries: Sequence[Entry]) -> None:
        with self.write() as writer:
            writer.append(entries)

    def add_head(self, head: SignedHead) -> None:
        with self.write() as writer:
            writer.add_heads([head])

    # -- reads -----------------------------------------------------------------------------------

    def last(self) -> Entry | None:
        with self._reader() as conn:
            return self._last(conn)

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        if start < 0 or (stop is not None and stop < start):
            raise ParameterError(f"read: bad range [{start}, {stop})")
        cursor, size = start, READ_FIRST
        while True:
            upper = cursor + size if stop is None else min(stop, cursor + size)
            with self._reader() as conn:
                rows = self._fetchall(conn, self._sql.read, (cursor, upper, size))
            if not rows:
                return
            count, last, asked = len(rows), int(rows[-1][0]), size
            size = _next_size(size, rows)
            yield from _entries(self, rows)
            if count < asked:
                return
            cursor = last + 1

    def get(self, index: int) -> Entry:
        row = None
        if 0 <= index <= MAX_INDEX:
            with self._reader() as conn:
                row = self._fetchone(conn, self._sql.get, (index,))
        if row is None:
            raise ParameterError(f"{self.label}: no entry at index {index}")
        return self._entry(row)

    def count(self) -> int:
        with self._reader() as conn:
            row = self._fetchone(conn, self._sql.count)
        return 0 if row is None or row[0] is None else int(row[0]) + 1

    def heads(self) -> Iterator[SignedHead]:
        cursor = 0
        while True:
            with self._reader() as conn:
                rows = self._fetchall(conn, self._sql.heads, (cursor, READ_CHUNK))
            for row in rows:
                yield _head(row)
            if len(rows) < READ_CHUNK:
                return
            cursor = rows[-1][0] + 1

    def last_head(self) -> SignedHead | None:
        with self._reader() as conn:
            row = self._fetchone(conn, self._sql.last_head)
        return None if row is None else _head(row)


class SQLWriter(Generic[Conn]):
    """The store inside one write transaction (a
    :class:`~plebiscite.board.stores.base.StoreWriter`); valid only inside :meth:`SQLStore.write`.

    ``link`` is the head's ``(index, hash)`` row (None for an empty store) when the adapter read
    it as the transaction began (``link_read``); else the head is read when first asked for.

    A driver error is a :class:`BoardError` with reason ``store_failed`` (``fork`` when the
    unique index refuses an entry); the transaction is then rolled back. This writer inserts
    each append and each batch of heads at once; an adapter's writer may keep them instead and
    insert them all in :meth:`_flush`, which runs before anything is read in the transaction and
    before it commits.
    """

    def __init__(
        self, store: SQLStore[Conn], conn: Conn, link: Row | None = None, *, link_read: bool = False
    ) -> None:
        self._store = store
        self._conn = conn
        self._link = link
        self._link_read = link_read
        self._last: Entry | None = None
        self._last_known = False
        self._appended: dict[int, Entry] = {}
        #: the rows appended in this transaction with their entries (kept by the store once
        #: committed: :meth:`SQLStore._keep_written`)
        self.written: list[tuple[Row, Entry]] = []
        self.open = True

    @property
    def head_known(self) -> bool:
        """Whether :attr:`head` is the head in this transaction (read or appended)."""
        return self._last_known

    @property
    def head(self) -> Entry | None:
        """The head in this transaction, once :attr:`head_known`."""
        return self._last

    def _check_open(self) -> None:
        if not self.open:
            raise ParameterError("store writer used outside its transaction")

    def _failed(self, what: str, exc: Exception) -> BoardError:
        return BoardError("store_failed", f"{self._store.display}: {what}: {exc}")

    def last(self) -> Entry | None:
        self._check_open()
        if not self._last_known:
            store = self._store
            try:
                link = self._link
                if not self._link_read:
                    self._flush()
                    link = store._fetchone(self._conn, store._sql.last_link)
                self._last = store._head_at(self._conn, link)
            except store._driver_errors() as exc:
                raise self._failed("reading the head", exc) from None
            self._last_known = True
        return self._last

    def read(self, start: int, stop: int | None = None) -> Iterator[Entry]:
        self._check_open()
        return self._read(start, stop)

    def _read(self, start: int, stop: int | None) -> Iterator[Entry]:
        self._flush()
        try:
            yield from self._store._read_entries(self._conn, start, stop)
        except self._store._driver_errors() as exc:
            raise self._failed("reading entries", exc) from None

    def append(self, entries: Sequence[Entry]) -> None:
        """Append ``entries`` after the head (all of them, or none with a :class:`BoardError`)."""
        self._check_open()
        if not entries:
            return
        check_append(self.last(), entries)
        rows = [_entry_row(e) for e in entries]
        self._insert_entries(entries, rows)
        self._last = entries[-1]
        self._appended.update((e.index, e) for e in entries)
        self.written.extend(zip(rows, entries, strict=True))

    def _insert_entries(self, entries: Sequence[Entry], rows: Sequence[Row]) -> None:
        """Insert the rows of ``entries`` (checked to follow the head)."""
        store = self._store
        try:
            store._executemany(self._conn, store._sql.append, rows)
        except Exception as exc:
            raise self._insert_error(entries[0].index, exc) from None

    def _insert_error(self, first: int, exc: Exception) -> Exception:
        """What an insert of entries from index ``first`` that raised ``exc`` is refused with."""
        store = self._store
        detail = store._fork_detail(exc)
        if detail is not None:  # the unique index: another writer got there first
            return BoardError("fork", f"index {first} is already taken: {detail}")
        if isinstance(exc, store._driver_errors()):
            return self._failed("appending entries", exc)
        return exc

    def add_heads(self, heads: Sequence[SignedHead]) -> None:
        """Record ``heads``; each must name an entry of the chain (index, hash and time)."""
        self._check_open()
        if not heads:
            return
        store = self._store
        try:
            for head in heads:
                fresh = self._appended.get(head.index)  # appended in this transaction
                if fresh is not None:
                    row: Row | None = (fresh.hash, fresh.time)
                elif 0 <= head.index <= MAX_INDEX:
                    self._flush()
                    row = store._fetchone(self._conn, store._sql.link, (head.index,))
                else:
                    row = None
                if row is None or bytes(row[0]) != head.entry_hash or row[1] != head.time:
                    raise BoardError(
                        "head_mismatch",
                        f"signed head at index {head.index} names no entry of the chain",
                    )
            self._insert_heads(
                [(h.election_id, h.index, h.entry_hash, h.time, h.signature) for h in heads]
            )
        except store._driver_errors() as exc:
            raise self._failed("recording heads", exc) from None

    def _insert_heads(self, rows: Sequence[Row]) -> None:
        """Insert the rows of checked heads."""
        self._store._executemany(self._conn, self._store._sql.add_heads, rows)

    def _flush(self) -> None:
        """Insert whatever this writer keeps (nothing: it inserts at once)."""


def _next_size(size: int, rows: Sequence[Row]) -> int:
    """How many rows the next query of a read asks for, after ``size`` gave ``rows``: as many as
    their bodies say fit in :data:`READ_BYTES`, from 1 to :data:`READ_CHUNK`."""
    text = sum(len(row[3]) for row in rows)
    return max(1, min(READ_CHUNK, size * READ_BYTES // max(text, 1)))


def _entries(store: SQLStore[Any], rows: list[Row]) -> Iterator[Entry]:
    """The entries of ``rows`` in order, each parsed as it is asked for; ``rows`` is emptied as
    it goes, so that each row's text is let go of with its entry."""
    rows.reverse()
    while rows:
        yield store._entry(rows.pop())
