"""V11's lists kept in memory or on disk (rules/mix_store.py): what is read back is what was
stored, decoded or as the encodings the challenges hash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from _saved import refuses_a_changed_copy
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
from plebiscite.rules import saved
from plebiscite.rules.mix_store import MixLists, ProofParts, ShuffleOfStored

PARTS = ("c", "c_hat", "t_hat", "s_hat", "s_prime")
KEY = bytes(range(32))


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


@pytest.mark.parametrize("spill_at", [0, 4])
def test_chunks_of_lists_on_disk_travel_packed(spill_at: int) -> None:
    """Re-cut chunks of lists on disk keep their elements packed (a worker unpacks them); each
    value reads back as stored, and after pickling."""
    import pickle

    from plebiscite.rules.mix_store import PackedValues

    group = get_group("secp256k1")
    rng = DeterministicRandom("packed chunks")
    kp = keygen(group, rng)
    n, width = 7, 2
    inputs: list[Item] = [
        tuple(encrypt(group, kp.public, i % 2, rng=rng)[0] for _ in range(width)) for i in range(n)
    ]
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, b"ctx", 1, rng=rng)
    lists = MixLists(group, spill_at)
    try:
        stored_in, stored_out = lists.new_list(width), lists.new_list(width)
        for start in range(0, n, 3):
            stop = start + 3
            stored_in.append(inputs[start:stop])
            stored_out.append(
                outputs[start:stop],
                ProofParts(*(getattr(proof, k)[start:stop] for k in PARTS)),
            )
        chunks = list(ShuffleOfStored(stored_in, stored_out, 2).chunks())
        assert [c.start for c in chunks] == [0, 2, 4, 6]
        assert [item for c in chunks for item in c.inputs] == inputs
        assert [item for c in chunks for item in c.outputs] == outputs
        assert [e for c in chunks for e in c.c_hat] == list(proof.c_hat)
        last = chunks[-1]
        assert isinstance(last.outputs, PackedValues) and isinstance(last.t_hat, PackedValues)
        # spill_at 4: the inputs' first stored chunk (3 items) fitted in memory, then went to
        # disk with the list's second chunk: a list longer than the memory is kept whole on disk
        assert isinstance(chunks[0].inputs, PackedValues)
        fresh = list(ShuffleOfStored(stored_in, stored_out, 2).chunks())[-2]
        assert fresh.c_hat[-1] == proof.c_hat[5]  # one value read without unpacking them all
        travelled = pickle.loads(pickle.dumps(fresh.outputs))
        assert list(travelled) == outputs[4:6] and len(travelled) == 2
        assert len(pickle.dumps(fresh.outputs)) < 2 * 65 * 2 * width + 200
    finally:
        lists.close()


def test_a_damaged_packed_value_is_refused_where_it_is_read() -> None:
    from plebiscite.errors import GroupElementError
    from plebiscite.rules.mix_store import PackedValues

    group = get_group("secp256k1")
    g = group.generator()
    data = bytearray(group.pack([g, group.exp_g(2)]))
    data[100] ^= 1
    values: PackedValues[object] = PackedValues(group, bytes(data), 2, 0)
    assert values[0] == g  # the first is sound
    with pytest.raises(GroupElementError, match="stored mix element"):
        list(values)
    with pytest.raises(GroupElementError, match="stored mix element"):
        PackedValues(group, group.pack([g]), 2, 0)[0:1]  # fewer values than counted


def test_a_list_that_spills_goes_to_disk_whole() -> None:
    """The first chunk of a list that goes to disk takes the list's chunks held in memory with
    it (what stays decoded is the short lists, not the head of a long one); the values, the
    digest and a view taken before read back the same."""
    from plebiscite.rules.mix_store import _InMemory, _OnDisk

    group = get_group("secp256k1")
    rng = DeterministicRandom("spill whole")
    kp = keygen(group, rng)
    width = 1
    items: list[Item] = [(encrypt(group, kp.public, i % 2, rng=rng)[0],) for i in range(8)]
    lists = MixLists(group, 5)
    try:
        short, long = lists.new_list(width), lists.new_list(width)
        short.append(items[:2])
        long.append(items[2:5])
        assert all(isinstance(c, _InMemory) for c in (*short._chunks, *long._chunks))
        before = long.view()
        long.append(items[5:8])
        assert all(isinstance(c, _OnDisk) for c in long._chunks)
        assert all(isinstance(c, _InMemory) for c in short._chunks)
        assert isinstance(before._chunks[0], _InMemory)
        assert [i for chunk in long.items() for i in chunk] == items[2:8]
        assert long.digest() == list_digest(group, items[2:8])
        assert [i for chunk in before.items() for i in chunk] == items[2:5]
        later = lists.new_list(width)  # the budget is spent: a later list goes to disk
        later.append(items[:1])
        assert isinstance(later._chunks[0], _OnDisk)
    finally:
        lists.close()


@pytest.mark.parametrize("spill_at", [0, 4, 100])
def test_lists_saved_with_a_checker_read_back_sharing_one_database_of_their_own(
    tmp_path: Path, spill_at: int
) -> None:
    """A party's saved check (rules/saved.py) holds the lists' database as a copy of its file:
    the lists that share it share, read back, one database of their own, with the same items;
    more appended there leaves the saved copy as it was; a changed copy is refused."""
    group = get_group("secp256k1")
    rng = DeterministicRandom("saved lists")
    kp = keygen(group, rng)
    items: list[Item] = [(encrypt(group, kp.public, i % 2, rng=rng)[0],) for i in range(9)]
    lists = MixLists(group, spill_at)
    first, second = lists.new_list(1), lists.new_list(1)
    first.append(items[:3])
    first.append(items[3:5])
    second.append(items[5:])
    where = tmp_path / "checked"
    saved.save((first, second), where, KEY, "test")
    back_first, back_second = saved.load(where, KEY, "test")  # type: ignore[misc]
    held = back_first.lists
    assert back_second.lists is held and held is not lists and held.on_disk == lists.on_disk
    assert [i for chunk in back_first.items() for i in chunk] == items[:5]
    assert [i for chunk in back_second.items() for i in chunk] == items[5:]
    back_second.append(items[:4])  # the list read back goes on in its own database
    assert [i for chunk in back_second.items() for i in chunk] == items[5:] + items[:4]
    again_first, _again_second = saved.load(where, KEY, "test")  # type: ignore[misc]
    assert [i for chunk in again_first.items() for i in chunk] == items[:5]
    spilled = lists.on_disk
    assert spilled == (spill_at < len(items))
    for opened in (lists, held, again_first.lists):
        opened.close()
    if spilled:
        refuses_a_changed_copy(where, KEY)
