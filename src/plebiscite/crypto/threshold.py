"""Threshold primitives for a k-of-n joint-Feldman key (pure functions; DESIGN §3).

A dealer draws a polynomial ``f(z) = a_0 + a_1·z + … + a_(k−1)·z^(k−1)`` over Z_q, publishes the
coefficient commitments ``C_j = g^(a_j)`` and gives trustee ``i`` (``1 ≤ i ≤ n``) the share
``s_i = f(i)``, which anyone holding it checks with ``g^(s_i) = ∏_j C_j^(i^j)``. Over a qualified
set of dealers the joint key is ``K = ∏_d C_(d,0)``, trustee ``i``'s secret is the sum of the
shares it received and its verification key is ``VK_i = ∏_d ∏_j C_(d,j)^(i^j)``.

A trustee decrypts an aggregate ``(α, β)`` partially as ``M_i = α^(s_i)`` with a Chaum–Pedersen
proof (:func:`plebiscite.crypto.proofs.prove_partial_decryption`); any ``k`` of them combine with
Lagrange coefficients at 0 into ``g^m = β / ∏ M_i^(λ_i)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto import rand
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.proofs import ChaumPedersenProof, prove_partial_decryption
from plebiscite.errors import ParameterError

__all__ = [
    "Polynomial",
    "check_share",
    "combine",
    "commit",
    "joint_key",
    "lagrange_at_zero",
    "partial_decrypt",
    "random_polynomial",
    "share",
    "shares",
    "verification_key",
]


@dataclass(frozen=True)
class Polynomial:
    """A secret polynomial over Z_q, coefficients ``a_0 … a_(k−1)``. The repr hides them."""

    coefficients: tuple[int, ...]
    q: int

    def __repr__(self) -> str:
        return f"Polynomial(degree={len(self.coefficients) - 1}, coefficients=<hidden>)"

    def __call__(self, x: int) -> int:
        """``f(x) mod q`` (Horner)."""
        acc = 0
        for a in reversed(self.coefficients):
            acc = (acc * x + a) % self.q
        return acc


def _check_threshold(k: object, n: object | None = None) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ParameterError(f"threshold k must be a positive integer, got {k!r}")
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, int) or n < k:
            raise ParameterError(f"number of trustees n must be an integer ≥ k = {k}, got {n!r}")


def _check_index(group: Group, i: object, role: str = "trustee index") -> int:
    if isinstance(i, bool) or not isinstance(i, int) or not 0 < i < group.q:
        raise ParameterError(f"{role} must be an integer in [1, q), got {i!r}")
    return i


def random_polynomial(
    group: Group, k: int, rng: rand.Random | None = None, *, constant: int | None = None
) -> Polynomial:
    """A uniformly random polynomial of degree ``k − 1`` (``constant`` fixes ``a_0`` if given)."""
    _check_threshold(k)
    coefficients = [group.random_scalar(rng) for _ in range(k)]
    if constant is not None:
        coefficients[0] = constant % group.q
    return Polynomial(tuple(coefficients), group.q)


def commit(group: Group, polynomial: Polynomial) -> tuple[Element, ...]:
    """The coefficient commitments ``C_j = g^(a_j)`` (secret exponents)."""
    return tuple(group.exp_g_secret(a) for a in polynomial.coefficients)


def share(group: Group, polynomial: Polynomial, i: int) -> int:
    """Trustee ``i``'s share ``f(i)``; ``i`` must lie in ``[1, q)``."""
    return polynomial(_check_index(group, i))


def shares(group: Group, polynomial: Polynomial, n: int) -> dict[int, int]:
    """The shares ``{i: f(i)}`` for the trustees ``1 … n``."""
    _check_threshold(len(polynomial.coefficients), n)
    return {i: share(group, polynomial, i) for i in range(1, n + 1)}


def _commitment_product(group: Group, commitments: Sequence[Element], i: int) -> Element:
    """``∏_j C_j^(i^j)``: ``g^(f(i))`` computed from the commitments alone."""
    if not commitments:
        raise ParameterError("a dealer's commitments must not be empty")
    q = group.q
    powers = [pow(i, j, q) for j in range(len(commitments))]
    return group.multi_exp(list(commitments), powers)


