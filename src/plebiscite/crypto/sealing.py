"""Sealed messages to a BIP-340 identity key (ECIES from library parts), for trustees' shares.

A trustee sends each other trustee its share sealed to the recipient's identity key. If the
recipient complains, the sender reveals the share together with the ephemeral secret of the seal;
then anyone can open the posted blob with :func:`open_revealed` and see that it holds exactly the
revealed share, and check the share against the public commitments.

Construction (every part from a library: coincurve for the curve, ``cryptography`` for the rest)::

    P      = lift_x(recipient x-only key)             the even-y point (BIP-340)
    e      = fresh scalar in [1, n);  E = e·G          E as 33 compressed bytes (02/03)
    z      = secp256k1_ecdh(e, P) = SHA-256(compressed e·P)      (libsecp256k1, constant time)
    key‖nonce = HKDF-SHA256(ikm = z, salt = none, length = 44,
                info = canonical_bytes(SEAL_KEY, version, E, recipient x-only, aad))
    blob   = version ‖ E ‖ ChaCha20-Poly1305(key, nonce, plaintext,
                associated data = canonical_bytes(SEAL_AAD, version, E, recipient x-only, aad))

The recipient computes the same z as ``d'·E`` where ``d'`` is its secret, negated if its public
point has odd y (so that ``d'·G = P``). Each seal has a fresh ephemeral key, so the derived
key and nonce are never reused. Blob format (strict): one version byte ``0x01``, the 33-byte
ephemeral point (prefix 02 or 03, on the curve), then the ciphertext with its 16-byte tag.
"""

from __future__ import annotations

from typing import Final

from coincurve import PrivateKey, PublicKey
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from plebiscite.crypto import rand, tags
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import EncodingError, GroupElementError, ProofError

__all__ = [
    "EPHEMERAL_BYTES",
    "OVERHEAD",
    "VERSION",
    "open_revealed",
    "open_sealed",
    "seal",
    "seal_with_secret",
]

VERSION: Final = 1
EPHEMERAL_BYTES: Final = 33
_TAG_BYTES: Final = 16
_KEY_BYTES: Final = 32
_NONCE_BYTES: Final = 12
#: bytes a blob adds to its plaintext
OVERHEAD: Final = 1 + EPHEMERAL_BYTES + _TAG_BYTES
_SECP256K1_N: Final = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def _lift(recipient: VerifyingKey) -> bytes:
    """The compressed even-y point of an x-only key (already validated by VerifyingKey)."""
    return b"\x02" + recipient.xonly


def _key_nonce_ad(
    shared: bytes, ephemeral: bytes, recipient: VerifyingKey, aad: bytes
) -> tuple[ChaCha20Poly1305, bytes, bytes]:
    info = canonical_bytes(tags.SEAL_KEY, VERSION, ephemeral, recipient.xonly, aad)
    okm = HKDF(
        algorithm=hashes.SHA256(), length=_KEY_BYTES + _NONCE_BYTES, salt=None, info=info
    ).derive(shared)
    associated = canonical_bytes(tags.SEAL_AAD, VERSION, ephemeral, recipient.xonly, aad)
    return ChaCha20Poly1305(okm[:_KEY_BYTES]), okm[_KEY_BYTES:], associated


def _check_aad(aad: object) -> bytes:
    if not isinstance(aad, bytes):
        raise EncodingError("sealed message: associated data must be bytes")
    return aad


def seal_with_secret(
    recipient: VerifyingKey, plaintext: bytes, aad: bytes, rng: rand.Random | None = None
) -> tuple[bytes, bytes]:
    """Seal ``plaintext`` to ``recipient``; return ``(blob, ephemeral secret)``.

    The sender keeps the 32-byte ephemeral secret (in its secret store) to reveal it if the
    recipient complains; with it anyone can run :func:`open_revealed` on the blob.
    """
    if not isinstance(recipient, VerifyingKey):
        raise EncodingError("sealed message: recipient must be a VerifyingKey")
    if not isinstance(plaintext, bytes):
        raise EncodingError("sealed message: plaintext must be bytes")
    aad = _check_aad(aad)
    secret = (1 + rand.get(rng).randbelow(_SECP256K1_N - 1)).to_bytes(32, "big")
    ephemeral_key = PrivateKey(secret)
    ephemeral = ephemeral_key.public_key.format(compressed=True)
    shared = ephemeral_key.ecdh(_lift(recipient))
    cipher, nonce, associated = _key_nonce_ad(shared, ephemeral, recipient, aad)
    blob = bytes([VERSION]) + ephemeral + cipher.encrypt(nonce, plaintext, associated)
    return blob, secret


