"""Distributed blinded deterministic tags (docs/spec.md §16.6).

A blinding round turns a list of ElGamal ciphertexts into tags that are equal exactly when the
plaintexts are equal, without revealing the plaintexts. Each blinding trustee i commits to a
fresh secret ``z_i`` as ``Z_i = g^(z_i)`` before the list is fixed, then, in increasing index
order, raises both components of every ciphertext of the previous trustee's output to ``z_i``
and proves it with ONE Chaum–Pedersen proof over a random linear combination of the list
(``log_g Z_i = log_A A′`` with ``A = ∏ α_j^(e_j0)·β_j^(e_j1)`` and ``A′`` the same over the
outputs; 128-bit weights from the statement digest). The chain's last list encrypts
``M_j^z`` with ``z = ∏ z_i``; its threshold decryption (partial decryptions as §12) gives
``T_j = M_j^z`` and the tag ``τ_j = H(BLINDED_TAG, context, T_j)``.

A trustee who raises any component to another exponent makes ``A′ ≠ A^(z_i)`` except with
probability 2^-128 over the weights, so its proof fails and the verifier names it
(:class:`~plebiscite.errors.BlindProofError`, attribute ``trustee``).

The names echo the literature: JCJ (2005) and Civitas (2008) remove duplicate and unregistered
credentials with pairwise plaintext-equivalence tests; blinded deterministic tags on mixed lists
make that step linear (docs/spec.md §16.1 cites the sources).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_scalar
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.proofs.chaum_pedersen import chaum_pedersen_equations
from plebiscite.crypto.proofs.common import group_hash
from plebiscite.crypto.threshold import combine
from plebiscite.errors import BlindProofError, ParameterError

__all__ = [
    "WEIGHT_BYTES",
    "BlindStage",
    "BlindingSecret",
    "absorb_list",
    "absorb_pairs",
    "blind",
    "blind_and_prove",
    "blinded_tag",
    "blinding_challenge",
    "blinding_commitment",
    "blinding_statement",
    "blinding_weights",
    "combine_tags",
    "decryption_context",
    "keep_last",
    "match_tags",
    "prove_blinding",
    "verify_blind_chain",
    "verify_blinding",
    "weighted_combination",
]

#: the length of a weight e_(j,k) in bytes (128 bits, as the shuffle's challenges u_j)
WEIGHT_BYTES = 16

_PAIR = b"L" + u32(2)
_EQUATION_NAMES = ("g^v = a·Z^c", "A^v = b·A′^c")


@dataclass(frozen=True)
class BlindingSecret:
    """A trustee's blinding exponent ``z_i`` in ``[1, q)`` for one round (the repr hides it)."""

    z: int

    def __repr__(self) -> str:
        return "BlindingSecret(z=<hidden>)"


@dataclass(frozen=True)
class BlindStage:
    """One trustee's posted step of a chain: its commitment, its output list and its proof."""

    trustee: int
    commitment: Element
    outputs: tuple[Ciphertext, ...]
    proof: ChaumPedersenProof


def blinding_commitment(
    group: Group, rng: rand.Random | None = None
) -> tuple[BlindingSecret, Element]:
    """A fresh exponent ``z_i ∈ [1, q)`` and its commitment ``Z_i = g^(z_i)``."""
    z = group.random_nonzero_scalar(rng)
    return BlindingSecret(z), group.exp_g_secret(z)


def blind(group: Group, secret: BlindingSecret, inputs: Sequence[Ciphertext]) -> list[Ciphertext]:
    """``(α_j^z, β_j^z)`` for every input (constant-time exponentiation where the group has it)."""
    z = secret.z
    return [
        Ciphertext(group.exp_secret(ct.alpha, z), group.exp_secret(ct.beta, z)) for ct in inputs
    ]


def absorb_pairs(
    digest: hashlib._Hash, group: Group, pairs: Sequence[tuple[Element, Element]]
) -> None:
    """Absorb the canonical encoding of ``[[x_j, y_j] for j]`` (elements as bytes)."""
    encode = group.encode
    digest.update(b"L" + u32(len(pairs)))
    digest.update(
        b"".join(_PAIR + encode_bytes(encode(x)) + encode_bytes(encode(y)) for x, y in pairs)
    )


