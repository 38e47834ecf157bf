"""The single writer: receipts, refusals, the policy's view, group commit, board time."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from plebiscite.board.board import Appended, Board, BoardView
from plebiscite.board.stores.base import Store, check_chain
from plebiscite.board.stores.factory import open_store
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, ParameterError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead, SignedRefusal, submission_hash

WORKER = Path(__file__).with_name("_worker.py")


class SteppingClock:
    """A simulated clock that returns the given times in turn, then repeats the last."""

    def __init__(self, *times: int) -> None:
        self.times = list(times)

    def __call__(self) -> int:
        return self.times.pop(0) if len(self.times) > 1 else self.times[0]


class NoDuplicates:
    """A stateful policy: refuses a ``ballot`` whose ``n`` is already on the board."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.observed: list[int] = []

    def observe(self, entry: Entry) -> None:
        self.observed.append(entry.index)
        n = entry.body.get("n")
        if isinstance(n, int):
            self.seen.add(n)

    def __call__(self, view: BoardView, kind: str, body: JSONObject) -> None:
        if body.get("n") in self.seen:
            raise BoardError("duplicate", f"n = {body['n']} is already on the board")


@pytest.fixture
def board(store: Store, board_key: SigningKey, election_id: bytes) -> Iterator[Board]:
    with Board(store, election_id, board_key, clock=SteppingClock(1_000)) as opened:
        yield opened


def test_append_returns_entry_and_receipt(
    board: Board, store: Store, board_key: SigningKey, other_key: SigningKey, election_id: bytes
) -> None:
    first = board.append("manifest", {"title": "t"})
    second = board.append("open", {"ctx": "00"})
    assert isinstance(first, Appended)
    assert (first.entry.index, second.entry.index) == (0, 1)
    assert second.entry.prev == first.entry.hash
    for appended in (first, second):
        receipt = appended.receipt
        assert receipt.election_id == election_id and receipt.matches(appended.entry)
        assert receipt.verify(board_key.public)
        assert receipt.verify(board.public_key)
        assert not receipt.verify(other_key.public)
    assert list(store.read()) == [first.entry, second.entry]
    assert list(store.heads()) == [first.receipt, second.receipt]  # every head issued is kept


def test_time_never_decreases(store: Store, board_key: SigningKey, election_id: bytes) -> None:
    clock = SteppingClock(500, 300, 900, 100, 950)
    with Board(store, election_id, board_key, clock=clock) as board:
        times = [board.append("ballot", {"i": i}).entry.time for i in range(5)]
    assert times == [500, 500, 900, 900, 950]
    assert check_chain(store.read()) == 5


def test_malformed_submissions_are_refused_before_the_queue(board: Board, store: Store) -> None:
    for kind, body in [
        ("vote", {}),
        ("ballot", {"x": 1.5}),
        ("ballot", {"x": [-1]}),
        ("ballot", [1, 2]),
        ("ballot", {"x": (1,)}),
    ]:
        with pytest.raises(BoardError) as info:
            board.append(kind, body)  # type: ignore[arg-type]
        assert info.value.reason == "malformed"
    assert store.count() == 0 and board.stats.transactions == 0


def test_the_body_is_copied_on_submission(board: Board) -> None:
    body: JSONObject = {"list": [1, 2]}
    future = board.submit("ballot", body)
    body["list"] = [9]
    appended = future.result()
    assert appended.entry.body == {"list": [1, 2]}


