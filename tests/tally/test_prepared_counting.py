"""The authority's close, tally and result checked and signed where the board is only read
(``prepare_…``), then posted by whoever holds the board (``post_signed``): the same entries as the
steps that post themselves, and each step, run again once its entry is on the board, finds it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plebiscite.authority.counting import (
    post_signed,
    prepare_close,
    prepare_result,
    prepare_tally,
)
from plebiscite.board.board import Appended
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.signed import unsigned_part, verify_body_signature
from plebiscite.model.tally import CLOSE_KIND, RESULT_KIND, TALLY_KIND
from plebiscite.tally.count import BoardFollower, count_board
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.result import compute_result

from ._election import CLOSES, ELECTION_ID, PASSPHRASE, Election, LocalBoard, SimClock, key


class ReadOnly:
    """``inner`` as a process that only reads the board sees it."""

    def __init__(self, inner: LocalBoard) -> None:
        self.inner = inner

    def entries(self) -> list[Entry]:
        return self.inner.entries()

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self.inner.iter_entries(start)

    def post(self, kind: str, body: JSONObject) -> Appended:
        raise BoardError("read_only", f"a {kind} posted by a step that was to read only")

    def head(self) -> SignedHead | None:
        return self.inner.head()


@pytest.mark.parametrize("followed", [False, True])
def test_prepared_steps_read_only_and_their_bodies_post_as_the_steps_would(
    election: Election, board: LocalBoard, clock: SimClock, followed: bool
) -> None:
    authority = key("authority")
    reader = ReadOnly(board)
    voters = [(d, k) for d, keys in election.voters.items() for k in keys]
    for i, (district, voter) in enumerate(voters[:5]):
        board.post("ballot", election.ballot(voter, district, [i % 2, 1 - i % 2], f"prep {i}"))
        clock.now += 60_000_000
    with BoardFollower() as follower:
        mine = follower if followed else None
        clock.now = CLOSES
        close = prepare_close(reader, authority, clock=clock, follower=mine)
        assert close.kind == CLOSE_KIND and close.body is not None and close.existing is None
        verify_body_signature(
            authority.public, ELECTION_ID, CLOSE_KIND, close.body, "close", "authority"
        )
        posted = post_signed(board, close)
        assert posted.appended is not None and posted.appended.entry.kind == CLOSE_KIND
        # run again, the step finds its entry and signs nothing
        again = prepare_close(reader, authority, clock=clock, follower=mine)
        assert again.body is None and again.existing == posted.index
        assert post_signed(board, again).index == posted.index
        assert len(board.entries()) == posted.index + 1

        tally = prepare_tally(reader, authority, follower=mine)
        assert tally.kind == TALLY_KIND and tally.body is not None
        tally_index = post_signed(board, tally).index
        assert prepare_tally(reader, authority, follower=mine).existing == tally_index

        for trustee in election.trustees[:2]:
            assert trustee_decrypt(board, trustee, PASSPHRASE).appended is not None
        signed, result = prepare_result(reader, authority, follower=mine)
        assert signed.kind == RESULT_KIND and signed.body is not None
        assert result == compute_result(count_board(board.iter_entries()))
        assert unsigned_part(signed.body) == result.to_body()
        step = post_signed(board, signed)
        assert step.appended is not None
        found, same = prepare_result(reader, authority, follower=mine)
        assert found.body is None and found.existing == step.index and same == result
