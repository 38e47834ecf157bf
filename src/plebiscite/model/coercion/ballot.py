"""A ballot of the fake-credentials mode (docs/spec.md §16.5): the credential ciphertext D with
the proof of knowledge bound to the whole statement, the roll pointer P over an anonymity set of
roll positions with its disjunctive proof (bound to the statement too), and the option ciphertexts
with their 0/1 and range proofs exactly as in the mode ``revote``.

Nothing here tells a real credential from a fake one: any σ gives a ballot that
:func:`check_credential_ballot` accepts, and the pointer may name any roll entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plebiscite.crypto import elgamal, rand, tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Group
from plebiscite.crypto.hashing import H
from plebiscite.crypto.proofs.credential_ballot import (
    CredentialProof,
    encrypt_credential,
    prove_credential,
    verify_credential,
)
from plebiscite.crypto.proofs.roll_pointer import (
    MAX_ANONYMITY,
    RollPointerProof,
    prove_roll_pointer,
    reencrypt,
    verify_roll_pointer,
)
from plebiscite.errors import InputError, ParameterError, ProofError, RecordError
from plebiscite.model.ballot.check import check_question_proofs
from plebiscite.model.ballot.content import BallotParams, EncryptedQuestion
from plebiscite.model.ballot.create import prove_questions
from plebiscite.model.definition_parts import DEFAULT_ANONYMITY

__all__ = [
    "DEFAULT_ANONYMITY",
    "CredentialBallot",
    "OpenableBallot",
    "anonymity_set",
    "cast_credential_ballot",
    "check_credential_ballot",
    "credential_ballot_statement",
    "encrypt_credential_ballot",
]


@dataclass(frozen=True, slots=True)
class CredentialBallot:
    """A fake-credentials ballot as posted (``statement`` is its ballot_stmt and identity)."""

    district: str
    credential: Ciphertext
    anonymity: tuple[int, ...]
    pointer: Ciphertext
    pointer_proof: RollPointerProof
    questions: tuple[EncryptedQuestion, ...]
    credential_proof: CredentialProof
    statement: bytes

    def options(self) -> tuple[Ciphertext, ...]:
        """Every option ciphertext, question after question (the tally's tuple order)."""
        return tuple(ct for q in self.questions for ct in q.ciphertexts)

    def encoded_options(self, group: Group) -> bytes:
        """The option ciphertexts, each α then β, in the checker's counted form
        (:meth:`~plebiscite.crypto.group.Group.keep`), in which the board and V12 look for a
        copied α."""
        return group.keep([x for ct in self.options() for x in (ct.alpha, ct.beta)])


def _pair(group: Group, ct: Ciphertext) -> list[CanonicalValue]:
    return [group.encode(ct.alpha), group.encode(ct.beta)]


def credential_ballot_statement(
    params: BallotParams,
    district: str,
    credential: Ciphertext,
    anonymity: Sequence[int],
    pointer: Ciphertext,
    cts: Sequence[Sequence[Ciphertext]],
) -> bytes:
    """``H(CREDENTIAL_BALLOT_STATEMENT, election_ctx, district, D, A, P, ciphertexts)``."""
    group = params.group
    options: list[CanonicalValue] = [[_pair(group, ct) for ct in row] for row in cts]
    return H(
        tags.CREDENTIAL_BALLOT_STATEMENT,
        params.election_ctx,
        district,
        _pair(group, credential),
        list(anonymity),
        _pair(group, pointer),
        options,
    )


def _set_size(roll_size: int, anonymity: int) -> int:
    if roll_size < 1:
        raise ParameterError("a district's roll is empty")
    if not 2 <= anonymity <= MAX_ANONYMITY:
        raise ParameterError(f"the anonymity-set size must lie in [2, {MAX_ANONYMITY}]")
    return min(anonymity, roll_size)


def anonymity_set(
    roll_size: int, position: int, anonymity: int, rng: rand.Random | None = None
) -> tuple[int, ...]:
    """The voter's position and β − 1 other positions drawn uniformly without replacement,
    increasing (the whole roll when it holds fewer than β entries)."""
    size = _set_size(roll_size, anonymity)
    if not 0 <= position < roll_size:
        raise InputError(f"roll position {position} is not on a roll of {roll_size}")
    source = rand.get(rng)
    chosen = {position}
    while len(chosen) < size:
        chosen.add(source.randbelow(roll_size))
    return tuple(sorted(chosen))


def cast_credential_ballot(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    district: str,
    sigma: int,
    position: int,
    selections: Sequence[Sequence[int]],
    *,
    anonymity: int = DEFAULT_ANONYMITY,
    rng: rand.Random | None = None,
) -> CredentialBallot:
    """Encrypt ``selections`` for the credential ``σ`` (real or fake: the same steps), pointing
    at the roll entry ``position`` of ``district``'s roll."""
    members = anonymity_set(len(roll), position, anonymity, rng)
    return encrypt_credential_ballot(
        params, roll, district, sigma, position, members, selections, rng=rng
    ).ballot


@dataclass(frozen=True, slots=True)
class OpenableBallot:
    """A ballot as the booth holds it before the voter decides: with each option's randomness,
    which a challenge reveals (spec §16.5); s, σ and the pointer's t stay on the device."""

    ballot: CredentialBallot
    randomness: tuple[tuple[int, ...], ...]


def encrypt_credential_ballot(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    district: str,
    sigma: int,
    position: int,
    members: Sequence[int],
    selections: Sequence[Sequence[int]],
    *,
    rng: rand.Random | None = None,
) -> OpenableBallot:
    """:func:`cast_credential_ballot` over a given anonymity set ``members`` (the booth keeps
    one set across a challenge and the ballot encrypted after it, spec §16.5), keeping the
    options' randomness for a challenge."""
    if district not in params.districts:
        raise InputError(f"district {district!r} is not a district of this election")
    if position not in members:
        raise InputError(f"roll position {position} is not in the anonymity set")
    group, K = params.group, params.joint_key
    members = tuple(members)
    D, s = encrypt_credential(group, K, sigma, rng=rng)
    P, t = reencrypt(group, K, roll[position], rng=rng)
    cts: list[list[Ciphertext]] = []
    rs: list[list[int]] = []
    for bits in selections:
        pairs = [elgamal.encrypt(group, K, int(m), rng=rng) for m in bits]
        cts.append([ct for ct, _ in pairs])
        rs.append([r for _, r in pairs])
    statement = credential_ballot_statement(params, district, D, members, P, cts)
    entries = [roll[j] for j in members]
    index = members.index(position)
    pointer_proof = prove_roll_pointer(group, K, P, entries, index, t, statement, rng=rng)
    questions = prove_questions(params, statement, selections, cts, rs, rng)
    proof = prove_credential(group, K, D, s, sigma, statement, rng=rng)
    ballot = CredentialBallot(
        district, D, members, P, pointer_proof, tuple(questions), proof, statement
    )
    return OpenableBallot(ballot, tuple(tuple(row) for row in rs))


def check_credential_ballot(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    ballot: CredentialBallot,
    *,
    anonymity: int = DEFAULT_ANONYMITY,
    where: str = "ballot",
    batch: BatchVerifier | None = None,
) -> None:
    """Check a ballot against its district's roll (spec §16.5); raise :class:`RecordError` or
    :class:`ProofError` naming the field. The board and check V12 run this on every ballot."""
    group, K = params.group, params.joint_key
    if ballot.district not in params.districts:
        raise RecordError.at(where, "body.district", f"unknown district {ballot.district!r}")
    size = _set_size(len(roll), anonymity)
    members = ballot.anonymity
    if len(members) != size or any(
        not 0 <= a < len(roll) or (k and members[k - 1] >= a) for k, a in enumerate(members)
    ):
        raise RecordError.at(
            where,
            "body.anonymity",
            f"must be {size} strictly increasing positions of a roll of {len(roll)}",
        )
    if len(ballot.questions) != len(params.questions) or any(
        len(q.ciphertexts) != shape.options
        for q, shape in zip(ballot.questions, params.questions, strict=True)
    ):
        raise RecordError.at(where, "body.questions", "does not match the questions' shapes")
    cts = [list(q.ciphertexts) for q in ballot.questions]
    statement = credential_ballot_statement(
        params, ballot.district, ballot.credential, members, ballot.pointer, cts
    )
    if statement != ballot.statement:
        raise RecordError.at(where, "statement", "does not recompute")
    checks: tuple[tuple[str, Callable[[], None]], ...] = (
        (
            "body.pointer_proof",
            lambda: verify_roll_pointer(
                group,
                K,
                ballot.pointer,
                [roll[a] for a in members],
                ballot.pointer_proof,
                statement,
                batch=batch,
                label=f"{where}: body.pointer_proof",
            ),
        ),
        (
            "body.credential_proof",
            lambda: verify_credential(
                group,
                K,
                ballot.credential,
                ballot.credential_proof,
                statement,
                batch=batch,
                label=f"{where}: body.credential_proof",
            ),
        ),
    )
    for field, check in checks:
        try:
            check()
        except ProofError as exc:
            raise ProofError.at(where, field, str(exc)) from None
    check_question_proofs(params, statement, ballot.questions, where, batch)
