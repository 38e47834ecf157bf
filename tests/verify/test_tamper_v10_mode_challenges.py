"""V10 in the mode fake-credentials (docs/spec.md §16.5, record.md §6 *challenge in this mode*): a
record in which a voter challenges a ballot, then casts one encrypted afresh over the same
anonymity set, passes every check; each hostile challenge fails V10 (or, for the rules of §11.4
shared with the ballots, V12) alone at its entry and field. A challenge is never signed, so the
hostile poster re-seals nothing but the tracking hash, which he recomputes wherever the change
would otherwise show there. The board refuses the same entries before writing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from _builder import Chain, ElectionBuilder, Phase
from plebiscite.crypto.elgamal import encode_ciphertext
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential, prove_credential
from plebiscite.crypto.proofs.roll_pointer import prove_roll_pointer, reencrypt
from plebiscite.errors import BoardError
from plebiscite.model.ballot.create import prove_questions
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import (
    CredentialBallot,
    OpenableBallot,
    anonymity_set,
    credential_ballot_statement,
    encrypt_credential_ballot,
)
from plebiscite.model.coercion.challenge import challenge_json, check_credential_challenge
from plebiscite.model.coercion.codec import ballot_json, decode_credential_ballot
from plebiscite.model.coercion.codec import credential_ballot_tracking as tracking_of
from tally._election import LocalBoard, SimClock

from ._mode import only_check, verify_in_progress
from .test_tamper_v12_ballots import _OPEN_AT, FAKE_SIGMA, SPEC


class Challengers(ElectionBuilder):
    """a0 challenges a ballot for yes, then casts yes afresh over the same anonymity set; the
    coercer challenges a ballot of the fake credential; b0 casts no. ``hostile`` may post more."""

    hostile: Callable[[Challengers], None] | None = None

    def opened(self, district: str, sigma: int, position: int, bits: list[int]) -> OpenableBallot:
        assert self.params is not None
        roll = self.rolls[district]
        members = anonymity_set(len(roll), position, self.definition.anonymity, self.rng)
        return encrypt_credential_ballot(
            self.params, roll, district, sigma, position, members, [bits], rng=self.rng
        )

    def challenge(self, opened: OpenableBallot, bits: list[int]) -> int:
        body = challenge_json(self.group, opened.ballot, [bits], opened.randomness)
        return self.post("challenge", body).index

    def ballots(self) -> None:
        self.challenged = self.opened("a", self.sigma("a", 0), 0, [1, 0])
        self.challenge_at = self.challenge(self.challenged, [1, 0])
        self.cast = self.opened("a", self.sigma("a", 0), 0, [1, 0]).ballot
        self.cast_at = self.post_mode_ballot(self.cast).index
        self.fake = self.opened("a", FAKE_SIGMA, 1, [0, 1])
        self.challenge(self.fake, [0, 1])
        self.post_mode_ballot(self.opened("b", self.sigma("b", 0), 0, [0, 1]).ballot)
        if self.hostile is not None:
            self.hostile(self)


def play(hostile: Callable[[Challengers], None] | None = None) -> Challengers:
    builder = Challengers(SPEC, Chain(SPEC.key("board"), SPEC.election_id, 0), seed="challenges")
    builder.hostile = hostile
    builder.play(until=Phase.CLOSE)
    return builder


def test_challenges_of_real_and_fake_credentials_pass_v10() -> None:
    builder = play()
    report, listed = verify_in_progress(builder.entries)
    assert report.ok, [str(f) for f in report.failures]
    assert report.checked["V10"] == 2
    assert builder.challenge_at not in listed and builder.cast_at in listed


def _hostile(change: Callable[[Challengers, JSONObject], JSONObject]) -> Callable[..., None]:
    def post(builder: Challengers) -> None:
        opened = builder.opened("b", builder.sigma("b", 1), 1, [1, 0])
        body = challenge_json(builder.group, opened.ballot, [[1, 0]], opened.randomness)
        builder.hostile_index = builder.post("challenge", change(builder, body)).index

    return post


def _question(body: JSONObject) -> dict[str, object]:
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    return questions[0]


def _wrong_randomness(builder: Challengers, body: JSONObject) -> JSONObject:
    """The first option's randomness replaced: the ciphertext does not re-encrypt from it."""
    _question(body)["randomness"] = [builder.group.scalar_to_hex(7), *_r(body)[1:]]
    return body


