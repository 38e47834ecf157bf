"""The key ceremony on the board: its entry bodies and derived values (DESIGN §3).

Joint-Feldman with public complaints. Trustee ``i`` is the i-th member of the manifest's
``trustees.members`` (1-based). Every trustee body carries ``"trustee": i`` and a ``signature``
(:mod:`plebiscite.model.signed`) by trustee i's identity key, whose x-only form is posted in
its ``trustee_commit`` and whose fingerprint must be the manifest's. The rounds::

    trustee_commit        {"trustee", "key", "commitment", "signature"}
        commitment = H(POLYNOMIAL_COMMITMENTS, ceremony_ctx, i, [C_0 … C_(k-1)])
    trustee_reveal        {"trustee", "commitments": [C_l], "proofs": [{"h", "v"}], "signature"}
        one Schnorr proof per C_l with context {"ceremony": ceremony_ctx, "trustee": i,
        "coefficient": l}; the list must hash to the committed value
    trustee_shares        {"trustee", "shares": [{"recipient": j, "sealed": hex}], "signature"}
        f_i(j) as a 32-byte scalar sealed to j's identity key (crypto.sealing) with the
        associated data H(TRUSTEE_SHARE_AAD, ceremony_ctx, i, j), for every other committed j
    trustee_complaint     {"trustee": j, "accused": i, "reason", "signature"}
    trustee_share_reveal  {"trustee": i, "complainant": j, "share", "ephemeral_secret",
                           "signature"}
        anyone opens i's blob for j with the ephemeral secret (sealing.open_revealed): it must
        hold exactly ``share``, and ``check_share(C_i, j, share)`` must hold
    election_key          {"ceremony_context", "qualified", "joint_key",
                           "verification_keys": [{"trustee", "key"}], "test_ciphertext",
                           "signature"}   signed by the authority
    liveness              {"trustee", "partial", "proof": {"a", "b", "v"}, "signature"}
        M_i = α^(s_i) of the test ciphertext with its partial-decryption proof against VK_i,
        context {"ceremony": ceremony_ctx, "trustee": i, "use": "liveness"}

Order: the commit round closes at the first ``trustee_reveal`` (a later commit is ignored); a
trustee's reveal follows its commit, its shares follow its reveal; a complaint follows the
accused's shares; an answer follows its complaint; nothing of the trustees' rounds counts after
``election_key``, which is the deadline: a dealer with a missing round, an invalid entry of its
own, an upheld complaint (an invalid answer) or an unanswered one is disqualified. QUAL is the
set of the others; the ceremony fails when fewer than k remain. K = ∏_(i∈QUAL) C_(i,0) and
VK_j = ∏_(i∈QUAL) ∏_l C_(i,l)^(j^l) for each j in QUAL.

The test ciphertext of the liveness drill is ``Enc_K(1; r)`` with
``r = 1 + hash_to_scalar(LIVENESS_CIPHERTEXT, q − 1, ceremony_ctx, K, [VK_j], QUAL)``: public, so
that anyone recomputes it; each QUAL trustee posts one ``liveness`` entry, and any k of them
combine to ``g``.

:func:`plebiscite.rules.ceremony.check_ceremony` recomputes all of this from the entries alone
(V3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, cast

from plebiscite.crypto import tags
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext, encrypt
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, hash_to_scalar
from plebiscite.crypto.proofs import (
    ChaumPedersenProof,
    SchnorrProof,
    decode_chaum_pedersen,
    decode_schnorr,
    encode_proof,
)
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import (
    DefinitionError,
    EncodingError,
    ProofError,
    RecordError,
)
from plebiscite.model.codec import (
    JSONObject,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import SIGNATURE_FIELD, unsigned_part, verify_body_signature

__all__ = [
    "CEREMONY_KINDS",
    "COMPLAINT_REASONS",
    "LIVENESS_MESSAGE",
    "TRUSTEE_KINDS",
    "Commit",
    "Complaint",
    "ElectionKey",
    "Liveness",
    "Reveal",
    "ShareReveal",
    "Shares",
    "coefficient_context",
    "commitment_hash",
    "liveness_ciphertext",
    "liveness_context",
    "parse_body",
    "read_manifest",
    "share_aad",
]

TRUSTEE_KINDS: Final = (
    "trustee_commit",
    "trustee_reveal",
    "trustee_shares",
    "trustee_complaint",
    "trustee_share_reveal",
)
#: every entry kind the ceremony consists of
CEREMONY_KINDS: Final = (*TRUSTEE_KINDS, "election_key", "liveness")
#: why a trustee complains: the opened share fails ``check_share``, or the blob does not open
COMPLAINT_REASONS: Final = ("invalid_share", "undecryptable")
#: the plaintext of the liveness drill's test ciphertext
LIVENESS_MESSAGE: Final = 1
_MAX_TRUSTEES: Final = 1024


# ------------------------------------------------------------------------------ derived values


def commitment_hash(
    group: Group, ceremony_ctx: bytes, trustee: int, commitments: Sequence[Element]
) -> bytes:
    """``H(POLYNOMIAL_COMMITMENTS, ceremony_ctx, i, [C_0 … C_(k-1)])``: what a commit binds."""
    return H(
        tags.POLYNOMIAL_COMMITMENTS,
        ceremony_ctx,
        trustee,
        [group.encode(c) for c in commitments],
    )


def coefficient_context(ceremony_ctx: bytes, trustee: int, coefficient: int) -> CanonicalValue:
    """The context of the Schnorr proof for trustee ``i``'s coefficient ``l``."""
    return {"ceremony": ceremony_ctx, "trustee": trustee, "coefficient": coefficient}


