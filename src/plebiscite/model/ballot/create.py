"""Creating a ballot, beside its check: fresh randomness, every proof, the tracking hash.

The voter's booth (:mod:`plebiscite.booth`) and the demo's voters encrypt with
:func:`encrypt_ballot`; :mod:`.check` verifies what it makes.

For each question (manifest order) and option (option order) the booth encrypts the bit
``m ∈ {0, 1}`` under the joint key with fresh randomness ``r`` from the CSPRNG, computes
``ballot_stmt`` over all ciphertexts, then proves each bit with a 0/1 proof and the question's
count with a range proof over the product of its ciphertexts (plaintext ``Σ m``, randomness
``Σ r mod q``), each proof bound to ``ballot_stmt`` and its position
(:mod:`plebiscite.model.ballot`). The bits go through the group's constant-time exponentiations
and the provers do not branch on them.

The result, :class:`OpenedBallot`, holds the plaintexts and the randomness: it is the booth's
secret until the voter challenges (then it is posted) or casts (then it is dropped). Its repr
never shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto import elgamal, rand
from plebiscite.crypto import proofs as zk
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import InputError, ParameterError
from plebiscite.model.ballot.content import (
    Ballot,
    BallotParams,
    Challenge,
    EncryptedBallot,
    EncryptedQuestion,
    ballot_statement,
    range_context,
    sign_ballot,
    zero_one_context,
)
from plebiscite.model.definition import Question

__all__ = [
    "OpenedBallot",
    "encrypt_ballot",
    "prove_ballot",
    "prove_questions",
    "selections_from_choices",
]


@dataclass(frozen=True, slots=True)
class OpenedBallot:
    """An encrypted ballot and its secrets (per option: the bit and the randomness)."""

    encrypted: EncryptedBallot
    choices: tuple[tuple[int, ...], ...]
    randomness: tuple[tuple[int, ...], ...]

    @property
    def tracking_text(self) -> str:
        """The tracking hash as the voter sees it."""
        return self.encrypted.tracking_text

    def cast(self, key: SigningKey, params: BallotParams) -> Ballot:
        """The ballot signed by the credential key ``key``."""
        return sign_ballot(key, params.group, self.encrypted)

    def challenge(self) -> Challenge:
        """The ballot opened for a challenge (to be posted; never to be cast afterwards)."""
        return Challenge(self.encrypted, self.choices, self.randomness)

    def __repr__(self) -> str:
        return f"OpenedBallot(tracking={self.tracking_text}, choices=<secret>)"


def _check_selections(params: BallotParams, selections: Sequence[Sequence[int]]) -> None:
    if len(selections) != len(params.questions):
        raise InputError(
            f"selections: {len(selections)} questions answered, the election has "
            f"{len(params.questions)}"
        )
    for i, (bits, shape) in enumerate(zip(selections, params.questions, strict=True)):
        if len(bits) != shape.options:
            raise InputError(
                f"question {i}: {len(bits)} option bits, the question has {shape.options} options"
            )
        if any(isinstance(b, bool) or b not in (0, 1) for b in bits):
            raise InputError(f"question {i}: every option bit must be 0 or 1")
        if not shape.min <= sum(bits) <= shape.max:
            raise InputError(
                f"question {i}: {sum(bits)} options chosen; choose between {shape.min} and "
                f"{shape.max}"
            )


def encrypt_ballot(
    params: BallotParams,
    district: str,
    credential: bytes,
    selections: Sequence[Sequence[int]],
    rng: rand.Random | None = None,
) -> OpenedBallot:
    """Encrypt ``selections`` (per question, a 0/1 bit per option) for ``credential``'s key.

    ``credential`` is the 32-byte x-only key of the voter's credential (the ballot binds it
    before she decides to cast). Randomness is drawn from ``rng`` (the OS CSPRNG by default).
    """
    if district not in params.districts:
        raise InputError(f"district {district!r} is not a district of this election")
    VerifyingKey(credential, "credential key")
    _check_selections(params, selections)
    group, K = params.group, params.joint_key
    cts: list[list[elgamal.Ciphertext]] = []
    rs: list[list[int]] = []
    for bits in selections:
        row_ct: list[elgamal.Ciphertext] = []
        row_r: list[int] = []
        for m in bits:
            ct, r = elgamal.encrypt(group, K, int(m), rng=rng)
            row_ct.append(ct)
            row_r.append(r)
        cts.append(row_ct)
        rs.append(row_r)
    return prove_ballot(params, district, credential, selections, cts, rs, rng)


def prove_ballot(
    params: BallotParams,
    district: str,
    credential: bytes,
    selections: Sequence[Sequence[int]],
    cts: Sequence[Sequence[elgamal.Ciphertext]],
    rs: Sequence[Sequence[int]],
    rng: rand.Random | None = None,
) -> OpenedBallot:
    """Prove ciphertexts ``cts`` of ``selections`` under randomness ``rs`` (as
    :func:`encrypt_ballot` made them) for ``credential``'s ballot in ``district``: every 0/1 and
    range proof bound to the ballot statement. Whoever knows the bits and the randomness of
    ciphertexts can prove them for any credential, which is why no ciphertext may appear twice on
    the board (spec §11.4)."""
    statement = ballot_statement(params, district, credential, cts)
    questions = prove_questions(params, statement, selections, cts, rs, rng)
    encrypted = EncryptedBallot.build(params, district, credential, questions)
    if encrypted.statement != statement:  # the same function over the same values
        raise ParameterError("encrypt_ballot: the ballot statement changed while building")
    return OpenedBallot(
        encrypted,
        tuple(tuple(int(m) for m in bits) for bits in selections),
        tuple(tuple(row) for row in rs),
    )


def prove_questions(
    params: BallotParams,
    statement: bytes,
    selections: Sequence[Sequence[int]],
    cts: Sequence[Sequence[elgamal.Ciphertext]],
    rs: Sequence[Sequence[int]],
    rng: rand.Random | None = None,
) -> list[EncryptedQuestion]:
    """Every question's 0/1 proofs and range proof, bound to ``statement`` (spec §11.2's
    contexts); the fake-credentials ballot (:mod:`plebiscite.model.coercion.ballot`) uses it
    with its own statement."""
    group, K, q = params.group, params.joint_key, params.group.q
    questions: list[EncryptedQuestion] = []
    for i, (bits, row_ct, row_r, shape) in enumerate(
        zip(selections, cts, rs, params.questions, strict=True)
    ):
        proofs = tuple(
            zk.prove_zero_one(group, K, ct, int(m), r, zero_one_context(statement, i, j), rng=rng)
            for j, (ct, m, r) in enumerate(zip(row_ct, bits, row_r, strict=True))
        )
        partial = EncryptedQuestion(tuple(row_ct), proofs, zk.RangeProof((), (), (), ()))
        range_proof = zk.prove_range(
            group,
            K,
            partial.total(group),
            sum(int(m) for m in bits),
            sum(row_r) % q,
            shape.min,
            shape.max,
            range_context(statement, i),
            rng=rng,
        )
        questions.append(EncryptedQuestion(tuple(row_ct), proofs, range_proof))
    return questions


def selections_from_choices(
    questions: Sequence[Question], choices: Mapping[str, Sequence[str]]
) -> list[list[int]]:
    """Turn ``{question id: [option id, …]}`` into per-question option bits (manifest order).

    A question left out counts as no option chosen (refused when its ``min`` is above 0).
    Unknown questions or options, an option named twice and a count outside [min, max] are
    refused with an :class:`InputError` naming the question.
    """
    known = {q.id for q in questions}
    unknown = sorted(set(choices) - known)
    if unknown:
        raise InputError(
            f"unknown question(s) {', '.join(unknown)}; "
            f"the questions are {', '.join(sorted(known))}"
        )
    out: list[list[int]] = []
    for question in questions:
        chosen = list(choices.get(question.id, ()))
        options = question.option_ids
        bad = [c for c in chosen if c not in options]
        if bad:
            raise InputError(
                f"question {question.id}: unknown option(s) {', '.join(bad)}; the options are "
                f"{', '.join(options)}"
            )
        if len(set(chosen)) != len(chosen):
            raise InputError(f"question {question.id}: an option is chosen twice")
        if not question.min <= len(chosen) <= question.max:
            raise InputError(
                f"question {question.id}: {len(chosen)} option(s) chosen; choose between "
                f"{question.min} and {question.max}"
            )
        out.append([1 if option in chosen else 0 for option in options])
    return out
