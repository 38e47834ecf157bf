"""The verifiable re-encryption shuffle (docs/spec.md §15): shuffle, generators, proof.

The proof is Terelius–Wikström's proof of a shuffle in the variant of Verificatum, written after
the pseudo-code of Haenni, Locher, Koenig and Dubuis, "Pseudo-code algorithms for verifiable
re-encryption mix-nets" (FC 2017 Voting workshop), cited by the paper's algorithm names and by
number for GenProof (Algorithm 4.3) and CheckProof (Algorithm 4.6), with the numbers the CHVote
specification gives the same algorithms in the Geneva reference implementation of it (spec §15:
they change between its versions): GenShuffle 5.41, GenPermutation 5.42, GenShuffleProof 5.44,
GenPermutationCommitment 5.46, GenCommitmentChain 5.47. Lists of tuples of width w are shuffled
under one permutation with one proof, as in Haines' generalised parallel variant (arXiv
1901.08371): u, the commitments and s′ are shared by the w components, and t4, s4 have one entry
per component.

The verifier is in :mod:`plebiscite.crypto.shuffle_verify`; the JSON forms in
:mod:`plebiscite.crypto.shuffle_codec`.

Every exponent the prover raises with a secret (randomness, nonces, and the permuted challenges
u′, which reveal ψ) goes through the group's constant-time ``exp_secret`` / ``exp_g_secret``;
products of such powers are formed term by term, never with the variable-time ``multi_exp``.
"""

from __future__ import annotations

import hashlib
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from plebiscite.crypto import rand, tags
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_scalar
from plebiscite.crypto.proofs import group_hash
from plebiscite.crypto.shuffle_columns import (
    PROVER_CHUNK,
    Column,
    Columns,
    ListColumn,
    MemoryColumns,
)
from plebiscite.errors import ParameterError

__all__ = [
    "GENERATOR_CACHE_CONTEXTS",
    "MAX_WIDTH",
    "ColumnGenerators",
    "ColumnProof",
    "ColumnWitness",
    "Item",
    "ShuffleGenerators",
    "ShuffleProof",
    "ShuffleSecret",
    "chain_base",
    "check_lists",
    "check_witness",
    "clear_generator_cache",
    "commitments_digest",
    "commitments_digest_chunks",
    "elements_bytes",
    "final_challenge",
    "gen_permutation",
    "generator_range",
    "generators_seed",
    "items_bytes",
    "list_digest",
    "list_digest_chunks",
    "permutation_challenges",
    "prove_columns",
    "prove_shuffle",
    "shuffle",
    "shuffle_columns",
    "shuffle_generators",
    "statement_digest",
    "statement_digest_chunks",
]

#: the widest tuple a shuffle accepts
MAX_WIDTH = 64
#: bytes of each challenge u_j (128 bits, as Verificatum's default)
CHALLENGE_BYTES = 16

#: one list item: a tuple of w ciphertexts shuffled together
Item = tuple[Ciphertext, ...]

T = TypeVar("T")


@dataclass(frozen=True)
class ShuffleGenerators:
    """The independent generators of a shuffle (§15.2): chain base ``h``, ``h_0 … h_(N−1)``."""

    seed: bytes
    h: Element
    hs: tuple[Element, ...]


@dataclass(frozen=True)
class ShuffleSecret:
    """The prover's witness: output i is input ``permutation[i]`` re-encrypted with
    ``randomness[i][k]`` in component k. Its repr hides both."""

    permutation: tuple[int, ...]
    randomness: tuple[tuple[int, ...], ...]

    def __repr__(self) -> str:
        return f"ShuffleSecret(<{len(self.permutation)} items hidden>)"


@dataclass(frozen=True)
class ShuffleProof:
    """A proof of shuffle in commitment form (the fields of §15.6)."""

    c: tuple[Element, ...]
    c_hat: tuple[Element, ...]
    t1: Element
    t2: Element
    t3: Element
    t4: tuple[Ciphertext, ...]
    t_hat: tuple[Element, ...]
    s1: int
    s2: int
    s3: int
    s4: tuple[int, ...]
    s_hat: tuple[int, ...]
    s_prime: tuple[int, ...]


# -- generators (§15.1, §15.2) -----------------------------------------------------------------

