"""RFC 9380 ``hash_to_curve`` for secp256k1: the suite ``secp256k1_XMD:SHA-256_SSWU_RO_``.

``(u0, u1) = hash_to_field(msg, DST, p, 2)``; each ``u`` goes through the simplified SWU map onto
the curve ``E′: y² = x³ + A′x + B′`` (RFC 9380 §6.6.2; secp256k1 itself has A = 0, which the map
cannot handle) and the 3-isogeny ``E′ → E`` of RFC 9380 Appendix E.1; the two points are added
(the cofactor is 1). Used only to derive public generators (docs/spec.md §15.1): nothing here
handles a secret, so the field arithmetic is plain variable-time gmpy2; the root on secp256k1
and the final sum are libsecp256k1's (coincurve's build, through a context of this module's own).
The RFC's test vectors (Appendix J.8.1) are in ``tests/vectors/spec/shuffle.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import gmpy2
from coincurve._libsecp256k1 import ffi, lib
from gmpy2 import mpz

from plebiscite.crypto.hashing import hash_to_field
from plebiscite.errors import ParameterError

__all__ = [
    "SUITE",
    "compressed",
    "hash_to_curve",
    "hash_to_curve_many",
    "iso_map",
    "map_to_curve_sswu",
]

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
# x1 = −B/A · (1 + tv1), and B/(Z·A) in the exceptional case (RFC 9380 §6.6.2)
_MINUS_B_OVER_A: Final = (_P - _B) * gmpy2.invert(_A, _P) % _P
_B_OVER_ZA: Final = _B * gmpy2.invert(_Z * _A % _P, _P) % _P
# √(−Z) = √11: when g(x1) is not a square, y1 = g(x1)^((p+1)/4) is a root of −g(x1), and
# g(x2) = Z³·u⁶·g(x1) has the root Z·u³·√(−Z)·y1 (one exponentiation per u)
_SQRT_MINUS_Z: Final = gmpy2.powmod(_P - _Z, _SQRT_EXP, _P)

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


def _inv0_pair(a: mpz, b: mpz) -> tuple[mpz, mpz]:
    """``(inv0(a), inv0(b))`` with one inversion (Montgomery's trick) when neither is 0."""
    if a == 0 or b == 0:
        return _inv0(a), _inv0(b)
    inverse = gmpy2.invert(a * b % _P, _P)
    return inverse * b % _P, inverse * a % _P


def _sswu_denominator(u: mpz) -> tuple[mpz, mpz]:
    """``(Z·u², Z²·u⁴ + Z·u²)``: the map's one inversion is of the second."""
    zu2 = _Z * u * u % _P
    return zu2, (zu2 * zu2 + zu2) % _P


def _sswu_finish(u: mpz, zu2: mpz, tv1: mpz) -> tuple[mpz, mpz]:
    """The simplified SWU map given ``tv1 = inv0(Z²·u⁴ + Z·u²)``."""
    x1 = _B_OVER_ZA if tv1 == 0 else _MINUS_B_OVER_A * (1 + tv1) % _P
    gx1 = (x1 * (x1 * x1 + _A) + _B) % _P
    y = gmpy2.powmod(gx1, _SQRT_EXP, _P)
    if y * y % _P == gx1:
        x = x1
    else:  # is_square(gx1) is false: x2 = Z·u²·x1 (never in the exceptional case, §6.6.2)
        x = zu2 * x1 % _P
        y = _Z * u * u * u * _SQRT_MINUS_Z * y % _P
        if y * y % _P != (x * (x * x + _A) + _B) % _P:  # one of gx1, gx2 is a square
            raise ParameterError("simplified SWU: neither candidate is on the curve")
    if u % 2 != y % 2:  # sgn0 for m = 1
        y = (_P - y) % _P
    return x, y


def map_to_curve_sswu(u: int) -> Point:
    """RFC 9380 §6.6.2 simplified SWU onto E′ (the point as affine ``(x, y)``)."""
    uu = mpz(u) % _P
    zu2, denominator = _sswu_denominator(uu)
    x, y = _sswu_finish(uu, zu2, _inv0(denominator))
    return int(x), int(y)


def _iso_denominators(x: mpz) -> tuple[mpz, mpz]:
    x_den = _poly(_K2, x)
    y_den = _poly(_K4, x)
    if x_den == 0 or y_den == 0:  # the isogeny's kernel: maps to the identity
        raise ParameterError("3-isogeny: the point maps to the identity")
    return x_den, y_den


def _iso_finish(x: mpz, y: mpz, x_den_inv: mpz, y_den_inv: mpz) -> tuple[mpz, mpz]:
    return _poly(_K1, x) * x_den_inv % _P, y * _poly(_K3, x) * y_den_inv % _P


def iso_map(point: Point) -> Point:
    """The 3-isogeny E′ → secp256k1 (RFC 9380 Appendix E.1)."""
    x, y = mpz(point[0]), mpz(point[1])
    x_den, y_den = _iso_denominators(x)
    x_out, y_out = _iso_finish(x, y, *_inv0_pair(x_den, y_den))
    return int(x_out), int(y_out)


def _sswu_x(u: mpz, zu2: mpz, tv1: mpz) -> mpz:
    """The x-coordinate of the simplified SWU map given ``tv1 = inv0(Z²·u⁴ + Z·u²)``: x1 when
    g(x1) is a square, else x2 = Z·u²·x1 (decided by the Legendre symbol, no root taken)."""
    x1 = _B_OVER_ZA if tv1 == 0 else _MINUS_B_OVER_A * (1 + tv1) % _P
    if gmpy2.jacobi((x1 * (x1 * x1 + _A) + _B) % _P, _P) == -1:
        return zu2 * x1 % _P
    return x1


def _inv0_many(values: list[mpz]) -> list[mpz]:
    """``inv0`` of each value with one inversion for them all (Montgomery's trick; 0 → 0)."""
    prefix: list[mpz] = []
    acc = mpz(1)
    for v in values:
        prefix.append(acc)
        if v:
            acc = acc * v % _P
    inverse = gmpy2.invert(acc, _P)
    out = [mpz(0)] * len(values)
    for i in range(len(values) - 1, -1, -1):
        v = values[i]
        if v:
            out[i] = inverse * prefix[i] % _P
            inverse = inverse * v % _P
    return out


def _make_context() -> Any:
    """This module's libsecp256k1 context: public points only (parse, negate, add, serialize),
    so it needs no randomization; every argument it is given is valid by construction."""
    return ffi.gc(
        lib.secp256k1_context_create(lib.SECP256K1_CONTEXT_NONE), lib.secp256k1_context_destroy
    )


_CTX: Final = _make_context()
_PK_T: Final = ffi.typeof("secp256k1_pubkey *")
_PTR_ARRAY_T: Final = ffi.typeof("secp256k1_pubkey *[]")
_UNCOMPRESSED: Final[int] = lib.SECP256K1_EC_UNCOMPRESSED


def _uncompressed(pk: Any) -> bytes:
    out = ffi.new("unsigned char[65]")
    size = ffi.new("size_t *", 65)
    if not lib.secp256k1_ec_pubkey_serialize(_CTX, out, size, pk, _UNCOMPRESSED):
        raise ParameterError("hash_to_curve: libsecp256k1 could not serialize a point")
    return bytes(ffi.buffer(out, 65))


def _lift(u: mpz, x: mpz, x_den_inv: mpz, y_ratio_inv: mpz) -> Any:
    """The point ``iso_map(map_to_curve_sswu(u))`` on secp256k1 (a ``secp256k1_pubkey *``), from
    the x-coordinate ``x`` on E′: the image's x is ``x_num/x_den``; its y is ``y′·r`` with ``r =
    y_num/y_den`` and y′ the root of g(x) whose parity is u's (sgn0). libsecp256k1 takes the root
    on secp256k1 (one of ``±y′·r``); the point is kept or negated so that ``y/r`` has u's
    parity."""
    x_out = int(_poly(_K1, x) * x_den_inv % _P).to_bytes(32, "big")
    pk = ffi.new(_PK_T)
    if not lib.secp256k1_ec_pubkey_parse(_CTX, pk, b"\x02" + x_out, 33):
        raise ParameterError("3-isogeny: the image's x is of no point on secp256k1")
    y = mpz(int.from_bytes(_uncompressed(pk)[33:], "big"))
    if (y * y_ratio_inv % _P) % 2 != u % 2 and not lib.secp256k1_ec_pubkey_negate(_CTX, pk):
        raise ParameterError("hash_to_curve: libsecp256k1 could not negate a point")
    return pk


def hash_to_curve(msg: bytes, dst: bytes) -> Point:
    """``hash_to_curve(msg)`` of the suite ``secp256k1_XMD:SHA-256_SSWU_RO_``: affine ``(x, y)``
    (:func:`hash_to_curve_many` of the one message)."""
    raw = hash_to_curve_many([msg], dst)[0]
    return int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:], "big")