def _r(body: JSONObject) -> list[object]:
    value = _question(body)["randomness"]
    assert isinstance(value, list)
    return value


def _other_choice(builder: Challengers, body: JSONObject) -> JSONObject:
    """The choices swapped (yes shown as no): neither option re-encrypts."""
    _question(body)["choices"] = [0, 1]
    return body


def _wrong_tracking(builder: Challengers, body: JSONObject) -> JSONObject:
    """The tracking hash of another ballot (the one the voter was shown was not this one)."""
    return {**body, "tracking": tracking_of(builder.group, builder.cast).hex()}


def _swapped_credential(builder: Challengers, body: JSONObject) -> JSONObject:
    """Another ballot's credential ciphertext D, the tracking hash recomputed for it."""
    D = builder.cast.credential
    swapped = {**body, "credential": dict(encode_ciphertext(builder.group, D))}
    ballot = decode_credential_ballot(builder.params, _as_ballot(swapped))
    return {**swapped, "tracking": tracking_of(builder.group, ballot).hex()}


def _questions(body: JSONObject) -> list[dict[str, object]]:
    questions = body["questions"]
    assert isinstance(questions, list)
    return [q for q in questions if isinstance(q, dict)]


def _as_ballot(body: JSONObject) -> JSONObject:
    """The ballot body inside a challenge's (what its tracking hash is computed from)."""
    questions = [
        {k: v for k, v in q.items() if k not in ("choices", "randomness")} for q in _questions(body)
    ]
    return {**{k: v for k, v in body.items() if k != "tracking"}, "questions": questions}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_wrong_randomness, "body.questions[0].ciphertexts[0]"),
        (_other_choice, "body.questions[0].ciphertexts[0]"),
        (_wrong_tracking, "body.tracking"),
        (_swapped_credential, "body.pointer_proof"),
    ],
    ids=["wrong-randomness", "other-choice", "wrong-tracking", "swapped-credential"],
)
def test_a_hostile_challenge_fails_v10_at_its_entry(
    change: Callable[[Challengers, JSONObject], JSONObject], field: str
) -> None:
    builder = play(_hostile(change))
    report, _ = verify_in_progress(builder.entries)
    only_check(report, "V10", builder.hostile_index, field)


def test_a_challenge_of_a_cast_ballot_and_a_cast_challenged_ballot_fail_v12() -> None:
    def late_challenge(builder: Challengers) -> None:
        cast = builder.opened("b", builder.sigma("b", 1), 1, [1, 0])
        builder.post_mode_ballot(cast.ballot)
        builder.hostile_index = builder.challenge(cast, [1, 0])

    builder = play(late_challenge)
    report, _ = verify_in_progress(builder.entries)
    only_check(report, "V12", builder.hostile_index, "body")
    assert "already cast" in str(report.failures[0])

    def cast_challenged(builder: Challengers) -> None:
        builder.hostile_index = builder.post_mode_ballot(builder.challenged.ballot).index

    builder = play(cast_challenged)
    report, listed = verify_in_progress(builder.entries)
    only_check(report, "V12", builder.hostile_index, "body")
    assert "challenged (opened)" in str(report.failures[0])
    assert builder.hostile_index not in listed


def test_challenges_beyond_the_district_bound_fail_v10() -> None:
    """District b has 2 registered voters: a third valid challenge there counts no more."""

    def flood(builder: Challengers) -> None:
        for position in (0, 1, 1):
            opened = builder.opened("b", FAKE_SIGMA + position, position, [1, 0])
            builder.hostile_index = builder.challenge(opened, [1, 0])

    builder = play(flood)
    report, _ = verify_in_progress(builder.entries)
    only_check(report, "V10", builder.hostile_index, "body.district")


# -- the board refuses what V10 fails -------------------------------------------------------------


