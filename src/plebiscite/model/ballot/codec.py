"""Decoding the ``ballot`` and ``challenge`` bodies strictly: every field, element and scalar."""

from __future__ import annotations

import functools
import hashlib
import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Final, Protocol

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import tags
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Group
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import EncodingError, RecordError
from plebiscite.model.ballot.content import (
    CREDENTIAL_BYTES,
    HASH_BYTES,
    MAX_DISTRICT_ID,
    NONCE_BYTES,
    BallotParams,
    EncryptedBallot,
    EncryptedQuestion,
    QuestionShape,
    ballot_binding,
    ballot_statement,
    encoded_proofs,
)
from plebiscite.model.codec import (
    field_path,
    require_fields,
    require_hex,
    require_list,
    require_object,
    require_str,
)

__all__ = [
    "as_record",
    "credential_key",
    "decode",
    "decode_questions",
    "exact_list",
    "hash_with_proofs",
]


# ------------------------------------------------------------------------------------ decoding


@contextmanager
def as_record(where: str) -> Iterator[None]:
    """Turn an :class:`EncodingError` into a :class:`RecordError` naming the entry.

    The crypto decoders name their value by the role given to them: the field path.
    """
    try:
        yield
    except EncodingError as exc:
        raise exc.placed(where) from None


def exact_list(
    obj: Mapping[str, object], key: str, where: str, path: str, length: int, what: str
) -> list[object]:
    items = require_list(obj, key, where, path)
    if len(items) != length:
        raise RecordError.at(
            where, field_path(path, key), f"expected {length} {what}, got {len(items)}"
        )
    return items


@functools.lru_cache(maxsize=4)
def credential_key(credential: bytes) -> VerifyingKey:
    """The BIP-340 key of a ballot's ``body.credential`` (:class:`EncodingError` naming that field
    when it is none): the decoder checks it and the signature check uses it, so each ballot's key
    is parsed (a square root) once; keys are immutable, the last few are kept."""
    return VerifyingKey(credential, "body.credential")


def _statement_fields(
    params: BallotParams, body: Mapping[str, object], where: str
) -> tuple[str, bytes, bytes | None, bytes | None]:
    """``(district, binding, credential, nonce)``: a challenge's body carries the binding, a
    ballot's the credential and the nonce it is recomputed from (then None, None)."""
    district = require_str(body, "district", where, "body", MAX_DISTRICT_ID)
    if district not in params.districts:
        raise RecordError.at(where, "body.district", f"unknown district {district!r}")
    if "binding" in body:
        return district, require_hex(body, "binding", where, "body", HASH_BYTES), None, None
    credential = require_hex(body, "credential", where, "body", CREDENTIAL_BYTES)
    with as_record(where):
        credential_key(credential)
    nonce = require_hex(body, "nonce", where, "body", NONCE_BYTES)
    return district, ballot_binding(credential, nonce), credential, nonce


_ZERO_ONE_ELEMENTS: Final = ("a0", "b0", "a1", "b1")
_ZERO_ONE_SCALARS: Final = ("c0", "v0", "v1")
_ZERO_ONE_FIELDS: Final = frozenset((*_ZERO_ONE_ELEMENTS, *_ZERO_ONE_SCALARS))
_CIPHERTEXT_FIELDS: Final = frozenset(("alpha", "beta"))
_RANGE_FIELDS: Final = frozenset(("a", "b", "c", "v"))


class QuestionValues(Protocol):
    """The signature of :func:`python_question_values` (and of its compiled twin)."""

    def __call__(
        self, obj: dict[str, object], n: int, branches: int, order: bytes, /
    ) -> tuple[list[bytes], list[int]] | None: ...


def _lowercase_hex(text: object) -> bytes:
    """The bytes of ``text`` if it is lowercase hex of whole bytes (what :func:`strict_hex`
    accepts), else :class:`EncodingError` without a role (the fast path only; the value-by-value
    decoders name the value). ``bytes.fromhex`` also reads upper case and spaces: the round
    trip through ``hex()`` refuses them."""
    if type(text) is not str:
        raise EncodingError("expected a hex string")
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise EncodingError("not hex") from None
    if raw.hex() != text:
        raise EncodingError("not lowercase hex of whole bytes")
    return raw


def _load_strict_hex() -> Any:
    """The compiled helper ``crypto/strict_hex.c`` (built by ``make setup``:
    scripts/build_native.py), or None where it is not built."""
    try:
        return importlib.import_module("plebiscite.crypto._strict_hex")
    except ImportError:
        return None


_STRICT_HEX: Final = _load_strict_hex()
#: the compiled :func:`unhex_all`, when built
_UNHEX: Final[Callable[[list[object]], list[bytes] | None] | None] = (
    None if _STRICT_HEX is None else _STRICT_HEX.unhex
)
#: the compiled :func:`python_question_values`, when built (a module built from an older source
#: has none: the reference runs until ``make ext`` builds it again)
_QUESTION_VALUES: Final[QuestionValues | None] = getattr(_STRICT_HEX, "question_values", None)