def absorb_list(digest: hashlib._Hash, group: Group, items: Sequence[Ciphertext]) -> None:
    """Absorb the canonical encoding of ``[[α_j, β_j] for j]`` (elements as bytes)."""
    absorb_pairs(digest, group, [(ct.alpha, ct.beta) for ct in items])


def blinding_statement(
    group: Group,
    context: CanonicalValue,
    trustee: int,
    commitment: Element,
    inputs: Sequence[Ciphertext],
    outputs: Sequence[Ciphertext],
) -> bytes:
    """``y = H(BLIND_STATEMENT, group_hash, context, trustee, Z_i, N, inputs, outputs)``,
    streamed: equal to :func:`~plebiscite.crypto.hashing.H` of the nested lists."""
    digest = hashlib.sha256(
        canonical_bytes(
            tags.BLIND_STATEMENT,
            group_hash(group),
            context,
            trustee,
            group.encode(commitment),
            len(inputs),
        )
    )
    absorb_list(digest, group, inputs)
    absorb_list(digest, group, outputs)
    return digest.digest()


def blinding_weights(y: bytes, n: int, tag: str = tags.BLIND_WEIGHT) -> list[tuple[int, int]]:
    """``e_(j,k) = int(expand_message_xmd(enc(y) ‖ enc(j) ‖ enc(k), tag, 16))`` (the tag is
    ``BLIND_WEIGHT`` for a blinding round, ``PET_WEIGHT`` for an equality-test round)."""
    dst = tag.encode("utf-8")
    head = encode_bytes(y)

    def weight(j: int, k: int) -> int:
        msg = head + canonical_bytes(j, k)
        return int.from_bytes(expand_message_xmd(msg, dst, WEIGHT_BYTES), "big")

    return [(weight(j, 0), weight(j, 1)) for j in range(n)]


def weighted_combination(
    group: Group, items: Sequence[Ciphertext], weights: Sequence[tuple[int, int]]
) -> Element:
    """``∏_j α_j^(e_(j,0)) · β_j^(e_(j,1))`` (public 128-bit exponents)."""
    bases: list[Element] = []
    exps: list[int] = []
    for ct, (e0, e1) in zip(items, weights, strict=True):
        bases.extend((ct.alpha, ct.beta))
        exps.extend((e0, e1))
    return group.multi_exp(bases, exps)


def blinding_challenge(
    group: Group,
    context: CanonicalValue,
    trustee: int,
    commitment: Element,
    y: bytes,
    a: Element,
    b: Element,
) -> int:
    """``c = hash_to_scalar(BLIND_CHALLENGE, q, {group, context, statement, commitments})``."""
    statement: dict[str, CanonicalValue] = {
        "g": group.encode(group.generator()),
        "Z": group.encode(commitment),
        "trustee": trustee,
        "list": y,
    }
    return hash_to_scalar(
        tags.BLIND_CHALLENGE,
        group.q,
        {
            "group": group_hash(group),
            "context": context,
            "statement": statement,
            "commitments": [group.encode(a), group.encode(b)],
        },
    )


def _check_trustee(trustee: object) -> int:
    if isinstance(trustee, bool) or not isinstance(trustee, int) or trustee < 1:
        raise ParameterError(f"blinding trustee must be a positive integer, got {trustee!r}")
    return trustee


