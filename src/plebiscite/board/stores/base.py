"""The storage protocol of the board: one small contract that every adapter passes.

A :class:`Store` keeps the chain of entries and the history of signed heads. Every change goes
through :meth:`Store.write`, a context manager that holds the store's write lock (SQLite
``BEGIN IMMEDIATE``; PostgreSQL one transaction under a lock) and yields a :class:`StoreWriter`:
inside it the writer re-reads the head, so that entries appended by another process are seen,
appends, records heads, and everything commits durably together when the block ends (or nothing,
if it raises). Appends are checked against the head read inside the transaction: a gap, a
``prev`` that does not link, a time that goes back or a wrong hash is refused with a
:class:`~plebiscite.errors.BoardError` and the store is left unchanged. A unique index on the
entry index is the last line of defence against a fork. An adapter may keep the rows of a
transaction and send them with its commit (PostgreSQL does, to save round trips): the unique
index's refusal (reason ``fork``) then comes as the write block ends, and nothing of the block
is kept.

Reads (:meth:`Store.read`, :meth:`Store.get`, :meth:`Store.last`, :meth:`Store.count`,
:meth:`Store.heads`) see committed data only and may run from any thread while a write is in
progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from plebiscite.errors import BoardError, RecordError
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead, check_link

__all__ = [
    "Store",
    "StoreWriter",
    "check_append",
    "check_chain",
]


class StoreWriter(Protocol):
    """The store inside one write transaction; valid only inside :meth:`Store.write`."""

    def last(self) -> Entry | None:
        """The head entry as it stands in this transaction (None for an empty store)."""
        ...

    def read(self, start: int, stop: int | None = None) -> Iterator[Entry]:
        """Entries with ``start <= index < stop`` (to the end for None), in this transaction."""
        ...

    def append(self, entries: Sequence[Entry]) -> None:
        """Append ``entries`` after the head; refuse with :class:`BoardError` what does not link."""
        ...

    def add_heads(self, heads: Sequence[SignedHead]) -> None:
        """Record signed heads; each must name an entry of the chain (index, hash and time)."""
        ...


class Store(Protocol):
    """Where the board keeps its chain and its heads. Adapters: SQLite and PostgreSQL."""

    def close(self) -> None:
        """Release the store's connections; the store cannot be used afterwards."""
        ...

    def write(self) -> AbstractContextManager[StoreWriter]:
        """Hold the write lock and open one transaction; commit durably when the block ends.

        Not reentrant. A second process or thread calling ``write`` waits for the first.
        """
        ...

    def last(self) -> Entry | None:
        """The committed head entry, or None for an empty store."""
        ...

    def append(self, entries: Sequence[Entry]) -> None:
        """Append ``entries`` atomically in one transaction of their own."""
        ...

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """Committed entries with ``start <= index < stop`` in order, streamed."""
        ...

    def get(self, index: int) -> Entry:
        """The entry at ``index``; :class:`~plebiscite.errors.ParameterError` if there is none."""
        ...

    def count(self) -> int:
        """How many entries the store holds."""
        ...

    def add_head(self, head: SignedHead) -> None:
        """Record one signed head in a transaction of its own."""
        ...

    def heads(self) -> Iterator[SignedHead]:
        """Every recorded head, in the order it was issued, streamed."""
        ...

    def last_head(self) -> SignedHead | None:
        """The head recorded last, or None."""
        ...


def check_append(last: Entry | None, entries: Sequence[Entry]) -> None:
    """Refuse ``entries`` unless they extend ``last`` link by link with correct hashes.

    Raises :class:`BoardError` with reason ``not_consecutive``, ``wrong_prev``,
    ``time_decreases`` or ``wrong_hash``; used by every adapter inside its transaction.
    """
    previous = last
    for entry in entries:
        where = f"entry {entry.index}"
        want_index = 0 if previous is None else previous.index + 1
        if entry.index != want_index:
            raise BoardError(
                "not_consecutive", f"{where}: the next index is {want_index}, not {entry.index}"
            )
        want_prev = GENESIS_PREV if previous is None else previous.hash
        if entry.prev != want_prev:
            raise BoardError(
                "wrong_prev", f"{where}: prev {entry.prev.hex()} does not link to {want_prev.hex()}"
            )
        if previous is not None and entry.time < previous.time:
            raise BoardError(
                "time_decreases", f"{where}: time {entry.time} is before {previous.time}"
            )
        if entry.hash != entry.recomputed_hash():
            raise BoardError("wrong_hash", f"{where}: the stored hash is not the entry's hash")
        previous = entry


def check_chain(entries: Iterable[Entry]) -> int:
    """Check that ``entries`` form one chain from index 0 (hashes, links, times); return the count.

    Raises :class:`~plebiscite.errors.RecordError` at the first entry that does not.
    """
    previous: Entry | None = None
    n = 0
    for entry in entries:
        where = f"entry {entry.index}"
        check_link(previous, entry, where)
        if entry.hash != entry.recomputed_hash():
            raise RecordError.at(where, "hash", "the stored hash is not the entry's hash")
        previous = entry
        n += 1
    return n
