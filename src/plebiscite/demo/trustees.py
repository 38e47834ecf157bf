"""The demonstration's trustees: each in a process of its own, following the board while it is
open, then decrypting at once.

Real trustees follow the board on their own machines as observers do, and check the closed board
at the same time; the demo gives each present trustee one worker process
(:class:`TrusteeFollowers`) that keeps the trustee's own
:class:`~plebiscite.tally.count.BoardFollower` over the board's store. From the open, each follows
on its own: it checks what was appended since its last look and, once it has caught up, looks
again a moment later; nobody asks it, and nobody waits for it while voting is open. The processes
run at a lower scheduling priority (:data:`NICENESS`): on the demo's one machine they take the
cores the voters' devices, the board and its verifier leave idle, as a trustee's own machine
would. After the tally they are told to stop: each catches up with the board's head and stops;
then each checks what is left, if anything
(:func:`~plebiscite.tally.decrypt.prepare_decryption` with its follower), and signs its partial
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
from plebiscite.rules.collector import tune_collector
from plebiscite.state.party import Party, open_party
from plebiscite.tally.count import BoardFollower
from plebiscite.tally.decrypt import Prepared, prepare_decryption

__all__ = ["FOLLOWER_BATCH", "TrusteeFollowers"]

#: entries a worker checks between two progress reports
_REPORT_EVERY: Final = 2_000
#: seconds a trustee's follower waits before looking at the board again once it has caught up
_LOOK_AGAIN: Final = 0.25
#: added to the trustees' processes' niceness: they take the cores the voting leaves idle
NICENESS: Final = 5
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
_stopped: Any = None  # in a worker: set when the trustee is to stop following


def _init(store_path: str, party_dir: str, progress: Any, stopped: Any, parent: int) -> None:
    global _trustee, _stopped  # one trustee per worker process
    _trustee = _Trustee(store_path, party_dir, progress)
    _stopped = stopped
    watch_parent(parent)
    tune_collector()
    try:
        os.nice(NICENESS)
    except OSError:
        pass  # a system that refuses it: the trustee follows at the demo's priority


def _follow() -> int:
    """In a worker: follow the board on its own (module docstring); once told to stop, catch up
    with the board's head and return how many entries the trustee has checked in all."""
    assert _trustee is not None
    while True:
        if _trustee.follower.follow(_trustee.board) == 0:
            if _stopped.is_set():
                break
            _stopped.wait(_LOOK_AGAIN)
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
        self._stopped = context.Event()
        self._trustees = list(trustees)
        self._pools = [
            ProcessPoolExecutor(
                1,
                mp_context=context,
                initializer=_init,
                initargs=(
                    str(store_path),
                    str(party.directory),
                    self._progress,
                    self._stopped,
                    os.getpid(),
                ),
            )
            for party, _ in trustees
        ]
        self._following = [pool.submit(_follow) for pool in self._pools]
        self._checked: list[int] | None = None

    def checked(self) -> list[int]:
        """Stop the trustees following, once each has caught up with the board's head; how many
        entries each has checked. A trustee whose check failed stops the run here."""
        if self._checked is None:
            self._stopped.set()
            self._checked = [future.result() for future in self._following]
        return self._checked

    def prepare(self, advance: Callable[[int], None]) -> list[Prepared]:
        """Every trustee's :class:`Prepared`, in the order given, checked at once; ``advance``
        hears of the entries checked now (all trustees)."""
        self.checked()
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
        self._stopped.set()
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