def prove_blinding(
    group: Group,
    secret: BlindingSecret,
    trustee: int,
    inputs: Sequence[Ciphertext],
    outputs: Sequence[Ciphertext],
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> ChaumPedersenProof:
    """The batched Chaum–Pedersen proof that ``outputs`` are ``inputs`` raised to ``z_i``."""
    _check_trustee(trustee)
    if not inputs or len(inputs) != len(outputs):
        raise ParameterError(
            f"blinding: {len(inputs)} inputs and {len(outputs)} outputs (need N ≥ 1, equal)"
        )
    commitment = group.exp_g_secret(secret.z)
    y = blinding_statement(group, context, trustee, commitment, inputs, outputs)
    weights = blinding_weights(y, len(inputs))
    combined = weighted_combination(group, inputs, weights)
    u = group.random_nonzero_scalar(rng)
    a = group.exp_g_secret(u)
    b = group.exp_secret(combined, u)
    c = blinding_challenge(group, context, trustee, commitment, y, a, b)
    return ChaumPedersenProof(a=a, b=b, response=(u + c * secret.z) % group.q)


#: items per task when :func:`blind_and_prove` is given an executor
BLIND_CHUNK = 1024


def blind_and_prove(
    group: Group,
    secret: BlindingSecret,
    trustee: int,
    inputs: Sequence[Ciphertext],
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
    pool: Executor | None = None,
) -> tuple[list[Ciphertext], ChaumPedersenProof]:
    """A trustee's step: the blinded list and its proof. With ``pool``, the list is blinded on
    it, :data:`BLIND_CHUNK` items at a time (the same outputs)."""
    if pool is None:
        outputs = blind(group, secret, inputs)
    else:
        futures = [
            pool.submit(blind, group, secret, inputs[lo : lo + BLIND_CHUNK])
            for lo in range(0, len(inputs), BLIND_CHUNK)
        ]
        outputs = [ct for future in futures for ct in future.result()]
    return outputs, prove_blinding(group, secret, trustee, inputs, outputs, context, rng=rng)


def _fail(trustee: int, field: str, message: str, index: int | None = None) -> BlindProofError:
    return BlindProofError(
        f"blinding proof of trustee {trustee}: {message}", field, trustee=trustee, index=index
    )


def _check_shapes(
    group: Group,
    trustee: int,
    commitment: object,
    inputs: Sequence[Ciphertext],
    outputs: Sequence[object],
    proof: object,
) -> ChaumPedersenProof:
    if not isinstance(commitment, Element) or group.is_identity(commitment):
        raise _fail(trustee, "commitment", "the commitment Z is not a non-identity element")
    if len(outputs) != len(inputs) or not inputs:
        raise _fail(
            trustee, "outputs", f"{len(outputs)} outputs for {len(inputs)} inputs (need N ≥ 1)"
        )
    for j, ct in enumerate(outputs):
        if not (
            isinstance(ct, Ciphertext)
            and isinstance(ct.alpha, Element)
            and isinstance(ct.beta, Element)
        ):
            raise _fail(trustee, "outputs", f"output {j} is not a ciphertext", j)
    if not isinstance(proof, ChaumPedersenProof):
        raise _fail(trustee, "proof", "the proof is not a Chaum–Pedersen proof")
    if not isinstance(proof.a, Element) or group.is_identity(proof.a):
        raise _fail(trustee, "a", "the commitment a is not a non-identity element")
    if not isinstance(proof.b, Element):
        raise _fail(trustee, "b", "the commitment b is not a group element")
    v = proof.response
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < group.q:
        raise _fail(trustee, "v", "the response v is not a scalar in [0, q)")
    return proof


def _equations(
    group: Group,
    trustee: int,
    commitment: Element,
    inputs: Sequence[Ciphertext],
    outputs: Sequence[Ciphertext],
    proof: ChaumPedersenProof,
    context: CanonicalValue,
) -> list[Equation]:
    """Shapes checked, challenge recomputed: the two equations of the trustee's proof."""
    _check_shapes(group, trustee, commitment, inputs, outputs, proof)
    y = blinding_statement(group, context, trustee, commitment, inputs, outputs)
    weights = blinding_weights(y, len(inputs))
    combined = weighted_combination(group, inputs, weights)
    combined_out = weighted_combination(group, outputs, weights)
    if group.is_identity(proof.b) != group.is_identity(combined):
        raise _fail(trustee, "b", "the commitment b must be the identity exactly when A is")
    c = blinding_challenge(group, context, trustee, commitment, y, proof.a, proof.b)
    return chaum_pedersen_equations(group, commitment, combined, combined_out, proof, c)


def verify_blinding(
    group: Group,
    trustee: int,
    commitment: Element,
    inputs: Sequence[Ciphertext],
    outputs: Sequence[Ciphertext],
    proof: ChaumPedersenProof,
    context: CanonicalValue,
) -> None:
    """Verify one trustee's step; raise :class:`BlindProofError` naming it and the part."""
    _check_trustee(trustee)
    equations = _equations(group, trustee, commitment, inputs, outputs, proof, context)
    for eq, name in zip(equations, _EQUATION_NAMES, strict=True):
        if not equation_holds(group, eq):
            raise _fail(trustee, name, f"the equation {name} does not hold")


def verify_blind_chain(
    group: Group,
    inputs: Sequence[Ciphertext],
    stages: Sequence[BlindStage],
    context: CanonicalValue,
) -> list[Ciphertext]:
    """Verify a whole round (trustees in strictly increasing order, each one's input the previous
    one's output) as one batch; return the last output list.

    When the batch fails, each trustee's equations are checked alone and the first failing trustee
    is named (:class:`BlindProofError` with ``trustee`` and ``field``).
    """
    if not stages:
        raise ParameterError("a blinding round needs at least one trustee")
    if not inputs:
        raise ParameterError("a blinding round needs a list of at least one ciphertext")
    batch = BatchVerifier(group)
    previous: Sequence[Ciphertext] = inputs
    last = 0
    for stage in stages:
        trustee = _check_trustee(stage.trustee)
        if trustee <= last:
            raise _fail(trustee, "trustee", f"trustee {trustee} blinds after trustee {last}")
        last = trustee
        equations = _equations(
            group, trustee, stage.commitment, previous, stage.outputs, stage.proof, context
        )
        batch.add_equations(str(trustee), equations)
        previous = stage.outputs
    failed = batch.check()
    if failed:
        trustee = int(failed[0])
        stage = next(s for s in stages if s.trustee == trustee)
        index = stages.index(stage)
        stage_inputs = inputs if index == 0 else stages[index - 1].outputs
        verify_blinding(
            group, trustee, stage.commitment, stage_inputs, stage.outputs, stage.proof, context
        )
        raise _fail(trustee, "equations", "the proof fails in the batch")  # pragma: no cover
    return list(previous)


# -- decryption and tags ---------------------------------------------------------------------------


def decryption_context(
    context: Mapping[str, CanonicalValue], trustee: int, item: int
) -> dict[str, CanonicalValue]:
    """The context of trustee i's partial decryption of item j: the round's, plus both."""
    if "trustee" in context or "item" in context:
        raise ParameterError("a round's context may not name a trustee or an item")
    return {**context, "trustee": trustee, "item": item}


def blinded_tag(group: Group, context: CanonicalValue, element: Element) -> bytes:
    """``τ = H(BLINDED_TAG, context, T)`` for a decrypted blinded plaintext ``T = M^z``."""
    return H(tags.BLINDED_TAG, context, group.encode(element))


def combine_tags(
    group: Group,
    blinded: Sequence[Ciphertext],
    partials: Mapping[int, Sequence[Element]],
    k: int,
    context: CanonicalValue,
) -> list[bytes]:
    """The tags of a blinded list from at least ``k`` trustees' (verified) partial decryptions
    ``{i: [M_(i,j) for j]}``: ``T_j = β_j / ∏ M_(i,j)^(λ_i)`` and ``τ_j`` of it."""
    for i, shares in partials.items():
        if len(shares) != len(blinded):
            raise ParameterError(
                f"trustee {i}: {len(shares)} partial decryptions for {len(blinded)} items"
            )
    return [
        blinded_tag(group, context, combine(group, ct, {i: s[j] for i, s in partials.items()}, k))
        for j, ct in enumerate(blinded)
    ]


def keep_last(tag_list: Sequence[bytes]) -> list[int]:
    """The positions kept by duplicate removal: for each tag, its last position (increasing)."""
    last: dict[bytes, int] = {}
    for j, tag in enumerate(tag_list):
        last[tag] = j
    return sorted(last.values())


def match_tags(ballot_tags: Sequence[bytes], roll_tags: Sequence[bytes]) -> list[int]:
    """The positions of ``ballot_tags`` found among ``roll_tags`` (one hash table: linear).

    Refuses a roll with a repeated tag and ballots with a repeated tag (duplicates must have
    been removed first): each roll entry then matches at most one ballot.
    """
    roll = set(roll_tags)
    if len(roll) != len(roll_tags):
        raise ParameterError("the roll's tags repeat: two roll entries hold the same credential")
    if len(set(ballot_tags)) != len(ballot_tags):
        raise ParameterError("the ballots' tags repeat: duplicates were not removed")
    return [j for j, tag in enumerate(ballot_tags) if tag in roll]
