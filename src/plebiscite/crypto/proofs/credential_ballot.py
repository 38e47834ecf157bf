"""The credential proof of a ballot in the fake-credentials mode (docs/spec.md §16.7).

Knowledge of ``(s, σ)`` with ``D = (g^s, g^σ·K^s)`` (a Schnorr proof of a representation), its
context the ballot statement: the proof stands in for the ballot's signature, and since the
statement covers D and every ciphertext of the ballot, neither the proof nor D can be moved into,
or re-randomised inside, another ballot (JCJ's requirement on the credential ciphertext).
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
    "CredentialProof",
    "credential_equations",
    "encrypt_credential",
    "prove_credential",
    "verify_credential",
]

_NAME = "credential proof"
_EQUATION_NAMES = ("g^vs = a·α^c", "g^vσ·K^vs = b·β^c")


@dataclass(frozen=True)
class CredentialProof:
    """Commitments ``a = g^(u_s)``, ``b = g^(u_σ)·K^(u_s)``; responses ``v_s``, ``v_σ``."""

    a: Element
    b: Element
    vs: int
    vsigma: int


def encrypt_credential(
    group: Group, K: Element, sigma: int, *, rng: rand.Random | None = None
) -> tuple[Ciphertext, int]:
    """``D = (g^s, g^σ·K^s)`` for a fresh ``s`` (neither component the identity), and ``s``."""
    s = group.random_nonzero_scalar(rng)
    beta = group.mul(group.exp_g_secret(sigma), group.exp_secret(K, s))
    if group.is_identity(beta):  # probability 1/q: draw again
        return encrypt_credential(group, K, sigma, rng=rng)
    return Ciphertext(group.exp_g_secret(s), beta), s


def _challenge(
    group: Group, K: Element, D: Ciphertext, a: Element, b: Element, context: CanonicalValue
) -> int:
    enc = group.encode
    statement: dict[str, CanonicalValue] = {
        "g": enc(group.generator()),
        "K": enc(K),
        "alpha": enc(D.alpha),
        "beta": enc(D.beta),
    }
    return hash_challenge(group, tags.CREDENTIAL_CHALLENGE, context, statement, [enc(a), enc(b)])


def prove_credential(
    group: Group,
    K: Element,
    D: Ciphertext,
    s: int,
    sigma: int,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> CredentialProof:
    """Prove knowledge of ``s`` and ``σ`` behind ``D`` (the context: the ballot statement)."""
    q = group.q
    u_s = group.random_nonzero_scalar(rng)
    u_sigma = group.random_nonzero_scalar(rng)
    a = group.exp_g_secret(u_s)
    b = group.mul(group.exp_g_secret(u_sigma), group.exp_secret(K, u_s))
    c = _challenge(group, K, D, a, b, context)
    return CredentialProof(a, b, (u_s + c * s) % q, (u_sigma + c * sigma) % q)


def credential_equations(
    group: Group, K: Element, D: Ciphertext, proof: CredentialProof, c: int
) -> list[Equation]:
    """``g^(v_s)·a⁻¹·α^(−c) = 1`` and ``g^(v_σ)·K^(v_s)·b⁻¹·β^(−c) = 1``."""
    g = group.generator()
    q = group.q
    return [
        Equation((g, proof.a, D.alpha), (proof.vs, q - 1, neg(group, c))),
        Equation((g, K, proof.b, D.beta), (proof.vsigma, proof.vs, q - 1, neg(group, c))),
    ]


def verify_credential(
    group: Group,
    K: Element,
    D: Ciphertext,
    proof: CredentialProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify the proof (or add its equations to ``batch``); raise :class:`ProofError`."""
    checked_element(group, _NAME, "public key K", K, identity=False)
    checked_element(group, _NAME, "credential alpha", D.alpha, identity=False)
    checked_element(group, _NAME, "credential beta", D.beta, identity=False)
    checked_element(group, _NAME, "a", proof.a, identity=False)
    checked_element(group, _NAME, "b", proof.b, identity=False)
    checked_scalar(group, _NAME, "vs", proof.vs)
    checked_scalar(group, _NAME, "vsigma", proof.vsigma)
    c = _challenge(group, K, D, proof.a, proof.b, context)
    conclude(
        group, _NAME, credential_equations(group, K, D, proof, c), _EQUATION_NAMES, batch, label
    )
