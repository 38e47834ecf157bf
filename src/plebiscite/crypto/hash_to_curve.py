"""RFC 9380 ``hash_to_curve`` for secp256k1: the suite ``secp256k1_XMD:SHA-256_SSWU_RO_``.

``(u0, u1) = hash_to_field(msg, DST, p, 2)``; each ``u`` goes through the simplified SWU map onto
the curve ``E′: y² = x³ + A′x + B′`` (RFC 9380 §6.6.2; secp256k1 itself has A = 0, which the map
cannot handle) and the 3-isogeny ``E′ → E`` of RFC 9380 Appendix E.1; the two points are added
(the cofactor is 1). Used only to derive public generators (docs/spec.md §15.1): nothing here
handles a secret, so the field arithmetic is plain variable-time gmpy2. The RFC's test vectors
(Appendix J.8.1) are in ``tests/vectors/spec/shuffle.json``.
"""

from __future__ import annotations

from typing import Final

import gmpy2
from gmpy2 import mpz

from plebiscite.crypto.hashing import hash_to_field
from plebiscite.errors import ParameterError

__all__ = ["SUITE", "compressed", "hash_to_curve", "iso_map", "map_to_curve_sswu"]

#: the RFC 9380 suite implemented here
SUITE: Final = "secp256k1_XMD:SHA-256_SSWU_RO_"

_P: Final = mpz(2**256 - 2**32 - 977)
# E′ and the SWU constant Z (RFC 9380 §8.7)
_A: Final = mpz(0x3F8731ABDD661ADCA08A5558F0F5D272E953D363CB6F0E5D405447C01A444533)
_B: Final = mpz(1771)
_Z: Final = _P - 11
# the 3-isogeny E′ → E (RFC 9380 Appendix E.1): x = x_num/x_den, y = y′·y_num/y_den
_K1: Final = tuple(
    mpz(k)
    for k in (
        0x8E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38DAAAAA8C7,
        0x07D3D4C80BC321D5B9F315CEA7FD44C5D595D2FC0BF63B92DFFF1044F17C6581,
        0x534C328D23F234E6E2A413DECA25CAECE4506144037C40314ECBD0B53D9DD262,
        0x8E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38E38DAAAAA88C,
    )
)
_K2: Final = tuple(
    mpz(k)
    for k in (
        0xD35771193D94918A9CA34CCBB7B640DD86CD409542F8487D9FE6B745781EB49B,
        0xEDADC6F64383DC1DF7C4B2D51B54225406D36B641F5E41BBC52A56612A8C6D14,
        1,
    )
)
_K3: Final = tuple(
    mpz(k)
    for k in (
        0x4BDA12F684BDA12F684BDA12F684BDA12F684BDA12F684BDA12F684B8E38E23C,
        0xC75E0C32D5CB7C0FA9D0A54B12A0A6D5647AB046D686DA6FDFFC90FC201D71A3,
        0x29A6194691F91A73715209EF6512E576722830A201BE2018A765E85A9ECEE931,
        0x2F684BDA12F684BDA12F684BDA12F684BDA12F684BDA12F684BDA12F38E38D84,
    )
)
_K4: Final = tuple(
    mpz(k)
    for k in (
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFF93B,
        0x7A06534BB8BDB49FD5E9E6632722C2989467C1BFC8E8D978DFB425D2685C2573,
        0x6484AA716545CA2CF3A70C3FA8FE337E0A3D21162F0D6299A7BF8192BFD2A76F,
        1,
    )
)
_SQRT_EXP: Final = (_P + 1) // 4  # p ≡ 3 (mod 4)

Point = tuple[int, int]


def _poly(coefficients: tuple[mpz, ...], x: mpz) -> mpz:
    """``Σ coefficients[i]·x^i mod p`` (Horner)."""
    acc = mpz(0)
    for k in reversed(coefficients):
        acc = (acc * x + k) % _P
    return acc


def _inv0(x: mpz) -> mpz:
    """RFC 9380 ``inv0``: the inverse, and 0 for 0."""
    return mpz(0) if x == 0 else gmpy2.invert(x, _P)


def _sqrt(x: mpz) -> mpz | None:
    """A square root of ``x`` mod p, or ``None`` when ``x`` is not a square."""
    root = gmpy2.powmod(x, _SQRT_EXP, _P)
    return root if root * root % _P == x % _P else None


def map_to_curve_sswu(u: int) -> Point:
    """RFC 9380 §6.6.2 simplified SWU onto E′ (the point as affine ``(x, y)``)."""
    uu = mpz(u) % _P
    zu2 = _Z * uu * uu % _P
    tv1 = _inv0((zu2 * zu2 + zu2) % _P)
    if tv1 == 0:
        x1 = _B * gmpy2.invert(_Z * _A % _P, _P) % _P
    else:
        x1 = (_P - _B) * gmpy2.invert(_A, _P) * (1 + tv1) % _P
    x = x1
    gx = (x1 * x1 * x1 + _A * x1 + _B) % _P
    if gmpy2.jacobi(gx, _P) == -1:  # is_square(gx1) is false: take x2 = Z·u²·x1
        x = zu2 * x1 % _P
        gx = (x * x * x + _A * x + _B) % _P
    y = _sqrt(gx)
    if y is None:  # one of gx1, gx2 is always a square (RFC 9380 §6.6.2)
        raise ParameterError("simplified SWU: neither candidate is on the curve")
    if uu % 2 != y % 2:  # sgn0 for m = 1
        y = (_P - y) % _P
    return int(x), int(y)


def iso_map(point: Point) -> Point:
    """The 3-isogeny E′ → secp256k1 (RFC 9380 Appendix E.1)."""
    x, y = mpz(point[0]), mpz(point[1])
    x_den = _poly(_K2, x)
    y_den = _poly(_K4, x)
    if x_den == 0 or y_den == 0:  # the isogeny's kernel: maps to the identity
        raise ParameterError("3-isogeny: the point maps to the identity")
    x_out = _poly(_K1, x) * gmpy2.invert(x_den, _P) % _P
    y_out = y * _poly(_K3, x) * gmpy2.invert(y_den, _P) % _P
    return int(x_out), int(y_out)


def _add(a: Point, b: Point) -> Point:
    """Affine addition on secp256k1 (refuses a sum that is the identity)."""
    (x1, y1), (x2, y2) = a, b
    if x1 == x2:
        if (y1 + y2) % _P == 0:
            raise ParameterError("hash_to_curve: the two points cancel (the identity)")
        slope = 3 * x1 * x1 * gmpy2.invert(2 * y1, _P) % _P
    else:
        slope = (y2 - y1) * gmpy2.invert((x2 - x1) % _P, _P) % _P
    x3 = (slope * slope - x1 - x2) % _P
    y3 = (slope * (x1 - x3) - y1) % _P
    return int(x3), int(y3)


def hash_to_curve(msg: bytes, dst: bytes) -> Point:
    """``hash_to_curve(msg)`` of the suite ``secp256k1_XMD:SHA-256_SSWU_RO_``: affine ``(x, y)``.

    Raises :class:`ParameterError` in the cases of probability about 2^-256 where the result
    would be the identity (a generator must never be the identity).
    """
    u0, u1 = hash_to_field(msg, dst, int(_P), 2)
    return _add(iso_map(map_to_curve_sswu(u0)), iso_map(map_to_curve_sswu(u1)))


def compressed(point: Point) -> bytes:
    """The 33-byte compressed encoding of an affine point."""
    x, y = point
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")
