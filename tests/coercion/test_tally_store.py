"""The tally's store (model/coercion/tally_store.py): a stage past ``spill_at`` list items goes to
disk and reads back equal (secp256k1's elements in their packed form, another group's as their
encodings), one under it stays in memory, a closed store refuses to read, and a stored element
that is no longer a group element is refused on reading."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from _saved import refuses_a_changed_copy
from plebiscite.crypto.chunked import EncodedList, Slices
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import elements_bytes, items_bytes
from plebiscite.crypto.shuffle_verify import ListChunks, ShuffleLists
from plebiscite.crypto.tags_blind import BlindStage, absorb_list_chunks
from plebiscite.errors import GroupElementError
from plebiscite.model.coercion.tally_store import (
    CHUNK,
    CIPHERTEXTS,
    ELEMENTS,
    SCALARS,
    PackedList,
    Stages,
    StoredDecryptions,
    StoredList,
    TallyStore,
    _load_ballots,
    items_codec,
)
from plebiscite.rules import saved

GROUP = get_group("secp256k1")
KEY = bytes(range(32))


def _stage(trustee: int, n: int, group: Group = GROUP) -> BlindStage:
    rng = DeterministicRandom(trustee)

    def element() -> Element:
        return group.exp_g(group.random_nonzero_scalar(rng))

    outputs = tuple(Ciphertext(element(), element()) for _ in range(n))
    outputs += (Ciphertext(group.identity(), element()),)  # the identity stores and reads too
    proof = ChaumPedersenProof(a=element(), b=element(), response=group.random_scalar(rng))
    return BlindStage(trustee, element(), outputs, proof)


@pytest.mark.parametrize(("name", "n"), [("secp256k1", 2000), ("modp4096", 3)])
def test_stages_past_the_threshold_go_to_disk_and_read_back_equal(
    tmp_path: Path, name: str, n: int
) -> None:
    group = get_group(name)
    store = TallyStore(group, spill_at=n + n // 2, directory=str(tmp_path))
    assert store.packs == (name == "secp256k1")
    first, second = _stage(1, n, group), _stage(2, n, group)  # n + 1 items each: the second spills
    stages = Stages([store.blind_stage(first), store.blind_stage(second)])
    assert store.on_disk
    assert list(stages) == [first, second] and stages[1] == second
    assert stages[1:] == [second] and stages == (first, second)
    shares = tuple((ct.alpha, first.proof) for ct in first.outputs)
    decryptions = StoredDecryptions({1: store.shares(shares)})
    assert decryptions[1] == shares and dict(decryptions) == {1: shares}
    store.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="closed"):
        stages[1]
    assert stages[0] == first  # a stage held in memory needs no disk


def test_no_threshold_keeps_everything_in_memory() -> None:
    store = TallyStore(GROUP, spill_at=None)
    stage = _stage(1, 50)
    assert Stages([store.blind_stage(stage)])[0] is stage
    assert not store.on_disk
    with pytest.raises(ValueError):
        TallyStore(GROUP, spill_at=-1)


def test_a_stored_point_off_the_curve_is_refused_on_reading(tmp_path: Path) -> None:
    store = TallyStore(GROUP, spill_at=0, directory=str(tmp_path))
    stages = Stages([store.blind_stage(_stage(1, 3))])
    db = store._connection()
    (row, data) = db.execute("SELECT id, data FROM chunks").fetchone()
    spoiled = data[:64] + bytes((data[64] ^ 1,)) + data[65:]  # the first point's last y byte
    db.execute("UPDATE chunks SET data = ? WHERE id = ?", (spoiled, row))
    with pytest.raises(GroupElementError, match="stored blinded list"):
        stages[0]
    store.close()


@pytest.mark.parametrize(("name", "n"), [("secp256k1", 1500), ("modp4096", 3)])
def test_stored_lists_give_the_encodings_a_digest_absorbs_without_decoding(
    tmp_path: Path, name: str, n: int
) -> None:
    """A stored list keeps its elements' encodings beside their packed form: read as stored,
    they are the encodings of its values, chunk by chunk, and every digest over the list is the
    one over the same values in memory; a list stored without them (a roll) encodes its values."""
    group = get_group(name)
    store = TallyStore(group, spill_at=0, directory=str(tmp_path))
    outputs = _stage(1, n, group).outputs
    items = list(itertools.pairwise(outputs))
    lists: list[tuple[StoredList[Any], Sequence[Any]]] = [
        (StoredList(store, CIPHERTEXTS, True, "ciphertexts"), outputs),
        (StoredList(store, ELEMENTS, True, "elements"), [ct.alpha for ct in outputs]),
        (StoredList(store, SCALARS, True, "scalars"), list(range(n))),
        (StoredList(store, items_codec(2), True, "items"), items),
        (store.ciphertexts("roll"), outputs),
    ]
    for stored, values in lists:
        for lo in range(0, len(values), CHUNK):
            stored.append(values[lo : lo + CHUNK])
        assert isinstance(stored, EncodedList)
        expected = [
            [group.encode(x) for x in stored.codec.flatten(chunk)[0]] for chunk in stored.chunks()
        ]
        assert list(stored.encodings()) == expected
        assert list(stored) == list(values)
    ciphertexts, elements, _, stored_items, roll = (stored for stored, _ in lists)
    # the roll: held packed in memory where the group packs, else on disk as encodings
    assert isinstance(roll, PackedList) == store.packs
    assert [roll[i] for i in (0, 1, -1, len(outputs) // 2)] == [
        outputs[i] for i in (0, 1, -1, len(outputs) // 2)
    ]
    assert list(roll[1:3]) == list(outputs[1:3])
    for stored in (ciphertexts, roll):
        fast, slow = hashlib.sha256(), hashlib.sha256()
        absorb_list_chunks(fast, group, stored)
        absorb_list_chunks(slow, group, Slices(outputs, 7))
        assert fast.digest() == slow.digest()
    shuffle = ShuffleLists(stored_items, elements, elements, elements, Slices([]), Slices([]))
    source = ListChunks(group, stored_items, shuffle)
    assert b"".join(source.encoded("inputs")) == items_bytes(group, items, 2)
    assert b"".join(source.encoded("c")) == elements_bytes(group, [ct.alpha for ct in outputs])
    store.close()


def test_a_packed_list_refuses_a_point_off_the_curve_and_other_groups() -> None:
    store = TallyStore(GROUP, spill_at=0)
    roll = store.ciphertexts("test roll")
    assert isinstance(roll, PackedList)
    roll.append(_stage(1, 3).outputs)
    roll._data[64] ^= 1  # the first point's last y byte
    with pytest.raises(GroupElementError, match="test roll"):
        roll[0]
    assert roll[1] == _stage(1, 3).outputs[1]  # a read at a position unpacks its value alone
    with pytest.raises(ValueError, match="packed list"):
        PackedList(TallyStore(get_group("modp4096")), CIPHERTEXTS, "roll")
    with pytest.raises(ValueError, match="packed list"):
        PackedList(store, SCALARS, "scalars")


@pytest.mark.parametrize("spill_at", [0, None])
def test_a_store_saved_with_a_checker_reads_back_its_stages_and_keeps_its_own_copy(
    tmp_path: Path, spill_at: int | None
) -> None:
    """A party's saved check (rules/saved.py) holds the store's database as a copy of its file:
    every stage that refers to the store refers, read back, to one store of its own with the
    same stages; the saved copy stays as it was while the store read back takes more; a changed
    copy is refused."""
    where = tmp_path / "checked"
    store = TallyStore(GROUP, spill_at=spill_at, directory=str(tmp_path))
    first, second = _stage(1, 40), _stage(2, 40)
    stages = Stages([store.blind_stage(first), store.blind_stage(second)])
    assert store.on_disk == (spill_at == 0)
    saved.save((stages, store), where, KEY, "test")
    back, held = saved.load(where, KEY, "test")  # type: ignore[misc]
    assert held is not store and held.on_disk == store.on_disk and list(back) == [first, second]
    if spill_at == 0:  # the stored stages read the very store read back
        assert {kept.view.outputs.store for kept in back._kept} == {held}
    third = _stage(3, 40)
    more = Stages([*back._kept, held.blind_stage(third)])
    assert list(more) == [first, second, third]
    again, again_store = saved.load(where, KEY, "test")  # type: ignore[misc]
    assert list(again) == [first, second]  # the saved copy's digest still holds
    # a ballot list's rows are pickles: a store read back never reads them
    assert held.restored and not store.restored
    with pytest.raises(ValueError, match="not read back from a saved state"):
        _load_ballots(held, 1)
    for opened in (store, held, again_store):
        opened.close()
    if spill_at == 0:
        refuses_a_changed_copy(where, KEY)