_GENERATOR_CACHE: dict[tuple[Group, bytes], tuple[bytes, Element, list[Element]]] = {}
_GENERATOR_LOCK = threading.Lock()
#: the most (group, context) pairs whose generators are kept (the oldest is dropped first)
GENERATOR_CACHE_CONTEXTS = 4


def generators_seed(group: Group, context: CanonicalValue) -> bytes:
    """``seed = H(SHUFFLE_GENERATORS, group_hash, context)``."""
    return H(tags.SHUFFLE_GENERATORS, group_hash(group), context)


def shuffle_generators(group: Group, context: CanonicalValue, n: int) -> ShuffleGenerators:
    """The generators ``h`` and ``h_0 … h_(n−1)`` of ``context`` (derived once, then cached for
    the last :data:`GENERATOR_CACHE_CONTEXTS` contexts: a verifier checking several rounds of one
    election derives them once)."""
    if n < 0:
        raise ParameterError("shuffle generators: n must be non-negative")
    key = (group, canonical_bytes(context))
    dst = tags.SHUFFLE_GENERATOR.encode("utf-8")
    with _GENERATOR_LOCK:
        cached = _GENERATOR_CACHE.get(key)
        if cached is None:
            seed = generators_seed(group, context)
            cached = (seed, group.hash_to_element(canonical_bytes(seed, "h"), dst), [])
            while len(_GENERATOR_CACHE) >= GENERATOR_CACHE_CONTEXTS:
                del _GENERATOR_CACHE[next(iter(_GENERATOR_CACHE))]
            _GENERATOR_CACHE[key] = cached
        seed, h, hs = cached
        prefix = encode_bytes(seed)
        hs += group.hash_to_elements([prefix + canonical_bytes(i) for i in range(len(hs), n)], dst)
        return ShuffleGenerators(seed=seed, h=h, hs=tuple(hs[:n]))


def generator_range(group: Group, context: CanonicalValue, start: int, stop: int) -> list[Element]:
    """``h_start … h_(stop−1)`` of ``context``: from the cache when it holds them, else derived
    here and not kept (a worker derives its chunk's generators; memory stays a chunk's)."""
    if not 0 <= start <= stop:
        raise ParameterError("shuffle generators: need 0 <= start <= stop")
    key = (group, canonical_bytes(context))
    with _GENERATOR_LOCK:
        cached = _GENERATOR_CACHE.get(key)
        if cached is not None and len(cached[2]) >= stop:
            return cached[2][start:stop]
    prefix = encode_bytes(generators_seed(group, context))
    dst = tags.SHUFFLE_GENERATOR.encode("utf-8")
    return group.hash_to_elements([prefix + canonical_bytes(i) for i in range(start, stop)], dst)


def chain_base(group: Group, context: CanonicalValue) -> Element:
    """The generator ``h`` of ``context`` (the base of the commitment chain, §15.2)."""
    return shuffle_generators(group, context, 0).h


def clear_generator_cache() -> None:
    """Forget every derived generator (benchmarks measure the derivation)."""
    with _GENERATOR_LOCK:
        _GENERATOR_CACHE.clear()


# -- the challenges (§15.4 steps 2 and 6) -------------------------------------------------------

_PAIR = b"L" + u32(2)


def _bytes_header(length: int, cache: dict[int, bytes]) -> bytes:
    """``B`` ‖ u32 ``length``: the header of one byte string (:func:`encode_bytes` of it without
    the string), built once per length."""
    header = cache.get(length)
    if header is None:
        header = encode_bytes(bytes(length))[:5]
        cache[length] = header
    return header


def items_bytes(group: Group, items: Sequence[Item], width: int) -> bytes:
    """The canonical encoding of ``items`` inside a list (each ``[[α, β] for each component]``),
    without the list's length prefix: what a digest absorbs for one chunk of a list of items.
    (Assembled in one join: a chunk of 10,000 tuples is 40,000 encodings.)"""
    encode = group.encode
    cache: dict[int, bytes] = {}
    header = b"L" + u32(width)
    parts: list[bytes] = []
    append = parts.append
    for item in items:
        append(header)
        for ct in item:
            alpha, beta = encode(ct.alpha), encode(ct.beta)
            append(_PAIR)
            append(cache.get(len(alpha)) or _bytes_header(len(alpha), cache))
            append(alpha)
            append(cache.get(len(beta)) or _bytes_header(len(beta), cache))
            append(beta)
    return b"".join(parts)