def seal(
    recipient: VerifyingKey, plaintext: bytes, aad: bytes, rng: rand.Random | None = None
) -> bytes:
    """Seal ``plaintext`` to ``recipient``'s BIP-340 key, bound to the associated data ``aad``."""
    return seal_with_secret(recipient, plaintext, aad, rng)[0]


def _split(blob: object) -> tuple[bytes, bytes]:
    """Strictly parse a blob into (ephemeral point, ciphertext)."""
    if not isinstance(blob, bytes):
        raise EncodingError("sealed message: expected bytes")
    if len(blob) < OVERHEAD:
        raise EncodingError(
            f"sealed message: {len(blob)} bytes is shorter than the minimum {OVERHEAD}"
        )
    if blob[0] != VERSION:
        raise EncodingError(f"sealed message: unknown version byte {blob[0]} (expected {VERSION})")
    ephemeral = blob[1 : 1 + EPHEMERAL_BYTES]
    if ephemeral[0] not in (2, 3):
        raise GroupElementError("sealed message: ephemeral point must be compressed (02 or 03)")
    try:
        parsed = PublicKey(ephemeral)
    except Exception:  # any coincurve failure is a refusal
        raise GroupElementError("sealed message: ephemeral point is not on secp256k1") from None
    if parsed.format(compressed=True) != ephemeral:  # x ≥ p would not round-trip
        raise GroupElementError("sealed message: ephemeral point is not canonically encoded")
    return ephemeral, blob[1 + EPHEMERAL_BYTES :]


def _decrypt(
    shared: bytes, ephemeral: bytes, ciphertext: bytes, recipient: VerifyingKey, aad: bytes
) -> bytes:
    cipher, nonce, associated = _key_nonce_ad(shared, ephemeral, recipient, aad)
    try:
        return cipher.decrypt(nonce, ciphertext, associated)
    except InvalidTag:
        raise ProofError(
            "sealed message: authentication failed (altered, wrong recipient or wrong "
            "associated data)"
        ) from None


def open_sealed(recipient_key: SigningKey, blob: bytes, aad: bytes) -> bytes:
    """Open a blob sealed to ``recipient_key``'s public key; all or nothing.

    Raises :class:`EncodingError` (or :class:`GroupElementError`) for a malformed blob and
    :class:`ProofError` when authentication fails; never returns partial plaintext.
    """
    if not isinstance(recipient_key, SigningKey):
        raise EncodingError("sealed message: recipient key must be a SigningKey")
    aad = _check_aad(aad)
    ephemeral, ciphertext = _split(blob)
    private = PrivateKey(recipient_key.secret_bytes())
    if private.public_key.format(compressed=True)[0] == 3:
        # the x-only key stands for the even-y point -d·G: use -d so that d'·G = P
        negated = (_SECP256K1_N - int.from_bytes(recipient_key.secret_bytes(), "big")).to_bytes(
            32, "big"
        )
        private = PrivateKey(negated)
    shared = private.ecdh(ephemeral)
    return _decrypt(shared, ephemeral, ciphertext, recipient_key.public, aad)


def open_revealed(
    recipient: VerifyingKey, blob: bytes, aad: bytes, ephemeral_secret: bytes
) -> bytes:
    """Open a blob with the sender's revealed ephemeral secret (anyone can, in a dispute).

    Checks first that ``ephemeral_secret``·G is the blob's ephemeral point; raises
    :class:`ProofError` if it is not or if authentication fails.
    """
    if not isinstance(recipient, VerifyingKey):
        raise EncodingError("sealed message: recipient must be a VerifyingKey")
    aad = _check_aad(aad)
    ephemeral, ciphertext = _split(blob)
    if not isinstance(ephemeral_secret, bytes) or len(ephemeral_secret) != 32:
        raise EncodingError("revealed ephemeral secret: must be exactly 32 bytes")
    if not 0 < int.from_bytes(ephemeral_secret, "big") < _SECP256K1_N:
        raise EncodingError("revealed ephemeral secret: must be in [1, n)")
    key = PrivateKey(ephemeral_secret)
    if key.public_key.format(compressed=True) != ephemeral:
        raise ProofError("revealed ephemeral secret: does not match the blob's ephemeral point")
    shared = key.ecdh(_lift(recipient))
    return _decrypt(shared, ephemeral, ciphertext, recipient, aad)
