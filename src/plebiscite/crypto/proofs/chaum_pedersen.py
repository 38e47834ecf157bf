"""Chaum–Pedersen proofs of equal discrete logarithms, and the partial decryption proof built
on them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.proofs.common import (
    checked_element,
    checked_scalar,
    conclude,
    hash_challenge,
    neg,
)
from plebiscite.errors import ProofError

__all__ = [
    "ChaumPedersenProof",
    "chaum_pedersen_equations",
    "partial_decryption_equations",
    "prove_chaum_pedersen",
    "prove_partial_decryption",
    "verify_chaum_pedersen",
    "verify_partial_decryption",
]


# -- Chaum–Pedersen -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChaumPedersenProof:
    """Equality of discrete logs ``log_g A = log_B C = x``.

    Commitments ``a = g^u``, ``b = B^u``; response ``v = u + c·x``. Checks: ``g^v = a·A^c`` and
    ``B^v = b·C^c``. The commitment ``b`` is the identity exactly when ``B`` is (an aggregate
    with ``α = 1``); it is refused as the identity otherwise.
    """

    a: Element
    b: Element
    response: int


def _cp_challenge(
    group: Group,
    tag: str,
    statement: Mapping[str, CanonicalValue],
    a: Element,
    b: Element,
    context: CanonicalValue,
) -> int:
    return hash_challenge(group, tag, context, statement, [group.encode(a), group.encode(b)])


def _cp_statement(group: Group, A: Element, B: Element, C: Element) -> dict[str, CanonicalValue]:
    return {
        "g": group.encode(group.generator()),
        "A": group.encode(A),
        "B": group.encode(B),
        "C": group.encode(C),
    }


def _prove_cp(
    group: Group,
    x: int,
    B: Element,
    make_challenge: Callable[[Element, Element], int],
    rng: rand.Random | None,
) -> ChaumPedersenProof:
    u = group.random_nonzero_scalar(rng)
    a = group.exp_g_secret(u)
    b = group.exp_secret(B, u)
    c = make_challenge(a, b)
    return ChaumPedersenProof(a=a, b=b, response=(u + c * x) % group.q)


def prove_chaum_pedersen(
    group: Group,
    x: int,
    B: Element,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> ChaumPedersenProof:
    """Prove ``log_g A = log_B C`` for ``A = g^x``, ``C = B^x`` (both recomputed from ``x``)."""
    A = group.exp_g_secret(x)
    C = group.exp_secret(B, x)
    statement = _cp_statement(group, A, B, C)
    return _prove_cp(
        group,
        x,
        B,
        lambda a, b: _cp_challenge(group, tags.CHAUM_PEDERSEN_CHALLENGE, statement, a, b, context),
        rng,
    )


def chaum_pedersen_equations(
    group: Group, A: Element, B: Element, C: Element, proof: ChaumPedersenProof, c: int
) -> list[Equation]:
    """``[g^v·a⁻¹·A^(−c) = 1, B^v·b⁻¹·C^(−c) = 1]``."""
    g = group.generator()
    v, minus_one, minus_c = proof.response, group.q - 1, neg(group, c)
    return [
        Equation((g, proof.a, A), (v, minus_one, minus_c)),
        Equation((B, proof.b, C), (v, minus_one, minus_c)),
    ]


def _check_cp_shape(
    group: Group, name: str, B: Element, proof: ChaumPedersenProof, b_role: str
) -> None:
    checked_element(group, name, "commitment a", proof.a, identity=False)
    b = checked_element(group, name, b_role, proof.b, identity=True)
    if group.is_identity(b) != group.is_identity(B):
        raise ProofError(
            f"{name}: {b_role} must be the identity exactly when its base is the identity"
        )
    checked_scalar(group, name, "response v", proof.response)


def verify_chaum_pedersen(
    group: Group,
    A: Element,
    B: Element,
    C: Element,
    proof: ChaumPedersenProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify ``log_g A = log_B C``; ``A`` must not be the identity, ``B`` and ``C`` may be."""
    name = "Chaum-Pedersen proof"
    checked_element(group, name, "public element A", A, identity=False)
    checked_element(group, name, "base B", B, identity=True)
    checked_element(group, name, "public element C", C, identity=True)
    _check_cp_shape(group, name, B, proof, "commitment b")
    statement = _cp_statement(group, A, B, C)
    c = _cp_challenge(group, tags.CHAUM_PEDERSEN_CHALLENGE, statement, proof.a, proof.b, context)
    equations = chaum_pedersen_equations(group, A, B, C, proof, c)
    conclude(group, name, equations, ["g^v = a·A^c", "B^v = b·C^c"], batch, label)


# -- partial decryption ----------------------------------------------------------------------------


def _pd_statement(
    group: Group, vk: Element, ct: Ciphertext, partial: Element
) -> dict[str, CanonicalValue]:
    return {
        "g": group.encode(group.generator()),
        "VK": group.encode(vk),
        "alpha": group.encode(ct.alpha),
        "beta": group.encode(ct.beta),
        "M": group.encode(partial),
    }


def prove_partial_decryption(
    group: Group,
    share: int,
    ct: Ciphertext,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
    verification_key: Element | None = None,
) -> tuple[Element, ChaumPedersenProof]:
    """The partial decryption ``M = α^s`` of trustee share ``s`` and its proof.

    The proof is Chaum–Pedersen for ``log_g VK = log_α M`` with ``VK = g^s``; its challenge binds
    ``VK``, the whole ciphertext ``(α, β)`` and ``M`` under the partial-decryption tag. A trustee
    decrypting a list passes its ``verification_key`` (``g^s``) once computed instead of having
    it recomputed per item.
    """
    vk = group.exp_g_secret(share) if verification_key is None else verification_key
    partial = group.exp_secret(ct.alpha, share)
    statement = _pd_statement(group, vk, ct, partial)
    proof = _prove_cp(
        group,
        share,
        ct.alpha,
        lambda a, b: _cp_challenge(group, tags.DECRYPTION_CHALLENGE, statement, a, b, context),
        rng,
    )
    return partial, proof


def partial_decryption_equations(
    group: Group, vk: Element, ct: Ciphertext, partial: Element, proof: ChaumPedersenProof, c: int
) -> list[Equation]:
    """``[g^v·a⁻¹·VK^(−c) = 1, α^v·b⁻¹·M^(−c) = 1]``."""
    return chaum_pedersen_equations(group, vk, ct.alpha, partial, proof, c)


def verify_partial_decryption(
    group: Group,
    vk: Element,
    ct: Ciphertext,
    partial: Element,
    proof: ChaumPedersenProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify that ``partial = α^s`` for the share ``s`` behind the verification key ``vk``.

    ``vk`` must not be the identity; the ciphertext (an aggregate) and ``partial`` may be.
    """
    name = "partial-decryption proof"
    checked_element(group, name, "verification key", vk, identity=False)
    checked_element(group, name, "ciphertext alpha", ct.alpha, identity=True)
    checked_element(group, name, "ciphertext beta", ct.beta, identity=True)
    checked_element(group, name, "partial decryption M", partial, identity=True)
    _check_cp_shape(group, name, ct.alpha, proof, "commitment b")
    statement = _pd_statement(group, vk, ct, partial)
    c = _cp_challenge(group, tags.DECRYPTION_CHALLENGE, statement, proof.a, proof.b, context)
    equations = partial_decryption_equations(group, vk, ct, partial, proof, c)
    conclude(group, name, equations, ["g^v = a·VK^c", "α^v = b·M^c"], batch, label)
