"""What a ballot is: the parameters, the encrypted questions with their proofs, the statement and
the hashes that bind them, the signature, the tracking code as text, the JSON bodies."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, SupportsIndex

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import tags
from plebiscite.crypto.elgamal import Ciphertext, encode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H
from plebiscite.crypto.secp256k1 import SECP256K1, Secp256k1Element
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError, ParameterError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
)

__all__ = [
    "BALLOT_FIELDS",
    "CHALLENGE_FIELDS",
    "CHALLENGE_QUESTION_FIELDS",
    "CREDENTIAL_BYTES",
    "HASH_BYTES",
    "HEAD_FIELDS",
    "MAX_DISTRICT_ID",
    "NONCE_BYTES",
    "QUESTION_FIELDS",
    "TRACKING_ALPHABET",
    "TRACKING_CHARS",
    "Ballot",
    "BallotParams",
    "Challenge",
    "EncryptedBallot",
    "EncryptedQuestion",
    "NamedHead",
    "QuestionShape",
    "ballot_binding",
    "ballot_body",
    "ballot_identity",
    "ballot_statement",
    "challenge_body",
    "encoded_proofs",
    "format_tracking",
    "parse_tracking",
    "proofs_value",
    "range_context",
    "sign_ballot",
    "tracking_hash",
    "zero_one_context",
]


BALLOT_FIELDS: Final = ("district", "credential", "nonce", "questions", "head", "signature")
HEAD_FIELDS: Final = ("index", "hash")
QUESTION_FIELDS: Final = ("ciphertexts", "proofs", "range")
CHALLENGE_FIELDS: Final = ("district", "binding", "questions", "tracking")
CHALLENGE_QUESTION_FIELDS: Final = (*QUESTION_FIELDS, "choices", "randomness")

#: lowercase Crockford base32: no i, l, o, u
TRACKING_ALPHABET: Final = "0123456789abcdefghjkmnpqrstvwxyz"
#: characters of a shown tracking hash (256 bits and 4 zero bits), without the hyphens
TRACKING_CHARS: Final = 52
_TRACKING_GROUP: Final = 4
_TRACKING_VALUES: Final = {ch: i for i, ch in enumerate(TRACKING_ALPHABET)}
_TRACKING_TYPED: Final = {**_TRACKING_VALUES, "i": 1, "l": 1, "o": 0}
HASH_BYTES: Final = 32
CREDENTIAL_BYTES: Final = 32
NONCE_BYTES: Final = 32
MAX_DISTRICT_ID: Final = 64


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
        if not isinstance(self.election_ctx, bytes) or len(self.election_ctx) != HASH_BYTES:
            raise ParameterError(f"ballot parameters: election_ctx must be {HASH_BYTES} bytes")
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

    ``binding`` commits to the credential (``H(BALLOT_BINDING, credential, nonce)``),
    ``statement`` is ``ballot_stmt`` and ``tracking`` the tracking hash (see the module
    docstring); build with :meth:`build`, which computes all three. ``credential`` and ``nonce``
    are known for a ballot the booth made or a cast ballot decoded, None for a challenge decoded
    (it names neither).
    """

    district: str
    binding: bytes
    questions: tuple[EncryptedQuestion, ...]
    statement: bytes
    tracking: bytes
    credential: bytes | None = None
    nonce: bytes | None = None

    @classmethod
    def build(
        cls,
        params: BallotParams,
        district: str,
        credential: bytes,
        nonce: bytes,
        questions: Sequence[EncryptedQuestion],
    ) -> EncryptedBallot:
        """The ballot with its binding, statement and tracking hash computed from its parts."""
        group = params.group
        binding = ballot_binding(credential, nonce)
        statement = ballot_statement(params, district, binding, [q.ciphertexts for q in questions])
        tracking = tracking_hash(statement, proofs_value(group, questions))
        return cls(district, binding, tuple(questions), statement, tracking, credential, nonce)

    @property
    def identity(self) -> bytes:
        """The ballot's identity for replay detection: ``H(BALLOT_IDENTITY, ballot_stmt)``."""
        return ballot_identity(self.statement)

    @property
    def tracking_text(self) -> str:
        """The tracking hash as shown to the voter (:func:`format_tracking`)."""
        return format_tracking(self.tracking)

    def signed_message(
        self, group: Group, head: NamedHead
    ) -> tuple[bytes, CanonicalValue, int, bytes]:
        """The values the credential signs under ``BALLOT_SIGNATURE``: statement, proofs and the
        named head's index and hash."""
        return self.statement, proofs_value(group, self.questions), head.index, head.hash

    def questions_json(self, group: Group) -> list[JSONValue]:
        return [q.to_json(group) for q in self.questions]

    def __repr__(self) -> str:
        return f"EncryptedBallot(district={self.district!r}, tracking={self.tracking_text})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        """On secp256k1, pickled with every element packed in one string (read back by one
        :meth:`~plebiscite.crypto.secp256k1.Secp256k1Group.unpack`, each point checked on the
        curve and keeping its compressed encoding) where each element alone costs a library call
        and a string each way: a voter's device sends its ballots to the demonstration's
        process this way. Other groups' ballots pickle field by field."""
        elements: list[Element] = []
        shapes: list[tuple[int, int]] = []
        scalars: list[int] = []
        regular = True  # the lengths _unpickle_ballot reads back (a decoded ballot has them)
        for q in self.questions:
            r = q.range_proof
            n = len(r.a)
            regular = regular and len(q.proofs) == len(q.ciphertexts) and n > 0
            regular = regular and len(r.b) == len(r.v) == n and len(r.c) == n - 1
            for ct in q.ciphertexts:
                elements += (ct.alpha, ct.beta)
            for p in q.proofs:
                elements += (p.a0, p.b0, p.a1, p.b1)
                scalars += (p.c0, p.v0, p.v1)
            elements += r.a
            elements += r.b
            scalars += r.c
            scalars += r.v
            shapes.append((len(q.ciphertexts), len(r.a)))
        if not regular or any(type(e) is not Secp256k1Element for e in elements):
            return object.__reduce_ex__(self, protocol)
        fields = (self.district, self.binding, self.statement, self.tracking)
        known = (self.credential, self.nonce)
        packed = SECP256K1.pack(elements)
        return (_unpickle_ballot, (fields, known, tuple(shapes), packed, tuple(scalars)))