def elements_bytes(group: Group, elements: Sequence[Element]) -> bytes:
    """The canonical encoding of ``elements`` inside a list, without its length prefix."""
    encode = group.encode
    cache: dict[int, bytes] = {}
    parts: list[bytes] = []
    append = parts.append
    for element in elements:
        data = encode(element)
        append(cache.get(len(data)) or _bytes_header(len(data), cache))
        append(data)
    return b"".join(parts)


def statement_digest(
    group: Group,
    generators: ShuffleGenerators,
    context: CanonicalValue,
    trustee: int,
    public_key: Element,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    commitments: Sequence[Element],
) -> bytes:
    """``y = H(SHUFFLE_STATEMENT, group_hash, seed, context, trustee, K, w, N, inputs, outputs,
    c)``, streamed: equal to :func:`~plebiscite.crypto.hashing.H` of the nested lists."""
    width = len(inputs[0]) if inputs else 0
    return statement_digest_chunks(
        group,
        generators.seed,
        context,
        trustee,
        public_key,
        width,
        len(inputs),
        (
            [items_bytes(group, inputs, width)],
            [items_bytes(group, outputs, width)],
            [elements_bytes(group, commitments)],
        ),
    )


def statement_digest_chunks(
    group: Group,
    seed: bytes,
    context: CanonicalValue,
    trustee: int,
    public_key: Element,
    width: int,
    n: int,
    encoded: tuple[Iterable[bytes], Iterable[bytes], Iterable[bytes]],
) -> bytes:
    """:func:`statement_digest` of lists of ``n`` items given as the encodings of consecutive
    chunks (:func:`items_bytes` of the inputs' chunks, of the outputs', :func:`elements_bytes`
    of c's; each iterable read once, in that order)."""
    digest = hashlib.sha256(
        canonical_bytes(
            tags.SHUFFLE_STATEMENT,
            group_hash(group),
            seed,
            context,
            trustee,
            group.encode(public_key),
            width,
            n,
        )
    )
    for chunks in encoded:
        digest.update(b"L" + u32(n))
        for data in chunks:
            digest.update(data)
    return digest.digest()


def list_digest(group: Group, items: Sequence[Item]) -> bytes:
    """``H(MIX_LIST, group_hash, w, N, [[[α, β] for each component] for each item])``, streamed:
    how a mix entry names its input and output lists (§15.7)."""
    width = len(items[0]) if items else 0
    return list_digest_chunks(group, width, len(items), [items_bytes(group, items, width)])


def list_digest_chunks(group: Group, width: int, n: int, encoded: Iterable[bytes]) -> bytes:
    """:func:`list_digest` of ``n`` items given as the :func:`items_bytes` of consecutive chunks."""
    digest = hashlib.sha256(canonical_bytes(tags.MIX_LIST, group_hash(group), width, n))
    digest.update(b"L" + u32(n))
    for data in encoded:
        digest.update(data)
    return digest.digest()


def permutation_challenges(y: bytes, n: int, start: int = 0) -> list[int]:
    """``u_j = int(expand_message_xmd(enc(y) ‖ enc(j), SHUFFLE_PERMUTATION_CHALLENGE, 16))`` for
    ``j = start … start + n − 1`` (each u_j depends on y and j alone)."""
    dst = tags.SHUFFLE_PERMUTATION_CHALLENGE.encode("utf-8")
    head = encode_bytes(y)
    return [
        int.from_bytes(expand_message_xmd(head + canonical_bytes(j), dst, CHALLENGE_BYTES), "big")
        for j in range(start, start + n)
    ]


def commitments_digest(
    group: Group,
    y: bytes,
    c_hat: Sequence[Element],
    t1: Element,
    t2: Element,
    t3: Element,
    t4: Sequence[Ciphertext],
    t_hat: Sequence[Element],
) -> bytes:
    """``d = H(SHUFFLE_COMMITMENTS, y, [ĉ_i], t1, t2, t3, [[t4_k.α, t4_k.β]], [t̂_i])``, streamed."""
    return commitments_digest_chunks(
        group,
        y,
        len(c_hat),
        (t1, t2, t3, t4),
        ([elements_bytes(group, c_hat)], [elements_bytes(group, t_hat)]),
    )


