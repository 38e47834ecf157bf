"""The modp backend: group laws, strict encodings, batched membership, tables, multi-exponentiation.

Every property runs on three groups: a small safe-prime group (p = 2q+1, checked element by
element), a small group with the structure that allows batched membership (p = 2·q·r′+1 with r′ a
prime above 2^64), and ElectionGuard 1.0's MODP4096.
"""

from __future__ import annotations

import json
import pickle
import secrets

import gmpy2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _shared import SHARED, require
from plebiscite.crypto import modp, modp_multiexp
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.group import Element, membership_folded
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.modp import (
    MODP4096,
    MODP4096_G,
    MODP4096_P,
    MODP4096_Q,
    MODP4096_R,
    ModpElement,
    ModpGroup,
)
from plebiscite.errors import EncodingError, GroupElementError, ParameterError

CONSTANTS = SHARED / "data" / "electionguard" / "python-sdk-sample" / "constants.json"

# a 64-bit safe prime p = 2q + 1 and g = 4 (a quadratic residue): no batched membership
SAFE_P = 18446744073709550147
SAFE_Q = 9223372036854775073
SAFE = ModpGroup(SAFE_P, SAFE_Q, 4, name="test-safe64")

# p = 2·q·r′ + 1 with r′ the first prime above 2^64 that makes p prime; g = 2^(2r′) mod p
STRUCT_Q = SAFE_Q
STRUCT_R1 = 18446744073709555927
STRUCT_P = 2 * STRUCT_Q * STRUCT_R1 + 1
STRUCT = ModpGroup(STRUCT_P, STRUCT_Q, pow(2, 2 * STRUCT_R1, STRUCT_P), name="test-struct129")

GROUPS = [SAFE, STRUCT, MODP4096]
SMALL = [SAFE, STRUCT]
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=150, deadline=None)

scalars = st.integers(min_value=-(2**300), max_value=2**300)


@pytest.fixture(scope="module", params=GROUPS, ids=lambda g: g.name)
def group(request: pytest.FixtureRequest) -> ModpGroup:
    return request.param  # type: ignore[no-any-return]


def val(x: Element) -> int:
    """The integer value of a modp element."""
    assert isinstance(x, ModpElement)
    return x.value


def raw(group: ModpGroup, value: int) -> bytes:
    """``value`` as an element-sized big-endian byte string (valid or not)."""
    return value.to_bytes(group.element_bytes, "big")


