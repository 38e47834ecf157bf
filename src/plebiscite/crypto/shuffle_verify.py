"""Verification of a proof of shuffle (docs/spec.md §15.5): Algorithm 4.6 (CheckProof) of Haenni,
Locher, Koenig and Dubuis (CheckShuffleProof of the CHVote specification, after GenShuffleProof
5.44 in the numbering of spec §15), width w, with the equations folded into one batch, chunk by
chunk.

The lists and the per-item parts of the proof are read as consecutive chunks
(:class:`ShuffleChunk`) from a source that can be read several times (:data:`ChunkSource`): a list
in memory cut into slices, or chunks kept on disk by the caller. Memory therefore holds one chunk
at a time (and what the caller keeps), whatever N.

1. Reading the chunks in order, the shapes, elements and scalars are checked and the challenges
   hashed: ``y`` over the inputs, the outputs and c; ``d`` over ĉ, the constant part and t̂.
2. The ``3 + 2w + N`` group equations of Algorithm 4.6, each written ``∏ bᵢ^eᵢ = 1``, are weighted
   by fresh 64-bit numbers from the operating system's CSPRNG and added up. The sum splits over
   the chunks: each chunk's share is one multi-exponentiation (:func:`fold_chunk`) over its
   outputs (2w terms per item, exponent ``s′_i·ω``), its generators ``h_i`` (``c·ω₁ + s′_i·ω₃``),
   its ĉ_i (``−c·v_i + s′_(i+1)·v_(i+1)``) and t̂_i (``−v_i``, 64 bits), with v_i the weight of
   t̂_i's equation drawn where the chunk is folded; beside it, the chunk's ``∏ c_j``, and
   ``∏ c_j^(u_j)``, ``∏ α_(j,k)^(u_j)``, ``∏ β_(j,k)^(u_j)`` with the 128-bit challenges u_j
   (which depend on ``y`` and j alone, so each chunk derives its own). The constant terms (t1,
   t2, t3, t4, the generator g, the key, those products raised to ``−c·ω``) and the chunks'
   shares go into one last multi-exponentiation, which must give the identity.
3. When it does not, every equation is checked alone, without weights (a second pass over the
   chunks), and :class:`~plebiscite.errors.ShuffleProofError` names the first failing one in its
   ``field`` (``t1``, ``t2``, ``t3``, ``t4``, ``t_hat``) and ``index`` attributes.

Splitting is sound (spec §15.5): the weights ω of the equations that span the chunks are drawn
here once, before any chunk is folded, and sent with every chunk; each t̂_i's weight is drawn
where its chunk is folded, after the proof is fixed. The chunks' shares are exact parts of one
sum, so the last product is the identity exactly when the unsplit weighted sum is, and a false
equation passes with probability at most 2^−64 wherever the chunks were folded (a
:class:`Folder` runs them here or on worker processes, :mod:`plebiscite.verify.mixing`).

:func:`verify_mix_round` checks a cascade of shuffles by several trustees (each one's input the
previous one's output) with one batch over all their equations, and names the trustee whose
shuffle fails in the error's ``trustee`` attribute.
"""

from __future__ import annotations

import secrets
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from plebiscite.crypto.chunked import ChunkedList, EncodedList, aligned, as_chunked
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle import (
    Item,
    ShuffleGenerators,
    ShuffleProof,
    chain_base,
    check_lists,
    commitments_digest_chunks,
    elements_bytes,
    final_challenge,
    generator_range,
    generators_seed,
    items_bytes,
    permutation_challenges,
    shuffle_generators,
    statement_digest_chunks,
)
from plebiscite.errors import ParameterError, ShuffleProofError

__all__ = [
    "DEFAULT_CHUNK_ITEMS",
    "FOLD_HERE",
    "ChunkFold",
    "ChunkSource",
    "Chunks",
    "FoldTask",
    "Folder",
    "GeneratorSource",
    "ListChunks",
    "MixStage",
    "ProofHead",
    "ShuffleChunk",
    "ShuffleLists",
    "VerifyStats",
    "fold_chunk",
    "in_memory_chunks",
    "verify_mix_round",
    "verify_shuffle",
    "verify_shuffle_chunks",
    "verify_shuffle_lists",
]

#: ``(start, stop)`` → the generators h_start … h_(stop−1) of the shuffle's context (a verifier
#: keeping long lists on disk keeps their generators there too)
GeneratorSource = Callable[[int, int], Sequence[Element]]

#: items per chunk folded in this process (a multi-exponentiation of about 28,000 terms at w = 2:
#: about 10% less per term than 14,000 in the bucket method, for about 12 MiB more held at once;
#: memory stays flat in N)
DEFAULT_CHUNK_ITEMS: Final = 4000