def share_aad(ceremony_ctx: bytes, dealer: int, recipient: int) -> bytes:
    """The associated data of dealer ``i``'s sealed share for recipient ``j``."""
    return H(tags.TRUSTEE_SHARE_AAD, ceremony_ctx, dealer, recipient)


def liveness_context(ceremony_ctx: bytes, trustee: int) -> CanonicalValue:
    """The context of trustee ``i``'s partial-decryption proof in the liveness drill."""
    return {"ceremony": ceremony_ctx, "trustee": trustee, "use": "liveness"}


def liveness_ciphertext(
    group: Group,
    ceremony_ctx: bytes,
    joint_key: Element,
    verification_keys: Mapping[int, Element],
    qualified: Sequence[int],
) -> Ciphertext:
    """The drill's public test ciphertext ``Enc_K(1; r)`` (module docstring)."""
    qual = sorted(qualified)
    r = 1 + hash_to_scalar(
        tags.LIVENESS_CIPHERTEXT,
        group.q - 1,
        ceremony_ctx,
        group.encode(joint_key),
        [group.encode(verification_keys[i]) for i in qual],
        qual,
    )
    return encrypt(group, joint_key, LIVENESS_MESSAGE, r=r)[0]


# ---------------------------------------------------------------------------------- bodies


def _fail(where: str, path: str, message: str) -> RecordError:
    return RecordError.at(where, path, message)


def _element(group: Group, obj: Mapping[str, object], key: str, where: str, path: str) -> Element:
    name = f"{path}.{key}"
    try:
        return group.from_hex(obj.get(key), name)
    except EncodingError as exc:
        raise exc.placed(where) from None


def _scalar(group: Group, obj: Mapping[str, object], key: str, where: str, path: str) -> int:
    try:
        return group.scalar_from_hex(obj.get(key), f"{path}.{key}")
    except EncodingError as exc:
        raise exc.placed(where) from None


def _json(value: Mapping[str, object]) -> JSONObject:
    """A proof's or ciphertext's JSON form (strings and lists of strings) as a body value."""
    return cast(JSONObject, dict(value))


def _trustee(body: Mapping[str, object], key: str, where: str, n: int) -> int:
    return require_int(body, key, where, "body", minimum=1, maximum=n)


@dataclass(frozen=True)
class Commit:
    """``trustee_commit``: trustee ``i``'s identity key and the hash of its commitments."""

    trustee: int
    key: VerifyingKey
    commitment: bytes

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {"trustee": self.trustee, "key": self.key.hex(), "commitment": self.commitment.hex()}


@dataclass(frozen=True)
class Reveal:
    """``trustee_reveal``: the coefficient commitments ``C_l`` with one Schnorr proof each."""

    trustee: int
    commitments: tuple[Element, ...]
    proofs: tuple[SchnorrProof, ...]

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "trustee": self.trustee,
            "commitments": [group.to_hex(c) for c in self.commitments],
            "proofs": [_json(encode_proof(group, p)) for p in self.proofs],
        }