def _unpickle_ballot(
    fields: tuple[str, bytes, bytes, bytes],
    known: tuple[bytes | None, bytes | None],
    shapes: tuple[tuple[int, int], ...],
    packed: bytes,
    scalars: tuple[int, ...],
) -> EncryptedBallot:
    """An :class:`EncryptedBallot` pickled by its ``__reduce_ex__`` (secp256k1)."""
    elements = iter(SECP256K1.unpack(packed, "pickled ballot", encodings=True))
    numbers = iter(scalars)
    questions: list[EncryptedQuestion] = []
    for options, branches in shapes:
        cts = tuple(Ciphertext(next(elements), next(elements)) for _ in range(options))
        proofs = tuple(
            zk.ZeroOneProof(
                next(elements),
                next(elements),
                next(elements),
                next(elements),
                next(numbers),
                next(numbers),
                next(numbers),
            )
            for _ in range(options)
        )
        a = tuple(next(elements) for _ in range(branches))
        b = tuple(next(elements) for _ in range(branches))
        c = tuple(next(numbers) for _ in range(branches - 1))
        v = tuple(next(numbers) for _ in range(branches))
        questions.append(EncryptedQuestion(cts, proofs, zk.RangeProof(a, b, c, v)))
    district, binding, statement, tracking = fields
    credential, nonce = known
    return EncryptedBallot(
        district, binding, tuple(questions), statement, tracking, credential, nonce
    )


@dataclass(frozen=True, slots=True)
class NamedHead:
    """The signed head a ballot names (spec §11.4): an entry's index and hash, read from the
    board just before signing. The ballot is stale once a newer head replaced that one more than
    the manifest's ``max_ballot_age`` before the ballot's board time."""

    index: int
    hash: bytes

    def __post_init__(self) -> None:
        if isinstance(self.index, bool) or not isinstance(self.index, int) or self.index < 0:
            raise ParameterError("named head: the index must be an integer ≥ 0")
        if not isinstance(self.hash, bytes) or len(self.hash) != HASH_BYTES:
            raise ParameterError(f"named head: the hash must be {HASH_BYTES} bytes")

    def to_json(self) -> JSONObject:
        return {"index": self.index, "hash": self.hash.hex()}


@dataclass(frozen=True, slots=True)
class Ballot:
    """A cast ballot: the encrypted ballot, the credential's BIP-340 signature and the head it
    names (covered by the signature)."""

    encrypted: EncryptedBallot
    signature: bytes
    head: NamedHead

    @property
    def identity(self) -> bytes:
        return self.encrypted.identity

    @property
    def tracking(self) -> bytes:
        return self.encrypted.tracking

    def to_json(self, group: Group) -> JSONObject:
        """The body of the ``ballot`` entry."""
        return ballot_body(group, self.encrypted, self.head, self.signature)

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


