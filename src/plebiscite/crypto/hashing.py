"""Domain-separated hashing and RFC 9380 hash-to-field.

``H(tag, *values)`` is SHA-256 over the canonical encoding of the tag followed by the values
(:mod:`plebiscite.crypto.encoding`). Fiat–Shamir challenges and derived scalars use RFC 9380
``expand_message_xmd`` with SHA-256 and ``hash_to_field`` with k = 128 bits of security, the domain
tag as DST, and the canonical encoding of the statement as the message.
"""

from __future__ import annotations

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


def H(tag: str, *values: CanonicalValue) -> bytes:
    """SHA-256 of the canonical encoding of ``tag`` and ``values``: 32 bytes."""
    return hashlib.sha256(canonical_bytes(tag, *values)).digest()


def expand_message_xmd(msg: bytes, dst: bytes, len_in_bytes: int) -> bytes:
    """RFC 9380 §5.3.1 with SHA-256."""
    if len(dst) > 255:
        raise ParameterError("expand_message_xmd: DST longer than 255 bytes")
    ell = -(-len_in_bytes // _B_IN_BYTES)
    if ell > 255 or len_in_bytes > 65535 or len_in_bytes <= 0:
        raise ParameterError(f"expand_message_xmd: cannot expand to {len_in_bytes} bytes")
    dst_prime = dst + bytes([len(dst)])
    # msg_prime = Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime
    h0 = _Z_PAD_ABSORBED.copy()
    h0.update(msg)
    h0.update(len_in_bytes.to_bytes(2, "big") + b"\x00" + dst_prime)
    b0 = h0.digest()
    bi = hashlib.sha256(b0 + b"\x01" + dst_prime).digest()
    blocks = [bi]
    b0_int = int.from_bytes(b0, "big")
    for i in range(2, ell + 1):
        mixed = (b0_int ^ int.from_bytes(bi, "big")).to_bytes(_B_IN_BYTES, "big")
        bi = hashlib.sha256(mixed + bytes([i]) + dst_prime).digest()
        blocks.append(bi)
    return b"".join(blocks)[:len_in_bytes]


def hash_to_field(msg: bytes, dst: bytes, modulus: int, count: int = 1) -> list[int]:
    """RFC 9380 §5.2 ``hash_to_field`` for the prime field of order ``modulus`` (m = 1)."""
    if modulus < 2:
        raise ParameterError("hash_to_field: modulus must be at least 2")
    length = -(-(modulus.bit_length() + _SECURITY_BITS) // 8)
    uniform = expand_message_xmd(msg, dst, count * length)
    return [
        int.from_bytes(uniform[i * length : (i + 1) * length], "big") % modulus
        for i in range(count)
    ]


def hash_to_scalar(tag: str, modulus: int, *values: CanonicalValue) -> int:
    """A scalar mod ``modulus`` derived from the domain ``tag`` and the canonical statement."""
    return hash_to_field(canonical_bytes(*values), tag.encode("utf-8"), modulus)[0]


def hash_to_scalar_encoded(tag: str, modulus: int, encoded: bytes) -> int:
    """:func:`hash_to_scalar` given the canonical encoding of the values (built from parts)."""
    return hash_to_field(encoded, tag.encode("utf-8"), modulus)[0]
