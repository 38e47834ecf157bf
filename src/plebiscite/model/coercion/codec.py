"""The JSON form of a fake-credentials ballot (record.md §6, spec §16.5): encoded as the record
writes it, decoded strictly (every field, element and scalar; the statement recomputed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from plebiscite.crypto.elgamal import decode_ciphertext, encode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Group
from plebiscite.crypto.proofs.credential_ballot import CredentialProof
from plebiscite.crypto.proofs.roll_pointer import MAX_ANONYMITY, RollPointerProof
from plebiscite.errors import RecordError
from plebiscite.model.ballot.codec import as_record, decode_questions
from plebiscite.model.ballot.content import (
    MAX_DISTRICT_ID,
    QUESTION_FIELDS,
    BallotParams,
    proofs_value,
    tracking_hash,
)
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    require_fields,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.coercion.ballot import CredentialBallot, credential_ballot_statement

__all__ = [
    "CREDENTIAL_BALLOT_FIELDS",
    "ballot_json",
    "credential_ballot_tracking",
    "decode_credential_ballot",
]

CREDENTIAL_BALLOT_FIELDS: Final = (
    "district",
    "credential",
    "anonymity",
    "pointer",
    "pointer_proof",
    "questions",
    "credential_proof",
)
_POINTER_PROOF_FIELDS: Final = ("a", "b", "c", "v")
_CREDENTIAL_PROOF_FIELDS: Final = ("a", "b", "vs", "vsigma")


def ballot_json(group: Group, ballot: CredentialBallot) -> JSONObject:
    """The body of the ballot entry (the statement is not carried: it is recomputed)."""
    el, sc = group.to_hex, group.scalar_to_hex
    pp, cp = ballot.pointer_proof, ballot.credential_proof
    return {
        "district": ballot.district,
        "credential": dict(encode_ciphertext(group, ballot.credential)),
        "anonymity": list(ballot.anonymity),
        "pointer": dict(encode_ciphertext(group, ballot.pointer)),
        "pointer_proof": {
            "a": [el(x) for x in pp.a],
            "b": [el(x) for x in pp.b],
            "c": [sc(x) for x in pp.c],
            "v": [sc(x) for x in pp.v],
        },
        "questions": [q.to_json(group) for q in ballot.questions],
        "credential_proof": {
            "a": el(cp.a),
            "b": el(cp.b),
            "vs": sc(cp.vs),
            "vsigma": sc(cp.vsigma),
        },
    }


def credential_ballot_tracking(group: Group, ballot: CredentialBallot) -> bytes:
    """The tracking hash of a ballot of this mode (spec §16.5, as §11.3): ``H(TRACKING_HASH,
    ballot_stmt, {"pointer": pointer_proof, "questions": proofs, "credential":
    credential_proof})``, the proofs as the body carries them with bytes in place of hex (the
    statement covers the rest)."""
    body = ballot_json(group, ballot)
    proofs: dict[str, CanonicalValue] = {
        "pointer": _canonical(body["pointer_proof"]),
        "questions": proofs_value(group, ballot.questions),
        "credential": _canonical(body["credential_proof"]),
    }
    return tracking_hash(ballot.statement, proofs)


def _canonical(value: JSONValue) -> CanonicalValue:
    """A proof as the body carries it, with bytes in place of hex (as §11.3 hashes proofs)."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    assert isinstance(value, str)
    return bytes.fromhex(value)


def _proof_fields(
    obj: Mapping[str, object], key: str, where: str, names: tuple[str, ...]
) -> dict[str, object]:
    value = require_object(obj[key], where, f"body.{key}")
    require_fields(value, where, f"body.{key}", names)
    return value


def _hex_list(obj: Mapping[str, object], key: str, where: str, path: str, n: int) -> list[object]:
    items = require_list(obj, key, where, path)
    if len(items) != n:
        raise RecordError.at(where, f"{path}.{key}", f"expected {n} entries, got {len(items)}")
    return items


def decode_credential_ballot(
    params: BallotParams,
    body: object,
    where: str = "ballot",
    *,
    fields: tuple[str, ...] = CREDENTIAL_BALLOT_FIELDS,
    question_fields: tuple[str, ...] = QUESTION_FIELDS,
) -> CredentialBallot:
    """Decode a ballot body strictly; :class:`RecordError` names the field. Its proofs are not
    checked here (:func:`~plebiscite.model.coercion.ballot.check_credential_ballot` does). A
    challenge's body has more ``fields`` and ``question_fields`` (the opening, the tracking
    hash): :mod:`plebiscite.model.coercion.challenge` reads them."""
    group = params.group
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", fields)
    district = require_str(obj, "district", where, "body", MAX_DISTRICT_ID)
    if district not in params.districts:
        raise RecordError.at(where, "body.district", f"unknown district {district!r}")
    members = require_list(obj, "anonymity", where, "body")
    anonymity = tuple(a for a in members if type(a) is int and a >= 0)
    if not 1 <= len(members) <= MAX_ANONYMITY or len(anonymity) != len(members):
        raise RecordError.at(
            where, "body.anonymity", f"expected 1 to {MAX_ANONYMITY} non-negative integers"
        )
    beta = len(anonymity)
    pp = _proof_fields(obj, "pointer_proof", where, _POINTER_PROOF_FIELDS)
    cp = _proof_fields(obj, "credential_proof", where, _CREDENTIAL_PROOF_FIELDS)
    with as_record(where):
        credential = decode_ciphertext(
            group, obj["credential"], "body.credential", allow_identity=False
        )
        pointer = decode_ciphertext(group, obj["pointer"], "body.pointer", allow_identity=False)
        lists = {
            k: _hex_list(pp, k, where, "body.pointer_proof", beta) for k in _POINTER_PROOF_FIELDS
        }
        pointer_proof = RollPointerProof(
            a=tuple(
                group.from_hex(x, f"body.pointer_proof.a[{i}]") for i, x in enumerate(lists["a"])
            ),
            b=tuple(
                group.from_hex(x, f"body.pointer_proof.b[{i}]") for i, x in enumerate(lists["b"])
            ),
            c=tuple(
                group.scalar_from_hex(x, f"body.pointer_proof.c[{i}]")
                for i, x in enumerate(lists["c"])
            ),
            v=tuple(
                group.scalar_from_hex(x, f"body.pointer_proof.v[{i}]")
                for i, x in enumerate(lists["v"])
            ),
        )
        credential_proof = CredentialProof(
            a=group.from_hex(cp["a"], "body.credential_proof.a"),
            b=group.from_hex(cp["b"], "body.credential_proof.b"),
            vs=group.scalar_from_hex(cp["vs"], "body.credential_proof.vs"),
            vsigma=group.scalar_from_hex(cp["vsigma"], "body.credential_proof.vsigma"),
        )
    questions = decode_questions(params, obj, where, question_fields)
    statement = credential_ballot_statement(
        params, district, credential, anonymity, pointer, [q.ciphertexts for q in questions]
    )
    return CredentialBallot(
        district,
        credential,
        anonymity,
        pointer,
        pointer_proof,
        tuple(questions),
        credential_proof,
        statement,
    )
