"""A trustee's ``mix`` on an in-process board: rounds in order, refusals, and a run resumed after a
crash that posts the rest of the same shuffle, never a second one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plebiscite.board.board import Appended
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.mix import MIX_CHUNK_KIND, MIX_KIND
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.state.party import Party, open_party
from plebiscite.tally.count import BoardFollower
from plebiscite.tally.mix import MIX_DIR, MixRefused, trustee_mix

from ._election import PASSPHRASE, Election, LocalBoard, SimClock
from .test_counting import close_and_tally, vote

PLAN = [("north", 0, 0), ("north", 1, 1), ("north", 2, 0), ("south", 0, 1), ("north", 0, 1)]


@pytest.fixture
def trustees(election: Election, tmp_path: Path) -> list[Party]:
    """The trustees' state directories copied for this test (a shuffle is prepared there)."""
    copies = []
    for party in election.trustees:
        target = tmp_path / party.directory.name
        shutil.copytree(party.directory, target)
        copies.append(open_party(target, "trustee"))
    return copies


def _verify(board: LocalBoard) -> Report:
    checker = Checker()
    try:
        checker.feed_all(board.entries())
        return checker.finish(in_progress=True)
    finally:
        checker.close()


def _closed(election: Election, board: LocalBoard, clock: SimClock) -> None:
    vote(election, board, clock, PLAN)
    close_and_tally(board, clock)


