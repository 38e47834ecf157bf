"""The designated-verifier proof of a roll entry (docs/spec.md §16.3; Jakobsson, Sako and
Impagliazzo, EUROCRYPT 1996, as Civitas uses it).

"``R = (α, β)`` encrypts ``S``" OR "I know ``v`` with ``V = g^v``": a CDS disjunction of a
Chaum–Pedersen statement ``log_g α = log_K(β/S)`` and a Schnorr statement. The registrar proves the
first branch (it knows the encryption randomness) and simulates the second; the voter, who holds
``v``, can make an equally valid proof for any ``S′`` she likes. So the proof convinces her, and
proves nothing to anybody she shows it to — a coercer cannot tell a real sheet from a fake one.
"""

from __future__ import annotations

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

__all__ = [
    "DesignatedProof",
    "designated_equations",
    "prove_designated",
    "simulate_designated",
    "verify_designated",
]

_NAME = "designated-verifier proof"
_EQUATION_NAMES = ("g^v1 = a·α^c1", "K^v1 = b·(β/S)^c1", "g^v2 = h·V^c2")


@dataclass(frozen=True)
class DesignatedProof:
    """Commitments ``a, b`` (the encryption branch) and ``h`` (the Schnorr branch); ``c1``, and
    the responses ``v1``, ``v2``; ``c2 = c − c1``."""

    a: Element
    b: Element
    h: Element
    c1: int
    v1: int
    v2: int


def _challenge(
    group: Group,
    K: Element,
    V: Element,
    R: Ciphertext,
    S: Element,
    a: Element,
    b: Element,
    h: Element,
    context: CanonicalValue,
) -> int:
    enc = group.encode
    statement: dict[str, CanonicalValue] = {
        "g": enc(group.generator()),
        "K": enc(K),
        "V": enc(V),
        "alpha": enc(R.alpha),
        "beta": enc(R.beta),
        "S": enc(S),
    }
    return hash_challenge(
        group, tags.DESIGNATED_CHALLENGE, context, statement, [enc(a), enc(b), enc(h)]
    )


def prove_designated(
    group: Group,
    K: Element,
    V: Element,
    R: Ciphertext,
    S: Element,
    r: int,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> DesignatedProof:
    """The registrar's proof that ``R = (g^r, S·K^r)`` (the Schnorr branch simulated)."""
    q = group.q
    c2 = group.random_scalar(rng)
    v2 = group.random_scalar(rng)
    h = group.mul(group.exp_g(v2), group.exp(V, neg(group, c2)))
    u = group.random_nonzero_scalar(rng)
    a = group.exp_g_secret(u)
    b = group.exp_secret(K, u)
    c = _challenge(group, K, V, R, S, a, b, h, context)
    c1 = (c - c2) % q
    return DesignatedProof(a, b, h, c1, (u + c1 * r) % q, v2)


def simulate_designated(
    group: Group,
    K: Element,
    v: int,
    R: Ciphertext,
    S: Element,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> DesignatedProof:
    """The voter's proof, with her secret ``v``, that ``R`` encrypts ``S`` — for any ``S``."""
    q = group.q
    V = group.exp_g_secret(v)
    c1 = group.random_scalar(rng)
    v1 = group.random_scalar(rng)
    a = group.mul(group.exp_g(v1), group.exp(R.alpha, neg(group, c1)))
    b = group.mul(group.exp(K, v1), group.exp(group.div(R.beta, S), neg(group, c1)))
    u = group.random_nonzero_scalar(rng)
    h = group.exp_g_secret(u)
    c = _challenge(group, K, V, R, S, a, b, h, context)
    return DesignatedProof(a, b, h, c1, v1, (u + (c - c1) * v) % q)


def designated_equations(
    group: Group,
    K: Element,
    V: Element,
    R: Ciphertext,
    S: Element,
    proof: DesignatedProof,
    c: int,
) -> list[Equation]:
    """The three equations, each as ``∏ base^exp = 1``."""
    g = group.generator()
    q = group.q
    c2 = (c - proof.c1) % q
    return [
        Equation((g, proof.a, R.alpha), (proof.v1, q - 1, neg(group, proof.c1))),
        Equation((K, proof.b, group.div(R.beta, S)), (proof.v1, q - 1, neg(group, proof.c1))),
        Equation((g, proof.h, V), (proof.v2, q - 1, neg(group, c2))),
    ]


def verify_designated(
    group: Group,
    K: Element,
    V: Element,
    R: Ciphertext,
    S: Element,
    proof: DesignatedProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify the proof (or add its equations to ``batch``); raise :class:`ProofError`."""
    for role, value in (("public key K", K), ("designated key V", V)):
        checked_element(group, _NAME, role, value, identity=False)
    checked_element(group, _NAME, "roll alpha", R.alpha, identity=False)
    checked_element(group, _NAME, "roll beta", R.beta, identity=False)
    checked_element(group, _NAME, "S", S, identity=False)
    for role, value in (("a", proof.a), ("b", proof.b), ("h", proof.h)):
        checked_element(group, _NAME, role, value, identity=False)
    for role, scalar in (("c1", proof.c1), ("v1", proof.v1), ("v2", proof.v2)):
        checked_scalar(group, _NAME, role, scalar)
    c = _challenge(group, K, V, R, S, proof.a, proof.b, proof.h, context)
    equations = designated_equations(group, K, V, R, S, proof, c)
    conclude(group, _NAME, equations, _EQUATION_NAMES, batch, label)
