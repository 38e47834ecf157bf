"""Disjunctive proofs: a ciphertext encrypts 0 or 1, or a value in a small range ``[lo, hi]``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import hash_to_scalar_encoded
from plebiscite.crypto.proofs.common import (
    CHALLENGE_HEAD,
    COMMITMENTS_4,
    ELEMENT_TYPES,
    MAX_RANGE_BRANCHES,
    challenge_parts,
    checked_element,
    checked_scalar,
    conclude,
    eq_bit,
)
from plebiscite.errors import ParameterError, ProofError

__all__ = [
    "RangeProof",
    "ZeroOneProof",
    "prove_range",
    "prove_zero_one",
    "range_equations",
    "verify_range",
    "verify_range_of_product",
    "verify_zero_one",
    "zero_one_equations",
]


# -- disjunctions: 0/1 and small ranges ----------------------------------------------------------


def _prove_disjunction(
    group: Group,
    K: Element,
    ct: Ciphertext,
    values: range,
    m: int,
    r: int,
    make_challenge: Callable[[list[Element], list[Element]], int],
    rng: rand.Random | None,
) -> tuple[list[Element], list[Element], list[int], list[int]]:
    """A CDS disjunction over ``β/g^j = K^r`` for j in ``values``; the true one is ``j = m``.

    No branch depends on ``m``: each branch j gets the bit ``e_j = [j = m]`` by arithmetic and
    every branch runs the same operations. With ``x_j = e_j·u + (1−e_j)·v'_j`` and
    ``y_j = (1−e_j)·c'_j`` (the simulated response ``v'_j`` and challenge ``c'_j`` are drawn for
    every branch), the commitments ``a_j = g^(x_j)·α^(−y_j)`` and
    ``b_j = K^(x_j)·(β/g^j)^(−y_j)`` are computed from the prover's own ``r`` and ``m``
    (``α = g^r``, ``β = g^m·K^r``) as ``a_j = g^(s_j)`` and ``b_j = K^(s_j)·g^(t_j)`` with
    ``s_j = x_j − r·y_j`` and ``t_j = (j − m)·y_j``: two fixed-base and one variable-base
    secret exponentiation per branch. ``g^(t_j)`` is taken as ``g^(t_j + 1)·g^(−1)`` so that the
    true branch (``t_j = 0``) costs what a simulated one costs. Then
    ``c_j = e_j·(c − Σ_k (1−e_k)·c'_k) + (1−e_j)·c'_j`` and
    ``v_j = e_j·(u + c_j·r) + (1−e_j)·v'_j``.
    """
    q = group.q
    u = group.random_nonzero_scalar(rng)
    sim_c = [group.random_scalar(rng) for _ in values]
    sim_v = [group.random_scalar(rng) for _ in values]
    bits = [eq_bit(q, m, j) for j in values]
    sim_sum = sum((1 - e) * cs for e, cs in zip(bits, sim_c, strict=True)) % q
    # a single branch is the true one and nothing about it is secret: t = 0, no g^t factor
    single = len(values) == 1
    g_inv = group.inv(group.generator())
    a_list: list[Element] = []
    b_list: list[Element] = []
    for j, e, cs, vs in zip(values, bits, sim_c, sim_v, strict=True):
        y = (1 - e) * cs
        s = (e * u + (1 - e) * vs - r * y) % q
        a_list.append(group.exp_g_secret(s))
        k_s = group.exp_secret(K, s)
        if single:
            b_list.append(k_s)
        else:
            g_t1 = group.exp_g_secret(((j - m) * y + 1) % q)
            b_list.append(group.prod([k_s, g_t1, g_inv]))
    c = make_challenge(a_list, b_list)
    c_list = [(e * (c - sim_sum) + (1 - e) * cs) % q for e, cs in zip(bits, sim_c, strict=True)]
    v_list = [
        (e * (u + cj * r) + (1 - e) * vs) % q for e, cj, vs in zip(bits, c_list, sim_v, strict=True)
    ]
    return a_list, b_list, c_list, v_list


def _branch_equations(
    group: Group,
    K: Element,
    ct: Ciphertext,
    j: int,
    a: Element,
    b: Element,
    c: int,
    v: int,
) -> list[Equation]:
    """``g^v·a⁻¹·α^(−c) = 1`` and ``K^v·b⁻¹·β^(−c)·g^(j·c) = 1``."""
    g = group.generator()
    q = group.q
    minus_c = (-c) % q
    return [
        Equation((g, a, ct.alpha), (v, q - 1, minus_c)),
        Equation((K, b, ct.beta, g), (v, q - 1, minus_c, (j * c) % q)),
    ]


def _check_statement(group: Group, name: str, K: Element, ct: Ciphertext, identity: bool) -> None:
    _check_elements(
        group,
        name,
        (
            ("public key K", K, False),
            ("ciphertext alpha", ct.alpha, identity),
            ("ciphertext beta", ct.beta, identity),
        ),
    )


def _check_elements(group: Group, name: str, values: tuple[tuple[str, Element, bool], ...]) -> None:
    """:func:`checked_element` of each ``(role, value, identity allowed)`` in order, called only
    for a value that it refuses (it names the role): the others cost a type test and an
    identity test."""
    is_identity = group.is_identity
    for role, value, identity in values:
        if type(value) not in ELEMENT_TYPES or (not identity and is_identity(value)):
            checked_element(group, name, role, value, identity=identity)


def _all_elements(group: Group, values: tuple[object, ...]) -> bool:
    """Whether every value is an element of a known element type and none is the identity: what
    :func:`_check_statement` and :func:`_check_elements` accept (with no identity allowed), in
    one pass, so that those run, to name the value refused, only when this is False."""
    types, is_identity = ELEMENT_TYPES, group.is_identity
    for value in values:
        if type(value) not in types or is_identity(value):  # type: ignore[arg-type]
            return False
    return True


def _all_scalars(q: int, values: Sequence[object]) -> bool:
    """Whether every value is an int in [0, q): what :func:`checked_scalar` accepts."""
    for k in values:
        if type(k) is not int or not 0 <= k < q:
            return False
    return True


@dataclass(frozen=True)
class ZeroOneProof:
    """A ciphertext ``(α, β)`` under ``K`` encrypts 0 or 1 (Cramer–Damgård–Schoenmakers).

    Carries exactly ``a0, b0, a1, b1, c0, v0, v1``; the verifier computes ``c`` and
    ``c1 = c − c0 mod q``. Checks::

        g^v0 = a0·α^c0      K^v0 = b0·β^c0
        g^v1 = a1·α^c1      K^v1 = b1·(β/g)^c1

    The prover has no branch on the bit: both branches are computed arithmetically and the real
    one is selected by the bit (see ``_prove_disjunction``).
    """

    a0: Element
    b0: Element
    a1: Element
    b1: Element
    c0: int
    v0: int
    v1: int


def _zero_one_challenge(
    group: Group,
    K: Element,
    ct: Ciphertext,
    a: Sequence[Element],
    b: Sequence[Element],
    context: CanonicalValue,
) -> int:
    # the canonical encoding of challenge's map, assembled from parts (see challenge_parts)
    el = group.encode
    head, tail = challenge_parts(group, K, 4)
    # canonical_bytes of several values is the concatenation of their encodings: one call each
    # for the commitments and the context, and for the ciphertext (keys included)
    data = b"".join(
        (
            COMMITMENTS_4,
            canonical_bytes(el(a[0]), el(b[0]), el(a[1]), el(b[1]), "context", context),
            head,
            canonical_bytes("alpha", el(ct.alpha), "beta", el(ct.beta)),
            tail,
        )
    )
    return hash_to_scalar_encoded(tags.DISJUNCTIVE_CHALLENGE, group.q, data)


def prove_zero_one(
    group: Group,
    K: Element,
    ct: Ciphertext,
    m: int,
    r: int,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> ZeroOneProof:
    """Prove that ``ct = Enc_K(m; r)`` with ``m ∈ {0, 1}``."""
    if m not in (0, 1):
        raise ParameterError("prove_zero_one: the message must be 0 or 1")
    a, b, c, v = _prove_disjunction(
        group,
        K,
        ct,
        range(2),
        m,
        r,
        lambda a, b: _zero_one_challenge(group, K, ct, a, b, context),
        rng,
    )
    return ZeroOneProof(a0=a[0], b0=b[0], a1=a[1], b1=b[1], c0=c[0], v0=v[0], v1=v[1])


def zero_one_equations(
    group: Group, K: Element, ct: Ciphertext, proof: ZeroOneProof, c0: int, c1: int
) -> list[Equation]:
    """The four equations of a 0/1 proof for the branch challenges ``c0`` and ``c1``."""
    return _branch_equations(group, K, ct, 0, proof.a0, proof.b0, c0, proof.v0) + (
        _branch_equations(group, K, ct, 1, proof.a1, proof.b1, c1, proof.v1)
    )


_ZERO_ONE_NAMES: Final = (
    "g^v0 = a0·α^c0",
    "K^v0 = b0·β^c0",
    "g^v1 = a1·α^c1",
    "K^v1 = b1·(β/g)^c1",
)


def verify_zero_one(
    group: Group,
    K: Element,
    ct: Ciphertext,
    proof: ZeroOneProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify that the ballot ciphertext ``ct`` (no identity) encrypts 0 or 1 under ``K``."""
    name = "zero-one proof"
    a0, a1, b0, b1, c0, v0, v1 = (
        proof.a0,
        proof.a1,
        proof.b0,
        proof.b1,
        proof.c0,
        proof.v0,
        proof.v1,
    )
    if not _all_elements(group, (K, ct.alpha, ct.beta, a0, a1, b0, b1)):
        # the checks one by one, which name the first value refused
        _check_statement(group, name, K, ct, identity=False)
        _check_elements(
            group,
            name,
            (
                ("commitment a0", a0, False),
                ("commitment a1", a1, False),
                ("commitment b0", b0, False),
                ("commitment b1", b1, False),
            ),
        )
    q = group.q
    if not _all_scalars(q, (c0, v0, v1)):
        for role, k in (("challenge c0", c0), ("response v0", v0), ("response v1", v1)):
            if type(k) is not int or not 0 <= k < q:
                checked_scalar(group, name, role, k)
    c = _zero_one_challenge(group, K, ct, [a0, a1], [b0, b1], context)
    c1 = (c - c0) % group.q
    equations = zero_one_equations(group, K, ct, proof, c0, c1)
    conclude(group, name, equations, _ZERO_ONE_NAMES, batch, label)


@dataclass(frozen=True)
class RangeProof:
    """A ciphertext ``(α, β)`` under ``K`` encrypts some ``m`` in ``[lo, hi]`` (a CDS disjunction).

    Carries, for the ``N = hi − lo + 1`` values ``j = lo, …, hi`` in order: the commitments
    ``a`` and ``b`` (N each), the challenges ``c`` of the first N − 1 branches (the last is
    ``c − Σ c mod q``, so for ``lo = hi`` the tuple is empty and the proof is one
    Chaum–Pedersen-style branch) and the responses ``v`` (N). Checks, for each j::

        g^v_j = a_j·α^c_j      K^v_j = b_j·(β/g^j)^c_j
    """

    a: tuple[Element, ...]
    b: tuple[Element, ...]
    c: tuple[int, ...]
    v: tuple[int, ...]


def _range_challenge(
    group: Group,
    K: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    a: Sequence[Element],
    b: Sequence[Element],
    context: CanonicalValue,
) -> int:
    # the canonical encoding of challenge's map, assembled from parts (see challenge_parts)
    el = group.encode
    head, tail = challenge_parts(group, K, 6)
    # the commitments as a list of [a_j, b_j] pairs and the context in one call, the ciphertext
    # (keys included) in another: canonical_bytes of several values is their concatenation
    pairs = [[el(x), el(y)] for x, y in zip(a, b, strict=True)]
    parts = (
        CHALLENGE_HEAD,
        canonical_bytes(pairs, "context", context),
        head,
        canonical_bytes("alpha", el(ct.alpha), "beta", el(ct.beta)),
        tail,
        canonical_bytes("hi", hi, "lo", lo),
    )
    return hash_to_scalar_encoded(tags.RANGE_CHALLENGE, group.q, b"".join(parts))


def _check_bounds(group: Group, name: str, lo: object, hi: object) -> tuple[int, int]:
    for role, value in (("lower bound", lo), ("upper bound", hi)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ParameterError(f"{name}: the {role} must be a non-negative integer")
    assert isinstance(lo, int) and isinstance(hi, int)
    if hi < lo or hi - lo + 1 > MAX_RANGE_BRANCHES or hi >= group.q:
        raise ParameterError(
            f"{name}: the range [{lo}, {hi}] is empty or wider than {MAX_RANGE_BRANCHES} values"
        )
    return lo, hi


def prove_range(
    group: Group,
    K: Element,
    ct: Ciphertext,
    m: int,
    r: int,
    lo: int,
    hi: int,
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> RangeProof:
    """Prove that ``ct = Enc_K(m; r)`` with ``lo ≤ m ≤ hi`` (no branch on ``m``)."""
    name = "prove_range"
    lo, hi = _check_bounds(group, name, lo, hi)
    if not lo <= m <= hi:
        raise ParameterError(f"{name}: the message is outside [{lo}, {hi}]")
    a, b, c, v = _prove_disjunction(
        group,
        K,
        ct,
        range(lo, hi + 1),
        m,
        r,
        lambda a, b: _range_challenge(group, K, ct, lo, hi, a, b, context),
        rng,
    )
    return RangeProof(a=tuple(a), b=tuple(b), c=tuple(c[:-1]), v=tuple(v))


def range_equations(
    group: Group,
    K: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    proof: RangeProof,
    challenges: Sequence[int],
) -> list[Equation]:
    """The ``2·N`` equations of a range proof for the branch challenges (all N of them)."""
    equations: list[Equation] = []
    for j, a, b, c, v in zip(range(lo, hi + 1), proof.a, proof.b, challenges, proof.v, strict=True):
        equations += _branch_equations(group, K, ct, j, a, b, c, v)
    return equations


def verify_range(
    group: Group,
    K: Element,
    ct: Ciphertext,
    lo: int,
    hi: int,
    proof: RangeProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> None:
    """Verify that ``ct`` encrypts some ``m`` in ``[lo, hi]`` under ``K``.

    ``ct`` is a product of ballot ciphertexts (the options of a question), so the identity is
    allowed in it; ``K`` and every commitment must not be the identity.
    """
    _verify_range(group, K, ct, None, lo, hi, proof, context, batch, label)


def verify_range_of_product(
    group: Group,
    K: Element,
    cts: Sequence[Ciphertext],
    lo: int,
    hi: int,
    proof: RangeProof,
    context: CanonicalValue,
    *,
    batch: BatchVerifier | None = None,
    label: str | None = None,
) -> Ciphertext:
    """:func:`verify_range` for the product of ``cts`` (at least one); return the product.

    The challenge binds the product, as :func:`verify_range` does; in the group equations each
    of the product's components is written as the product of the factors' (``α^c = ∏ α_i^c``),
    which are the same equations with the factors as bases: in a batch the factors are bases of
    the ballot's 0/1 proofs already, so the fold has two fewer distinct bases per question.
    """
    if not cts:
        raise ProofError("range proof: the product of no ciphertexts")
    total = Ciphertext(group.prod([ct.alpha for ct in cts]), group.prod([ct.beta for ct in cts]))
    _verify_range(group, K, total, cts, lo, hi, proof, context, batch, label)
    return total


def _verify_range(
    group: Group,
    K: Element,
    ct: Ciphertext,
    factors: Sequence[Ciphertext] | None,
    lo: int,
    hi: int,
    proof: RangeProof,
    context: CanonicalValue,
    batch: BatchVerifier | None,
    label: str | None,
) -> None:
    name = "range proof"
    try:
        lo, hi = _check_bounds(group, name, lo, hi)
    except ParameterError as exc:
        raise ProofError(str(exc)) from None
    n = hi - lo + 1
    _check_statement(group, name, K, ct, identity=True)
    if not (len(proof.a) == len(proof.b) == len(proof.v) == n and len(proof.c) == n - 1):
        raise ProofError(
            f"{name}: expected {n} commitments a and b, {n - 1} challenges and {n} responses"
        )
    # each role is named only for a value that is refused (the one-pass tests first)
    if not _all_elements(group, (*proof.a, *proof.b)):
        for j, (x, y) in enumerate(zip(proof.a, proof.b, strict=True)):
            for role, value in (("a", x), ("b", y)):
                if type(value) not in ELEMENT_TYPES or group.is_identity(value):
                    checked_element(group, name, f"commitment {role}[{j}]", value, identity=False)
    if not _all_scalars(group.q, (*proof.c, *proof.v)):
        for role, scalars in (("challenge c", proof.c), ("response v", proof.v)):
            for j, k in enumerate(scalars):
                if type(k) is not int or not 0 <= k < group.q:
                    checked_scalar(group, name, f"{role}[{j}]", k)
    c = _range_challenge(group, K, ct, lo, hi, proof.a, proof.b, context)
    challenges = [*proof.c, (c - sum(proof.c)) % group.q]
    if factors is None:
        equations = range_equations(group, K, ct, lo, hi, proof, challenges)
    else:
        equations = _factored_range_equations(group, K, factors, lo, hi, proof, challenges)
    names = (  # in a batch the equations are not checked one by one here: no names
        []
        if batch is not None
        else [
            f"{side} for the value {j}"
            for j in range(lo, hi + 1)
            for side in ("g^v = a·α^c", f"K^v = b·(β/g^{j})^c")
        ]
    )
    conclude(group, name, equations, names, batch, label)


def _factored_range_equations(
    group: Group,
    K: Element,
    factors: Sequence[Ciphertext],
    lo: int,
    hi: int,
    proof: RangeProof,
    challenges: Sequence[int],
) -> list[Equation]:
    """:func:`range_equations` for ``∏ factors`` with ``α^(−c)`` as ``∏ α_i^(−c)`` (same for β)."""
    g = group.generator()
    q = group.q
    alphas = tuple(ct.alpha for ct in factors)
    betas = tuple(ct.beta for ct in factors)
    equations: list[Equation] = []
    for j, a, b, c, v in zip(range(lo, hi + 1), proof.a, proof.b, challenges, proof.v, strict=True):
        minus_c = (-c) % q
        spread = (minus_c,) * len(factors)
        equations.append(Equation((g, a, *alphas), (v, q - 1, *spread)))
        equations.append(Equation((K, b, *betas, g), (v, q - 1, *spread, (j * c) % q)))
    return equations
