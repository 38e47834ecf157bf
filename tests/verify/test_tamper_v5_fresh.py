"""V5.7 and V6.5, ballot freshness: a ballot names a recent head, and the head orders revotes.

A ballot signed and withheld (a coercer made the voter sign it; a board answered an unsigned
``store_failed`` and kept it) must not be postable just before close, nor supersede the ballot its
voter signed later (docs/spec.md §11.4). The attacks here are re-sealed (:mod:`._reseal`): the
board appends the withheld ballot, then re-hashes, re-signs every head and re-counts, so only V5
can tell; the order of revotes is checked on records built during the run.
"""

from __future__ import annotations

from collections.abc import Sequence

from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.model.ballot import BallotParams, NamedHead, sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.rules.checker import Checker

from ._record import MAX_BALLOT_AGE, Builder, Built, Plan, build, voter
from ._reseal import SECP, HostileBoard, only, verify


def _params(entries: Sequence[Entry]) -> BallotParams:
    checker = Checker()
    open_at = next(e.index for e in entries if e.kind == "open")
    checker.feed_all(entries[: open_at + 1])
    params = checker.params
    checker.close()
    assert params is not None
    return params


def _withheld(entries: Sequence[Entry], named: Entry, bits: Sequence[int]) -> JSONObject:
    """north-3's ballot for ``bits``, signed naming ``named`` (the coercer keeps it)."""
    signer = voter("north", 3)
    opened = encrypt_ballot(
        _params(entries), "north", signer.public.xonly, [list(bits)], DeterministicRandom("held")
    )
    head = NamedHead(named.index, named.hash)
    return sign_ballot(signer, SECP, opened.encrypted, head).to_json(SECP)


def _append_before_close(honest: Built, body: JSONObject, time: int) -> tuple[Built, int]:
    """The board appends ``body`` as the last ballot (board time ``time``) and re-seals."""
    board = HostileBoard(honest)
    last = board.entries[-1]
    index = len(board.entries)
    board.entries.append(Entry.create(index, max(time, last.time), "ballot", body, last.hash))
    return board.seal(), index


def test_a_withheld_ballot_posted_late_fails_v5_as_stale(honest: Built) -> None:
    """Re-sealed, with a coercer: north-3 signed a ballot naming the head before her own ballot
    and cast her own; the board posts the withheld one as the last ballot, more than
    max_ballot_age after her ballot replaced that head. Everything else recomputes; only V5
    fails, at that entry."""
    own = honest.ballots["north-3"]
    named = honest.entries[own - 1]
    body = _withheld(honest.entries, named, [0, 1])
    replaced = honest.entries[own].time
    built, index = _append_before_close(honest, body, replaced + MAX_BALLOT_AGE * 10**6 + 1)
    report = verify(built)
    only(report, "V5", index, "body.head")
    assert any("stale" in f.message for f in report.failures)


def test_a_ballot_naming_a_head_of_another_chain_fails_v5(honest: Built) -> None:
    """Re-sealed: the ballot names an index of this board with a hash that is not that entry's
    (a head of a forked board). Only V5 fails, at its named head's hash."""
    own = honest.ballots["north-3"]
    named = honest.entries[own - 1]
    forked = Entry.create(named.index, named.time, "challenge", {"fork": True}, named.prev)
    body = _withheld(honest.entries, forked, [0, 1])
    built, index = _append_before_close(honest, body, named.time + 1_000_000)
    only(verify(built), "V5", index, "body.head.hash")


def test_a_ballot_naming_a_head_not_before_it_fails_v5(honest: Built) -> None:
    """Re-sealed: the ballot names an index at or beyond its own (a head the voter cannot have
    read). Only V5 fails, at the named head's index."""
    board = HostileBoard(honest)
    last = board.entries[-1]
    future = Entry.create(len(board.entries), last.time, "ballot", {}, last.hash)
    body = _withheld(honest.entries, future, [0, 1])
    built, index = _append_before_close(honest, body, last.time)
    only(verify(built), "V5", index, "body.head.index")


def _revote_race(order: str) -> Plan:
    """north-3 is made to sign a ballot for "no" (the coercer keeps it); once the board has moved
    on she casts "yes" herself; the coercer then posts his, within max_ballot_age. ``order``:
    ``"held last"`` (the board puts the coercer's ballot after hers) or ``"same head"`` (she casts
    before the board moved, naming the head the coercer's names)."""

    def before_close(b: Builder) -> None:
        signer = voter("north", 3)
        held_at = b.head()
        held = encrypt_ballot(
            b.params, "north", signer.public.xonly, [[0, 1]], DeterministicRandom("coerced")
        )
        if order == "held last":  # another voter's challenge moves the board on
            other = voter("north", 2).public.xonly
            moved = encrypt_ballot(b.params, "north", other, [[0, 1]], b.rng)
            b.post("challenge", moved.challenge().to_json(b.group))
        own = encrypt_ballot(b.params, "north", signer.public.xonly, [[1, 0]], b.rng)
        entry = b.post(
            "ballot", sign_ballot(signer, b.group, own.encrypted, b.head()).to_json(b.group)
        )
        b.named["north-3 alone"] = entry.index
        body = sign_ballot(signer, b.group, held.encrypted, held_at).to_json(b.group)
        entry = b.post("ballot", body)
        b.named["north-3 coerced"] = entry.index

    return Plan(before_close=before_close)


def _counted_index(built: Built) -> int:
    checker = Checker()
    checker.feed_all(built.entries)
    counted = checker.counted(voter("north", 3).public.xonly)
    checker.close()
    assert counted is not None
    return counted.index


def test_a_withheld_ballot_posted_last_does_not_supersede_a_later_signed_one() -> None:
    """During the run: the coercer's ballot names an earlier head than the one she cast alone,
    so hers counts although the board put his last; the record verifies, its result counts her
    "yes", and the coercer's ballot is counted as superseded."""
    built = build(_revote_race("held last"))
    report = verify(built)
    assert report.ok, [str(f) for f in report.failures]
    assert _counted_index(built) == built.ballots["north-3 alone"]
    result = built.entries[-1].body
    assert isinstance(result, dict) and isinstance(result["total"], dict)
    assert result["total"]["superseded"] == 3  # north-0's first ballot, north-3's first, coerced
    north = result["districts"][0]
    assert isinstance(north, dict) and north["id"] == "north"
    assert north["counts"] == [[3, 3]]  # her "yes" counts; the coerced "no" would make [2, 4]


def test_two_ballots_naming_the_same_head_follow_the_board_order() -> None:
    """During the run: both name the same head; the board's order decides (the later one
    counts), as docs/trust.md says of a voter who casts before the board has moved on."""
    built = build(_revote_race("same head"))
    assert verify(built).ok
    assert _counted_index(built) == built.ballots["north-3 coerced"]