def unhex_all(texts: list[object]) -> list[bytes] | None:
    """The bytes of every text of ``texts`` when each is lowercase hex of whole bytes
    (:func:`_lowercase_hex`), else None: by the compiled helper when built, which tests hold
    equal to this loop."""
    if _UNHEX is not None:
        return _UNHEX(texts)
    return python_unhex_all(texts)


def python_unhex_all(texts: list[object]) -> list[bytes] | None:
    """:func:`unhex_all` in Python (the reference)."""
    try:
        return [_lowercase_hex(t) for t in texts]
    except EncodingError:
        return None


def question_values(
    obj: dict[str, object], n: int, branches: int, order: bytes
) -> tuple[list[bytes], list[int]] | None:
    """:func:`python_question_values`, by the compiled helper when built (tests hold the two
    equal on any input)."""
    if _QUESTION_VALUES is not None:
        return _QUESTION_VALUES(obj, n, branches, order)
    return python_question_values(obj, n, branches, order)


def python_question_values(
    obj: dict[str, object], n: int, branches: int, order: bytes
) -> tuple[list[bytes], list[int]] | None:
    """The values of a question object of ``n`` options and a range of ``branches`` values, in
    the one-pass decoder's order, when its shape is exact and its texts are lowercase hex:
    the elements' bytes (each ciphertext's alpha and beta, each 0/1 proof's a0, b0, a1, b1, the
    range's a then b) and the scalars (each 0/1 proof's c0, v0, v1, the range's c then v), each
    exactly ``len(order)`` bytes below the group order ``order`` (big-endian); else None."""
    cts, proofs, rng = obj.get("ciphertexts"), obj.get("proofs"), obj.get("range")
    if type(cts) is not list or type(proofs) is not list or type(rng) is not dict:
        return None
    if len(cts) != n or len(proofs) != n or set(rng) != _RANGE_FIELDS:
        return None
    texts: list[object] = []
    for ct in cts:
        if type(ct) is not dict or set(ct) != _CIPHERTEXT_FIELDS:
            return None
        texts += (ct["alpha"], ct["beta"])
    for proof in proofs:
        if type(proof) is not dict or set(proof) != _ZERO_ONE_FIELDS:
            return None
        texts += (proof[k] for k in _ZERO_ONE_ELEMENTS)
    lists = [rng[k] for k in ("a", "b", "c", "v")]
    if any(type(x) is not list for x in lists):
        return None
    a, b, c, v = (x for x in lists if type(x) is list)
    if not (len(a) == len(b) == len(v) == branches and len(c) == branches - 1):
        return None
    texts += (*a, *b)
    for proof in proofs:
        assert type(proof) is dict
        texts += (proof[k] for k in _ZERO_ONE_SCALARS)
    texts += (*c, *v)
    raw = python_unhex_all(texts)
    if raw is None:
        return None
    count = 6 * n + 2 * branches
    size = len(order)
    scalars: list[int] = []
    for data in raw[count:]:
        if len(data) != size or data >= order:  # big-endian of one length: compared as numbers
            return None
        scalars.append(int.from_bytes(data, "big"))
    return raw[:count], scalars


def _decode_question_batched(
    group: Group, obj: Mapping[str, object], shape: QuestionShape
) -> EncryptedQuestion | None:
    """A question decoded in one pass, with ONE call of :meth:`Group.decode_with_commitments`
    for all its elements (one batched subgroup check on groups whose membership check is an
    exponentiation; inside a deferred-membership block the proofs' commitments may be left to
    the proofs' batch, docs/spec.md §3.2), or None when anything is not as it must be: the caller
    then decodes value by value, which refuses exactly the same bodies and names the bad value."""
    n, branches = shape.options, shape.max - shape.min + 1
    if type(obj) is not dict:
        return None
    values = question_values(obj, n, branches, _order_bytes(group))
    if values is None:
        return None
    raw, scalars = values
    try:  # the ciphertexts, then the proofs' commitments (each a term of one proof equation)
        elements = group.decode_with_commitments(raw, "element", commitments_from=2 * n)
    except EncodingError:
        return None
    zero_one_list: list[zk.ZeroOneProof] = []
    for j in range(n):
        a0, b0, a1, b1 = elements[2 * n + 4 * j : 2 * n + 4 * j + 4]
        c0, v0, v1 = scalars[3 * j : 3 * j + 3]
        zero_one_list.append(zk.ZeroOneProof(a0, b0, a1, b1, c0, v0, v1))
    zero_one = tuple(zero_one_list)
    base = 6 * n
    range_proof = zk.RangeProof(
        tuple(elements[base : base + branches]),
        tuple(elements[base + branches : base + 2 * branches]),
        tuple(scalars[3 * n : 3 * n + branches - 1]),
        tuple(scalars[3 * n + branches - 1 :]),
    )
    ciphertexts = tuple(Ciphertext(elements[2 * i], elements[2 * i + 1]) for i in range(n))
    return EncryptedQuestion(ciphertexts, zero_one, range_proof)


