"""BIP-340 Schnorr signatures on secp256k1 (libsecp256k1 through coincurve).

One signature scheme for every party, whatever the election group: voters' credentials, the
board's heads and receipts, the authority, the credential authority and the trustees' identity
keys. Public keys are 32-byte x-only keys (BIP-340). What is signed is never raw text: the 32-byte
message is ``H(tag, *values)`` over the canonical encoding, so every use has its own domain tag.

A key's fingerprint is ``H(KEY_FINGERPRINT, "bip340", xonly)`` in lowercase hex (64 characters).

Many signatures can be checked at once (:func:`verify_together`, BIP-340's "Batch Verification",
docs/spec.md §7.1): one multi-exponentiation over the signatures' points under weights from the
operating system's CSPRNG, each signature verified alone by libsecp256k1 when that fails, so the
verdicts are those of :meth:`VerifyingKey.verify_raw` one by one. :func:`signature_equation`
gives one signature's condition as a group equation for a :class:`~plebiscite.crypto.batch.
BatchVerifier` of secp256k1 equations, whose caller verifies alone what the batch refuses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Final

import gmpy2
from coincurve import PublicKeyXOnly
from coincurve._libsecp256k1 import ffi, lib
from coincurve.context import GLOBAL_CONTEXT

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import Equation, system_weights
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, strict_hex
from plebiscite.crypto.hashing import H
from plebiscite.crypto.secp256k1 import SECP256K1, N, P
from plebiscite.errors import EncodingError, GroupElementError, ProofError

__all__ = [
    "SIGNATURE_BYTES",
    "SigningKey",
    "VerifyingKey",
    "signature_equation",
    "signed_message",
    "verify_together",
    "xonly_key_problem",
]

SIGNATURE_BYTES = 64
#: SHA-256 after ``SHA256("BIP0340/challenge")`` twice: BIP-340's tagged hash of the challenge
_CHALLENGE_PREFIX: Final = hashlib.sha256(hashlib.sha256(b"BIP0340/challenge").digest() * 2)


def signed_message(tag: str, *values: CanonicalValue) -> bytes:
    """The 32-byte message a BIP-340 signature covers: ``H(tag, *values)``."""
    return H(tag, *values)


#: why :class:`VerifyingKey` refuses a key, by rule
_NOT_32_BYTES: Final = "an x-only key must be exactly 32 bytes"
_NOT_BELOW_P: Final = "x-coordinate is not below the field prime"
_NO_POINT: Final = "not the x-coordinate of a secp256k1 point"


def xonly_key_problem(xonly: bytes) -> str | None:
    """Why ``xonly`` is not a BIP-340 public key (the detail :class:`VerifyingKey` refuses it
    with), or None for a key it accepts: 32 bytes, ``x < p`` and ``x³ + 7`` a square mod p (its
    Jacobi symbol, by gmpy2: secp256k1 has no point with y = 0, so the symbol is never 0 for an
    x < p). For a checker that validates many keys it never verifies a signature with (the
    roll's), at a fraction of a parse's square root."""
    if type(xonly) is not bytes or len(xonly) != 32:
        return _NOT_32_BYTES
    x = int.from_bytes(xonly, "big")
    if x >= P:
        return _NOT_BELOW_P
    if gmpy2.jacobi((x * x * x + 7) % P, P) != 1:
        return _NO_POINT
    return None


class VerifyingKey:
    """A BIP-340 public key: 32-byte x-only encoding of a point with even y."""

    __slots__ = ("_key", "_point", "xonly")

    def __init__(self, xonly: bytes, role: str = "public key") -> None:
        if not isinstance(xonly, bytes) or len(xonly) != 32:
            raise EncodingError.of(role, _NOT_32_BYTES)
        if int.from_bytes(xonly, "big") >= P:
            raise EncodingError.of(role, _NOT_BELOW_P)
        try:
            self._key = PublicKeyXOnly(xonly)
        except Exception:  # coincurve raises ValueError/TypeError; any failure is a refusal
            raise EncodingError.of(role, _NO_POINT) from None
        self._point: Element | None = None
        self.xonly = xonly

    def __reduce__(self) -> tuple[type[VerifyingKey], tuple[bytes]]:
        # rebuilt from its encoding (the parsed key is the library's memory, not picklable)
        return (VerifyingKey, (self.xonly,))

    @property
    def point(self) -> Element:
        """The key's point in the secp256k1 group (BIP-340's ``lift_x``: the even y), for a
        fold of signatures; taken from the parsed key at the first use (a key that signs many
        heads is one term of a fold, and most keys are never folded)."""
        point = self._point
        if point is None:
            point = self._point = SECP256K1.from_xonly_key(self._key.public_key, self.xonly)
        return point

    @classmethod
    def from_hex(cls, text: object, role: str = "public key") -> VerifyingKey:
        return cls(strict_hex(text, role, 32), role)

    def hex(self) -> str:
        return self.xonly.hex()

    def fingerprint(self) -> str:
        """``H(KEY_FINGERPRINT, "bip340", xonly)`` as lowercase hex."""
        return H(tags.KEY_FINGERPRINT, "bip340", self.xonly).hex()

    def verify_raw(self, signature: bytes, message32: bytes) -> bool:
        """BIP-340 verification over a raw 32-byte message (for test vectors)."""
        if not isinstance(signature, bytes) or len(signature) != SIGNATURE_BYTES:
            return False
        if len(message32) != 32:
            return False
        try:
            return bool(self._key.verify(signature, message32))
        except Exception:  # any library failure is a rejection, never an acceptance
            return False

    def verify(self, signature: bytes, tag: str, *values: CanonicalValue) -> bool:
        """Whether ``signature`` is valid over ``H(tag, *values)``."""
        return self.verify_raw(signature, signed_message(tag, *values))

    def check(self, signature: bytes, role: str, tag: str, *values: CanonicalValue) -> None:
        """Raise :class:`ProofError` naming ``role`` unless the signature is valid."""
        if not self.verify(signature, tag, *values):
            raise ProofError.of(role, "signature does not verify")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerifyingKey) and other.xonly == self.xonly

    def __hash__(self) -> int:
        return hash(self.xonly)

    def __repr__(self) -> str:
        return f"VerifyingKey({self.xonly.hex()})"


def verify_together(items: Sequence[tuple[VerifyingKey, bytes, bytes]]) -> list[bool]:
    """Whether each ``(key, signature, message32)`` verifies: :meth:`VerifyingKey.verify_raw` of
    each, checked together by BIP-340's batch verification (docs/spec.md §7.1).

    For each signature ``(r, s)`` by key ``P`` over ``m``, with ``e = int(hash_BIP0340/challenge(r
    ‖ P ‖ m)) mod n`` and ``R = lift_x(r)``, ``s·G = R + e·P``; weights ``wᵢ`` drawn now (64 bits,
    the operating system's CSPRNG) fold them into ``(Σ wᵢsᵢ)·G − Σ wᵢ·Rᵢ − Σ (wᵢeᵢ)·Pᵢ = O``, one
    multi-exponentiation in which a key shared by many signatures (the board's) is one term.
    When it holds, every signature in it verifies (a false one passes with probability at most
    2⁻⁶⁴); when it does not, each is verified alone by libsecp256k1. A signature whose form rules
    it out (a wrong length, ``r ≥ p``, ``s ≥ n``, no point of x-coordinate ``r``) is verified
    alone too, so every verdict outside a fold that held is the library's own.
    """
    alone: list[int] = []
    candidates: list[tuple[int, int, int, VerifyingKey]] = []  # (item, s, e, key)
    for i, (key, signature, message) in enumerate(items):
        form = _scalars(key, signature, message)
        if form is None:
            alone.append(i)
            continue
        s, e = form
        candidates.append((i, s, e, key))
    lifted = _lift_all([b"\x02" + items[i][1][:32] for i, _, _, _ in candidates])
    folded = [(c, R) for c, R in zip(candidates, lifted, strict=True) if R is not None]
    alone += [c[0] for c, R in zip(candidates, lifted, strict=True) if R is None]
    if folded and not _folded_holds(folded):
        alone += [c[0] for c, _ in folded]
    verdicts = [True] * len(items)
    for i in alone:
        key, signature, message = items[i]
        verdicts[i] = key.verify_raw(signature, message)
    return verdicts


def signature_equation(key: VerifyingKey, signature: bytes, message32: bytes) -> Equation | None:
    """BIP-340's condition on one signature as the group equation ``s·G − R − e·P = O`` (``R =
    lift_x(r)``, ``P`` the key's even-y point, ``e`` the challenge: docs/spec.md §7.1), for a
    batch of secp256k1 equations; None where the signature's form rules it out of a fold (a
    wrong length, ``r ≥ p``, ``s ≥ n``, no point of x-coordinate ``r``): it must then be verified
    alone. The equation holds exactly when :meth:`VerifyingKey.verify_raw` accepts; a caller
    whose batch refuses it verifies the signature alone, so the verdict stays the library's."""
    form = _scalars(key, signature, message32)
    if form is None:
        return None
    s, e = form
    try:
        r_point = SECP256K1.decode(b"\x02" + signature[:32], "signature's R")
    except GroupElementError:
        return None
    return Equation((SECP256K1.generator(), r_point, key.point), (s, N - 1, N - e if e else 0))


def _scalars(key: VerifyingKey, signature: bytes, message32: bytes) -> tuple[int, int] | None:
    """``(s, e)`` of a signature whose form allows a fold (64 bytes, ``r < p``, ``s < n``, a
    32-byte message), ``e = int(hash_BIP0340/challenge(r ‖ P ‖ m)) mod n``; else None."""
    if (
        type(signature) is not bytes
        or len(signature) != SIGNATURE_BYTES
        or type(message32) is not bytes
        or len(message32) != 32
    ):
        return None
    r = signature[:32]
    s = int.from_bytes(signature[32:], "big")
    if s >= N or int.from_bytes(r, "big") >= P:
        return None
    challenge = _CHALLENGE_PREFIX.copy()
    challenge.update(r + key.xonly + message32)
    return s, int.from_bytes(challenge.digest(), "big") % N


def _lift_all(points: list[bytes]) -> list[Element | None]:
    """Each ``02 ‖ r`` decoded (``lift_x(r)``), or None where ``r`` is the x of no point."""
    try:
        return list(SECP256K1.decode_many(points, "signature's R"))
    except GroupElementError:
        pass
    out: list[Element | None] = []
    for data in points:
        try:
            out.append(SECP256K1.decode(data, "signature's R"))
        except GroupElementError:
            out.append(None)
    return out


def _folded_holds(folded: list[tuple[tuple[int, int, int, VerifyingKey], Element]]) -> bool:
    """Whether ``(Σ wᵢsᵢ)·G − Σ wᵢ·Rᵢ − Σ (wᵢeᵢ)·Pᵢ`` is the identity under fresh weights."""
    weights = system_weights(len(folded))
    bases: list[Element] = []
    exps: list[int] = []
    g_total = 0
    key_points: dict[int, Element] = {}
    key_totals: dict[int, int] = {}
    for ((_, s, e, key), R), w in zip(folded, weights, strict=True):
        g_total += w * s
        bases.append(R)
        exps.append(N - w)
        k = id(key)
        if k in key_totals:
            key_totals[k] += w * e
        else:
            key_points[k] = key.point
            key_totals[k] = w * e
    bases.append(SECP256K1.generator())
    exps.append(g_total % N)
    for k, total in key_totals.items():
        bases.append(key_points[k])
        exps.append(-total % N)
    return SECP256K1.is_identity(SECP256K1.multi_exp(bases, exps))


class SigningKey:
    """A BIP-340 secret key. Never logged, never written in clear outside a secret store.

    Built once into libsecp256k1's ``secp256k1_keypair`` (coincurve's binding and context), which
    every signature reuses: one constant-time ``ecmult_gen`` for the key, one for each
    signature, each signature verified before it is returned (as coincurve's ``sign_schnorr``
    does), where coincurve's ``PrivateKey`` makes a compressed public key and a keypair when
    built and another keypair for every signature.
    """

    __slots__ = ("_keypair", "_public", "_secret", "_xonly_pub")

    def __init__(self, secret: bytes) -> None:
        if not isinstance(secret, bytes) or len(secret) != 32:
            raise EncodingError("secret key: must be exactly 32 bytes")
        k = int.from_bytes(secret, "big")
        if not 0 < k < N:
            raise EncodingError("secret key: must be in [1, n)")
        ctx = GLOBAL_CONTEXT.ctx
        keypair = ffi.new("secp256k1_keypair *")
        xonly_pub = ffi.new("secp256k1_xonly_pubkey *")
        out = ffi.new("unsigned char[32]")
        if (
            not lib.secp256k1_keypair_create(ctx, keypair, secret)
            or not lib.secp256k1_keypair_xonly_pub(ctx, xonly_pub, ffi.NULL, keypair)
            or not lib.secp256k1_xonly_pubkey_serialize(ctx, out, xonly_pub)
        ):
            raise EncodingError("secret key: libsecp256k1 refused it")
        self._secret = secret
        self._keypair = keypair
        self._xonly_pub = xonly_pub
        self._public = VerifyingKey(bytes(ffi.buffer(out, 32)))

    @classmethod
    def generate(cls, rng: rand.Random | None = None) -> SigningKey:
        source = rand.get(rng)
        return cls((1 + source.randbelow(N - 1)).to_bytes(32, "big"))

    def secret_bytes(self) -> bytes:
        """The 32-byte secret. Callers must keep it out of logs, boards and servers."""
        return bytes(self._secret)

    @property
    def public(self) -> VerifyingKey:
        return self._public

    def sign_raw(
        self, message32: bytes, aux: bytes | None = None, rng: rand.Random | None = None
    ) -> bytes:
        """BIP-340 signature over a raw 32-byte message, with 32 bytes of auxiliary randomness."""
        signature = self._signed(message32, aux, rng)
        # verified before it leaves, as coincurve's sign_schnorr does (a faulty signature can
        # reveal the key)
        if not lib.secp256k1_schnorrsig_verify(
            GLOBAL_CONTEXT.ctx, signature, message32, 32, self._xonly_pub
        ):
            raise ProofError("BIP-340: the signature just made does not verify")
        return signature

    def sign_many(self, messages: Sequence[bytes], rng: rand.Random | None = None) -> list[bytes]:
        """:meth:`sign_raw` of each raw 32-byte message, each with fresh auxiliary randomness;
        the signatures are verified together (:func:`verify_together`: one fold, or each alone
        by libsecp256k1 when it fails) before any is returned."""
        signatures = [self._signed(message, None, rng) for message in messages]
        public = self._public
        verdicts = verify_together(
            [(public, s, m) for s, m in zip(signatures, messages, strict=True)]
        )
        if not all(verdicts):
            raise ProofError("BIP-340: a signature just made does not verify")
        return signatures

    def _signed(self, message32: bytes, aux: bytes | None, rng: rand.Random | None) -> bytes:
        """The BIP-340 signature, not yet verified (:meth:`sign_raw` and :meth:`sign_many`)."""
        if len(message32) != 32:
            raise EncodingError("message: BIP-340 signs exactly 32 bytes")
        aux_rand = aux if aux is not None else rand.get(rng).randbytes(32)
        if not isinstance(aux_rand, bytes) or len(aux_rand) != 32:
            # coincurve would silently replace an empty aux with os.urandom: refuse instead
            raise EncodingError("aux randomness: BIP-340 takes exactly 32 bytes")
        signature = ffi.new("unsigned char[64]")
        if not lib.secp256k1_schnorrsig_sign32(
            GLOBAL_CONTEXT.ctx, signature, message32, self._keypair, aux_rand
        ):
            raise EncodingError("BIP-340: libsecp256k1 failed to sign")
        return bytes(ffi.buffer(signature, 64))

    def sign(self, tag: str, *values: CanonicalValue, rng: rand.Random | None = None) -> bytes:
        """BIP-340 signature over ``H(tag, *values)``."""
        return self.sign_raw(signed_message(tag, *values), rng=rng)

    def __repr__(self) -> str:  # never show the secret
        return f"SigningKey(public={self._public.hex()})"
