"""The demonstration's trustees: each in a process of its own, following the board while it is
open, then decrypting at once.

Real trustees follow the board on their own machines as observers do, and check the closed board
at the same time; the demo gives each present trustee one worker process
(:class:`TrusteeFollowers`) that keeps the trustee's own
:class:`~plebiscite.tally.count.BoardFollower` over the board's store. While voting is open the
demo asks them to follow (at each day's end, as the authority does); a trustee still busy with the
last request is not asked again. After the tally each checks only the entries added since
(:func:`~plebiscite.tally.decrypt.prepare_decryption` with its follower) and signs its partial
decryption. The demo then posts the signed bodies one by one, in the trustees' order, at the
simulated times it always used, so the record is the one sequential trustees would make. Each
worker reports how many entries its last check covered through a queue, for the step's progress
bar.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Final

from plebiscite.board.board import Appended
from plebiscite.board.prechecks import watch_parent
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.state.party import Party, open_party
from plebiscite.tally.count import BoardFollower
from plebiscite.tally.decrypt import Prepared, prepare_decryption

__all__ = ["FOLLOWER_BATCH", "TrusteeFollowers"]

#: entries a worker checks between two progress reports
_REPORT_EVERY: Final = 2_000
#: per-credential rows a trustee's follower keeps in memory before moving them to disk
_SPILL_AT: Final = 10_000
#: ballots per batch of proof equations in the trustees' and the authority's followers and in the
#: demo's verify step (the checker's default is 64: a larger batch shares more of each
#: multi-exponentiation, about 10 % less CPU per entry at 512; the verdicts are the same)
FOLLOWER_BATCH: Final = 512


class _ReadOnlyBoard:
    """The board's store read by a trustee's process (it posts nothing itself)."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def entries(self) -> list[Entry]:
        return list(self._store.read(0))

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self._store.read(start)

    def post(self, kind: str, body: JSONObject) -> Appended:
        raise BoardError("read_only", "a trustee's checking process posts nothing")

    def head(self) -> SignedHead | None:
        return self._store.last_head()


class _Trustee:
    """In a worker process: one trustee's store, follower and progress queue."""

    def __init__(self, store_path: str, party_dir: str, progress: Any) -> None:
        self.store = SQLiteStore(store_path)
        self.board = _ReadOnlyBoard(self.store)
        self.party = open_party(party_dir, "trustee")
        self.follower = BoardFollower(spill_at=_SPILL_AT, batch_size=FOLLOWER_BATCH)
        self.progress = progress
        self.pending = 0

    def advance(self, n: int) -> None:
        self.pending += n
        if self.pending >= _REPORT_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.progress.put(self.pending)
            self.pending = 0


_trustee: _Trustee | None = None  # in a worker: the trustee it plays


def _init(store_path: str, party_dir: str, progress: Any, parent: int) -> None:
    global _trustee  # one trustee per worker process
    _trustee = _Trustee(store_path, party_dir, progress)
    watch_parent(parent)


def _follow() -> int:
    """In a worker: check the entries added since the last call; how many the trustee has
    checked in all."""
    assert _trustee is not None
    _trustee.follower.follow(_trustee.board)
    return _trustee.follower.entries


def _prepare(passphrase: str) -> Prepared:
    """In a worker: check what was added since the last follow, sign the partial decryption."""
    trustee = _trustee
    assert trustee is not None
    try:
        return prepare_decryption(
            trustee.board,
            trustee.party,
            passphrase,
            progress=trustee.advance,
            follower=trustee.follower,
        )
    finally:
        trustee.flush()


def _stop() -> None:
    """In a worker: drop the follower's files and close the store."""
    if _trustee is not None:
        _trustee.follower.close()
        _trustee.store.close()


class TrusteeFollowers:
    """The present trustees, one worker process each, following the board (module docstring).

    Use as a context manager: leaving it stops the processes.
    """

    def __init__(self, store_path: Path, trustees: Sequence[tuple[Party, str]]) -> None:
        context = multiprocessing.get_context("spawn")
        self._progress = context.Queue()
        self._trustees = list(trustees)
        self._pools = [
            ProcessPoolExecutor(
                1,
                mp_context=context,
                initializer=_init,
                initargs=(str(store_path), str(party.directory), self._progress, os.getpid()),
            )
            for party, _ in trustees
        ]
        self._following: list[Future[int] | None] = [None] * len(trustees)

    def follow(self) -> None:
        """Ask each trustee not still busy to check the entries added since its last check
        (returns at once)."""
        for k, (pool, pending) in enumerate(zip(self._pools, self._following, strict=True)):
            if pending is None or pending.done():
                if pending is not None:
                    pending.result()  # a trustee whose check failed stops the run here
                self._following[k] = pool.submit(_follow)

    def checked(self) -> list[int]:
        """Wait for the trustees' last follow; how many entries each has checked."""
        return [0 if f is None else f.result() for f in self._following]

    def prepare(self, advance: Callable[[int], None]) -> list[Prepared]:
        """Every trustee's :class:`Prepared`, in the order given, checked at once; ``advance``
        hears of the entries checked now (all trustees)."""
        futures: list[Future[Prepared]] = [
            pool.submit(_prepare, passphrase)
            for pool, (_, passphrase) in zip(self._pools, self._trustees, strict=True)
        ]
        while True:
            _, running = wait(futures, timeout=0.2)
            _drain(self._progress, advance)
            if not running:
                break
        _drain(self._progress, advance)
        return [future.result() for future in futures]

    def close(self) -> None:
        """Stop the processes (after dropping each follower's files)."""
        for pool in self._pools:
            try:
                pool.submit(_stop).result()
            except BrokenExecutor:
                pass  # the process is gone, and its files with it
            finally:
                pool.shutdown()
        self._pools = []

    def __enter__(self) -> TrusteeFollowers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _drain(progress: Any, advance: Callable[[int], None]) -> None:
    while True:
        try:
            advance(progress.get_nowait())
        except queue_module.Empty:
            return
