"""The checks of a ballot (V5) and of a challenged ballot (V10)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.secp256k1 import Secp256k1Group
from plebiscite.crypto.signatures import SIGNATURE_BYTES, signature_equation
from plebiscite.errors import ProofError, RecordError
from plebiscite.model.ballot.codec import (
    as_record,
    credential_key,
    decode,
    exact_list,
    hash_with_proofs,
)
from plebiscite.model.ballot.content import (
    BALLOT_FIELDS,
    CHALLENGE_FIELDS,
    CHALLENGE_QUESTION_FIELDS,
    HASH_BYTES,
    HEAD_FIELDS,
    QUESTION_FIELDS,
    Ballot,
    BallotParams,
    Challenge,
    EncryptedBallot,
    EncryptedQuestion,
    NamedHead,
    range_context,
    zero_one_context,
)
from plebiscite.model.codec import (
    Place,
    place_of,
    require_fields,
    require_hex,
    require_int,
    require_object,
)

__all__ = [
    "SIGNATURE_FIELD",
    "BallotVerdict",
    "check_ballot",
    "check_ballots",
    "check_challenge",
    "check_openings",
    "check_question_proofs",
    "named_head",
    "open_challenge_into",
    "refused_places",
]


# -------------------------------------------------------------------------------------- checks


def _check_proofs(
    params: BallotParams, encrypted: EncryptedBallot, where: str, batch: BatchVerifier | None
) -> None:
    check_question_proofs(params, encrypted.statement, encrypted.questions, where, batch)


def check_question_proofs(
    params: BallotParams,
    stmt: bytes,
    questions: Sequence[EncryptedQuestion],
    where: str,
    batch: BatchVerifier | None,
) -> None:
    """Every question's 0/1 and range proofs against the statement ``stmt`` (spec §11.2's
    contexts); :class:`ProofError` names the field. The fake-credentials ballot uses it too."""
    group, K = params.group, params.joint_key
    for i, (q, shape) in enumerate(zip(questions, params.questions, strict=True)):
        for j, (ct, proof) in enumerate(zip(q.ciphertexts, q.proofs, strict=True)):
            label = Place(where, f"body.questions[{i}].proofs[{j}]")
            try:
                zk.verify_zero_one(
                    group, K, ct, proof, zero_one_context(stmt, i, j), batch=batch, label=label
                )
            except ProofError as exc:
                raise ProofError.at(where, label.field, str(exc)) from None
        label = Place(where, f"body.questions[{i}].range")
        try:
            zk.verify_range_of_product(
                group,
                K,
                q.ciphertexts,
                shape.min,
                shape.max,
                q.range_proof,
                range_context(stmt, i),
                batch=batch,
                label=label,
            )
        except ProofError as exc:
            raise ProofError.at(where, label.field, str(exc)) from None


def named_head(body: Mapping[str, object], where: str) -> NamedHead:
    """The ``head`` of a ballot body, decoded strictly: ``{"index": uint, "hash": H32}``."""
    obj = require_object(body.get("head"), where, "body.head")
    require_fields(obj, where, "body.head", HEAD_FIELDS)
    index = require_int(obj, "index", where, "body.head")
    return NamedHead(index, require_hex(obj, "hash", where, "body.head", HASH_BYTES))


#: the field of a ballot's signature, and the path of its label in a batch that folds it
SIGNATURE_FIELD = "body.signature"


def refused_places(labels: Iterable[str]) -> tuple[set[str], list[tuple[str, str]]]:
    """The labels a batch of :func:`check_ballot` equations refused, split: the places whose
    signature it refused (each ballot to check again without folding), and ``(where, path)`` of
    every refused proof, in order."""
    signatures: set[str] = set()
    proofs: list[tuple[str, str]] = []
    for label in labels:
        where, path = place_of(label)
        if path == SIGNATURE_FIELD:
            signatures.add(where)
        else:
            proofs.append((where, path))
    return signatures, proofs


def _check_signature(
    encrypted: EncryptedBallot,
    body: Mapping[str, object],
    where: str,
    encoded_proofs: bytes,
    head: NamedHead,
    batch: BatchVerifier | None = None,
) -> bytes:
    signature = require_hex(body, "signature", where, "body", SIGNATURE_BYTES)
    if encrypted.credential is None:  # pragma: no cover - decode reads it for every ballot
        raise RecordError.at(where, "body.credential", "missing")
    key = credential_key(encrypted.credential)
    message = hash_with_proofs(
        tags.BALLOT_SIGNATURE, encrypted.statement, encoded_proofs, head.index, head.hash
    )
    if batch is not None:
        equation = signature_equation(key, signature, message)
        if equation is not None:
            batch.add(Place(where, SIGNATURE_FIELD), equation.bases, equation.exponents)
            return signature
    if not key.verify_raw(signature, message):
        raise ProofError.at(
            where,
            "body.signature",
            "not a valid signature by the credential "
            "body.credential over the ballot statement, proofs and named head",
            reason="bad_signature",
        )
    return signature


def check_ballot(
    params: BallotParams,
    body: object,
    where: str,
    *,
    batch: BatchVerifier | None = None,
    fold_signature: bool = False,
) -> Ballot:
    """Check a ``ballot`` body (V5 without roll, window and replays); return the ballot.

    In order: strict decoding of every field and element (the named head's form too; whether
    it is an earlier entry and recent is the caller's V5.7), the district, every proof (in
    question and option order, each range proof after its question's 0/1 proofs), the
    credential's signature. A change of a statement field (district, credential, a ciphertext)
    changes ``ballot_stmt``, so the first proof fails and is named. With ``batch`` the proofs'
    group equations are added to it under :class:`~plebiscite.model.codec.Place` labels (``where``
    and the field ``body.questions[i].proofs[j]`` or ``body.questions[i].range``; the caller runs
    :meth:`BatchVerifier.check`); everything else, the signature included, is checked here,
    unless ``fold_signature`` and the batch is of secp256k1 equations: then the signature's
    BIP-340 equation (:func:`~plebiscite.crypto.signatures.signature_equation`) goes into the
    batch too, under ``Place(where, SIGNATURE_FIELD)`` (where its form allows; otherwise it is
    verified here), and a caller whose batch refuses that label must check the ballot again
    without folding it, for the library's verdict and this function's error.
    Raises :class:`RecordError` or :class:`ProofError` naming ``where``, with the field path as
    its ``field`` (and ``reason`` ``bad_signature`` for the signature).
    """
    encrypted, obj, _, encoded = decode(params, body, where, BALLOT_FIELDS, QUESTION_FIELDS)
    head = named_head(obj, where)
    _check_proofs(params, encrypted, where, batch)
    on_curve = batch is not None and isinstance(batch.group, Secp256k1Group)
    folds = batch if fold_signature and on_curve else None
    signature = _check_signature(encrypted, obj, where, encoded, head, folds)
    return Ballot(encrypted, signature, head)


@dataclass(frozen=True, slots=True)
class BallotVerdict:
    """The outcome of checking one ballot in :func:`check_ballots`."""

    where: str
    ballot: Ballot | None
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_ballots(params: BallotParams, items: Iterable[tuple[str, object]]) -> list[BallotVerdict]:
    """Check many ``(where, body)`` ballots with one batch of proof equations.

    Decoding and signatures are checked one by one; the proofs of every ballot that got that far
    are folded into one :class:`BatchVerifier` (bisected on failure), so the verdicts are those
    of :func:`check_ballot` ballot by ballot.
    """
    batch = BatchVerifier(params.group)
    pending: list[tuple[str, Ballot | None, str | None]] = []
    for where, body in items:
        try:
            pending.append((where, check_ballot(params, body, where, batch=batch), None))
        except (RecordError, ProofError) as exc:
            pending.append((where, None, str(exc)))
    failed: dict[str, list[str]] = {}
    for label in batch.check():
        where, _ = place_of(label)
        failed.setdefault(where, []).append(f"{label}: the proof's group equations do not hold")
    out: list[BallotVerdict] = []
    for where, ballot, error in pending:
        errors = [error] if error is not None else failed.get(where, [])
        out.append(BallotVerdict(where, None if errors else ballot, tuple(errors)))
    return out


def _choices(obj: Mapping[str, object], where: str, path: str, n: int) -> tuple[int, ...]:
    items = exact_list(obj, "choices", where, path, n, "choices (one per option)")
    for j, value in enumerate(items):
        if type(value) is not int or value not in (0, 1):
            raise RecordError.at(where, f"{path}.choices[{j}]", "expected 0 or 1")
    return tuple(v for v in items if type(v) is int)


def check_openings(
    params: BallotParams,
    questions: Sequence[EncryptedQuestion],
    raw: Sequence[Mapping[str, object]],
    where: str,
    batch: BatchVerifier | None,
) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """The revealed ``(choices, randomness)`` of an opened ballot's questions (V10, both
    modes): each option re-encrypts from its choice and randomness to exactly the posted
    ciphertext (into ``batch`` when given), each question's choices lie in [min, max]."""
    group, K = params.group, params.joint_key
    g, minus_one = group.generator(), group.q - 1
    choices: list[tuple[int, ...]] = []
    randomness: list[tuple[int, ...]] = []
    for i, (q, q_obj, shape) in enumerate(zip(questions, raw, params.questions, strict=True)):
        path = f"body.questions[{i}]"
        bits = _choices(q_obj, where, path, shape.options)
        raw_r = exact_list(q_obj, "randomness", where, path, shape.options, "scalars")
        with as_record(where):
            rs = tuple(
                group.scalar_from_hex(x, f"{path}.randomness[{j}]") for j, x in enumerate(raw_r)
            )
        for j, (ct, m, r) in enumerate(zip(q.ciphertexts, bits, rs, strict=True)):
            if batch is not None:
                label = Place(where, f"{path}.ciphertexts[{j}]")
                batch.add(label, (g, ct.alpha), (r, minus_one))
                batch.add(label, (g, K, ct.beta), (m, r, minus_one))
                continue
            alpha = group.exp_g(r)
            beta = group.mul(group.exp_g(m), group.exp(K, r))
            if alpha != ct.alpha or beta != ct.beta:
                raise ProofError.at(
                    where,
                    f"{path}.ciphertexts[{j}]",
                    f"does not re-encrypt from {path}.choices[{j}] and {path}.randomness[{j}]",
                    reason="bad_challenge",
                )
        if not shape.min <= sum(bits) <= shape.max:
            raise ProofError.at(
                where,
                f"{path}.choices",
                f"{sum(bits)} options chosen, outside [{shape.min}, {shape.max}]",
                reason="bad_challenge",
            )
        choices.append(bits)
        randomness.append(rs)
    return tuple(choices), tuple(randomness)


