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
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, Final, Protocol

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.chunked import (
    ChunkedList,
    EncodedList,
    WritableList,
    aligned,
    as_chunked,
)
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_scalar
from plebiscite.crypto.proofs import ChaumPedersenProof, verify_partial_decryption
from plebiscite.crypto.proofs.chaum_pedersen import chaum_pedersen_equations
from plebiscite.crypto.proofs.common import group_hash
from plebiscite.crypto.threshold import combine
from plebiscite.errors import BlindProofError, ParameterError, ProofError

__all__ = [
    "COMBINE_ITEMS",
    "DECRYPTION_BATCH",
    "WEIGHT_BYTES",
    "BlindStage",
    "BlindStageLike",
    "BlindingSecret",
    "absorb_list",
    "absorb_list_chunks",
    "absorb_pairs",
    "blind",
    "blind_and_prove",
    "blind_and_prove_chunks",
    "blinded_tag",
    "blinding_challenge",
    "blinding_commitment",
    "blinding_statement",
    "blinding_statement_chunks",
    "blinding_weights",
    "combine_chunks",
    "combine_tags",
    "combine_tags_chunks",
    "decryption_context",
    "keep_last",
    "match_tags",
    "pairs_bytes",
    "prove_blinding",
    "prove_blinding_chunks",
    "verify_blind_chain",
    "verify_blind_chain_chunks",
    "verify_blinding",
    "verify_blinding_chunks",
    "verify_decryptions_chunks",
    "weighted_combination",
    "weighted_combinations",
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


class BlindStageLike(Protocol):
    """A trustee's step as the streaming verifier reads it: a :class:`BlindStage`, or one whose
    outputs are a :class:`~plebiscite.crypto.chunked.ChunkedList` (a store on disk)."""

    @property
    def trustee(self) -> int: ...

    @property
    def commitment(self) -> Element: ...

    @property
    def outputs(self) -> Sequence[Ciphertext] | ChunkedList[Ciphertext]: ...

    @property
    def proof(self) -> ChaumPedersenProof: ...


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


def pairs_bytes(group: Group, pairs: Iterable[tuple[Element, Element]]) -> bytes:
    """The encodings of ``[x_j, y_j]`` after one another (a list's body, without its count)."""
    encode = group.encode
    return b"".join(_PAIR + encode_bytes(encode(x)) + encode_bytes(encode(y)) for x, y in pairs)


def encoded_pairs_bytes(encoded: Sequence[bytes]) -> bytes:
    """:func:`pairs_bytes` of pairs given as their elements' encodings ``[x_0, y_0, x_1, …]``."""
    parts = iter([encode_bytes(e) for e in encoded])
    return b"".join(_PAIR + x + y for x, y in zip(parts, parts, strict=True))


def absorb_pairs(
    digest: hashlib._Hash, group: Group, pairs: Sequence[tuple[Element, Element]]
) -> None:
    """Absorb the canonical encoding of ``[[x_j, y_j] for j]`` (elements as bytes)."""
    digest.update(b"L" + u32(len(pairs)))
    digest.update(pairs_bytes(group, pairs))


def absorb_list(digest: hashlib._Hash, group: Group, items: Sequence[Ciphertext]) -> None:
    """Absorb the canonical encoding of ``[[α_j, β_j] for j]`` (elements as bytes)."""
    absorb_pairs(digest, group, [(ct.alpha, ct.beta) for ct in items])


def absorb_list_chunks(
    digest: hashlib._Hash,
    group: Group,
    items: ChunkedList[Ciphertext],
    *,
    checked: Callable[[int, Sequence[Ciphertext]], None] | None = None,
) -> None:
    """:func:`absorb_list` of a list read chunk by chunk (the same bytes); ``checked`` is
    called with each chunk's start and values before they are hashed (a verifier's checks)."""
    n = len(items)
    digest.update(b"L" + u32(n))
    start = 0
    if checked is None and isinstance(items, EncodedList):
        # the encodings as the list keeps them: no element decoded to be encoded again
        for encoded in items.encodings():
            digest.update(encoded_pairs_bytes(encoded))
            start += len(encoded) // 2
    else:
        for chunk in items.chunks():
            if checked is not None:
                checked(start, chunk)
            digest.update(pairs_bytes(group, ((ct.alpha, ct.beta) for ct in chunk)))
            start += len(chunk)
    if start != n:
        raise ParameterError(f"a list of {n} ciphertexts gave {start} in its chunks")


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
    digest = _statement_head(group, context, trustee, commitment, len(inputs))
    absorb_list(digest, group, inputs)
    absorb_list(digest, group, outputs)
    return digest.digest()


def _statement_head(
    group: Group, context: CanonicalValue, trustee: int, commitment: Element, n: int
) -> hashlib._Hash:
    return hashlib.sha256(
        canonical_bytes(
            tags.BLIND_STATEMENT, group_hash(group), context, trustee, group.encode(commitment), n
        )
    )


def blinding_statement_chunks(
    group: Group,
    context: CanonicalValue,
    trustee: int,
    commitment: Element,
    inputs: ChunkedList[Ciphertext],
    outputs: ChunkedList[Ciphertext],
    *,
    checked: Callable[[int, Sequence[Ciphertext]], None] | None = None,
) -> bytes:
    """:func:`blinding_statement` over lists read chunk by chunk (the same digest);
    ``checked`` sees each chunk of the outputs before it is hashed."""
    digest = _statement_head(group, context, trustee, commitment, len(inputs))
    absorb_list_chunks(digest, group, inputs)
    absorb_list_chunks(digest, group, outputs, checked=checked)
    return digest.digest()


def blinding_weights(
    y: bytes, n: int, tag: str = tags.BLIND_WEIGHT, *, start: int = 0
) -> list[tuple[int, int]]:
    """``e_(j,k) = int(expand_message_xmd(enc(y) ‖ enc(j) ‖ enc(k), tag, 16))`` for the ``n``
    positions ``j`` from ``start`` (the tag is ``BLIND_WEIGHT`` for a blinding round,
    ``PET_WEIGHT`` for an equality-test round)."""
    dst = tag.encode("utf-8")
    head = encode_bytes(y)

    def weight(j: int, k: int) -> int:
        msg = head + canonical_bytes(j, k)
        return int.from_bytes(expand_message_xmd(msg, dst, WEIGHT_BYTES), "big")

    return [(weight(j, 0), weight(j, 1)) for j in range(start, start + n)]


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


#: items whose weighted combination is one multi-exponentiation when a list is read in chunks
#: (a longer one costs less per term: about 5.2 µs per 128-bit term at 4,096, 4.3 at 16,384)
COMBINE_ITEMS: Final = 8192


def weighted_combinations(
    group: Group, lists: Sequence[ChunkedList[Ciphertext]], y: bytes, tag: str = tags.BLIND_WEIGHT
) -> list[Element]:
    """:func:`weighted_combination` of each of ``lists`` (all of one length, read side by side
    in chunks of :data:`COMBINE_ITEMS`) with the weights :func:`blinding_weights` derives from
    ``y``, each position's weights derived once for all the lists."""
    parts: list[list[Element]] = [[] for _ in lists]
    for start, chunks in aligned(lists, COMBINE_ITEMS, where="weighted lists"):
        weights = blinding_weights(y, len(chunks[0]), tag, start=start)
        for part, chunk in zip(parts, chunks, strict=True):
            part.append(weighted_combination(group, chunk, weights))
    return [group.prod(part) for part in parts]


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
    return prove_blinding_chunks(
        group, secret, trustee, as_chunked(inputs), as_chunked(outputs), context, rng=rng
    )


def prove_blinding_chunks(
    group: Group,
    secret: BlindingSecret,
    trustee: int,
    inputs: ChunkedList[Ciphertext],
    outputs: ChunkedList[Ciphertext],
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
) -> ChaumPedersenProof:
    """:func:`prove_blinding` over lists read chunk by chunk: two passes over each (the
    statement's digest, then the weighted combination); the same proof."""
    _check_trustee(trustee)
    if not len(inputs) or len(inputs) != len(outputs):
        raise ParameterError(
            f"blinding: {len(inputs)} inputs and {len(outputs)} outputs (need N ≥ 1, equal)"
        )
    commitment = group.exp_g_secret(secret.z)
    y = blinding_statement_chunks(group, context, trustee, commitment, inputs, outputs)
    return _proof(group, secret, trustee, commitment, inputs, y, context, rng)


def _proof(
    group: Group,
    secret: BlindingSecret,
    trustee: int,
    commitment: Element,
    inputs: ChunkedList[Ciphertext],
    y: bytes,
    context: CanonicalValue,
    rng: rand.Random | None,
) -> ChaumPedersenProof:
    """The proof once the statement's digest ``y`` is known (one more pass over the inputs)."""
    (combined,) = weighted_combinations(group, [inputs], y)
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


#: chunks out on an executor at once in :func:`blind_and_prove_chunks`
IN_FLIGHT = 8


def blind_and_prove_chunks(
    group: Group,
    secret: BlindingSecret,
    trustee: int,
    inputs: ChunkedList[Ciphertext],
    outputs: WritableList[Ciphertext],
    context: CanonicalValue,
    *,
    rng: rand.Random | None = None,
    pool: Executor | None = None,
) -> ChaumPedersenProof:
    """A trustee's step over lists read chunk by chunk: the blinded list appended to ``outputs``
    (empty) chunk by chunk, then its proof (:func:`prove_blinding_chunks`'s): the inputs are
    read twice (blinded and hashed, then combined), the outputs once more (hashed). With
    ``pool``, the chunks are blinded on it, at most :data:`IN_FLIGHT` out at once (the same
    outputs)."""
    _check_trustee(trustee)
    n = len(inputs)
    if not n:
        raise ParameterError("blinding: the input list is empty (need N ≥ 1)")
    if len(outputs):
        raise ParameterError("blinding: the outputs' list must start empty")
    commitment = group.exp_g_secret(secret.z)
    digest = _statement_head(group, context, trustee, commitment, n)
    digest.update(b"L" + u32(n))

    def hashed(chunks: Iterable[Sequence[Ciphertext]]) -> Iterator[Sequence[Ciphertext]]:
        """The inputs as they are blinded, absorbed into the statement on the way."""
        for chunk in chunks:
            digest.update(pairs_bytes(group, ((ct.alpha, ct.beta) for ct in chunk)))
            yield chunk

    for chunk in _map_chunks(pool, blind, group, secret, hashed(inputs.chunks()), BLIND_CHUNK):
        outputs.append(chunk)
    if len(outputs) != n:
        raise ParameterError(f"blinding: {len(outputs)} outputs kept for {n} inputs")
    absorb_list_chunks(digest, group, outputs)
    y = digest.digest()
    return _proof(group, secret, trustee, commitment, inputs, y, context, rng)


def _map_chunks(
    pool: Executor | None,
    function: Callable[..., list[Ciphertext]],
    group: Group,
    secret: BlindingSecret,
    chunks: Iterable[Sequence[Ciphertext]],
    size: int,
) -> Iterator[list[Ciphertext]]:
    """``function(group, secret, chunk)`` of each chunk in order: here, or on ``pool`` in
    pieces of ``size`` items with at most :data:`IN_FLIGHT` out at once."""
    if pool is None:
        for chunk in chunks:
            yield function(group, secret, chunk)
        return
    out: deque[Future[list[Ciphertext]]] = deque()
    for chunk in chunks:
        for lo in range(0, len(chunk), size):
            out.append(pool.submit(function, group, secret, chunk[lo : lo + size]))
            if len(out) >= IN_FLIGHT:
                yield out.popleft().result()
    while out:
        yield out.popleft().result()


def _fail(trustee: int, field: str, message: str, index: int | None = None) -> BlindProofError:
    return BlindProofError(
        f"blinding proof of trustee {trustee}: {message}", field, trustee=trustee, index=index
    )


def _check_head(
    group: Group, trustee: int, commitment: object, n: int, outputs: int, proof: object
) -> ChaumPedersenProof:
    """The checks of a step that read no list item: the commitment, the lengths, the proof."""
    if not isinstance(commitment, Element) or group.is_identity(commitment):
        raise _fail(trustee, "commitment", "the commitment Z is not a non-identity element")
    if outputs != n or not n:
        raise _fail(trustee, "outputs", f"{outputs} outputs for {n} inputs (need N ≥ 1)")
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


def _outputs_checker(trustee: int) -> Callable[[int, Sequence[object]], None]:
    """Checks each output of a chunk is a ciphertext (named by its position in the list)."""

    def check(start: int, chunk: Sequence[object]) -> None:
        for j, ct in enumerate(chunk, start):
            if not (
                isinstance(ct, Ciphertext)
                and isinstance(ct.alpha, Element)
                and isinstance(ct.beta, Element)
            ):
                raise _fail(trustee, "outputs", f"output {j} is not a ciphertext", j)

    return check


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
    _outputs_checker(trustee)(0, outputs)
    return _check_head(group, trustee, commitment, len(inputs), len(outputs), proof)


def _equations(
    group: Group,
    trustee: int,
    commitment: Element,
    inputs: ChunkedList[Ciphertext],
    outputs: ChunkedList[Ciphertext],
    proof: ChaumPedersenProof,
    context: CanonicalValue,
) -> list[Equation]:
    """Shapes checked, challenge recomputed (each list read twice, chunk by chunk: the
    statement's digest, then the weighted combinations): the two equations of the proof."""
    _check_head(group, trustee, commitment, len(inputs), len(outputs), proof)
    y = blinding_statement_chunks(
        group, context, trustee, commitment, inputs, outputs, checked=_outputs_checker(trustee)
    )
    combined, combined_out = weighted_combinations(group, [inputs, outputs], y)
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
    _check_shapes(group, trustee, commitment, inputs, outputs, proof)
    verify_blinding_chunks(
        group, trustee, commitment, as_chunked(inputs), as_chunked(outputs), proof, context
    )


def verify_blinding_chunks(
    group: Group,
    trustee: int,
    commitment: Element,
    inputs: ChunkedList[Ciphertext],
    outputs: ChunkedList[Ciphertext],
    proof: ChaumPedersenProof,
    context: CanonicalValue,
) -> None:
    """:func:`verify_blinding` over lists read chunk by chunk."""
    _check_trustee(trustee)
    equations = _equations(group, trustee, commitment, inputs, outputs, proof, context)
    for eq, name in zip(equations, _EQUATION_NAMES, strict=True):
        if not equation_holds(group, eq):
            raise _fail(trustee, name, f"the equation {name} does not hold")


def verify_blind_chain(
    group: Group,
    inputs: Sequence[Ciphertext],
    stages: Sequence[BlindStageLike],
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
    last = verify_blind_chain_chunks(group, as_chunked(inputs), stages, context)
    return [ct for chunk in last.chunks() for ct in chunk]


def verify_blind_chain_chunks(
    group: Group,
    inputs: ChunkedList[Ciphertext],
    stages: Sequence[BlindStageLike],
    context: CanonicalValue,
) -> ChunkedList[Ciphertext]:
    """:func:`verify_blind_chain` over lists read chunk by chunk (each stage's outputs a
    sequence or a :class:`~plebiscite.crypto.chunked.ChunkedList`), each list read twice by
    each proof that names it; returns the last output list as it was given."""
    if not stages:
        raise ParameterError("a blinding round needs at least one trustee")
    if not len(inputs):
        raise ParameterError("a blinding round needs a list of at least one ciphertext")
    batch = BatchVerifier(group)
    previous: ChunkedList[Ciphertext] = inputs
    lists: list[ChunkedList[Ciphertext]] = [inputs]
    last = 0
    for stage in stages:
        trustee = _check_trustee(stage.trustee)
        if trustee <= last:
            raise _fail(trustee, "trustee", f"trustee {trustee} blinds after trustee {last}")
        last = trustee
        outputs = as_chunked(stage.outputs)
        equations = _equations(
            group, trustee, stage.commitment, previous, outputs, stage.proof, context
        )
        batch.add_equations(str(trustee), equations)
        previous = outputs
        lists.append(outputs)
    failed = batch.check()
    if failed:
        trustee = int(failed[0])
        index = next(p for p, s in enumerate(stages) if s.trustee == trustee)
        stage = stages[index]
        verify_blinding_chunks(
            group,
            trustee,
            stage.commitment,
            lists[index],
            lists[index + 1],
            stage.proof,
            context,
        )
        raise _fail(trustee, "equations", "the proof fails in the batch")  # pragma: no cover
    return previous


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
    chunked = {i: as_chunked(shares) for i, shares in partials.items()}
    return list(combine_tags_chunks(group, as_chunked(blinded), chunked, k, context))


def combine_chunks(
    group: Group,
    items: ChunkedList[Ciphertext],
    partials: Mapping[int, ChunkedList[Element]],
    k: int,
) -> Iterator[list[Element]]:
    """Chunk by chunk, ``T_j = β_j / ∏ M_(i,j)^(λ_i)`` of ``items`` from at least ``k``
    trustees' (verified) partial decryptions, each a list read chunk by chunk beside them."""
    trustees = list(partials)
    lists: list[ChunkedList[Any]] = [items, *(partials[i] for i in trustees)]
    for _, (chunk, *shares) in aligned(lists, where="partial decryptions"):
        yield [
            combine(group, ct, {i: s[j] for i, s in zip(trustees, shares, strict=True)}, k)
            for j, ct in enumerate(chunk)
        ]


def combine_tags_chunks(
    group: Group,
    blinded: ChunkedList[Ciphertext],
    partials: Mapping[int, ChunkedList[Element]],
    k: int,
    context: CanonicalValue,
) -> Iterator[bytes]:
    """:func:`combine_tags` over lists read chunk by chunk: the tags in order."""
    for chunk in combine_chunks(group, blinded, partials, k):
        for element in chunk:
            yield blinded_tag(group, context, element)


#: partial decryptions whose proofs are checked in one batch by
#: :func:`verify_decryptions_chunks`
DECRYPTION_BATCH: Final = 1024


def verify_decryptions_chunks(
    group: Group,
    trustee: int,
    verification_key: Element,
    items: ChunkedList[Ciphertext],
    shares: ChunkedList[tuple[Element, ChaumPedersenProof]],
    context: Mapping[str, CanonicalValue],
) -> None:
    """Check trustee ``trustee``'s partial decryptions of ``items`` (contexts of
    :func:`decryption_context`), both lists read side by side, the proofs of
    :data:`DECRYPTION_BATCH` items at a time in one batch; on a failure the first failing share
    is checked alone and named: :class:`~plebiscite.errors.BlindProofError` with ``trustee``,
    ``index`` and, as ``field``, ``"decryption"`` (its message says what failed)."""
    if len(shares) != len(items):
        raise BlindProofError(
            f"trustee {trustee}: {len(shares)} partial decryptions for {len(items)} items",
            "decryption",
            trustee=trustee,
        )

    def verify(j: int, ct: Ciphertext, share: Any, batch: BatchVerifier | None) -> None:
        try:
            partial: Element
            proof: ChaumPedersenProof
            partial, proof = share
            verify_partial_decryption(
                group,
                verification_key,
                ct,
                partial,
                proof,
                decryption_context(context, trustee, j),
                batch=batch,
                label=str(j),
            )
        except (ProofError, TypeError, ValueError, AttributeError) as exc:
            raise BlindProofError(
                f"trustee {trustee}, item {j}: {exc}", "decryption", trustee=trustee, index=j
            ) from None

    for start, (cts, chunk) in aligned([items, shares], DECRYPTION_BATCH, where="decryptions"):
        batch = BatchVerifier(group)
        for j, (ct, share) in enumerate(zip(cts, chunk, strict=True), start):
            verify(j, ct, share, batch)
        failed = batch.check()
        if failed:
            j = int(failed[0])
            verify(j, cts[j - start], chunk[j - start], None)
            raise BlindProofError(  # pragma: no cover - the share fails alone too
                f"trustee {trustee}, item {j}: fails in the batch",
                "decryption",
                trustee=trustee,
                index=j,
            )


def keep_last(tag_list: Iterable[bytes]) -> list[int]:
    """The positions kept by duplicate removal: for each tag, its last position (increasing);
    the tags may come one at a time (:func:`combine_tags_chunks`)."""
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
