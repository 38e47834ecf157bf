"""The fake-credentials tally on the board (docs/spec.md §16.5, docs/record.md §6): the honest
tally passes V11, V13 and V14, its entries read back as written, and a re-sealed tamper test per
check — a trustee who drops or adds a tag, mis-blinds, mixes dishonestly, forces an equality
test or decrypts wrongly; an authority that keeps a duplicate that is not the last or matches
falsely; a board that reorders ballots after the tally so that another duplicate is last. Every
hostile party signs what it posts (the tally is posted by the same code), and every later party
works from what was posted, so only the targeted check fails, at the entry named.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.pet import PetStage
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item
from plebiscite.crypto.shuffle_verify import MixStage
from plebiscite.crypto.tags_blind import BlindStage
from plebiscite.errors import RecordError
from plebiscite.model.coercion.tally import Context, DistrictTally, Share, TallyRun
from plebiscite.model.coercion.tally_entries import (
    COERCION_TALLY_KINDS,
    parse_tally_entry,
)
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.rules.report import Failure

from ._record import ANONYMITY, DISTRICT, SPEC, TALLY_CHECKS, Scene, check, rechained, scene


@pytest.fixture(scope="module")
def s() -> Scene:
    return scene()


def _run(s: Scene, run: type[TallyRun], **kwargs: object) -> DistrictTally:
    hostile = run(
        s.params,
        s.secrets,
        SPEC.k,
        anonymity=ANONYMITY,
        rng=DeterministicRandom("hostile tally"),
        **kwargs,  # type: ignore[arg-type]
    )
    _, ballots = s.ballots(s.closed)
    return hostile.run(s.roll, ballots, DISTRICT)


def _entry(entries: Sequence[Entry], kind: str, nth: int = 0) -> Entry:
    return [e for e in entries if e.kind == kind][nth]


def _chunk(entries: Sequence[Entry], stage: str, trustee: int, position: int = 0) -> Entry:
    return next(
        e
        for e in entries
        if e.kind == "tally_chunk"
        and (e.body["stage"], e.body["trustee"], e.body["position"]) == (stage, trustee, position)
    )


def _only(failures: Sequence[Failure], check_id: str, entry: Entry) -> Failure:
    assert [(f.check, f.index) for f in failures] == [(check_id, entry.index)], failures
    return failures[0]


def test_the_honest_tally_passes_and_counts_real_credentials_only(s: Scene) -> None:
    tally = s.play()
    entries = s.posted(tally)
    checker, failures = check(s, entries)
    assert failures == []
    assert checker.checked["V13"] == 14 and checker.checked["V14"] == 11  # chunks too
    rounds = checker.coercion.districts["north"]
    ballots = [e.index for e in s.closed if e.kind == "ballot"]
    assert rounds.kept == tuple(ballots[p] for p in (0, 2, 3, 4, 5, 6, 7))  # voter 2's last
    assert rounds.counted is not None and len(rounds.counted) == 4  # fakes and junk dropped
    assert tally.counts == (1, 3)  # the counts kept aside: yes voter 3; no voters 0, 1, 2
    kinds = [e.kind for e in entries[len(s.closed) :]]
    assert kinds.count("mix") == 3 and kinds[-1] == "pet_match"


def test_step_5_tallies_decrypts_and_publishes_the_matched_ballots(s: Scene) -> None:
    """After the pet_match, the counted set is the matched ballots: the authority's tally, k
    partial decryptions and the result of §12 (the §12.2 rule included) pass V7–V9, and the
    result is the counts kept aside (real votes only, each voter's last)."""
    record = s.counted(s.posted(s.play()))
    _, failures = check(s, record, checks=("V7", "V8", "V9", *TALLY_CHECKS))
    assert failures == []
    result = next(e for e in record if e.kind == "result").body
    districts = result["districts"]
    assert isinstance(districts, list) and isinstance(districts[0], dict)
    assert districts[0]["counts"] == [[1, 3]]  # yes: voter 3; no: voters 0, 1, 2
    assert districts[0]["counted"] == 4 and districts[0]["superseded"] == 1  # voter 2's revote


def test_the_entries_read_back_as_written(s: Scene) -> None:
    entries = s.posted(s.play())
    group = s.params.group
    for entry in entries:
        if entry.kind in COERCION_TALLY_KINDS:
            parsed = parse_tally_entry(group, ["north"], 3, entry.kind, entry.body, "e")
            assert parsed.district == "north"
    body = dict(_entry(entries, "tag_blind").body)
    body["round"] = "roll"  # no roll value is ever tagged (spec §16.7)
    with pytest.raises(RecordError) as info:
        parse_tally_entry(group, ["north"], 3, "tag_blind", body, "entry 9")
    assert info.value.field == "body.round"


def test_an_unfinished_tally_fails_at_the_end(s: Scene) -> None:
    entries = s.posted(s.play())
    _, failures = check(s, entries[:-1])  # no pet_match
    assert [(f.check, f.field) for f in failures] == [("V14", "pet_match")]


# -- V13 -----------------------------------------------------------------------------------------


class _MisBlinds(TallyRun):
    """Trustee 2 swaps two blinded items (the proof was for the honest order)."""

    def blind_stage(self, i: int, inputs: Sequence[Ciphertext], context: Context) -> BlindStage:
        stage = super().blind_stage(i, inputs, context)
        if i != 2:
            return stage
        outs = list(stage.outputs)
        outs[0], outs[1] = outs[1], outs[0]
        return BlindStage(i, stage.commitment, tuple(outs), stage.proof)


class _DropsTag(TallyRun):
    """Trustee 2 drops the last ballot's credential, proving the blinding of the rest."""

    def blind_stage(self, i: int, inputs: Sequence[Ciphertext], context: Context) -> BlindStage:
        return super().blind_stage(i, inputs[:-1] if i == 2 else inputs, context)


class _AddsTag(TallyRun):
    """Trustee 2 adds a copy of the first credential (a ballot counted twice)."""

    def blind_stage(self, i: int, inputs: Sequence[Ciphertext], context: Context) -> BlindStage:
        return super().blind_stage(i, [*inputs, inputs[0]] if i == 2 else inputs, context)

    def keep(self, valid: Sequence[int], tag_list: Sequence[bytes]) -> tuple[int, ...]:
        return super().keep(valid, tag_list[: len(valid)])


@pytest.mark.parametrize("run", [_MisBlinds, _DropsTag, _AddsTag])
def test_v13_a_trustee_who_mis_blinds_drops_or_adds_a_tag(s: Scene, run: type[TallyRun]) -> None:
    entries = s.posted(_run(s, run))
    failures = check(s, entries)[1]
    closing = _entry(entries, "tag_blind", 1)
    if run is _AddsTag:  # the chunk holds more items than the input: it fails, and its close
        chunk = _chunk(entries, "tag_blind", 2)
        assert [(f.check, f.index, f.field) for f in failures] == [
            ("V13", chunk.index, "body.items"),
            ("V13", closing.index, "body.count"),
        ]
        return
    failure = _only(failures, "V13", closing)
    assert "trustee 2" in failure.message or "tag dropped or added" in failure.message


class _DecryptsWrongly(TallyRun):
    """Every trustee decrypts; trustee 1's first dedup share is off; the authority combines the
    others'."""

    def decrypt_item(self, i: int, item: Ciphertext, context: Context, j: int) -> Share:
        partial, proof = super().decrypt_item(i, item, context, j)
        if i == 1 and j == 0 and context["round"] == self.round:
            return self.params.group.mul(partial, self.params.group.exp_g(1)), proof
        return partial, proof

    round = "dedup"

    def combining(self, decryptions: object) -> tuple[int, ...]:
        return (2, 3)


class _DecryptsPetWrongly(_DecryptsWrongly):
    round = "match"


@pytest.mark.parametrize(
    ("run", "kind", "check_id"),
    [
        (_DecryptsWrongly, "tag_decrypt", "V13"),
        (_DecryptsPetWrongly, "pet_decrypt", "V14"),
    ],
)
def test_a_trustee_who_decrypts_wrongly_is_named(
    s: Scene, run: type[TallyRun], kind: str, check_id: str
) -> None:
    entries = s.posted(_run(s, run, decrypting=(1, 2, 3)))
    failure = _only(check(s, entries)[1], check_id, _chunk(entries, kind, 1))
    assert failure.field == "body.items[0]" and "trustee 1, item 0" in failure.message


class _KeepsFirst(TallyRun):
    """The authority keeps the first ballot of each credential instead of the last."""

    def keep(self, valid: Sequence[int], tag_list: Sequence[bytes]) -> tuple[int, ...]:
        first: dict[bytes, int] = {}
        for p, tag in enumerate(tag_list):
            first.setdefault(tag, p)
        return tuple(valid[p] for p in sorted(first.values()))


def test_v13_an_authority_that_keeps_another_duplicate(s: Scene) -> None:
    entries = s.posted(_run(s, _KeepsFirst))
    failure = _only(check(s, entries)[1], "V13", _entry(entries, "tag_dedup"))
    assert failure.field == "body.kept"


def test_v13_a_board_that_reorders_the_ballots_after_the_tally(s: Scene) -> None:
    """Voter 2's ballots swap places (so her first vote would be the last) and the chain is
    re-sealed; the tally posted on the honest order no longer matches the board's D list."""
    closed = list(s.closed)
    ballots = [p for p, e in enumerate(closed) if e.kind == "ballot"]
    first, revote = ballots[1], ballots[6]
    closed[first], closed[revote] = (
        Entry.create(first, closed[first].time, "ballot", closed[revote].body, GENESIS_PREV),
        Entry.create(revote, closed[revote].time, "ballot", closed[first].body, GENESIS_PREV),
    )
    honest = s.play()
    entries = s.posted(honest, rechained(closed))
    failures = check(s, entries)[1]
    earliest = min(failures, key=lambda f: f.index or 0)
    assert (earliest.check, earliest.index) == ("V13", _entry(entries, "tag_blind").index)
    assert {f.check for f in failures} <= {"V13", "V11"}  # and the kept list is not the mix's


# -- V11 of the kept list --------------------------------------------------------------------------


class _MixesDishonestly(TallyRun):
    """Trustee 2 replaces a tuple's credential by another's (a fake made to count)."""

    def mix_stage(self, i: int, items: Sequence[Item]) -> MixStage:
        stage = super().mix_stage(i, items)
        if i != 2:
            return stage
        outs = list(stage.outputs)
        outs[0] = (outs[1][0], *outs[0][1:])
        return MixStage(i, tuple(outs), stage.proof)


def test_v11_a_dishonest_mixer_of_the_kept_list(s: Scene) -> None:
    entries = s.posted(_run(s, _MixesDishonestly))
    failure = _only(check(s, entries)[1], "V11", _entry(entries, "mix", 1))
    assert failure.field.startswith("body.proof")


# -- V14 -----------------------------------------------------------------------------------------


class _ForcesTest(TallyRun):
    """Trustee 3 turns a failing test into the identity (a fake credential made to count)."""

    def pet_stage(self, i: int, tests: Sequence[Ciphertext], context: Context) -> PetStage:
        stage = super().pet_stage(i, tests, context)
        if i != 3:
            return stage
        one = self.params.group.identity()
        outs = (Ciphertext(one, one), *stage.outputs[1:])
        return PetStage(i, stage.commitments, outs, stage.proof)


def test_v14_a_trustee_who_forces_an_equality_test(s: Scene) -> None:
    entries = s.posted(_run(s, _ForcesTest))
    failure = _only(check(s, entries)[1], "V14", _entry(entries, "pet_blind", 2))
    assert failure.field.startswith("body.items") and "trustee 3" in failure.message


class _MatchesFalsely(TallyRun):
    """The authority counts a tuple whose test failed."""

    def count(self, results: Sequence[object]) -> tuple[int, ...]:
        counted = super().count(results)  # type: ignore[arg-type]
        extra = next(p for p in range(len(results)) if p not in counted)
        return tuple(sorted((*counted, extra)))


def test_v14_an_authority_that_matches_falsely(s: Scene) -> None:
    entries = s.posted(_run(s, _MatchesFalsely))
    failure = _only(check(s, entries)[1], "V14", _entry(entries, "pet_match"))
    assert failure.field == "body.counted"


# -- the proofs on workers -------------------------------------------------------------------------


@pytest.mark.parametrize("run", [TallyRun, _ForcesTest, _DecryptsWrongly, _MisBlinds])
def test_workers_reach_the_verdict_of_a_sequential_run(s: Scene, run: type[TallyRun]) -> None:
    """Each trustee's proofs (blinding, equality tests, chunks of shares) checked on two
    processes, as ``plebiscite verify --workers 2`` does: the same failures, at the same
    entries."""
    kwargs = {"decrypting": (1, 2, 3)} if run is _DecryptsWrongly else {}
    entries = s.posted(_run(s, run, **kwargs))
    _, inline = check(s, entries)
    _, spread = check(s, entries, workers=2)
    assert spread == inline
    assert (run is TallyRun) == (not inline)
