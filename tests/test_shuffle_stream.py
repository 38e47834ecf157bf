"""The proof of shuffle checked chunk by chunk (docs/spec.md §15.5): the same verdicts as the
lists in memory, one chunk held at a time, failures named at their position in the whole list."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.elgamal import Ciphertext, KeyPair, encrypt, keygen
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item, ShuffleProof, prove_shuffle, shuffle
from plebiscite.crypto.shuffle_verify import (
    Chunks,
    ChunkSource,
    ProofHead,
    ShuffleChunk,
    VerifyStats,
    in_memory_chunks,
    verify_shuffle,
    verify_shuffle_chunks,
)
from plebiscite.errors import ShuffleProofError
from tinygroup import TINY

CONTEXT = b"stream test context"
TRUSTEE = 2


def _setup(
    group: Group, n: int, width: int, seed: str = "stream"
) -> tuple[KeyPair, list[Item], list[Item], ShuffleProof]:
    rng = DeterministicRandom(seed)
    kp = keygen(group, rng)
    inputs = [
        tuple(encrypt(group, kp.public, (3 * i + k) % 5, rng=rng)[0] for k in range(width))
        for i in range(n)
    ]
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, rng=rng)
    return kp, inputs, outputs, proof


class _Held(list[object]):
    """A list that can be watched with a weak reference (how long a chunk stays alive)."""


class _Watched(Chunks):
    """A chunk source that counts the chunks alive at once (each chunk's lists are fresh copies
    that die with the chunk) and the chunks handed out."""

    def __init__(self, source: Chunks) -> None:
        super().__init__(source.group, self._watched)
        self.source = source
        self.alive = 0
        self.most_alive = 0
        self.handed = 0

    def _gone(self) -> None:
        self.alive -= 1

    def _watched(self) -> Iterator[ShuffleChunk]:
        for chunk in self.source.chunks():
            gc.collect()
            inputs = _Held(chunk.inputs)
            weakref.finalize(inputs, self._gone)
            self.alive += 1
            self.handed += 1
            self.most_alive = max(self.most_alive, self.alive)
            yield dataclasses.replace(chunk, inputs=inputs)  # type: ignore[arg-type]
            del inputs


def _verify_chunks(
    group: Group, kp: KeyPair, n: int, width: int, proof: ShuffleProof, source: ChunkSource
) -> None:
    verify_shuffle_chunks(group, kp.public, n, width, ProofHead.of(proof), source, CONTEXT, TRUSTEE)


@pytest.mark.parametrize("size", [1, 3, 4, 50])
def test_chunked_verification_holds_one_chunk_at_a_time(size: int) -> None:
    kp, inputs, outputs, proof = _setup(TINY, 13, 2)
    watched = _Watched(in_memory_chunks(TINY, inputs, outputs, proof, size))
    stats = VerifyStats()
    verify_shuffle_chunks(
        TINY,
        kp.public,
        13,
        2,
        ProofHead.of(proof),
        watched,
        CONTEXT,
        TRUSTEE,
        stats=stats,
    )
    chunks = -(-13 // size)
    assert stats.batch_held is True and stats.chunks == chunks
    # one pass to check, five to hash y and d, one to fold: each reads every chunk once
    assert watched.handed == 7 * chunks
    # the chunk being read, and at most the one before it (still named by a loop variable)
    assert watched.most_alive <= 2


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 9),
    size=st.integers(1, 10),
    tamper=st.sampled_from(["none", "output", "t_hat", "s_prime", "c_hat", "swap"]),
    at=st.integers(0, 8),
)
def test_chunked_and_in_memory_verdicts_agree(n: int, size: int, tamper: str, at: int) -> None:
    kp, inputs, outputs, proof = _setup(TINY, n, 1, seed=f"agree {n}")
    at %= n
    g = TINY.generator()
    if tamper == "output":
        ct = outputs[at][0]
        outputs = [*outputs]
        outputs[at] = (Ciphertext(TINY.mul(ct.alpha, g), ct.beta),)
    elif tamper == "t_hat":
        proof = _replace(proof, "t_hat", at, TINY.mul(proof.t_hat[at], g))
    elif tamper == "s_prime":
        proof = _replace(proof, "s_prime", at, (proof.s_prime[at] + 1) % TINY.q)
    elif tamper == "c_hat":
        proof = _replace(proof, "c_hat", at, TINY.mul(proof.c_hat[at], g))
    elif tamper == "swap" and n > 1:
        outputs = [outputs[-1], *outputs[1:-1], outputs[0]]

    def outcome(run: object) -> tuple[str, int | None] | None:
        try:
            run()  # type: ignore[operator]
        except ShuffleProofError as exc:
            return exc.field, exc.index
        return None

    whole = outcome(
        lambda: verify_shuffle(
            TINY, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE, chunk_items=n
        )
    )
    chunked = outcome(
        lambda: _verify_chunks(
            TINY, kp, n, 1, proof, in_memory_chunks(TINY, inputs, outputs, proof, size)
        )
    )
    assert whole == chunked
    assert (whole is None) == (tamper == "none" or (tamper == "swap" and n == 1))


def _replace(proof: ShuffleProof, name: str, at: int, value: object) -> ShuffleProof:
    values = list(getattr(proof, name))
    values[at] = value
    changes: dict[str, Any] = {name: tuple(values)}
    return dataclasses.replace(proof, **changes)


def test_a_failing_t_hat_equation_is_named_at_its_position_in_the_whole_list() -> None:
    kp, inputs, outputs, proof = _setup(TINY, 10, 2)
    # ŝ is not hashed: only the equation of t̂_7 fails
    bad = _replace(proof, "s_hat", 7, (proof.s_hat[7] + 1) % TINY.q)
    with pytest.raises(ShuffleProofError) as info:
        _verify_chunks(TINY, kp, 10, 2, bad, in_memory_chunks(TINY, inputs, outputs, bad, 3))
    assert (info.value.field, info.value.index, info.value.trustee) == ("t_hat", 7, TRUSTEE)


def test_chunks_out_of_order_or_short_are_refused() -> None:
    kp, inputs, outputs, proof = _setup(TINY, 6, 1)
    chunks = list(in_memory_chunks(TINY, inputs, outputs, proof, 2).chunks())
    with pytest.raises(ShuffleProofError) as info:
        _verify_chunks(
            TINY, kp, 6, 1, proof, Chunks(TINY, lambda: [chunks[0], chunks[2], chunks[1]])
        )
    assert (info.value.field, info.value.index) == ("chunks", 2)
    with pytest.raises(ShuffleProofError) as info:
        _verify_chunks(TINY, kp, 6, 1, proof, Chunks(TINY, lambda: chunks[:2]))
    assert info.value.field == "outputs"
    short = dataclasses.replace(chunks[1], s_hat=chunks[1].s_hat[:1])
    with pytest.raises(ShuffleProofError) as info:
        _verify_chunks(TINY, kp, 6, 1, proof, Chunks(TINY, lambda: [chunks[0], short, chunks[2]]))
    assert (info.value.field, info.value.index) == ("s_hat", 2)


def test_an_identity_commitment_in_a_later_chunk_is_named() -> None:
    group = get_group("secp256k1")
    kp, inputs, outputs, proof = _setup(group, 5, 1)
    identity: Element = group.identity()
    bad = _replace(proof, "c", 4, identity)
    with pytest.raises(ShuffleProofError) as info:
        _verify_chunks(group, kp, 5, 1, bad, in_memory_chunks(group, inputs, outputs, bad, 2))
    assert (info.value.field, info.value.index) == ("c", 4)
