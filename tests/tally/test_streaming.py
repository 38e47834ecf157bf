"""The counting steps read the board as a stream and never hold the chain.

:class:`OnePassBoard` hands out the board's entries one at a time as :class:`_Tracked` copies
(weakly referenced) and refuses ``entries()``; at every entry it hands out, and once more when
the pass ends, it counts the ballots and challenges of that pass still alive somewhere. A step
that kept the chain (``list(entries)``, a second pass over a kept list) keeps every ballot alive
and fails; a step that streams keeps at most the entry it is working on.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.authority.counting import close_voting, open_voting, post_result, post_tally
from plebiscite.board.board import Appended
from plebiscite.booth.election import read_election
from plebiscite.credentials.issue import check_board_ready
from plebiscite.errors import BoardError, InputError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.roll import ROLL_KIND
from plebiscite.model.signed import unsigned_part
from plebiscite.model.tally import Open
from plebiscite.rules.setup import election_setup
from plebiscite.tally.count import count_board
from plebiscite.tally.decrypt import trustee_decrypt

from ._election import CLOSES, HOUR, OPENS, PASSPHRASE, Election, LocalBoard, SimClock, key

#: ballots (with revotes) posted on the board under test: many more than any step may keep
BALLOTS = 30
#: the ballots of one pass a streaming step may hold at once (the one it works on, the last one)
LIVE_BOUND = 2


class _Tracked(Entry):
    """An entry that can be weakly referenced (to see whether anyone still holds it)."""

    __slots__ = ("__weakref__",)


class OnePassBoard:
    """A board client over ``inner`` that only streams, and watches what its readers keep."""

    def __init__(self, inner: LocalBoard, kinds: tuple[str, ...] = ("ballot", "challenge")) -> None:
        self.inner = inner
        self.kinds = kinds  # the entries watched
        self.passes = 0
        self.peak_live = 0
        self.read = 0  # entries handed out

    def entries(self) -> list[Entry]:
        raise AssertionError("a counting step asked for the whole chain (entries())")

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        self.passes += 1
        ballots: list[weakref.ref[_Tracked]] = []

        def note() -> None:
            self.peak_live = max(self.peak_live, sum(r() is not None for r in ballots))

        for entry in self.inner.iter_entries(start):
            note()
            tracked = _Tracked(
                entry.index, entry.time, entry.kind, entry.body, entry.prev, entry.hash
            )
            if tracked.kind in self.kinds:
                ballots.append(weakref.ref(tracked))
            self.read += 1
            del entry
            yield tracked
            del tracked
        note()

    def post(self, kind: str, body: JSONObject) -> Appended:
        return self.inner.post(kind, body)

    def head(self) -> SignedHead | None:
        return self.inner.head()


def _vote(election: Election, board: LocalBoard, clock: SimClock) -> None:
    """``BALLOTS`` ballots: every voter votes, then votes again and again (revotes)."""
    voters = [(d, k) for d, keys in election.voters.items() for k in keys]
    for n in range(BALLOTS):
        district, voter = voters[n % len(voters)]
        bits = [1, 0] if n % 3 else [0, 1]
        board.post("ballot", election.ballot(voter, district, bits, f"stream {n}"))
        clock.now += 60_000_000


def test_every_counting_step_streams_the_board(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    _vote(election, board, clock)
    watched = OnePassBoard(board)
    clock.now = CLOSES
    authority = key("authority")

    close_voting(watched, authority, clock=clock)
    post_tally(watched, authority)
    for trustee in election.trustees[:2]:
        assert trustee_decrypt(watched, trustee, PASSPHRASE).appended is not None
    ticks: list[int] = []
    step, result = post_result(watched, authority, progress=ticks.append)
    assert step.appended is not None
    assert result.total.counted == sum(len(keys) for keys in election.voters.values())
    assert sum(ticks) == step.appended.entry.index  # one tick per entry checked
    read_election(watched.iter_entries())
    assert watched.passes >= 6
    assert 0 < watched.peak_live <= LIVE_BOUND, watched.peak_live


def test_the_watch_sees_a_step_that_keeps_the_chain(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    """The test's own check: a reader that materialises the stream is caught."""
    _vote(election, board, clock)
    watched = OnePassBoard(board)
    kept = list(watched.iter_entries())
    assert watched.peak_live == BALLOTS
    count = count_board(iter(kept))
    assert count.figures.counted == {"north": 6, "south": 4}


def test_count_board_reads_its_entries_once(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    _vote(election, board, clock)
    source = board.iter_entries()
    count = count_board(source)
    assert next(source, None) is None  # consumed to the end, in one pass
    assert count.first_index("ballot") == count.open_index + 1
    assert count.counting == []
    with pytest.raises(BoardError, match="already issued"):
        check_board_ready(board.iter_entries())


def test_http_board_streams_page_by_page(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette prefers another HTTP client for tests
        from fastapi.testclient import TestClient

    from plebiscite.board.http import HTTPBoard
    from plebiscite.board.stores.sqlite import SQLiteStore
    from plebiscite.server.app import create_app
    from plebiscite.server.limits import Limits
    from plebiscite.server.service import BoardService

    _vote(election, board, clock)
    expected = [e.hash for e in board.iter_entries(3)]
    board.close()
    store = SQLiteStore(board.path)
    service = BoardService(store, key("board"), clock=clock, monitor_interval=None)
    with TestClient(create_app(service, limits=Limits(page=7))) as http:
        link = HTTPBoard("http://testserver", http=http)
        assert [e.hash for e in link.iter_entries(3)] == expected
        assert len(expected) > 3 * 7  # several pages
        count = count_board(link.iter_entries())
        assert count.figures.counted == {"north": 6, "south": 4}


def test_open_streams_the_setup(election: Election, tmp_path: Path) -> None:
    """``open`` reads the setup once and keeps none of the roll's chunks: at a million voters
    they are most of the setup."""
    board = election.board(tmp_path / "setup", SimClock(OPENS - 24 * HOUR), opened=False)
    try:
        reference = election_setup(board.entries())  # the setup read whole
        watched = OnePassBoard(board, kinds=(ROLL_KIND,))
        with pytest.raises(InputError, match="not the manifest's authority key"):
            open_voting(watched, key("trustee 1"))
        assert watched.read == 1  # refused at entry 0, before reading the rest
        step = open_voting(watched, key("authority"))
        assert watched.passes == 2
        chunks = sum(e.kind == ROLL_KIND for e in board.iter_entries())
        assert chunks >= 4
        assert 0 < watched.peak_live <= LIVE_BOUND < chunks, watched.peak_live
        assert step.appended is not None and reference.election_context is not None
        posted = unsigned_part(step.appended.entry.body)
        assert posted == Open(reference.election_context).to_body()
        # the same open as the one the test election was built with
        copy = election.board(tmp_path / "built", SimClock(0))
        try:
            built = next(e for e in copy.iter_entries() if e.kind == "open")
        finally:
            copy.close()
        assert (built.index, unsigned_part(built.body)) == (step.appended.entry.index, posted)
        again = open_voting(watched, key("authority"))  # run again: posts nothing
        assert again.appended is None and again.index == step.appended.entry.index
    finally:
        board.close()
