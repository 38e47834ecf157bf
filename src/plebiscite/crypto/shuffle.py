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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plebiscite.crypto import rand, tags
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, encode_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_scalar
from plebiscite.crypto.proofs import group_hash
from plebiscite.errors import ParameterError

__all__ = [
    "GENERATOR_CACHE_CONTEXTS",
    "MAX_WIDTH",
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
    "prove_shuffle",
    "shuffle",
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


def gen_permutation(n: int, rng: rand.Random | None = None) -> list[int]:
    """GenPermutation (CHVote 5.42): a uniform permutation of ``0 … n−1`` by Knuth's shuffle."""
    source = rand.get(rng)
    pool = list(range(n))
    psi = [0] * n
    for i in range(n):
        k = i + source.randbelow(n - i)
        psi[i] = pool[k]
        pool[k] = pool[i]
    return psi


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


def shuffle(
    group: Group, public_key: Element, inputs: Sequence[Item], rng: rand.Random | None = None
) -> tuple[list[Item], ShuffleSecret]:
    """GenShuffle (CHVote 5.41): permute and re-encrypt ``inputs`` under ``public_key``.

    Output i is input ``ψ(i)`` with every component multiplied by ``Enc(0; r̃_(i,k))``.
    """
    width = check_lists(inputs)
    group.check_element(public_key, "shuffle: public key")
    psi = gen_permutation(len(inputs), rng)
    outputs: list[Item] = []
    randomness: list[tuple[int, ...]] = []
    for j in psi:
        rs = tuple(group.random_nonzero_scalar(rng) for _ in range(width))
        outputs.append(
            tuple(
                Ciphertext(
                    group.mul(ct.alpha, group.exp_g_secret(r)),
                    group.mul(ct.beta, group.exp_secret(public_key, r)),
                )
                for ct, r in zip(inputs[j], rs, strict=True)
            )
        )
        randomness.append(rs)
    return outputs, ShuffleSecret(permutation=tuple(psi), randomness=tuple(randomness))


# -- the proof (GenProof 4.3 / CHVote 5.44, GenPermutationCommitment 5.46, GenCommitmentChain 5.47)


def _secret_product(group: Group, bases: Sequence[Element], exps: Sequence[int]) -> Element:
    """``∏ bases[i]^exps[i]`` with one constant-time exponentiation per term."""
    return group.prod([group.exp_secret(b, e) for b, e in zip(bases, exps, strict=True)])


def check_witness(secret: ShuffleSecret, n: int) -> None:
    """Refuse a witness that is not a permutation of ``n`` items with randomness for each."""
    if sorted(secret.permutation) != list(range(n)) or len(secret.randomness) != n:
        raise ParameterError("prove_shuffle: the witness is not a permutation of the inputs")


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
    shuffle ``inputs``."""
    width = check_lists(inputs, outputs)
    n = len(inputs)
    check_witness(secret, n)
    psi = secret.permutation
    q = group.q
    gens = generators if generators is not None else shuffle_generators(group, context, n)
    if len(gens.hs) != n:
        raise ParameterError(f"prove_shuffle: {len(gens.hs)} generators for {n} items")
    g = group.generator()

    # GenPermutationCommitment (CHVote 5.46): c_ψ(i) = g^r_ψ(i) · h_i
    r = [group.random_nonzero_scalar(rng) for _ in range(n)]
    c: list[Element] = [g] * n
    for i, j in enumerate(psi):
        c[j] = group.mul(group.exp_g_secret(r[j]), gens.hs[i])

    y = statement_digest(group, gens, context, trustee, public_key, inputs, outputs, c)
    u = permutation_challenges(y, n)
    u_perm = [u[j] for j in psi]  # u′_i = u_ψ(i): secret (it reveals ψ)

    # GenCommitmentChain (CHVote 5.47): ĉ_i = g^r̂_i · ĉ_(i−1)^u′_i, ĉ_(−1) = h
    r_hat = [group.random_nonzero_scalar(rng) for _ in range(n)]
    c_hat: list[Element] = []
    previous = gens.h
    for i in range(n):
        previous = group.mul(group.exp_g_secret(r_hat[i]), group.exp_secret(previous, u_perm[i]))
        c_hat.append(previous)

    # Algorithm 4.3 steps: r̄, v, r̂, r̃ and r′ (one per component)
    r_bar = sum(r) % q
    v = [1] * n
    for i in range(n - 2, -1, -1):
        v[i] = u_perm[i + 1] * v[i + 1] % q
    r_hat_sum = sum(a * b for a, b in zip(r_hat, v, strict=True)) % q
    r_tilde = sum(a * b for a, b in zip(r, u, strict=True)) % q
    r_prime = [sum(secret.randomness[i][k] * u_perm[i] for i in range(n)) % q for k in range(width)]

    w1, w2, w3 = (group.random_scalar(rng) for _ in range(3))
    w4 = [group.random_scalar(rng) for _ in range(width)]
    w_hat = [group.random_scalar(rng) for _ in range(n)]
    w_prime = [group.random_scalar(rng) for _ in range(n)]

    t1 = group.exp_g_secret(w1)
    t2 = group.exp_g_secret(w2)
    t3 = group.mul(group.exp_g_secret(w3), _secret_product(group, gens.hs, w_prime))
    t4 = tuple(
        Ciphertext(
            group.mul(
                group.exp_g_secret(q - w4[k]),
                _secret_product(group, [item[k].alpha for item in outputs], w_prime),
            ),
            group.mul(
                group.exp_secret(public_key, q - w4[k]),
                _secret_product(group, [item[k].beta for item in outputs], w_prime),
            ),
        )
        for k in range(width)
    )
    chain_bases = [gens.h, *c_hat[:-1]]
    t_hat = [
        group.mul(group.exp_g_secret(w_hat[i]), group.exp_secret(chain_bases[i], w_prime[i]))
        for i in range(n)
    ]

    d = commitments_digest(group, y, c_hat, t1, t2, t3, t4, t_hat)
    ch = final_challenge(group, gens, context, trustee, y, d)
    return ShuffleProof(
        c=tuple(c),
        c_hat=tuple(c_hat),
        t1=t1,
        t2=t2,
        t3=t3,
        t4=t4,
        t_hat=tuple(t_hat),
        s1=(w1 + ch * r_bar) % q,
        s2=(w2 + ch * r_hat_sum) % q,
        s3=(w3 + ch * r_tilde) % q,
        s4=tuple((w4[k] + ch * r_prime[k]) % q for k in range(width)),
        s_hat=tuple((w_hat[i] + ch * r_hat[i]) % q for i in range(n)),
        s_prime=tuple((w_prime[i] + ch * u_perm[i]) % q for i in range(n)),
    )
