"""Ballots and challenges: the wire format, the hashes that name them, and their checks (V5, V10).

**The ballot entry** (kind ``ballot``). Its body is exactly::

    {"district":   "<district id of the manifest>",
     "credential": "<the credential's x-only BIP-340 key, 64 lowercase hex>",
     "questions":  [                                  one per question, in the manifest's order
         {"ciphertexts": [{"alpha": E, "beta": E}, …],       one per option, in option order
          "proofs":      [{"a0": E, "b0": E, "a1": E, "b1": E,
                           "c0": S, "v0": S, "v1": S}, …],   one 0/1 proof per option
          "range":       {"a": [E, …], "b": [E, …],           the number of chosen options
                          "c": [S, …], "v": [S, …]}}, …],    is within [min, max]
     "signature":  "<BIP-340 signature by the credential key, 128 lowercase hex>"}

where ``E`` is a group element and ``S`` a scalar in the group's strict lowercase hex
(:mod:`plebiscite.crypto.group`). Every field is required and no other is allowed; the identity is
refused in every ciphertext component and every proof commitment. The range proof is over the
product of the question's ciphertexts for ``lo = min``, ``hi = max``: ``max − min + 1`` entries in
``a``, ``b`` and ``v`` and ``max − min`` in ``c`` (:class:`~plebiscite.crypto.proofs.RangeProof`).

**Hashes** (``H`` is :func:`plebiscite.crypto.hashing.H`, over the canonical encoding)::

    ballot_stmt = H(BALLOT_STATEMENT, election_ctx, district, credential,
                    [[[alpha, beta] for each option] for each question])
    proofs      = [{"proofs": [{"a0": a0, "b0": b0, "a1": a1, "b1": b1,
                                "c0": c0, "v0": v0, "v1": v1} for each option],
                    "range":  {"a": [..], "b": [..], "c": [..], "v": [..]}} for each question]
    signature   = BIP-340 by the credential key over H(BALLOT_SIGNATURE, ballot_stmt, proofs)
    tracking    = H(TRACKING_HASH, ballot_stmt, proofs)
    identity    = H(BALLOT_IDENTITY, ballot_stmt)

``election_ctx`` is the 32-byte election context, ``district`` a string, ``credential`` the 32
key bytes; in ``ballot_stmt`` and ``proofs`` every element and scalar is its encoded bytes (the
value ``proofs`` is the JSON form of the proofs with each hex string replaced by its bytes). Each
0/1 proof's context is ``{"ballot": ballot_stmt, "question": i, "option": j}`` and each range
proof's context ``{"ballot": ballot_stmt, "question": i}`` (0-based positions).

**Tracking hash.** 256 bits, shown to the voter before she casts or challenges as 52 characters of
lowercase Crockford base32 (``0123456789abcdefghjkmnpqrstvwxyz``; the 256 bits followed by four
zero bits, most significant first) in 13 groups of four joined by hyphens
(:func:`format_tracking`). :func:`parse_tracking` reads it back leniently: either case, spaces and
hyphens anywhere, ``i``/``l`` for 1 and ``o`` for 0; 64 hex characters are accepted too.

**Identity** (replays, V6). Two ballots are *the same ballot* when their ``ballot_stmt`` are equal:
the same election, district, credential and ciphertexts. The identity leaves out the signature
(so a replay with a fresh signature is the same ballot) and also the proofs: whoever knows the
randomness of a challenged ballot can prove its ciphertexts afresh, and that ballot must still be
recognised as the challenged one. A challenge has the identity of the ballot it opened.

**The challenge entry** (kind ``challenge``): what the booth showed, opened. Never signed::

    {"district": …, "credential": …,                    as in the ballot
     "questions": [{"ciphertexts": […], "proofs": […], "range": {…},
                    "choices":    [0 | 1, …],           the plaintext per option
                    "randomness": [S, …]}, …],           the ElGamal randomness per option
     "tracking":  "<the tracking hash shown, 64 lowercase hex>"}

:func:`check_challenge` (V10) decodes strictly, verifies every proof against the recomputed
statement, re-encrypts every option from its revealed choice and randomness to exactly the posted
ciphertext, checks that each question's choices are within [min, max] and that the tracking hash
recomputes to the one posted.

Errors are :class:`~plebiscite.errors.RecordError` (malformed) or
:class:`~plebiscite.errors.ProofError` (does not verify), each naming the entry (``where``) and the
field path, e.g. ``entry 12: field body.questions[0].proofs[1].v0: scalar is not below the group
order``. Roll membership, the voting window and replays are the caller's checks (the board's
acceptance rules, V5 and V6); this module gives them :attr:`EncryptedBallot.identity`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import SIGNATURE_BYTES, SigningKey, VerifyingKey
from plebiscite.errors import EncodingError, InputError, ParameterError, ProofError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    Place,
    field_path,
    place_of,
    require_fields,
    require_hex,
    require_list,
    require_object,
    require_str,
)

__all__ = [
    "BALLOT_FIELDS",
    "CHALLENGE_FIELDS",
    "CHALLENGE_QUESTION_FIELDS",
    "QUESTION_FIELDS",
    "TRACKING_ALPHABET",
    "TRACKING_CHARS",
    "Ballot",
    "BallotParams",
    "BallotVerdict",
    "Challenge",
    "EncryptedBallot",
    "EncryptedQuestion",
    "QuestionShape",
    "ballot_body",
    "ballot_identity",
    "ballot_statement",
    "challenge_body",
    "check_ballot",
    "check_ballots",
    "check_challenge",
    "format_tracking",
    "parse_tracking",
    "proofs_value",
    "range_context",
    "sign_ballot",
    "tracking_hash",
    "zero_one_context",
]

BALLOT_FIELDS: Final = ("district", "credential", "questions", "signature")
QUESTION_FIELDS: Final = ("ciphertexts", "proofs", "range")
CHALLENGE_FIELDS: Final = ("district", "credential", "questions", "tracking")
CHALLENGE_QUESTION_FIELDS: Final = (*QUESTION_FIELDS, "choices", "randomness")

#: lowercase Crockford base32: no i, l, o, u
TRACKING_ALPHABET: Final = "0123456789abcdefghjkmnpqrstvwxyz"
#: characters of a shown tracking hash (256 bits and 4 zero bits), without the hyphens
TRACKING_CHARS: Final = 52
_TRACKING_GROUP: Final = 4
_TRACKING_VALUES: Final = {ch: i for i, ch in enumerate(TRACKING_ALPHABET)}
_TRACKING_TYPED: Final = {**_TRACKING_VALUES, "i": 1, "l": 1, "o": 0}
_HASH_BYTES: Final = 32
_CREDENTIAL_BYTES: Final = 32
_MAX_DISTRICT_ID: Final = 64


# ------------------------------------------------------------------------------------ parameters


@dataclass(frozen=True, slots=True)
class QuestionShape:
    """What a ballot's check needs of a question: its number of options and its [min, max]."""

    options: int
    min: int
    max: int

    def __post_init__(self) -> None:
        for name in ("options", "min", "max"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ParameterError(f"question shape: {name} must be an integer")
        if self.options < 1 or not 0 <= self.min <= self.max <= self.options:
            raise ParameterError(
                f"question shape: need 0 ≤ min ≤ max ≤ options and options ≥ 1, got "
                f"options = {self.options}, min = {self.min}, max = {self.max}"
            )
        if self.max - self.min + 1 > zk.MAX_RANGE_BRANCHES:
            raise ParameterError(
                f"question shape: max − min + 1 exceeds {zk.MAX_RANGE_BRANCHES} range branches"
            )


@dataclass(frozen=True, slots=True)
class BallotParams:
    """The election's values a ballot is checked against, built once by the caller.

    ``group`` and ``joint_key`` (K, from the ``election_key`` entry), ``election_ctx`` (32 bytes),
    the questions' shapes in the manifest's order and the district ids of the manifest.
    """

    group: Group
    joint_key: Element
    election_ctx: bytes
    questions: tuple[QuestionShape, ...]
    districts: frozenset[str]

    def __post_init__(self) -> None:
        if not isinstance(self.election_ctx, bytes) or len(self.election_ctx) != _HASH_BYTES:
            raise ParameterError(f"ballot parameters: election_ctx must be {_HASH_BYTES} bytes")
        if not isinstance(self.joint_key, Element) or self.group.is_identity(self.joint_key):
            raise ParameterError("ballot parameters: the joint key must be a non-identity element")
        if not self.questions:
            raise ParameterError("ballot parameters: an election has at least one question")
        if not self.districts:
            raise ParameterError("ballot parameters: an election has at least one district")

    @classmethod
    def from_manifest(
        cls,
        group: Group,
        joint_key: Element,
        election_ctx: bytes,
        questions: Iterable[tuple[int, int, int]],
        districts: Iterable[str],
    ) -> BallotParams:
        """Build from plain values: ``questions`` as ``(options, min, max)`` in manifest order."""
        return cls(
            group,
            joint_key,
            election_ctx,
            tuple(QuestionShape(n, lo, hi) for n, lo, hi in questions),
            frozenset(districts),
        )


# ------------------------------------------------------------------------------------ the values


@dataclass(frozen=True, slots=True)
class EncryptedQuestion:
    """One question of a ballot: a ciphertext and a 0/1 proof per option, and the range proof."""

    ciphertexts: tuple[Ciphertext, ...]
    proofs: tuple[zk.ZeroOneProof, ...]
    range_proof: zk.RangeProof

    def total(self, group: Group) -> Ciphertext:
        """The product of the option ciphertexts: encrypts the number of options chosen."""
        alpha = group.prod([ct.alpha for ct in self.ciphertexts])
        beta = group.prod([ct.beta for ct in self.ciphertexts])
        return Ciphertext(alpha, beta)

    def to_json(self, group: Group) -> JSONObject:
        """``{"ciphertexts", "proofs", "range"}`` in the strict hex encodings."""
        return {
            "ciphertexts": [dict(encode_ciphertext(group, ct)) for ct in self.ciphertexts],
            "proofs": [_proof_json(group, p) for p in self.proofs],
            "range": _proof_json(group, self.range_proof),
        }


@dataclass(frozen=True, slots=True)
class EncryptedBallot:
    """What the booth shows before cast or challenge: statement, ciphertexts, proofs, hashes.

    ``statement`` is ``ballot_stmt`` and ``tracking`` the tracking hash (see the module
    docstring); build with :meth:`build`, which computes both.
    """

    district: str
    credential: bytes
    questions: tuple[EncryptedQuestion, ...]
    statement: bytes
    tracking: bytes

    @classmethod
    def build(
        cls,
        params: BallotParams,
        district: str,
        credential: bytes,
        questions: Sequence[EncryptedQuestion],
    ) -> EncryptedBallot:
        """The ballot with its statement and tracking hash computed from its parts."""
        group = params.group
        statement = ballot_statement(
            params, district, credential, [q.ciphertexts for q in questions]
        )
        tracking = tracking_hash(statement, proofs_value(group, questions))
        return cls(district, credential, tuple(questions), statement, tracking)

    @property
    def identity(self) -> bytes:
        """The ballot's identity for replay detection: ``H(BALLOT_IDENTITY, ballot_stmt)``."""
        return ballot_identity(self.statement)

    @property
    def tracking_text(self) -> str:
        """The tracking hash as shown to the voter (:func:`format_tracking`)."""
        return format_tracking(self.tracking)

    def signed_message(self, group: Group) -> tuple[bytes, CanonicalValue]:
        """The values the credential signs under ``BALLOT_SIGNATURE``: statement and proofs."""
        return self.statement, proofs_value(group, self.questions)

    def questions_json(self, group: Group) -> list[JSONValue]:
        return [q.to_json(group) for q in self.questions]

    def __repr__(self) -> str:
        return f"EncryptedBallot(district={self.district!r}, tracking={self.tracking_text})"


@dataclass(frozen=True, slots=True)
class Ballot:
    """A cast ballot: the encrypted ballot and the credential's BIP-340 signature."""

    encrypted: EncryptedBallot
    signature: bytes

    @property
    def identity(self) -> bytes:
        return self.encrypted.identity

    @property
    def tracking(self) -> bytes:
        return self.encrypted.tracking

    def to_json(self, group: Group) -> JSONObject:
        """The body of the ``ballot`` entry."""
        return ballot_body(group, self.encrypted, self.signature)

    def __repr__(self) -> str:
        return (
            f"Ballot(district={self.encrypted.district!r}, tracking={self.encrypted.tracking_text})"
        )


@dataclass(frozen=True, slots=True)
class Challenge:
    """An opened ballot: the encrypted ballot with each option's plaintext and randomness.

    Once posted these are public; the booth keeps them secret until the voter challenges.
    """

    encrypted: EncryptedBallot
    choices: tuple[tuple[int, ...], ...]
    randomness: tuple[tuple[int, ...], ...]

    @property
    def identity(self) -> bytes:
        return self.encrypted.identity

    @property
    def tracking(self) -> bytes:
        return self.encrypted.tracking

    def to_json(self, group: Group) -> JSONObject:
        """The body of the ``challenge`` entry."""
        return challenge_body(group, self.encrypted, self.choices, self.randomness)

    def __repr__(self) -> str:
        return f"Challenge(tracking={self.encrypted.tracking_text}, choices=<opened>)"


# -------------------------------------------------------------------------------------- hashing


def ballot_statement(
    params: BallotParams,
    district: str,
    credential: bytes,
    ciphertexts: Sequence[Sequence[Ciphertext]],
) -> bytes:
    """``ballot_stmt``: binds the election, district, credential key and every ciphertext."""
    group = params.group
    cts: list[CanonicalValue] = [
        [[group.encode(ct.alpha), group.encode(ct.beta)] for ct in question]
        for question in ciphertexts
    ]
    return H(tags.BALLOT_STATEMENT, params.election_ctx, district, credential, cts)


def _zero_one_value(group: Group, p: zk.ZeroOneProof) -> dict[str, CanonicalValue]:
    el, sc = group.encode, group.encode_scalar
    return {
        "a0": el(p.a0),
        "b0": el(p.b0),
        "a1": el(p.a1),
        "b1": el(p.b1),
        "c0": sc(p.c0),
        "v0": sc(p.v0),
        "v1": sc(p.v1),
    }


def _range_value(group: Group, p: zk.RangeProof) -> dict[str, CanonicalValue]:
    return {
        "a": [group.encode(x) for x in p.a],
        "b": [group.encode(x) for x in p.b],
        "c": [group.encode_scalar(x) for x in p.c],
        "v": [group.encode_scalar(x) for x in p.v],
    }


def proofs_value(group: Group, questions: Sequence[EncryptedQuestion]) -> CanonicalValue:
    """The proofs of a ballot as hashed: their JSON form with bytes in place of hex."""
    return [
        {
            "proofs": [_zero_one_value(group, p) for p in q.proofs],
            "range": _range_value(group, q.range_proof),
        }
        for q in questions
    ]


# The canonical encoding of proofs_value, assembled from parts for the verifier's hot path: maps
# are encoded with their keys sorted (a question: proofs, range; a 0/1 proof: a0, a1, b0, b1,
# c0, v0, v1; a range proof: a, b, c, v). The spec vectors pin the bytes.
_QUESTION_HEAD: Final = b"D" + u32(2) + canonical_bytes("proofs")
_RANGE_KEY: Final = canonical_bytes("range")
_ZERO_ONE_KEYS: Final = tuple(
    canonical_bytes(key) for key in ("a0", "a1", "b0", "b1", "c0", "v0", "v1")
)
_ZERO_ONE_HEAD: Final = b"D" + u32(7) + _ZERO_ONE_KEYS[0]
_RANGE_KEYS: Final = tuple(canonical_bytes(key) for key in ("a", "b", "c", "v"))


def _encoded_list(items: Sequence[bytes]) -> list[bytes]:
    return [b"L" + u32(len(items)), *map(encode_bytes, items)]


def _encoded_proofs(group: Group, questions: Sequence[EncryptedQuestion]) -> bytes:
    """``canonical_bytes(proofs_value(group, questions))``, assembled from parts."""
    el, sc = group.encode, group.encode_scalar
    k_a1, k_b0, k_b1, k_c0, k_v0, k_v1 = _ZERO_ONE_KEYS[1:]
    parts = [b"L" + u32(len(questions))]
    for q in questions:
        parts += (_QUESTION_HEAD, b"L" + u32(len(q.proofs)))
        for p in q.proofs:
            parts += (
                _ZERO_ONE_HEAD,
                encode_bytes(el(p.a0)),
                k_a1,
                encode_bytes(el(p.a1)),
                k_b0,
                encode_bytes(el(p.b0)),
                k_b1,
                encode_bytes(el(p.b1)),
                k_c0,
                encode_bytes(sc(p.c0)),
                k_v0,
                encode_bytes(sc(p.v0)),
                k_v1,
                encode_bytes(sc(p.v1)),
            )
        r = q.range_proof
        parts += (_RANGE_KEY, b"D" + u32(4))
        for key, items in zip(
            _RANGE_KEYS,
            (
                [el(x) for x in r.a],
                [el(x) for x in r.b],
                [sc(x) for x in r.c],
                [sc(x) for x in r.v],
            ),
            strict=True,
        ):
            parts.append(key)
            parts += _encoded_list(items)
    return b"".join(parts)


def tracking_hash(statement: bytes, proofs: CanonicalValue) -> bytes:
    """``H(TRACKING_HASH, ballot_stmt, proofs)``: 32 bytes (the signature is not covered)."""
    return H(tags.TRACKING_HASH, statement, proofs)


def ballot_identity(statement: bytes) -> bytes:
    """``H(BALLOT_IDENTITY, ballot_stmt)``: equal for a ballot, its replays and its challenge."""
    return H(tags.BALLOT_IDENTITY, statement)


def zero_one_context(statement: bytes, question: int, option: int) -> CanonicalValue:
    """The context of the 0/1 proof at (question, option)."""
    return {"ballot": statement, "question": question, "option": option}


def range_context(statement: bytes, question: int) -> CanonicalValue:
    """The context of a question's range proof."""
    return {"ballot": statement, "question": question}


def sign_ballot(key: SigningKey, group: Group, encrypted: EncryptedBallot) -> Ballot:
    """Sign ``encrypted`` with the credential key (which must be the ballot's credential)."""
    if key.public.xonly != encrypted.credential:
        raise ParameterError("sign_ballot: the key is not the ballot's credential key")
    statement, proofs = encrypted.signed_message(group)
    return Ballot(encrypted, key.sign(tags.BALLOT_SIGNATURE, statement, proofs))


# ------------------------------------------------------------------------------ tracking text


def format_tracking(digest: bytes) -> str:
    """A 32-byte tracking hash as 13 hyphen-joined groups of 4 lowercase Crockford characters."""
    if not isinstance(digest, bytes) or len(digest) != _HASH_BYTES:
        raise ParameterError(f"tracking hash: expected {_HASH_BYTES} bytes")
    value = int.from_bytes(digest, "big") << 4  # 260 bits = 52 characters of 5 bits
    chars = [
        TRACKING_ALPHABET[(value >> (5 * (TRACKING_CHARS - 1 - i))) & 31]
        for i in range(TRACKING_CHARS)
    ]
    text = "".join(chars)
    return "-".join(
        text[i : i + _TRACKING_GROUP] for i in range(0, TRACKING_CHARS, _TRACKING_GROUP)
    )


def parse_tracking(text: str) -> bytes:
    """Read a tracking hash as a person typed it (see the module docstring); 32 bytes."""
    if not isinstance(text, str):
        raise InputError("tracking hash: expected text")
    compact = "".join(ch for ch in text.strip().lower() if ch not in " -\t")
    if len(compact) == 2 * _HASH_BYTES and all(ch in "0123456789abcdef" for ch in compact):
        return bytes.fromhex(compact)
    if len(compact) != TRACKING_CHARS:
        raise InputError(
            f"tracking hash: expected {TRACKING_CHARS} characters (hyphens aside) or 64 hex "
            f"digits, got {len(compact)}"
        )
    value = 0
    for position, ch in enumerate(compact, start=1):
        digit = _TRACKING_TYPED.get(ch)
        if digit is None:
            raise InputError(f"tracking hash: character {position} ({ch!r}) is not base32")
        value = value * 32 + digit
    if value & 0xF:
        raise InputError("tracking hash: the last character is not one a tracking hash ends with")
    return (value >> 4).to_bytes(_HASH_BYTES, "big")


# -------------------------------------------------------------------------------------- bodies


def _proof_json(group: Group, proof: zk.ZeroOneProof | zk.RangeProof) -> JSONObject:
    out: JSONObject = {}
    for key, value in zk.encode_proof(group, proof).items():
        out[key] = value if isinstance(value, str) else list[JSONValue](value)
    return out


def ballot_body(group: Group, encrypted: EncryptedBallot, signature: bytes) -> JSONObject:
    """The JSON body of a ``ballot`` entry."""
    return {
        "district": encrypted.district,
        "credential": encrypted.credential.hex(),
        "questions": encrypted.questions_json(group),
        "signature": signature.hex(),
    }


def challenge_body(
    group: Group,
    encrypted: EncryptedBallot,
    choices: Sequence[Sequence[int]],
    randomness: Sequence[Sequence[int]],
) -> JSONObject:
    """The JSON body of a ``challenge`` entry: the ballot opened, with the tracking hash shown."""
    questions: list[JSONValue] = []
    for q, bits, rs in zip(encrypted.questions, choices, randomness, strict=True):
        item = q.to_json(group)
        item["choices"] = [int(b) for b in bits]
        item["randomness"] = [group.scalar_to_hex(r) for r in rs]
        questions.append(item)
    return {
        "district": encrypted.district,
        "credential": encrypted.credential.hex(),
        "questions": questions,
        "tracking": encrypted.tracking.hex(),
    }


# ------------------------------------------------------------------------------------ decoding


@contextmanager
def _as_record(where: str) -> Iterator[None]:
    """Turn an :class:`EncodingError` into a :class:`RecordError` naming the entry.

    The crypto decoders name their value by the role given to them: the field path.
    """
    try:
        yield
    except EncodingError as exc:
        raise exc.placed(where) from None


def _exact_list(
    obj: Mapping[str, object], key: str, where: str, path: str, length: int, what: str
) -> list[object]:
    items = require_list(obj, key, where, path)
    if len(items) != length:
        raise RecordError.at(
            where, field_path(path, key), f"expected {length} {what}, got {len(items)}"
        )
    return items


def _statement_fields(
    params: BallotParams, body: Mapping[str, object], where: str
) -> tuple[str, bytes]:
    district = require_str(body, "district", where, "body", _MAX_DISTRICT_ID)
    if district not in params.districts:
        raise RecordError.at(where, "body.district", f"unknown district {district!r}")
    credential = require_hex(body, "credential", where, "body", _CREDENTIAL_BYTES)
    with _as_record(where):
        VerifyingKey(credential, "body.credential")
    return district, credential


_ZERO_ONE_ELEMENTS: Final = ("a0", "b0", "a1", "b1")
_ZERO_ONE_SCALARS: Final = ("c0", "v0", "v1")
_ZERO_ONE_FIELDS: Final = frozenset((*_ZERO_ONE_ELEMENTS, *_ZERO_ONE_SCALARS))
_CIPHERTEXT_FIELDS: Final = frozenset(("alpha", "beta"))
_RANGE_FIELDS: Final = frozenset(("a", "b", "c", "v"))


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


def _decode_question_batched(
    group: Group, obj: Mapping[str, object], shape: QuestionShape
) -> EncryptedQuestion | None:
    """A question decoded in one pass, with ONE call of :meth:`Group.decode_many` for all its
    elements (one batched subgroup check on groups whose membership check is an
    exponentiation), or None when anything is not as it must be: the caller then decodes value
    by value, which refuses exactly the same bodies and names the bad value."""
    n, branches = shape.options, shape.max - shape.min + 1
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
    try:
        datas = [_lowercase_hex(t) for t in texts]
        elements = group.decode_many(datas, "element")
        decode_scalar = group.decode_scalar

        def scalar(text: object, role: str) -> int:
            return decode_scalar(_lowercase_hex(text), role)

        zero_one_list: list[zk.ZeroOneProof] = []
        for j, proof in enumerate(proofs):
            assert type(proof) is dict
            a0, b0, a1, b1 = elements[2 * n + 4 * j : 2 * n + 4 * j + 4]
            c0, v0, v1 = (scalar(proof[k], k) for k in _ZERO_ONE_SCALARS)
            zero_one_list.append(zk.ZeroOneProof(a0, b0, a1, b1, c0, v0, v1))
        zero_one = tuple(zero_one_list)
        base = 6 * n
        range_proof = zk.RangeProof(
            tuple(elements[base : base + branches]),
            tuple(elements[base + branches : base + 2 * branches]),
            tuple(scalar(x, "c") for x in c),
            tuple(scalar(x, "v") for x in v),
        )
    except EncodingError:
        return None
    ciphertexts = tuple(Ciphertext(elements[2 * i], elements[2 * i + 1]) for i in range(n))
    return EncryptedQuestion(ciphertexts, zero_one, range_proof)


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
    raw_cts = _exact_list(obj, "ciphertexts", where, path, n, "ciphertexts (one per option)")
    raw_proofs = _exact_list(obj, "proofs", where, path, n, "0/1 proofs (one per option)")
    with _as_record(where):
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


def _decode(
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
    district, credential = _statement_fields(params, obj, where)
    raw_questions = _exact_list(
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
    statement = ballot_statement(params, district, credential, [q.ciphertexts for q in questions])
    encoded = _encoded_proofs(params.group, questions)
    tracking = _hash_with_proofs(tags.TRACKING_HASH, statement, encoded)
    encrypted = EncryptedBallot(district, credential, tuple(questions), statement, tracking)
    return encrypted, obj, raw, encoded


def _hash_with_proofs(tag: str, statement: bytes, encoded_proofs: bytes) -> bytes:
    """``H(tag, statement, proofs)`` given the canonical encoding of ``proofs``: H is SHA-256
    over the concatenated canonical encodings of its arguments, so the proofs (the largest
    value of a ballot) are encoded once for the tracking hash and the signature."""
    digest = hashlib.sha256(canonical_bytes(tag, statement))
    digest.update(encoded_proofs)
    return digest.digest()


# -------------------------------------------------------------------------------------- checks


def _check_proofs(
    params: BallotParams, encrypted: EncryptedBallot, where: str, batch: BatchVerifier | None
) -> None:
    group, K, stmt = params.group, params.joint_key, encrypted.statement
    for i, (q, shape) in enumerate(zip(encrypted.questions, params.questions, strict=True)):
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


def _check_signature(
    encrypted: EncryptedBallot, body: Mapping[str, object], where: str, encoded_proofs: bytes
) -> bytes:
    signature = require_hex(body, "signature", where, "body", SIGNATURE_BYTES)
    key = VerifyingKey(encrypted.credential, "body.credential")
    message = _hash_with_proofs(tags.BALLOT_SIGNATURE, encrypted.statement, encoded_proofs)
    if not key.verify_raw(signature, message):
        raise ProofError.at(
            where,
            "body.signature",
            "not a valid signature by the credential "
            "body.credential over the ballot statement and proofs",
            reason="bad_signature",
        )
    return signature


def check_ballot(
    params: BallotParams, body: object, where: str, *, batch: BatchVerifier | None = None
) -> Ballot:
    """Check a ``ballot`` body (V5 without roll, window and replays); return the ballot.

    In order: strict decoding of every field and element, the district, every proof (in
    question and option order, each range proof after its question's 0/1 proofs), the
    credential's signature. A change of a statement field (district, credential, a ciphertext)
    changes ``ballot_stmt``, so the first proof fails and is named. With ``batch`` the proofs'
    group equations are added to it under :class:`~plebiscite.model.codec.Place` labels (``where``
    and the field ``body.questions[i].proofs[j]`` or ``body.questions[i].range``; the caller runs
    :meth:`BatchVerifier.check`); everything else, the signature included, is checked here.
    Raises :class:`RecordError` or :class:`ProofError` naming ``where``, with the field path as
    its ``field`` (and ``reason`` ``bad_signature`` for the signature).
    """
    encrypted, obj, _, encoded = _decode(params, body, where, BALLOT_FIELDS, QUESTION_FIELDS)
    _check_proofs(params, encrypted, where, batch)
    signature = _check_signature(encrypted, obj, where, encoded)
    return Ballot(encrypted, signature)


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
    items = _exact_list(obj, "choices", where, path, n, "choices (one per option)")
    for j, value in enumerate(items):
        if type(value) is not int or value not in (0, 1):
            raise RecordError.at(where, f"{path}.choices[{j}]", "expected 0 or 1")
    return tuple(v for v in items if type(v) is int)


def check_challenge(params: BallotParams, body: object, where: str) -> Challenge:
    """Check a ``challenge`` body (V10); return the opened ballot.

    Strict decoding; every proof against the recomputed statement; every option re-encrypted
    from its revealed choice and randomness to exactly the posted ciphertext; each question's
    number of choices within [min, max]; the posted tracking hash equal to the recomputed one.
    """
    group, K = params.group, params.joint_key
    encrypted, obj, raw, _ = _decode(
        params, body, where, CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS
    )
    posted_tracking = require_hex(obj, "tracking", where, "body", _HASH_BYTES)
    choices: list[tuple[int, ...]] = []
    randomness: list[tuple[int, ...]] = []
    for i, (q, q_obj, shape) in enumerate(
        zip(encrypted.questions, raw, params.questions, strict=True)
    ):
        path = f"body.questions[{i}]"
        bits = _choices(q_obj, where, path, shape.options)
        raw_r = _exact_list(q_obj, "randomness", where, path, shape.options, "scalars")
        with _as_record(where):
            rs = tuple(
                group.scalar_from_hex(x, f"{path}.randomness[{j}]") for j, x in enumerate(raw_r)
            )
        for j, (ct, m, r) in enumerate(zip(q.ciphertexts, bits, rs, strict=True)):
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
    if posted_tracking != encrypted.tracking:
        raise ProofError.at(
            where,
            "body.tracking",
            f"{posted_tracking.hex()} but the ballot's tracking hash is {encrypted.tracking.hex()}",
            reason="bad_challenge",
        )
    _check_proofs(params, encrypted, where, None)
    return Challenge(encrypted, tuple(choices), tuple(randomness))
