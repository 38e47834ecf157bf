"""Sharded verification: V5's per-ballot work on other processes, everything else in order.

A record is read once, in board order, by one :class:`~plebiscite.rules.checker.Checker` in this
process. Two parts of the work depend on one entry alone, so :func:`run_sharded` sends them
elsewhere: the hash each entry's content gives (V1 compares it with the hash the entry carries)
the pure part of each ballot's V5 (strict decoding, the credential's signature, every proof,
batched per shard: :func:`~plebiscite.rules.checker.check_ballot_pure`) and that of each
challenge's V10 (:func:`~plebiscite.rules.checker.check_challenge_pure`). The entries are cut into
chunks of ``chunk_size``; each chunk goes to a worker as a :class:`ChunkWork`
(:func:`check_work`), and the chunks come back *in board order* to the checker, which does the
rest sequentially: the rest of V1 (indices, links, times), the window, roll membership, V6 (the
counted set), V10 and everything after ``close``. In the mode fake-credentials the same holds for
V12: each ballot goes out as a :func:`mode_item`, with the roll entries its anonymity set names
(this mode's challenges are checked in order by the checker).

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

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Final, Protocol, overload

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import RecordError
from plebiscite.model.ballot import BallotParams, NamedHead
from plebiscite.model.ballot.check import refused_places
from plebiscite.model.codec import JSONObject, place_of
from plebiscite.model.entry import (
    Entry,
    ScannedBallot,
    SignedHead,
    entry_hash,
    heads_signed,
    read_entry,
    scan_ballot_line,
)
from plebiscite.model.record import entry_at
from plebiscite.rules.checker import (
    BallotCheck,
    ChallengeCheck,
    Checker,
    Deferred,
    check_ballot_pure,
    check_challenge_pure,
    check_challenges_pure,
    check_mode_ballot_pure,
    entry_where,
)
from plebiscite.rules.collector import tune_collector
from plebiscite.verify.processes import default_workers, server_context

__all__ = [
    "DEFAULT_CHUNK",
    "HEADS_CHUNK",
    "LOCAL_CHUNK",
    "MODP4096_CHUNK",
    "POOL_CHUNK_MAX",
    "ChunkOutcome",
    "ChunkWork",
    "Envelope",
    "Items",
    "Line",
    "NotAHead",
    "PortableParams",
    "ResultFuture",
    "StartingSubmit",
    "Submit",
    "check_chunk",
    "check_chunk_here",
    "check_work",
    "check_work_here",
    "default_workers",
    "in_process",
    "local_executor",
    "local_feed",
    "local_pool",
    "mode_item",
    "pool_submit",
    "run_heads",
    "run_sharded",
    "sharded_chunk",
    "tapered_chunk",
]

#: entries per chunk sent to a worker
DEFAULT_CHUNK: Final = 128
#: entries per chunk on modp4096 ballots (mode revote): the chunk's batch and membership fold
#: are bucket multi-exponentiations whose combining share falls as the chunk grows
#: (docs/benchmarks.md, "modp4096: the challenges in one batch, larger chunks")
MODP4096_CHUNK: Final = 512
#: entries per chunk on secp256k1 ballots (mode revote) when the chunks are checked in this
#: process (``--workers 1``, :func:`in_process`): no worker waits on a large chunk there, and the
#: chunk's one batch costs less per ballot as it grows, its multi-exponentiation's window widening
#: with the terms (docs/benchmarks.md, "The checker per secp256k1 ballot")
LOCAL_CHUNK: Final = 512
#: the largest chunk of secp256k1 ballots sent to a pool when the record's size is known
#: (:func:`tapered_chunk`): a larger batch costs less per ballot, and the chunks shrink toward
#: the end so that the last ones, which a worker may run while the others wait, are small
POOL_CHUNK_MAX: Final = 512
#: the ballots of one chunk: ``(entry index, body)`` in board order
Items = list[tuple[int, JSONObject]]
#: what an entry's hash covers: ``(index, time, kind, body, prev)``
Envelope = tuple[int, int, str, JSONObject, bytes]


@dataclass(frozen=True, slots=True)
class Line:
    """An entry's line as read from a record, not parsed yet: the place that names it, its
    bytes (no newline) and the index the entry there must carry
    (:meth:`~plebiscite.model.record.RecordReader.lines`)."""

    where: str
    data: bytes
    index: int

    def parse(self) -> Entry:
        """The entry, parsed strictly here (:func:`~plebiscite.model.entry.read_entry`); a
        :class:`~plebiscite.errors.RecordError` when the line is no entry or not this index's."""
        return entry_at(read_entry(self.data, self.where), self.where, self.index)


