"""Equality-test rounds: plaintext-equivalence tests with per-item exponents (docs/spec.md §16.7).

A round takes a list of ElGamal ciphertexts ``E_j`` (in a tally, the quotient ``D_j / P_j`` of a
mixed ballot's credential ciphertext and its roll pointer) and raises each one, trustee after
trustee, to a fresh secret exponent of its own: ``E′_j = E_j^(z_(i,j))`` with the commitment
``Z_(i,j) = g^(z_(i,j))`` (never the identity, so ``z_(i,j) ≠ 0``). Each trustee proves all its
items at once: a Chaum–Pedersen proof per item (``log_g Z_(i,j) = log_(A_j) A′_j`` with ``A_j`` a
random combination of the item's two components, 128-bit weights from the statement digest) under
one Fiat–Shamir challenge. The last output, threshold-decrypted, is ``M_j^(z_j)``: the identity
exactly when ``M_j`` is (JCJ's PET, Jakobsson–Juels 2000), and otherwise a uniform element that has
no relation to any other item's — unlike a deterministic tag (:mod:`plebiscite.crypto.tags_blind`),
which keeps the plaintexts' multiplicative relations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, TypeVar

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import hash_to_scalar
from plebiscite.crypto.proofs.common import group_hash
from plebiscite.crypto.tags_blind import (
    absorb_list,
    absorb_pairs,
    blinding_weights,
    weighted_combination,
)
from plebiscite.crypto.threshold import combine
from plebiscite.errors import BlindProofError, ParameterError

__all__ = [
    "PetProof",
    "PetSecret",
    "PetStage",
    "counted_positions",
    "pet_challenge",
    "pet_commit",
    "pet_commitments_digest",
    "pet_raise",
    "pet_results",
    "pet_stage",
    "pet_statement",
    "quotients",
    "verify_pet_chain",
    "verify_pet_stage",
]

_T = TypeVar("_T")
_U = TypeVar("_U")
_V = TypeVar("_V")

_EQUATION_NAMES = ("g^v = a·Z^c", "A^v = b·A′^c")


@dataclass(frozen=True)
class PetSecret:
    """A trustee's exponents ``z_(i,j)`` of one round, one per item (the repr hides them)."""

    zs: tuple[int, ...]

    def __repr__(self) -> str:
        return f"PetSecret(<{len(self.zs)} hidden exponents>)"


@dataclass(frozen=True)
class PetProof:
    """One trustee's proof: per item the commitments ``a_j, b_j`` and the response ``v_j``."""

    a: tuple[Element, ...]
    b: tuple[Element, ...]
    v: tuple[int, ...]


@dataclass(frozen=True)
class PetStage:
    """One trustee's posted step: its commitments ``Z_(i,j)``, its outputs and its proof."""

    trustee: int
    commitments: tuple[Element, ...]
    outputs: tuple[Ciphertext, ...]
    proof: PetProof


def quotients(
    group: Group, credentials: Sequence[Ciphertext], pointers: Sequence[Ciphertext]
) -> list[Ciphertext]:
    """``D_j / P_j`` component by component: it encrypts the identity iff both plaintexts agree."""
    if len(credentials) != len(pointers):
        raise ParameterError(f"{len(credentials)} credentials but {len(pointers)} roll pointers")
    return [
        Ciphertext(group.div(d.alpha, p.alpha), group.div(d.beta, p.beta))
        for d, p in zip(credentials, pointers, strict=True)
    ]


def pet_statement(
    group: Group,
    context: CanonicalValue,
    trustee: int,
    commitments: Sequence[Element],
    inputs: Sequence[Ciphertext],
    outputs: Sequence[Ciphertext],
) -> bytes:
    """``y = H(PET_STATEMENT, group_hash, context, trustee, N, [Z_j], inputs, outputs)``,
    streamed."""
    digest = hashlib.sha256(
        canonical_bytes(tags.PET_STATEMENT, group_hash(group), context, trustee, len(inputs))
    )
    digest.update(canonical_bytes([group.encode(z) for z in commitments]))
    absorb_list(digest, group, inputs)
    absorb_list(digest, group, outputs)
    return digest.digest()