@dataclass(frozen=True)
class Shares:
    """``trustee_shares``: dealer ``i``'s sealed share for each other trustee ``j``."""

    trustee: int
    sealed: Mapping[int, bytes]

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body (recipients in increasing order)."""
        return {
            "trustee": self.trustee,
            "shares": [
                {"recipient": j, "sealed": self.sealed[j].hex()} for j in sorted(self.sealed)
            ],
        }


@dataclass(frozen=True)
class Complaint:
    """``trustee_complaint``: trustee ``j`` (``trustee``) accuses dealer ``accused``."""

    trustee: int
    accused: int
    reason: str

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {"trustee": self.trustee, "accused": self.accused, "reason": self.reason}


@dataclass(frozen=True)
class ShareReveal:
    """``trustee_share_reveal``: the accused dealer reveals ``f_i(j)`` and the seal's secret."""

    trustee: int
    complainant: int
    share: int
    ephemeral_secret: bytes

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "trustee": self.trustee,
            "complainant": self.complainant,
            "share": group.scalar_to_hex(self.share),
            "ephemeral_secret": self.ephemeral_secret.hex(),
        }

    def __repr__(self) -> str:  # a revealed share is public, but keep reprs short
        return f"ShareReveal(trustee={self.trustee}, complainant={self.complainant})"


@dataclass(frozen=True)
class ElectionKey:
    """``election_key``: QUAL, the joint key, the verification keys and the test ciphertext."""

    ceremony_context: bytes
    qualified: tuple[int, ...]
    joint_key: Element
    verification_keys: Mapping[int, Element]
    test_ciphertext: Ciphertext

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "ceremony_context": self.ceremony_context.hex(),
            "qualified": list(self.qualified),
            "joint_key": group.to_hex(self.joint_key),
            "verification_keys": [
                {"trustee": i, "key": group.to_hex(self.verification_keys[i])}
                for i in sorted(self.verification_keys)
            ],
            "test_ciphertext": _json(encode_ciphertext(group, self.test_ciphertext)),
        }


@dataclass(frozen=True)
class Liveness:
    """``liveness``: trustee ``i``'s partial decryption of the test ciphertext, with its proof."""

    trustee: int
    partial: Element
    proof: ChaumPedersenProof

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "trustee": self.trustee,
            "partial": group.to_hex(self.partial),
            "proof": _json(encode_proof(group, self.proof)),
        }


Body = Commit | Reveal | Shares | Complaint | ShareReveal | ElectionKey | Liveness


