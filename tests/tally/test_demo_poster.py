"""The demo's :class:`~plebiscite.demo.board.Poster` on the real board: the voters' entries
submitted in order, every receipt checked against the board's key and kept, the days counted.

The voters' ballots of the test election go to a :class:`DemoBoard` over a copy of its opened
board; the receipts are the board's own.
"""

from __future__ import annotations

import io
import shutil
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


class OtherKey:
    """The real board, whose receipts the poster checks against another key (as a board
    operator who signs receipts with a key not the manifest's would have them checked)."""

    def __init__(self, board: DemoBoard) -> None:
        self.board = board

    @property
    def public_key(self) -> VerifyingKey:
        return key("authority").public

    def hand_over(self, kind: str, body: JSONObject) -> Future[Appended]:
        return self.board.hand_over(kind, body)


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
    board: DemoBoard | OtherKey, bodies: list[JSONObject], tmp_path: Path
) -> tuple[list[SignedHead], DemoOutcome]:
    """Submit ``bodies`` through a poster, settle, and read back the receipts it wrote."""
    lines = io.StringIO()
    result = outcome(tmp_path)
    poster = Poster(board, lines, result, OPENS)  # type: ignore[arg-type]
    for i, body in enumerate(bodies):
        poster.submit("ballot", body, "ballot", f"voter {i}")
    poster.settle()
    return [parse_head(line, "receipt") for line in lines.getvalue().splitlines()], result


def test_the_poster_keeps_the_order_and_checks_every_receipt(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    bodies = ballots(election)
    receipts, result = play(demo_board, bodies, tmp_path)
    entries = {e.index: e for e in demo_board.iter_entries(0)}
    first = min(r.index for r in receipts)
    assert [r.index for r in receipts] == list(range(first, first + len(bodies)))
    assert [entries[r.index].body for r in receipts] == bodies
    assert all(r.verify(demo_board.public_key) and r.matches(entries[r.index]) for r in receipts)
    assert result.receipts == len(bodies) and not result.problems
    assert sum(d.first_ballots for d in result.days) == len(bodies)


def test_a_receipt_that_does_not_verify_is_a_problem(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    bodies = ballots(election)
    receipts, result = play(OtherKey(demo_board), bodies, tmp_path)
    # the entries were appended and their receipts kept, and each one is reported
    assert len(receipts) == result.receipts == len(bodies)
    assert len(result.problems) == len(bodies)
    assert all("the receipt does not verify" in p for p in result.problems)
