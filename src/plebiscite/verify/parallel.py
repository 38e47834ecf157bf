"""Sharded verification: V5's per-ballot work on other processes, everything else in order.

A record is read once, in board order, by one :class:`~plebiscite.rules.checker.Checker` in this
process. The pure part of each ballot's V5 (strict decoding, the credential's signature, every
proof, batched per shard: :func:`~plebiscite.rules.checker.check_ballot_pure`) depends on the
election parameters and the ballot alone, so :func:`run_sharded` sends it elsewhere: the entries
are cut into chunks of ``chunk_size``, the ballots of each chunk go to a worker
(:func:`check_chunk`), and the chunks come back *in board order* to the checker, which does the
rest sequentially: V1 on every entry, the window, roll membership, V6 (the counted set), V10 and
everything after ``close``. In the mode fake-credentials the same holds for V12: each ballot goes
out as a :func:`mode_item`, with the roll entries its anonymity set names.

At most ``in_flight`` chunks are out at once, so memory stays flat in the number of entries
whatever the speed of the workers. The verdicts and failures are those of a sequential run: each
chunk's proof equations are folded into one batch on the worker and bisected there when the batch
fails, and the failing proofs are reported by the checker exactly as its own batch would report
them.

Where the workers run is the caller's choice: :func:`local_pool` gives local processes
(:class:`concurrent.futures.ProcessPoolExecutor`); :mod:`plebiscite.verify.cluster` a Dask
cluster; :func:`in_process` this process (``plebiscite verify --workers 1``), keeping the checked
ballots' decoded elements. Each hands :func:`run_sharded` a :data:`Submit` function. Wherever a
chunk runs, its ballots are decoded with the subgroup-membership checks folded into one
(:meth:`~plebiscite.crypto.group.Group.deferred_membership`; spec §3.2).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Final, Protocol, overload

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.model.ballot import BallotParams
from plebiscite.model.codec import JSONObject, place_of
from plebiscite.model.entry import Entry
from plebiscite.rules.checker import (
    BallotCheck,
    Checker,
    check_ballot_pure,
    check_mode_ballot_pure,
    entry_where,
)

__all__ = [
    "DEFAULT_CHUNK",
    "Items",
    "PortableParams",
    "ResultFuture",
    "Submit",
    "check_chunk",
    "check_chunk_here",
    "default_workers",
    "in_process",
    "local_executor",
    "local_pool",
    "mode_item",
    "pool_submit",
    "run_sharded",
]

#: entries per chunk sent to a worker
DEFAULT_CHUNK: Final = 128
#: the ballots of one chunk: ``(entry index, body)`` in board order
Items = list[tuple[int, JSONObject]]


class ResultFuture(Protocol):
    """What a submitted chunk returns: a future of its outcomes (``concurrent.futures`` and
    ``distributed`` futures both are)."""

    def done(self) -> bool: ...

    def result(self) -> list[BallotCheck]: ...


#: sends one chunk of ballots to a worker and returns the future of their outcomes
Submit = Callable[["PortableParams", Items], ResultFuture]


@dataclass(frozen=True, slots=True)
class PortableParams:
    """:class:`~plebiscite.model.ballot.BallotParams` as plain values, to send to a worker.

    The group by name, the joint key encoded, the election context, the questions as
    ``(options, min, max)`` and the district ids (sorted). :meth:`params` rebuilds (and on a
    worker validates) the parameters once per process.
    """

    group: str
    joint_key: bytes
    election_ctx: bytes
    questions: tuple[tuple[int, int, int], ...]
    districts: tuple[str, ...]
    #: the anonymity-set size β of the mode fake-credentials (its items are :func:`mode_item`);
    #: 0 in the mode revote
    anonymity: int = 0

    @classmethod
    def of(cls, params: BallotParams, anonymity: int = 0) -> PortableParams:
        group = params.group
        return cls(
            group.name,
            group.encode(params.joint_key),
            params.election_ctx,
            tuple((q.options, q.min, q.max) for q in params.questions),
            tuple(sorted(params.districts)),
            anonymity,
        )

    def params(self) -> BallotParams:
        """The parameters (decoded and validated the first time in this process)."""
        found = _PARAMS.get(self)
        if found is None:
            group = get_group(self.group)
            joint_key = group.decode(self.joint_key, "joint key")
            found = BallotParams.from_manifest(
                group, joint_key, self.election_ctx, self.questions, self.districts
            )
            if len(_PARAMS) >= _PARAMS_KEPT:
                _PARAMS.clear()
            _PARAMS[self] = found
        return found


_PARAMS: dict[PortableParams, BallotParams] = {}
_PARAMS_KEPT: Final = 8


def _check_items(
    params: BallotParams, items: Items, anonymity: int = 0
) -> tuple[list[BallotCheck], dict[int, list[str]]]:
    """The pure V5 outcome of each ballot of ``items`` and, by entry index, the field paths of
    the proofs whose batched group equations fail (in the mode fake-credentials, ``anonymity``
    > 0, V12's outcome of each :func:`mode_item`, checked as the sequential checker does).

    The ballots are decoded in one :meth:`~plebiscite.crypto.group.Group.deferred_membership`
    block, so on modp4096 one folded q-power checks the membership of every element of the chunk.
    If that fold fails, the chunk is checked again without deferring: each element is then
    checked as it is decoded, and every ballot's outcome is exactly that of a check one ballot
    at a time.
    """
    if anonymity:
        return [_check_mode_item(params, anonymity, index, item) for index, item in items], {}
    group = params.group
    with group.deferred_membership() as members:
        batch = BatchVerifier(group)
        checked = [check_ballot_pure(params, index, body, batch) for index, body in items]
    if not members.holds():
        batch = BatchVerifier(group)
        checked = [check_ballot_pure(params, index, body, batch) for index, body in items]
    failed: dict[int, list[str]] = {}
    if len(batch):
        index_of = {entry_where(index): index for index, _ in items}
        for label in batch.check():
            where, path = place_of(label)
            failed.setdefault(index_of[where], []).append(path)
    return checked, failed


def check_chunk(params: PortableParams, items: Items) -> list[BallotCheck]:
    """The pure V5 outcome of each ballot of ``items`` (:meth:`BallotCheck.portable`).

    Every proof equation of the chunk goes into one batch; when it fails, bisection names the
    failing proofs, which come back in ``failed_proofs``.
    """
    ballot_params = params.params()
    checked, failed = _check_items(ballot_params, items, params.anonymity)
    group = ballot_params.group
    return [result.portable(group, failed.get(result.index, ())) for result in checked]


def check_chunk_here(params: PortableParams, items: Items) -> list[BallotCheck]:
    """:func:`check_chunk` for this process: the checked ballots are kept as they are (their
    decoded ciphertexts go on to V6 and V7 without being encoded and decoded again)."""
    checked, failed = _check_items(params.params(), items, params.anonymity)
    return [
        replace(result, failed_proofs=(*result.failed_proofs, *failed[result.index]))
        if result.index in failed
        else result
        for result in checked
    ]


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


@contextmanager
def in_process() -> Iterator[Submit]:
    """A :data:`Submit` that checks each chunk in this process when it is submitted."""

    def submit(params: PortableParams, items: Items) -> Future[list[BallotCheck]]:
        future: Future[list[BallotCheck]] = Future()
        try:
            future.set_result(check_chunk_here(params, items))
        except BaseException as exc:  # the caller sees it from result(), as from a pool
            future.set_exception(exc)
        return future

    yield submit


@contextmanager
def local_pool(workers: int) -> Iterator[Submit]:
    """A :data:`Submit` over ``workers`` local processes (started fresh, not forked from this
    process, so a progress bar's thread or open files never reach them)."""
    with local_executor(workers) as pool:
        yield pool_submit(pool)


@contextmanager
def local_executor(workers: int) -> Iterator[ProcessPoolExecutor]:
    """``workers`` local processes (started fresh, not forked from this process) for V5's
    chunks (:func:`pool_submit`) and V11's (:mod:`plebiscite.verify.mix_workers`)."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool


def pool_submit(pool: ProcessPoolExecutor) -> Submit:
    """A :data:`Submit` that checks each chunk of ballots on ``pool``."""

    def submit(params: PortableParams, items: Items) -> Future[list[BallotCheck]]:
        return pool.submit(check_chunk, params, items)

    return submit


class _Chunk:
    """Entries of the chain in board order, and the future of their deferred ballots."""

    __slots__ = ("entries", "future")

    def __init__(self, entries: list[Entry], future: ResultFuture | None) -> None:
        self.entries = entries
        self.future = future

    def ready(self) -> bool:
        return self.future is None or self.future.done()


def run_sharded(
    checker: Checker,
    entries: Iterable[Entry],
    submit: Submit,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    in_flight: int = 4,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Feed ``entries`` to ``checker`` with the ballots' pure V5 work done through ``submit``.

    Entries are applied strictly in board order; at most ``in_flight`` chunks of ``chunk_size``
    entries are held at once. Ballots are sent out once the checker has its election parameters
    (after ``open``); before that, and for every other entry, the checker does the work itself.
    """
    if chunk_size < 1 or in_flight < 1:
        raise ValueError("chunk_size and in_flight must be at least 1")
    queue: deque[_Chunk] = deque()
    portable: PortableParams | None = None

    def apply(chunk: _Chunk) -> None:
        outcomes: dict[int, BallotCheck] = {}
        if chunk.future is not None:
            outcomes = {r.index: r for r in chunk.future.result()}
        for entry in chunk.entries:
            deferred = checker.feed_deferred(entry)
            if deferred is None:
                continue
            result = outcomes.get(entry.index)
            if result is None:  # not sent out: the parameters came with this chunk
                result = checker.ballot_pure(entry.index, entry.body)
            checker.feed_checked_ballot(result, deferred.errors)
        if progress is not None:
            progress(len(chunk.entries))

    def drain(keep: int) -> None:
        while len(queue) > keep or (queue and queue[0].ready()):
            apply(queue.popleft())

    pending: list[Entry] = []
    ballots: Items = []

    def seal() -> None:
        nonlocal pending, ballots
        if not pending:
            return
        future = submit(portable, ballots) if ballots and portable is not None else None
        queue.append(_Chunk(pending, future))
        pending, ballots = [], []

    for entry in entries:
        pending.append(entry)
        if portable is None and checker.params is not None:
            portable = PortableParams.of(checker.params, _anonymity(checker))
        if entry.kind == "ballot" and portable is not None:
            body = entry.body
            ballots.append((entry.index, mode_item(checker, body) if portable.anonymity else body))
        if entry.kind == "open" and portable is None:
            seal()
            drain(0)  # the parameters exist from here on (or never will)
        elif len(pending) >= chunk_size:
            seal()
            drain(in_flight)
    seal()
    drain(0)


# -- the mode fake-credentials (V12) ----------------------------------------------------------


def _anonymity(checker: Checker) -> int:
    definition = checker.definition
    return definition.anonymity if definition is not None and definition.fake_credentials else 0


def mode_item(checker: Checker, body: JSONObject) -> JSONObject:
    """A ballot of the mode fake-credentials as a worker checks it: ``{"ballot": body, "size":
    its district's roll length, "roll": {position: roll entry}}`` with only the entries its
    anonymity set names (β, not the whole roll); a set that is not a list of positions on the
    roll takes none, and the worker's check refuses it as the sequential one does."""
    district, members = body.get("district"), body.get("anonymity")
    roll = checker.roll.roll(district) if isinstance(district, str) else ()
    group = checker.group
    assert group is not None
    named: JSONObject = {}
    if isinstance(members, list):
        for a in members:
            if type(a) is int and 0 <= a < len(roll):
                named[str(a)] = dict(encode_ciphertext(group, roll[a]))
    return {"ballot": body, "size": len(roll), "roll": named}


class _NamedRoll(Sequence[Ciphertext]):
    """A district's roll of ``size`` entries of which a worker holds the ones a ballot names."""

    def __init__(self, size: int, entries: dict[int, Ciphertext]) -> None:
        self._size, self._entries = size, entries

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> Ciphertext: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Ciphertext]: ...
    def __getitem__(self, i: int | slice) -> Ciphertext | Sequence[Ciphertext]:
        if isinstance(i, slice):
            raise TypeError("a named roll is read entry by entry")
        try:
            return self._entries[i]
        except KeyError:
            raise IndexError(i) from None


def _check_mode_item(
    params: BallotParams, anonymity: int, index: int, item: JSONObject
) -> BallotCheck:
    """V12's pure outcome of one :func:`mode_item`."""
    group = params.group
    size, named, body = item["size"], item["roll"], item["ballot"]
    assert type(size) is int and isinstance(named, dict) and isinstance(body, dict)
    entries = {
        int(a): decode_ciphertext(group, ct, f"roll[{a}]", allow_identity=True)
        for a, ct in named.items()
    }
    roll = _NamedRoll(size, entries)
    return check_mode_ballot_pure(params, lambda _district: roll, anonymity, index, body)