def parse_body(group: Group, n: int, k: int, kind: str, body: object, where: str) -> Body:
    """Parse a ceremony entry's body strictly (its ``signature`` field required, not checked).

    Raises :class:`RecordError` naming ``where`` and the field.
    """
    obj = require_object(body, where, "body")
    sig = (SIGNATURE_FIELD,)
    if kind == "trustee_commit":
        require_fields(obj, where, "body", ("trustee", "key", "commitment", *sig))
        raw_key = require_hex(obj, "key", where, "body", 32)
        try:
            key = VerifyingKey(raw_key, "body.key")
        except EncodingError as exc:
            raise exc.placed(where) from None
        return Commit(
            _trustee(obj, "trustee", where, n),
            key,
            require_hex(obj, "commitment", where, "body", 32),
        )
    if kind == "trustee_reveal":
        require_fields(obj, where, "body", ("trustee", "commitments", "proofs", *sig))
        trustee = _trustee(obj, "trustee", where, n)
        raw_c = require_list(obj, "commitments", where, "body")
        raw_p = require_list(obj, "proofs", where, "body")
        if len(raw_c) != k or len(raw_p) != k:
            raise _fail(
                where,
                "body.commitments",
                f"expected k = {k} commitments and proofs, got {len(raw_c)} and {len(raw_p)}",
            )
        commitments = []
        for pos, text in enumerate(raw_c):
            try:
                commitments.append(group.from_hex(text, f"body.commitments[{pos}]"))
            except EncodingError as exc:
                raise exc.placed(where) from None
        proofs = []
        for pos, proof in enumerate(raw_p):
            try:
                proofs.append(decode_schnorr(group, proof, f"body.proofs[{pos}]"))
            except EncodingError as exc:
                raise exc.placed(where) from None
        return Reveal(trustee, tuple(commitments), tuple(proofs))
    if kind == "trustee_shares":
        require_fields(obj, where, "body", ("trustee", "shares", *sig))
        trustee = _trustee(obj, "trustee", where, n)
        sealed: dict[int, bytes] = {}
        previous = 0
        for pos, item in enumerate(require_list(obj, "shares", where, "body")):
            path = f"body.shares[{pos}]"
            entry = require_object(item, where, path)
            require_fields(entry, where, path, ("recipient", "sealed"))
            j = require_int(entry, "recipient", where, path, minimum=1, maximum=n)
            if j <= previous or j == trustee:
                raise _fail(
                    where, f"{path}.recipient", "recipients must increase and exclude the dealer"
                )
            previous = j
            sealed[j] = require_hex(entry, "sealed", where, path)
        return Shares(trustee, sealed)
    if kind == "trustee_complaint":
        require_fields(obj, where, "body", ("trustee", "accused", "reason", *sig))
        reason = require_str(obj, "reason", where, "body")
        if reason not in COMPLAINT_REASONS:
            raise _fail(where, "body.reason", f"{reason!r} is not one of {COMPLAINT_REASONS}")
        trustee = _trustee(obj, "trustee", where, n)
        accused = _trustee(obj, "accused", where, n)
        if accused == trustee:
            raise _fail(where, "body.accused", "a trustee cannot complain against itself")
        return Complaint(trustee, accused, reason)
    if kind == "trustee_share_reveal":
        require_fields(
            obj, where, "body", ("trustee", "complainant", "share", "ephemeral_secret", *sig)
        )
        return ShareReveal(
            _trustee(obj, "trustee", where, n),
            _trustee(obj, "complainant", where, n),
            _scalar(group, obj, "share", where, "body"),
            require_hex(obj, "ephemeral_secret", where, "body", 32),
        )
    if kind == "election_key":
        require_fields(
            obj,
            where,
            "body",
            (
                "ceremony_context",
                "qualified",
                "joint_key",
                "verification_keys",
                "test_ciphertext",
                *sig,
            ),
        )
        qualified: list[int] = []
        for pos, value in enumerate(require_list(obj, "qualified", where, "body")):
            if (
                type(value) is not int
                or not 1 <= value <= n
                or (qualified and value <= qualified[-1])
            ):
                raise _fail(
                    where, f"body.qualified[{pos}]", "not an increasing trustee index in [1, n]"
                )
            qualified.append(value)
        vks: dict[int, Element] = {}
        for pos, item in enumerate(require_list(obj, "verification_keys", where, "body")):
            path = f"body.verification_keys[{pos}]"
            entry = require_object(item, where, path)
            require_fields(entry, where, path, ("trustee", "key"))
            i = require_int(entry, "trustee", where, path, minimum=1, maximum=n)
            if i in vks:
                raise _fail(where, f"{path}.trustee", f"trustee {i} listed twice")
            vks[i] = _element(group, entry, "key", where, path)
        try:
            ct = decode_ciphertext(
                group, obj.get("test_ciphertext"), "body.test_ciphertext", allow_identity=False
            )
        except EncodingError as exc:
            raise exc.placed(where) from None
        return ElectionKey(
            require_hex(obj, "ceremony_context", where, "body", 32),
            tuple(qualified),
            _element(group, obj, "joint_key", where, "body"),
            vks,
            ct,
        )
    if kind == "liveness":
        require_fields(obj, where, "body", ("trustee", "partial", "proof", *sig))
        try:
            proof = decode_chaum_pedersen(group, obj.get("proof"), "body.proof")
            partial = group.from_hex(obj.get("partial"), "body.partial", allow_identity=True)
        except EncodingError as exc:
            raise exc.placed(where) from None
        return Liveness(_trustee(obj, "trustee", where, n), partial, proof)
    raise RecordError.at(where, "kind", f"{kind!r} is not a ceremony entry kind")


def read_manifest(entries: Sequence[Entry]) -> tuple[Definition, JSONObject]:
    """The definition and body of entry 0 (the manifest); :class:`RecordError` if there is none.

    The authority's signature is checked as well (DESIGN §4: the authority signs the manifest).
    """
    if not entries or entries[0].index != 0 or entries[0].kind != "manifest":
        raise RecordError.at("entry 0", "kind", "the board does not start with a manifest")
    body = entries[0].body
    try:
        definition = Definition.from_manifest(unsigned_part(body))
    except DefinitionError as exc:
        raise RecordError.at("entry 0", "body", str(exc)) from None
    assert definition.election_id is not None and definition.keys.authority is not None
    try:
        verify_body_signature(
            definition.keys.authority,
            definition.election_id,
            "manifest",
            body,
            "entry 0",
            "authority",
        )
    except ProofError as exc:
        raise exc.placed("entry 0") from None
    return definition, body