def test_a_refusal_changes_no_state(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    policy = NoDuplicates()
    with Board(store, election_id, board_key, policy=policy) as board:
        board.append("ballot", {"n": 1})
        before = (store.count(), list(store.heads()), list(policy.seen))
        with pytest.raises(BoardError) as info:
            board.append("ballot", {"n": 1})
        assert info.value.reason == "duplicate"
        assert (store.count(), list(store.heads()), list(policy.seen)) == before
        assert board.append("ballot", {"n": 2}).entry.index == 1
        assert board.stats.refused == 1


def test_signed_refusal(
    store: Store, board_key: SigningKey, other_key: SigningKey, election_id: bytes
) -> None:
    with Board(store, election_id, board_key, policy=NoDuplicates()) as board:
        assert isinstance(board.append_or_refuse("ballot", {"n": 1}), Appended)
        refusal = board.append_or_refuse("ballot", {"n": 1})
    assert isinstance(refusal, SignedRefusal)
    assert refusal.reason == "duplicate"
    assert refusal.submission == submission_hash("ballot", {"n": 1})
    assert refusal.verify(board_key.public) and not refusal.verify(other_key.public)
    assert store.count() == 1


def test_a_body_handed_over_is_taken_as_it_is(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    with Board(store, election_id, board_key, policy=NoDuplicates()) as board:
        body: JSONObject = {"n": 1}
        appended = board.hand_over("ballot", body).result()
        assert isinstance(appended, Appended)
        assert appended.entry.body is body  # neither copied nor checked again
        assert appended.receipt.matches(appended.entry) and appended.entry.hash_known
        refusal = board.hand_over("ballot", {"n": 1}, sign_refusal=True).result()
        assert isinstance(refusal, SignedRefusal) and refusal.reason == "duplicate"
        with pytest.raises(BoardError) as info:
            board.hand_over("ballot", {"n": 1}).result()
        assert info.value.reason == "duplicate"
    assert store.count() == 1
    assert check_chain(store.read(0)) == 1  # the store's own check recomputes every hash


def test_a_submission_cancelled_while_it_waits_is_not_written(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    gate, entered = threading.Event(), threading.Event()

    def policy(view: BoardView, kind: str, body: JSONObject) -> None:
        entered.set()
        gate.wait(10)  # hold the writer on the first submission

    with Board(store, election_id, board_key, policy=policy) as board:
        first = board.hand_over("ballot", {"n": 0})
        assert entered.wait(10)
        assert not first.cancel()  # taken by the writer: it will be answered
        waiting = board.hand_over("ballot", {"n": 1})
        assert waiting.cancel()
        gate.set()
        assert isinstance(first.result(), Appended)
        third = board.append("ballot", {"n": 2})  # the writer goes on
    assert third.entry.index == 1
    assert [e.body["n"] for e in store.read(0)] == [0, 2]


def test_policy_sees_the_batch_and_other_writers(
    location: str, store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    policy = NoDuplicates()
    with Board(store, election_id, board_key, policy=policy, clock=SteppingClock(10)) as board:
        board.append("ballot", {"n": 1})
        # another writer on the same store (another process, as far as SQLite can tell)
        other = open_store(location)
        try:
            last = other.last()
            assert last is not None
            foreign = Entry.create(1, 5_000, "ballot", {"n": 7}, last.hash)
            other.append([foreign])
        finally:
            other.close()
        with pytest.raises(BoardError, match="duplicate"):
            board.append("ballot", {"n": 7})  # caught up inside the transaction
        appended = board.append("ballot", {"n": 8})
        assert appended.entry.index == 2 and appended.entry.prev == foreign.hash
        assert appended.entry.time == 5_000  # the board clock is behind: time does not go back
        assert policy.observed == [0, 1, 2]


def test_a_stateful_policy_is_rebuilt_from_the_chain(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    with Board(store, election_id, board_key) as board:
        for n in range(3):
            board.append("ballot", {"n": n})
    policy = NoDuplicates()
    with Board(store, election_id, board_key, policy=policy) as board:
        assert policy.seen == {0, 1, 2}
        with pytest.raises(BoardError, match="duplicate"):
            board.append("ballot", {"n": 2})


def test_group_commit_writes_a_batch_in_one_transaction(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    gate, entered = threading.Event(), threading.Event()
    inner = NoDuplicates()

    def policy(view: BoardView, kind: str, body: JSONObject) -> None:
        entered.set()
        gate.wait(10)  # hold the writer on the first submission while the others queue up
        inner(view, kind, body)
        inner.seen.add(body["n"])  # type: ignore[arg-type]

    with Board(store, election_id, board_key, policy=policy) as board:
        first = board.submit("ballot", {"n": 0})
        assert entered.wait(10)
        futures = [board.submit("ballot", {"n": n}) for n in range(1, 41)]
        futures.insert(20, board.submit("ballot", {"n": 5}))  # a duplicate inside the batch
        gate.set()
        assert first.result().entry.index == 0
        results = []
        for future in futures:
            try:
                results.append(future.result())
            except BoardError as exc:
                assert exc.reason == "duplicate"
                results.append(None)
        assert board.stats.transactions == 2
        assert board.stats.largest_batch == 41
    accepted = [r for r in results if r is not None]
    assert [a.entry.body["n"] for a in accepted] == list(range(1, 41))
    assert [a.entry.index for a in accepted] == list(range(1, 41))
    assert list(store.read(1)) == [a.entry for a in accepted]
    assert results.count(None) == 1


def test_many_threads(store: Store, board_key: SigningKey, election_id: bytes) -> None:
    def policy(view: BoardView, kind: str, body: JSONObject) -> None:
        if body.get("refuse"):
            raise BoardError("refused", "asked to")

    threads, per_thread = 32, 15
    with Board(store, election_id, board_key, policy=policy) as board:

        def work(t: int) -> list[Appended | BoardError]:
            out: list[Appended | BoardError] = []
            for i in range(per_thread):
                try:
                    out.append(
                        board.append("ballot", {"t": t, "i": i, "refuse": t == 3 and i == 7})
                    )
                except BoardError as exc:
                    out.append(exc)
            return out

        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(work, range(threads)))
        assert board.stats.transactions < threads * per_thread  # batches were formed
    entries = list(store.read())
    assert check_chain(entries) == threads * per_thread - 1
    heads = {h.index: h for h in store.heads()}
    for t, outcomes in enumerate(results):
        indices = []
        for i, outcome in enumerate(outcomes):
            if t == 3 and i == 7:
                assert isinstance(outcome, BoardError) and outcome.reason == "refused"
                continue
            assert isinstance(outcome, Appended)
            assert entries[outcome.entry.index] == outcome.entry
            assert heads[outcome.entry.index] == outcome.receipt
            assert outcome.receipt.verify(board_key.public)
            indices.append(outcome.entry.index)
        assert indices == sorted(indices)  # each thread's appends in its order


def test_a_failing_policy_refuses_one_submission(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    def policy(view: BoardView, kind: str, body: JSONObject) -> None:
        if body.get("boom"):
            raise KeyError("boom")

    with Board(store, election_id, board_key, policy=policy) as board:
        with pytest.raises(BoardError, match="policy_error"):
            board.append("ballot", {"boom": True})
        assert board.append("ballot", {}).entry.index == 0


def test_closed_board_and_foreign_store(
    store: Store, board_key: SigningKey, election_id: bytes
) -> None:
    board = Board(store, election_id, board_key)
    board.append("manifest", {})
    board.close()
    with pytest.raises(BoardError, match="closed"):
        board.append("ballot", {})
    with pytest.raises(ParameterError, match="holds heads of election"):
        Board(store, bytes(16), board_key)


def test_two_board_processes(location: str, board_key: SigningKey, election_id: bytes) -> None:
    open_store(location).close()
    n = 200
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), location, "board", name, str(n), election_id.hex()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for proc in procs:
        out, err = proc.communicate(board_key.secret_bytes().hex() + "\n", timeout=120)
        assert proc.returncode == 0, err
        assert len(out.splitlines()) == n
    store = open_store(location)
    try:
        entries = list(store.read())
        assert check_chain(entries) == 2 * n
        assert sorted((e.body["writer"], e.body["i"]) for e in entries) == sorted(
            (w, i) for w in ("a", "b") for i in range(n)
        )
        heads: list[SignedHead] = list(store.heads())
        assert len(heads) == 2 * n
        assert all(h.matches(entries[h.index]) and h.verify(board_key.public) for h in heads)
    finally:
        store.close()
