"""The secp256k1 group backend: laws, the identity, strict encodings and the multi-exponentiation.

Results are cross-checked against a deliberately plain affine reference implementation of the
curve in Python integers (test code only), so that a mistake in how the backend drives
libsecp256k1 cannot hide behind the same mistake in the expected value.
"""

from __future__ import annotations

import copy
import pickle
import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import secp256k1 as backend
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.secp256k1 import (
    G_COMPRESSED,
    IDENTITY_ENCODING,
    SECP256K1,
    N,
    P,
    Secp256k1Element,
    Secp256k1LibraryError,
)
from plebiscite.errors import GroupElementError, ParameterError

GROUP = SECP256K1
G = GROUP.generator()
ONE = GROUP.identity()

# SEC 2 (v2, §2.4.1) and the widely published multiples of G
G_HEX = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
TWO_G_HEX = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
THREE_G_HEX = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9"
G_UNCOMPRESSED_HEX = (
    "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
)

SETTINGS = settings(max_examples=40, deadline=None, database=None)

scalars = st.one_of(
    st.integers(min_value=-3 * N, max_value=3 * N),
    st.sampled_from([0, 1, 2, -1, N - 1, N, N + 1, 2 * N, -N, N // 2, N // 2 + 1]),
    st.integers(min_value=0, max_value=2**64),
)
nonzero = st.integers(min_value=1, max_value=N - 1)


# -- an independent affine reference (test code only) ----------------------------------------------

RefPoint = tuple[int, int] | None


def ref_add(a: RefPoint, b: RefPoint) -> RefPoint:
    if a is None:
        return b
    if b is None:
        return a
    (x1, y1), (x2, y2) = a, b
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if a == b:
        slope = 3 * x1 * x1 * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def ref_mul(k: int, a: RefPoint) -> RefPoint:
    k %= N
    result: RefPoint = None
    while k:
        if k & 1:
            result = ref_add(result, a)
        a = ref_add(a, a)
        k >>= 1
    return result


def ref_decode(data: bytes) -> RefPoint:
    if data == IDENTITY_ENCODING:
        return None
    x = int.from_bytes(data[1:], "big")
    y = pow((x**3 + 7) % P, (P + 1) // 4, P)
    if y % 2 != data[0] - 2:
        y = P - y
    return x, y


def ref_encode(a: RefPoint) -> bytes:
    if a is None:
        return IDENTITY_ENCODING
    x, y = a
    return bytes([2 + y % 2]) + x.to_bytes(32, "big")


REF_G = ref_decode(bytes.fromhex(G_HEX))


def naive(bases: Sequence[Element], exps: Sequence[int]) -> Element:
    """The product term by term with the group's own exp and mul."""
    acc = ONE
    for base, e in zip(bases, exps, strict=True):
        acc = GROUP.mul(acc, GROUP.exp(base, e))
    return acc


def points(count: int, seed: int) -> list[Element]:
    rng = random.Random(seed)
    return [GROUP.exp_g(rng.randrange(1, N)) for _ in range(count)]


POINTS = points(64, seed=7)


# -- structure and known answers -------------------------------------------------------------------


def test_parameters_and_registry() -> None:
    assert GROUP.name == "secp256k1"
    assert GROUP.q == N
    assert GROUP.element_bytes == 33
    assert GROUP.scalar_bytes == 32
    assert get_group("secp256k1") is SECP256K1
    assert P == 2**256 - 2**32 - 977
    # n is the order of G
    assert GROUP.exp(G, N) == ONE
    assert GROUP.exp(G, N - 1) == GROUP.inv(G)


def test_description_names_every_parameter() -> None:
    assert GROUP.description() == {
        "name": "secp256k1",
        "p": P,
        "a": 0,
        "b": 7,
        "g": bytes.fromhex(G_HEX),
        "n": N,
        "h": 1,
    }


def test_known_answers_sec2() -> None:
    assert GROUP.encode(G).hex() == G_HEX
    assert G_COMPRESSED.hex() == G_HEX
    assert GROUP.encode(GROUP.exp_g(2)).hex() == TWO_G_HEX
    assert GROUP.encode(GROUP.mul(G, G)).hex() == TWO_G_HEX
    assert GROUP.encode(GROUP.exp(G, 3)).hex() == THREE_G_HEX
    assert GROUP.to_hex(GROUP.exp_g_secret(3)) == THREE_G_HEX
    assert GROUP.encode(ONE) == b"\x00"
    assert ref_encode(ref_mul(2, REF_G)) == bytes.fromhex(TWO_G_HEX)


@SETTINGS
@given(k=scalars)
def test_exp_g_matches_reference(k: int) -> None:
    expected = ref_encode(ref_mul(k, REF_G))
    assert GROUP.encode(GROUP.exp_g(k)) == expected
    assert GROUP.encode(GROUP.exp_g_secret(k)) == expected
    assert GROUP.encode(GROUP.exp(G, k)) == expected
    assert GROUP.encode(GROUP.exp_secret(G, k)) == expected


@SETTINGS
@given(a=nonzero, k=scalars)
def test_exp_of_any_base_matches_reference(a: int, k: int) -> None:
    base = GROUP.exp_g(a)
    expected = ref_encode(ref_mul(k, ref_decode(GROUP.encode(base))))
    assert GROUP.encode(GROUP.exp(base, k)) == expected
    assert GROUP.encode(GROUP.exp_secret(base, k)) == expected


# -- group laws ------------------------------------------------------------------------------------


@SETTINGS
@given(a=scalars, b=scalars, c=scalars)
def test_associativity_and_commutativity(a: int, b: int, c: int) -> None:
    x, y, z = GROUP.exp_g(a), GROUP.exp_g(b), GROUP.exp_g(c)
    assert GROUP.mul(GROUP.mul(x, y), z) == GROUP.mul(x, GROUP.mul(y, z))
    assert GROUP.mul(x, y) == GROUP.mul(y, x)


@SETTINGS
@given(a=scalars)
def test_identity_and_inverse(a: int) -> None:
    x = GROUP.exp_g(a)
    assert GROUP.mul(x, ONE) == x
    assert GROUP.mul(ONE, x) == x
    assert GROUP.mul(x, GROUP.inv(x)) == ONE
    assert GROUP.div(x, x) == ONE
    assert GROUP.inv(GROUP.inv(x)) == x
    assert GROUP.inv(x) == GROUP.exp_g(-a)


@SETTINGS
@given(a=scalars, b=scalars)
def test_exponent_homomorphism(a: int, b: int) -> None:
    assert GROUP.mul(GROUP.exp_g(a), GROUP.exp_g(b)) == GROUP.exp_g(a + b)
    assert GROUP.div(GROUP.exp_g(a), GROUP.exp_g(b)) == GROUP.exp_g(a - b)
    assert GROUP.exp(GROUP.exp_g(a), b) == GROUP.exp_g(a * b)
    assert GROUP.exp_secret(GROUP.exp_g(a), b) == GROUP.exp_g(a * b)


@SETTINGS
@given(ks=st.lists(scalars, max_size=12))
def test_prod_is_repeated_mul(ks: list[int]) -> None:
    elements = [GROUP.exp_g(k) for k in ks]
    assert GROUP.prod(elements) == GROUP.exp_g(sum(ks))


# -- the identity ----------------------------------------------------------------------------------


def test_identity_everywhere() -> None:
    x = POINTS[0]
    assert GROUP.is_identity(ONE)
    assert not GROUP.is_identity(x)
    assert GROUP.inv(ONE) == ONE
    assert GROUP.div(ONE, x) == GROUP.inv(x)
    assert GROUP.div(x, ONE) == x
    assert GROUP.div(ONE, ONE) == ONE
    assert GROUP.mul(ONE, ONE) == ONE
    for k in (0, 1, 5, N - 1, N, -3):
        assert GROUP.exp(ONE, k) == ONE
        assert GROUP.exp_secret(ONE, k) == ONE
    for k in (0, N, 2 * N, -N):
        assert GROUP.exp(x, k) == ONE
        assert GROUP.exp_secret(x, k) == ONE
        assert GROUP.exp_g(k) == ONE
        assert GROUP.exp_g_secret(k) == ONE
    assert GROUP.prod([]) == ONE
    assert GROUP.prod([ONE, ONE]) == ONE
    assert GROUP.prod([x, ONE]) == x
    assert GROUP.prod([x, GROUP.inv(x)]) == ONE
    assert GROUP.prod([x, x, GROUP.inv(x), GROUP.inv(x), ONE]) == ONE


def test_ciphertexts_with_opposite_randomness_cancel() -> None:
    """Two ElGamal ciphertexts with r₂ = −r₁ add to (identity, g^(m1+m2))."""
    rng = random.Random(11)
    key = GROUP.exp_g(rng.randrange(1, N))
    r1 = rng.randrange(1, N)
    r2 = -r1
    alpha = GROUP.mul(GROUP.exp_g(r1), GROUP.exp_g(r2))
    beta = GROUP.mul(
        GROUP.mul(GROUP.exp_g(1), GROUP.exp(key, r1)),
        GROUP.mul(GROUP.exp_g(0), GROUP.exp(key, r2)),
    )
    assert alpha == ONE
    assert GROUP.is_identity(alpha)
    assert beta == G
    assert GROUP.multi_exp([key, key], [r1, r2]) == ONE
    assert GROUP.encode(alpha) == b"\x00"
    assert GROUP.decode(GROUP.encode(alpha), "aggregate", allow_identity=True) == ONE


def test_identity_is_one_distinct_element() -> None:
    assert GROUP.identity() is GROUP.identity()
    assert ONE != G
    assert GROUP.decode(b"\x00", "aggregate", allow_identity=True) is ONE
    assert GROUP.mul(G, GROUP.inv(G)) is ONE


# -- multi-exponentiation --------------------------------------------------------------------------


@SETTINGS
@given(
    picks=st.lists(st.tuples(st.integers(0, len(POINTS)), scalars), max_size=24),
)
def test_multi_exp_equals_naive_product(picks: list[tuple[int, int]]) -> None:
    """Random and repeated bases, identity bases (index len(POINTS)), any exponents."""
    bases = [POINTS[i] if i < len(POINTS) else ONE for i, _ in picks]
    exps = [e for _, e in picks]
    assert GROUP.multi_exp(bases, exps) == naive(bases, exps)


def test_multi_exp_matches_reference() -> None:
    rng = random.Random(5)
    bases = POINTS[:20]
    exps = [rng.randrange(-N, 2 * N) for _ in bases]
    expected: RefPoint = None
    for base, e in zip(bases, exps, strict=True):
        expected = ref_add(expected, ref_mul(e, ref_decode(GROUP.encode(base))))
    assert GROUP.encode(GROUP.multi_exp(bases, exps)) == ref_encode(expected)


def test_multi_exp_edge_inputs() -> None:
    x, y = POINTS[0], POINTS[1]
    assert GROUP.multi_exp([], []) == ONE
    assert GROUP.multi_exp([ONE], [5]) == ONE
    assert GROUP.multi_exp([x], [0]) == ONE
    assert GROUP.multi_exp([x], [N]) == ONE
    assert GROUP.multi_exp([x], [-1]) == GROUP.inv(x)
    assert GROUP.multi_exp([x, x], [3, -3]) == ONE
    assert GROUP.multi_exp([x, GROUP.inv(x)], [7, 7]) == ONE
    assert GROUP.multi_exp([x, y, ONE], [N + 2, -1, 9]) == GROUP.div(GROUP.exp(x, 2), y)
    with pytest.raises(ParameterError, match="2 bases but 1 exponents"):
        GROUP.multi_exp([x, y], [1])
    with pytest.raises(TypeError):
        GROUP.multi_exp([x], [1.5])  # type: ignore[list-item]


@pytest.mark.parametrize("bits", [1, 8, 64, 128, 256])
@pytest.mark.parametrize("count", [16, 40, 300])
def test_multi_exp_bucket_sizes(bits: int, count: int) -> None:
    """Large enough for the bucket method; mixed signs and bases repeated across the input."""
    rng = random.Random(bits * 1000 + count)
    bases = [rng.choice(POINTS) for _ in range(count)]
    exps = [rng.getrandbits(bits) * rng.choice((1, -1)) for _ in range(count)]
    assert GROUP.multi_exp(bases, exps) == naive(bases, exps)


def test_multi_exp_mixed_lengths_like_a_batch() -> None:
    """Many 64-bit weights and a few full-length exponents, as a folded batch equation has."""
    rng = random.Random(3)
    bases = points(600, seed=8)
    exps = [rng.getrandbits(64) for _ in range(590)] + [rng.randrange(N) for _ in range(10)]
    assert GROUP.multi_exp(bases, exps) == naive(bases, exps)


def test_multi_exp_cancellations_in_buckets() -> None:
    """Whole sums and single buckets that cancel to the point at infinity."""
    rng = random.Random(4)
    bases = POINTS[:40]
    exps = [rng.getrandbits(64) for _ in bases]
    # every term meets its negation: the total is the identity
    assert GROUP.multi_exp(bases + bases, exps + [-e for e in exps]) == ONE
    # the same, with the negation carried by the base instead of the exponent
    negated = [GROUP.inv(b) for b in bases]
    assert GROUP.multi_exp(bases + negated, exps + exps) == ONE
    # cancelling pairs (equal buckets, opposite signs) beside terms that survive
    extra = POINTS[40:60]
    extra_exps = [rng.getrandbits(64) for _ in extra]
    assert GROUP.multi_exp(bases + negated + extra, exps + exps + extra_exps) == naive(
        extra, extra_exps
    )
    # a point with exponent n − k beside the same point with exponent k
    assert GROUP.multi_exp(bases + bases, exps + [N - e for e in exps]) == ONE


@pytest.mark.parametrize(
    ("c", "s"), [(c, s) for c in range(1, 11) for s in (1, 2, 3, 4) if c % s == 0]
)
def test_every_window_and_radix(c: int, s: int) -> None:
    """The bucket method itself, for every window width and Horner radix the planner may pick."""
    rng = random.Random(c * 10 + s)
    bases = [rng.choice(POINTS[:12]) for _ in range(30)]
    exps = [
        rng.choice((rng.getrandbits(rng.choice((3, 64, 256))), -rng.getrandbits(64), N - 1))
        for _ in bases
    ]
    pks = []
    folded = []
    negated = []
    for base, e in zip(bases, exps, strict=True):
        k = e % N
        if k == 0:
            continue
        assert isinstance(base, Secp256k1Element)
        pks.append(base._pk)
        negated.append(k > N // 2)
        folded.append(N - k if k > N // 2 else k)
    assert backend._bucket_multi_exp(pks, folded, negated, c, s) == naive(bases, exps)
    # and the same terms cancelled by their negations
    both = backend._bucket_multi_exp(
        pks + pks, folded + folded, negated + [not n for n in negated], c, s
    )
    assert both == ONE


# -- encodings -------------------------------------------------------------------------------------


@SETTINGS
@given(k=scalars)
def test_decode_encode_round_trip(k: int) -> None:
    x = GROUP.exp_g(k)
    data = GROUP.encode(x)
    assert GROUP.decode(data, "value", allow_identity=True) == x
    assert GROUP.from_hex(data.hex(), "value", allow_identity=True) == x
    if not GROUP.is_identity(x):
        assert len(data) == 33
        assert data[0] in (2, 3)
        assert GROUP.decode(data, "value") == x


def _off_curve_x() -> int:
    x = 1
    while pow((x**3 + 7) % P, (P - 1) // 2, P) == 1:
        x += 1
    return x


OFF_CURVE_X = _off_curve_x()

REFUSED = {
    "empty": b"",
    "one nonzero byte": b"\x02",
    "32 bytes": bytes.fromhex(G_HEX)[:32],
    "34 bytes": bytes.fromhex(G_HEX) + b"\x00",
    "uncompressed": bytes.fromhex(G_UNCOMPRESSED_HEX),
    "hybrid 06": b"\x06" + bytes.fromhex(G_UNCOMPRESSED_HEX)[1:],
    "hybrid 07": b"\x07" + bytes.fromhex(G_UNCOMPRESSED_HEX)[1:],
    "prefix 04 at 33 bytes": b"\x04" + bytes.fromhex(G_HEX)[1:],
    "prefix 00 at 33 bytes": b"\x00" + bytes.fromhex(G_HEX)[1:],
    "prefix 01": b"\x01" + bytes.fromhex(G_HEX)[1:],
    "x = p": b"\x02" + P.to_bytes(32, "big"),
    "x = p + 1": b"\x03" + (P + 1).to_bytes(32, "big"),
    "x = 2^256 - 1": b"\x02" + b"\xff" * 32,
    "x off the curve": b"\x02" + OFF_CURVE_X.to_bytes(32, "big"),
    "x off the curve, odd": b"\x03" + OFF_CURVE_X.to_bytes(32, "big"),
    "x = 0": b"\x02" + bytes(32),
    "two zero bytes": b"\x00\x00",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_non_canonical_encodings_refused(name: str) -> None:
    data = REFUSED[name]
    with pytest.raises(GroupElementError, match=r"^ballot alpha: "):
        GROUP.decode(data, "ballot alpha", allow_identity=True)
    with pytest.raises(GroupElementError):
        GROUP.decode(data, "ballot alpha")


def test_wrapped_x_is_refused_even_where_it_would_parse() -> None:
    """x + p fits in 32 bytes for small x; the strict decoder refuses it however it would reduce."""
    x = 1
    while pow((x**3 + 7) % P, (P - 1) // 2, P) != 1:
        x += 1
    assert GROUP.decode(b"\x02" + x.to_bytes(32, "big"), "value")
    with pytest.raises(GroupElementError, match="below the field prime"):
        GROUP.decode(b"\x02" + (x + P).to_bytes(32, "big"), "value")


def test_identity_refused_unless_allowed() -> None:
    with pytest.raises(GroupElementError, match=r"^public key: the identity"):
        GROUP.decode(b"\x00", "public key")
    with pytest.raises(GroupElementError, match="public key"):
        GROUP.from_hex("00", "public key")
    assert GROUP.decode(b"\x00", "aggregate", allow_identity=True) == ONE
    with pytest.raises(GroupElementError, match="commitment"):
        GROUP.check_element(ONE, "commitment")


def test_decode_refuses_other_types_and_accepts_byte_views() -> None:
    with pytest.raises(GroupElementError, match=r"^key: expected bytes"):
        GROUP.decode(G_HEX, "key")  # type: ignore[arg-type]
    assert GROUP.decode(bytearray(bytes.fromhex(G_HEX)), "key") == G
    assert GROUP.decode(memoryview(bytes.fromhex(G_HEX)), "key") == G  # type: ignore[arg-type]


def test_decode_many() -> None:
    datas = [GROUP.encode(x) for x in POINTS[:5]] + [b"\x00"]
    assert GROUP.decode_many(datas, "share", allow_identity=True) == [*POINTS[:5], ONE]
    with pytest.raises(GroupElementError, match="share"):
        GROUP.decode_many([*datas[:2], REFUSED["uncompressed"]], "share")


def _decoded(run: object) -> object:
    assert callable(run)
    try:
        return run()
    except GroupElementError as exc:
        return (type(exc), str(exc))


@pytest.mark.parametrize("allow", [False, True])
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_decode_many_refuses_what_decode_refuses(name: str, allow: bool) -> None:
    """The tight loop of decode_many (one parse per point) gives decode's verdict and message."""
    datas = [bytes.fromhex(G_HEX), REFUSED[name]]
    many = _decoded(lambda: GROUP.decode_many(datas, "alpha", allow_identity=allow))
    one = _decoded(lambda: GROUP.decode(datas[1], "alpha", allow_identity=allow))
    reference = _decoded(lambda: GROUP._decode_checked(datas[1], "alpha", allow))
    assert isinstance(many, tuple) and many == one == reference


def test_decode_many_refuses_a_wrapped_x() -> None:
    x = 1
    while pow((x**3 + 7) % P, (P - 1) // 2, P) != 1:
        x += 1
    with pytest.raises(GroupElementError, match="below the field prime"):
        GROUP.decode_many([b"\x02" + (x + P).to_bytes(32, "big")], "value")


@SETTINGS
@given(
    prefix=st.integers(min_value=0, max_value=255),
    x=st.integers(min_value=0, max_value=2**256 - 1) | st.integers(min_value=0, max_value=300),
)
def test_decode_and_decode_many_agree_with_the_rule_by_rule_reference(prefix: int, x: int) -> None:
    """decode and decode_many first try the library's parse alone; the reference checks each
    rule itself: the verdicts, messages and points are the same."""
    data = bytes([prefix]) + x.to_bytes(32, "big")
    reference = _decoded(lambda: GROUP._decode_checked(data, "value", False))
    many = _decoded(lambda: GROUP.decode_many([data], "value"))
    one = _decoded(lambda: GROUP.decode(data, "value"))
    if isinstance(reference, tuple):
        assert many == one == reference
    else:
        assert isinstance(reference, Element)
        assert many == [reference] and one == reference
        assert GROUP.encode(reference) == data


# -- element behaviour -----------------------------------------------------------------------------


def test_equality_and_hash_follow_the_point() -> None:
    x = GROUP.exp_g(12345)
    same = [
        GROUP.decode(GROUP.encode(x), "x"),
        GROUP.mul(GROUP.exp_g(12000), GROUP.exp_g(345)),
        GROUP.exp(G, 12345),
        GROUP.exp_secret(G, 12345),
        GROUP.multi_exp([G, G], [12344, 1]),
        GROUP.inv(GROUP.exp_g(-12345)),
    ]
    for y in same:
        assert y == x
        assert hash(y) == hash(x)
    assert len({*same, x}) == 1
    assert (
        len({ONE, GROUP.mul(x, GROUP.inv(x)), GROUP.decode(b"\x00", "a", allow_identity=True)}) == 1
    )
    assert x != GROUP.inv(x)
    assert x != GROUP.encode(x)
    assert (x == "not an element") is False


def test_elements_are_immutable() -> None:
    x = GROUP.exp_g(5)
    with pytest.raises(AttributeError):
        x._pk = None  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        x.anything = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del x._enc  # type: ignore[attr-defined]
    # operations that write into library structs never touch their inputs
    before = GROUP.encode(x)
    GROUP.inv(x)
    GROUP.exp(x, 7)
    GROUP.exp_secret(x, 7)
    GROUP.multi_exp([x] * 20, list(range(1, 21)))
    assert GROUP.encode(x) == before
    assert x == GROUP.exp_g(5)


def test_pickle_copy_and_repr() -> None:
    x = GROUP.exp_g(99)
    assert pickle.loads(pickle.dumps(x)) == x
    assert pickle.loads(pickle.dumps(ONE)) == ONE
    assert copy.copy(x) is x
    assert copy.deepcopy(x) is x
    assert repr(x) == f"Secp256k1Element({GROUP.to_hex(x)})"
    assert repr(ONE) == "Secp256k1Element(identity)"
    assert pickle.loads(pickle.dumps(SECP256K1)) is SECP256K1  # the group: its one instance


def test_unpickling_checks_the_point() -> None:
    """Elements travel to workers as packed (uncompressed) points, checked on the curve."""
    data = pickle.dumps(G)
    packed = GROUP.pack([G])
    assert packed in data
    bad = bytearray(packed)
    bad[64] ^= 1
    with pytest.raises(GroupElementError, match=r"^pickled element: "):
        pickle.loads(data.replace(packed, bytes(bad)))
    assert backend._restore(GROUP.encode(G)) == G  # an encoding is decoded as before


def test_foreign_elements_refused() -> None:
    from tinygroup import TINY

    with pytest.raises(TypeError, match="not a secp256k1 element"):
        GROUP.mul(G, TINY.generator())
    with pytest.raises(TypeError, match="not a secp256k1 element"):
        GROUP.encode(TINY.generator())


def test_illegal_library_argument_raises_instead_of_aborting() -> None:
    """A zeroed struct is an illegal argument: libsecp256k1 would abort; here it raises."""
    zeroed = backend.ffi.new("secp256k1_pubkey *")
    with pytest.raises(Secp256k1LibraryError, match=r"refused an argument"):
        backend._combine_pks([zeroed, POINTS[0]._pk], "test")  # type: ignore[attr-defined]
    # the group keeps working afterwards
    assert GROUP.mul(G, G) == GROUP.exp_g(2)


def test_elements_are_not_built_directly() -> None:
    with pytest.raises(TypeError, match="come from SECP256K1"):
        Secp256k1Element()


# -- the packed form (lists a verifier keeps on disk) ----------------------------------------------


@SETTINGS
@given(ks=st.lists(st.one_of(st.just(0), scalars), max_size=8))
def test_pack_unpack_round_trip(ks: list[int]) -> None:
    elements = [GROUP.exp_g(k) for k in ks]
    data = GROUP.pack(elements)
    assert len(data) == 65 * len(ks)
    back = GROUP.unpack(data, "stored")
    assert back == elements
    assert [GROUP.encode(e) for e in back] == [GROUP.encode(e) for e in elements]
    # with their encodings taken from the packed bytes: the library's serialization of each
    kept = GROUP.unpack(data, "stored", encodings=True)
    assert [GROUP.encode(e) for e in kept] == [GROUP.encode(e) for e in elements]
    assert kept == elements


def _packed_damaged(at: int, value: int | None) -> bytes:
    """G and the identity packed, one byte set to ``value`` (``None``: the last byte cut)."""
    data = bytearray(GROUP.pack([G, ONE]))
    if value is None:
        return bytes(data[:-1])
    data[at] = value
    return bytes(data)


@pytest.mark.parametrize(
    ("at", "value", "why"),
    [
        (0, 0, "length"),  # cut: not a whole number of points
        (64, 0x99, "on the curve"),  # y of G changed
        (0, 6, "on the curve"),  # a hybrid prefix is not the packed form
        (100, 1, "malformed"),  # the identity's zero bytes with a one among them
    ],
)
def test_unpack_refuses_what_is_not_a_packed_point(at: int, value: int, why: str) -> None:
    data = _packed_damaged(at, None if why == "length" else value)
    with pytest.raises(GroupElementError, match=rf"^stored item: .*{why}"):
        GROUP.unpack(data, "stored item")


# -- the kept form (a checker's counted ciphertexts) ----------------------------------------------


@SETTINGS
@given(ks=st.lists(st.integers(1, N - 1), min_size=1, max_size=8))
def test_the_kept_form_is_the_packed_form_and_names_each_encoding(ks: list[int]) -> None:
    elements = [GROUP.exp_g(k) for k in ks]
    data = GROUP.keep(elements)
    assert data == GROUP.pack(elements)
    assert GROUP.kept_bytes == 65 and len(data) == 65 * len(ks)
    assert GROUP.kept(data, "counted") == elements
    # what a checker remembers an α by: its encoding, taken from the bytes without the point
    size = GROUP.kept_bytes
    assert [GROUP.kept_encoding(data[at : at + size]) for at in range(0, len(data), size)] == [
        GROUP.encode(e) for e in elements
    ]


def test_the_kept_form_refuses_the_identity_unless_allowed_and_what_is_off_the_curve() -> None:
    data = GROUP.keep([G, ONE])
    assert GROUP.kept_encoding(data[65:]) == IDENTITY_ENCODING
    with pytest.raises(GroupElementError, match=r"^counted: the identity"):
        GROUP.kept(data, "counted")
    assert GROUP.kept(data, "counted", allow_identity=True) == [G, ONE]
    with pytest.raises(GroupElementError, match=r"^counted: .*on the curve"):
        GROUP.kept(_packed_damaged(64, 0x99), "counted", allow_identity=True)
    with pytest.raises(GroupElementError, match=r"^counted: .*whole"):
        GROUP.kept(data[:-1], "counted", allow_identity=True)


def test_hash_to_elements_is_hash_to_element_of_each() -> None:
    msgs = [b"", b"a", b"generator 7"]
    dst = b"QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"
    assert GROUP.hash_to_elements(msgs, dst) == [GROUP.hash_to_element(m, dst) for m in msgs]


def test_a_plan_is_made_once_per_batch_shape_and_decides_only_the_speed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the pure path (the compiled one plans nothing): batches of one shape (size, and how many
    # exponents reach each multiple of 8 bits, each to within 1/16) get the plan made for the
    # first; the sums stay the plain products
    monkeypatch.setattr(backend, "_COMPILED", None)
    rng = random.Random(5)
    backend._PLANS.clear()
    bases = [GROUP.exp_g(rng.randrange(1, N)) for _ in range(40)]
    for _ in range(6):
        exps = [rng.getrandbits(64) | 1 << 63 for _ in range(30)] + [
            rng.getrandbits(255) | 1 << 254 for _ in range(10)
        ]
        assert GROUP.multi_exp(bases, exps) == naive(bases, exps)
    assert len(backend._PLANS) == 1
    lengths = sorted([64] * 30 + [255] * 10)
    assert backend._planned(lengths) == backend._bucket_plan(lengths)