@dataclass
class VerifyStats:
    """What a verification computed: multi-exponentiations and their terms (for benchmarks)."""

    multi_exps: int = 0
    terms: int = 0
    short_terms: int = 0  #: terms with a 128-bit exponent (the challenges u)
    chunks: int = 0
    batch_held: bool | None = None
    failures: list[tuple[str, int | None]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ProofHead:
    """The constant part of a proof of shuffle: t1, t2, t3, t4 and s1, s2, s3, s4."""

    t1: Element
    t2: Element
    t3: Element
    t4: tuple[Ciphertext, ...]
    s1: int
    s2: int
    s3: int
    s4: tuple[int, ...]

    @classmethod
    def of(cls, proof: ShuffleProof) -> ProofHead:
        return cls(proof.t1, proof.t2, proof.t3, proof.t4, proof.s1, proof.s2, proof.s3, proof.s4)


@dataclass(frozen=True, slots=True)
class ShuffleChunk:
    """Positions ``start … start + len − 1`` of a shuffle's input and output lists and of the
    proof's per-item parts (c, ĉ, t̂, ŝ, s′)."""

    start: int
    inputs: Sequence[Item]
    outputs: Sequence[Item]
    c: Sequence[Element]
    c_hat: Sequence[Element]
    t_hat: Sequence[Element]
    s_hat: Sequence[int]
    s_prime: Sequence[int]

    def __len__(self) -> int:
        return len(self.inputs)


class ChunkSource(Protocol):
    """The chunks of one shuffle, in order, read once per pass: decoded (:meth:`chunks`) or as
    the encodings the challenges hash (:meth:`encoded`). ``checked`` says the source checked
    every chunk as the verifier would (shapes, elements, scalars) when it stored it."""

    checked: bool

    def chunks(self) -> Iterable[ShuffleChunk]:
        """The chunks, decoded."""
        ...

    def encoded(self, name: str) -> Iterable[bytes]:
        """Chunk by chunk, :func:`~plebiscite.crypto.shuffle.items_bytes` of ``inputs`` or
        ``outputs``, or :func:`~plebiscite.crypto.shuffle.elements_bytes` of ``c``, ``c_hat``,
        ``t_hat``."""
        ...


class Chunks:
    """A :class:`ChunkSource` over decoded chunks (``factory()`` gives them, once per pass);
    their encodings are computed from the elements."""

    checked = False

    def __init__(self, group: Group, factory: Callable[[], Iterable[ShuffleChunk]]) -> None:
        self.group = group
        self.factory = factory

    def chunks(self) -> Iterable[ShuffleChunk]:
        return self.factory()

    def encoded(self, name: str) -> Iterator[bytes]:
        for chunk in self.factory():
            values = getattr(chunk, name)
            if name in ("inputs", "outputs"):
                yield items_bytes(self.group, values, len(values[0]))
            else:
                yield elements_bytes(self.group, values)


@dataclass(frozen=True)
class ShuffleLists:
    """A shuffle's outputs and its proof's per-item parts, each a list read chunk by chunk (in
    memory, or in a store on disk)."""

    outputs: ChunkedList[Item]
    c: ChunkedList[Element]
    c_hat: ChunkedList[Element]
    t_hat: ChunkedList[Element]
    s_hat: ChunkedList[int]
    s_prime: ChunkedList[int]

    @classmethod
    def of(cls, outputs: Sequence[Item], proof: ShuffleProof) -> ShuffleLists:
        """The lists of a shuffle held in memory."""
        return cls(
            as_chunked(outputs),
            as_chunked(proof.c),
            as_chunked(proof.c_hat),
            as_chunked(proof.t_hat),
            as_chunked(proof.s_hat),
            as_chunked(proof.s_prime),
        )


class ListChunks:
    """A :class:`ChunkSource` over an input list and a shuffle's :class:`ShuffleLists`, read
    side by side in chunks of ``size`` items; each encoding pass reads its one list.
    ``checked``: the lists' values were checked as the verifier would when they were stored
    (else the verifier checks each chunk)."""

    def __init__(
        self,
        group: Group,
        inputs: ChunkedList[Item],
        lists: ShuffleLists,
        size: int = DEFAULT_CHUNK_ITEMS,
        *,
        checked: bool = False,
    ) -> None:
        if size < 1:
            raise ParameterError("shuffle chunks: the size must be at least 1")
        self.group, self.inputs, self.lists, self.size = group, inputs, lists, size
        self.checked = checked

    def chunks(self) -> Iterator[ShuffleChunk]:
        lists = self.lists
        columns: list[ChunkedList[Any]] = [
            self.inputs,
            lists.outputs,
            lists.c,
            lists.c_hat,
            lists.t_hat,
            lists.s_hat,
            lists.s_prime,
        ]
        try:
            for start, row in aligned(columns, self.size, where="a shuffle's lists"):
                yield ShuffleChunk(start, *row)
        except ParameterError as exc:
            raise ShuffleProofError(f"shuffle: {exc}", "outputs") from None

    def encoded(self, name: str) -> Iterator[bytes]:
        values: ChunkedList[Any] = self.inputs if name == "inputs" else getattr(self.lists, name)
        if isinstance(values, EncodedList) and len(values):
            # the encodings as the list keeps them: no element decoded to be encoded again
            width = values.elements_per_value // 2 if name in ("inputs", "outputs") else 0
            for encoded in values.encodings():
                yield _encoded_bytes(encoded, width)
            return
        for chunk in values.chunks():
            if name in ("inputs", "outputs"):
                yield items_bytes(self.group, chunk, len(chunk[0]))
            else:
                yield elements_bytes(self.group, chunk)


_PAIR: Final = b"L" + u32(2)


def _encoded_bytes(encoded: Sequence[bytes], width: int) -> bytes:
    """:func:`~plebiscite.crypto.shuffle.items_bytes` of items of ``width`` ciphertexts (0:
    :func:`~plebiscite.crypto.shuffle.elements_bytes` of elements) given as their elements'
    encodings in order."""
    framed = [encode_bytes(e) for e in encoded]
    if not width:
        return b"".join(framed)
    header = b"L" + u32(width)
    step = 2 * width
    return b"".join(
        header + b"".join(_PAIR + framed[j] + framed[j + 1] for j in range(i, i + step, 2))
        for i in range(0, len(framed), step)
    )


def in_memory_chunks(
    group: Group,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    proof: ShuffleProof,
    size: int = DEFAULT_CHUNK_ITEMS,
) -> Chunks:
    """The chunks of lists held in memory: slices of ``size`` items."""
    if size < 1:
        raise ParameterError("shuffle chunks: the size must be at least 1")

    def chunks() -> Iterator[ShuffleChunk]:
        for start in range(0, len(inputs), size):
            stop = start + size
            yield ShuffleChunk(
                start,
                inputs[start:stop],
                outputs[start:stop],
                proof.c[start:stop],
                proof.c_hat[start:stop],
                proof.t_hat[start:stop],
                proof.s_hat[start:stop],
                proof.s_prime[start:stop],
            )

    return Chunks(group, chunks)


# -- one chunk's share (here or on a worker) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class FoldTask:
    """What folding one chunk needs, public values only (it may travel to a worker process).

    ``previous`` is ĉ_(start−1) (h for the first chunk); ``weights`` are ω₁, ω₃, then ω of each
    t4 component's α equation, then of each β equation; ``generators`` are h_start … (``None``: the
    folder derives them); ``diagnose`` asks for the unweighted parts of the failure path instead.
    """

    chunk: ShuffleChunk
    previous: Element
    public_key: Element
    context: CanonicalValue
    y: bytes
    challenge: int
    weights: tuple[int, ...]
    generators: Sequence[Element] | None
    diagnose: bool = False


@dataclass(frozen=True, slots=True)
class ChunkFold:
    """One chunk's share of the batch (or, with ``diagnose``, its unweighted parts)."""

    start: int
    count: int
    share: Element  #: the weighted terms of the chunk (the identity when diagnosing)
    g_exponent: int  #: Σ v_i·ŝ_i (0 when diagnosing)
    c_prod: Element  #: ∏ c_j
    c_u: Element  #: ∏ c_j^(u_j)
    a_u: tuple[Element, ...]  #: ∏ α_(j,k)^(u_j) per component
    b_u: tuple[Element, ...]  #: ∏ β_(j,k)^(u_j) per component
    u_prod: int  #: ∏ u_j mod q
    h_prod: Element | None = None  #: ∏ h_i (diagnosing)
    h_s: Element | None = None  #: ∏ h_i^(s′_i) (diagnosing)
    out_alpha: tuple[Element, ...] = ()  #: ∏ α̃_(i,k)^(s′_i) per component (diagnosing)
    out_beta: tuple[Element, ...] = ()  #: ∏ β̃_(i,k)^(s′_i) per component (diagnosing)
    t_hat_failures: tuple[int, ...] = ()  #: positions whose t̂ equation fails (diagnosing)
    multi_exps: int = 0
    terms: int = 0
    short_terms: int = 0


def _weights(count: int) -> list[int]:
    """``count`` weights uniform in [1, 2^64 − 1] from one read of the OS CSPRNG."""
    weights = list(struct.unpack(f">{count}Q", secrets.token_bytes(8 * count)))
    return [w if w else 1 + secrets.randbelow((1 << 64) - 1) for w in weights]


def fold_chunk(group: Group, task: FoldTask) -> ChunkFold:
    """One chunk's share of the batch of Algorithm 4.6 (module docstring, step 2), or with
    ``task.diagnose`` the chunk's unweighted parts and its failing t̂ equations (step 3)."""
    chunk = task.chunk
    q = group.q
    n = len(chunk)
    start = chunk.start
    width = len(chunk.inputs[0])
    hs = task.generators
    if hs is None:
        hs = generator_range(group, task.context, start, start + n)
    u = permutation_challenges(task.y, n, start)
    u_prod = 1
    for uj in u:
        u_prod = u_prod * uj % q
    c_u = group.multi_exp(chunk.c, u)
    a_u = tuple(group.multi_exp([item[k].alpha for item in chunk.inputs], u) for k in range(width))
    b_u = tuple(group.multi_exp([item[k].beta for item in chunk.inputs], u) for k in range(width))
    c_prod = group.prod(chunk.c)
    s_prime = chunk.s_prime
    counts = {"multi_exps": 1 + 2 * width, "short_terms": n * (1 + 2 * width)}
    if task.diagnose:
        return _diagnose_chunk(group, task, hs, (c_prod, c_u, a_u, b_u, u_prod), counts)
    c = task.challenge
    w1, w3 = task.weights[0], task.weights[1]
    w_alpha = task.weights[2 : 2 + width]
    w_beta = task.weights[2 + width : 2 + 2 * width]
    v = _weights(n)
    neg_c = q - c
    c_w1 = c * w1
    bases: list[Element] = [task.previous]
    exps: list[int] = [s_prime[0] * v[0] % q]
    g_exponent = 0
    for k in range(width):
        wa, wb = w_alpha[k], w_beta[k]
        bases += [item[k].alpha for item in chunk.outputs]
        exps += [s * wa % q for s in s_prime]
        bases += [item[k].beta for item in chunk.outputs]
        exps += [s * wb % q for s in s_prime]
    bases += hs
    exps += [(c_w1 + s * w3) % q for s in s_prime]
    bases += chunk.t_hat
    exps += [q - vi for vi in v]
    bases += chunk.c_hat
    for i in range(n - 1):
        exps.append((neg_c * v[i] + s_prime[i + 1] * v[i + 1]) % q)
    exps.append(neg_c * v[n - 1] % q)
    for vi, s in zip(v, chunk.s_hat, strict=True):
        g_exponent += vi * s
    share = group.multi_exp(bases, exps)
    return ChunkFold(
        start,
        n,
        share,
        g_exponent % q,
        c_prod,
        c_u,
        a_u,
        b_u,
        u_prod,
        multi_exps=counts["multi_exps"] + 1,
        terms=len(bases),
        short_terms=counts["short_terms"],
    )


def _diagnose_chunk(
    group: Group,
    task: FoldTask,
    hs: Sequence[Element],
    products: tuple[Element, Element, tuple[Element, ...], tuple[Element, ...], int],
    counts: dict[str, int],
) -> ChunkFold:
    chunk = task.chunk
    q = group.q
    g = group.generator()
    width = len(chunk.inputs[0])
    s_prime = list(chunk.s_prime)
    neg_c = q - task.challenge
    failures: list[int] = []
    previous = task.previous
    for i in range(len(chunk)):
        # t̂_i = ĉ_i^(−c)·g^ŝ_i·ĉ_(i−1)^s′_i
        bases = [chunk.t_hat[i], chunk.c_hat[i], g, previous]
        if not group.is_identity(
            group.multi_exp(bases, [q - 1, neg_c, chunk.s_hat[i], s_prime[i]])
        ):
            failures.append(chunk.start + i)
        previous = chunk.c_hat[i]
    out_alpha = tuple(
        group.multi_exp([item[k].alpha for item in chunk.outputs], s_prime) for k in range(width)
    )
    out_beta = tuple(
        group.multi_exp([item[k].beta for item in chunk.outputs], s_prime) for k in range(width)
    )
    c_prod, c_u, a_u, b_u, u_prod = products
    return ChunkFold(
        chunk.start,
        len(chunk),
        group.identity(),
        0,
        c_prod,
        c_u,
        a_u,
        b_u,
        u_prod,
        h_prod=group.prod(hs),
        h_s=group.multi_exp(hs, s_prime),
        out_alpha=out_alpha,
        out_beta=out_beta,
        t_hat_failures=tuple(failures),
        multi_exps=counts["multi_exps"] + len(chunk) + 2 * width + 1,
        terms=4 * len(chunk) + (2 * width + 1) * len(chunk),
        short_terms=counts["short_terms"],
    )


class Folder(Protocol):
    """Where the chunks are folded: ``local`` folders share this process's generator cache;
    others (worker processes) derive each chunk's generators where they fold it (and may keep
    them for the next trustee's chunk of the same range). Lists in
    memory are cut into chunks of ``chunk_items``."""

    local: bool
    chunk_items: int

    def __call__(self, group: Group, tasks: Iterable[FoldTask]) -> Iterator[ChunkFold]:
        """The folds of ``tasks``, in their order."""
        ...


class _FoldHere:
    local = True
    chunk_items = DEFAULT_CHUNK_ITEMS

    def __call__(self, group: Group, tasks: Iterable[FoldTask]) -> Iterator[ChunkFold]:
        for task in tasks:
            yield fold_chunk(group, task)


#: fold every chunk in this process, one after the other
FOLD_HERE: Final[Folder] = _FoldHere()


# -- the checks before the equations ------------------------------------------------------------


def _not_identity(group: Group, element: object, name: str, index: int | None) -> None:
    if not isinstance(element, Element) or group.is_identity(element):
        where = name if index is None else f"{name}[{index}]"
        raise ShuffleProofError(
            f"shuffle proof: {where} is not a group element other than the identity", name, index
        )


def _scalar(group: Group, s: object, name: str, index: int | None) -> None:
    if isinstance(s, bool) or not isinstance(s, int) or not 0 <= s < group.q:
        where = name if index is None else f"{name}[{index}]"
        raise ShuffleProofError(f"shuffle proof: {where} is not a scalar in [0, q)", name, index)


def _check_head(group: Group, head: ProofHead, width: int) -> None:
    """The constant part: t4 and s4 have one entry per component; elements and scalars."""
    for name in ("t4", "s4"):
        if len(getattr(head, name)) != width:
            raise ShuffleProofError(f"shuffle proof: {name} must have {width} entries", name)
    for name in ("t1", "t2", "t3"):
        _not_identity(group, getattr(head, name), name, None)
    for k, ct in enumerate(head.t4):
        if not isinstance(ct, Ciphertext):
            raise ShuffleProofError(f"shuffle proof: t4[{k}] is not a ciphertext", "t4", k)
        _not_identity(group, ct.alpha, "t4", k)
        _not_identity(group, ct.beta, "t4", k)
    for name in ("s1", "s2", "s3"):
        _scalar(group, getattr(head, name), name, None)
    for k, s in enumerate(head.s4):
        _scalar(group, s, "s4", k)


def _check_chunk(group: Group, chunk: ShuffleChunk, start: int, width: int) -> None:
    """One chunk: where it starts, its lengths, its items' widths, elements and scalars."""
    n = len(chunk)
    if chunk.start != start or n == 0:
        raise ShuffleProofError(
            f"shuffle: a chunk of {n} item(s) at {chunk.start} where position {start} is next",
            "chunks",
            start,
        )
    for name in ("outputs", "c", "c_hat", "t_hat", "s_hat", "s_prime"):
        if len(getattr(chunk, name)) != n:
            raise ShuffleProofError(
                f"shuffle: the chunk at {start} has {len(getattr(chunk, name))} {name} for "
                f"{n} item(s)",
                name,
                start,
            )
    for name in ("inputs", "outputs"):
        for i, item in enumerate(getattr(chunk, name), start):
            if len(item) != width:
                raise ShuffleProofError(
                    f"shuffle: {name}[{i}] has width {len(item)}, not {width}", name, i
                )
            for ct in item:
                if not isinstance(ct, Ciphertext):
                    raise ShuffleProofError(f"shuffle: {name}[{i}] is not ciphertexts", name, i)
    for name in ("c", "c_hat", "t_hat"):
        for i, element in enumerate(getattr(chunk, name), start):
            _not_identity(group, element, name, i)
    for name in ("s_hat", "s_prime"):
        for i, s in enumerate(getattr(chunk, name), start):
            _scalar(group, s, name, i)


# -- one shuffle's verification -----------------------------------------------------------------


@dataclass
class _Stage:
    """One shuffle after step 1: what its equations need."""

    trustee: int
    public_key: Element
    n: int
    width: int
    head: ProofHead
    chunks: ChunkSource
    context: CanonicalValue
    generators: ShuffleGenerators | None
    h: Element
    y: bytes
    challenge: int
    #: ĉ_(N−1), known once the chunks are folded
    c_hat_last: Element | None = None
    #: h_start … h_(stop−1) for a local folder, instead of the process-wide cache
    generator_source: GeneratorSource | None = None


def _check_chunks(group: Group, source: ChunkSource, n: int, width: int) -> None:
    """A pass over the chunks of a source that did not check them (:func:`_check_chunk`)."""
    position = 0
    for chunk in source.chunks():
        _check_chunk(group, chunk, position, width)
        position += len(chunk)
    if position != n:
        raise ShuffleProofError(
            f"shuffle: {position} items where {n} are named", "outputs", min(position, n)
        )


def _prepare(
    group: Group,
    public_key: Element,
    n: int,
    width: int,
    head: ProofHead,
    source: ChunkSource,
    context: CanonicalValue,
    trustee: int,
    generators: ShuffleGenerators | None,
) -> _Stage:
    """Step 1: every check but the group equations, and the challenges."""
    if group.is_identity(public_key):
        raise ShuffleProofError("shuffle: the public key is the identity", "public_key")
    _check_head(group, head, width)
    if generators is not None and len(generators.hs) != n:
        raise ShuffleProofError(
            f"shuffle: {len(generators.hs)} generators for {n} items", "generators"
        )
    if not source.checked:
        _check_chunks(group, source, n, width)
    seed = generators.seed if generators is not None else generators_seed(group, context)
    y = statement_digest_chunks(
        group,
        seed,
        context,
        trustee,
        public_key,
        width,
        n,
        (source.encoded("inputs"), source.encoded("outputs"), source.encoded("c")),
    )
    d = commitments_digest_chunks(
        group,
        y,
        n,
        (head.t1, head.t2, head.t3, head.t4),
        (source.encoded("c_hat"), source.encoded("t_hat")),
    )
    h = generators.h if generators is not None else chain_base(group, context)
    challenge = final_challenge(group, ShuffleGenerators(seed, h, ()), context, trustee, y, d)
    return _Stage(trustee, public_key, n, width, head, source, context, generators, h, y, challenge)


def _tasks(
    group: Group, stage: _Stage, weights: tuple[int, ...], folder: Folder, diagnose: bool
) -> Iterator[FoldTask]:
    """The fold tasks of a stage's chunks, each linked to the previous chunk's last ĉ."""
    hs: Sequence[Element] | None = None
    provide = stage.generator_source
    if stage.generators is not None:
        hs = stage.generators.hs
    elif folder.local and provide is None:
        hs = shuffle_generators(group, stage.context, stage.n).hs
    previous = stage.h
    position = 0
    for chunk in stage.chunks.chunks():
        stop = chunk.start + len(chunk)
        if chunk.start != position or not len(chunk) or stop > stage.n:
            raise ShuffleProofError(
                f"shuffle: a chunk of {len(chunk)} item(s) at {chunk.start} where position "
                f"{position} of {stage.n} is next",
                "chunks",
                position,
                trustee=stage.trustee,
            )
        position = stop
        yield FoldTask(
            chunk,
            previous,
            stage.public_key,
            stage.context,
            stage.y,
            stage.challenge,
            weights,
            hs[chunk.start : stop]
            if hs is not None
            else (provide(chunk.start, stop) if provide is not None and folder.local else None),
            diagnose,
        )
        previous = chunk.c_hat[-1]
    if position != stage.n:
        raise ShuffleProofError(
            f"shuffle: {position} items where {stage.n} are named",
            "outputs",
            position,
            trustee=stage.trustee,
        )
    stage.c_hat_last = previous


@dataclass
class _Sums:
    """The chunks' folds of one stage, combined."""

    shares: list[Element] = field(default_factory=list)
    g_exponent: int = 0
    c_prods: list[Element] = field(default_factory=list)
    c_us: list[Element] = field(default_factory=list)
    a_us: list[list[Element]] = field(default_factory=list)
    b_us: list[list[Element]] = field(default_factory=list)
    u_prod: int = 1
    h_prods: list[Element] = field(default_factory=list)
    h_ss: list[Element] = field(default_factory=list)
    out_alphas: list[list[Element]] = field(default_factory=list)
    out_betas: list[list[Element]] = field(default_factory=list)
    t_hat_failures: list[int] = field(default_factory=list)


def _collect(
    group: Group,
    stage: _Stage,
    weights: tuple[int, ...],
    folder: Folder,
    diagnose: bool,
    stats: VerifyStats | None,
) -> _Sums:
    q = group.q
    sums = _Sums(
        a_us=[[] for _ in range(stage.width)],
        b_us=[[] for _ in range(stage.width)],
        out_alphas=[[] for _ in range(stage.width)],
        out_betas=[[] for _ in range(stage.width)],
    )
    for fold in folder(group, _tasks(group, stage, weights, folder, diagnose)):
        sums.shares.append(fold.share)
        sums.g_exponent += fold.g_exponent
        sums.c_prods.append(fold.c_prod)
        sums.c_us.append(fold.c_u)
        for k in range(stage.width):
            sums.a_us[k].append(fold.a_u[k])
            sums.b_us[k].append(fold.b_u[k])
        sums.u_prod = sums.u_prod * fold.u_prod % q
        if diagnose:
            assert fold.h_prod is not None and fold.h_s is not None
            sums.h_prods.append(fold.h_prod)
            sums.h_ss.append(fold.h_s)
            for k in range(stage.width):
                sums.out_alphas[k].append(fold.out_alpha[k])
                sums.out_betas[k].append(fold.out_beta[k])
            sums.t_hat_failures += fold.t_hat_failures
        if stats is not None:
            stats.chunks += 1
            stats.multi_exps += fold.multi_exps
            stats.terms += fold.terms
            stats.short_terms += fold.short_terms
    return sums


def _batch_terms(
    group: Group, stage: _Stage, folder: Folder, stats: VerifyStats | None
) -> tuple[list[Element], list[int]]:
    """Step 2 for one stage: its chunks folded, and the terms of the last multi-exponentiation
    (the constant terms and the chunks' shares) whose product must be the identity."""
    q = group.q
    width = stage.width
    head = stage.head
    w = _weights(3 + 2 * width)
    w1, w2, w3 = w[0], w[1], w[2]
    w_alpha, w_beta = w[3 : 3 + width], w[3 + width : 3 + 2 * width]
    sums = _collect(group, stage, (w1, w3, *w_alpha, *w_beta), folder, False, stats)
    assert stage.c_hat_last is not None  # set by the pass over the chunks
    c = stage.challenge
    neg_c = q - c
    g_exp = sums.g_exponent + w1 * head.s1 + w2 * head.s2 + w3 * head.s3
    k_exp = 0
    bases: list[Element] = [head.t1, head.t2, head.t3]
    exps: list[int] = [q - w1, q - w2, q - w3]
    for k in range(width):
        bases += [head.t4[k].alpha, head.t4[k].beta]
        exps += [q - w_alpha[k], q - w_beta[k]]
        g_exp -= w_alpha[k] * head.s4[k]
        k_exp -= w_beta[k] * head.s4[k]
        bases += [group.prod(sums.a_us[k]), group.prod(sums.b_us[k])]
        exps += [neg_c * w_alpha[k], neg_c * w_beta[k]]
    bases += [
        group.prod(sums.c_prods),
        stage.c_hat_last,
        stage.h,
        group.prod(sums.c_us),
        group.generator(),
        stage.public_key,
    ]
    exps += [neg_c * w1, neg_c * w2, c * sums.u_prod * w2, neg_c * w3, g_exp, k_exp]
    bases += sums.shares
    exps += [1] * len(sums.shares)
    return bases, [e % q for e in exps]


def _diagnose(group: Group, stage: _Stage, folder: Folder, stats: VerifyStats | None) -> None:
    """Step 3: every equation of ``stage`` alone; raise naming the first that fails."""
    q = group.q
    head = stage.head
    sums = _collect(group, stage, (), folder, True, stats)
    assert stage.c_hat_last is not None  # set by the pass over the chunks
    c = stage.challenge
    neg_c = q - c
    g = group.generator()
    equations: list[tuple[str, int | None, list[Element], list[int]]] = [
        # t1 = (∏c/∏h)^(−c)·g^s1
        (
            "t1",
            None,
            [head.t1, group.prod(sums.c_prods), group.prod(sums.h_prods), g],
            [q - 1, neg_c, c, head.s1],
        ),
        # t2 = (ĉ_(N−1)/h^u)^(−c)·g^s2
        (
            "t2",
            None,
            [head.t2, stage.c_hat_last, stage.h, g],
            [q - 1, neg_c, c * sums.u_prod % q, head.s2],
        ),
        # t3 = (∏c^u)^(−c)·g^s3·∏h_i^s′_i
        (
            "t3",
            None,
            [head.t3, group.prod(sums.c_us), g, group.prod(sums.h_ss)],
            [q - 1, neg_c, head.s3, 1],
        ),
    ]
    for k in range(stage.width):
        # t4_k = (∏e_k^u)^(−c)·Enc(0; −s4_k)·∏ẽ_k^s′, component by component
        for t4, prod_u, base, out in (
            (head.t4[k].alpha, sums.a_us[k], g, sums.out_alphas[k]),
            (head.t4[k].beta, sums.b_us[k], stage.public_key, sums.out_betas[k]),
        ):
            equations.append(
                (
                    "t4",
                    k,
                    [t4, group.prod(prod_u), base, group.prod(out)],
                    [q - 1, neg_c, q - head.s4[k], 1],
                )
            )
    failures: list[tuple[str, int | None]] = []
    for name, index, bases, exps in equations:
        if stats is not None:
            stats.multi_exps += 1
            stats.terms += len(bases)
        if not group.is_identity(group.multi_exp(bases, exps)):
            failures.append((name, index))
    failures = list(dict.fromkeys(failures))
    failures += [("t_hat", i) for i in sums.t_hat_failures]
    if failures:
        if stats is not None:
            stats.failures = failures
        name, index = failures[0]
        where = name if index is None else f"{name}[{index}]"
        raise ShuffleProofError(
            f"shuffle proof of trustee {stage.trustee}: the equation for {where} does not hold",
            name,
            index,
            failures,
            trustee=stage.trustee,
        )


def _conclude(
    group: Group,
    stages: Sequence[_Stage],
    batch: bool,
    stats: VerifyStats | None,
    folder: Folder,
) -> None:
    """One batch over every stage's equations; when it fails, each equation alone, and the
    first failing stage (trustee) and equation named."""
    if batch:
        bases: list[Element] = []
        exps: list[int] = []
        for stage in stages:
            stage_bases, stage_exps = _batch_terms(group, stage, folder, stats)
            bases += stage_bases
            exps += stage_exps
        held = group.is_identity(group.multi_exp(bases, exps))
        if stats is not None:
            stats.multi_exps += 1
            stats.terms += len(bases)
            stats.batch_held = held
        if held:
            return
    for stage in stages:
        _diagnose(group, stage, folder, stats)
    if batch:  # pragma: no cover - a batch fails only when some equation fails
        raise ShuffleProofError("shuffle proof: the batch failed but no equation did", "batch")


def verify_shuffle_chunks(
    group: Group,
    public_key: Element,
    n: int,
    width: int,
    head: ProofHead,
    chunks: ChunkSource,
    context: CanonicalValue,
    trustee: int,
    *,
    generators: ShuffleGenerators | None = None,
    stats: VerifyStats | None = None,
    batch: bool = True,
    folder: Folder = FOLD_HERE,
    generator_source: GeneratorSource | None = None,
) -> None:
    """Algorithm 4.6 (CheckProof) over lists of ``n`` items of ``width`` read as ``chunks``:
    raise :class:`ShuffleProofError` unless the proof shows that the outputs are a re-encrypted
    permutation of the inputs under ``public_key``. ``folder`` says where the chunks are folded;
    a local folder takes each chunk's generators from ``generator_source`` when given, else from
    the process-wide cache (:func:`~plebiscite.crypto.shuffle.shuffle_generators`).
    """
    if width < 1 or n < 1:
        raise ShuffleProofError("shuffle: the input list is empty", "inputs", trustee=trustee)
    try:
        stage = _prepare(group, public_key, n, width, head, chunks, context, trustee, generators)
    except ShuffleProofError as exc:
        exc.trustee = trustee
        raise
    stage.generator_source = generator_source
    _conclude(group, [stage], batch, stats, folder)


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
    folder: Folder = FOLD_HERE,
    chunk_items: int | None = None,
) -> None:
    """Algorithm 4.6 (CheckProof): raise :class:`ShuffleProofError` unless ``proof`` shows that
    ``outputs`` is a re-encrypted permutation of ``inputs`` under ``public_key``.

    The generators are derived from ``context`` unless given (tests give wrong ones on purpose).
    ``batch=False`` checks every equation alone (the same verdict, slower). The lists are cut
    into chunks of ``chunk_items`` (default: the folder's) and folded by ``folder``.
    """
    _check_in_memory(inputs, outputs, proof, trustee)
    verify_shuffle_chunks(
        group,
        public_key,
        len(inputs),
        len(inputs[0]),
        ProofHead.of(proof),
        in_memory_chunks(group, inputs, outputs, proof, chunk_items or folder.chunk_items),
        context,
        trustee,
        generators=generators,
        stats=stats,
        batch=batch,
        folder=folder,
    )