@dataclass(frozen=True, slots=True)
class ChunkWork:
    """One chunk for a worker: every entry's :data:`Envelope` (to hash) and, once the election
    parameters are known, the chunk's ballots and challenges (to check). A body is the same
    object in both, so it is pickled once."""

    params: PortableParams | None
    ballots: Items
    envelopes: list[Envelope]
    challenges: Items
    #: signed heads whose signatures to check under the board key (x-only bytes)
    heads: list[SignedHead] = field(default_factory=list)
    board_key: bytes | None = None
    #: ballots' lines as ``(where, bytes)``, unparsed: the worker parses each strictly, checks
    #: that the parse agrees with :func:`~plebiscite.model.entry.scan_ballot_line`, hashes it
    #: and checks it as one of ``ballots``
    lines: list[tuple[str, bytes]] = field(default_factory=list)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its heads as plain tuples (a dataclass's own pickling looks up its
        fields for every object)."""
        heads = [(h.election_id, h.index, h.entry_hash, h.time, h.signature) for h in self.heads]
        fields = (self.params, self.ballots, self.envelopes, self.challenges)
        return (_work_of, (*fields, heads, self.board_key, self.lines))


def _work_of(
    params: PortableParams | None,
    ballots: Items,
    envelopes: list[Envelope],
    challenges: Items,
    heads: list[tuple[bytes, int, bytes, int, bytes]],
    board_key: bytes | None,
    lines: list[tuple[str, bytes]],
) -> ChunkWork:
    """A :class:`ChunkWork` unpickled."""
    signed = [SignedHead(*head) for head in heads]
    return ChunkWork(params, ballots, envelopes, challenges, signed, board_key, lines)


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """A worker's answer to a :class:`ChunkWork`: the hash each envelope's content gives, in
    order, the pure V5 outcome of each ballot, the pure V10 outcome of each challenge and the
    signature check of each head."""

    hashes: list[bytes]
    checks: list[BallotCheck]
    challenges: list[ChallengeCheck]
    #: whether each head's signature verifies under the board key
    signed: list[bool] = field(default_factory=list)
    #: the hash each of the work's ``lines`` gives, in order; None for a line whose strict
    #: parse failed or does not agree with its scan (the caller parses that one itself)
    line_hashes: list[bytes | None] = field(default_factory=list)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its ballots' outcomes as plain tuples when they are portable
        (:meth:`~plebiscite.rules.checker.BallotCheck.portable`: no decoded ballot), which a
        dataclass's own pickling is not (it looks up the fields of every object)."""
        rest = (self.challenges, self.signed, self.line_hashes)
        if any(check.ballot is not None for check in self.checks):
            return (ChunkOutcome, (self.hashes, self.checks, *rest))
        return (_outcome_of, (self.hashes, [_packed(check) for check in self.checks], *rest))


#: a portable :class:`~plebiscite.rules.checker.BallotCheck` as a tuple: index, identity,
#: credential, district, errors, encoded, failed proofs and the named head's index and hash
_PackedCheck = tuple[
    int,
    bytes | None,
    bytes | None,
    str | None,
    tuple[tuple[str, str], ...],
    bytes | None,
    tuple[str, ...],
    tuple[int, bytes] | None,
]


def _packed(check: BallotCheck) -> _PackedCheck:
    head = check.head
    return (
        check.index,
        check.identity,
        check.credential,
        check.district,
        check.errors,
        check.encoded,
        check.failed_proofs,
        None if head is None else (head.index, head.hash),
    )


def _outcome_of(
    hashes: list[bytes],
    checks: list[_PackedCheck],
    challenges: list[ChallengeCheck],
    signed: list[bool],
    line_hashes: list[bytes | None],
) -> ChunkOutcome:
    """A :class:`ChunkOutcome` unpickled, its outcomes portable."""
    unpacked = [
        BallotCheck(
            index,
            None,
            identity,
            credential,
            district,
            errors,
            encoded,
            failed,
            None if head is None else NamedHead(*head),
        )
        for index, identity, credential, district, errors, encoded, failed, head in checks
    ]
    return ChunkOutcome(hashes, unpacked, challenges, signed, line_hashes)


