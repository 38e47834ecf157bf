"""A party that follows the board while it is open counts what a full recount counts, and
reads each entry once: close, tally, decryption and result then check only the new entries."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.board.board import Appended
from plebiscite.errors import InputError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.rules import checker as checker_module
from plebiscite.rules import saved
from plebiscite.rules.checker import DEFAULT_BATCH
from plebiscite.rules.saved import state_key
from plebiscite.rules.state import DEFAULT_SPILL_AT
from plebiscite.tally.count import BoardCount, BoardFollower, count_board
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.result import compute_result

from ._election import CLOSES, ELECTION_ID, PASSPHRASE, Election, LocalBoard, SimClock, key


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


# -- a follower saved between runs (rules/saved.py; `plebiscite authority|trustee follow`) ----


class ServedBoard(CountingBoard):
    """A board client over ``inner`` that serves entry ``index`` changed by ``change`` (None:
    it no longer serves that entry or any after it)."""

    def __init__(self, inner: LocalBoard, index: int, change: Callable[[Entry], Entry] | None):
        super().__init__(inner)
        self.index, self.change = index, change

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        for entry in super().iter_entries(start):
            if entry.index == self.index:
                if self.change is None:
                    return
                entry = self.change(entry)
            yield entry


STATE_KEY = bytes(range(32))


def _saved_and_read_back(follower: BoardFollower, where: Path) -> BoardFollower:
    assert follower.save(where, STATE_KEY)
    follower.close()
    return BoardFollower.load(where, STATE_KEY)


@pytest.mark.parametrize(("batch", "spill_at"), [(DEFAULT_BATCH, DEFAULT_SPILL_AT), (5, 0)])
def test_a_follower_saved_after_each_step_counts_as_a_recount(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    tmp_path: Path,
    batch: int,
    spill_at: int,
) -> None:
    """As the commands use it: each run reads the follower back, brings it to the head and
    saves it again; its state in memory, or in files from the start (the entry log and the
    per-credential tables are then copied both ways)."""
    authority = key("authority")
    where = tmp_path / "checked"
    watched = CountingBoard(board)
    follower = BoardFollower(batch_size=batch, spill_at=spill_at)
    _vote(election, board, clock, 0, 6)
    follower.follow(watched)
    follower = _saved_and_read_back(follower, where)
    _vote(election, board, clock, 6, 6)
    read = watched.read
    assert follower.follow(watched) == 6
    assert watched.read - read == 1 + 6  # the entry last checked, to anchor it, then the new
    follower = _saved_and_read_back(follower, where)
    clock.now = CLOSES
    close_voting(watched, authority, clock=clock, follower=follower)
    follower = _saved_and_read_back(follower, where)
    post_tally(watched, authority, follower=follower)
    follower = _saved_and_read_back(follower, where)
    for trustee in election.trustees[:2]:
        assert trustee_decrypt(board, trustee, PASSPHRASE).appended is not None
    step, result = post_result(watched, authority, follower=follower)
    assert step.appended is not None
    follower = _saved_and_read_back(follower, where)
    recount = count_board(board.iter_entries())
    with follower:
        _same(follower.count(watched), recount)
        assert follower.entries == len(board.entries())
    assert result == compute_result(recount)


def _followed_and_saved(
    election: Election, board: LocalBoard, clock: SimClock, where: Path, spill_at: int = 0
) -> int:
    _vote(election, board, clock, 0, 4)
    with BoardFollower(spill_at=spill_at) as follower:
        follower.follow(board)
        assert follower.save(where, STATE_KEY)
        return follower.entries


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (None, "the board no longer serves the entry last checked"),
        (lambda e: replace(e, hash=bytes(32)), "the board serves it with another hash"),
    ],
)
def test_a_follower_read_back_refuses_a_board_that_lost_or_rewrote_what_it_checked(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    tmp_path: Path,
    change: Callable[[Entry], Entry] | None,
    reason: str,
) -> None:
    where = tmp_path / "checked"
    checked = _followed_and_saved(election, board, clock, where)
    _vote(election, board, clock, 4, 2)
    with BoardFollower.load(where, STATE_KEY) as follower:
        with pytest.raises(InputError) as caught:
            follower.follow(ServedBoard(board, checked - 1, change))
        assert caught.value.reason == "board_changed", reason
        assert follower.entries == checked  # nothing taken
    with BoardFollower.load(where, STATE_KEY) as follower:  # the honest board: it goes on
        assert follower.follow(board) == 2


def _flip(path: Path, at: int = -1) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda d: _flip(d / "state.pickle"), "saved_state_broken"),
        (lambda d: _flip(d / "files" / "0", 0), "saved_state_broken"),
        (lambda d: _flip(d / "files" / "3", 5), "saved_state_broken"),
        (lambda d: (d / "files" / "1").unlink(), "saved_state_broken"),
        (lambda d: (d / "seal.json").unlink(), "saved_state_broken"),
        (
            lambda d: (d / "seal.json").write_text(
                (d / "seal.json").read_text().replace('"board-follower"', '"checker"', 1)
            ),
            "saved_state_tag",
        ),
        (  # a digest re-sealed to match a changed file: the tag no longer holds
            lambda d: _reseal_without_key(d),
            "saved_state_tag",
        ),
    ],
)
def test_a_damaged_or_changed_saved_state_is_not_read_back(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    tmp_path: Path,
    damage: Callable[[Path], None],
    reason: str,
) -> None:
    where = tmp_path / "checked"
    _followed_and_saved(election, board, clock, where)
    assert sorted(p.name for p in (where / "files").iterdir()) == ["0", "1", "2", "3", "4"]
    damage(where)
    with pytest.raises(InputError) as caught:
        BoardFollower.load(where, STATE_KEY)
    assert caught.value.reason == reason


def _reseal_without_key(where: Path) -> None:
    """What someone who can write the directory but lacks the key can do: change a file and
    put its new SHA-256 in the seal."""
    _flip(where / "files" / "0", 0)
    seal = json.loads((where / "seal.json").read_text())
    seal["files"]["files/0"] = hashlib.sha256((where / "files" / "0").read_bytes()).hexdigest()
    (where / "seal.json").write_text(json.dumps(seal))


def test_a_saved_state_is_read_back_only_with_its_key_and_code(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = tmp_path / "checked"
    _followed_and_saved(election, board, clock, where, spill_at=DEFAULT_SPILL_AT)
    other = state_key(bytes(range(1, 33)), ELECTION_ID)
    with pytest.raises(InputError) as caught:
        BoardFollower.load(where, other)
    assert caught.value.reason == "saved_state_tag"
    assert state_key(bytes(range(1, 33)), bytes(16)) != other  # another election, another key
    monkeypatch.setattr(saved, "_CODE", ["another version"])
    with pytest.raises(InputError) as caught:
        BoardFollower.load(where, STATE_KEY)
    assert caught.value.reason == "saved_state_code"


def test_a_saved_state_names_no_global_outside_what_a_checker_is_made_of(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    """Even under the right key, a pickle that names a function (here ``os.system``) or a
    file-backed class by name is refused before anything runs."""
    where = tmp_path / "checked"
    _followed_and_saved(election, board, clock, where)
    for module, name in [("os", "system"), ("plebiscite.rules.hashfile", "HashFile")]:
        payload = b"\x80\x05c" + f"{module}\n{name}\n".encode() + b"\x94."
        (where / "state.pickle").write_bytes(payload)
        seal = json.loads((where / "seal.json").read_text())
        del seal["tag"]
        seal["files"]["state.pickle"] = hashlib.sha256(payload).hexdigest()
        tag = saved._mac(STATE_KEY, seal).finalize().hex()
        (where / "seal.json").write_text(json.dumps({**seal, "tag": tag}))
        with pytest.raises(InputError) as caught:
            BoardFollower.load(where, STATE_KEY)
        assert caught.value.reason == "saved_state_broken"
        assert f"{module}.{name}" in str(caught.value)


def test_runs_that_save_at_once_leave_one_complete_state(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    """``authority follow --every`` in one terminal while ``authority close`` runs in another:
    each run (here a thread with a follower of its own) saves in a directory of its own, and one
    whole state stays."""
    party = tmp_path / "party"
    where = party / "checked"
    checked = _followed_and_saved(election, board, clock, where)
    followers = [BoardFollower.load(where, STATE_KEY) for _ in range(3)]

    def save_often(follower: BoardFollower) -> None:
        for _ in range(8):
            assert follower.save(where, STATE_KEY)

    threads = [threading.Thread(target=save_often, args=(f,)) for f in followers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for follower in followers:
        follower.close()
    assert sorted(p.name for p in party.iterdir()) == ["checked"]  # nothing left aside
    with BoardFollower.load(where, STATE_KEY) as follower:
        assert follower.entries == checked
        assert follower.follow(board) == 0


def test_after_the_close_the_products_are_made_once_and_kept_with_the_check(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """V7's products of the closed board's counted set: made by the follower's own checker at
    the first count after the close, saved with it, and not made again by a decryption's or the
    result's count."""
    authority = key("authority")
    where = tmp_path / "checked"
    made: list[int] = []
    aggregate = checker_module.counting.aggregate

    def counted_aggregate(*args: object, **kwargs: object) -> object:
        made.append(1)
        return aggregate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checker_module.counting, "aggregate", counted_aggregate)
    follower = BoardFollower()
    _vote(election, board, clock, 0, 6)
    clock.now = CLOSES
    close_voting(board, authority, clock=clock, follower=follower)  # counted before the close
    assert len(made) == 1
    follower = _saved_and_read_back(follower, where)
    post_tally(board, authority, follower=follower)  # the closed board's products: made, kept
    assert len(made) == 2
    follower = _saved_and_read_back(follower, where)
    for trustee in election.trustees[:2]:
        trustee_decrypt(board, trustee, PASSPHRASE, follower=follower)
    step, _ = post_result(board, authority, follower=follower)
    assert step.appended is not None
    assert len(made) == 2
    with follower:
        _same(follower.count(board), count_board(board.iter_entries()))  # the recount makes its own
    assert len(made) == 3
