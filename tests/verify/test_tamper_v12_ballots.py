"""V12, the ballots of the mode fake-credentials (docs/spec.md §16.5 step 1, record.md §6): a record
with real, fake and revoted ballots played by the test builder through ``close`` passes V1–V12 and
lists its valid ballots in board order; each hostile ballot (its proofs as a hostile caster would
make them, since a mode ballot carries no signature to re-seal) fails V12 alone, at its entry and
the field named. The board refuses the same ballots before writing them, with a refusal code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.coercion.codec import ballot_json
from tally._election import LocalBoard, SimClock

from ._mode import only_check, verify_in_progress

SPEC = ElectionSpec(
    "mode ballots test",
    bytes(range(16)),
    {"a": 3, "b": 2},
    n=3,
    k=2,
    coercion="fake-credentials",
    registrars=2,
    anonymity=2,
)
#: a credential nobody registered: what a coerced voter hands over (spec §16.4)
FAKE_SIGMA = 0x5EED_FA4E


class Voters(ElectionBuilder):
    """a0 votes yes; a1 is coerced: the coercer casts no with her fake credential, she later
    casts yes with her real one; b0 votes no, then revotes yes. ``hostile`` may post more."""

    hostile: Callable[[Voters], None] | None = None

    def ballots(self) -> None:
        self.cast_at: dict[str, int] = {}
        for name, district, sigma, position, bits in (
            ("a0", "a", self.sigma("a", 0), 0, [1, 0]),
            ("fake", "a", FAKE_SIGMA, 1, [0, 1]),
            ("a1", "a", self.sigma("a", 1), 1, [1, 0]),
            ("b0", "b", self.sigma("b", 0), 0, [0, 1]),
            ("b0 again", "b", self.sigma("b", 0), 0, [1, 0]),
        ):
            ballot = self.cast_mode(district, sigma, position, bits)
            self.cast_at[name] = self.post_mode_ballot(ballot).index
            self.cast: dict[str, CredentialBallot] = {**getattr(self, "cast", {}), name: ballot}
        if self.hostile is not None:
            self.hostile(self)


def play(hostile: Callable[[Voters], None] | None = None) -> Voters:
    builder = Voters(SPEC, Chain(SPEC.key("board"), SPEC.election_id, 0), seed="mode ballots")
    builder.hostile = hostile
    builder.play(until=Phase.CLOSE)
    return builder


def test_real_fake_and_revoted_ballots_pass_and_are_listed_in_board_order() -> None:
    builder = play()
    report, listed = verify_in_progress(builder.entries)
    assert report.ok, [str(f) for f in report.failures]
    assert listed == sorted(builder.cast_at.values())
    assert report.checked["V12"] == 5


def _post_body(builder: Voters, body: JSONObject) -> int:
    return builder.post("ballot", body).index


def _hostile_body(change: Callable[[Voters, JSONObject], JSONObject]) -> Callable[[Voters], None]:
    def post(builder: Voters) -> None:
        body = ballot_json(builder.group, builder.cast["a0"])
        builder.hostile_index = _post_body(builder, change(builder, body))

    return post


def _swap_credential(builder: Voters, body: JSONObject) -> JSONObject:
    """a0's ballot with a1's credential ciphertext D in place of hers."""
    other = ballot_json(builder.group, builder.cast["a1"])
    return {**body, "credential": other["credential"]}


def _rerandomised(builder: Voters, body: JSONObject) -> JSONObject:
    """a0's ballot with D and P re-randomised (the same credential, the same pointer)."""
    group, K = builder.group, builder.joint_key()
    ballot = builder.cast["a0"]
    r = 12345

    def again(ct: Ciphertext) -> dict[str, str]:
        moved = Ciphertext(group.mul(ct.alpha, group.exp_g(r)), group.mul(ct.beta, group.exp(K, r)))
        return {"alpha": group.to_hex(moved.alpha), "beta": group.to_hex(moved.beta)}

    return {**body, "credential": again(ballot.credential), "pointer": again(ballot.pointer)}


def _off_the_roll(builder: Voters, body: JSONObject) -> JSONObject:
    """a0's ballot naming roll position 3 of a district of 3."""
    return {**body, "anonymity": [0, 3]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_swap_credential, "body.pointer_proof"),
        (_rerandomised, "body.pointer_proof"),
        (_off_the_roll, "body.anonymity"),
    ],
    ids=["swapped-credential", "re-randomised-copy", "pointer-set-off-the-roll"],
)
def test_a_hostile_ballot_fails_v12_at_its_entry(
    change: Callable[[Voters, JSONObject], JSONObject], field: str
) -> None:
    builder = play(_hostile_body(change))
    report, listed = verify_in_progress(builder.entries)
    only_check(report, "V12", builder.hostile_index, field)
    assert builder.hostile_index not in listed


