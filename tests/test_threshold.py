"""Threshold primitives on every backend: shares, keys, partial decryptions, k-of-n combination."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from plebiscite.crypto import elgamal, proofs, threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import DiscreteLog
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import ParameterError, ProofError

N, K = 5, 3


@dataclass
class Ceremony:
    """Five dealers of a 3-of-5 key: their polynomials, commitments and the summed shares."""

    polynomials: dict[int, threshold.Polynomial]
    commitments: dict[int, tuple[Element, ...]]
    secret_shares: dict[int, int]
    joint_key: Element
    verification_keys: dict[int, Element]


@pytest.fixture(scope="module")
def ceremony(group: Group) -> Ceremony:
    rng = DeterministicRandom(f"ceremony-{group.name}")
    polys = {d: threshold.random_polynomial(group, K, rng) for d in range(1, N + 1)}
    commitments = {d: threshold.commit(group, p) for d, p in polys.items()}
    secret_shares = {
        i: sum(threshold.share(group, p, i) for p in polys.values()) % group.q
        for i in range(1, N + 1)
    }
    return Ceremony(
        polynomials=polys,
        commitments=commitments,
        secret_shares=secret_shares,
        joint_key=threshold.joint_key(group, commitments),
        verification_keys={
            i: threshold.verification_key(group, commitments, i) for i in range(1, N + 1)
        },
    )


def test_shares_match_commitments(group: Group, ceremony: Ceremony) -> None:
    for d, poly in ceremony.polynomials.items():
        dealt = threshold.shares(group, poly, N)
        assert sorted(dealt) == list(range(1, N + 1))
        for i, s_i in dealt.items():
            assert threshold.check_share(group, ceremony.commitments[d], i, s_i)
            assert not threshold.check_share(group, ceremony.commitments[d], i, (s_i + 1) % group.q)
            assert not threshold.check_share(group, ceremony.commitments[d], i, (s_i - 1) % group.q)
            other = i % N + 1
            assert not threshold.check_share(group, ceremony.commitments[d], other, s_i)


def test_keys_are_products_over_the_dealers(group: Group, ceremony: Ceremony) -> None:
    secret = sum(p.coefficients[0] for p in ceremony.polynomials.values()) % group.q
    assert ceremony.joint_key == group.exp_g(secret)
    for i, vk in ceremony.verification_keys.items():
        assert vk == group.exp_g(ceremony.secret_shares[i])
    # a qualified subset of dealers
    qual = [1, 2, 4]
    sub_secret = sum(ceremony.polynomials[d].coefficients[0] for d in qual) % group.q
    assert threshold.joint_key(group, ceremony.commitments, qual) == group.exp_g(sub_secret)
    sub_share = sum(ceremony.polynomials[d](3) for d in qual) % group.q
    vk3 = threshold.verification_key(group, ceremony.commitments, 3, qual)
    assert vk3 == group.exp_g(sub_share)
    with pytest.raises(ParameterError, match="qualified dealers"):
        threshold.joint_key(group, ceremony.commitments, [1, 9])
    with pytest.raises(ParameterError, match="empty"):
        threshold.joint_key(group, ceremony.commitments, [])


def test_every_k_subset_decrypts(group: Group, ceremony: Ceremony) -> None:
    rng = DeterministicRandom(f"decrypt-{group.name}")
    votes = [1, 0, 1, 1]
    cts = [elgamal.encrypt(group, ceremony.joint_key, m, rng=rng)[0] for m in votes]
    total = elgamal.aggregate(group, cts)
    partials: dict[int, Element] = {}
    verifier = BatchVerifier(group)
    for i, s_i in ceremony.secret_shares.items():
        context: dict[str, CanonicalValue] = {"election": b"ctx", "trustee": i}
        m_i, proof = threshold.partial_decrypt(group, s_i, total, context, rng=rng)
        vk = ceremony.verification_keys[i]
        proofs.verify_partial_decryption(group, vk, total, m_i, proof, context)
        proofs.verify_partial_decryption(
            group, vk, total, m_i, proof, context, batch=verifier, label=f"trustee {i}"
        )
        with pytest.raises(ProofError):  # bound to its trustee's key and context
            other = ceremony.verification_keys[i % N + 1]
            proofs.verify_partial_decryption(group, other, total, m_i, proof, context)
        partials[i] = m_i
    assert verifier.check() == []
    dlog = DiscreteLog(group, 10)
    for size in range(K, N + 1):
        for subset in itertools.combinations(range(1, N + 1), size):
            g_m = threshold.combine(group, total, {i: partials[i] for i in subset}, K)
            assert dlog.solve(g_m) == sum(votes)


def test_identity_aggregates_combine(group: Group, ceremony: Ceremony) -> None:
    ct1, r1 = elgamal.encrypt(group, ceremony.joint_key, 1, rng=DeterministicRandom(7))
    ct2, _ = elgamal.encrypt(group, ceremony.joint_key, 1, r=-r1)
    for total, expected in ((elgamal.add(group, ct1, ct2), 2), (elgamal.aggregate(group, []), 0)):
        partials = {}
        for i in (2, 4, 5):
            m_i, proof = threshold.partial_decrypt(group, ceremony.secret_shares[i], total, i)
            proofs.verify_partial_decryption(
                group, ceremony.verification_keys[i], total, m_i, proof, i
            )
            partials[i] = m_i
        assert threshold.combine(group, total, partials, K) == group.exp_g(expected)


def test_fewer_than_k_shares_do_not_suffice(group: Group, ceremony: Ceremony) -> None:
    ct, _ = elgamal.encrypt(group, ceremony.joint_key, 1, rng=DeterministicRandom(8))
    partials = {i: group.exp(ct.alpha, ceremony.secret_shares[i]) for i in (1, 2)}
    with pytest.raises(ParameterError, match="at least k = 3"):
        threshold.combine(group, ct, partials, K)
    # interpolating two shares of a degree-2 polynomial gives a wrong key
    lam = threshold.lagrange_at_zero(group, [1, 2], 2)
    wrong = sum(lam[i] * ceremony.secret_shares[i] for i in (1, 2)) % group.q
    assert group.exp_g(wrong) != ceremony.joint_key


@pytest.mark.parametrize(
    ("indices", "message"),
    [
        ([1, 2, 2], "duplicate"),
        ([0, 1, 2], r"\[1, q\)"),
        ([-1, 1, 2], r"\[1, q\)"),
        ([1, 2], "at least k = 3"),
        ([], "at least k = 3"),
    ],
)
def test_lagrange_refuses_bad_index_sets(group: Group, indices: list[int], message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        threshold.lagrange_at_zero(group, indices, K)


def test_index_bounds(group: Group) -> None:
    with pytest.raises(ParameterError, match=r"\[1, q\)"):
        threshold.lagrange_at_zero(group, [1, 2, group.q], K)
    poly = threshold.random_polynomial(group, K, DeterministicRandom(9))
    for bad in (0, -3, group.q, True):
        with pytest.raises(ParameterError):
            threshold.share(group, poly, bad)
    with pytest.raises(ParameterError):
        threshold.random_polynomial(group, 0)
    with pytest.raises(ParameterError):
        threshold.shares(group, poly, K - 1)


def test_lagrange_interpolates_the_constant(group: Group) -> None:
    poly = threshold.random_polynomial(group, K, DeterministicRandom(10), constant=42)
    assert poly(0) == 42
    for subset in ([1, 2, 3], [2, 4, 5], [5, 1, 3, 4]):
        lam = threshold.lagrange_at_zero(group, subset, K)
        assert sum(lam[i] * poly(i) for i in subset) % group.q == 42


def test_polynomial_repr_hides_coefficients(group: Group) -> None:
    poly = threshold.random_polynomial(group, K, DeterministicRandom(11))
    text = repr(poly)
    assert "hidden" in text
    assert all(str(a) not in text for a in poly.coefficients)
