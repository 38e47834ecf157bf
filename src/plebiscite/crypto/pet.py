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
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

from plebiscite.crypto import rand, tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.chunked import (
    ChunkedList,
    EncodedList,
    MemoryList,
    WritableList,
    aligned,
    as_chunked,
)
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import hash_to_scalar
from plebiscite.crypto.proofs.common import group_hash
from plebiscite.crypto.shuffle_columns import ColumnKind, Columns, ListColumn, MemoryColumns
from plebiscite.crypto.tags_blind import (
    absorb_list,
    absorb_list_chunks,
    absorb_pairs,
    blinding_weights,
    combine_chunks,
    pairs_bytes,
    weighted_combination,
)
from plebiscite.errors import BlindProofError, ParameterError

__all__ = [
    "PetProof",
    "PetProofLike",
    "PetProofLists",
    "PetSecret",
    "PetStage",
    "PetStageLike",
    "PetStageLists",
    "counted_positions",
    "pet_challenge",
    "pet_commit",
    "pet_commitments_digest",
    "pet_raise",
    "pet_results",
    "pet_stage",
    "pet_stage_chunks",
    "pet_statement",
    "pet_statement_chunks",
    "quotients",
    "quotients_chunks",
    "verify_pet_chain",
    "verify_pet_chain_chunks",
    "verify_pet_stage",
    "verify_pet_stage_chunks",
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


class PetProofLike(Protocol):
    """A step's proof as the streaming verifier reads it: a :class:`PetProof`, or lists read
    chunk by chunk (:class:`PetProofLists`)."""

    @property
    def a(self) -> Sequence[Element] | ChunkedList[Element]: ...

    @property
    def b(self) -> Sequence[Element] | ChunkedList[Element]: ...

    @property
    def v(self) -> Sequence[int] | ChunkedList[int]: ...


class PetStageLike(Protocol):
    """A trustee's step as the streaming verifier reads it (:class:`PetStage` or
    :class:`PetStageLists`)."""

    @property
    def trustee(self) -> int: ...

    @property
    def commitments(self) -> Sequence[Element] | ChunkedList[Element]: ...

    @property
    def outputs(self) -> Sequence[Ciphertext] | ChunkedList[Ciphertext]: ...

    @property
    def proof(self) -> PetProofLike: ...


@dataclass(frozen=True)
class PetProofLists:
    """A step's proof as lists written and read chunk by chunk (in memory or in a store)."""

    a: WritableList[Element]
    b: WritableList[Element]
    v: WritableList[int]


@dataclass(frozen=True)
class PetStageLists:
    """A trustee's step as lists written and read chunk by chunk: what
    :func:`pet_stage_chunks` fills (empty when given) and the streaming verifier reads."""

    trustee: int
    commitments: WritableList[Element]
    outputs: WritableList[Ciphertext]
    proof: PetProofLists


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


def quotients_chunks(
    group: Group, credentials: ChunkedList[Ciphertext], pointers: ChunkedList[Ciphertext]
) -> Iterator[list[Ciphertext]]:
    """:func:`quotients` of two lists read side by side, chunk by chunk."""
    for _, (ds, ps) in aligned([credentials, pointers], where="credentials and roll pointers"):
        yield quotients(group, ds, ps)


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


def pet_statement_chunks(
    group: Group,
    context: CanonicalValue,
    trustee: int,
    commitments: ChunkedList[Element],
    inputs: ChunkedList[Ciphertext],
    outputs: ChunkedList[Ciphertext],
    *,
    checks: Mapping[str, Callable[[int, Sequence[Any]], None]] | None = None,
) -> bytes:
    """:func:`pet_statement` over lists read chunk by chunk (the same digest); ``checks``
    (by list: ``"commitments"``, ``"outputs"``) see each chunk before it is hashed."""
    checks = checks or {}
    digest = _statement_head(group, context, trustee, len(inputs), len(commitments))
    encode, check = group.encode, checks.get("commitments")
    start = 0
    if check is None and isinstance(commitments, EncodedList):
        for encoded in commitments.encodings():
            digest.update(b"".join([encode_bytes(e) for e in encoded]))
            start += len(encoded)
    else:
        for chunk in commitments.chunks():
            if check is not None:
                check(start, chunk)
            digest.update(b"".join(encode_bytes(encode(z)) for z in chunk))
            start += len(chunk)
    if start != len(commitments):
        raise ParameterError(f"{len(commitments)} commitments gave {start} in their chunks")
    absorb_list_chunks(digest, group, inputs)
    absorb_list_chunks(digest, group, outputs, checked=checks.get("outputs"))
    return digest.digest()


def _statement_head(
    group: Group, context: CanonicalValue, trustee: int, n: int, commitments: int
) -> hashlib._Hash:
    """The statement's digest up to the commitments' list header (their items come next)."""
    digest = hashlib.sha256(
        canonical_bytes(tags.PET_STATEMENT, group_hash(group), context, trustee, n)
    )
    digest.update(b"L" + u32(commitments))
    return digest


def pet_commitments_digest(
    group: Group, y: bytes, a: Sequence[Element], b: Sequence[Element]
) -> bytes:
    """``d = H(PET_COMMITMENTS, y, [[a_j, b_j] for j])``, streamed."""
    digest = hashlib.sha256(canonical_bytes(tags.PET_COMMITMENTS, y))
    absorb_pairs(digest, group, list(zip(a, b, strict=True)))
    return digest.digest()


def _commitments_digest_chunks(
    group: Group,
    y: bytes,
    a: ChunkedList[Element],
    b: ChunkedList[Element],
    check: Callable[[int, Sequence[Element], Sequence[Element]], None] | None = None,
) -> bytes:
    """:func:`pet_commitments_digest` over lists read chunk by chunk (the same digest)."""
    digest = hashlib.sha256(canonical_bytes(tags.PET_COMMITMENTS, y))
    digest.update(b"L" + u32(len(a)))
    for start, (xs, ys) in aligned([a, b], where="the commitments a and b"):
        if check is not None:
            check(start, xs, ys)
        digest.update(pairs_bytes(group, zip(xs, ys, strict=True)))
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
    commitments: MemoryList[Element] = MemoryList()
    outputs: MemoryList[Ciphertext] = MemoryList()
    a: MemoryList[Element] = MemoryList()
    b: MemoryList[Element] = MemoryList()
    v: MemoryList[int] = MemoryList()
    lists = PetStageLists(trustee, commitments, outputs, PetProofLists(a, b, v))
    scratch = _KeptColumns(group)
    pet_stage_chunks(
        group, trustee, as_chunked(inputs), context, lists, rng=rng, pool=pool, scratch=scratch
    )
    zs = scratch.made["z"].values
    stage = PetStage(
        trustee,
        tuple(commitments.items),
        tuple(outputs.items),
        PetProof(tuple(a.items), tuple(b.items), tuple(v.items)),
    )
    return PetSecret(tuple(zs)), stage


class _KeptColumns(MemoryColumns):
    """Columns in memory that :func:`pet_stage` reads back by name (the exponents)."""

    def __init__(self, group: Group) -> None:
        super().__init__(group)
        self.made: dict[str, ListColumn] = {}

    def column(
        self, name: str, kind: ColumnKind, width: int = 1, *, secret: bool = False
    ) -> ListColumn:
        del width, secret
        self.made[name] = ListColumn(self.group, kind)
        return self.made[name]


#: chunks out on an executor at once in :func:`pet_stage_chunks`
IN_FLIGHT: Final = 8


def _mapped(
    pool: Executor | None,
    function: Callable[..., tuple[list[_T], list[_U], list[_V]]],
    group: Group,
    pieces: Iterable[tuple[Any, ...]],
) -> Iterator[tuple[list[_T], list[_U], list[_V]]]:
    """``function(group, *piece)`` of each piece in order: here, or on ``pool`` with at most
    :data:`IN_FLIGHT` out at once."""
    if pool is None:
        for piece in pieces:
            yield function(group, *piece)
        return
    out: deque[Future[tuple[list[_T], list[_U], list[_V]]]] = deque()
    for piece in pieces:
        out.append(pool.submit(function, group, *piece))
        if len(out) >= IN_FLIGHT:
            yield out.popleft().result()
    while out:
        yield out.popleft().result()


def _pieces(
    inputs: ChunkedList[Ciphertext], size: int
) -> Iterator[tuple[int, Sequence[Ciphertext]]]:
    """The inputs' chunks cut in pieces of at most ``size`` items, with their start."""
    start = 0
    for chunk in inputs.chunks():
        for lo in range(0, len(chunk), size):
            yield start + lo, chunk[lo : lo + size]
        start += len(chunk)


def pet_stage_chunks(
    group: Group,
    trustee: int,
    inputs: ChunkedList[Ciphertext],
    context: CanonicalValue,
    out: PetStageLists,
    *,
    rng: rand.Random | None = None,
    pool: Executor | None = None,
    scratch: Columns | None = None,
) -> None:
    """:func:`pet_stage` over lists read and written chunk by chunk: the step's commitments,
    outputs and proof appended to ``out``'s (empty) lists. The exponents ``z_j`` and nonces
    ``u_j`` wait for the challenge in two secret columns of ``scratch`` (in memory by default;
    sealed files with :class:`plebiscite.state.mix_spill.DiskColumns`). The inputs are read
    twice (the statement, the commitments), the outputs and commitments once more each; with a
    fixed ``rng`` the draws are :func:`pet_stage`'s, in its order, so the step is the same."""
    _check_trustee(trustee)
    n = len(inputs)
    if not n:
        raise ParameterError("an equality-test round needs a list of at least one ciphertext")
    if pool is not None and rng is not None:
        raise ParameterError("a fixed random source is drawn from in one process: no pool")
    proof = out.proof
    if any(len(x) for x in (out.commitments, out.outputs, proof.a, proof.b, proof.v)):
        raise ParameterError("an equality-test step's lists must start empty")
    q = group.q
    columns = scratch if scratch is not None else MemoryColumns(group)
    z_column = columns.column("z", "scalars", secret=True)
    u_column = columns.column("u", "scalars", secret=True)
    size = STAGE_CHUNK if pool is not None else n  # without a pool: the inputs' own chunks
    if pool is not None:
        raised = _mapped(pool, pet_raise, group, ((p,) for _, p in _pieces(inputs, size)))
    else:
        raised = (pet_raise(group, chunk, rng) for chunk in inputs.chunks())
    # the statement absorbs the commitments as they are made (its lists come in that order)
    digest = _statement_head(group, context, trustee, n, n)
    encode = group.encode
    for zs, commitments, outputs in raised:
        z_column.append(zs)
        out.commitments.append(commitments)
        out.outputs.append(outputs)
        digest.update(b"".join(encode_bytes(encode(z)) for z in commitments))
    if len(out.commitments) != n or len(out.outputs) != n:
        raise ParameterError(f"an equality-test step kept {len(out.outputs)} of {n} outputs")
    absorb_list_chunks(digest, group, inputs)
    absorb_list_chunks(digest, group, out.outputs)
    y = digest.digest()

    def weighed(
        start: int, piece: Sequence[Ciphertext]
    ) -> tuple[Sequence[Ciphertext], list[tuple[int, int]]]:
        return (piece, blinding_weights(y, len(piece), tags.PET_WEIGHT, start=start))

    if pool is not None:
        pieces = (weighed(start, piece) for start, piece in _pieces(inputs, size))
        committed = _mapped(pool, pet_commit, group, pieces)
    else:
        committed = (
            pet_commit(group, *weighed(start, piece), rng) for start, piece in _pieces(inputs, size)
        )
    for us, a, b in committed:
        u_column.append(us)
        proof.a.append(a)
        proof.b.append(b)
    c = pet_challenge(
        group, context, trustee, y, _commitments_digest_chunks(group, y, proof.a, proof.b)
    )
    for _, (nonces, exponents) in aligned([u_column, z_column], where="the secret columns"):
        proof.v.append([(u + c * z) % q for u, z in zip(nonces, exponents, strict=True)])


def _fail(trustee: int, field: str, message: str, index: int | None = None) -> BlindProofError:
    return BlindProofError(
        f"equality-test proof of trustee {trustee}: {message}", field, trustee=trustee, index=index
    )


def _check_lengths(stage: PetStageLike, n: int) -> None:
    trustee = stage.trustee
    proof = stage.proof
    if not isinstance(proof, PetProof | PetProofLists):
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


def _check_commitment(group: Group, trustee: int, j: int, z: object) -> None:
    if not isinstance(z, Element) or group.is_identity(z):
        raise _fail(trustee, "commitments", f"commitment {j} is not a non-identity element", j)


def _check_output(trustee: int, j: int, ct: object) -> None:
    if not (
        isinstance(ct, Ciphertext)
        and isinstance(ct.alpha, Element)
        and isinstance(ct.beta, Element)
    ):
        raise _fail(trustee, "outputs", f"output {j} is not a ciphertext", j)


def _check_ab(group: Group, trustee: int, j: int, a: object, b: object) -> None:
    if not isinstance(a, Element) or group.is_identity(a):
        raise _fail(trustee, "a", f"a_{j} is not a non-identity element", j)
    if not isinstance(b, Element):
        raise _fail(trustee, "b", f"b_{j} is not a group element", j)


def _check_v(group: Group, trustee: int, j: int, v: object) -> None:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v < group.q:
        raise _fail(trustee, "v", f"v_{j} is not a scalar in [0, q)", j)


def _check_shapes(group: Group, stage: PetStage, n: int) -> None:
    """Every check of a step held in memory that reads no equation, item after item."""
    _check_lengths(stage, n)
    trustee, proof = stage.trustee, stage.proof
    for j in range(n):
        _check_commitment(group, trustee, j, stage.commitments[j])
        _check_output(trustee, j, stage.outputs[j])
        _check_ab(group, trustee, j, proof.a[j], proof.b[j])
        _check_v(group, trustee, j, proof.v[j])


@dataclass(frozen=True)
class _StageLists:
    """A step's lists, each read chunk by chunk."""

    trustee: int
    commitments: ChunkedList[Element]
    outputs: ChunkedList[Ciphertext]
    a: ChunkedList[Element]
    b: ChunkedList[Element]
    v: ChunkedList[int]

    @classmethod
    def of(cls, stage: PetStageLike) -> _StageLists:
        proof = stage.proof
        return cls(
            stage.trustee,
            as_chunked(stage.commitments),
            as_chunked(stage.outputs),
            as_chunked(proof.a),
            as_chunked(proof.b),
            as_chunked(proof.v),
        )


def _prepared(
    group: Group, inputs: ChunkedList[Ciphertext], stage: _StageLists, context: CanonicalValue
) -> tuple[bytes, int]:
    """The statement's digest ``y`` and the challenge ``c``, the commitments, outputs, a and b
    checked as they are hashed (three passes: the statement's lists, then a and b)."""
    trustee = stage.trustee

    def commitments(start: int, chunk: Sequence[Element]) -> None:
        for j, z in enumerate(chunk, start):
            _check_commitment(group, trustee, j, z)

    def outputs(start: int, chunk: Sequence[Ciphertext]) -> None:
        for j, ct in enumerate(chunk, start):
            _check_output(trustee, j, ct)

    def ab(start: int, xs: Sequence[Element], ys: Sequence[Element]) -> None:
        for j, (a, b) in enumerate(zip(xs, ys, strict=True), start):
            _check_ab(group, trustee, j, a, b)

    checks: dict[str, Callable[[int, Sequence[Any]], None]] = {
        "commitments": commitments,
        "outputs": outputs,
    }
    y = pet_statement_chunks(
        group, context, trustee, stage.commitments, inputs, stage.outputs, checks=checks
    )
    d = _commitments_digest_chunks(group, y, stage.a, stage.b, ab)
    return y, pet_challenge(group, context, trustee, y, d)


def _item_equations(
    group: Group,
    trustee: int,
    j: int,
    item: Sequence[Any],
    weights: tuple[int, int],
    c: int,
) -> list[Equation]:
    """Item j's two equations; ``item`` is its input, commitment, output, a, b and v."""
    ct, z, out, a, b, v = item
    _check_v(group, trustee, j, v)
    combo = weighted_combination(group, [ct], [weights])
    if group.is_identity(b) != group.is_identity(combo):
        raise _fail(trustee, "b", f"b_{j} must be the identity exactly when A_{j} is", j)
    # g^v·a⁻¹·Z^(−c) = 1 and A^v·b⁻¹·A′^(−c) = 1, with A′_j = α′_j^(e_j0)·β′_j^(e_j1)
    # written as its two terms: the batch's one multi-exponentiation computes it
    q, g = group.q, group.generator()
    minus_c = (-c) % q
    e0, e1 = weights
    first = Equation((g, a, z), (v, q - 1, minus_c))
    second = Equation(
        (combo, b, out.alpha, out.beta),
        (v, q - 1, minus_c * e0 % q, minus_c * e1 % q),
    )
    return [first, second]


def _items(
    group: Group,
    inputs: ChunkedList[Ciphertext],
    stage: _StageLists,
    y: bytes,
    size: int,
) -> Iterator[tuple[int, list[tuple[int, int]], list[tuple[Any, ...]]]]:
    """The step's items side by side, ``size`` at a time: start, weights, per item its input,
    commitment, output, a, b and v."""
    lists = [inputs, stage.commitments, stage.outputs, stage.a, stage.b, stage.v]
    for start, chunks in aligned(lists, size, where=f"trustee {stage.trustee}'s lists"):
        weights = blinding_weights(y, len(chunks[0]), tags.PET_WEIGHT, start=start)
        yield start, weights, list(zip(*chunks, strict=True))


def _first_failure(
    group: Group,
    stage: _StageLists,
    start: int,
    weights: Sequence[tuple[int, int]],
    items: Sequence[tuple[Any, ...]],
    c: int,
) -> None:
    """Raise naming the first item (from ``start``) whose equation fails, and that equation."""
    for j, (item, w) in enumerate(zip(items, weights, strict=True), start):
        equations = _item_equations(group, stage.trustee, j, item, w, c)
        for eq, name in zip(equations, _EQUATION_NAMES, strict=True):
            if not equation_holds(group, eq):
                message = f"the equation {name} fails (first at item {j})"
                raise _fail(stage.trustee, name, message)


def verify_pet_stage(
    group: Group, inputs: Sequence[Ciphertext], stage: PetStage, context: CanonicalValue
) -> None:
    """Verify one trustee's step; raise :class:`BlindProofError` naming the trustee and the
    equation. A malformed item is named (``index``); a wrong value is not: every commitment,
    output and ``a_j``, ``b_j`` enters the one challenge, so changing any of them breaks every
    item's equations, and the first failing item says nothing about where the change was."""
    _check_trustee(stage.trustee)
    _check_shapes(group, stage, len(inputs))
    verify_pet_stage_chunks(group, as_chunked(inputs), stage, context)


def verify_pet_stage_chunks(
    group: Group, inputs: ChunkedList[Ciphertext], stage: PetStageLike, context: CanonicalValue
) -> None:
    """:func:`verify_pet_stage` over lists read chunk by chunk, every equation alone."""
    _check_trustee(stage.trustee)
    _check_lengths(stage, len(inputs))
    lists = _StageLists.of(stage)
    y, c = _prepared(group, inputs, lists, context)
    for start, weights, items in _items(group, inputs, lists, y, PET_BATCH):
        _first_failure(group, lists, start, weights, items, c)


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
    _check_round(inputs, stages)
    for stage in stages:
        _check_shapes(group, stage, len(inputs))
    last = verify_pet_chain_chunks(group, as_chunked(inputs), stages, context)
    return [ct for chunk in last.chunks() for ct in chunk]


def _check_round(inputs: Sized, stages: Sequence[PetStageLike]) -> None:
    if not stages:
        raise ParameterError("an equality-test round needs at least one trustee")
    if not len(inputs):
        raise ParameterError("an equality-test round needs a list of at least one ciphertext")
    last = 0
    for stage in stages:
        trustee = _check_trustee(stage.trustee)
        if trustee <= last:
            raise _fail(trustee, "trustee", f"trustee {trustee} acts after trustee {last}")
        last = trustee


def verify_pet_chain_chunks(
    group: Group,
    inputs: ChunkedList[Ciphertext],
    stages: Sequence[PetStageLike],
    context: CanonicalValue,
) -> ChunkedList[Ciphertext]:
    """:func:`verify_pet_chain` over lists read chunk by chunk (each stage's lists sequences or
    :class:`~plebiscite.crypto.chunked.ChunkedList`): per stage, the statement's lists and the
    commitments a, b are read to hash the challenge, then every list once more for the
    equations, :data:`PET_BATCH` items per batch; returns the last output list as given."""
    _check_round(inputs, stages)
    n = len(inputs)
    for stage in stages:
        _check_lengths(stage, n)
    previous: ChunkedList[Ciphertext] = inputs
    for stage in stages:
        lists = _StageLists.of(stage)
        y, c = _prepared(group, previous, lists, context)
        for start, weights, items in _items(group, previous, lists, y, PET_BATCH):
            batch = BatchVerifier(group)
            for j, (item, w) in enumerate(zip(items, weights, strict=True), start):
                batch.add_equations(str(j), _item_equations(group, lists.trustee, j, item, w, c))
            if batch.check():
                _first_failure(group, lists, start, weights, items, c)
                message = "the proof fails in the batch"
                raise _fail(lists.trustee, "equations", message)  # pragma: no cover
        previous = lists.outputs
    return previous


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
    chunked = {i: as_chunked(shares) for i, shares in partials.items()}
    return [t for chunk in combine_chunks(group, as_chunked(blinded), chunked, k) for t in chunk]


def counted_positions(group: Group, results: Sequence[Element]) -> list[int]:
    """The positions whose equality test passed: ``T_j`` is the identity."""
    return [j for j, t in enumerate(results) if group.is_identity(t)]
