"""Verification of a proof of shuffle (docs/spec.md §15.5): Algorithm 4.6 (CheckProof) of Haenni,
Locher, Koenig and Dubuis (CheckShuffleProof of the CHVote specification, after GenShuffleProof
5.44 in the numbering of spec §15), width w, with the equations folded into one batch.

The ``3 + 2w + N`` group equations of Algorithm 4.6 are each written ``∏ bᵢ^eᵢ = 1``, weighted by a
fresh 64-bit number from the operating system's CSPRNG, and merged into one multi-exponentiation
over the outputs (2wN terms), c, ĉ, t̂ and the generators h_i (N terms each) and a few constants.
``∏ c_j^(u_j)`` and the 2w input products ``∏ α_(j,k)^(u_j)``, ``∏ β_(j,k)^(u_j)`` are computed
first, as multi-exponentiations with the 128-bit challenges, and enter the batch as single
bases (their exponent there is full length). When the batch fails, every equation is checked
alone, without weights, and :class:`~plebiscite.errors.ShuffleProofError` names the first failing
one in its ``field`` (``t1``, ``t2``, ``t3``, ``t4``, ``t_hat``) and ``index`` attributes.

:func:`verify_mix_round` checks a cascade of shuffles by several trustees (each one's input the
previous one's output) with one batch over all their equations, and names the trustee whose
shuffle fails in the error's ``trustee`` attribute.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle import (
    Item,
    ShuffleGenerators,
    ShuffleProof,
    check_lists,
    commitments_digest,
    final_challenge,
    permutation_challenges,
    shuffle_generators,
    statement_digest,
)
from plebiscite.errors import ParameterError, ShuffleProofError

__all__ = ["MixStage", "VerifyStats", "shuffle_equations", "verify_mix_round", "verify_shuffle"]


@dataclass
class VerifyStats:
    """What a verification computed: multi-exponentiations and their terms (for benchmarks)."""

    multi_exps: int = 0
    terms: int = 0
    short_terms: int = 0  #: terms with a 128-bit exponent (the challenges u)
    batch_held: bool | None = None
    failures: list[tuple[str, int | None]] = field(default_factory=list)


def _weights(count: int) -> list[int]:
    """``count`` weights uniform in [1, 2^64 − 1] from one read of the OS CSPRNG."""
    weights = list(struct.unpack(f">{count}Q", secrets.token_bytes(8 * count)))
    return [w if w else 1 + secrets.randbelow((1 << 64) - 1) for w in weights]


def _check_proof_shape(group: Group, proof: ShuffleProof, n: int, width: int) -> None:
    """Lengths, scalar ranges and the identity rule of every commitment (§15.5)."""
    for name in ("c", "c_hat", "t_hat", "s_hat", "s_prime"):
        if len(getattr(proof, name)) != n:
            raise ShuffleProofError(f"shuffle proof: {name} must have {n} entries", name)
    for name in ("t4", "s4"):
        if len(getattr(proof, name)) != width:
            raise ShuffleProofError(f"shuffle proof: {name} must have {width} entries", name)
    singles: list[tuple[str, int | None, Element]] = [
        ("t1", None, proof.t1),
        ("t2", None, proof.t2),
        ("t3", None, proof.t3),
    ]
    for k, ct in enumerate(proof.t4):
        singles += [("t4", k, ct.alpha), ("t4", k, ct.beta)]
    for name in ("c", "c_hat", "t_hat"):
        singles += [(name, i, e) for i, e in enumerate(getattr(proof, name))]
    for name, index, element in singles:
        if not isinstance(element, Element) or group.is_identity(element):
            where = name if index is None else f"{name}[{index}]"
            raise ShuffleProofError(
                f"shuffle proof: {where} is not a group element other than the identity",
                name,
                index,
            )
    scalars: list[tuple[str, int | None, int]] = [
        ("s1", None, proof.s1),
        ("s2", None, proof.s2),
        ("s3", None, proof.s3),
    ]
    for name in ("s4", "s_hat", "s_prime"):
        scalars += [(name, i, s) for i, s in enumerate(getattr(proof, name))]
    for name, index, s in scalars:
        if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < group.q:
            where = name if index is None else f"{name}[{index}]"
            raise ShuffleProofError(
                f"shuffle proof: {where} is not a scalar in [0, q)", name, index
            )


@dataclass(frozen=True)
class _Equation:
    name: str
    index: int | None
    bases: list[Element]
    exps: list[int]


def shuffle_equations(
    group: Group,
    public_key: Element,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    proof: ShuffleProof,
    gens: ShuffleGenerators,
    u: Sequence[int],
    c: int,
    stats: VerifyStats | None = None,
) -> list[_Equation]:
    """The equations of Algorithm 4.6, each as ``∏ bases^exps = 1`` (exponents mod q)."""
    q = group.q
    n = len(inputs)
    width = len(proof.t4)
    g = group.generator()
    neg_c = q - c
    u_all = 1
    for uj in u:
        u_all = u_all * uj % q
    # the products with the 128-bit challenges (computed once, then single bases)
    c_u = group.multi_exp(proof.c, u)
    a_u = [group.multi_exp([item[k].alpha for item in inputs], u) for k in range(width)]
    b_u = [group.multi_exp([item[k].beta for item in inputs], u) for k in range(width)]
    if stats is not None:
        stats.multi_exps += 1 + 2 * width
        stats.short_terms += n * (1 + 2 * width)
    c_prod = group.prod(proof.c)
    h_prod = group.prod(gens.hs)
    s_prime = list(proof.s_prime)
    equations = [
        # t1 = (∏c/∏h)^(−c)·g^s1
        _Equation("t1", None, [proof.t1, c_prod, h_prod, g], [q - 1, neg_c, c, proof.s1]),
        # t2 = (ĉ_(N−1)/h^u)^(−c)·g^s2
        _Equation(
            "t2",
            None,
            [proof.t2, proof.c_hat[-1], gens.h, g],
            [q - 1, neg_c, c * u_all % q, proof.s2],
        ),
        # t3 = (∏c^u)^(−c)·g^s3·∏h_i^s′_i
        _Equation("t3", None, [proof.t3, c_u, g, *gens.hs], [q - 1, neg_c, proof.s3, *s_prime]),
    ]
    for k in range(width):
        # t4_k = (∏e_k^u)^(−c)·Enc(0; −s4_k)·∏ẽ_k^s′, component by component
        for part, base, prod_u in (("alpha", g, a_u[k]), ("beta", public_key, b_u[k])):
            column = [getattr(item[k], part) for item in outputs]
            t4 = getattr(proof.t4[k], part)
            equations.append(
                _Equation(
                    "t4",
                    k,
                    [t4, prod_u, base, *column],
                    [q - 1, neg_c, q - proof.s4[k], *s_prime],
                )
            )
    previous = gens.h
    for i in range(n):
        # t̂_i = ĉ_i^(−c)·g^ŝ_i·ĉ_(i−1)^s′_i
        equations.append(
            _Equation(
                "t_hat",
                i,
                [proof.t_hat[i], proof.c_hat[i], g, previous],
                [q - 1, neg_c, proof.s_hat[i], s_prime[i]],
            )
        )
        previous = proof.c_hat[i]
    return equations


def _fold(group: Group, equations: Sequence[_Equation]) -> tuple[list[Element], list[int]]:
    """Weight each equation and merge equal base objects (by identity, then by value)."""
    q = group.q
    by_id: dict[int, int] = {}
    objects: dict[int, Element] = {}
    for eq, w in zip(equations, _weights(len(equations)), strict=True):
        for base, e in zip(eq.bases, eq.exps, strict=True):
            key = id(base)
            if key in by_id:
                by_id[key] += w * e
            else:
                objects[key] = base
                by_id[key] = w * e
    merged: dict[Element, int] = {}
    for key, total in by_id.items():
        base = objects[key]
        merged[base] = merged.get(base, 0) + total
    bases = [b for b, e in merged.items() if e % q and not group.is_identity(b)]
    return bases, [merged[b] % q for b in bases]


def _prepare(
    group: Group,
    public_key: Element,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    proof: ShuffleProof,
    context: CanonicalValue,
    trustee: int,
    generators: ShuffleGenerators | None,
    stats: VerifyStats | None,
) -> list[_Equation]:
    """Every check but the group equations (shapes, elements, scalars, the challenges); the
    equations of Algorithm 4.6 ready to be batched."""
    try:
        width = check_lists(inputs, outputs)
    except ParameterError as exc:
        raise ShuffleProofError(f"shuffle: {exc}", "outputs", trustee=trustee) from None
    if group.is_identity(public_key):
        raise ShuffleProofError("shuffle: the public key is the identity", "public_key")
    for name, items in (("inputs", inputs), ("outputs", outputs)):
        for i, item in enumerate(items):
            for ct in item:
                if not isinstance(ct, Ciphertext):
                    raise ShuffleProofError(
                        f"shuffle: {name}[{i}] is not ciphertexts", name, i, trustee=trustee
                    )
    n = len(inputs)
    try:
        _check_proof_shape(group, proof, n, width)
    except ShuffleProofError as exc:
        exc.trustee = trustee
        raise
    gens = generators if generators is not None else shuffle_generators(group, context, n)
    if len(gens.hs) != n:
        raise ShuffleProofError(f"shuffle: {len(gens.hs)} generators for {n} items", "generators")
    y = statement_digest(group, gens, context, trustee, public_key, inputs, outputs, proof.c)
    u = permutation_challenges(y, n)
    d = commitments_digest(
        group, y, proof.c_hat, proof.t1, proof.t2, proof.t3, proof.t4, proof.t_hat
    )
    c = final_challenge(group, gens, context, trustee, y, d)
    return shuffle_equations(group, public_key, inputs, outputs, proof, gens, u, c, stats)


def _conclude(
    group: Group,
    stages: Sequence[tuple[int, list[_Equation]]],
    batch: bool,
    stats: VerifyStats | None,
) -> None:
    """One batch over every stage's equations; when it fails, each equation alone, and the
    first failing stage (trustee) and equation named."""
    if batch:
        bases, exps = _fold(group, [eq for _, equations in stages for eq in equations])
        held = group.is_identity(group.multi_exp(bases, exps))
        if stats is not None:
            stats.multi_exps += 1
            stats.terms += len(bases)
            stats.batch_held = held
        if held:
            return
    for trustee, equations in stages:
        # (t4 has two equations per component: one entry names both)
        failures = list(
            dict.fromkeys((eq.name, eq.index) for eq in equations if not _holds(group, eq, stats))
        )
        if failures:
            if stats is not None:
                stats.failures = failures
            name, index = failures[0]
            where = name if index is None else f"{name}[{index}]"
            raise ShuffleProofError(
                f"shuffle proof of trustee {trustee}: the equation for {where} does not hold",
                name,
                index,
                failures,
                trustee=trustee,
            )
    if batch:  # pragma: no cover - a batch fails only when some equation fails
        raise ShuffleProofError("shuffle proof: the batch failed but no equation did", "batch")


def verify_shuffle(
    group: Group,
    public_key: Element,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    proof: ShuffleProof,
    context: CanonicalValue,
    trustee: int,
    *,
    generators: ShuffleGenerators | None = None,
    stats: VerifyStats | None = None,
    batch: bool = True,
) -> None:
    """Algorithm 4.6 (CheckProof): raise :class:`ShuffleProofError` unless ``proof`` shows that
    ``outputs`` is a re-encrypted permutation of ``inputs`` under ``public_key``.

    The generators are derived from ``context`` unless given (tests give wrong ones on purpose).
    ``batch=False`` checks every equation alone (the same verdict, slower).
    """
    equations = _prepare(
        group, public_key, inputs, outputs, proof, context, trustee, generators, stats
    )
    _conclude(group, [(trustee, equations)], batch, stats)


@dataclass(frozen=True)
class MixStage:
    """One trustee's shuffle in a mix round: its index, its output list and its proof."""

    trustee: int
    outputs: Sequence[Item]
    proof: ShuffleProof


