"""Domain-separated hashing and RFC 9380 hash-to-field.

``H(tag, *values)`` is SHA-256 over the canonical encoding of the tag followed by the values
(:mod:`plebiscite.crypto.encoding`). Fiat–Shamir challenges and derived scalars use RFC 9380
``expand_message_xmd`` with SHA-256 and ``hash_to_field`` with k = 128 bits of security, the domain
tag as DST, and the canonical encoding of the statement as the message.
"""

from __future__ import annotations

import functools
import hashlib

from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.errors import ParameterError

__all__ = [
    "H",
    "expand_message_xmd",
    "hash_to_field",
    "hash_to_scalar",
    "hash_to_scalar_encoded",
]

_B_IN_BYTES = 32  # SHA-256 output
_S_IN_BYTES = 64  # SHA-256 block
_SECURITY_BITS = 128
#: SHA-256 with the 64 zero bytes Z_pad of ``msg_prime`` absorbed (one block, copied per use)
_Z_PAD_ABSORBED = hashlib.sha256(bytes(_S_IN_BYTES))
_sha256 = hashlib.sha256


def H(tag: str, *values: CanonicalValue) -> bytes:
    """SHA-256 of the canonical encoding of ``tag`` and ``values``: 32 bytes."""
    return hashlib.sha256(canonical_bytes(tag, *values)).digest()


@functools.lru_cache(maxsize=64)
def _xmd_parts(dst: bytes, len_in_bytes: int) -> tuple[int, bytes, bytes, bytes]:
    """What :func:`expand_message_xmd` appends for ``dst`` and ``len_in_bytes``, made once per
    pair (the domain tags are few): ``(ell, l_i_b_str ‖ I2OSP(0, 1) ‖ DST_prime, DST_prime,
    I2OSP(1, 1) ‖ DST_prime)``; :class:`ParameterError` where RFC 9380 allows no expansion."""
    if len(dst) > 255:
        raise ParameterError("expand_message_xmd: DST longer than 255 bytes")
    ell = -(-len_in_bytes // _B_IN_BYTES)
    if ell > 255 or len_in_bytes > 65535 or len_in_bytes <= 0:
        raise ParameterError(f"expand_message_xmd: cannot expand to {len_in_bytes} bytes")
    dst_prime = dst + bytes([len(dst)])
    return (
        ell,
        len_in_bytes.to_bytes(2, "big") + b"\x00" + dst_prime,
        dst_prime,
        b"\x01" + dst_prime,
    )


def expand_message_xmd(msg: bytes, dst: bytes, len_in_bytes: int) -> bytes:
    """RFC 9380 §5.3.1 with SHA-256."""
    ell, msg_tail, dst_prime, first_tail = _xmd_parts(dst, len_in_bytes)
    # msg_prime = Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime
    h0 = _Z_PAD_ABSORBED.copy()
    h0.update(msg)
    h0.update(msg_tail)
    b0 = h0.digest()
    bi = _sha256(b0 + first_tail).digest()
    if ell == 1:
        return bi[:len_in_bytes]
    blocks = [bi]
    b0_int = int.from_bytes(b0, "big")
    for i in range(2, ell + 1):
        mixed = (b0_int ^ int.from_bytes(bi, "big")).to_bytes(_B_IN_BYTES, "big")
        bi = _sha256(mixed + bytes([i]) + dst_prime).digest()
        blocks.append(bi)
    return b"".join(blocks)[:len_in_bytes]


@functools.lru_cache(maxsize=64)
def _field_length(modulus: int) -> int:
    """Bytes per element of ``hash_to_field`` for the prime field of order ``modulus`` (L)."""
    if modulus < 2:
        raise ParameterError("hash_to_field: modulus must be at least 2")
    return -(-(modulus.bit_length() + _SECURITY_BITS) // 8)


def hash_to_field(msg: bytes, dst: bytes, modulus: int, count: int = 1) -> list[int]:
    """RFC 9380 §5.2 ``hash_to_field`` for the prime field of order ``modulus`` (m = 1)."""
    length = _field_length(modulus)
    uniform = expand_message_xmd(msg, dst, count * length)
    if count == 1:
        return [int.from_bytes(uniform, "big") % modulus]
    return [
        int.from_bytes(uniform[i * length : (i + 1) * length], "big") % modulus
        for i in range(count)
    ]


def hash_to_scalar(tag: str, modulus: int, *values: CanonicalValue) -> int:
    """A scalar mod ``modulus`` derived from the domain ``tag`` and the canonical statement."""
    return hash_to_field(canonical_bytes(*values), tag.encode("utf-8"), modulus)[0]


def hash_to_scalar_encoded(tag: str, modulus: int, encoded: bytes) -> int:
    """:func:`hash_to_scalar` given the canonical encoding of the values (built from parts)."""
    return hash_to_field(encoded, _tag_bytes(tag), modulus)[0]


@functools.lru_cache(maxsize=64)
def _tag_bytes(tag: str) -> bytes:
    return tag.encode("utf-8")