def test_the_board_accepts_mode_challenges_and_refuses_what_v10_fails(tmp_path: Path) -> None:
    board = LocalBoard(
        tmp_path / "board.sqlite",
        SimClock(_OPEN_AT - 2 * 3_600_000_000),
        SPEC.election_id,
        board_key=SPEC.key("board"),
    )
    try:
        builder = Challengers(SPEC, board, seed="mode challenges board")
        builder.play(until=Phase.OPEN)
        board.clock.now = _OPEN_AT
        opened = builder.opened("a", builder.sigma("a", 0), 0, [1, 0])
        body = challenge_json(builder.group, opened.ballot, [[1, 0]], opened.randomness)
        accepted = board.post("challenge", body).entry
        assert check_credential_challenge(
            builder.params, builder.rolls.__getitem__, 2, accepted.body, "entry"
        ).choices == ((1, 0),)
        cast = builder.opened("a", builder.sigma("a", 1), 1, [0, 1])
        board.post("ballot", ballot_json(builder.group, cast.ballot))
        fresh = builder.opened("b", builder.sigma("b", 0), 0, [1, 0])
        fresh_body = challenge_json(builder.group, fresh.ballot, [[1, 0]], fresh.randomness)
        refusals = {}
        for name, kind, hostile in (
            ("again", "challenge", body),
            ("cast after", "ballot", ballot_json(builder.group, opened.ballot)),
            ("cast before", "challenge", _opened_cast(builder, cast)),
            ("randomness", "challenge", _wrong_randomness(builder, _copy(fresh_body))),
            ("swapped", "challenge", _swapped_with(builder, fresh_body, cast.ballot)),
        ):
            with pytest.raises(BoardError) as refused:
                board.post(kind, hostile)
            refusals[name] = refused.value.reason
        assert refusals == {
            "again": "replay",
            "cast after": "challenged_ballot",
            "cast before": "already_cast",
            "randomness": "bad_challenge",
            "swapped": "bad_proof",
        }
        report, _ = verify_in_progress(board.entries())
        assert not [f for f in report.failures if f.check in ("V10", "V12")]
    finally:
        board.close()


def _opened_cast(builder: Challengers, cast: OpenableBallot) -> JSONObject:
    return challenge_json(builder.group, cast.ballot, [[0, 1]], cast.randomness)


def _copy(body: JSONObject) -> JSONObject:
    return {**body, "questions": [dict(q) for q in _questions(body)]}


def _swapped_with(builder: Challengers, body: JSONObject, other: CredentialBallot) -> JSONObject:
    builder.cast = other
    return _swapped_credential(builder, _copy(body))


def test_an_opened_challenge_re_proved_under_another_credential_fails_v12() -> None:
    """A vote buyer's receipt (spec §16.5, §11.2): the challenge's ciphertexts, whose randomness
    is public, proved afresh under his own D and P. Every proof holds; the α values repeat."""

    def re_prove(builder: Challengers) -> None:
        params, group, K = builder.params, builder.group, builder.joint_key()
        assert params is not None
        opened = builder.challenged
        roll = builder.rolls["a"]
        members = opened.ballot.anonymity
        D, s = encrypt_credential(group, K, FAKE_SIGMA, rng=builder.rng)
        P, t = reencrypt(group, K, roll[members[0]], rng=builder.rng)
        cts = [list(q.ciphertexts) for q in opened.ballot.questions]
        statement = credential_ballot_statement(params, "a", D, members, P, cts)
        entries = [roll[a] for a in members]
        ballot = CredentialBallot(
            "a",
            D,
            members,
            P,
            prove_roll_pointer(group, K, P, entries, 0, t, statement, rng=builder.rng),
            tuple(prove_questions(params, statement, [[1, 0]], cts, opened.randomness, None)),
            prove_credential(group, K, D, s, FAKE_SIGMA, statement, rng=builder.rng),
            statement,
        )
        builder.hostile_index = builder.post_mode_ballot(ballot).index

    builder = play(re_prove)
    report, listed = verify_in_progress(builder.entries)
    only_check(report, "V12", builder.hostile_index, "body.questions[0].ciphertexts[0].alpha")
    assert "copied ciphertext" in str(report.failures[0])
    assert builder.hostile_index not in listed
