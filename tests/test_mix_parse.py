"""A ``mix_chunk`` body read strictly (model/mix.py): its elements are decoded in one call when all
are well formed, and one by one otherwise, so that a bad element is named exactly as before."""

from __future__ import annotations

import copy

import pytest

from _spec import ElectionSpec
from plebiscite.crypto.elgamal import encrypt, keygen
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item, prove_shuffle, shuffle
from plebiscite.errors import RecordError
from plebiscite.model.codec import JSONObject
from plebiscite.model.mix import MIX_CHUNK_KIND, ListRef, mix_bodies, parse_mix_chunk, sign_mix


def _chunk(group_name: str) -> tuple[object, object, JSONObject, list[Item], tuple[object, ...]]:
    group = get_group(group_name)
    rng = DeterministicRandom(f"mix parse {group_name}")
    kp = keygen(group, rng)
    inputs: list[Item] = [
        tuple(encrypt(group, kp.public, (i + k) % 2, rng=rng)[0] for k in range(2))
        for i in range(3)
    ]
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, b"ctx", 1, rng=rng)
    spec = ElectionSpec("mix parse", bytes(16), {"north": 3}, n=1, k=1)
    trustee = spec.trustee_key(1)
    definition = spec.definition([trustee.public.fingerprint()])
    bodies = mix_bodies(group, 1, ListRef("counted", "north"), None, inputs, outputs, proof)
    kind, body = bodies[0]
    assert kind == MIX_CHUNK_KIND
    signed = sign_mix(trustee, bytes(16), kind, body)
    return group, definition, signed, list(outputs), tuple(proof.c_hat)


@pytest.mark.parametrize("group_name", ["secp256k1", "modp4096"])
def test_an_honest_chunk_reads_back(group_name: str) -> None:
    group, definition, body, outputs, c_hat = _chunk(group_name)
    chunk = parse_mix_chunk(group, definition, body, "entry 9")  # type: ignore[arg-type]
    assert list(chunk.items) == outputs
    assert chunk.c_hat == c_hat


def _not_an_element(group_name: str) -> str:
    """The encoding of a value outside the group: an x of no point, or a non-square mod p."""
    if group_name == "modp4096":
        p = get_group(group_name).description()["p"]  # type: ignore[index]
        x = 2
        while pow(x, (p - 1) // 2, p) == 1:
            x += 1
        return x.to_bytes(512, "big").hex()
    x = 1
    p = 2**256 - 2**32 - 977
    while pow((x**3 + 7) % p, (p - 1) // 2, p) == 1:
        x += 1
    return "02" + x.to_bytes(32, "big").hex()


@pytest.mark.parametrize("group_name", ["secp256k1", "modp4096"])
@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("items", 1, 0, "beta"), "upper", "body.items[1][0].beta"),
        (("items", 2, 1, "alpha"), "off", "body.items[2][1].alpha"),
        (("items", 0, 1, "beta"), None, "body.items[0][1]"),
        (("c_hat", 2), "off", "body.c_hat[2]"),
        (("t_hat", 0), 7, "body.t_hat[0]"),
    ],
)
def test_a_bad_element_is_named_exactly(
    group_name: str, path: tuple[object, ...], value: object, field: str
) -> None:
    group, definition, body, _, _ = _chunk(group_name)
    bad = copy.deepcopy(body)
    parent: object = bad
    for step in path[:-1]:
        parent = parent[step]  # type: ignore[index]
    last = path[-1]
    if value is None:
        del parent[last]  # type: ignore[attr-defined]
    elif value == "upper":
        parent[last] = parent[last].upper()  # type: ignore[index]
    elif value == "off":
        parent[last] = _not_an_element(group_name)  # type: ignore[index]
    else:
        parent[last] = value  # type: ignore[index]
    with pytest.raises(RecordError) as caught:
        parse_mix_chunk(group, definition, bad, "entry 9")  # type: ignore[arg-type]
    assert caught.value.field == field or caught.value.field.startswith(field + "."), caught.value
