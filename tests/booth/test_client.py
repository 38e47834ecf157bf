"""The booth's flow on a real SQLite board: tracking shown first, challenge, cast, receipts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from plebiscite.board.board import Board
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.client import Decision, Posted, ReceiptStore, check_receipt, run_booth
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError, ProofError
from plebiscite.model.ballot import check_ballot, check_challenge, parse_tracking

from .test_ballot import CHOICE, KEY_A, PARAMS

ELECTION_ID = bytes(range(16))
BOARD_KEY = SigningKey(bytes(31) + b"\x42")


class RecordingVoter:
    """A voter who answers from a script; every call is recorded in order."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.events: list[tuple[str, str]] = []

    def show_tracking(self, tracking: str) -> None:
        self.events.append(("shown", tracking))

    def decide(self) -> Decision:
        self.events.append(("asked", ""))
        return self.answers.pop(0)  # type: ignore[return-value]

    def challenged(self, posted: Posted) -> None:
        self.events.append(("challenged", posted.tracking))

    def cast(self, posted: Posted) -> None:
        self.events.append(("cast", posted.tracking))


@pytest.fixture
def board(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = SQLiteStore(tmp_path / "board.sqlite")
    with Board(store, ELECTION_ID, BOARD_KEY) as b:
        b.append("manifest", {"election_id": ELECTION_ID.hex()})
        yield b, store
    store.close()


def test_flow_shows_tracking_before_asking_then_challenges_and_casts(board, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b, store = board
    voter = RecordingVoter(["challenge", "challenge", "cast"])
    receipts = ReceiptStore(tmp_path / "voter")
    outcome = run_booth(
        PARAMS, "north", KEY_A, CHOICE, voter, b.append, receipts=receipts, latest=store.last_head
    )
    kinds = [kind for kind, _ in voter.events]
    assert kinds == ["shown", "asked", "challenged"] * 2 + ["shown", "asked", "cast"]
    shown = [t for kind, t in voter.events if kind == "shown"]
    assert len(set(shown)) == 3  # every round is encrypted afresh
    # what was shown is what was posted
    entries = list(store.read(0))
    assert [e.kind for e in entries] == ["manifest", "challenge", "challenge", "ballot"]
    for entry, tracking in zip(entries[1:], shown, strict=True):
        if entry.kind == "challenge":
            opened = check_challenge(PARAMS, entry.body, f"entry {entry.index}")
            assert opened.choices == tuple(tuple(c) for c in CHOICE)
        else:
            opened = check_ballot(PARAMS, entry.body, f"entry {entry.index}")  # type: ignore[assignment]
        assert opened.tracking == parse_tracking(tracking)
    assert outcome.ballot is not None and outcome.cast is not None
    assert outcome.cast.entry.index == 3
    challenged = {check_challenge(PARAMS, e.body, "e").identity for e in entries[1:3]}
    assert outcome.ballot.identity not in challenged
    # receipts: kept on disk, one per posted entry, each checks against the chain
    kept = receipts.all()
    assert [(r.kind, r.head.index) for r in kept] == [
        ("challenge", 1),
        ("challenge", 2),
        ("ballot", 3),
    ]
    for r in kept:
        assert (
            check_receipt(r.head, BOARD_KEY.public, store.read(0), ELECTION_ID).index
            == r.head.index
        )


def test_receipt_check_refuses_a_board_that_lost_or_changed_the_entry(
    board, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    b, store = board
    voter = RecordingVoter(["cast"])
    outcome = run_booth(PARAMS, "north", KEY_A, CHOICE, voter, b.append, latest=store.last_head)
    assert outcome.cast is not None
    receipt = outcome.cast.receipt
    entries = list(store.read(0))
    with pytest.raises(ProofError, match="no entry there"):
        check_receipt(receipt, BOARD_KEY.public, entries[:-1])
    forked = replace(entries[-1], body={**entries[-1].body, "district": "south"})
    forked = replace(forked, hash=forked.recomputed_hash())
    with pytest.raises(ProofError, match="not the one receipted"):
        check_receipt(receipt, BOARD_KEY.public, [*entries[:-1], forked])
    with pytest.raises(ProofError, match="not signed by the board key"):
        check_receipt(receipt, KEY_A.public, entries)
    with pytest.raises(ProofError, match="another election"):
        check_receipt(receipt, BOARD_KEY.public, entries, bytes(16))


def test_only_cast_or_challenge_is_an_answer(board) -> None:  # type: ignore[no-untyped-def]
    b, store = board
    with pytest.raises(InputError, match="cast or challenge"):
        run_booth(
            PARAMS,
            "north",
            KEY_A,
            CHOICE,
            RecordingVoter(["yes"]),
            b.append,
            latest=store.last_head,
        )
    assert [e.kind for e in store.read(0)] == ["manifest"]


def test_receipt_files_are_read_strictly(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text('{"format": "plebiscite-receipt-v1", "kind": "vote"}')
    with pytest.raises(InputError, match="not a booth receipt"):
        ReceiptStore.load(bad)