def pet_commitments_digest(
    group: Group, y: bytes, a: Sequence[Element], b: Sequence[Element]
) -> bytes:
    """``d = H(PET_COMMITMENTS, y, [[a_j, b_j] for j])``, streamed."""
    digest = hashlib.sha256(canonical_bytes(tags.PET_COMMITMENTS, y))
    absorb_pairs(digest, group, list(zip(a, b, strict=True)))
    return digest.digest()


def pet_challenge(group: Group, context: CanonicalValue, trustee: int, y: bytes, d: bytes) -> int:
    """``c = hash_to_scalar(PET_CHALLENGE, q, {group, context, statement, commitments: d})``."""
    statement: dict[str, CanonicalValue] = {
        "g": group.encode(group.generator()),
        "trustee": trustee,
        "list": y,
    }
    return hash_to_scalar(
        tags.PET_CHALLENGE,
        group.q,
        {"group": group_hash(group), "context": context, "statement": statement, "commitments": d},
    )


def _check_trustee(trustee: object) -> int:
    if isinstance(trustee, bool) or not isinstance(trustee, int) or trustee < 1:
        raise ParameterError(f"equality-test trustee must be a positive integer, got {trustee!r}")
    return trustee


def _item_combinations(
    group: Group, items: Sequence[Ciphertext], weights: Sequence[tuple[int, int]]
) -> list[Element]:
    return [weighted_combination(group, [ct], [w]) for ct, w in zip(items, weights, strict=True)]


def pet_raise(
    group: Group, inputs: Sequence[Ciphertext], rng: rand.Random | None = None
) -> tuple[list[int], list[Element], list[Ciphertext]]:
    """The first half of a step, item by item: fresh exponents ``z_j``, their commitments and
    the raised inputs (a chunk of a list can be raised on its own)."""
    zs = [group.random_nonzero_scalar(rng) for _ in inputs]
    commitments = [group.exp_g_secret(z) for z in zs]
    outputs = [
        Ciphertext(group.exp_secret(ct.alpha, z), group.exp_secret(ct.beta, z))
        for ct, z in zip(inputs, zs, strict=True)
    ]
    return zs, commitments, outputs


def pet_commit(
    group: Group,
    inputs: Sequence[Ciphertext],
    weights: Sequence[tuple[int, int]],
    rng: rand.Random | None = None,
) -> tuple[list[int], list[Element], list[Element]]:
    """The proof's commitments, item by item: nonces ``u_j``, ``a_j = g^(u_j)`` and
    ``b_j = A_j^(u_j)`` (a chunk of a list can be committed on its own)."""
    combos = _item_combinations(group, inputs, weights)
    us = [group.random_nonzero_scalar(rng) for _ in inputs]
    a = [group.exp_g_secret(u) for u in us]
    b = [group.exp_secret(combo, u) for combo, u in zip(combos, us, strict=True)]
    return us, a, b


#: items per task when :func:`pet_stage` is given an executor
STAGE_CHUNK = 1024


def _chunked(
    pool: Executor,
    function: Callable[..., tuple[list[_T], list[_U], list[_V]]],
    group: Group,
    *lists: Sequence[Any],
) -> tuple[list[_T], list[_U], list[_V]]:
    """``function(group, *chunks)`` over the lists cut in chunks of :data:`STAGE_CHUNK` items,
    on ``pool``; the three results concatenated in order."""
    futures = [
        pool.submit(function, group, *(x[lo : lo + STAGE_CHUNK] for x in lists))
        for lo in range(0, len(lists[0]), STAGE_CHUNK)
    ]
    first: list[_T] = []
    second: list[_U] = []
    third: list[_V] = []
    for future in futures:
        x, y, z = future.result()
        first += x
        second += y
        third += z
    return first, second, third


