"""The board: one writer per process over a store, for one election, with group commit.

Callers (any number of threads) submit ``(kind, body)``; the body is checked against the JSON
value rules and copied at once (or handed over: :meth:`Board.hand_over`, for a body the caller
has just parsed and checked and lets go of). When the policy is a :class:`Prechecker`, a
precheck thread takes every pending submission and lets the policy do the pure work of the
whole batch at once (e.g. one batch of proof equations for every ballot, possibly in worker
processes), then hands the batch on: the prechecks of the next batch run while the writer
commits this one. One writer thread takes every batch ready (up to ``max_batch`` submissions),
then, in ONE store transaction:

1. re-reads the head and shows the acceptance policy every entry it has not seen yet (entries
   appended by another process included);
2. runs the policy on each submission in order, with a :class:`BoardView` of the chain that
   includes the submissions accepted before it in the same batch; a refusal
   (:class:`~plebiscite.errors.BoardError`) changes no state and the others go on;
3. gives each accepted submission its index, time (``max(clock(), previous time)``: never
   decreasing, whatever the clock does), ``prev`` and hash, and signs the head at it;
4. appends the entries and their signed heads and commits durably.

Only then is each caller answered: :class:`Appended` (the entry and its receipt, the signed head
at its index) or its refusal. Every head issued is recorded in the store with its entry, so the
head history is complete. If the store fails after the policy has seen entries that were then
not committed, the board stops (every later call is refused with ``board_failed``): a new board
over the same store rebuilds the policy's view from the chain.
"""

from __future__ import annotations

import json
import queue
import threading
import time as _time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple, Protocol, runtime_checkable

from plebiscite.board.stores.base import Store, StoreWriter
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import BoardError, ParameterError, PlebisciteError
from plebiscite.model.codec import JSONObject, dumps_canonical
from plebiscite.model.entry import (
    ELECTION_ID_BYTES,
    GENESIS_PREV,
    Entry,
    SignedHead,
    SignedRefusal,
    check_body,
    submission_hash,
)

__all__ = [
    "AcceptancePolicy",
    "Appended",
    "Board",
    "BoardStats",
    "BoardView",
    "Clock",
    "Observer",
    "Prechecker",
    "accept_all",
    "system_clock",
]

#: refusal reasons the board answers without a signature: a malformed submission is not a
#: well-formed signed ballot, and signing whatever garbage arrives would hand out signatures freely
UNSIGNED_REFUSALS: Final = frozenset({"malformed"})

#: a clock returns UTC time in integer microseconds
Clock = Callable[[], int]


def system_clock() -> int:
    """The system's UTC time in microseconds."""
    return _time.time_ns() // 1000


class BoardView:
    """What an acceptance policy sees: the chain inside the write transaction, plus the entries
    accepted before the current submission in the same batch (not yet committed)."""

    def __init__(self, election_id: bytes, writer: StoreWriter, committed: Entry | None) -> None:
        self.election_id = election_id
        self._writer = writer
        self._committed = committed
        self._pending: list[Entry] = []

    @property
    def last(self) -> Entry | None:
        """The head the next entry would follow."""
        return self._pending[-1] if self._pending else self._committed

    @property
    def next_index(self) -> int:
        """The index the next entry would get."""
        last = self.last
        return 0 if last is None else last.index + 1

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[Entry]:
        """Entries with ``start <= index < stop``, committed and pending."""
        first_pending = self._pending[0].index if self._pending else self.next_index
        upper = self.next_index if stop is None else min(stop, self.next_index)
        if start < first_pending:
            yield from self._writer.read(start, min(upper, first_pending))
        for entry in self._pending:
            if start <= entry.index < upper:
                yield entry

    def _push(self, entry: Entry) -> None:
        self._pending.append(entry)


class AcceptancePolicy(Protocol):
    """Decides whether a submission may be appended; refuses by raising :class:`BoardError`.

    Runs on the writer thread under the write lock. It must not change the store.
    """

    def __call__(self, view: BoardView, kind: str, body: JSONObject) -> None: ...


@runtime_checkable
class Observer(Protocol):
    """A policy with state: the board shows it every entry of the chain once, in order."""

    def observe(self, entry: Entry) -> None:
        """Take ``entry`` into account (it is committed, or accepted in the current batch)."""
        ...


@runtime_checkable
class Prechecker(Protocol):
    """A policy that does the pure part of its checks for a whole batch at once."""

    def precheck(self, submissions: Sequence[tuple[str, JSONObject]]) -> None:
        """Prepare verdicts for the batch's ``(kind, body)`` submissions, in order, before the
        policy is called on each; the verdicts depend on the bodies alone (no board state), and
        the policy decides as it would without them. Runs on the board's precheck thread, while
        the writer thread may be calling the policy on the submissions of the batch before."""
        ...


def accept_all(view: BoardView, kind: str, body: JSONObject) -> None:
    """The policy that refuses nothing (for tests, and for boards that only record)."""


class Appended(NamedTuple):
    """An accepted submission: its entry and its receipt (the signed head at its index)."""

    entry: Entry
    receipt: SignedHead