def commitments_digest_chunks(
    group: Group,
    y: bytes,
    n: int,
    constants: tuple[Element, Element, Element, Sequence[Ciphertext]],
    encoded: tuple[Iterable[bytes], Iterable[bytes]],
) -> bytes:
    """:func:`commitments_digest` of ``n`` commitments given as the :func:`elements_bytes` of
    consecutive chunks (ĉ's, then t̂'s, each iterable read once, in that order); ``constants``
    are t1, t2, t3, t4."""
    encode = group.encode
    t1, t2, t3, t4 = constants
    c_hat, t_hat = encoded
    digest = hashlib.sha256(canonical_bytes(tags.SHUFFLE_COMMITMENTS, y))
    digest.update(b"L" + u32(n))
    for data in c_hat:
        digest.update(data)
    digest.update(canonical_bytes(encode(t1), encode(t2), encode(t3)))
    digest.update(canonical_bytes([[encode(ct.alpha), encode(ct.beta)] for ct in t4]))
    digest.update(b"L" + u32(n))
    for data in t_hat:
        digest.update(data)
    return digest.digest()


def final_challenge(
    group: Group,
    generators: ShuffleGenerators,
    context: CanonicalValue,
    trustee: int,
    y: bytes,
    d: bytes,
) -> int:
    """``c = hash_to_scalar(SHUFFLE_CHALLENGE, q, {group, generators, context, trustee,
    statement: y, commitments: d})``."""
    return hash_to_scalar(
        tags.SHUFFLE_CHALLENGE,
        group.q,
        {
            "group": group_hash(group),
            "generators": generators.seed,
            "context": context,
            "trustee": trustee,
            "statement": y,
            "commitments": d,
        },
    )


# -- the shuffle (GenShuffle, CHVote 5.41; GenPermutation, 5.42) ------------------------------


def _permutation(n: int, rng: rand.Random | None) -> array[int]:
    """GenPermutation (CHVote 5.42) in a compact array (8 bytes an item)."""
    source = rand.get(rng)
    pool = array("q", range(n))
    psi = array("q", bytes(8 * n))
    for i in range(n):
        k = i + source.randbelow(n - i)
        psi[i] = pool[k]
        pool[k] = pool[i]
    return psi


def gen_permutation(n: int, rng: rand.Random | None = None) -> list[int]:
    """GenPermutation (CHVote 5.42): a uniform permutation of ``0 … n−1`` by Knuth's shuffle."""
    return list(_permutation(n, rng))


def check_lists(inputs: Sequence[Item], outputs: Sequence[Item] | None = None) -> int:
    """The common width of ``inputs`` (and ``outputs``); refuse empty, ragged, unequal lists."""
    if not inputs:
        raise ParameterError("shuffle: the input list is empty")
    width = len(inputs[0])
    if not 1 <= width <= MAX_WIDTH:
        raise ParameterError(f"shuffle: width {width} is not in [1, {MAX_WIDTH}]")
    for name, items in (("inputs", inputs), ("outputs", outputs or ())):
        for i, item in enumerate(items):
            if len(item) != width:
                raise ParameterError(f"shuffle: {name}[{i}] has width {len(item)}, not {width}")
    if outputs is not None and len(outputs) != len(inputs):
        raise ParameterError(f"shuffle: {len(inputs)} inputs but {len(outputs)} outputs")
    return width


@dataclass(frozen=True)
class ColumnWitness:
    """The prover's witness with its randomness in a (secret) column: output i is input
    ``permutation[i]`` re-encrypted with ``randomness[i][k]`` in component k."""

    permutation: Sequence[int]
    randomness: Column[tuple[int, ...]]

    def __repr__(self) -> str:
        return f"ColumnWitness(<{len(self.permutation)} items hidden>)"