def test_a_replayed_ballot_fails_v12_and_counts_once() -> None:
    def replay(builder: Voters) -> None:
        builder.hostile_index = _post_body(builder, ballot_json(builder.group, builder.cast["b0"]))

    builder = play(replay)
    report, listed = verify_in_progress(builder.entries)
    only_check(report, "V12", builder.hostile_index, "body")
    assert "replay" in str(report.failures[0]) or "already" in str(report.failures[0])
    assert listed == sorted(builder.cast_at.values())


def test_a_record_of_the_mode_revote_passes_v12() -> None:
    revote = replace(SPEC, coercion="revote")
    builder = ElectionBuilder(revote, Chain(revote.key("board"), revote.election_id, 0))
    report, listed = verify_in_progress(builder.play(until=Phase.CLOSE).entries)
    assert report.ok and listed == []


# -- the board refuses what V12 would fail ---------------------------------------------------------

_OPEN_AT = 1_893_484_800_000_000 + 3_600_000_000  # an hour into the window (2030-01-01T08:00Z)


@pytest.fixture
def board(tmp_path: Path) -> LocalBoard:
    client = LocalBoard(
        tmp_path / "board.sqlite",
        SimClock(_OPEN_AT - 2 * 3_600_000_000),
        SPEC.election_id,
        board_key=SPEC.key("board"),
    )
    return client


def test_the_board_accepts_mode_ballots_and_refuses_what_v12_fails(board: LocalBoard) -> None:
    try:
        builder = ElectionBuilder(SPEC, board, seed="mode board").play(until=Phase.OPEN)
        board.clock.now = _OPEN_AT
        real = builder.cast_mode("a", builder.sigma("a", 0), 0, [1, 0])
        fake = builder.cast_mode("a", FAKE_SIGMA, 0, [0, 1])  # pointing at the same entry
        body, fake_body = ballot_json(builder.group, real), ballot_json(builder.group, fake)
        accepted = [board.post("ballot", b).entry.index for b in (body, fake_body)]
        no_proof = dict.fromkeys(("a", "b", "vs", "vsigma"), "00")
        refusals = {}
        for name, hostile in (
            ("replay", body),
            ("swapped", {**body, "credential": fake_body["credential"]}),
            ("off the roll", {**body, "anonymity": [0, 3]}),
            ("no proof", {**body, "credential_proof": no_proof}),
        ):
            with pytest.raises(BoardError) as refused:
                board.post("ballot", hostile)
            refusals[name] = refused.value.reason
        assert refusals == {
            "replay": "replay",
            "swapped": "bad_proof",
            "off the roll": "malformed",
            "no proof": "malformed",
        }
        report, listed = verify_in_progress(board.entries())
        assert not [f for f in report.failures if f.check in ("V5", "V12")]
        assert listed == accepted
    finally:
        board.close()


def test_the_board_checks_an_accepted_mode_ballot_once(
    board: LocalBoard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's checker takes the verdict of acceptance (as for the mode revote's ballots):
    V12's checks run once per accepted ballot, and the record still verifies."""
    from plebiscite.rules import coercion_ballots

    checked: list[str] = []
    check = coercion_ballots.check_credential_ballot

    def counted(*args: Any, **kwargs: Any) -> None:
        checked.append(args[2].district)
        check(*args, **kwargs)

    try:
        builder = ElectionBuilder(SPEC, board, seed="mode board once").play(until=Phase.OPEN)
        board.clock.now = _OPEN_AT
        monkeypatch.setattr(coercion_ballots, "check_credential_ballot", counted)
        for district, position in (("a", 0), ("b", 1)):
            ballot = builder.cast_mode(
                district, builder.sigma(district, position), position, [1, 0]
            )
            board.post("ballot", ballot_json(builder.group, ballot))
        assert checked == ["a", "b"]
        monkeypatch.undo()
        report, listed = verify_in_progress(board.entries())
        assert report.ok, [str(f) for f in report.failures]
        assert len(listed) == 2
    finally:
        board.close()


def test_a_snapshot_of_the_mode_replays_its_roll_and_resumes_the_same_run() -> None:
    # the registrars' roll is not copied as a revote roll is: a snapshot replays its entries
    from plebiscite.rules.checker import Checker

    entries = play().entries
    half = len(entries) - 3  # after the roll and the first ballots
    checker = Checker(spill_at=2)
    checker.feed_all(entries[:half])
    assert checker.roll.copy() is None
    snap = checker.snapshot()
    checker.feed_all(entries[half:])
    first = checker.finish()
    checker.restore(snap)
    checker.feed_all(entries[half:])
    second = checker.finish()
    checker.close()
    assert first.failures == second.failures and first.figures == second.figures
    assert first.checked == second.checked
