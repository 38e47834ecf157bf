"""The demo's :class:`~plebiscite.demo.board.Poster`: its ``idle`` hook, on the real board.

The voters' ballots of the test election go to a :class:`DemoBoard` over a copy of its opened
board. :class:`HeldBoard` hands each submission to that board only when the test says so (a
receipt the poster must wait for, without depending on how fast a thread runs); the receipts
are the board's own.
"""

from __future__ import annotations

import io
import shutil
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from plebiscite.board.board import Appended
from plebiscite.board.client import STORE_FILE
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.demo.board import DemoBoard, Poster
from plebiscite.demo.clock import SimulatedClock
from plebiscite.demo.outcome import DayTurnout, DemoOutcome
from plebiscite.demo.scenario import Scenario
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import SignedHead, parse_head
from plebiscite.state.party import Party

from ._election import HOUR, OPENS, Election, key

DAYS = 5


class HeldBoard:
    """The real board behind a gate: a submission waits until :meth:`release` posts it."""

    def __init__(self, board: DemoBoard) -> None:
        self.board = board
        self.held: deque[tuple[str, JSONObject, Future[Appended]]] = deque()

    @property
    def public_key(self) -> VerifyingKey:
        return self.board.public_key

    def hand_over(self, kind: str, body: JSONObject) -> Future[Appended]:
        future: Future[Appended] = Future()
        self.held.append((kind, body, future))
        return future

    def release(self) -> bool:
        """Post the oldest held submission (False: none was held)."""
        if not self.held:
            return False
        kind, body, future = self.held.popleft()
        future.set_result(self.board.post(kind, body))
        return True


@pytest.fixture
def demo_board(election: Election, tmp_path: Path) -> Iterator[DemoBoard]:
    directory = tmp_path / "board"
    directory.mkdir()
    shutil.copyfile(election.board_file, directory / STORE_FILE)
    party = Party(directory, "board", key("board").public)
    board = DemoBoard(party, key("board"), SimulatedClock(OPENS + HOUR))
    yield board
    board.close()


def ballots(election: Election) -> list[JSONObject]:
    voters = [(d, v) for d, keys in election.voters.items() for v in keys]
    return [election.ballot(v, d, [1, 0] if i % 2 else [0, 1]) for i, (d, v) in enumerate(voters)]


def outcome(tmp_path: Path) -> DemoOutcome:
    result = DemoOutcome(tmp_path / "out", Scenario(voters=10))
    result.days = [DayTurnout(d, f"day {d}") for d in range(DAYS)]
    return result


def play(
    board: DemoBoard | HeldBoard, bodies: list[JSONObject], tmp_path: Path, idle: object = None
) -> tuple[list[SignedHead], DemoOutcome]:
    """Submit ``bodies`` through a poster, settle, and read back the receipts it wrote."""
    lines = io.StringIO()
    result = outcome(tmp_path)
    poster = Poster(board, lines, result, OPENS, idle=idle)  # type: ignore[arg-type]
    for i, body in enumerate(bodies):
        poster.submit("ballot", body, "ballot", f"voter {i}")
    poster.settle()
    assert poster.accepted == len(bodies)
    return [parse_head(line, "receipt") for line in lines.getvalue().splitlines()], result


def test_idle_runs_only_while_a_receipt_is_awaited(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    bodies = ballots(election)
    held = HeldBoard(demo_board)
    awaited: list[int] = []

    def idle() -> bool:
        # called only while the poster waits: something is held and its receipt is not back
        assert held.held and not held.held[0][2].done()
        awaited.append(len(held.held))
        return held.release()

    receipts, result = play(held, bodies, tmp_path, idle)
    # one call per receipt awaited, each releasing the oldest: never once a receipt is back
    assert awaited == list(range(len(bodies), 0, -1))
    assert [r.index for r in receipts] == sorted(r.index for r in receipts)
    assert not result.problems and result.receipts == len(bodies)


def test_idle_is_not_called_for_a_receipt_already_back(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    calls: list[int] = []

    def counted() -> bool:
        calls.append(1)
        return False

    ready = HeldBoard(demo_board)
    original = ready.hand_over

    def at_once(kind: str, body: JSONObject) -> Future[Appended]:
        future = original(kind, body)
        ready.release()
        return future

    ready.hand_over = at_once  # type: ignore[method-assign]
    again, result = play(ready, ballots(election), tmp_path, counted)
    assert calls == [] and len(again) == result.receipts == len(election.voters["north"]) + len(
        election.voters["south"]
    )


def test_an_exception_in_idle_surfaces(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    held = HeldBoard(demo_board)

    def broken() -> bool:
        held.release()  # the receipt is back: a poster that swallowed the error would go on
        raise RuntimeError("the follower failed")

    poster = Poster(held, io.StringIO(), outcome(tmp_path), OPENS, idle=broken)  # type: ignore[arg-type]
    poster.submit("ballot", ballots(election)[0], "ballot", "voter 0")
    with pytest.raises(RuntimeError, match="the follower failed"):
        poster.settle()


def test_idle_changes_neither_the_order_nor_the_receipts(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    bodies = ballots(election)
    # the real board with a hook that finds nothing to do, against the same board without one
    looked: list[int] = []

    def nothing() -> bool:
        looked.append(1)
        return False

    with_idle, result = play(demo_board, bodies, tmp_path, nothing)
    entries = {e.index: e for e in demo_board.iter_entries(0)}
    first = min(r.index for r in with_idle)
    assert [r.index for r in with_idle] == list(range(first, first + len(bodies)))
    assert [entries[r.index].body for r in with_idle] == bodies
    assert all(r.verify(demo_board.public_key) and r.matches(entries[r.index]) for r in with_idle)
    assert result.receipts == len(bodies) and not result.problems
    assert sum(d.first_ballots for d in result.days) == len(bodies)

    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(election.board_file, other / STORE_FILE)
    plain_board = DemoBoard(
        Party(other, "board", key("board").public), key("board"), SimulatedClock(OPENS + HOUR)
    )
    try:
        without, plain = play(plain_board, bodies, tmp_path)
        plain_entries = [(e.index, e.kind, e.body) for e in plain_board.iter_entries(first)]
    finally:
        plain_board.close()
    assert [(r.index, r.entry_hash) for r in without] == [
        (r.index, r.entry_hash) for r in with_idle
    ]
    assert plain_entries == [(i, "ballot", entries[i].body) for i in sorted(entries) if i >= first]
    assert [d.first_ballots for d in plain.days] == [d.first_ballots for d in result.days]
