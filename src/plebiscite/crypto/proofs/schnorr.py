"""The Schnorr proof of knowledge of a discrete logarithm."""

from __future__ import annotations

from dataclasses import dataclass

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.proofs.common import (
    checked_element,
    checked_scalar,
    conclude,
    hash_challenge,
    neg,
)

__all__ = ["SchnorrProof", "prove_schnorr", "schnorr_equations", "verify_schnorr"]


# -- Schnorr -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchnorrProof:
    """Knowledge of ``x`` with ``X = g^x``: commitment ``h = g^u``, response ``v = u + c·x``.

    Check: ``g^v = h·X^c``.
    """

    commitment: Element
    response: int


def _schnorr_challenge(group: Group, X: Element, h: Element, context: CanonicalValue) -> int:
    statement = {"g": group.encode(group.generator()), "X": group.encode(X)}
    return hash_challenge(group, tags.SCHNORR_CHALLENGE, context, statement, [group.encode(h)])


def prove_schnorr(
    group: Group, x: int, context: CanonicalValue, *, rng: rand.Random | None = None
) -> SchnorrProof:
    """Prove knowledge of ``x`` (the key ``X = g^x`` is recomputed and bound into the challenge)."""
    X = group.exp_g_secret(x)
    u = group.random_nonzero_scalar(rng)
    h = group.exp_g_secret(u)
    c = _schnorr_challenge(group, X, h, context)
    return SchnorrProof(commitment=h, response=(u + c * x) % group.q)


def schnorr_equations(group: Group, X: Element, proof: SchnorrProof, c: int) -> list[Equation]:
    """``[g^v·h⁻¹·X^(−c) = 1]``."""
    g = group.generator()
    return [Equation((g, proof.commitment, X), (proof.response, group.q - 1, neg(group, c)))]


def verify_schnorr(
    group: Group,
    X: Element,
    proof: SchnorrProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify a Schnorr proof for the key ``X``; raise :class:`ProofError` if it fails."""
    name = "Schnorr proof"
    checked_element(group, name, "public key X", X, identity=False)
    h = checked_element(group, name, "commitment h", proof.commitment, identity=False)
    checked_scalar(group, name, "response v", proof.response)
    c = _schnorr_challenge(group, X, h, context)
    conclude(group, name, schnorr_equations(group, X, proof, c), ["g^v = h·X^c"], batch, label)
