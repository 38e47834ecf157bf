"""The demo's :class:`~plebiscite.demo.board.Poster` on the real board: the voters' entries
submitted in order, every receipt checked against the board's key and kept (in the receipts'
process, :class:`~plebiscite.demo.receipts.ReceiptKeeper`), the days counted.

The voters' ballots of the test election go to a :class:`DemoBoard` over a copy of its opened
board; the receipts are the board's own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.client import STORE_FILE
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.demo.board import DemoBoard, Poster
from plebiscite.demo.clock import SimulatedClock
from plebiscite.demo.outcome import DayTurnout, DemoOutcome
from plebiscite.demo.receipts import ReceiptKeeper
from plebiscite.demo.scenario import Scenario
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import SignedHead, parse_head
from plebiscite.state.party import Party

from ._election import HOUR, OPENS, Election, key

DAYS = 5


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
    board: DemoBoard,
    bodies: list[JSONObject],
    tmp_path: Path,
    board_key: VerifyingKey | None = None,
) -> tuple[list[SignedHead], DemoOutcome]:
    """Submit ``bodies`` through a poster, finish, and read back the receipts kept (checked
    against ``board_key``, the board's own unless given)."""
    result = outcome(tmp_path)
    path = tmp_path / "receipts.jsonl"
    with ReceiptKeeper(path, board_key or board.public_key) as keeper:
        poster = Poster(board, keeper, result, OPENS)
        for i, body in enumerate(bodies):
            poster.submit("ballot", body, "ballot", f"voter {i}")
        poster.finish()
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_head(line, "receipt") for line in lines], result


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
    # checked against another key than the board's (as a board operator who signs receipts with
    # a key not the manifest's would have them checked)
    receipts, result = play(demo_board, bodies, tmp_path, key("authority").public)
    # the entries were appended and their receipts kept, and each one is reported
    assert len(receipts) == result.receipts == len(bodies)
    assert result.problems == [f"entry {r.index}: the receipt does not verify" for r in receipts]


def test_a_receipt_for_another_entry_is_a_problem(
    election: Election, demo_board: DemoBoard, tmp_path: Path
) -> None:
    # the board's own signature, over a head that names another entry than the one posted
    body = ballots(election)[0]
    entry, receipt = demo_board.post("ballot", body)
    other = next(e for e in demo_board.iter_entries(0) if e.index == entry.index - 1)
    with ReceiptKeeper(tmp_path / "receipts.jsonl", demo_board.public_key) as keeper:
        keeper.keep(other, receipt)
        keeper.keep(entry, receipt)
        assert keeper.finish() == [other.index]
    kept = (tmp_path / "receipts.jsonl").read_text(encoding="utf-8").splitlines()
    assert kept == [receipt.to_line()] * 2
