"""The roll-pointer proof of a ballot in the fake-credentials mode (docs/spec.md §16.7).

``P`` re-encrypts one of the β roll entries ``R_k`` named by the ballot's anonymity set: a CDS
disjunction (Cramer–Damgård–Schoenmakers) of Chaum–Pedersen statements
``log_g(P.α/ρ_k) = log_K(P.β/ϱ_k)``. Anyone can make one for any roll entry (re-encrypting a
public entry needs no secret), so the board accepts it from a fake credential too; its point is
that a ballot names a roll entry without saying which, for the tally's per-ballot equality test.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    eq_bit,
    hash_challenge,
    neg,
)
from plebiscite.errors import ParameterError, ProofError

__all__ = [
    "MAX_ANONYMITY",
    "RollPointerProof",
    "prove_roll_pointer",
    "reencrypt",
    "roll_pointer_equations",
    "verify_roll_pointer",
]

#: the largest anonymity set a ballot may name (the manifest's ``anonymity`` is at most this)
MAX_ANONYMITY = 1024

_NAME = "roll-pointer proof"


@dataclass(frozen=True)
class RollPointerProof:
    """Per branch k the commitments ``a_k, b_k``, the challenge ``c_k`` and the response ``v_k``.

    Checks: ``Σ c_k = c`` and, for every k, ``g^(v_k) = a_k·X_k^(c_k)``, ``K^(v_k) = b_k·Y_k^(c_k)``
    with ``X_k = P.α/ρ_k``, ``Y_k = P.β/ϱ_k``.
    """

    a: tuple[Element, ...]
    b: tuple[Element, ...]
    c: tuple[int, ...]
    v: tuple[int, ...]


def reencrypt(
    group: Group, K: Element, ct: Ciphertext, *, rng: rand.Random | None = None
) -> tuple[Ciphertext, int]:
    """``ct·(g^t, K^t)`` for a fresh ``t``, and ``t``."""
    t = group.random_nonzero_scalar(rng)
    return (
        Ciphertext(
            group.mul(ct.alpha, group.exp_g_secret(t)), group.mul(ct.beta, group.exp_secret(K, t))
        ),
        t,
    )


def _branches(
    group: Group, pointer: Ciphertext, entries: Sequence[Ciphertext]
) -> list[tuple[Element, Element]]:
    return [(group.div(pointer.alpha, r.alpha), group.div(pointer.beta, r.beta)) for r in entries]


def _challenge(
    group: Group,
    K: Element,
    pointer: Ciphertext,
    entries: Sequence[Ciphertext],
    a: Sequence[Element],
    b: Sequence[Element],
    context: CanonicalValue,
) -> int:
    enc = group.encode
    statement: dict[str, CanonicalValue] = {
        "g": enc(group.generator()),
        "K": enc(K),
        "P": [enc(pointer.alpha), enc(pointer.beta)],
        "entries": [[enc(r.alpha), enc(r.beta)] for r in entries],
    }
    commitments: list[CanonicalValue] = [[enc(x), enc(y)] for x, y in zip(a, b, strict=True)]
    return hash_challenge(group, tags.ROLL_POINTER_CHALLENGE, context, statement, commitments)


def _check_entries(entries: Sequence[Ciphertext]) -> None:
    if not 1 <= len(entries) <= MAX_ANONYMITY:
        raise ParameterError(
            f"an anonymity set holds 1 to {MAX_ANONYMITY} roll entries, got {len(entries)}"
        )


def prove_roll_pointer(
    group: Group,
    K: Element,
    pointer: Ciphertext,
    entries: Sequence[Ciphertext],
    index: int,
    t: int,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> RollPointerProof:
    """Prove that ``pointer = entries[index]·(g^t, K^t)``.

    Every branch runs the same exponentiations: the true one is selected by the bit
    ``e_k = [k = index]`` by arithmetic (its "simulation" terms are raised to 0), as the 0/1
    prover does.
    """
    _check_entries(entries)
    if not 0 <= index < len(entries):
        raise ParameterError(f"the pointer's entry {index} is not in the anonymity set")
    q = group.q
    u = group.random_nonzero_scalar(rng)
    sim_c = [group.random_scalar(rng) for _ in entries]
    sim_v = [group.random_scalar(rng) for _ in entries]
    bits = [eq_bit(q, index, k) for k in range(len(entries))]
    sim_sum = sum((1 - e) * cs for e, cs in zip(bits, sim_c, strict=True)) % q
    a: list[Element] = []
    b: list[Element] = []
    for (x_k, y_k), e, cs, vs in zip(
        _branches(group, pointer, entries), bits, sim_c, sim_v, strict=True
    ):
        x = (e * u + (1 - e) * vs) % q
        y = neg(group, (1 - e) * cs)
        a.append(group.mul(group.exp_g_secret(x), group.exp_secret(x_k, y)))
        b.append(group.mul(group.exp_secret(K, x), group.exp_secret(y_k, y)))
    c = _challenge(group, K, pointer, entries, a, b, context)
    c_list = [(e * (c - sim_sum) + (1 - e) * cs) % q for e, cs in zip(bits, sim_c, strict=True)]
    v_list = [
        (e * (u + ck * t) + (1 - e) * vs) % q for e, ck, vs in zip(bits, c_list, sim_v, strict=True)
    ]
    return RollPointerProof(tuple(a), tuple(b), tuple(c_list), tuple(v_list))


def roll_pointer_equations(
    group: Group,
    K: Element,
    pointer: Ciphertext,
    entries: Sequence[Ciphertext],
    proof: RollPointerProof,
) -> list[Equation]:
    """``g^(v_k)·a_k⁻¹·X_k^(−c_k) = 1`` and ``K^(v_k)·b_k⁻¹·Y_k^(−c_k) = 1`` for every k."""
    g = group.generator()
    q = group.q
    equations: list[Equation] = []
    for (x_k, y_k), a, b, c, v in zip(
        _branches(group, pointer, entries), proof.a, proof.b, proof.c, proof.v, strict=True
    ):
        equations.append(Equation((g, a, x_k), (v, q - 1, neg(group, c))))
        equations.append(Equation((K, b, y_k), (v, q - 1, neg(group, c))))
    return equations


def verify_roll_pointer(
    group: Group,
    K: Element,
    pointer: Ciphertext,
    entries: Sequence[Ciphertext],
    proof: RollPointerProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify the proof (or add its equations to ``batch``); raise :class:`ProofError`."""
    _check_entries(entries)
    checked_element(group, _NAME, "public key K", K, identity=False)
    for role, value in (("pointer alpha", pointer.alpha), ("pointer beta", pointer.beta)):
        checked_element(group, _NAME, role, value, identity=False)
    for k, r in enumerate(entries):
        checked_element(group, _NAME, f"entry {k} alpha", r.alpha, identity=False)
        checked_element(group, _NAME, f"entry {k} beta", r.beta, identity=False)
    n = len(entries)
    if not all(len(part) == n for part in (proof.a, proof.b, proof.c, proof.v)):
        raise ProofError(f"{_NAME}: the proof does not have {n} branches")
    for k in range(n):
        checked_element(group, _NAME, f"a_{k}", proof.a[k], identity=False)
        checked_element(group, _NAME, f"b_{k}", proof.b[k], identity=False)
        checked_scalar(group, _NAME, f"c_{k}", proof.c[k])
        checked_scalar(group, _NAME, f"v_{k}", proof.v[k])
    c = _challenge(group, K, pointer, entries, proof.a, proof.b, context)
    if sum(proof.c) % group.q != c:
        raise ProofError(f"{_NAME}: the branch challenges do not sum to the challenge")
    equations = roll_pointer_equations(group, K, pointer, entries, proof)
    names = [f"{side} of branch {k}" for k in range(n) for side in ("g^v = a·X^c", "K^v = b·Y^c")]
    conclude(group, _NAME, equations, names, batch, label)