def whole_group_generator(p: int, factors: list[int]) -> int:
    """The smallest generator of ℤ_p^*, given the prime factors of p − 1."""
    x = 2
    while any(pow(x, (p - 1) // f, p) == 1 for f in factors):
        x += 1
    return x


def order_r1_element(group: ModpGroup) -> int:
    """A quadratic residue of order r′ = (p−1)/(2q): passes the Jacobi test, not a member."""
    x = 2
    while pow(x, 2 * group.q, group.p) == 1:
        x += 1
    return pow(x, 2 * group.q, group.p)


def naive(group: ModpGroup, bases: list[Element], exps: list[int]) -> Element:
    acc = 1
    for b, e in zip(bases, exps, strict=True):
        assert isinstance(b, ModpElement)
        acc = acc * pow(b.value, e % group.q, group.p) % group.p
    return ModpElement(gmpy2.mpz(acc))


# -- parameters ------------------------------------------------------------------------------------


def test_modp4096_parameters_and_structure() -> None:
    assert MODP4096.name == "modp4096"
    assert MODP4096.element_bytes == 512
    assert MODP4096.scalar_bytes == 32
    assert MODP4096.p.bit_length() == 4096
    assert MODP4096.q == 2**256 - 189
    assert MODP4096.r * MODP4096.q == MODP4096.p - 1
    assert pow(2, MODP4096_R, MODP4096_P) == MODP4096_G
    # the structure that allows batched membership: p ≡ 3 (mod 4), (p−1)/(2q) prime
    assert MODP4096.p % 4 == 3
    assert MODP4096.r % 2 == 0 and gmpy2.is_prime(MODP4096.r // 2, 30)
    assert MODP4096.batched_membership


def test_structure_decided_when_built() -> None:
    assert not SAFE.batched_membership  # (p−1)/(2q) = 1
    assert STRUCT.batched_membership
    # a group whose (p−1)/(2q) is composite: checked element by element
    q = SAFE_Q
    k = 2
    while not (gmpy2.is_prime(2 * q * k + 1) and not gmpy2.is_prime(k) and k > 2**64):
        k = 2**64 + 1 if k < 2**64 else k + 1
    p = 2 * q * k + 1
    h = 2
    while pow(h, 2 * k, p) == 1:
        h += 1
    composite = ModpGroup(p, q, pow(h, 2 * k, p), name="test-composite-cofactor")
    assert not composite.batched_membership


def test_constants_match_electionguard_sample() -> None:
    data = json.loads(require(CONSTANTS, "the ElectionGuard sample constants").read_text())
    assert int(data["large_prime"], 16) == MODP4096_P
    assert int(data["small_prime"], 16) == MODP4096_Q
    assert int(data["cofactor"], 16) == MODP4096_R
    assert int(data["generator"], 16) == MODP4096_G


def test_description() -> None:
    desc = MODP4096.description()
    assert desc == {
        "name": "modp4096",
        "p": MODP4096_P,
        "q": MODP4096_Q,
        "g": MODP4096_G,
        "r": MODP4096_R,
    }
    assert canonical_bytes(desc) != canonical_bytes(SAFE.description())


def test_registry_and_pickle() -> None:
    assert get_group("modp4096") is MODP4096
    assert pickle.loads(pickle.dumps(MODP4096)) is MODP4096
    again = pickle.loads(pickle.dumps(STRUCT))
    assert again.description() == STRUCT.description()
    assert again.batched_membership
    x = MODP4096.exp_g(12345)
    assert pickle.loads(pickle.dumps(x)) == x


@pytest.mark.parametrize(
    ("p", "q", "g", "r", "reason"),
    [
        (SAFE_P, SAFE_Q * 3, 4, None, "q is not an odd prime"),  # composite q
        (SAFE_P, 15, 4, None, "q is not an odd prime"),
        (SAFE_P, 2, 4, None, "q is not an odd prime"),
        (SAFE_P * 3, SAFE_Q, 4, None, "p is not a prime"),  # composite p
        (SAFE_P, 1000003, 4, None, "q does not divide p − 1"),
        (STRUCT_P, STRUCT_Q, 1, None, "g is not in the range"),
        (STRUCT_P, STRUCT_Q, STRUCT_P, None, "g is not in the range"),
        (STRUCT_P, STRUCT_Q, STRUCT_P - 1, None, "g does not have order q"),  # order 2
        (STRUCT_P, STRUCT_Q, 5, None, "g does not have order q"),  # generates all of ℤ_p^*
        (STRUCT_P, STRUCT_Q, pow(2, 2 * STRUCT_Q, STRUCT_P), None, "g does not have order q"),
        (SAFE_P, SAFE_Q, 4, 3, "r is not the cofactor"),
    ],
)
def test_parameter_checks_refuse(p: int, q: int, g: int, r: int | None, reason: str) -> None:
    with pytest.raises(ParameterError, match=reason):
        ModpGroup(p, q, g, name="bad", r=r)


def test_parameter_checks_refuse_modp4096_variants() -> None:
    with pytest.raises(ParameterError, match="q does not divide"):
        ModpGroup(MODP4096_P, SAFE_Q, MODP4096_G, name="bad")
    with pytest.raises(ParameterError, match="g does not have order q"):
        ModpGroup(MODP4096_P, MODP4096_Q, MODP4096_P - 1, name="bad")
    with pytest.raises(ParameterError, match="name"):
        ModpGroup(SAFE_P, SAFE_Q, 4, name="")


# -- group laws ------------------------------------------------------------------------------------


@FEW
@given(a=scalars, b=scalars, c=scalars)
def test_group_laws(group: ModpGroup, a: int, b: int, c: int) -> None:
    x, y, z = group.exp_g(a), group.exp_g(b), group.exp_g(c)
    one = group.identity()
    assert group.mul(group.mul(x, y), z) == group.mul(x, group.mul(y, z))
    assert group.mul(x, y) == group.mul(y, x)
    assert group.mul(x, one) == x
    assert group.is_identity(group.mul(x, group.inv(x)))
    assert group.div(group.mul(x, y), y) == x
    assert group.exp_g(a + b) == group.mul(x, y)
    assert group.exp(x, b) == group.exp_g(a * b)
    assert group.exp(x, -b) == group.inv(group.exp(x, b))
    assert group.exp(group.generator(), a) == x
    assert group.exp_secret(y, a) == group.exp(y, a)
    assert group.exp_g_secret(c) == z
    assert group.prod([x, y, z]) == group.mul(group.mul(x, y), z)
    assert hash(group.exp_g(a % group.q + group.q)) == hash(x)


def test_identity_cases(group: ModpGroup) -> None:
    g = group.generator()
    one = group.identity()
    assert group.is_identity(group.mul(g, group.inv(g)))
    assert group.is_identity(group.exp(g, 0))
    assert group.is_identity(group.exp(g, group.q))
    assert group.is_identity(group.exp_g(0))
    assert group.is_identity(group.exp_g(-group.q))
    assert group.is_identity(group.exp_secret(g, 0))
    assert group.is_identity(group.exp_g_secret(group.q))
    assert group.is_identity(group.prod([]))
    assert group.is_identity(group.inv(one))
    # two ElGamal ciphertexts with r2 = −r1 under a key K: the aggregate's first part is 1
    r1 = group.random_nonzero_scalar()
    key = group.exp_g(group.random_nonzero_scalar())
    a = group.mul(group.exp_g(r1), group.exp_g(-r1))
    b = group.mul(
        group.mul(group.exp_g(1), group.exp(key, r1)),
        group.mul(group.exp_g(0), group.exp(key, -r1)),
    )
    assert group.is_identity(a)
    assert b == group.generator()
    encoded = group.encode(a)
    assert encoded == raw(group, 1)
    assert group.decode(encoded, "aggregate", allow_identity=True) == one
    with pytest.raises(GroupElementError, match="ciphertext: the identity element is not allowed"):
        group.decode(encoded, "ciphertext")


def test_elements_are_immutable_values() -> None:
    x = MODP4096.exp_g(7)
    with pytest.raises(AttributeError):
        x._v = gmpy2.mpz(1)  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        x.extra = 1  # type: ignore[attr-defined]
    y = MODP4096.decode(MODP4096.encode(x), "x")
    assert x == y and hash(x) == hash(y) and x is not y
    assert len({x, y, MODP4096.exp_g(8)}) == 2
    assert x != MODP4096.exp_g(8)
    assert len(repr(x)) < 40
    with pytest.raises(TypeError, match="not a modp group element"):
        MODP4096.mul(x, object())  # type: ignore[arg-type]


# -- multi-exponentiation --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_multi_exp_equals_naive_small(data: st.DataObject) -> None:
    group = data.draw(st.sampled_from(SMALL))
    pool = [group.identity()] + [group.exp_g(k) for k in range(2, 9)]
    n = data.draw(st.integers(min_value=0, max_value=60))
    bases = data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    exps = data.draw(
        st.lists(
            st.one_of(
                st.integers(min_value=-(2**70), max_value=2**70),
                st.sampled_from([0, 1, -1, group.q, group.q - 1, -group.q + 3]),
            ),
            min_size=n,
            max_size=n,
        )
    )
    assert group.multi_exp(bases, exps) == naive(group, bases, exps)


@FEW
@given(
    exps=st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=2**64 - 1),
            st.integers(min_value=-(2**256), max_value=2**256),
        ),
        min_size=0,
        max_size=12,
    )
)
def test_multi_exp_equals_naive_modp4096(exps: list[int]) -> None:
    bases = [MODP4096.exp_g(3 + (i % 5)) for i in range(len(exps))]  # repeated bases
    if bases:
        bases[0] = MODP4096.identity()
    assert MODP4096.multi_exp(bases, exps) == naive(MODP4096, bases, exps)


