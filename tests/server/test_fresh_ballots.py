"""Ballot freshness through the service (docs/spec.md §11.4): a ballot names a recent signed head;
one held back past max_ballot_age, or naming a head the board never had, is refused with a signed
refusal; the tracking lookup names the ballot that superseded a voter's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.board import system_clock
from plebiscite.model.ballot import NamedHead, check_ballot, sign_ballot
from plebiscite.model.definition import DEFAULT_MAX_BALLOT_AGE
from plebiscite.model.entry import Entry, parse_entry, parse_refusal, submission_hash

from .conftest import BOARD_KEY, Served, serve


class _Clock:
    """The system clock moved forward by hand (a board that waits before it posts)."""

    def __init__(self) -> None:
        self.ahead_us = 0

    def __call__(self) -> int:
        return system_clock() + self.ahead_us


@pytest.fixture
def clocked(tmp_path: Path) -> Iterator[tuple[Served, _Clock]]:
    clock = _Clock()
    for served in serve(tmp_path, clock=clock):
        yield served, clock


def _post(served: Served, body: object) -> tuple[int, dict[str, object]]:
    response = served.http.post("/ballots", content=json.dumps(body).encode())
    return response.status_code, response.json()


def _latest(served: Served) -> NamedHead:
    head = served.board.head()
    assert head is not None
    return NamedHead(head.index, head.entry_hash)


def _signed(served: Served, i: int, bits: list[int], head: NamedHead) -> dict[str, object]:
    el = served.election
    opened = el.encrypt("north", i, bits, seed=f"fresh {head.index}")
    return dict(
        sign_ballot(el.voter("north", i), el.group, opened.encrypted, head).to_json(el.group)
    )


def _refused(served: Served, body: dict[str, object], reason: str) -> None:
    before = served.export()
    status, answer = _post(served, body)
    assert status == 409, answer
    refusal = parse_refusal(answer["refusal"], "answer")
    assert refusal.reason == reason and refusal.verify(BOARD_KEY.public)
    assert refusal.submission == submission_hash("ballot", body)
    assert served.export() == before  # nothing was written


def test_a_ballot_held_back_past_max_ballot_age_is_refused_as_stale(
    clocked: tuple[Served, _Clock],
) -> None:
    served, clock = clocked
    held = _signed(served, 1, [0, 1], _latest(served))  # signed now, kept aside
    clock.ahead_us = 10 * DEFAULT_MAX_BALLOT_AGE * 1_000_000
    # a quiet board: a ballot naming the latest head is fresh however old that head is
    assert _post(served, _signed(served, 0, [1, 0], _latest(served)))[0] == 201
    clock.ahead_us += (DEFAULT_MAX_BALLOT_AGE + 1) * 1_000_000  # replaced too long ago
    _refused(served, held, "stale_head")
    # signed again naming the latest head, the same choices are accepted
    assert _post(served, _signed(served, 1, [0, 1], _latest(served)))[0] == 201


def test_a_ballot_naming_a_head_the_board_never_had_is_refused(served: Served) -> None:
    latest = _latest(served)
    beyond = _signed(served, 2, [1, 0], NamedHead(latest.index + 5, latest.hash))
    _refused(served, beyond, "unknown_head")
    forked = _signed(served, 2, [1, 0], NamedHead(latest.index, bytes(32)))
    _refused(served, forked, "unknown_head")


def test_tracking_names_the_ballot_that_superseded_hers(served: Served) -> None:
    el = served.election
    coerced_at = _latest(served)
    coerced = _signed(served, 3, [0, 1], coerced_at)  # a coercer makes her sign, and keeps it
    assert _post(served, el.ballot("north", 0, [1, 0]))[0] == 201  # the board moves on
    status, answer = _post(served, _signed(served, 3, [1, 0], _latest(served)))
    assert status == 201
    hers = parse_entry(answer["entry"], "answer")
    status, answer = _post(served, coerced)  # posted after hers, within max_ballot_age
    assert status == 201
    late = parse_entry(answer["entry"], "answer")
    assert late.index > hers.index
    mine = served.http.get(f"/tracking/{_tracking(served, hers)}")
    assert mine.json()["superseded_by"] is None  # hers counts: she signed after a later head
    theirs = served.http.get(f"/tracking/{_tracking(served, late)}").json()
    assert theirs["superseded_by"] == {"index": hers.index, "time": hers.time}


def _tracking(served: Served, entry: Entry) -> str:
    params = served.election.params
    assert params is not None
    return check_ballot(params, entry.body, "entry").tracking.hex()
