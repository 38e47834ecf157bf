"""Zero-knowledge proofs in commitment form: each ``prove_*`` beside its ``verify_*``.

Every proof carries its commitments and responses; the verifier recomputes each challenge itself
as ``hash_to_scalar(TAG, q, {"group", "context", "statement", "commitments"})`` where ``group`` is
``H(GROUP_DESCRIPTION, group.description())``, ``context`` is the caller's canonical value (for a
ballot: the ballot statement hash with the (question, option) position; for a decryption: the
election context and the trustee), ``statement`` holds every base and public element and
``commitments`` every commitment, all in the group's strict encoding (byte strings):

===================  ============================  =============================================
proof                statement keys                commitments (in order)
===================  ============================  =============================================
Schnorr              g, X                          [h]
Chaum–Pedersen       g, A, B, C                    [a, b]
partial decryption   g, VK, alpha, beta, M         [a, b]
zero-one             g, K, alpha, beta             [a0, b0, a1, b1]
range                g, K, alpha, beta, lo, hi     [[a_lo, b_lo], …, [a_hi, b_hi]] (lo, hi: ints)
===================  ============================  =============================================

with the tags ``SCHNORR_CHALLENGE``, ``CHAUM_PEDERSEN_CHALLENGE``, ``DECRYPTION_CHALLENGE``,
``DISJUNCTIVE_CHALLENGE`` and ``RANGE_CHALLENGE`` of :mod:`plebiscite.crypto.tags`.

Sign convention (all proofs): the response is ``v = u + c·x mod q`` for the nonce ``u``, the
challenge ``c`` and the witness ``x``, so each check reads ``base^v = commitment·public^c``.

Every verifier runs, in order: validate the elements (the identity is refused in commitments and
statement keys) → check the shapes and ranges of the scalars → recompute the challenge → check
the group equations, directly or by adding them to a :class:`~plebiscite.crypto.batch.BatchVerifier`
(only the group equations are batched). A failure raises :class:`ProofError` naming the proof and
the failing part. The ``*_equations`` functions expose each proof's group equations for given
challenges, so a verifier with its own challenge hashes (ElectionGuard records) can reuse them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, hash_to_scalar, hash_to_scalar_encoded
from plebiscite.errors import EncodingError, ParameterError, ProofError

__all__ = [
    "MAX_RANGE_BRANCHES",
    "ChaumPedersenProof",
    "RangeProof",
    "SchnorrProof",
    "ZeroOneProof",
    "chaum_pedersen_equations",
    "decode_chaum_pedersen",
    "decode_range",
    "decode_schnorr",
    "decode_zero_one",
    "encode_proof",
    "group_hash",
    "partial_decryption_equations",
    "prove_chaum_pedersen",
    "prove_partial_decryption",
    "prove_range",
    "prove_schnorr",
    "prove_zero_one",
    "range_equations",
    "schnorr_equations",
    "verify_chaum_pedersen",
    "verify_partial_decryption",
    "verify_range",
    "verify_range_of_product",
    "verify_schnorr",
    "verify_zero_one",
    "zero_one_equations",
]

#: the most values a range proof may cover (hi − lo + 1): a question's choices, never more
MAX_RANGE_BRANCHES = 1024


# -- shared helpers --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def group_hash(group: Group) -> bytes:
    """``H(GROUP_DESCRIPTION, group.description())``: the group as bound into every challenge."""
    return H(tags.GROUP_DESCRIPTION, group.description())


def _challenge(
    group: Group,
    tag: str,
    context: CanonicalValue,
    statement: Mapping[str, CanonicalValue],
    commitments: Sequence[CanonicalValue],
) -> int:
    return hash_to_scalar(
        tag,
        group.q,
        {
            "group": group_hash(group),
            "context": context,
            "statement": statement,
            "commitments": commitments,
        },
    )


# The zero-one and range challenges are the hot path of ballot verification: their input, the
# canonical encoding of _challenge's map, is assembled from pre-encoded parts. A map is encoded
# with its keys sorted, so the order is commitments, context, group, statement, and within the
# statement K, alpha, beta, g (then hi, lo for a range proof); tests/vectors pin the bytes.
_CHALLENGE_HEAD: Final = b"D" + u32(4) + canonical_bytes("commitments")  # the map's 4 keys
_COMMITMENTS_4: Final = _CHALLENGE_HEAD + b"L" + u32(4)
_CONTEXT_KEY: Final = canonical_bytes("context")
_ALPHA_KEY: Final = canonical_bytes("alpha")
_BETA_KEY: Final = canonical_bytes("beta")
_PAIR: Final = b"L" + u32(2)


@functools.lru_cache(maxsize=64)
def _challenge_parts(group: Group, K: Element, statement_keys: int) -> tuple[bytes, bytes]:
    """The encoded parts of a zero-one (4 statement keys) or range (6) challenge that depend on
    the group and the key alone: ``group`` and the start of ``statement`` up to K, and g."""
    head = b"".join(
        (
            canonical_bytes("group", group_hash(group), "statement"),
            b"D" + u32(statement_keys),
            canonical_bytes("K", group.encode(K)),
        )
    )
    return head, canonical_bytes("g", group.encode(group.generator()))


def _neg(group: Group, k: int) -> int:
    return (-k) % group.q


#: the concrete element classes seen so far (an exact type test is cheaper than the ABC's)
_ELEMENT_TYPES: set[type] = set()


def _element(group: Group, proof: str, role: str, value: object, *, identity: bool) -> Element:
    """Refuse a non-element, and the identity unless ``identity`` allows it."""
    if type(value) not in _ELEMENT_TYPES:
        if not isinstance(value, Element):
            raise ProofError(f"{proof}: {role} is not a group element")
        _ELEMENT_TYPES.add(type(value))
    element = cast(Element, value)
    if not identity and group.is_identity(element):
        raise ProofError(f"{proof}: {role} is the identity element")
    return element


def _scalar(group: Group, proof: str, role: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < group.q:
        raise ProofError(f"{proof}: {role} is not a scalar in [0, q)")
    return value


def _conclude(
    group: Group,
    proof: str,
    equations: Sequence[Equation],
    names: Sequence[str],
    batch: BatchVerifier | None,
    label: str | None,
) -> None:
    if batch is not None:
        batch.add_equations(label if label is not None else proof, equations)
        return
    for eq, name in zip(equations, names, strict=True):
        if not equation_holds(group, eq):
            raise ProofError(f"{proof}: the equation {name} does not hold")


def _eq_bit(q: int, a: int, b: int) -> int:
    """1 if ``a ≡ b (mod q)`` else 0, by arithmetic (no branch on the values)."""
    d = (a - b) % q
    return 1 - (d + q - 1) // q


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
    return _challenge(group, tags.SCHNORR_CHALLENGE, context, statement, [group.encode(h)])


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
    return [Equation((g, proof.commitment, X), (proof.response, group.q - 1, _neg(group, c)))]


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
    _element(group, name, "public key X", X, identity=False)
    h = _element(group, name, "commitment h", proof.commitment, identity=False)
    _scalar(group, name, "response v", proof.response)
    c = _schnorr_challenge(group, X, h, context)
    _conclude(group, name, schnorr_equations(group, X, proof, c), ["g^v = h·X^c"], batch, label)


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
    return _challenge(group, tag, context, statement, [group.encode(a), group.encode(b)])


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
    v, minus_one, minus_c = proof.response, group.q - 1, _neg(group, c)
    return [
        Equation((g, proof.a, A), (v, minus_one, minus_c)),
        Equation((B, proof.b, C), (v, minus_one, minus_c)),
    ]


def _check_cp_shape(
    group: Group, name: str, B: Element, proof: ChaumPedersenProof, b_role: str
) -> None:
    _element(group, name, "commitment a", proof.a, identity=False)
    b = _element(group, name, b_role, proof.b, identity=True)
    if group.is_identity(b) != group.is_identity(B):
        raise ProofError(
            f"{name}: {b_role} must be the identity exactly when its base is the identity"
        )
    _scalar(group, name, "response v", proof.response)


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
    _element(group, name, "public element A", A, identity=False)
    _element(group, name, "base B", B, identity=True)
    _element(group, name, "public element C", C, identity=True)
    _check_cp_shape(group, name, B, proof, "commitment b")
    statement = _cp_statement(group, A, B, C)
    c = _cp_challenge(group, tags.CHAUM_PEDERSEN_CHALLENGE, statement, proof.a, proof.b, context)
    equations = chaum_pedersen_equations(group, A, B, C, proof, c)
    _conclude(group, name, equations, ["g^v = a·A^c", "B^v = b·C^c"], batch, label)


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
) -> tuple[Element, ChaumPedersenProof]:
    """The partial decryption ``M = α^s`` of trustee share ``s`` and its proof.

    The proof is Chaum–Pedersen for ``log_g VK = log_α M`` with ``VK = g^s``; its challenge binds
    ``VK``, the whole ciphertext ``(α, β)`` and ``M`` under the partial-decryption tag.
    """
    vk = group.exp_g_secret(share)
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
    _element(group, name, "verification key", vk, identity=False)
    _element(group, name, "ciphertext alpha", ct.alpha, identity=True)
    _element(group, name, "ciphertext beta", ct.beta, identity=True)
    _element(group, name, "partial decryption M", partial, identity=True)
    _check_cp_shape(group, name, ct.alpha, proof, "commitment b")
    statement = _pd_statement(group, vk, ct, partial)
    c = _cp_challenge(group, tags.DECRYPTION_CHALLENGE, statement, proof.a, proof.b, context)
    equations = partial_decryption_equations(group, vk, ct, partial, proof, c)
    _conclude(group, name, equations, ["g^v = a·VK^c", "α^v = b·M^c"], batch, label)


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
    bits = [_eq_bit(q, m, j) for j in values]
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
    return [
        Equation((g, a, ct.alpha), (v, q - 1, _neg(group, c))),
        Equation((K, b, ct.beta, g), (v, q - 1, _neg(group, c), (j * c) % q)),
    ]


def _check_statement(group: Group, name: str, K: Element, ct: Ciphertext, identity: bool) -> None:
    _element(group, name, "public key K", K, identity=False)
    _element(group, name, "ciphertext alpha", ct.alpha, identity=identity)
    _element(group, name, "ciphertext beta", ct.beta, identity=identity)


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
    # the canonical encoding of _challenge's map, assembled from parts (see _challenge_parts)
    el = group.encode
    head, tail = _challenge_parts(group, K, 4)
    data = b"".join(
        (
            _COMMITMENTS_4,
            encode_bytes(el(a[0])),
            encode_bytes(el(b[0])),
            encode_bytes(el(a[1])),
            encode_bytes(el(b[1])),
            _CONTEXT_KEY,
            canonical_bytes(context),
            head,
            _ALPHA_KEY,
            encode_bytes(el(ct.alpha)),
            _BETA_KEY,
            encode_bytes(el(ct.beta)),
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
    _check_statement(group, name, K, ct, identity=False)
    a = [
        _element(group, name, "commitment a0", proof.a0, identity=False),
        _element(group, name, "commitment a1", proof.a1, identity=False),
    ]
    b = [
        _element(group, name, "commitment b0", proof.b0, identity=False),
        _element(group, name, "commitment b1", proof.b1, identity=False),
    ]
    c0 = _scalar(group, name, "challenge c0", proof.c0)
    _scalar(group, name, "response v0", proof.v0)
    _scalar(group, name, "response v1", proof.v1)
    c = _zero_one_challenge(group, K, ct, a, b, context)
    c1 = (c - c0) % group.q
    equations = zero_one_equations(group, K, ct, proof, c0, c1)
    _conclude(group, name, equations, _ZERO_ONE_NAMES, batch, label)


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
    # the canonical encoding of _challenge's map, assembled from parts (see _challenge_parts)
    el = group.encode
    head, tail = _challenge_parts(group, K, 6)
    parts = [_CHALLENGE_HEAD, b"L" + u32(len(a))]
    for x, y in zip(a, b, strict=True):
        parts += (_PAIR, encode_bytes(el(x)), encode_bytes(el(y)))
    parts += (
        _CONTEXT_KEY,
        canonical_bytes(context),
        head,
        _ALPHA_KEY,
        encode_bytes(el(ct.alpha)),
        _BETA_KEY,
        encode_bytes(el(ct.beta)),
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
    # each role is named only for a value that is refused
    for j, (x, y) in enumerate(zip(proof.a, proof.b, strict=True)):
        for role, value in (("a", x), ("b", y)):
            if type(value) not in _ELEMENT_TYPES or group.is_identity(value):
                _element(group, name, f"commitment {role}[{j}]", value, identity=False)
    for role, scalars in (("challenge c", proof.c), ("response v", proof.v)):
        for j, k in enumerate(scalars):
            if type(k) is not int or not 0 <= k < group.q:
                _scalar(group, name, f"{role}[{j}]", k)
    c = _range_challenge(group, K, ct, lo, hi, proof.a, proof.b, context)
    challenges = [*proof.c, (c - sum(proof.c)) % group.q]
    if factors is None:
        equations = range_equations(group, K, ct, lo, hi, proof, challenges)
    else:
        equations = _factored_range_equations(group, K, factors, lo, hi, proof, challenges)
    names = [
        f"{side} for the value {j}"
        for j in range(lo, hi + 1)
        for side in ("g^v = a·α^c", f"K^v = b·(β/g^{j})^c")
        if batch is None  # in a batch the equations are not checked one by one here
    ]
    _conclude(group, name, equations, names, batch, label)


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


# -- JSON forms ----------------------------------------------------------------------------------


def _fields(obj: object, role: str, names: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise EncodingError.of(role, "a proof must be an object")
    if set(obj) != set(names):
        raise EncodingError.of(
            role, f"expected exactly the fields {sorted(names)}, got {sorted(map(str, obj))}"
        )
    return obj


def _hex_list(obj: object, role: str) -> list[object]:
    if not isinstance(obj, list):
        raise EncodingError.of(role, "expected a list")
    return obj


def encode_proof(
    group: Group, proof: SchnorrProof | ChaumPedersenProof | ZeroOneProof | RangeProof
) -> dict[str, str | list[str]]:
    """The JSON form of a proof: elements and scalars as the group's strict lowercase hex."""
    el, sc = group.to_hex, group.scalar_to_hex
    if isinstance(proof, SchnorrProof):
        return {"h": el(proof.commitment), "v": sc(proof.response)}
    if isinstance(proof, ChaumPedersenProof):
        return {"a": el(proof.a), "b": el(proof.b), "v": sc(proof.response)}
    if isinstance(proof, ZeroOneProof):
        return {
            "a0": el(proof.a0),
            "b0": el(proof.b0),
            "a1": el(proof.a1),
            "b1": el(proof.b1),
            "c0": sc(proof.c0),
            "v0": sc(proof.v0),
            "v1": sc(proof.v1),
        }
    return {
        "a": [el(x) for x in proof.a],
        "b": [el(x) for x in proof.b],
        "c": [sc(x) for x in proof.c],
        "v": [sc(x) for x in proof.v],
    }