@dataclass
class BoardStats:
    """Counters of the writer thread: transactions, accepted and refused submissions."""

    transactions: int = 0
    accepted: int = 0
    refused: int = 0
    largest_batch: int = 0


@dataclass
class _Submission:
    kind: str
    body: JSONObject
    sign_refusal: bool
    future: Future[Any] = field(default_factory=Future)


_STOP = object()


class Board:
    """The one writer of a board, for one election, in this process.

    ``store`` holds the chain; ``election_id`` (16 bytes) and ``key`` (the board's BIP-340 key)
    go into every signed head; ``clock`` returns UTC microseconds (inject a simulated one in
    tests); ``policy`` decides acceptance. Use as a context manager, or call :meth:`close`.
    The store stays open: its owner closes it.
    """

    def __init__(
        self,
        store: Store,
        election_id: bytes,
        key: SigningKey,
        *,
        clock: Clock = system_clock,
        policy: AcceptancePolicy = accept_all,
        max_batch: int = 1024,
        rng: rand.Random | None = None,
    ) -> None:
        if not isinstance(election_id, bytes) or len(election_id) != ELECTION_ID_BYTES:
            raise ParameterError(f"election id: expected {ELECTION_ID_BYTES} bytes")
        if max_batch < 1:
            raise ParameterError("max_batch: must be at least 1")
        first = next(iter(store.heads()), None)
        if first is not None and first.election_id != election_id:
            raise ParameterError(
                f"the store holds heads of election {first.election_id.hex()}, "
                f"not {election_id.hex()}"
            )
        self.store = store
        self.election_id = election_id
        self._key = key
        self._clock = clock
        self._policy = policy
        self._observer = policy if isinstance(policy, Observer) else None
        self._prechecker = policy if isinstance(policy, Prechecker) else None
        self._max_batch = max_batch
        self._rng = rng
        self._seen = -1  # the last index the policy has observed
        self._failed: BaseException | None = None
        self._closed = False
        self._lock = threading.Lock()
        self.stats = BoardStats()
        # the submissions (C queues: a post's put takes no Python-level lock nor condition)
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        # prechecked batches on their way to the writer (the submission queue itself when the
        # policy has no prechecks)
        self._ready: queue.SimpleQueue[object] = (
            queue.SimpleQueue() if self._prechecker is not None else self._queue
        )
        if self._observer is not None:  # replay the chain outside the lock; the rest in the txn
            for entry in store.read(0):
                self._observer.observe(entry)
                self._seen = entry.index
        self._threads = [threading.Thread(target=self._run, name="board-writer", daemon=True)]
        if self._prechecker is not None:
            self._threads.append(
                threading.Thread(target=self._run_prechecks, name="board-precheck", daemon=True)
            )
        for thread in self._threads:
            thread.start()

    @property
    def public_key(self) -> VerifyingKey:
        """The board's verifying key (receipts and heads verify against it)."""
        return self._key.public

    # -- submitting ------------------------------------------------------------------------------

    def _submission(
        self, kind: str, body: JSONObject, sign_refusal: bool, owned: bool = False
    ) -> _Submission:
        if not owned:
            try:
                check_body(kind, body, "submission")
            except PlebisciteError as exc:
                raise BoardError("malformed", str(exc)) from None
            # a private copy; the body has just been checked, so the plain parser reads it exactly
            body = json.loads(dumps_canonical(body))
        sub = _Submission(kind, body, sign_refusal)
        with self._lock:
            if self._closed:
                raise BoardError("closed", "the board is closed")
            if self._failed is not None:
                raise BoardError("board_failed", f"the board stopped: {self._failed}")
            self._queue.put(sub)
        return sub

    def submit(self, kind: str, body: JSONObject) -> Future[Appended]:
        """Queue an append; the future resolves to :class:`Appended` or raises its refusal.
        Cancelling it succeeds only while the writer has not taken it (then it is not written)."""
        future: Future[Appended] = self._submission(kind, body, False).future
        return future

    def hand_over(
        self, kind: str, body: JSONObject, *, sign_refusal: bool = False
    ) -> Future[Appended | SignedRefusal]:
        """Queue an append of a body the caller has just parsed itself, checked with
        :func:`~plebiscite.model.entry.check_body` and will neither use nor change again: it is
        neither checked nor copied again. The future resolves to :class:`Appended`, to the
        board's :class:`SignedRefusal` when ``sign_refusal`` (as :meth:`append_or_refuse`), or
        raises the refusal."""
        future: Future[Appended | SignedRefusal] = self._submission(
            kind, body, sign_refusal, owned=True
        ).future
        return future

    def append(self, kind: str, body: JSONObject) -> Appended:
        """Append and wait until it is durable; raise :class:`BoardError` if it is refused."""
        return self.submit(kind, body).result()

    def append_or_refuse(self, kind: str, body: JSONObject) -> Appended | SignedRefusal:
        """Like :meth:`append`, but a policy refusal comes back signed by the board.

        For well-formed signed ballots, whose refusal the voter may need to prove. A body that is
        not a JSON object, or a store failure, still raises :class:`BoardError`.
        """
        future: Future[Appended | SignedRefusal] = self._submission(kind, body, True).future
        return future.result()

    def close(self) -> None:
        """Finish the queued submissions, then stop the writer thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> Board:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the writer thread ------------------------------------------------------------------------

    def _take(self, source: queue.SimpleQueue[object]) -> tuple[list[_Submission], bool]:
        """Wait for the next submissions of ``source`` and take every one pending (up to
        ``max_batch``); and whether the board stops after them."""
        batch: list[_Submission] = []
        item = source.get()
        while True:
            if item is _STOP:
                return batch, True
            if isinstance(item, list):  # a prechecked batch
                batch.extend(item)
            elif isinstance(item, _Submission):
                batch.append(item)
            if len(batch) >= self._max_batch:
                return batch, False
            try:
                item = source.get_nowait()
            except queue.Empty:
                return batch, False

    def _run_prechecks(self) -> None:
        assert self._prechecker is not None
        while True:
            batch, stop = self._take(self._queue)
            if batch and self._failed is None:
                try:
                    self._prechecker.precheck([(sub.kind, sub.body) for sub in batch])
                except Exception:  # noqa: S110 - without verdicts the policy checks each one itself
                    pass
            if batch:
                self._ready.put(batch)
            if stop:
                self._ready.put(_STOP)
                return

    def _run(self) -> None:
        while True:
            subs, stop = self._take(self._ready)
            # a submission whose caller cancelled it while it waited is dropped unwritten; the
            # others can no longer be cancelled, so each is answered
            subs = [sub for sub in subs if sub.future.set_running_or_notify_cancel()]
            if subs and self._failed is not None:
                for sub in subs:
                    sub.future.set_exception(
                        BoardError("board_failed", f"the board stopped: {self._failed}")
                    )
            elif subs:
                self._process(subs)
            if stop:
                return

    def _now(self, previous: Entry | None) -> int:
        now = self._clock()
        if type(now) is not int or now < 0:
            raise ParameterError(f"clock: returned {now!r}, not UTC microseconds")
        return now if previous is None else max(now, previous.time)

    def _process(self, batch: Sequence[_Submission]) -> None:
        outcomes: list[tuple[_Submission, object]] = []
        observed_pending = False
        try:
            with self.store.write() as writer:
                committed = writer.last()
                if committed is not None and committed.index > self._seen:
                    if self._observer is not None:
                        for entry in writer.read(self._seen + 1, committed.index + 1):
                            self._observer.observe(entry)
                            self._seen = entry.index
                    self._seen = committed.index
                view = BoardView(self.election_id, writer, committed)
                accepted: list[tuple[_Submission, Entry]] = []
                outcomes = []
                for sub in batch:
                    try:
                        self._policy(view, sub.kind, sub.body)
                    except BoardError as exc:
                        outcomes.append((sub, self._refusal(sub, exc, view.last)))
                        continue
                    except Exception as exc:  # a failing policy refuses, the batch goes on
                        error = BoardError("policy_error", f"{type(exc).__name__}: {exc}")
                        outcomes.append((sub, error))
                        continue
                    last = view.last
                    entry = Entry.create(
                        view.next_index,
                        self._now(last),
                        sub.kind,
                        sub.body,
                        GENESIS_PREV if last is None else last.hash,
                        body_checked=True,  # at submission
                    )
                    view._push(entry)
                    if self._observer is not None:
                        observed_pending = True
                        self._observer.observe(entry)
                    accepted.append((sub, entry))
                entries = [e for _, e in accepted]
                heads = SignedHead.for_entries(self._key, self.election_id, entries, self._rng)
                writer.append(entries)
                writer.add_heads(heads)
            # committed: acknowledge
            if accepted:
                self._seen = accepted[-1][1].index
            for (sub, entry), head in zip(accepted, heads, strict=True):
                outcomes.append((sub, Appended(entry, head)))
            self.stats.transactions += 1
            self.stats.accepted += len(accepted)
            self.stats.largest_batch = max(self.stats.largest_batch, len(batch))
        except BaseException as exc:
            if observed_pending:
                self._failed = exc
            error = BoardError("store_failed", f"the append was not committed: {exc}")
            done = {id(sub) for sub, _ in outcomes}
            outcomes.extend((sub, error) for sub in batch if id(sub) not in done)
            outcomes = [(s, error if isinstance(o, Appended) else o) for s, o in outcomes]
        for sub, outcome in outcomes:
            if isinstance(outcome, BaseException):
                if not isinstance(outcome, BoardError) or outcome.reason != "store_failed":
                    self.stats.refused += 1
                sub.future.set_exception(outcome)
            else:
                sub.future.set_result(outcome)

    def _refusal(
        self, sub: _Submission, exc: BoardError, last: Entry | None
    ) -> BoardError | SignedRefusal:
        if not sub.sign_refusal or exc.reason in UNSIGNED_REFUSALS:
            return exc
        try:
            return SignedRefusal.sign(
                self._key,
                self.election_id,
                submission_hash(sub.kind, sub.body),
                exc.reason,
                self._now(last),
                self._rng,
            )
        except PlebisciteError:
            return exc
