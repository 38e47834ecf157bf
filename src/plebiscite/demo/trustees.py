"""The demonstration's trustees decrypting at once, each in a process of its own.

Real trustees check the closed board on their own machines at the same time; the demo does the
same with one worker process per trustee (as many at once as ``workers``): each reads the board's
store, runs the whole check (:func:`~plebiscite.tally.decrypt.prepare_decryption`) and signs its
partial decryption. The demo then posts the signed bodies one by one, in the trustees' order, at
the simulated times it always used, so the record is the one sequential trustees would make.
Each worker reports how many entries it has checked through a queue, for the step's progress bar.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Final

from plebiscite.board.board import Appended
from plebiscite.board.prechecks import watch_parent
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.state.party import Party, open_party
from plebiscite.tally.decrypt import Prepared, prepare_decryption

__all__ = ["prepare_all"]

#: entries a worker checks between two progress reports
_REPORT_EVERY: Final = 2_000

_progress: Any = None  # in a worker: the queue its progress goes to


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


def _init(progress: Any, parent: int) -> None:
    global _progress  # one queue per worker process
    _progress = progress
    watch_parent(parent)


def _prepare(store_path: str, party_dir: str, passphrase: str) -> Prepared:
    """In a worker: one trustee's check of the board and its signed partial decryption."""
    pending = 0

    def advance(n: int) -> None:
        nonlocal pending
        pending += n
        if pending >= _REPORT_EVERY:
            _progress.put(pending)
            pending = 0

    party = open_party(party_dir, "trustee")
    with SQLiteStore(store_path) as store:
        prepared = prepare_decryption(_ReadOnlyBoard(store), party, passphrase, progress=advance)
    if pending:
        _progress.put(pending)
    return prepared


def prepare_all(
    store_path: Path,
    trustees: Sequence[tuple[Party, str]],
    workers: int,
    advance: Callable[[int], None],
) -> list[Prepared]:
    """Every trustee's :class:`Prepared`, in the order of ``trustees``, checked in at most
    ``workers`` processes at once; ``advance`` hears of the entries checked (all trustees)."""
    context = multiprocessing.get_context("spawn")
    progress = context.Queue()
    with ProcessPoolExecutor(
        max(1, min(workers, len(trustees))),
        mp_context=context,
        initializer=_init,
        initargs=(progress, os.getpid()),
    ) as pool:
        futures: list[Future[Prepared]] = [
            pool.submit(_prepare, str(store_path), str(party.directory), passphrase)
            for party, passphrase in trustees
        ]
        while True:
            _, running = wait(futures, timeout=0.2)
            _drain(progress, advance)
            if not running:
                break
        _drain(progress, advance)
        return [future.result() for future in futures]


def _drain(progress: Any, advance: Callable[[int], None]) -> None:
    while True:
        try:
            advance(progress.get_nowait())
        except queue_module.Empty:
            return
