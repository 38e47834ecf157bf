"""The size of a ``tally_chunk`` (docs/record.md §6): ``chunk_size`` gives the figures the record
schema states, a full chunk of every stage, signed, stays under the board service's default
request limit (about half of it where its bytes, not the cap of 1,000 items, cut it, as a
``mix_chunk``) on both groups and reads back as written, and
a stage's entries are the same whatever N: the closing entry's size does not grow with the list."""

from __future__ import annotations

import pytest

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.coercion import tally_entries
from plebiscite.model.coercion.tally_entries import (
    CHUNK_STAGES,
    PET_BLIND,
    TAG_BLIND,
    ChunkItem,
    TallyChunk,
    chunk_size,
    parse_tally_entry,
    sign_tally_entry,
    stage_entries,
)
from plebiscite.server.limits import DEFAULT_LIMITS

from ._record import SPEC

#: record.md §6: chunk_size per stage (tag_blind, tag_decrypt, pet_blind, pet_decrypt)
STATED = {"secp256k1": (1000, 1000, 1000, 1000), "modp4096": (251, 163, 98, 163)}


def _item(group_name: str, stage: str) -> ChunkItem:
    """An item of ``stage`` as long as any (every element the generator, every scalar q − 1)."""
    group = get_group(group_name)
    g, v = group.generator(), group.q - 1
    if stage == TAG_BLIND:
        return Ciphertext(g, g)
    if stage == PET_BLIND:
        return (g, Ciphertext(g, g), g, g, v)
    return (g, ChaumPedersenProof(g, g, v))


@pytest.mark.parametrize("group_name", sorted(STATED))
def test_chunk_size_is_the_record_schema_s(group_name: str) -> None:
    group = get_group(group_name)
    assert tuple(chunk_size(group, stage) for stage in CHUNK_STAGES) == STATED[group_name]


@pytest.mark.parametrize("group_name", sorted(STATED))
@pytest.mark.parametrize("stage", CHUNK_STAGES)
def test_a_full_chunk_fits_the_request_limit_and_reads_back(group_name: str, stage: str) -> None:
    group = get_group(group_name)
    size = chunk_size(group, stage)
    chunk = TallyChunk(stage, 1, "north", 0, (_item(group_name, stage),) * size)
    kind, body = sign_tally_entry(SPEC.trustee_key(1), group, SPEC.election_id, chunk)
    length = len(dumps_canonical(body).encode("utf-8"))
    assert length < DEFAULT_LIMITS.max_body * 3 // 4, length
    if size < tally_entries.CHUNK_ITEMS:  # cut by its bytes, not by the item cap: near half
        assert length > DEFAULT_LIMITS.max_body // 4, length
    parsed = parse_tally_entry(group, ["north"], 3, kind, body, "entry 1")
    assert parsed == chunk


@pytest.mark.parametrize("stage", CHUNK_STAGES)
def test_the_closing_entry_does_not_grow_with_the_list(stage: str) -> None:
    group = get_group("secp256k1")
    proof = ChaumPedersenProof(group.generator(), group.generator(), 1)
    sizes = []
    for n in (5, 5_000):
        items = [_item("secp256k1", stage)] * n
        entries = stage_entries(group, stage, 2, "north", items, proof)
        closing = sign_tally_entry(SPEC.trustee_key(2), group, SPEC.election_id, entries[-1])
        assert closing[0] == stage and len(entries) == 1 + -(-n // chunk_size(group, stage))
        sizes.append(len(dumps_canonical(closing[1])))
    assert abs(sizes[0] - sizes[1]) <= 4  # only the digits of count and chunks differ