def shuffle_columns(
    group: Group,
    public_key: Element,
    inputs: Column[Item],
    width: int,
    columns: Columns,
    rng: rand.Random | None = None,
) -> tuple[Column[Item], ColumnWitness]:
    """GenShuffle (CHVote 5.41) of the ``inputs`` column into a new ``outputs`` column of
    ``columns``, the randomness into a secret one. Output i is input ``ψ(i)`` with every component
    multiplied by ``Enc(0; r̃_(i,k))``; the random draws are :func:`shuffle`'s, in its order."""
    n = len(inputs)
    if not n:
        raise ParameterError("shuffle: the input list is empty")
    group.check_element(public_key, "shuffle: public key")
    psi = _permutation(n, rng)
    outputs: Column[Item] = columns.column("outputs", "items", width)
    randomness: Column[tuple[int, ...]] = columns.column(
        "randomness", "scalar_tuples", width, secret=True
    )
    mul, exp_g_secret, exp_secret = group.mul, group.exp_g_secret, group.exp_secret
    for start in range(0, n, PROVER_CHUNK):
        chunk: list[Item] = []
        drawn: list[tuple[int, ...]] = []
        for j in psi[start : start + PROVER_CHUNK]:
            rs = tuple(group.random_nonzero_scalar(rng) for _ in range(width))
            item = inputs[j]
            if len(item) != width:
                raise ParameterError(f"shuffle: inputs[{j}] has width {len(item)}, not {width}")
            chunk.append(
                tuple(
                    Ciphertext(
                        mul(ct.alpha, exp_g_secret(r)), mul(ct.beta, exp_secret(public_key, r))
                    )
                    for ct, r in zip(item, rs, strict=True)
                )
            )
            drawn.append(rs)
        outputs.append(chunk)
        randomness.append(drawn)
    return outputs, ColumnWitness(psi, randomness)


def shuffle(
    group: Group, public_key: Element, inputs: Sequence[Item], rng: rand.Random | None = None
) -> tuple[list[Item], ShuffleSecret]:
    """GenShuffle (CHVote 5.41): permute and re-encrypt ``inputs`` under ``public_key``.

    Output i is input ``ψ(i)`` with every component multiplied by ``Enc(0; r̃_(i,k))``.
    """
    width = check_lists(inputs)
    columns = MemoryColumns(group)
    outputs, witness = shuffle_columns(
        group, public_key, ListColumn(group, "items", inputs), width, columns, rng
    )
    assert isinstance(outputs, ListColumn) and isinstance(witness.randomness, ListColumn)
    return outputs.values, ShuffleSecret(
        permutation=tuple(witness.permutation), randomness=tuple(witness.randomness.values)
    )


# -- the proof (GenProof 4.3 / CHVote 5.44, GenPermutationCommitment 5.46, GenCommitmentChain 5.47)


def check_witness(secret: ShuffleSecret, n: int) -> None:
    """Refuse a witness that is not a permutation of ``n`` items with randomness for each."""
    if sorted(secret.permutation) != list(range(n)) or len(secret.randomness) != n:
        raise ParameterError("prove_shuffle: the witness is not a permutation of the inputs")


@dataclass(frozen=True)
class ColumnGenerators:
    """The generators of a shuffle with ``h_0 … h_(N−1)`` in a column."""

    seed: bytes
    h: Element
    hs: Column[Element]


@dataclass(frozen=True)
class ColumnProof:
    """A proof of shuffle with its per-item fields in columns (see :class:`ShuffleProof`)."""

    c: Column[Element]
    c_hat: Column[Element]
    t_hat: Column[Element]
    s_hat: Column[int]
    s_prime: Column[int]
    t1: Element
    t2: Element
    t3: Element
    t4: tuple[Ciphertext, ...]
    s1: int
    s2: int
    s3: int
    s4: tuple[int, ...]


def _inverse(psi: Sequence[int]) -> array[int]:
    inverse = array("q", bytes(8 * len(psi)))
    for i, j in enumerate(psi):
        inverse[j] = i
    return inverse


