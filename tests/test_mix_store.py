"""V11's lists kept in memory or on disk (rules/mix_store.py): what is read back is what was
stored, decoded or as the encodings the challenges hash."""

from __future__ import annotations

import os

import pytest

from plebiscite.crypto.elgamal import encrypt, keygen
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import (
    Item,
    items_bytes,
    list_digest,
    prove_shuffle,
    shuffle,
    shuffle_generators,
)
from plebiscite.crypto.shuffle_verify import ProofHead, verify_shuffle_chunks
from plebiscite.rules.mix_store import MixLists, ProofParts, ShuffleOfStored


@pytest.mark.parametrize("group_name", ["secp256k1", "modp4096"])
@pytest.mark.parametrize("spill_at", [0, 4, 100])
def test_stored_lists_read_back_and_verify(group_name: str, spill_at: int) -> None:
    group = get_group(group_name)
    rng = DeterministicRandom(f"store {group_name}")
    kp = keygen(group, rng)
    n, width, size = 7, 2, 3
    inputs: list[Item] = [
        tuple(encrypt(group, kp.public, (i + k) % 3, rng=rng)[0] for k in range(width))
        for i in range(n)
    ]
    inputs[1] = (inputs[1][0], type(inputs[1][1])(group.identity(), group.identity()))
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, b"ctx", 1, rng=rng)
    lists = MixLists(group, spill_at)
    try:
        stored_in = lists.new_list(width)
        stored_out = lists.new_list(width)
        for start in range(0, n, size):
            stop = start + size
            stored_in.append(inputs[start:stop])
            stored_out.append(
                outputs[start:stop],
                ProofParts(
                    proof.c[start:stop],
                    proof.c_hat[start:stop],
                    proof.t_hat[start:stop],
                    proof.s_hat[start:stop],
                    proof.s_prime[start:stop],
                ),
            )
        assert lists.on_disk == (spill_at < 2 * n)
        assert stored_in.count == n and stored_in.chunk_lengths() == [3, 3, 1]
        assert [item for chunk in stored_in.items() for item in chunk] == inputs
        assert [item for chunk in stored_out.items() for item in chunk] == outputs
        parts = list(stored_out.parts())
        assert [e for p in parts for e in p.c_hat] == list(proof.c_hat)
        assert [s for p in parts for s in p.s_prime] == list(proof.s_prime)
        assert stored_in.digest() == list_digest(group, inputs)
        assert b"".join(stored_out.encoded("items")) == items_bytes(group, outputs, width)
        view = stored_in.view()
        stored_in.append(inputs[:1])
        assert view.count == n and stored_in.count == n + 1
        verify_shuffle_chunks(
            group,
            kp.public,
            n,
            width,
            ProofHead.of(proof),
            ShuffleOfStored(view, stored_out, 2),
            b"ctx",
            1,
        )
        source = lists.generators(b"ctx")
        want = shuffle_generators(group, b"ctx", n).hs
        assert source(2, 5) == list(want[2:5]) == source(2, 5)  # derived, then read back
        tmp = lists._tmp
    finally:
        lists.close()
    assert tmp is not None and not os.path.exists(tmp)
