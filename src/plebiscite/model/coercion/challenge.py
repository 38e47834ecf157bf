"""A challenge of the fake-credentials mode (docs/spec.md §16.5, record.md §6): a ballot of this
mode opened before it was cast, checked by V10 and by the board.

It carries the ballot body (D, the anonymity set, P and every proof), per option the choice and
the randomness, and the tracking hash the booth showed. It never carries s, σ or the pointer's
randomness: D is to this mode what the ``binding`` is to the mode ``revote``, a hiding commitment
to the credential, and opening it would name the credential (σ = D.β / K^s).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.errors import ProofError, RecordError
from plebiscite.model.ballot.check import check_openings
from plebiscite.model.ballot.content import (
    CHALLENGE_QUESTION_FIELDS,
    HASH_BYTES,
    BallotParams,
)
from plebiscite.model.codec import JSONObject, JSONValue, require_hex, require_object
from plebiscite.model.coercion.ballot import CredentialBallot, check_credential_ballot
from plebiscite.model.coercion.codec import (
    CREDENTIAL_BALLOT_FIELDS,
    ballot_json,
    credential_ballot_tracking,
    decode_credential_ballot,
)

__all__ = [
    "CREDENTIAL_CHALLENGE_FIELDS",
    "CredentialChallenge",
    "challenge_json",
    "check_credential_challenge",
]

CREDENTIAL_CHALLENGE_FIELDS: Final = (*CREDENTIAL_BALLOT_FIELDS, "tracking")


@dataclass(frozen=True, slots=True)
class CredentialChallenge:
    """An opened ballot of this mode: the ballot, each option's choice and randomness, and its
    tracking hash (its identity is the ballot's statement)."""

    ballot: CredentialBallot
    choices: tuple[tuple[int, ...], ...]
    randomness: tuple[tuple[int, ...], ...]
    tracking: bytes

    @property
    def identity(self) -> bytes:
        return self.ballot.statement


def challenge_json(
    group: Group,
    ballot: CredentialBallot,
    choices: Sequence[Sequence[int]],
    randomness: Sequence[Sequence[int]],
) -> JSONObject:
    """The body of the ``challenge`` entry opening ``ballot`` (record.md §6)."""
    body = ballot_json(group, ballot)
    questions: list[JSONValue] = []
    for q, bits, rs in zip(ballot.questions, choices, randomness, strict=True):
        item = q.to_json(group)
        item["choices"] = [int(b) for b in bits]
        item["randomness"] = [group.scalar_to_hex(r) for r in rs]
        questions.append(item)
    body["questions"] = questions
    body["tracking"] = credential_ballot_tracking(group, ballot).hex()
    return body


def check_credential_challenge(
    params: BallotParams,
    roll_of: Callable[[str], Sequence[Ciphertext]],
    anonymity: int,
    body: object,
    where: str,
) -> CredentialChallenge:
    """Check a ``challenge`` body of this mode (V10, spec §16.5); return it opened, or raise
    :class:`RecordError` or :class:`ProofError` naming the field.

    The group equations (the re-encryptions and every proof's) go into one batch first; only
    when that run fails in any way is the challenge checked again one equation at a time, so
    the error is the one that check names (as the mode ``revote``'s challenge)."""
    batch = BatchVerifier(params.group)
    try:
        opened: CredentialChallenge | None = _open(params, roll_of, anonymity, body, where, batch)
    except (RecordError, ProofError):
        opened = None
    if opened is not None and not batch.check():
        return opened
    return _open(params, roll_of, anonymity, body, where, None)


def _open(
    params: BallotParams,
    roll_of: Callable[[str], Sequence[Ciphertext]],
    anonymity: int,
    body: object,
    where: str,
    batch: BatchVerifier | None,
) -> CredentialChallenge:
    ballot = decode_credential_ballot(
        params,
        body,
        where,
        fields=CREDENTIAL_CHALLENGE_FIELDS,
        question_fields=CHALLENGE_QUESTION_FIELDS,
    )
    obj = require_object(body, where, "body")
    posted = require_hex(obj, "tracking", where, "body", HASH_BYTES)
    raw = obj["questions"]
    assert isinstance(raw, list)  # decoded above
    items = [require_object(q, where, f"body.questions[{i}]") for i, q in enumerate(raw)]
    choices, randomness = check_openings(params, ballot.questions, items, where, batch)
    tracking = credential_ballot_tracking(params.group, ballot)
    if posted != tracking:
        raise ProofError.at(
            where,
            "body.tracking",
            f"{posted.hex()} but the ballot's tracking hash is {tracking.hex()}",
            reason="bad_challenge",
        )
    roll = roll_of(ballot.district)
    check_credential_ballot(params, roll, ballot, anonymity=anonymity, where=where, batch=batch)
    return CredentialChallenge(ballot, choices, randomness, tracking)