def verify_mix_round(
    group: Group,
    public_key: Element,
    inputs: Sequence[Item],
    stages: Sequence[MixStage],
    context: CanonicalValue,
    *,
    stats: VerifyStats | None = None,
    batch: bool = True,
) -> Sequence[Item]:
    """Check a cascade of shuffles (each stage's input is the previous stage's output) with one
    batch over every trustee's equations; return the last output list.

    The generators are derived once for the round. A failure names the stage's trustee in
    :attr:`ShuffleProofError.trustee` and the equation in ``field`` / ``index``.
    """
    if not stages:
        raise ShuffleProofError("mix round: no shuffle to check", "stages")
    trustees = [stage.trustee for stage in stages]
    if len(set(trustees)) != len(trustees):
        raise ShuffleProofError(f"mix round: a trustee shuffles twice: {trustees}", "stages")
    gens = shuffle_generators(group, context, len(inputs))
    prepared: list[tuple[int, list[_Equation]]] = []
    current = inputs
    for stage in stages:
        equations = _prepare(
            group,
            public_key,
            current,
            stage.outputs,
            stage.proof,
            context,
            stage.trustee,
            gens,
            stats,
        )
        prepared.append((stage.trustee, equations))
        current = stage.outputs
    _conclude(group, prepared, batch, stats)
    return current


def _holds(group: Group, eq: _Equation, stats: VerifyStats | None) -> bool:
    if stats is not None:
        stats.multi_exps += 1
        stats.terms += len(eq.bases)
    return group.is_identity(group.multi_exp(eq.bases, eq.exps))