def ballot_binding(credential: bytes, nonce: bytes) -> bytes:
    """``H(BALLOT_BINDING, credential, nonce)``: the hiding commitment to the credential key that
    the statement binds (spec §11.2); a challenge shows it and neither of its inputs."""
    if len(credential) != CREDENTIAL_BYTES or len(nonce) != NONCE_BYTES:
        raise ParameterError("ballot binding: the credential key and the nonce are 32 bytes each")
    return H(tags.BALLOT_BINDING, credential, nonce)


def ballot_statement(
    params: BallotParams,
    district: str,
    binding: bytes,
    ciphertexts: Sequence[Sequence[Ciphertext]],
) -> bytes:
    """``ballot_stmt``: binds the election, district, the binding (a commitment to the
    credential key) and every ciphertext."""
    group = params.group
    cts: list[CanonicalValue] = [
        [[group.encode(ct.alpha), group.encode(ct.beta)] for ct in question]
        for question in ciphertexts
    ]
    return H(tags.BALLOT_STATEMENT, params.election_ctx, district, binding, cts)


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
_ZERO_ONE_HEAD: Final = b"D" + u32(7) + canonical_bytes("a0")  # the map's 7 keys, then a0's
_RANGE_KEYS: Final = tuple(canonical_bytes(key) for key in ("a", "b", "c", "v"))


def _encoded_list(items: Sequence[bytes]) -> list[bytes]:
    return [b"L" + u32(len(items)), *map(encode_bytes, items)]


def encoded_proofs(group: Group, questions: Sequence[EncryptedQuestion]) -> bytes:
    """``canonical_bytes(proofs_value(group, questions))``, assembled from parts."""
    el, sc = group.encode, group.encode_scalar
    parts = [b"L" + u32(len(questions))]
    for q in questions:
        parts += (_QUESTION_HEAD, b"L" + u32(len(q.proofs)))
        for p in q.proofs:
            # the map's first key and value after its head, then the other keys and values in
            # one call (canonical_bytes of several values is their concatenation)
            parts += (
                _ZERO_ONE_HEAD,
                canonical_bytes(
                    el(p.a0),
                    "a1",
                    el(p.a1),
                    "b0",
                    el(p.b0),
                    "b1",
                    el(p.b1),
                    "c0",
                    sc(p.c0),
                    "v0",
                    sc(p.v0),
                    "v1",
                    sc(p.v1),
                ),
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


def sign_ballot(
    key: SigningKey, group: Group, encrypted: EncryptedBallot, head: NamedHead
) -> Ballot:
    """Sign ``encrypted`` naming ``head`` with the credential key (which must be the ballot's
    credential, the one its binding commits to)."""
    if encrypted.credential is None or encrypted.nonce is None:
        raise ParameterError("sign_ballot: the ballot's credential and nonce are not known")
    if key.public.xonly != encrypted.credential:
        raise ParameterError("sign_ballot: the key is not the ballot's credential key")
    message = encrypted.signed_message(group, head)
    return Ballot(encrypted, key.sign(tags.BALLOT_SIGNATURE, *message), head)


# ------------------------------------------------------------------------------ tracking text


def format_tracking(digest: bytes) -> str:
    """A 32-byte tracking hash as 13 hyphen-joined groups of 4 lowercase Crockford characters."""
    if not isinstance(digest, bytes) or len(digest) != HASH_BYTES:
        raise ParameterError(f"tracking hash: expected {HASH_BYTES} bytes")
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
    if len(compact) == 2 * HASH_BYTES and all(ch in "0123456789abcdef" for ch in compact):
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
    return (value >> 4).to_bytes(HASH_BYTES, "big")


# -------------------------------------------------------------------------------------- bodies


def _proof_json(group: Group, proof: zk.ZeroOneProof | zk.RangeProof) -> JSONObject:
    out: JSONObject = {}
    for key, value in zk.encode_proof(group, proof).items():
        out[key] = value if isinstance(value, str) else list[JSONValue](value)
    return out


def ballot_body(
    group: Group, encrypted: EncryptedBallot, head: NamedHead, signature: bytes
) -> JSONObject:
    """The JSON body of a ``ballot`` entry."""
    if encrypted.credential is None or encrypted.nonce is None:
        raise ParameterError("ballot body: the ballot's credential and nonce are not known")
    return {
        "district": encrypted.district,
        "credential": encrypted.credential.hex(),
        "nonce": encrypted.nonce.hex(),
        "questions": encrypted.questions_json(group),
        "head": head.to_json(),
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
        "binding": encrypted.binding.hex(),
        "questions": questions,
        "tracking": encrypted.tracking.hex(),
    }
