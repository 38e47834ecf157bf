"""Exponential ElGamal on every backend: round trips, homomorphism, identity cases, codec."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plebiscite.crypto import elgamal
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog
from plebiscite.crypto.group import Group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import EncodingError, GroupElementError, ParameterError


@pytest.fixture(scope="module")
def dlog(group: Group) -> DiscreteLog:
    return DiscreteLog(group, 2000)


def test_decrypt_of_encrypt(group: Group, dlog: DiscreteLog) -> None:
    rng = DeterministicRandom("elgamal-roundtrip")
    kp = elgamal.keygen(group, rng)
    for m in (0, 1, 2, 17, 999, 2000):
        ct, r = elgamal.encrypt(group, kp.public, m, rng=rng)
        assert 0 < r < group.q
        assert ct.alpha == group.exp_g(r)
        assert elgamal.decrypt(group, kp.secret, ct, dlog) == m
        assert elgamal.decrypt_to_element(group, kp.secret, ct) == group.exp_g(m)


def test_given_randomness_is_used(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(1))
    ct, r = elgamal.encrypt(group, kp.public, 5, r=12345)
    assert r == 12345
    assert ct == Ciphertext(group.exp_g(12345), group.mul(group.exp_g(5), group.exp(kp.public, r)))
    ct_neg, r_neg = elgamal.encrypt(group, kp.public, 5, r=-1)
    assert r_neg == group.q - 1
    assert ct_neg.alpha == group.inv(group.generator())


def test_encrypt_equals_public_formula(group: Group, examples: hsettings) -> None:
    """β as one product of g^(m+1), g^(−1) and K^r (the secret paths) is g^m·K^r computed on
    the public paths, m = 0 (where g^(m+1)·g^(−1) cancels) included."""
    kp = elgamal.keygen(group, DeterministicRandom("public-formula"))

    @examples
    @given(m=st.integers(0, 3), r=st.integers(1, group.q - 1))
    def check(m: int, r: int) -> None:
        ct, used = elgamal.encrypt(group, kp.public, m, r=r)
        assert used == r
        beta = group.mul(group.exp_g(m), group.exp(kp.public, r))
        assert ct == Ciphertext(group.exp_g(r), beta)
        assert group.encode(ct.beta) == group.encode(beta)

    check()


def test_homomorphism(group: Group, dlog: DiscreteLog, examples: hsettings) -> None:
    kp = elgamal.keygen(group, DeterministicRandom("homomorphism"))

    @examples
    @given(st.lists(st.integers(0, 200), max_size=6))
    def check(ms: list[int]) -> None:
        rng = DeterministicRandom(repr(ms))
        cts = [elgamal.encrypt(group, kp.public, m, rng=rng)[0] for m in ms]
        total = elgamal.aggregate(group, cts)
        assert elgamal.decrypt(group, kp.secret, total, dlog) == sum(ms)
        if len(cts) >= 2:
            pair = elgamal.add(group, cts[0], cts[1])
            assert elgamal.decrypt(group, kp.secret, pair, dlog) == ms[0] + ms[1]

    check()


def test_empty_aggregate_is_an_encryption_of_zero(group: Group, dlog: DiscreteLog) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(2))
    empty = elgamal.aggregate(group, [])
    assert group.is_identity(empty.alpha) and group.is_identity(empty.beta)
    assert elgamal.decrypt(group, kp.secret, empty, dlog) == 0
    encoded = elgamal.encode_ciphertext(group, empty)
    assert elgamal.decode_ciphertext(group, encoded, "aggregate", allow_identity=True) == empty
    with pytest.raises(GroupElementError, match=r"ballot\.alpha"):
        elgamal.decode_ciphertext(group, encoded, "ballot", allow_identity=False)


def test_opposite_randomness_aggregates_to_identity_alpha(group: Group, dlog: DiscreteLog) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(3))
    ct1, r1 = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(4))
    ct2, _ = elgamal.encrypt(group, kp.public, 1, r=-r1)
    total = elgamal.add(group, ct1, ct2)
    assert group.is_identity(total.alpha)
    assert total.beta == group.exp_g(2)
    assert elgamal.decrypt(group, kp.secret, total, dlog) == 2
    encoded = elgamal.encode_ciphertext(group, total)
    assert elgamal.decode_ciphertext(group, encoded, "aggregate", allow_identity=True) == total


def test_ciphertext_codec_is_strict(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(5))
    ct, _ = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(6))
    encoded = elgamal.encode_ciphertext(group, ct)
    assert set(encoded) == {"alpha", "beta"}
    assert len(encoded["alpha"]) == 2 * group.element_bytes
    assert elgamal.decode_ciphertext(group, encoded, "ballot", allow_identity=False) == ct
    with pytest.raises(EncodingError, match="exactly the fields"):
        elgamal.decode_ciphertext(group, {**encoded, "gamma": "00"}, "ballot", allow_identity=False)
    with pytest.raises(EncodingError, match="exactly the fields"):
        elgamal.decode_ciphertext(
            group, {"alpha": encoded["alpha"]}, "ballot", allow_identity=False
        )
    with pytest.raises(EncodingError, match=r"ballot\.beta"):
        elgamal.decode_ciphertext(
            group, {**encoded, "beta": encoded["beta"].upper()}, "ballot", allow_identity=False
        )
    with pytest.raises(EncodingError, match=r"ballot\.alpha"):
        elgamal.decode_ciphertext(
            group, {**encoded, "alpha": encoded["alpha"][:-2]}, "ballot", allow_identity=False
        )
    with pytest.raises(EncodingError):
        elgamal.decode_ciphertext(group, [encoded["alpha"]], "ballot", allow_identity=False)


def test_discrete_log_is_bounded_and_lazy(group: Group) -> None:
    table = DiscreteLog(group, 50)
    assert table._table is None  # built on first use only
    assert table.solve(group.exp_g(50)) == 50
    assert table.solve(group.identity()) == 0
    built = table._table
    assert built is not None and len(built) == 8  # ⌈√51⌉ baby steps
    with pytest.raises(ParameterError, match=r"\[0, 50\]"):
        table.solve(group.exp_g(51))
    with pytest.raises(ParameterError, match=r"\[0, 50\]"):
        table.solve(group.exp_g(group.q - 1))
    assert table._table is built  # never rebuilt
    with pytest.raises(ParameterError):
        DiscreteLog(group, -1)


def test_bad_inputs_are_refused(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(7))
    with pytest.raises(ParameterError, match="non-negative"):
        elgamal.encrypt(group, kp.public, -1)
    with pytest.raises(GroupElementError, match="public key"):
        elgamal.encrypt(group, group.identity(), 1)
    assert str(kp.secret) not in repr(kp)
    assert "hidden" in repr(kp)