@pytest.mark.parametrize("bits", [64, 256])
def test_multi_exp_many_bases_modp4096(bits: int) -> None:
    n = 130  # Pippenger for 64-bit exponents, Straus for 256-bit (by the cost model)
    bases = [MODP4096.exp_g(secrets.randbelow(MODP4096.q)) for _ in range(n)]
    exps = [secrets.randbits(bits) for _ in range(n)]
    exps[3] = -exps[3]  # a short negative exponent: the inverse-product path
    exps[4] = 0
    assert MODP4096.multi_exp(bases, exps) == naive(MODP4096, bases, exps)


def test_multi_exp_edge_inputs(group: ModpGroup) -> None:
    g = group.generator()
    assert group.is_identity(group.multi_exp([], []))
    assert group.is_identity(group.multi_exp([g, g], [5, -5]))
    assert group.is_identity(group.multi_exp([group.identity()] * 4, [1, 2, 3, 4]))
    assert group.multi_exp([g], [group.q + 2]) == group.exp_g(2)
    with pytest.raises(ParameterError, match="2 bases but 1 exponents"):
        group.multi_exp([g, g], [1])


@pytest.mark.parametrize("group", SMALL, ids=lambda g: g.name)
def test_multi_exp_methods_every_window(group: ModpGroup) -> None:
    p = gmpy2.mpz(group.p)
    values = [gmpy2.mpz(val(group.exp_g(k))) for k in range(2, 40)]
    values[5] = values[6]  # a repeated value
    for bits in (1, 7, 64, 200):
        exps = [secrets.randbits(bits) for _ in values]
        exps[0] = 0
        pairs = [(v, e) for v, e in zip(values, exps, strict=True) if e]
        expected = 1
        for v, e in pairs:
            expected = expected * pow(int(v), e, group.p) % group.p
        for w in range(1, 9):
            assert modp_multiexp._straus(pairs, bits, w, p) == expected, (bits, w)
        for c in range(1, 11):
            assert modp_multiexp._pippenger(pairs, bits, c, p) == expected, (bits, c)