def test_two_trustees_mix_every_district_in_turn(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    _closed(election, board, clock)
    first = trustee_mix(board, trustees[0], PASSPHRASE)
    assert [(m.list.district, len(m.posted)) for m in first] == [("north", 2), ("south", 2)]
    again = trustee_mix(board, trustees[0], PASSPHRASE)
    assert all(not m.posted and m.mix_index is not None for m in again)
    third = trustee_mix(board, trustees[2], PASSPHRASE)
    assert all(len(m.posted) == 2 for m in third)
    # trustee 2 comes after trustee 3 has mixed: it may not join the round any more
    late = trustee_mix(board, trustees[1], PASSPHRASE)
    assert all(m.skipped and "increasing index order" in m.skipped for m in late)
    report = _verify(board)
    assert report.failures == (), [str(f) for f in report.failures]
    assert report.checked["V11"] == 8
    kinds = [e.kind for e in board.entries()]
    assert kinds.count(MIX_KIND) == 4 and kinds.count(MIX_CHUNK_KIND) == 4


def test_mix_refuses_an_open_board(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    vote(election, board, clock, PLAN[:2])
    with pytest.raises(MixRefused, match="not closed"):
        trustee_mix(board, trustees[0], PASSPHRASE)


def test_the_board_refuses_a_mix_out_of_order(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    _closed(election, board, clock)
    trustee_mix(board, trustees[2], PASSPHRASE, districts=("north",))
    entries = board.entries()
    chunk = next(e for e in entries if e.kind == MIX_CHUNK_KIND)
    with pytest.raises(BoardError) as refused:
        board.post(MIX_CHUNK_KIND, chunk.body)
    assert refused.value.reason == "out_of_order"


class _Crash(Exception):
    pass


class _CrashingBoard(LocalBoard):
    """The board as seen by a trustee whose process dies after one successful post."""

    def __init__(self, board: LocalBoard) -> None:  # the same open board, not a copy
        self.__dict__.update(board.__dict__)
        self.left = 1

    def post(self, kind: str, body: JSONObject) -> Appended:
        if self.left == 0:
            raise _Crash
        self.left -= 1
        return super().post(kind, body)


def _crash_after_the_first_chunk(
    election: Election, board: LocalBoard, clock: SimClock, trustee: Party
) -> Entry:
    """Close the board, then let ``trustee`` mix north and die after its first post."""
    _closed(election, board, clock)
    with pytest.raises(_Crash):
        trustee_mix(_CrashingBoard(board), trustee, PASSPHRASE, districts=("north",))
    posted = board.entries()[-1]
    assert posted.kind == MIX_CHUNK_KIND
    return posted


def test_a_run_after_a_crash_posts_the_rest_of_the_same_shuffle(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    trustee = trustees[0]
    posted = _crash_after_the_first_chunk(election, board, clock, trustee)
    done = trustee_mix(board, trustee, PASSPHRASE, districts=("north",))
    assert [e.kind for e in done[0].posted] == [MIX_KIND]
    assert board.entries()[-2] == posted  # the chunk was not posted again, nor another one
    assert _verify(board).failures == ()


def test_a_lost_prepared_shuffle_is_never_replaced_by_a_new_one(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    trustee = trustees[1]
    _crash_after_the_first_chunk(election, board, clock, trustee)
    prepared = trustee.directory / MIX_DIR / "counted-north.json"
    assert prepared.is_file() and prepared.stat().st_mode & 0o077 == 0
    prepared.unlink()
    with pytest.raises(MixRefused, match="a new shuffle would differ"):
        trustee_mix(board, trustee, PASSPHRASE, districts=("north",))


def test_unknown_district(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    _closed(election, board, clock)
    with pytest.raises(MixRefused, match="not one of the manifest's"):
        trustee_mix(board, trustees[0], PASSPHRASE, districts=("west",))


def test_the_board_refuses_a_shuffle_whose_proof_fails(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    """Trustee 1 re-encrypts one output item once more after proving: its chunk decodes and is
    signed, so it is accepted; its mix (the output digest recomputed, re-signed) is refused."""
    from plebiscite.crypto.elgamal import Ciphertext, encode_ciphertext
    from plebiscite.crypto.shuffle import list_digest, prove_shuffle, shuffle
    from plebiscite.model.mix import ListRef, mix_bodies, sign_mix

    _closed(election, board, clock)
    checker = Checker()
    checker.feed_all(board.entries())
    group, ceremony, ctx = checker.group, checker.ceremony, checker.election_ctx
    assert group is not None and ceremony is not None and ceremony.joint_key is not None
    assert ctx is not None and checker.election_id is not None
    inputs = checker.counted_list("north")
    checker.close()
    outputs, secret = shuffle(group, ceremony.joint_key, inputs)
    proof = prove_shuffle(group, ceremony.joint_key, inputs, outputs, secret, ctx, 1)
    first = outputs[0][0]
    outputs[0] = (
        Ciphertext(
            group.mul(first.alpha, group.generator()), group.mul(first.beta, ceremony.joint_key)
        ),
        *outputs[0][1:],
    )
    bodies = mix_bodies(group, 1, ListRef("counted", "north"), None, inputs, outputs, proof)
    assert bodies[0][1]["items"][0][0] == encode_ciphertext(group, outputs[0][0])  # type: ignore[index]
    assert bodies[-1][1]["output"] == list_digest(group, outputs).hex()
    key = trustees[0].signing_key(PASSPHRASE)
    for kind, body in bodies[:-1]:
        board.post(kind, sign_mix(key, checker.election_id, kind, body))
    kind, body = bodies[-1]
    with pytest.raises(BoardError) as refused:
        board.post(kind, sign_mix(key, checker.election_id, kind, body))
    assert refused.value.reason == "bad_proof"


def test_a_list_proved_on_disk_gives_the_entries_proved_in_memory(tmp_path: Path) -> None:
    """The prepared file of a list above the threshold (its lists on disk) is, byte for byte,
    the one of the same list in memory for the same random draws; the spill directory is gone."""
    from plebiscite.crypto.elgamal import Ciphertext
    from plebiscite.crypto.groups import get_group
    from plebiscite.crypto.rand import DeterministicRandom
    from plebiscite.crypto.shuffle import list_digest
    from plebiscite.crypto.shuffle_columns import PROVER_CHUNK
    from plebiscite.model.mix import ListRef
    from plebiscite.tally.mix import input_list, prepare_shuffle

    group = get_group("secp256k1")
    key = group.exp_g(99)
    items = [
        tuple(Ciphertext(group.exp_g(2 * i + k + 1), group.exp_g(7 * i + k + 3)) for k in range(2))
        for i in range(PROVER_CHUNK + 3)
    ]
    ref = ListRef("counted", "north")
    files = []
    for spill_at in (len(items), 1):
        path = tmp_path / f"prepared-{spill_at}.json"
        spill = tmp_path / f"spill-{spill_at}"
        with input_list(group, iter(items), spill, spill_at) as (inputs, columns):
            assert spill.is_dir() == (spill_at == 1)
            prepare_shuffle(
                group,
                key,
                b"context",
                1,
                lambda kind, body: body,
                ref,
                4,
                inputs,
                list_digest(group, items),
                columns,
                path,
                DeterministicRandom(b"same draws"),
            )
        assert not spill.exists()
        files.append(path.read_bytes())
    assert files[0] == files[1]
    assert files[0].count(b"\n") == 1 + 3  # the header, two chunks and the mix


def test_trustees_mix_with_their_lists_on_disk(
    election: Election, board: LocalBoard, clock: SimClock, trustees: list[Party]
) -> None:
    """Every list above a threshold of one item: the round verifies, and a run after a crash
    posts the rest of the same shuffle."""
    trustee = trustees[0]
    _closed(election, board, clock)
    with pytest.raises(_Crash):
        trustee_mix(_CrashingBoard(board), trustee, PASSPHRASE, districts=("north",), spill_at=1)
    assert not any(p.name.startswith("spill-") for p in (trustee.directory / MIX_DIR).iterdir())
    posted = board.entries()[-1]
    done = trustee_mix(board, trustee, PASSPHRASE, spill_at=1)
    assert [e.kind for e in done[0].posted] == [MIX_KIND]
    assert board.entries()[-4] == posted
    trustee_mix(board, trustees[2], PASSPHRASE, spill_at=1)
    report = _verify(board)
    assert report.failures == (), [str(f) for f in report.failures]
    assert report.checked["V11"] == 8


def test_a_follower_keeps_its_mix_lists_on_disk_through_counts_copies_and_a_save(
    election: Election,
    board: LocalBoard,
    clock: SimClock,
    trustees: list[Party],
    tmp_path: Path,
) -> None:
    """A party's follower whose V11 lists went to their database: a count (on a copy of its
    checker) and a copy for a replay (``resumed``) leave the follower's database as it was, its
    check is saved with a copy of it and read back, and the next round, which reads the last
    round's output from there, checks as a fresh check does."""
    _closed(election, board, clock)
    follower = BoardFollower()
    follower._checker.mixing.spill_at = 0  # every list to the database
    trustee_mix(board, trustees[0], PASSPHRASE)
    follower.count(board)
    follower.resumed(board).close()
    lists = follower._checker.mixing.lists
    assert lists is not None and lists.on_disk
    key = bytes(range(32))
    assert follower.save(tmp_path / "checked", key)
    follower.close()
    back = BoardFollower.load(tmp_path / "checked", key)
    try:
        trustee_mix(board, trustees[2], PASSPHRASE)  # the second round: the first's output read
        back.count(board)
        report = _verify(board)
        assert report.failures == () and report.checked["V11"] == 8
        assert back.failures == []
    finally:
        back.close()
