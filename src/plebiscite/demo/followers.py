"""Parties that follow the demonstration's board, each in a process of its own.

Real counting parties (the authority, the trustees) follow the board on their own machines as
observers do; the demo gives each such party one worker process (:class:`Followers`) that keeps
the party's own :class:`~plebiscite.tally.count.BoardFollower` over the board's store. From the
open, each follows on its own: it checks what was appended since its last look and, once it has
caught up, looks again a moment later; nobody asks it, and nobody waits for it while voting is
open. The processes run at a lower scheduling priority (:data:`NICENESS`): on the demo's one
machine they take the cores the voters' devices, the board and its verifier leave idle, as a
party's own machine would. When told to stop following (:meth:`Followers.checked`), each catches
up with the board's head and stops; then the party's steps after the close run there
(:meth:`Followers.run`: the trustees' decryption, :mod:`.trustees`; the authority's close, tally
and result, :mod:`.authority_follower`), each reading the board only and giving back what it
signed, for the demo to post. Each worker reports how many entries its checks covered through a
queue, for the step's progress bar.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor, wait
from functools import cached_property, partial
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

from plebiscite.board.board import Appended
from plebiscite.board.prechecks import watch_parent
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.rules.collector import tune_collector
from plebiscite.state.party import Party, open_party
from plebiscite.tally.count import BoardFollower

__all__ = ["FOLLOWER_BATCH", "NICENESS", "Followers", "Member"]

#: entries a worker checks between two progress reports
_REPORT_EVERY: Final = 2_000
#: seconds a party's follower waits before looking at the board again once it has caught up
_LOOK_AGAIN: Final = 0.25
#: added to the followers' processes' niceness: they take the cores the voting leaves idle
NICENESS: Final = 5
#: per-credential rows a party's follower keeps in memory before moving them to disk
_SPILL_AT: Final = 10_000
#: ballots per batch of proof equations in the parties' followers and in the demo's verify step
#: (the checker's default is 64: a larger batch shares more of each multi-exponentiation, about
#: 10 % less CPU per entry at 512; the verdicts are the same)
FOLLOWER_BATCH: Final = 512

_P = ParamSpec("_P")
_T = TypeVar("_T")


class _ReadOnlyBoard:
    """The board's store read by a follower's process (it posts nothing itself)."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store

    def entries(self) -> list[Entry]:
        return list(self._store.read(0))

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self._store.read(start)

    def post(self, kind: str, body: JSONObject) -> Appended:
        raise BoardError("read_only", "a follower's checking process posts nothing")

    def head(self) -> SignedHead | None:
        return self._store.last_head()


class Member:
    """In a worker process: one party's store, follower and progress queue."""

    def __init__(
        self, store_path: str, party_dir: str, role: str, passphrase: str, progress: Any
    ) -> None:
        self.store = SQLiteStore(store_path)
        self.board = _ReadOnlyBoard(self.store)
        self.party = open_party(party_dir, role)
        self.passphrase = passphrase
        self.follower = BoardFollower(spill_at=_SPILL_AT, batch_size=FOLLOWER_BATCH)
        self.progress = progress
        self.pending = 0

    @cached_property
    def signing_key(self) -> SigningKey:
        """The party's signing key, unlocked at the first use."""
        return self.party.signing_key(self.passphrase)

    def advance(self, n: int) -> None:
        self.pending += n
        if self.pending >= _REPORT_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.progress.put(self.pending)
            self.pending = 0


_member: Member | None = None  # in a worker: the party it plays
_stopped: Any = None  # in a worker: set when the party is to stop following


def _init(
    store_path: str,
    party_dir: str,
    role: str,
    passphrase: str,
    progress: Any,
    stopped: Any,
    parent: int,
) -> None:
    global _member, _stopped  # one party per worker process
    _member = Member(store_path, party_dir, role, passphrase, progress)
    _stopped = stopped
    watch_parent(parent)
    tune_collector()
    try:
        os.nice(NICENESS)
    except OSError:
        pass  # a system that refuses it: the party follows at the demo's priority


def _follow() -> int:
    """In a worker: follow the board on its own (module docstring); once told to stop, catch up
    with the board's head and return how many entries the party has checked in all."""
    assert _member is not None
    while True:
        if _member.follower.follow(_member.board) == 0:
            if _stopped.is_set():
                break
            _stopped.wait(_LOOK_AGAIN)
    return _member.follower.entries


def _call(task: Callable[Concatenate[Member, _P], _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """In a worker: run ``task`` as the party (progress reported at the end)."""
    assert _member is not None
    try:
        return task(_member, *args, **kwargs)
    finally:
        _member.flush()


def _stop() -> None:
    """In a worker: drop the follower's files and close the store."""
    if _member is not None:
        _member.follower.close()
        _member.store.close()


class Followers:
    """The parties given, one worker process each, following the board (module docstring).

    ``role`` is the parties' (``"trustee"``, ``"authority"``), each given with its passphrase.
    Use as a context manager: leaving it stops the processes.
    """

    def __init__(self, store_path: Path, parties: Sequence[tuple[Party, str]], role: str) -> None:
        context = multiprocessing.get_context("spawn")
        self._progress = context.Queue()
        self._stopped = context.Event()
        self._pools = [
            ProcessPoolExecutor(
                1,
                mp_context=context,
                initializer=_init,
                initargs=(
                    str(store_path),
                    str(party.directory),
                    role,
                    passphrase,
                    self._progress,
                    self._stopped,
                    os.getpid(),
                ),
            )
            for party, passphrase in parties
        ]
        self._following = [pool.submit(_follow) for pool in self._pools]
        self._checked: list[int] | None = None

    def checked(self) -> list[int]:
        """Stop the parties following, once each has caught up with the board's head; how many
        entries each has checked. A party whose check failed stops the run here."""
        if self._checked is None:
            self._stopped.set()
            self._checked = [future.result() for future in self._following]
        return self._checked

    def run(
        self,
        advance: Callable[[int], None],
        task: Callable[Concatenate[Member, _P], _T],
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> list[_T]:
        """Stop following (:meth:`checked`), then ``task(member, *args, **kwargs)`` in every
        party's process at once; what each gave, in the parties' order. ``task`` is a function
        of a module (run where the party is); ``advance`` hears of the entries the parties check
        meanwhile (all parties)."""
        self.checked()
        futures: list[Future[_T]] = [
            pool.submit(partial(_call, task, *args, **kwargs)) for pool in self._pools
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

    def __enter__(self) -> Followers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _drain(progress: Any, advance: Callable[[int], None]) -> None:
    while True:
        try:
            advance(progress.get_nowait())
        except queue_module.Empty:
            return
