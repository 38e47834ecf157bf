"""V11's proofs of shuffle folded on other processes (``plebiscite verify --workers N`` and
``--dask``).

A proof of shuffle is checked as one weighted batch computed chunk by chunk
(:mod:`plebiscite.crypto.shuffle_verify`; spec §15.5 says why the split keeps the verdict). The
checker reads the record in order, hashes the challenges and draws the weights of the equations
that span the chunks; :class:`SubmitFolder` sends each chunk's :class:`FoldTask` (public values
only) to a worker, which derives the chunk's generators and challenges u_j, draws the weights of
its t̂ equations and returns the chunk's share (:func:`fold_portable`). The shares come back in
order and the checker combines them with the constant terms. At most ``in_flight`` chunks are out
at once, so memory stays a few chunks whatever N.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from typing import Protocol

from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle_verify import ChunkFold, FoldTask, fold_chunk

__all__ = ["FOLD_CHUNK_ITEMS", "FoldFuture", "SubmitFolder", "executor_folder", "fold_portable"]

#: items per chunk sent to a worker (about 14,000 terms at w = 2: a task of a few hundred ms;
#: smaller than this process's own chunks, so that the workers share short lists evenly)
FOLD_CHUNK_ITEMS = 2000


class FoldFuture(Protocol):
    """A submitted chunk's future (``concurrent.futures`` and ``distributed`` futures both are)."""

    def result(self) -> ChunkFold: ...


#: sends one chunk (the group's name, the task) to a worker
SubmitFold = Callable[[str, FoldTask], FoldFuture]


def fold_portable(group_name: str, task: FoldTask) -> ChunkFold:
    """:func:`~plebiscite.crypto.shuffle_verify.fold_chunk` in a worker: the group by its name,
    the task's elements validated by unpickling (each point checked on the curve) or, for the
    chunks of lists kept on disk, when their packed form is first read
    (:class:`~plebiscite.rules.mix_store.PackedValues`)."""
    return fold_chunk(get_group(group_name), task)


class SubmitFolder:
    """A :class:`~plebiscite.crypto.shuffle_verify.Folder` that folds chunks through ``submit``
    with at most ``in_flight`` out at once, the results in the tasks' order."""

    local = False

    def __init__(self, submit: SubmitFold, in_flight: int, chunk_items: int | None = None) -> None:
        self.submit = submit
        self.in_flight = in_flight
        self.chunk_items = FOLD_CHUNK_ITEMS if chunk_items is None else chunk_items
        if in_flight < 1 or self.chunk_items < 1:
            raise ValueError("in_flight and chunk_items must be at least 1")

    def __call__(self, group: Group, tasks: Iterable[FoldTask]) -> Iterator[ChunkFold]:
        out: deque[FoldFuture] = deque()
        for task in tasks:
            out.append(self.submit(group.name, task))
            if len(out) >= self.in_flight:
                yield out.popleft().result()
        while out:
            yield out.popleft().result()


def executor_folder(
    executor: Executor, in_flight: int, chunk_items: int | None = None
) -> SubmitFolder:
    """A folder over a :class:`concurrent.futures.Executor` (the verifier's local processes)."""

    def submit(group_name: str, task: FoldTask) -> FoldFuture:
        return executor.submit(fold_portable, group_name, task)

    return SubmitFolder(submit, in_flight, chunk_items)