def check_challenge(params: BallotParams, body: object, where: str) -> Challenge:
    """Check a ``challenge`` body (V10); return the opened ballot.

    Strict decoding; every proof against the recomputed statement; every option re-encrypted
    from its revealed choice and randomness to exactly the posted ciphertext; each question's
    number of choices within [min, max]; the posted tracking hash equal to the recomputed one.

    The group equations (each re-encryption ``g^r = α``, ``g^m·K^r = β`` and every proof's) are
    first folded into one batch; only when that run fails in any way is the challenge checked
    again one equation at a time, in the order above, so the error is the one that check names.
    """
    batch = BatchVerifier(params.group)
    try:
        opened: Challenge | None = _open_challenge(params, body, where, batch)
    except (RecordError, ProofError):
        opened = None
    if opened is not None and not batch.check():
        return opened
    return _open_challenge(params, body, where, None)


def open_challenge_into(
    params: BallotParams, body: object, where: str, batch: BatchVerifier
) -> Challenge | None:
    """A ``challenge`` body opened with its group equations left in ``batch`` (labelled by
    ``where`` and the field, :func:`~plebiscite.model.codec.place_of`), so that several
    challenges are checked in one batch; None when any other check fails.

    The opened challenge is what :func:`check_challenge` returns only if every equation it added
    holds; otherwise (and when this gives None) :func:`check_challenge` names the error.
    """
    try:
        return _open_challenge(params, body, where, batch)
    except (RecordError, ProofError):
        return None


def _open_challenge(
    params: BallotParams, body: object, where: str, batch: BatchVerifier | None
) -> Challenge:
    """:func:`check_challenge`'s checks, the group equations into ``batch`` when given."""
    encrypted, obj, raw, _ = decode(
        params, body, where, CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS
    )
    posted_tracking = require_hex(obj, "tracking", where, "body", HASH_BYTES)
    choices, randomness = check_openings(params, encrypted.questions, raw, where, batch)
    if posted_tracking != encrypted.tracking:
        raise ProofError.at(
            where,
            "body.tracking",
            f"{posted_tracking.hex()} but the ballot's tracking hash is {encrypted.tracking.hex()}",
            reason="bad_challenge",
        )
    _check_proofs(params, encrypted, where, batch)
    return Challenge(encrypted, choices, randomness)