def pet_stage(
    group: Group,
    trustee: int,
    inputs: Sequence[Ciphertext],
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
    pool: Executor | None = None,
) -> tuple[PetSecret, PetStage]:
    """A trustee's step: fresh exponents, their commitments, the raised list and the proof.
    With ``pool`` (and no ``rng``: each process draws from the system's source), the items'
    exponentiations run on it, :data:`STAGE_CHUNK` at a time."""
    _check_trustee(trustee)
    if not inputs:
        raise ParameterError("an equality-test round needs a list of at least one ciphertext")
    if pool is not None and rng is not None:
        raise ParameterError("a fixed random source is drawn from in one process: no pool")
    q = group.q
    if pool is None:
        zs, commitments, outputs = pet_raise(group, inputs, rng)
    else:
        zs, commitments, outputs = _chunked(pool, pet_raise, group, inputs)
    y = pet_statement(group, context, trustee, commitments, inputs, outputs)
    weights = blinding_weights(y, len(inputs), tags.PET_WEIGHT)
    if pool is None:
        us, a, b = pet_commit(group, inputs, weights, rng)
    else:
        us, a, b = _chunked(pool, pet_commit, group, inputs, weights)
    c = pet_challenge(group, context, trustee, y, pet_commitments_digest(group, y, a, b))
    v = tuple((u + c * z) % q for u, z in zip(us, zs, strict=True))
    secret = PetSecret(tuple(zs))
    return secret, PetStage(
        trustee, tuple(commitments), tuple(outputs), PetProof(tuple(a), tuple(b), v)
    )


def _fail(trustee: int, field: str, message: str, index: int | None = None) -> BlindProofError:
    return BlindProofError(
        f"equality-test proof of trustee {trustee}: {message}", field, trustee=trustee, index=index
    )


def _check_shapes(group: Group, stage: PetStage, n: int) -> None:
    trustee = stage.trustee
    proof = stage.proof
    if not isinstance(proof, PetProof):
        raise _fail(trustee, "proof", "the proof is not an equality-test proof")
    for name, items in (
        ("commitments", stage.commitments),
        ("outputs", stage.outputs),
        ("a", proof.a),
        ("b", proof.b),
        ("v", proof.v),
    ):
        if len(items) != n:
            raise _fail(trustee, name, f"{len(items)} {name} for {n} inputs")
    for j in range(n):
        z, ct, a, b, v = (
            stage.commitments[j],
            stage.outputs[j],
            proof.a[j],
            proof.b[j],
            proof.v[j],
        )
        if not isinstance(z, Element) or group.is_identity(z):
            raise _fail(trustee, "commitments", f"commitment {j} is not a non-identity element", j)
        if not (
            isinstance(ct, Ciphertext)
            and isinstance(ct.alpha, Element)
            and isinstance(ct.beta, Element)
        ):
            raise _fail(trustee, "outputs", f"output {j} is not a ciphertext", j)
        if not isinstance(a, Element) or group.is_identity(a):
            raise _fail(trustee, "a", f"a_{j} is not a non-identity element", j)
        if not isinstance(b, Element):
            raise _fail(trustee, "b", f"b_{j} is not a group element", j)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < group.q:
            raise _fail(trustee, "v", f"v_{j} is not a scalar in [0, q)", j)


def _prepared(
    group: Group, inputs: Sequence[Ciphertext], stage: PetStage, context: CanonicalValue
) -> tuple[list[tuple[int, int]], int]:
    """The items' weights and the challenge ``c`` (shapes already checked)."""
    n = len(inputs)
    proof = stage.proof
    y = pet_statement(group, context, stage.trustee, stage.commitments, inputs, stage.outputs)
    weights = blinding_weights(y, n, tags.PET_WEIGHT)
    c = pet_challenge(
        group, context, stage.trustee, y, pet_commitments_digest(group, y, proof.a, proof.b)
    )
    return weights, c


def _item_equations(
    group: Group,
    inputs: Sequence[Ciphertext],
    stage: PetStage,
    weights: Sequence[tuple[int, int]],
    c: int,
    j: int,
) -> list[Equation]:
    """Item j's two equations (``weights`` and ``c`` from :func:`_prepared`)."""
    proof = stage.proof
    combo = weighted_combination(group, [inputs[j]], [weights[j]])
    if group.is_identity(proof.b[j]) != group.is_identity(combo):
        raise _fail(stage.trustee, "b", f"b_{j} must be the identity exactly when A_{j} is", j)
    # g^v·a⁻¹·Z^(−c) = 1 and A^v·b⁻¹·A′^(−c) = 1, with A′_j = α′_j^(e_j0)·β′_j^(e_j1)
    # written as its two terms: the batch's one multi-exponentiation computes it
    q, g = group.q, group.generator()
    minus_c = (-c) % q
    v, out, (e0, e1) = proof.v[j], stage.outputs[j], weights[j]
    first = Equation((g, proof.a[j], stage.commitments[j]), (v, q - 1, minus_c))
    second = Equation(
        (combo, proof.b[j], out.alpha, out.beta),
        (v, q - 1, minus_c * e0 % q, minus_c * e1 % q),
    )
    return [first, second]