def verify_shuffle_lists(
    group: Group,
    public_key: Element,
    inputs: ChunkedList[Item],
    lists: ShuffleLists,
    head: ProofHead,
    context: CanonicalValue,
    trustee: int,
    *,
    stats: VerifyStats | None = None,
    batch: bool = True,
    folder: Folder = FOLD_HERE,
    checked: bool = False,
    generator_source: GeneratorSource | None = None,
) -> None:
    """:func:`verify_shuffle` over lists read chunk by chunk (:class:`ListChunks`, cut in the
    folder's chunks): the inputs, outputs and each per-item part of the proof read once to hash
    the challenges, then side by side to fold the equations (and once more to check them first
    unless ``checked``); memory holds a few chunks whatever N."""
    n = len(inputs)
    if not n:
        raise ShuffleProofError("shuffle: the input list is empty", "inputs", trustee=trustee)
    for name in ("outputs", *_PARTS):
        if len(getattr(lists, name)) != n:
            raise ShuffleProofError(
                f"shuffle proof: {name} must have {n} entries", name, trustee=trustee
            )
    first = next(iter(inputs.chunks()))
    verify_shuffle_chunks(
        group,
        public_key,
        n,
        len(first[0]),
        head,
        ListChunks(group, inputs, lists, folder.chunk_items, checked=checked),
        context,
        trustee,
        stats=stats,
        batch=batch,
        folder=folder,
        generator_source=generator_source,
    )