def prove_columns(
    group: Group,
    public_key: Element,
    inputs: Column[Item],
    outputs: Column[Item],
    witness: ColumnWitness,
    context: CanonicalValue,
    trustee: int,
    generators: ColumnGenerators,
    columns: Columns,
    rng: rand.Random | None = None,
) -> ColumnProof:
    """Algorithm 4.3 (GenProof; CHVote GenShuffleProof, 5.44), width w, over columns: every
    per-item list is written to a column of ``columns`` and read back chunk by chunk, so that
    the prover holds a chunk of each at a time (and the permutation, 8 bytes an item). The
    random draws are made in :func:`prove_shuffle`'s order and the proof is the same."""
    n = len(inputs)
    psi = witness.permutation
    if (
        len(psi) != n
        or len(outputs) != n
        or len(witness.randomness) != n
        or len(generators.hs) != n
    ):
        raise ParameterError(f"prove_shuffle: the columns do not all hold {n} items")
    width = len(outputs[0])
    q = group.q
    mul, exp_g_secret, exp_secret = group.mul, group.exp_g_secret, group.exp_secret
    inverse = _inverse(psi)
    hs = generators.hs

    # GenPermutationCommitment (CHVote 5.46): c_ψ(i) = g^r_ψ(i) · h_i, in the order of j = ψ(i)
    r_column: Column[int] = columns.column("r", "scalars", secret=True)
    c: Column[Element] = columns.column("c", "elements")
    r_bar = 0
    for start in range(0, n, PROVER_CHUNK):
        r = [group.random_nonzero_scalar(rng) for _ in range(min(PROVER_CHUNK, n - start))]
        c.append([mul(exp_g_secret(rj), hs[inverse[start + pos]]) for pos, rj in enumerate(r)])
        r_column.append(r)
        r_bar += sum(r)
    r_bar %= q

    y = statement_digest_chunks(
        group,
        generators.seed,
        context,
        trustee,
        public_key,
        width,
        n,
        (inputs.encoded(), outputs.encoded(), c.encoded()),
    )
    # the challenges u_j (public: from y alone) and r̃ = Σ r_j·u_j
    u: Column[int] = columns.column("u", "scalars")
    r_tilde = 0
    for start, r_read in zip(range(0, n, PROVER_CHUNK), r_column.chunks(), strict=True):
        u_chunk = permutation_challenges(y, len(r_read), start)
        u.append(u_chunk)
        r_tilde += sum(a * b for a, b in zip(r_read, u_chunk, strict=True))
    r_tilde %= q

    # GenCommitmentChain (CHVote 5.47): ĉ_i = g^r̂_i · ĉ_(i−1)^u′_i, ĉ_(−1) = h, with u′_i = u_ψ(i)
    # (secret: it reveals ψ); r̂ = Σ r̂_i·v_i with v_i = ∏_(l>i) u′_l by Horner's rule, forwards;
    # r′_k = Σ r̃_(i,k)·u′_i
    r_hat_column: Column[int] = columns.column("r_hat", "scalars", secret=True)
    c_hat: Column[Element] = columns.column("c_hat", "elements")
    previous = generators.h
    r_hat_sum = 0
    r_prime = [0] * width
    for start, rs in zip(range(0, n, PROVER_CHUNK), witness.randomness.chunks(), strict=True):
        r_hat = [group.random_nonzero_scalar(rng) for _ in range(len(rs))]
        chain: list[Element] = []
        for pos, (rh, rk) in enumerate(zip(r_hat, rs, strict=True)):
            u_perm = u[psi[start + pos]]
            previous = mul(exp_g_secret(rh), exp_secret(previous, u_perm))
            chain.append(previous)
            r_hat_sum = (r_hat_sum * u_perm + rh) % q
            for k in range(width):
                r_prime[k] += rk[k] * u_perm
        c_hat.append(chain)
        r_hat_column.append(r_hat)
    r_prime = [value % q for value in r_prime]

    # Algorithm 4.3: the nonces and the commitments t1 … t4, t̂
    w1, w2, w3 = (group.random_scalar(rng) for _ in range(3))
    w4 = [group.random_scalar(rng) for _ in range(width)]
    w_hat_column: Column[int] = columns.column("w_hat", "scalars", secret=True)
    for start in range(0, n, PROVER_CHUNK):
        w_hat_column.append([group.random_scalar(rng) for _ in range(min(PROVER_CHUNK, n - start))])
    w_prime_column: Column[int] = columns.column("w_prime", "scalars", secret=True)
    t_hat: Column[Element] = columns.column("t_hat", "elements")
    h_terms: list[Element] = []
    alpha_terms: list[list[Element]] = [[] for _ in range(width)]
    beta_terms: list[list[Element]] = [[] for _ in range(width)]
    base = generators.h
    for w_hat_read, links, hs_chunk, outs in zip(
        w_hat_column.chunks(), c_hat.chunks(), hs.chunks(), outputs.chunks(), strict=True
    ):
        w_prime = [group.random_scalar(rng) for _ in range(len(w_hat_read))]
        t_chunk: list[Element] = []
        for wh, wp, link in zip(w_hat_read, w_prime, links, strict=True):
            t_chunk.append(mul(exp_g_secret(wh), exp_secret(base, wp)))
            base = link
        t_hat.append(t_chunk)
        w_prime_column.append(w_prime)
        h_terms.append(
            group.prod([exp_secret(h, wp) for h, wp in zip(hs_chunk, w_prime, strict=True)])
        )
        for k in range(width):
            alpha_terms[k].append(
                group.prod(
                    [exp_secret(o[k].alpha, wp) for o, wp in zip(outs, w_prime, strict=True)]
                )
            )
            beta_terms[k].append(
                group.prod([exp_secret(o[k].beta, wp) for o, wp in zip(outs, w_prime, strict=True)])
            )
    t1 = exp_g_secret(w1)
    t2 = exp_g_secret(w2)
    t3 = mul(exp_g_secret(w3), group.prod(h_terms))
    t4 = tuple(
        Ciphertext(
            mul(exp_g_secret(q - w4[k]), group.prod(alpha_terms[k])),
            mul(exp_secret(public_key, q - w4[k]), group.prod(beta_terms[k])),
        )
        for k in range(width)
    )

    d = commitments_digest_chunks(group, y, n, (t1, t2, t3, t4), (c_hat.encoded(), t_hat.encoded()))
    ch = final_challenge(
        group, ShuffleGenerators(generators.seed, generators.h, ()), context, trustee, y, d
    )
    s_hat: Column[int] = columns.column("s_hat", "scalars")
    for w_hat_read, r_hat_read in zip(w_hat_column.chunks(), r_hat_column.chunks(), strict=True):
        s_hat.append([(a + ch * b) % q for a, b in zip(w_hat_read, r_hat_read, strict=True)])
    s_prime: Column[int] = columns.column("s_prime", "scalars")
    for start, w_prime_read in zip(range(0, n, PROVER_CHUNK), w_prime_column.chunks(), strict=True):
        s_prime.append([(wp + ch * u[psi[start + pos]]) % q for pos, wp in enumerate(w_prime_read)])
    return ColumnProof(
        c=c,
        c_hat=c_hat,
        t_hat=t_hat,
        s_hat=s_hat,
        s_prime=s_prime,
        t1=t1,
        t2=t2,
        t3=t3,
        t4=t4,
        s1=(w1 + ch * r_bar) % q,
        s2=(w2 + ch * r_hat_sum) % q,
        s3=(w3 + ch * r_tilde) % q,
        s4=tuple((w4[k] + ch * r_prime[k]) % q for k in range(width)),
    )


