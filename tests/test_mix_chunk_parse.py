"""A ``mix_chunk`` read with its elements decoded in one batch (membership folded): the chunk that
was written, and for a bad element the error the element-by-element reading gives, naming it."""

from __future__ import annotations

import pytest

from _builder import ElectionSpec
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.modp import ModpGroup
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import prove_shuffle, shuffle
from plebiscite.errors import RecordError
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.mix import ListRef, MixChunk, mix_bodies, parse_mix_chunk
from plebiscite.model.signed import SIGNATURE_FIELD
from test_modp import order_r1_element

pytestmark = pytest.mark.parametrize("name", ["secp256k1", "modp4096"])

ELECTION_ID = bytes(range(16))


def _chunk(group: Group) -> tuple[Definition, JSONObject]:
    spec = ElectionSpec("parse mix", ELECTION_ID, {"north": 3}, n=1, k=1)
    definition = spec.definition([spec.trustee_key(1).public.fingerprint()])
    key = group.exp_g(5)
    inputs = [
        tuple(Ciphertext(group.exp_g(i + k + 1), group.exp_g(i + 2 * k + 3)) for k in range(2))
        for i in range(3)
    ]
    rng = DeterministicRandom(b"parse")
    outputs, secret = shuffle(group, key, inputs, rng)
    proof = prove_shuffle(group, key, inputs, outputs, secret, b"ctx", 1, rng=rng)
    _, body = mix_bodies(group, 1, ListRef("counted", "north"), None, inputs, outputs, proof)[0]
    return definition, {**body, SIGNATURE_FIELD: "00"}


def _not_a_member(group: Group) -> str:
    if isinstance(group, ModpGroup):  # a quadratic residue: only the folded q-power fails
        value: int = order_r1_element(group)
        return value.to_bytes(group.element_bytes, "big").hex()
    return "02" + "00" * 31 + "05"  # x = 5: no point of secp256k1 has it


def test_a_chunk_reads_back(name: str) -> None:
    group = get_group(name)
    definition, body = _chunk(group)
    chunk = parse_mix_chunk(group, definition, body, "entry 7")
    assert isinstance(chunk, MixChunk)
    assert chunk.to_body(group) == {k: v for k, v in body.items() if k != SIGNATURE_FIELD}


@pytest.mark.parametrize(
    ("field", "where"),
    [("c_hat", "body.c_hat[1]"), ("t_hat", "body.t_hat[2]"), ("items", "body.items[1][1].beta")],
)
def test_a_bad_element_is_named(name: str, field: str, where: str) -> None:
    group = get_group(name)
    definition, body = _chunk(group)
    bad = _not_a_member(group)
    if field == "items":
        rows = body["items"]
        assert isinstance(rows, list) and isinstance(rows[1], list)
        cell = rows[1][1]
        assert isinstance(cell, dict)
        rows[1][1] = {**cell, "beta": bad}
    else:
        values = body[field]
        assert isinstance(values, list)
        values[int(where[-2])] = bad
    with pytest.raises(RecordError) as refused:
        parse_mix_chunk(group, definition, body, "entry 7")
    assert refused.value.field == where, refused.value