def decode_schnorr(group: Group, obj: object, role: str) -> SchnorrProof:
    """Parse ``{"h", "v"}`` strictly (the commitment may not be the identity)."""
    f = _fields(obj, role, ("h", "v"))
    return SchnorrProof(
        commitment=group.from_hex(f["h"], f"{role}.h"),
        response=group.scalar_from_hex(f["v"], f"{role}.v"),
    )


def decode_chaum_pedersen(group: Group, obj: object, role: str) -> ChaumPedersenProof:
    """Parse ``{"a", "b", "v"}`` strictly (``b`` may be the identity; the verifier decides)."""
    f = _fields(obj, role, ("a", "b", "v"))
    return ChaumPedersenProof(
        a=group.from_hex(f["a"], f"{role}.a"),
        b=group.from_hex(f["b"], f"{role}.b", allow_identity=True),
        response=group.scalar_from_hex(f["v"], f"{role}.v"),
    )


def decode_zero_one(group: Group, obj: object, role: str) -> ZeroOneProof:
    """Parse ``{"a0", "b0", "a1", "b1", "c0", "v0", "v1"}`` strictly."""
    f = _fields(obj, role, ("a0", "b0", "a1", "b1", "c0", "v0", "v1"))
    return ZeroOneProof(
        a0=group.from_hex(f["a0"], f"{role}.a0"),
        b0=group.from_hex(f["b0"], f"{role}.b0"),
        a1=group.from_hex(f["a1"], f"{role}.a1"),
        b1=group.from_hex(f["b1"], f"{role}.b1"),
        c0=group.scalar_from_hex(f["c0"], f"{role}.c0"),
        v0=group.scalar_from_hex(f["v0"], f"{role}.v0"),
        v1=group.scalar_from_hex(f["v1"], f"{role}.v1"),
    )


def decode_range(group: Group, obj: object, role: str) -> RangeProof:
    """Parse ``{"a": [...], "b": [...], "c": [...], "v": [...]}`` strictly."""
    f = _fields(obj, role, ("a", "b", "c", "v"))
    lists = {key: _hex_list(f[key], f"{role}.{key}") for key in ("a", "b", "c", "v")}
    for key, items in lists.items():
        if len(items) > MAX_RANGE_BRANCHES:
            raise EncodingError.of(f"{role}.{key}", f"more than {MAX_RANGE_BRANCHES} entries")
    return RangeProof(
        a=tuple(group.from_hex(x, f"{role}.a[{i}]") for i, x in enumerate(lists["a"])),
        b=tuple(group.from_hex(x, f"{role}.b[{i}]") for i, x in enumerate(lists["b"])),
        c=tuple(group.scalar_from_hex(x, f"{role}.c[{i}]") for i, x in enumerate(lists["c"])),
        v=tuple(group.scalar_from_hex(x, f"{role}.v[{i}]") for i, x in enumerate(lists["v"])),
    )