def _equations(
    group: Group, inputs: Sequence[Ciphertext], stage: PetStage, context: CanonicalValue
) -> list[list[Equation]]:
    """Shapes checked, challenge recomputed: per item, the two equations of its proof."""
    _check_shapes(group, stage, len(inputs))
    weights, c = _prepared(group, inputs, stage, context)
    return [_item_equations(group, inputs, stage, weights, c, j) for j in range(len(inputs))]


def verify_pet_stage(
    group: Group, inputs: Sequence[Ciphertext], stage: PetStage, context: CanonicalValue
) -> None:
    """Verify one trustee's step; raise :class:`BlindProofError` naming the trustee and the
    equation. A malformed item is named (``index``); a wrong value is not: every commitment,
    output and ``a_j``, ``b_j`` enters the one challenge, so changing any of them breaks every
    item's equations, and the first failing item says nothing about where the change was."""
    _check_trustee(stage.trustee)
    for j, equations in enumerate(_equations(group, inputs, stage, context)):
        for eq, name in zip(equations, _EQUATION_NAMES, strict=True):
            if not equation_holds(group, eq):
                raise _fail(stage.trustee, name, f"the equation {name} fails (first at item {j})")


#: items whose equations are checked in one batch by :func:`verify_pet_chain`
PET_BATCH = 1024


def verify_pet_chain(
    group: Group,
    inputs: Sequence[Ciphertext],
    stages: Sequence[PetStage],
    context: CanonicalValue,
) -> list[Ciphertext]:
    """Verify a whole round (trustees strictly increasing, each on the previous one's outputs),
    trustee after trustee, the equations of :data:`PET_BATCH` items at a time in one batch (so
    the memory held does not grow with the list); return the last output list. On a failure the
    trustee is named (:class:`BlindProofError` with ``trustee`` and ``field``) as
    :func:`verify_pet_stage` names it."""
    if not stages:
        raise ParameterError("an equality-test round needs at least one trustee")
    if not inputs:
        raise ParameterError("an equality-test round needs a list of at least one ciphertext")
    last = 0
    for stage in stages:
        trustee = _check_trustee(stage.trustee)
        if trustee <= last:
            raise _fail(trustee, "trustee", f"trustee {trustee} acts after trustee {last}")
        last = trustee
        _check_shapes(group, stage, len(inputs))
    previous: Sequence[Ciphertext] = inputs
    for stage in stages:
        trustee = stage.trustee
        weights, c = _prepared(group, previous, stage, context)
        for lo in range(0, len(previous), PET_BATCH):
            batch = BatchVerifier(group)
            for j in range(lo, min(lo + PET_BATCH, len(previous))):
                batch.add_equations(str(j), _item_equations(group, previous, stage, weights, c, j))
            if batch.check():
                verify_pet_stage(group, previous, stage, context)
                message = "the proof fails in the batch"
                raise _fail(trustee, "equations", message)  # pragma: no cover
        previous = stage.outputs
    return list(previous)


def pet_results(
    group: Group,
    blinded: Sequence[Ciphertext],
    partials: Mapping[int, Sequence[Element]],
    k: int,
) -> list[Element]:
    """``T_j = β_j / ∏ M_(i,j)^(λ_i)`` of the last outputs, from at least ``k`` trustees'
    (verified) partial decryptions ``{i: [M_(i,j) for j]}``."""
    for i, shares in partials.items():
        if len(shares) != len(blinded):
            raise ParameterError(
                f"trustee {i}: {len(shares)} partial decryptions for {len(blinded)} items"
            )
    return [
        combine(group, ct, {i: s[j] for i, s in partials.items()}, k)
        for j, ct in enumerate(blinded)
    ]


def counted_positions(group: Group, results: Sequence[Element]) -> list[int]:
    """The positions whose equality test passed: ``T_j`` is the identity."""
    return [j for j, t in enumerate(results) if group.is_identity(t)]
