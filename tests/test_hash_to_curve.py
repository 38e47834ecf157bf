"""The secp256k1 hash-to-curve against a straight reading of RFC 9380 §6.6.2 (the RFC's own
vectors are in tests/test_spec_vectors.py)."""

from __future__ import annotations

import gmpy2
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import hash_to_curve as h2c
from plebiscite.crypto.hashing import hash_to_field

P = 2**256 - 2**32 - 977
A = 0x3F8731ABDD661ADCA08A5558F0F5D272E953D363CB6F0E5D405447C01A444533
B = 1771
Z = P - 11


def _g(x: int) -> int:
    return (x * x * x + A * x + B) % P


def _reference_sswu(u: int) -> tuple[int, int]:
    """RFC 9380 §6.6.2 as written: is_square by the Legendre symbol, then a root."""
    den = (Z * Z * pow(u, 4, P) + Z * u * u) % P
    if den == 0:
        x1 = B * pow(Z * A, -1, P) % P
    else:
        x1 = (P - B) * pow(A, -1, P) * (1 + pow(den, -1, P)) % P
    x = x1 if gmpy2.jacobi(_g(x1), P) != -1 else Z * u * u * x1 % P
    y = pow(_g(x), (P + 1) // 4, P)
    assert y * y % P == _g(x)
    if u % 2 != y % 2:
        y = (P - y) % P
    return x, y


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=P - 1))
def test_sswu_matches_the_rfc_reading(u: int) -> None:
    assert h2c.map_to_curve_sswu(u) == _reference_sswu(u)


def _x1(u: int) -> int:
    return (P - B) * pow(A, -1, P) * (1 + pow(Z * Z * u**4 + Z * u * u, -1, P)) % P


def test_sswu_takes_both_branches_and_the_exceptional_case() -> None:
    first = [gmpy2.jacobi(_g(_x1(u)), P) == 1 for u in range(1, 40)]
    assert any(first) and not all(first)  # both x1 and x2 = Z·u²·x1 are taken in 1..39
    for u in range(1, 40):
        assert h2c.map_to_curve_sswu(u) == _reference_sswu(u)
    assert h2c.map_to_curve_sswu(0) == _reference_sswu(0)  # inv0(0) = 0: x1 = B/(Z·A)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=64))
def test_hash_to_curve_is_the_sum_of_the_two_mapped_points(msg: bytes) -> None:
    dst = b"QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"
    u0, u1 = hash_to_field(msg, dst, P, 2)
    (x0, y0), (x1, y1) = (h2c.iso_map(_reference_sswu(u)) for u in (u0, u1))
    slope = (y1 - y0) * pow(x1 - x0, -1, P) % P
    x3 = (slope * slope - x0 - x1) % P
    assert h2c.hash_to_curve(msg, dst) == (x3, (slope * (x0 - x3) - y0) % P)
    assert (x3**3 + 7 - h2c.hash_to_curve(msg, dst)[1] ** 2) % P == 0


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=16), max_size=6))
def test_hash_to_curve_many_is_hash_to_curve_of_each(msgs: list[bytes]) -> None:
    """The batch shares its inversions: the points are the ones computed one at a time."""
    dst = b"QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"
    points = h2c.hash_to_curve_many(msgs, dst)
    assert [(int.from_bytes(p[1:33], "big"), int.from_bytes(p[33:], "big")) for p in points] == [
        h2c.hash_to_curve(m, dst) for m in msgs
    ]
    assert all(len(p) == 65 and p[0] == 4 for p in points)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.just(0), st.integers(1, P - 1)), max_size=8))
def test_batched_inversion_is_inv0_of_each(values: list[int]) -> None:
    out = h2c._inv0_many([gmpy2.mpz(v) for v in values])
    assert out == [0 if v == 0 else pow(v, -1, P) for v in values]
