"""V11's proofs of shuffle folded on other processes (``plebiscite verify --workers N`` and
``--dask``).

A proof of shuffle is checked as one weighted batch computed chunk by chunk
(:mod:`plebiscite.crypto.shuffle_verify`; spec §15.5 says why the split keeps the verdict). The
checker reads the record in order, hashes the challenges and draws the weights of the equations
that span the chunks; :class:`SubmitFolder` sends each chunk's :class:`FoldTask` (public values
only) to a worker, which derives the chunk's generators and challenges u_j, draws the weights of
its t̂ equations and returns the chunk's share (:func:`fold_portable`). A worker keeps the
generators it derived (:func:`worker_generators`, public values keyed by the election context
and the chunk's range): the next trustee of a round, whose chunks have the same context and
ranges, folds them with no hashing to the group. The shares come back in
order and the checker combines them with the constant terms. At most ``in_flight`` chunks are out
at once, so memory stays a few chunks whatever N.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from typing import Protocol

from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import generator_range
from plebiscite.crypto.shuffle_verify import ChunkFold, FoldTask, fold_chunk

__all__ = [
    "FOLD_CHUNK_ITEMS",
    "KEPT_GENERATOR_BYTES",
    "FoldFuture",
    "SubmitFolder",
    "clear_worker_generators",
    "executor_folder",
    "fold_portable",
    "worker_generators",
]

#: items per chunk sent to a worker (about 14,000 terms at w = 2: a task of a few hundred ms;
#: smaller than this process's own chunks, so that the workers share short lists evenly)
FOLD_CHUNK_ITEMS = 2000

#: the most bytes of generators a worker keeps (packed points on secp256k1, 65 bytes each: about
#: 500,000 of them; modp4096's elements, counted at 512 bytes: about 65,000); the range used
#: longest ago goes first
KEPT_GENERATOR_BYTES = 32 << 20

_Kept = bytes | tuple[Element, ...]
_KEPT: OrderedDict[tuple[str, bytes, int, int], tuple[_Kept, int]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
_kept_bytes = 0


def worker_generators(
    group: Group, context: CanonicalValue, start: int, stop: int
) -> Sequence[Element]:
    """The shuffle generators ``h_start … h_(stop−1)`` of ``context``, derived by RFC 9380 hashing
    the first time this process is asked for that range, then kept (packed where the group has a
    packed form, each point checked on the curve again when read back) within
    :data:`KEPT_GENERATOR_BYTES`. They are public: nothing secret is kept."""
    global _kept_bytes
    key = (group.name, canonical_bytes(context), start, stop)
    with _KEPT_LOCK:
        found = _KEPT.get(key)
        if found is not None:
            _KEPT.move_to_end(key)
    if found is not None:
        kept = found[0]
        return group.unpack(kept, "kept generator") if isinstance(kept, bytes) else kept
    derived = generator_range(group, context, start, stop)
    packed = group.pack(derived)
    entry: tuple[_Kept, int] = (
        (packed, len(packed))
        if packed is not None
        else (tuple(derived), len(derived) * group.element_bytes)
    )
    with _KEPT_LOCK:
        if key not in _KEPT:
            _KEPT[key] = entry
            _kept_bytes += entry[1]
        while _kept_bytes > KEPT_GENERATOR_BYTES and _KEPT:
            _, (_, size) = _KEPT.popitem(last=False)
            _kept_bytes -= size
    return derived


def clear_worker_generators() -> None:
    """Forget the generators this process kept (benchmarks measure the derivation)."""
    global _kept_bytes
    with _KEPT_LOCK:
        _KEPT.clear()
        _kept_bytes = 0


class FoldFuture(Protocol):
    """A submitted chunk's future (``concurrent.futures`` and ``distributed`` futures both are)."""

    def result(self) -> ChunkFold: ...


#: sends one chunk (the group's name, the task) to a worker
SubmitFold = Callable[[str, FoldTask], FoldFuture]


def fold_portable(group_name: str, task: FoldTask) -> ChunkFold:
    """:func:`~plebiscite.crypto.shuffle_verify.fold_chunk` in a worker: the group by its name,
    the task's elements validated by unpickling (each point checked on the curve) or, for the
    chunks of lists kept on disk, when their packed form is first read
    (:class:`~plebiscite.rules.mix_store.PackedValues`). The chunk's generators, when the task
    has none, are this process's kept ones (:func:`worker_generators`)."""
    group = get_group(group_name)
    if task.generators is None:
        start = task.chunk.start
        hs = worker_generators(group, task.context, start, start + len(task.chunk))
        task = dataclasses.replace(task, generators=hs)
    return fold_chunk(group, task)


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