class ResultFuture(Protocol):
    """What a submitted chunk returns: a future of its outcome (``concurrent.futures`` and
    ``distributed`` futures both are)."""

    def done(self) -> bool: ...

    def result(self) -> ChunkOutcome: ...


#: sends one chunk to a worker and returns the future of its outcome
Submit = Callable[[ChunkWork], ResultFuture]


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
    block, so on modp4096 one folded q-power checks the membership of every element of the chunk
    but the proofs' commitments, which the batch of the chunk's proof equations vouches for when
    it holds (else they join the fold; docs/spec.md §3.2). If the fold fails, the chunk is
    checked again without deferring: each element is then checked as it is decoded, and every
    ballot's outcome is exactly that of a check one ballot at a time.
    """
    if anonymity:
        return [_check_mode_item(params, anonymity, index, item) for index, item in items], {}
    group = params.group
    with group.deferred_membership() as members:
        batch = BatchVerifier(group)
        checked = _folding(params, items, batch)
    failed = _settled(params, items, checked, batch)
    if not members.holds(batch):
        batch = BatchVerifier(group)
        checked = _folding(params, items, batch)
        failed = _settled(params, items, checked, batch)
    return checked, failed


def _folding(params: BallotParams, items: Items, batch: BatchVerifier) -> list[BallotCheck]:
    """:func:`~plebiscite.rules.checker.check_ballot_pure` of each ballot of ``items``, the
    proofs' equations and the signatures' (on secp256k1, docs/spec.md §7.1) into ``batch``."""
    return [
        check_ballot_pure(params, index, body, batch, fold_signature=True) for index, body in items
    ]


def _settled(
    params: BallotParams, items: Items, checked: list[BallotCheck], batch: BatchVerifier
) -> dict[int, list[str]]:
    """Check ``batch`` (:func:`_folding`'s); by entry index, the field paths of the proofs it
    refuses. A ballot whose signature it refuses is checked again alone (its ``checked`` entry
    replaced), its signature verified by libsecp256k1 and its proofs in a batch of their own, so
    its outcome is exactly that of a check without folding."""
    failed: dict[int, list[str]] = {}
    labels = batch.check()
    if not labels:
        return failed
    position_of = {entry_where(index): k for k, (index, _) in enumerate(items)}
    signatures, proofs = refused_places(labels)
    for where, path in proofs:
        failed.setdefault(items[position_of[where]][0], []).append(path)
    for k in sorted(position_of[where] for where in signatures):
        index, body = items[k]
        alone = BatchVerifier(params.group)
        checked[k] = check_ballot_pure(params, index, body, alone)
        paths = [place_of(label)[1] for label in alone.check()]
        if paths:
            failed[index] = paths
        else:
            failed.pop(index, None)
    return failed


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


def _hashes(envelopes: list[Envelope]) -> list[bytes]:
    return [entry_hash(*envelope) for envelope in envelopes]


def _agreeing(where: str, data: bytes) -> Entry | None:
    """The entry of a ballot's line parsed strictly, when that parse gives what the line's scan
    (:func:`~plebiscite.model.entry.scan_ballot_line`) gave; else None."""
    scanned = scan_ballot_line(data)
    if scanned is None:
        return None
    try:
        entry = read_entry(data, where)
    except RecordError:
        return None
    return entry if scanned.agrees(entry) else None


def _read_lines(lines: list[tuple[str, bytes]]) -> tuple[list[bytes | None], Items]:
    """Each line's hash (None where :func:`_agreeing` refuses it) and the ballots to check."""
    hashes: list[bytes | None] = []
    items: Items = []
    for where, data in lines:
        entry = _agreeing(where, data)
        if entry is None:
            hashes.append(None)
            continue
        hashes.append(entry_hash(entry.index, entry.time, entry.kind, entry.body, entry.prev))
        items.append((entry.index, entry.body))
    return hashes, items


def _challenges(params: PortableParams | None, items: Items) -> list[ChallengeCheck]:
    """The pure V10 outcome of each challenge of ``items``, their group equations in one batch
    (:func:`~plebiscite.rules.checker.check_challenges_pure`) and their elements decoded in one
    :meth:`~plebiscite.crypto.group.Group.deferred_membership` block as a chunk's ballots are
    (on modp4096 one folded q-power for them all); when that fold fails they are checked again
    one at a time without deferring, each element as it is decoded."""
    if params is None or not items:
        return []
    ballot_params = params.params()
    with ballot_params.group.deferred_membership() as members:
        checked = check_challenges_pure(ballot_params, items)
    if members.holds():
        return checked
    return [check_challenge_pure(ballot_params, index, body) for index, body in items]


def _signed(board_key: bytes | None, heads: list[SignedHead]) -> list[bool]:
    if board_key is None or not heads:
        return []
    return heads_signed(VerifyingKey(board_key, "board key"), heads)


def check_work(work: ChunkWork) -> ChunkOutcome:
    """A chunk on a worker: its entries' hashes, its lines parsed and hashed, its ballots'
    outcomes (:func:`check_chunk`), its challenges'
    (:func:`~plebiscite.rules.checker.check_challenge_pure`) and its heads' signatures."""
    return _work(work, check_chunk)


def check_work_here(work: ChunkWork) -> ChunkOutcome:
    """:func:`check_work` in this process, the checked ballots kept (:func:`check_chunk_here`)."""
    return _work(work, check_chunk_here)


def _work(
    work: ChunkWork, check: Callable[[PortableParams, Items], list[BallotCheck]]
) -> ChunkOutcome:
    params = work.params
    line_hashes, parsed = _read_lines(work.lines)
    ballots = work.ballots + parsed if parsed else work.ballots
    checks = check(params, ballots) if params is not None and ballots else []
    return ChunkOutcome(
        _hashes(work.envelopes),
        checks,
        _challenges(params, work.challenges),
        _signed(work.board_key, work.heads),
        line_hashes,
    )


def _checked_here(work: ChunkWork) -> Future[ChunkOutcome]:
    """``work`` checked in this process now, as a finished future (what it raised inside)."""
    future: Future[ChunkOutcome] = Future()
    try:
        future.set_result(check_work_here(work))
    except BaseException as exc:  # the caller sees it from result(), as from a pool
        future.set_exception(exc)
    return future


@contextmanager
def in_process() -> Iterator[Submit]:
    """A :data:`Submit` that checks each chunk in this process when it is submitted."""

    yield _checked_here


@contextmanager
def local_pool(workers: int) -> Iterator[Submit]:
    """A :data:`Submit` over ``workers`` local processes (started fresh, not forked from this
    process, so a progress bar's thread or open files never reach them); until they have
    started, chunks are checked in this process (:class:`StartingSubmit`)."""
    with local_executor(workers) as pool:
        yield StartingSubmit(pool)


@contextmanager
def local_feed(
    workers: int,
) -> Iterator[Callable[[Checker, Iterable[Entry], Callable[[int], None] | None], None]]:
    """A feed for a checker kept from one call to the next (an observer's): each call runs
    :func:`run_sharded` over the entries it is given, their ballots checked on ``workers`` local
    processes (:func:`local_pool`, kept between calls), and returns once every entry is applied,
    as feeding them one by one would leave the checker."""
    with local_pool(workers) as submit:

        def feed(
            checker: Checker, entries: Iterable[Entry], progress: Callable[[int], None] | None
        ) -> None:
            run_sharded(checker, entries, submit, in_flight=2 * workers, progress=progress)

        yield feed


@contextmanager
def local_executor(workers: int) -> Iterator[ProcessPoolExecutor]:
    """``workers`` local processes (started fresh, not forked from this process) for V5's
    chunks (:class:`StartingSubmit`, :func:`pool_submit`) and V11's
    (:mod:`plebiscite.verify.mix_workers`).

    They are forked from a server process that imports the checks once before it forks them
    (:func:`~plebiscite.verify.processes.server_context`), so the workers do not each pay the
    import (about a third of a second of CPU); a server already running keeps what it has
    (``plebiscite verify`` starts it before importing the verifier:
    :func:`~plebiscite.verify.processes.start_server`)."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=server_context(), initializer=tune_collector
    ) as pool:
        yield pool


def pool_submit(pool: ProcessPoolExecutor) -> Submit:
    """A :data:`Submit` that checks each chunk of ballots on ``pool``."""

    def submit(work: ChunkWork) -> Future[ChunkOutcome]:
        return pool.submit(check_work, work)

    return submit


class StartingSubmit:
    """A :data:`Submit` that checks each chunk on ``pool`` once its first worker runs, and in
    this process (:func:`check_work_here`, as ``--workers 1`` does) until then.

    The pool's first worker is started at once on a thread of its own: that start waits for the
    forkserver to import the checks (about a third of a second of CPU on another core), and
    this process goes on reading and checking the record's first chunks meanwhile instead of
    waiting for it. Chunks are applied in board order wherever they ran, so the report is the
    same; a pool that cannot start raises from the first chunk submitted to it, as before."""

    def __init__(self, pool: Executor) -> None:
        self._pool = pool
        #: set once the pool has run a task (or failed to)
        self.ready = threading.Event()
        threading.Thread(target=self._start, name="plebiscite-pool-start", daemon=True).start()

    def _start(self) -> None:
        try:
            self._pool.submit(_started).result()
        except BaseException:  # noqa: S110 - the next chunk submitted to the pool raises it
            pass
        finally:
            self.ready.set()

    def __call__(self, work: ChunkWork) -> Future[ChunkOutcome]:
        if self.ready.is_set():
            return self._pool.submit(check_work, work)
        return _checked_here(work)


def _started() -> None:
    """A task that does nothing: done once a worker runs."""


class _Scanned:
    """A ballot's line sent to a worker unparsed, with what its scan found."""

    __slots__ = ("line", "scanned")

    def __init__(self, line: Line, scanned: ScannedBallot) -> None:
        self.line = line
        self.scanned = scanned


class _Chunk:
    """Entries of the chain in board order (parsed here, or lines a worker parses), and the
    future of their hashes and ballots."""

    __slots__ = ("entries", "future")

    def __init__(self, entries: list[Entry | _Scanned], future: ResultFuture) -> None:
        self.entries = entries
        self.future = future

    def ready(self) -> bool:
        return self.future.done()


class _Unreadable(Exception):
    """The record cannot be read past this point (:class:`RecordError` ``error``)."""

    def __init__(self, error: RecordError) -> None:
        super().__init__(str(error))
        self.error = error


def sharded_chunk(params: PortableParams | None, *, local: bool = False) -> int:
    """The entries per chunk when the caller names none: :data:`MODP4096_CHUNK` for ballots on
    modp4096 in the mode revote, :data:`LOCAL_CHUNK` for the other ballots of that mode when
    ``local`` (the chunks are checked in this process), else :data:`DEFAULT_CHUNK` (also before
    the parameters are known). The size decides the speed only, never the report."""
    if params is not None and not params.anonymity:
        if params.group == "modp4096":
            return MODP4096_CHUNK
        if local:
            return LOCAL_CHUNK
    return DEFAULT_CHUNK


def tapered_chunk(smallest: int, remaining: int, in_flight: int) -> int:
    """The entries of the next chunk for a pool that holds ``in_flight`` chunks, ``remaining``
    entries of the record still to be read: an ``in_flight``-th of what is left, between
    ``smallest`` and :data:`POOL_CHUNK_MAX` (``remaining`` is the record index's count less what
    was read: a wrong count changes the chunks, never the report)."""
    return max(smallest, min(POOL_CHUNK_MAX, remaining // in_flight))


def run_sharded(
    checker: Checker,
    entries: Iterable[Entry | Line],
    submit: Submit,
    *,
    chunk_size: int | None = None,
    in_flight: int = 4,
    progress: Callable[[int], None] | None = None,
    unreadable: Callable[[RecordError], None] | None = None,
    scan: bool = True,
    local: bool = False,
    total: int | None = None,
) -> None:
    """Feed ``entries`` to ``checker`` with their hashes and the ballots' pure V5 work done
    through ``submit``.

    Entries are applied strictly in board order; at most ``in_flight`` chunks of ``chunk_size``
    entries are held at once (None: :func:`sharded_chunk` of the election's parameters). Every
    entry is hashed by a worker; ballots are sent out once the checker has its election
    parameters (after ``open``), and so are challenges; before that the checker does their work
    itself.

    ``entries`` may hold unparsed :class:`Line` s. Once ballots can be fed by their envelope
    (:meth:`~plebiscite.rules.checker.Checker.scanned_ballots`), a ballot's line in the layout
    the board writes (:func:`~plebiscite.model.entry.scan_ballot_line`) goes to a worker as bytes:
    the worker parses it strictly, hashes and checks it, and this process uses the scan only
    when the worker's parse agrees with it (``scan`` False: every line is parsed here, for
    chunks that run in this process anyway). Every other line, and a line the worker refused,
    is parsed here. A line that is no entry (:class:`RecordError`), or an error raised while
    reading ``entries``, ends the input there: every entry before it is applied, then
    ``unreadable`` is called with the error (which is raised when ``unreadable`` is None).

    When ``chunk_size`` is None, ``local`` (the chunks are checked in this process) picks
    :func:`sharded_chunk`'s size for that case, and ``total``, the entries the record says it
    holds, tapers the chunks of secp256k1 ballots sent to a pool (:func:`tapered_chunk`).
    """
    if (chunk_size is not None and chunk_size < 1) or in_flight < 1:
        raise ValueError("chunk_size and in_flight must be at least 1")
    limit = sharded_chunk(None, local=local) if chunk_size is None else chunk_size
    queue: deque[_Chunk] = deque()
    portable: PortableParams | None = None
    read_count = 0

    def next_limit() -> int:
        if chunk_size is not None:
            return chunk_size
        size = sharded_chunk(portable, local=local)
        if (
            total is None
            or local
            or portable is None
            or portable.anonymity
            or portable.group != "secp256k1"
        ):
            return size
        return tapered_chunk(size, total - read_count, in_flight)

    def apply(chunk: _Chunk) -> None:
        outcome = chunk.future.result()
        outcomes = {r.index: r for r in outcome.checks}
        challenges = {c.index: c for c in outcome.challenges}
        hashes, line_hashes = iter(outcome.hashes), iter(outcome.line_hashes)
        for item in chunk.entries:
            deferred: Deferred | None
            if isinstance(item, _Scanned):
                hashed = next(line_hashes)
                if hashed is not None and checker.scanned_ballots():
                    deferred = checker.feed_scanned_ballot(item.scanned, hashed)
                    index = item.scanned.index
                else:  # refused by the worker (or the parameters changed): parse it here
                    _apply_here(checker, _parsed(item.line), portable)
                    continue
            else:
                deferred = checker.feed_deferred(item, next(hashes), challenges.get(item.index))
                index = item.index
                if deferred is None:
                    continue
            result = outcomes.get(index)
            if result is None:  # not sent out: the parameters came with this chunk
                assert isinstance(item, Entry)
                result = checker.ballot_pure(item.index, item.body)
            checker.feed_checked_ballot(result, deferred.errors)
        if progress is not None:
            progress(len(chunk.entries))

    def drain(keep: int) -> None:
        while len(queue) > keep or (queue and queue[0].ready()):
            apply(queue.popleft())

    pending: list[Entry | _Scanned] = []
    ballots: Items = []
    challenges: Items = []
    lines: list[tuple[str, bytes]] = []

    def seal() -> None:
        nonlocal pending, ballots, challenges, lines
        if not pending:
            return
        envelopes = [
            (e.index, e.time, e.kind, e.body, e.prev) for e in pending if isinstance(e, Entry)
        ]
        work = ChunkWork(portable, ballots, envelopes, challenges, lines=lines)
        queue.append(_Chunk(pending, submit(work)))
        pending, ballots, challenges, lines = [], [], [], []

    def read(item: Entry | Line) -> Entry | _Scanned:
        if not isinstance(item, Line):
            return item
        if scan and portable is not None and not portable.anonymity and checker.scanned_ballots():
            scanned = scan_ballot_line(item.data)
            if scanned is not None and scanned.index == item.index:
                lines.append((item.where, item.data))
                return _Scanned(item, scanned)
        return item.parse()

    failed: RecordError | None = None
    try:
        try:
            for item in entries:
                entry = read(item)
                pending.append(entry)
                read_count += 1
                if portable is None and checker.params is not None:
                    portable = PortableParams.of(checker.params, _anonymity(checker))
                    limit = next_limit()
                if isinstance(entry, Entry):
                    if portable is None and entry.kind == "open":
                        seal()
                        drain(0)  # the parameters exist from here on (or never will)
                        continue
                    if portable is not None and entry.kind == "ballot":
                        body = entry.body
                        ballots.append(
                            (entry.index, mode_item(checker, body) if portable.anonymity else body)
                        )
                    elif portable is not None and entry.kind == "challenge":
                        if not portable.anonymity:
                            challenges.append((entry.index, entry.body))
                if len(pending) >= limit:
                    seal()
                    drain(in_flight)
                    limit = next_limit()
        except RecordError as exc:  # the entries read before it are applied first
            failed = exc
        seal()
        drain(0)
    except _Unreadable as exc:  # a line parsed here, in order: nothing after it is applied
        failed = exc.error
    if failed is not None:
        if unreadable is None:
            raise failed
        unreadable(failed)


def _parsed(line: Line) -> Entry:
    try:
        return line.parse()
    except RecordError as exc:
        raise _Unreadable(exc) from None


def _apply_here(checker: Checker, entry: Entry, portable: PortableParams | None) -> None:
    """Feed ``entry`` whole, its ballot's pure part checked in this process as a worker checks a
    chunk of one."""
    deferred = checker.feed_deferred(entry)
    if deferred is None:
        return
    if portable is None or portable.anonymity:
        result = checker.ballot_pure(entry.index, entry.body)
    else:
        result = check_chunk_here(portable, [(entry.index, entry.body)])[0]
    checker.feed_checked_ballot(result, deferred.errors)


#: signed heads per chunk sent to a worker
HEADS_CHUNK: Final = 512


@dataclass(frozen=True, slots=True)
class NotAHead:
    """A line given from outside the record that is not a signed head or receipt: rejected
    input (:meth:`~plebiscite.rules.checker.Checker.reject`) with ``message``, in its place
    among the heads :func:`run_heads` feeds."""

    message: str


def run_heads(
    checker: Checker,
    heads: Iterable[tuple[SignedHead | NotAHead, str]],
    submit: Submit,
    *,
    outside: bool = False,
    chunk_size: int = HEADS_CHUNK,
    in_flight: int = 4,
) -> None:
    """Feed signed heads (each with the place that names it) to ``checker`` in order, their
    signatures checked through ``submit``, at most ``in_flight`` chunks out: the record's, or
    with ``outside`` those kept outside it (heads files, voters' receipts: spec §13 V1.6), among
    which a :class:`NotAHead` is rejected input in its place.

    Without a board key in the checker's manifest the checker does everything itself. If
    reading ``heads`` raises, every head read before is applied first, then the error goes on.
    """
    definition = checker.definition
    board_key = definition.keys.board if definition is not None else None

    def feed(item: SignedHead | NotAHead, where: str, signed: bool | None = None) -> None:
        if isinstance(item, NotAHead):
            checker.reject(where, item.message)
        else:
            checker.feed_head(item, where, outside=outside, signed=signed)

    if board_key is None:
        for item, where in heads:
            feed(item, where)
        return
    key = board_key.xonly
    queue: deque[tuple[list[tuple[SignedHead | NotAHead, str]], ResultFuture]] = deque()

    def apply() -> None:
        chunk, future = queue.popleft()
        signed = iter(future.result().signed)
        for item, where in chunk:
            feed(item, where, None if isinstance(item, NotAHead) else next(signed))

    def seal(chunk: list[tuple[SignedHead | NotAHead, str]]) -> None:
        signing = [item for item, _ in chunk if not isinstance(item, NotAHead)]
        work = ChunkWork(None, [], [], [], signing, key)
        queue.append((chunk, submit(work)))
        while len(queue) > in_flight or (queue and queue[0][1].done()):
            apply()

    pending: list[tuple[SignedHead | NotAHead, str]] = []
    try:
        for pair in heads:
            pending.append(pair)
            if len(pending) >= chunk_size:
                seal(pending)
                pending = []
    finally:  # what was read is applied, in order, whether or not reading went on to the end
        if pending:
            seal(pending)
        while queue:
            apply()


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
