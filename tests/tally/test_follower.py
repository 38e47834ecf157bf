"""A party that follows the board while it is open counts what a full recount counts, and
reads each entry once: close, tally, decryption and result then check only the new entries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.board.board import Appended
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.rules.checker import DEFAULT_BATCH
from plebiscite.rules.state import DEFAULT_SPILL_AT
from plebiscite.tally.count import BoardCount, BoardFollower, count_board
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.result import compute_result

from ._election import CLOSES, PASSPHRASE, Election, LocalBoard, SimClock, key


class CountingBoard:
    """A board client over ``inner`` that counts the entries its readers take."""

    def __init__(self, inner: LocalBoard) -> None:
        self.inner = inner
        self.read = 0

    def entries(self) -> list[Entry]:
        raise AssertionError("a follower asked for the whole chain")

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        for entry in self.inner.iter_entries(start):
            self.read += 1
            yield entry

    def post(self, kind: str, body: JSONObject) -> Appended:
        return self.inner.post(kind, body)

    def head(self) -> SignedHead | None:
        return self.inner.head()


def _index(posted: tuple[Entry, object] | None) -> int | None:
    return None if posted is None else posted[0].index


def _same(followed: BoardCount, recount: BoardCount) -> None:
    group = recount.group
    assert followed.tally.to_body(group) == recount.tally.to_body(group)
    assert followed.figures == recount.figures
    assert followed.failures == recount.failures
    assert followed.close_index == recount.close_index
    assert followed.first == recount.first
    assert [e.index for e in followed.counting] == [e.index for e in recount.counting]
    assert _index(followed.posted_tally) == _index(recount.posted_tally)
    assert sorted(followed.partials) == sorted(recount.partials)
    assert followed.tally_problems == recount.tally_problems
    assert followed.partial_problems == recount.partial_problems
    assert followed.result_index == recount.result_index


def _vote(election: Election, board: LocalBoard, clock: SimClock, first: int, n: int) -> None:
    voters = [(d, k) for d, keys in election.voters.items() for k in keys]
    for i in range(first, first + n):
        district, voter = voters[i % len(voters)]
        board.post("ballot", election.ballot(voter, district, [i % 2, 1 - i % 2], f"follow {i}"))
        clock.now += 60_000_000


@pytest.mark.parametrize(("batch", "spill_at"), [(DEFAULT_BATCH, DEFAULT_SPILL_AT), (5, 0)])
def test_a_follower_counts_as_a_recount_and_reads_each_entry_once(
    election: Election, board: LocalBoard, clock: SimClock, batch: int, spill_at: int
) -> None:
    """Whatever its batch of proof equations: the default, or 5 ballots (batches then end in the
    middle of a follow and carry over from one follow to the next); whether its state is in
    memory or on disk from the start (each count then takes its snapshot's files), the recount
    always in memory."""
    authority = key("authority")
    watched = CountingBoard(board)
    with BoardFollower(batch_size=batch, spill_at=spill_at) as follower:
        _vote(election, board, clock, 0, 6)
        assert follower.follow(watched) == follower.entries == len(board.entries())
        _same(follower.count(watched), count_board(board.iter_entries()))  # while open
        _vote(election, board, clock, 6, 6)  # revotes too
        clock.now = CLOSES
        close_voting(watched, authority, clock=clock, follower=follower)
        _same(follower.count(watched), count_board(board.iter_entries()))
        post_tally(watched, authority, follower=follower)
        _same(follower.count(watched), count_board(board.iter_entries()))
        for trustee in election.trustees[:2]:
            assert trustee_decrypt(board, trustee, PASSPHRASE).appended is not None
        step, result = post_result(watched, authority, follower=follower)
        assert step.appended is not None
        recount = count_board(board.iter_entries())
        _same(follower.count(watched), recount)
        assert result == compute_result(recount)
        assert follower.entries == len(board.entries())
    # every entry was read once by the follower, plus entry 0 (the manifest) once per step
    assert watched.read == len(board.entries()) + 3


def test_a_trustee_that_followed_decrypts_reading_only_the_new_entries(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    authority = key("authority")
    watched = CountingBoard(board)
    with BoardFollower() as follower:
        _vote(election, board, clock, 0, 6)
        follower.follow(watched)  # while voting is open
        clock.now = CLOSES
        close_voting(board, authority, clock=clock)
        post_tally(board, authority)
        new = len(board.entries()) - follower.entries
        read = watched.read
        done = trustee_decrypt(watched, election.trustees[0], PASSPHRASE, follower=follower)
    assert done.appended is not None  # the board's acceptance rules checked the partial
    assert done.trustee in count_board(board.iter_entries()).partials
    # the manifest (the trustee's index) and the entries since the follow: close and tally
    assert new == 2 and watched.read - read == 1 + new