@MANY
@given(data=st.data())
def test_pippenger_any_plan_equals_the_product(data: st.DataObject) -> None:
    """The bucket method over any split of the bit range into windows (the planned one and
    random ones), with exponents of mixed lengths, gives the plain product; the plan covers
    every bit once."""
    group = data.draw(st.sampled_from(SMALL))
    p = gmpy2.mpz(group.p)
    n = data.draw(st.integers(min_value=1, max_value=40))
    values = [gmpy2.mpz(val(group.exp_g(2 + i % 9))) for i in range(n)]
    lengths = st.sampled_from([1, 2, 7, 63, 64, 65, 128, 200])
    exps = [
        data.draw(st.integers(min_value=1, max_value=2 ** data.draw(lengths) - 1)) for _ in range(n)
    ]
    pairs = sorted(zip(values, exps, strict=True), key=lambda pr: pr[1].bit_length(), reverse=True)
    sizes = [e.bit_length() for _, e in pairs]
    expected = 1
    for v, e in pairs:
        expected = expected * pow(int(v), e, group.p) % group.p
    cost, plan = modp_multiexp.window_plan(sizes)
    assert cost > 0
    covered = [bit for lo, c in plan for bit in range(lo, lo + c)]
    assert sorted(covered) == list(range(len(covered))) and len(covered) >= sizes[0]
    assert [lo for lo, _ in plan] == sorted((lo for lo, _ in plan), reverse=True)
    assert modp_multiexp._pippenger_plan(pairs, sizes, plan, p) == expected
    _, narrow = modp_multiexp.window_plan(sizes, range(3, 5))
    assert {c for _, c in narrow} <= {1, 2, 3, 4} and sum(c for _, c in narrow) >= sizes[0]
    assert modp_multiexp._pippenger_plan(pairs, sizes, narrow, p) == expected
    widths = data.draw(st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=300))
    random_plan: list[tuple[int, int]] = []
    lo = 0
    for c in widths * (1 + sizes[0]):
        if lo >= sizes[0]:
            break
        random_plan.append((lo, c))
        lo += c
    random_plan.reverse()
    assert modp_multiexp._pippenger_plan(pairs, sizes, random_plan, p) == expected
    assert modp_multiexp.multi_exp_raw(values, exps, p) == expected


def test_exp_g_before_and_after_the_table() -> None:
    """The first G_TABLE_AFTER calls of exp_g use powmod, the later ones g's table: the same
    values either way."""
    fresh = ModpGroup(STRUCT_P, STRUCT_Q, val(STRUCT.generator()), name="fresh-struct")
    ks = [secrets.randbelow(fresh.q) for _ in range(modp.G_TABLE_AFTER + 5)] + [0, -1, fresh.q]
    got = [val(fresh.exp_g(k)) for k in ks]
    assert fresh._g_table is not None
    assert got == [pow(fresh.g, k % fresh.q, fresh.p) for k in ks]


def test_primality_reps_zero_only_for_the_standard_constants() -> None:
    with pytest.raises(ParameterError, match="primality_reps must be positive"):
        ModpGroup(STRUCT_P, STRUCT_Q, val(STRUCT.generator()), name="x", primality_reps=0)
    with pytest.raises(ParameterError, match="primality_reps must be positive"):
        ModpGroup(MODP4096_P, MODP4096_Q, MODP4096_G, name="x", primality_reps=-1)
    # a composite p is refused with any positive count
    with pytest.raises(ParameterError, match="p is not a prime"):
        ModpGroup(MODP4096_P + 2 * MODP4096_Q, MODP4096_Q, 4, name="x", primality_reps=1)


