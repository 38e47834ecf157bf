"""Equality-test rounds (docs/spec.md §16.7): a tuple counts iff its credential and its roll pointer
encrypt the same element; results of non-matching items keep no relation between plaintexts; every
proof field tampered names the trustee; a trustee forcing a match is caught.

Short lists only: secp256k1 at N ≤ 4, the tiny group (tests/tinygroup.py) for the properties.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import pet
from plebiscite.crypto.elgamal import Ciphertext, encrypt
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import (
    PetStage,
    counted_positions,
    pet_results,
    pet_stage,
    quotients,
    verify_pet_chain,
    verify_pet_stage,
)
from plebiscite.crypto.proofs import prove_partial_decryption, verify_partial_decryption
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.tags_blind import decryption_context
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import BlindProofError, ParameterError
from tinygroup import TINY

SECP = get_group("secp256k1")
GROUPS = [pytest.param(SECP, id="secp256k1"), pytest.param(TINY, id="tiny")]
CONTEXT: dict[str, CanonicalValue] = {
    "election": b"\x02" * 32,
    "district": "north",
    "round": "match",
}
TRUSTEES = (1, 2, 3)
K_OF_N = 2


@dataclasses.dataclass
class Election:
    group: Group
    key: Element
    shares: dict[int, int]


def _election(group: Group, seed: int) -> Election:
    rng = DeterministicRandom(seed)
    polynomial = random_polynomial(group, K_OF_N, rng)
    return Election(group, group.exp_g(polynomial(0)), shares(group, polynomial, len(TRUSTEES)))


def _encrypt_all(e: Election, plaintexts: Sequence[int], seed: int) -> list[Ciphertext]:
    rng = DeterministicRandom(seed)
    return [encrypt(e.group, e.key, m, rng=rng)[0] for m in plaintexts]


def _chain(e: Election, inputs: Sequence[Ciphertext], seed: int) -> list[PetStage]:
    rng = DeterministicRandom(seed)
    stages: list[PetStage] = []
    previous: Sequence[Ciphertext] = inputs
    for i in TRUSTEES:
        _, stage = pet_stage(e.group, i, previous, CONTEXT, rng=rng)
        stages.append(stage)
        previous = stage.outputs
    return stages


def _decrypt(
    e: Election, blinded: Sequence[Ciphertext], decrypting: Sequence[int]
) -> list[Element]:
    partials: dict[int, list[Element]] = {}
    for i in decrypting:
        vk = e.group.exp_g(e.shares[i])
        partials[i] = []
        for j, ct in enumerate(blinded):
            ctx = decryption_context(CONTEXT, i, j)
            partial, proof = prove_partial_decryption(e.group, e.shares[i], ct, ctx)
            verify_partial_decryption(e.group, vk, ct, partial, proof, ctx)
            partials[i].append(partial)
    return pet_results(e.group, blinded, partials, K_OF_N)


def _round(
    e: Election, credentials: Sequence[int], pointers: Sequence[int], seed: int
) -> list[Element]:
    inputs = quotients(
        e.group, _encrypt_all(e, credentials, seed), _encrypt_all(e, pointers, seed + 1)
    )
    last = verify_pet_chain(e.group, inputs, _chain(e, inputs, seed + 2), CONTEXT)
    return _decrypt(e, last, (1, 3))


@pytest.mark.parametrize("group", GROUPS)
def test_a_tuple_counts_exactly_when_credential_and_pointer_agree(group: Group) -> None:
    e = _election(group, 1)
    results = _round(e, [5, 6, 7, 8], [5, 9, 7, 1], 2)
    assert counted_positions(group, results) == [0, 2]
    # any k trustees give the same verdicts
    inputs = quotients(group, _encrypt_all(e, [3, 4], 10), _encrypt_all(e, [3, 5], 11))
    last = verify_pet_chain(group, inputs, _chain(e, inputs, 12), CONTEXT)
    assert counted_positions(group, _decrypt(e, last, (1, 2))) == [0]
    assert counted_positions(group, _decrypt(e, last, (2, 3))) == [0]


def test_results_keep_no_relation_between_credentials() -> None:
    """The related-credential test of spec §16.6 fails here: with deterministic tags
    T(F·W) = T(F)·T(W); with per-item exponents the non-matching results are unrelated."""
    group = TINY
    e = _election(group, 3)
    f, w, r = 41, 1000, 77  # log_g of the handed sheet F, a chosen W, and a roll credential
    results = _round(e, [f + w, w, f], [r, r, r], 4)
    assert counted_positions(group, results) == []
    assert group.mul(results[1], results[2]) != results[0]
    assert len({group.encode(t) for t in results}) == 3


@settings(max_examples=25, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=4),
    seed=st.integers(0, 2**32),
)
def test_counted_iff_equal_property(pairs: list[tuple[int, int]], seed: int) -> None:
    e = _election(TINY, seed)
    credentials = [a for a, _ in pairs]
    pointers = [b for _, b in pairs]
    results = _round(e, credentials, pointers, seed + 1)
    assert counted_positions(TINY, results) == [j for j, (a, b) in enumerate(pairs) if a == b]


# -- tampering ------------------------------------------------------------------------------------


def _tampered(group: Group, stage: PetStage, field: str, j: int) -> PetStage:
    g = group.generator()
    p = stage.proof

    def bump(items: tuple[Element, ...]) -> tuple[Element, ...]:
        return tuple(group.mul(x, g) if k == j else x for k, x in enumerate(items))

    if field == "a":
        return dataclasses.replace(stage, proof=dataclasses.replace(p, a=bump(p.a)))
    if field == "b":
        return dataclasses.replace(stage, proof=dataclasses.replace(p, b=bump(p.b)))
    if field == "v":
        v = tuple((x + 1) % group.q if k == j else x for k, x in enumerate(p.v))
        return dataclasses.replace(stage, proof=dataclasses.replace(p, v=v))
    if field == "commitments":
        return dataclasses.replace(stage, commitments=bump(stage.commitments))
    if field == "outputs":
        outs = list(stage.outputs)
        outs[j] = Ciphertext(outs[j].alpha, group.mul(outs[j].beta, g))
        return dataclasses.replace(stage, outputs=tuple(outs))
    raise AssertionError(field)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("field", ["a", "b", "v", "commitments", "outputs"])
def test_every_tampered_field_names_the_trustee(group: Group, field: str) -> None:
    e = _election(group, 5)
    inputs = quotients(group, _encrypt_all(e, [1, 2, 3], 6), _encrypt_all(e, [1, 4, 3], 7))
    stages = _chain(e, inputs, 8)
    bad = _tampered(group, stages[1], field, 2)
    with pytest.raises(BlindProofError) as info:
        verify_pet_stage(group, stages[0].outputs, bad, CONTEXT)
    assert info.value.trustee == 2
    # re-sealed as a hostile insider would: the later trustee acts honestly on the tampered list
    rng = DeterministicRandom(9)
    _, third = pet_stage(group, 3, bad.outputs, CONTEXT, rng=rng)
    with pytest.raises(BlindProofError) as info:
        verify_pet_chain(group, inputs, [stages[0], bad, third], CONTEXT)
    assert info.value.trustee == 2


@pytest.mark.parametrize("field", ["a", "v", "outputs"])
def test_a_chain_checked_in_small_batches_gives_the_same_verdicts(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    """With one item per batch, an honest chain returns the same last list, and an item tampered
    in a later batch (the last trustee's last item) still names its trustee."""
    group = TINY
    e = _election(group, 23)
    inputs = quotients(group, _encrypt_all(e, [1, 2, 3], 24), _encrypt_all(e, [1, 4, 3], 25))
    stages = _chain(e, inputs, 26)
    whole = verify_pet_chain(group, inputs, stages, CONTEXT)
    monkeypatch.setattr(pet, "PET_BATCH", 1)
    assert verify_pet_chain(group, inputs, stages, CONTEXT) == whole == list(stages[2].outputs)
    bad = _tampered(group, stages[2], field, 2)
    with pytest.raises(BlindProofError) as info:
        verify_pet_chain(group, inputs, [stages[0], stages[1], bad], CONTEXT)
    assert info.value.trustee == 3


@pytest.mark.parametrize("group", GROUPS)
def test_a_trustee_who_forces_a_match_is_caught(group: Group) -> None:
    """The last trustee replaces a non-matching item by an encryption of the identity (a fake
    credential counted): no exponent but 0 maps the item there, and a commitment to 0 is the
    identity, refused (next test), so its proof fails and it is named."""
    e = _election(group, 11)
    inputs = quotients(group, _encrypt_all(e, [1, 2], 12), _encrypt_all(e, [1, 9], 13))
    stages = _chain(e, inputs, 14)
    forged = list(stages[2].outputs)
    forged[1] = Ciphertext(group.identity(), group.identity())  # an encryption of the identity
    bad = dataclasses.replace(stages[2], outputs=tuple(forged))
    with pytest.raises(BlindProofError) as info:
        verify_pet_chain(group, inputs, [stages[0], stages[1], bad], CONTEXT)
    assert info.value.trustee == 3


@pytest.mark.parametrize("group", GROUPS)
def test_an_identity_commitment_is_refused(group: Group) -> None:
    """z = 0 would turn any item into an encryption of the identity: Z = 1 is refused."""
    e = _election(group, 15)
    inputs = _encrypt_all(e, [3], 16)
    stage = _chain(e, inputs, 17)[0]
    bad = dataclasses.replace(stage, commitments=(group.identity(),))
    with pytest.raises(BlindProofError) as info:
        verify_pet_chain(group, inputs, [bad], CONTEXT)
    assert info.value.field == "commitments" and info.value.index == 0


def test_shapes_and_order_are_refused() -> None:
    group = TINY
    e = _election(group, 18)
    inputs = _encrypt_all(e, [1, 2], 19)
    stages = _chain(e, inputs, 20)
    with pytest.raises(BlindProofError, match="acts after"):
        verify_pet_chain(group, inputs, [stages[1], stages[0]], CONTEXT)
    short = dataclasses.replace(stages[0], outputs=stages[0].outputs[:1])
    with pytest.raises(BlindProofError) as info:
        verify_pet_chain(group, inputs, [short], CONTEXT)
    assert info.value.field == "outputs"
    with pytest.raises(ParameterError):
        verify_pet_chain(group, [], stages, CONTEXT)
    with pytest.raises(ParameterError):
        quotients(group, inputs, inputs[:1])
    with pytest.raises(ParameterError):
        pet_stage(group, 0, inputs, CONTEXT)


def test_a_secret_hides_its_exponents() -> None:
    secret, _ = pet_stage(TINY, 1, _encrypt_all(_election(TINY, 21), [1], 22), CONTEXT)
    assert str(secret.zs[0]) not in repr(secret)