#: the per-item parts of a proof of shuffle
_PARTS: Final = ("c", "c_hat", "t_hat", "s_hat", "s_prime")


def _check_in_memory(
    inputs: Sequence[Item], outputs: Sequence[Item], proof: ShuffleProof, trustee: int
) -> None:
    """The lists' shapes and the proof's lengths, before the lists are cut into chunks."""
    try:
        check_lists(inputs, outputs)
    except ParameterError as exc:
        raise ShuffleProofError(f"shuffle: {exc}", "outputs", trustee=trustee) from None
    for name in _PARTS:
        if len(getattr(proof, name)) != len(inputs):
            raise ShuffleProofError(
                f"shuffle proof: {name} must have {len(inputs)} entries", name, trustee=trustee
            )


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
    folder: Folder = FOLD_HERE,
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
    prepared: list[_Stage] = []
    current = inputs
    for stage in stages:
        _check_in_memory(current, stage.outputs, stage.proof, stage.trustee)
        try:
            prepared.append(
                _prepare(
                    group,
                    public_key,
                    len(current),
                    len(current[0]),
                    ProofHead.of(stage.proof),
                    in_memory_chunks(
                        group, current, stage.outputs, stage.proof, folder.chunk_items
                    ),
                    context,
                    stage.trustee,
                    gens,
                )
            )
        except ShuffleProofError as exc:
            exc.trustee = stage.trustee
            raise
        current = stage.outputs
    _conclude(group, prepared, batch, stats, folder)
    return current