# -- fixed-base tables -----------------------------------------------------------------------------


@pytest.mark.parametrize("group", SMALL, ids=lambda g: g.name)
def test_fixed_base_every_window_small(group: ModpGroup) -> None:
    base = group.exp_g(987654321)
    assert isinstance(base, ModpElement)
    ks = [0, 1, 2, -1, group.q - 1, group.q, group.q + 1, -(2**80)] + [
        secrets.randbelow(group.q) for _ in range(10)
    ]
    for w in range(1, 11):
        table = group.fixed_base(base, window=w)
        assert table.window == w and table.base == base
        assert table.entries == -(-group.q.bit_length() // w) * ((1 << w) - 1)
        for k in ks:
            assert table.exp(k).value == pow(base.value, k % group.q, group.p), (w, k)


@FEW
@given(k=scalars)
def test_fixed_base_modp4096(k: int) -> None:
    g = MODP4096.generator()
    assert isinstance(g, ModpElement)
    expected = int(gmpy2.powmod(g.value, k % MODP4096.q, MODP4096.p))
    assert val(MODP4096.exp_g(k)) == expected
    key = MODP4096.exp_g(1234567)
    assert isinstance(key, ModpElement)
    table = MODP4096.fixed_base(key, window=4)
    assert table.exp(k).value == int(gmpy2.powmod(key.value, k % MODP4096.q, MODP4096.p))


def test_fixed_base_refuses_bad_window() -> None:
    with pytest.raises(ParameterError, match="window"):
        SAFE.fixed_base(SAFE.generator(), window=0)
    assert SAFE.fixed_base(SAFE.generator(), window=8) is SAFE.fixed_base(
        SAFE.generator(), window=8
    )


# -- strict decoding -------------------------------------------------------------------------------


def test_encode_decode_roundtrip(group: ModpGroup) -> None:
    for k in (1, 2, group.q - 1, secrets.randbelow(group.q - 1) + 1):
        x = group.exp_g(k)
        data = group.encode(x)
        assert len(data) == group.element_bytes
        assert group.decode(data, "x") == x
        assert group.from_hex(group.to_hex(x), "x") == x


def bad_values(group: ModpGroup) -> list[tuple[bytes, str]]:
    """Invalid encodings with the reason their error must give."""
    p = group.p
    factors = [2, group.q] + ([group.r // 2] if group.batched_membership else [])
    bad = [
        (b"\x01" * (group.element_bytes - 1), f"expected {group.element_bytes} bytes, got"),
        (b"\x01" * (group.element_bytes + 1), f"expected {group.element_bytes} bytes, got"),
        (b"", "expected"),
        (raw(group, 0), "value 0 is out of range"),
        (raw(group, p), "out of range"),
        (raw(group, p + 1), "out of range"),
        (b"\xff" * group.element_bytes, "out of range"),
        (raw(group, p - 1), "not in the order-q subgroup"),  # order 2
        (raw(group, 2 * val(group.exp_g(5)) % p), "not in the order-q subgroup")
        if group is not SAFE
        else (raw(group, p - 4), "not in the order-q subgroup"),
    ]
    if group.batched_membership:
        bad.append((raw(group, whole_group_generator(p, factors)), "not in the order-q subgroup"))
        z = order_r1_element(group)
        bad.append((raw(group, z), "not in the order-q subgroup"))
        bad.append((raw(group, z * val(group.exp_g(9)) % p), "not in the order-q subgroup"))
    else:
        bad.append((raw(group, whole_group_generator(p, [2, group.q])), "not in the order-q"))
    return bad


def test_decode_refuses(group: ModpGroup) -> None:
    for data, reason in bad_values(group):
        with pytest.raises(GroupElementError, match=reason) as info:
            group.decode(data, "ballot.alpha")
        assert str(info.value).startswith("ballot.alpha: ")
    with pytest.raises(GroupElementError, match="key: the identity element is not allowed"):
        group.decode(raw(group, 1), "key")
    with pytest.raises(GroupElementError, match="expected bytes"):
        group.decode("00" * group.element_bytes, "key")  # type: ignore[arg-type]
    text = next(t for k in range(2, 99) if not (t := group.to_hex(group.exp_g(k))).isdigit())
    with pytest.raises(EncodingError, match="not lowercase hex"):
        group.from_hex(text.upper(), "key")


def test_decode_validated_checks_the_format_but_not_membership_again(group: ModpGroup) -> None:
    """For encodings this process decoded before (V7's counted ciphertexts): the same element,
    every format check, and no second subgroup check (what makes it cheap)."""
    for k in (1, 7, group.q - 1):
        data = group.encode(group.exp_g(k))
        assert group.decode_validated(data, "alpha") == group.decode(data, "alpha")
    for data, reason in bad_values(group):
        if "order-q" in reason:
            continue
        with pytest.raises(GroupElementError, match=reason):
            group.decode_validated(data, "alpha")
    with pytest.raises(GroupElementError, match="identity element is not allowed"):
        group.decode_validated(raw(group, 1), "alpha")
    assert group.decode_validated(raw(group, 1), "alpha", allow_identity=True) == group.identity()
    order_two = raw(group, group.p - 1)  # never decoded before: decode refuses it, this does not
    assert val(group.decode_validated(order_two, "alpha")) == group.p - 1


def test_the_kept_form_is_the_encodings_read_back_as_validated(group: ModpGroup) -> None:
    """A checker's counted ciphertexts (no packed form here): the encodings joined, read back
    with :meth:`decode_validated`'s checks; an α is remembered by its encoding itself."""
    elements = [group.exp_g(k) for k in (1, 7, group.q - 1)]
    data = group.keep(elements)
    assert group.kept_bytes == group.element_bytes
    assert data == b"".join(group.encode(e) for e in elements)
    assert group.kept(data, "counted") == elements
    assert group.kept_encoding(data[: group.kept_bytes]) == group.encode(elements[0])
    with pytest.raises(GroupElementError, match=r"^counted: .*whole elements"):
        group.kept(data[:-1], "counted")
    with pytest.raises(GroupElementError, match="identity element is not allowed"):
        group.kept(raw(group, 1), "counted")


def test_modp4096_lengths_511_513() -> None:
    good = MODP4096.encode(MODP4096.generator())
    for data in (good[1:], b"\x00" + good):
        with pytest.raises(GroupElementError, match=r"expected 512 bytes, got 51[13]"):
            MODP4096.decode(data, "commitment")


def test_decode_many_valid_agrees(group: ModpGroup) -> None:
    n = 300 if group is MODP4096 else 500
    elements = [group.exp_g(secrets.randbelow(group.q - 1) + 1) for _ in range(n)]
    datas = [group.encode(x) for x in elements]
    decoded = group.decode_many(datas, "alpha")
    assert decoded == elements
    assert decoded == [group.decode(d, "alpha") for d in datas]
    assert group.decode_many([], "alpha") == []
    assert group.decode_many(datas[:1], "alpha") == elements[:1]
    with_identity = [*datas[:3], raw(group, 1)]
    assert group.decode_many(with_identity, "agg", allow_identity=True)[3] == group.identity()
    with pytest.raises(GroupElementError, match=r"key\[3\]: the identity element is not allowed"):
        group.decode_many(with_identity, "key")


def test_decode_many_names_the_bad_element(group: ModpGroup) -> None:
    n = 200 if group is MODP4096 else 400
    datas = [group.encode(group.exp_g(secrets.randbelow(group.q - 1) + 1)) for _ in range(n)]
    for bad, reason in bad_values(group):
        index = secrets.randbelow(n)
        batch = [*datas[:index], bad, *datas[index + 1 :]]
        with pytest.raises(GroupElementError, match=reason) as batched:
            group.decode_many(batch, "ciphertexts")
        with pytest.raises(GroupElementError) as single:
            group.decode(bad, f"ciphertexts[{index}]")
        assert str(batched.value).startswith(f"ciphertexts[{index}]: ")
        assert str(batched.value) == str(single.value)


def test_deferred_membership_folds_every_call_into_one_check(group: ModpGroup) -> None:
    """Inside ``deferred_membership``, ``decode_many`` leaves the q-power to one fold over
    every element of the block: members hold; one quadratic residue outside the subgroup (which
    ``decode_many`` alone refuses) passes decoding and makes the fold fail; the Jacobi test and
    the format checks still refuse at once. Groups without the structure defer nothing."""
    members = [group.encode(group.exp_g(secrets.randbelow(group.q - 1) + 1)) for _ in range(12)]
    with group.deferred_membership() as batch:
        decoded = [group.decode_many(members[k : k + 4], "v") for k in range(0, 12, 4)]
    assert [x for part in decoded for x in part] == [group.decode(d, "v") for d in members]
    assert batch.holds()
    if not group.batched_membership:
        for bad, reason in bad_values(group):
            with group.deferred_membership(), pytest.raises(GroupElementError, match=reason):
                group.decode_many([members[0], bad], "v")
        return
    outsider = raw(group, order_r1_element(group) * val(group.exp_g(7)) % group.p)
    with pytest.raises(GroupElementError, match=r"v\[1\]: value is not in the order-q"):
        group.decode_many([members[0], outsider], "v")
    with group.deferred_membership() as batch:
        group.decode_many(members[:4], "v")
        group.decode_many([members[4], outsider], "v")
        group.decode_many(members[5:], "v")
        with pytest.raises(GroupElementError, match=r"w\[1\]: value is not in the order-q"):
            group.decode_many([members[0], raw(group, group.p - 1)], "w")  # Jacobi −1
    assert not batch.holds()
    with group.deferred_membership() as other:
        pass
    assert other.holds()
    with pytest.raises(GroupElementError):  # outside the block: checked at once again
        group.decode_many([members[0], outsider], "v")


def test_decode_in_a_block_defers_the_q_power(group: ModpGroup) -> None:
    """Inside deferred_membership, decode checks the Jacobi symbol at once and leaves the q-power
    to the block's fold; outside, it checks everything at once."""
    member = group.encode(group.exp_g(11))
    with group.deferred_membership() as batch:
        assert group.decode(member, "a") == group.exp_g(11)
        with pytest.raises(GroupElementError, match=r"^b: value is not in the order-q"):
            group.decode(raw(group, group.p - 1), "b")  # Jacobi −1
    assert batch.holds()
    if not group.batched_membership:
        return
    outsider = raw(group, order_r1_element(group) * val(group.exp_g(7)) % group.p)
    with group.deferred_membership() as batch:
        group.decode(member, "a")
        group.decode(outsider, "c")  # a quadratic residue: only the fold sees it
    assert not batch.holds()
    with pytest.raises(GroupElementError, match=r"^c: value is not in the order-q"):
        group.decode(outsider, "c")


def test_membership_folded_outcome_is_that_of_decoding_one_by_one(group: ModpGroup) -> None:
    """membership_folded gives run()'s outcome when the fold holds, and otherwise (a non-member
    that only the fold sees, or an error in the block) what decoding element by element gives."""
    good = [group.encode(group.exp_g(k)) for k in (3, 5, 8)]
    runs: list[int] = []

    def parse(datas: list[bytes]) -> list[Element]:
        runs.append(len(datas))
        return [group.decode(d, f"x[{i}]") for i, d in enumerate(datas)]

    assert membership_folded(group, lambda: parse(good)) == [group.exp_g(k) for k in (3, 5, 8)]
    assert runs == [3]
    assert membership_folded(None, lambda: parse(good[:1])) == [group.exp_g(3)]
    runs.clear()
    bad_sign = [*good, raw(group, group.p - 1)]
    with pytest.raises(GroupElementError, match=r"^x\[3\]: value is not in the order-q"):
        membership_folded(group, lambda: parse(bad_sign))
    assert runs == [4, 4]
    if not group.batched_membership:
        return
    runs.clear()
    outsider = raw(group, order_r1_element(group) * val(group.exp_g(7)) % group.p)
    with pytest.raises(GroupElementError, match=r"^x\[1\]: value is not in the order-q"):
        membership_folded(group, lambda: parse([good[0], outsider, raw(group, group.p - 1)]))
    assert runs == [3, 3]  # the block named x[2] (its Jacobi symbol); decoding names x[1]
    runs.clear()
    with pytest.raises(GroupElementError, match=r"^x\[1\]: value is not in the order-q"):
        membership_folded(group, lambda: parse([good[0], outsider]))
    assert runs == [2, 2]  # the block passed it, the fold did not


def drawn_values(data: st.DataObject, group: ModpGroup, max_size: int) -> list[int]:
    """Up to ``max_size`` values to decode: members, and integers in and around [0, p)."""
    return data.draw(
        st.lists(
            st.one_of(
                st.integers(min_value=0, max_value=group.p + 5),
                st.builds(lambda k: val(group.exp_g(k)), st.integers(0, group.q)),
            ),
            max_size=max_size,
        )
    )


@MANY
@given(data=st.data())
def test_decode_many_agrees_with_decode_small(data: st.DataObject) -> None:
    group = data.draw(st.sampled_from(SMALL))
    values = drawn_values(data, group, 30)
    allow = data.draw(st.booleans())
    datas = [raw(group, v) for v in values]
    expected: list[Element] | str = []
    assert isinstance(expected, list)
    for i, d in enumerate(datas):
        try:
            expected.append(group.decode(d, f"v[{i}]", allow_identity=allow))
        except GroupElementError as exc:
            expected = str(exc)
            break
    try:
        got: list[Element] | str = group.decode_many(datas, "v", allow_identity=allow)
    except GroupElementError as exc:
        got = str(exc)
    assert got == expected


@MANY
@given(data=st.data())
def test_decode_with_commitments_agrees_with_decode_many(data: st.DataObject) -> None:
    """Outside a deferred block, decoding a proof's values with its commitments marked accepts,
    returns and refuses (naming the same element) exactly what ``decode_many`` does."""
    group = data.draw(st.sampled_from(SMALL))
    values = drawn_values(data, group, 12)
    split = data.draw(st.integers(0, len(values)))
    datas = [raw(group, v) for v in values]
    outcomes: list[object] = []
    for decode in (
        lambda: group.decode_many(datas, "v"),
        lambda: group.decode_with_commitments(datas, "v", commitments_from=split),
    ):
        try:
            outcomes.append(decode())
        except GroupElementError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


def _schnorr_like(group: ModpGroup, x: int, u: int, c: int) -> tuple[int, int, int, int]:
    """``(X, a, c, v)`` with ``g^v = a·X^c``: a statement, its commitment, challenge, response."""
    return val(group.exp_g(x)), val(group.exp_g(u)), c, (u + c * x) % group.q


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_commitments_left_to_the_proof_batch(data: st.DataObject) -> None:
    """docs/spec.md §3.2, "Commitments' membership from the proof batch": inside a deferred
    block a proof's commitments take no part in the fold when the batch of their equations held
    at its first evaluation with them among its bases. A commitment outside the subgroup (a
    quadratic residue: a member times an element of order r′) fails its equation, so the batch
    vouches for nothing and the fold, which then takes every commitment, fails; one whose
    equation never reached the batch is folded. Members only: everything holds."""
    group = data.draw(st.sampled_from([STRUCT, STRUCT, MODP4096]))
    n = data.draw(st.integers(1, 5 if group is MODP4096 else 12))
    scalars = st.integers(1, group.q - 1)
    proofs = [
        _schnorr_like(group, data.draw(scalars), data.draw(scalars), data.draw(scalars))
        for _ in range(n)
    ]
    outside = data.draw(st.sets(st.integers(0, n - 1), max_size=2))
    dropped = data.draw(st.sets(st.integers(0, n - 1), max_size=2))
    z = order_r1_element(group)
    q, p = group.q, group.p
    with group.deferred_membership() as members:
        decoded = [
            group.decode_with_commitments(
                [raw(group, X), raw(group, a * z % p if i in outside else a)],
                f"proof[{i}]",
                commitments_from=1,
            )
            for i, (X, a, _, _) in enumerate(proofs)
        ]
    batch = BatchVerifier(group)
    added = [i for i in range(n) if i not in dropped]
    for i in added:
        (X_el, a_el), (_, _, c, v) = decoded[i], proofs[i]
        batch.add(f"proof[{i}]", (group.generator(), a_el, X_el), (v, q - 1, (-c) % q))
    failed = batch.check()
    assert failed == [f"proof[{i}]" for i in added if i in outside]
    commitments = [a_el for _, a_el in decoded]
    vouched = len(added) > 1 and not failed
    left = [a for i, a in enumerate(commitments) if i in dropped or not vouched]
    assert batch.uncovered(commitments) == left
    assert members.holds(batch) == (not outside)
    # the same values decoded outside a block: a commitment outside is refused at once
    if outside:
        i = min(outside)
        with pytest.raises(GroupElementError, match=rf"^proof\[{i}\]\[1\]: value is not in"):
            X, a, _, _ = proofs[i]
            group.decode_with_commitments(
                [raw(group, X), raw(group, a * z % p)], f"proof[{i}]", commitments_from=1
            )


def test_standard_constants_pass_the_full_primality_check() -> None:
    """MODP4096 is built with Baillie–PSW alone for a quick import; here the full check."""
    from plebiscite.crypto.modp import (
        MODP4096_G,
        MODP4096_P,
        MODP4096_Q,
        MODP4096_R,
        PRIMALITY_REPS,
        ModpGroup,
    )

    full = ModpGroup(
        MODP4096_P,
        MODP4096_Q,
        MODP4096_G,
        name="modp4096",
        r=MODP4096_R,
        primality_reps=PRIMALITY_REPS,
    )
    assert full.batched_membership == MODP4096.batched_membership