def check_share(group: Group, commitments: Sequence[Element], i: int, s_i: int) -> bool:
    """Whether ``g^(s_i) = ∏_j C_j^(i^j)``: the share matches the dealer's commitments."""
    _check_index(group, i)
    if isinstance(s_i, bool) or not isinstance(s_i, int) or not 0 <= s_i < group.q:
        return False
    return group.exp_g_secret(s_i) == _commitment_product(group, commitments, i)


def _dealers(
    dealer_commitments: Mapping[int, Sequence[Element]], qualified: Iterable[int] | None
) -> list[Sequence[Element]]:
    chosen = sorted(dealer_commitments) if qualified is None else sorted(set(qualified))
    missing = [d for d in chosen if d not in dealer_commitments]
    if missing:
        raise ParameterError(f"no commitments for the qualified dealers {missing}")
    if not chosen:
        raise ParameterError("the qualified set of dealers is empty")
    return [dealer_commitments[d] for d in chosen]


def joint_key(
    group: Group,
    dealer_commitments: Mapping[int, Sequence[Element]],
    qualified: Iterable[int] | None = None,
) -> Element:
    """``K = ∏_(d ∈ QUAL) C_(d,0)`` (all dealers when ``qualified`` is None)."""
    return group.prod([c[0] for c in _dealers(dealer_commitments, qualified)])


def verification_key(
    group: Group,
    dealer_commitments: Mapping[int, Sequence[Element]],
    i: int,
    qualified: Iterable[int] | None = None,
) -> Element:
    """``VK_i = ∏_(d ∈ QUAL) ∏_j C_(d,j)^(i^j) = g^(Σ_d f_d(i))`` in one multi-exponentiation."""
    _check_index(group, i)
    q = group.q
    bases: list[Element] = []
    exps: list[int] = []
    for commitments in _dealers(dealer_commitments, qualified):
        if not commitments:
            raise ParameterError("a dealer's commitments must not be empty")
        bases.extend(commitments)
        exps.extend(pow(i, j, q) for j in range(len(commitments)))
    return group.multi_exp(bases, exps)


def partial_decrypt(
    group: Group,
    secret_share: int,
    ct: Ciphertext,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> tuple[Element, ChaumPedersenProof]:
    """``M_i = α^(s_i)`` (constant-time exponentiation) and its Chaum–Pedersen proof."""
    return prove_partial_decryption(group, secret_share, ct, context, rng=rng)


def lagrange_at_zero(group: Group, indices: Sequence[int], k: int) -> dict[int, int]:
    """``λ_i = ∏_(j ≠ i) j / (j − i) mod q`` for each index ``i`` of ``indices``.

    Refuses duplicate indices, indices outside ``[1, q)`` (zero, negative, ≥ q) and sets with
    fewer than ``k`` indices.
    """
    _check_threshold(k)
    checked = [_check_index(group, i) for i in indices]
    if len(set(checked)) != len(checked):
        duplicates = sorted({i for i in checked if checked.count(i) > 1})
        raise ParameterError(f"duplicate trustee indices {duplicates}")
    if len(checked) < k:
        raise ParameterError(f"{len(checked)} trustee indices given, at least k = {k} needed")
    q = group.q
    result: dict[int, int] = {}
    for i in checked:
        num, den = 1, 1
        for j in checked:
            if j != i:
                num = num * j % q
                den = den * (j - i) % q
        result[i] = num * pow(den, -1, q) % q
    return result


def combine(group: Group, ct: Ciphertext, partials: Mapping[int, Element], k: int) -> Element:
    """``g^m = β / ∏ M_i^(λ_i)`` from at least ``k`` partial decryptions ``{i: M_i}``.

    The partial decryptions must already be verified against their proofs.
    """
    lam = lagrange_at_zero(group, list(partials), k)
    indices = list(partials)
    shared = group.multi_exp([partials[i] for i in indices], [lam[i] for i in indices])
    return group.div(ct.beta, shared)