@functools.lru_cache(maxsize=8)
def _order_bytes(group: Group) -> bytes:
    """The group order q as big-endian bytes of one scalar's length (what
    :meth:`Group.decode_scalar` reads: exactly that many bytes, below q)."""
    return group.q.to_bytes(group.scalar_bytes, "big")


def _decode_question(
    params: BallotParams,
    item: object,
    where: str,
    path: str,
    shape: QuestionShape,
    fields: Sequence[str],
) -> tuple[EncryptedQuestion, dict[str, object]]:
    group = params.group
    obj = require_object(item, where, path)
    require_fields(obj, where, path, fields)
    # the one-pass decoder, on every group: it accepts exactly what the value-by-value decoders
    # below accept and leaves naming a bad value to them
    fast = _decode_question_batched(group, obj, shape)
    if fast is not None:
        return fast, obj
    n = shape.options
    raw_cts = exact_list(obj, "ciphertexts", where, path, n, "ciphertexts (one per option)")
    raw_proofs = exact_list(obj, "proofs", where, path, n, "0/1 proofs (one per option)")
    with as_record(where):
        cts = tuple(
            decode_ciphertext(group, x, f"{path}.ciphertexts[{i}]", allow_identity=False)
            for i, x in enumerate(raw_cts)
        )
        zero_one = tuple(
            zk.decode_zero_one(group, x, f"{path}.proofs[{i}]") for i, x in enumerate(raw_proofs)
        )
        range_proof = zk.decode_range(group, obj["range"], f"{path}.range")
    branches = shape.max - shape.min + 1
    if not (
        len(range_proof.a) == len(range_proof.b) == len(range_proof.v) == branches
        and len(range_proof.c) == branches - 1
    ):
        raise RecordError.at(
            where,
            f"{path}.range",
            f"for [min, max] = [{shape.min}, {shape.max}] expected "
            f"{branches} entries in a, b and v and {branches - 1} in c",
        )
    return EncryptedQuestion(cts, zero_one, range_proof), obj


def decode(
    params: BallotParams,
    body: object,
    where: str,
    fields: Sequence[str],
    question_fields: Sequence[str],
) -> tuple[EncryptedBallot, dict[str, object], list[dict[str, object]], bytes]:
    """The ballot of ``body``, its fields, its questions' fields and its proofs' canonical
    encoding."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", fields)
    district, binding, credential, nonce = _statement_fields(params, obj, where)
    raw_questions = exact_list(
        obj, "questions", where, "body", len(params.questions), "questions (one per question)"
    )
    questions: list[EncryptedQuestion] = []
    raw: list[dict[str, object]] = []
    for i, (item, shape) in enumerate(zip(raw_questions, params.questions, strict=True)):
        q, q_obj = _decode_question(
            params, item, where, f"body.questions[{i}]", shape, question_fields
        )
        questions.append(q)
        raw.append(q_obj)
    statement = ballot_statement(params, district, binding, [q.ciphertexts for q in questions])
    encoded = encoded_proofs(params.group, questions)
    tracking = hash_with_proofs(tags.TRACKING_HASH, statement, encoded)
    encrypted = EncryptedBallot(
        district, binding, tuple(questions), statement, tracking, credential, nonce
    )
    return encrypted, obj, raw, encoded


def hash_with_proofs(
    tag: str, statement: bytes, encoded_proofs: bytes, *after: CanonicalValue
) -> bytes:
    """``H(tag, statement, proofs, *after)`` given the canonical encoding of ``proofs``: H is
    SHA-256 over the concatenated canonical encodings of its arguments, so the proofs (the
    largest value of a ballot) are encoded once for the tracking hash and the signature."""
    digest = hashlib.sha256(canonical_bytes(tag, statement))
    digest.update(encoded_proofs)
    if after:
        digest.update(canonical_bytes(*after))
    return digest.digest()


def decode_questions(
    params: BallotParams, obj: Mapping[str, object], where: str, fields: Sequence[str]
) -> list[EncryptedQuestion]:
    """The ``questions`` of a ballot body ``obj``, one per question of ``params``, strictly (the
    fake-credentials ballot's decoder uses it)."""
    raw_questions = exact_list(
        obj, "questions", where, "body", len(params.questions), "questions (one per question)"
    )
    return [
        _decode_question(params, item, where, f"body.questions[{i}]", shape, fields)[0]
        for i, (item, shape) in enumerate(zip(raw_questions, params.questions, strict=True))
    ]