def hash_to_curve_many(msgs: Sequence[bytes], dst: bytes) -> list[bytes]:
    """``hash_to_curve`` of each message, each point as its 65 uncompressed bytes ``04 ‖ x ‖ y``.

    Computed as RFC 9380 §6.6.2 and Appendix E.1 define it, but with the library doing the
    costly parts: each SWU map decides its candidate by a Legendre symbol; the isogeny's image is
    decompressed by libsecp256k1 (its root is ``±`` the image of the RFC's y′, chosen by y′'s
    parity), and the two images are added there. The inversions are shared across the batch
    (Montgomery's trick: one for every SWU map, one for every isogeny's two denominators).
    Raises :class:`ParameterError` in the cases of probability about 2^-256 where the result
    would be the identity (a generator must never be the identity).
    """
    us = [mpz(u) for msg in msgs for u in hash_to_field(msg, dst, int(_P), 2)]
    zus: list[mpz] = []
    denominators: list[mpz] = []
    for u in us:
        zu, d = _sswu_denominator(u)
        zus.append(zu)
        denominators.append(d)
    xs = [_sswu_x(u, zu, t) for u, zu, t in zip(us, zus, _inv0_many(denominators), strict=True)]
    # r = y_num/y_den: y′ = y/r needs 1/r = y_den/y_num (y_num = 0 only for a point of order 2,
    # which secp256k1 has not); one inversion of x_den·y_num gives both 1/x_den and 1/r
    isos: list[tuple[mpz, mpz, mpz]] = []
    for x in xs:
        xd, yd = _iso_denominators(x)
        isos.append((xd, yd, _poly(_K3, x)))
    inverses = _inv0_many([xd * yn % _P for xd, _, yn in isos])
    pks: list[Any] = []
    for u, x, (xd, yd, yn), inverse in zip(us, xs, isos, inverses, strict=True):
        if inverse == 0:
            raise ParameterError("3-isogeny: the point maps to the identity")
        pks.append(_lift(u, x, inverse * yn % _P, inverse * xd * yd % _P))
    out: list[bytes] = []
    total = ffi.new(_PK_T)
    for i in range(0, len(pks), 2):
        if not lib.secp256k1_ec_pubkey_combine(
            _CTX, total, ffi.new(_PTR_ARRAY_T, pks[i : i + 2]), 2
        ):
            raise ParameterError("hash_to_curve: the two points cancel (the identity)")
        out.append(_uncompressed(total))
    return out


def compressed(point: Point) -> bytes:
    """The 33-byte compressed encoding of an affine point."""
    x, y = point
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")