def prove_shuffle(
    group: Group,
    public_key: Element,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    secret: ShuffleSecret,
    context: CanonicalValue,
    trustee: int,
    *,
    generators: ShuffleGenerators | None = None,
    rng: rand.Random | None = None,
) -> ShuffleProof:
    """Algorithm 4.3 (GenProof; CHVote GenShuffleProof, 5.44), width w: prove that ``outputs``
    shuffle ``inputs`` (:func:`prove_columns` on lists in memory)."""
    check_lists(inputs, outputs)
    n = len(inputs)
    check_witness(secret, n)
    gens = generators if generators is not None else shuffle_generators(group, context, n)
    if len(gens.hs) != n:
        raise ParameterError(f"prove_shuffle: {len(gens.hs)} generators for {n} items")
    proof = prove_columns(
        group,
        public_key,
        ListColumn(group, "items", inputs),
        ListColumn(group, "items", outputs),
        ColumnWitness(secret.permutation, ListColumn(group, "scalar_tuples", secret.randomness)),
        context,
        trustee,
        ColumnGenerators(gens.seed, gens.h, ListColumn(group, "elements", gens.hs)),
        MemoryColumns(group),
        rng,
    )
    return ShuffleProof(
        c=tuple(_values(proof.c)),
        c_hat=tuple(_values(proof.c_hat)),
        t1=proof.t1,
        t2=proof.t2,
        t3=proof.t3,
        t4=proof.t4,
        t_hat=tuple(_values(proof.t_hat)),
        s1=proof.s1,
        s2=proof.s2,
        s3=proof.s3,
        s4=proof.s4,
        s_hat=tuple(_values(proof.s_hat)),
        s_prime=tuple(_values(proof.s_prime)),
    )


def _values(column: Column[T]) -> list[T]:
    return [value for chunk in column.chunks() for value in chunk]
