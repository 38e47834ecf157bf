"""Distributed blinded deterministic tags (docs/spec.md §16.6): completeness, equality of tags,
every proof field tampered, a cheating trustee named, and the tag-level algebra as a property.

Short lists only: secp256k1 at N ≤ 5, the tiny group (tests/tinygroup.py) for the properties.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.elgamal import Ciphertext, encrypt
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import (
    prove_partial_decryption,
    verify_partial_decryption,
)
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.tags_blind import (
    BlindingSecret,
    BlindStage,
    blind,
    blind_and_prove,
    blinding_commitment,
    combine_tags,
    decryption_context,
    keep_last,
    match_tags,
    prove_blinding,
    verify_blind_chain,
    verify_blinding,
)
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import BlindProofError, ParameterError, ProofError
from tinygroup import TINY

SECP = get_group("secp256k1")
GROUPS = [pytest.param(SECP, id="secp256k1"), pytest.param(TINY, id="tiny")]
CONTEXT: dict[str, CanonicalValue] = {
    "election": b"\x01" * 32,
    "district": "north",
    "round": "dedup",
    "list": "ballots",
}
TRUSTEES = (1, 2, 3)
K_OF_N = 2


@dataclasses.dataclass
class Setup:
    group: Group
    key: Element
    shares: dict[int, int]
    secrets: dict[int, BlindingSecret]
    commitments: dict[int, Element]


def _setup(group: Group, seed: int) -> Setup:
    rng = DeterministicRandom(seed)
    polynomial = random_polynomial(group, K_OF_N, rng)
    key = group.exp_g(polynomial(0))
    secrets: dict[int, BlindingSecret] = {}
    commitments: dict[int, Element] = {}
    for i in TRUSTEES:
        secrets[i], commitments[i] = blinding_commitment(group, rng)
    return Setup(group, key, shares(group, polynomial, len(TRUSTEES)), secrets, commitments)


def _encrypt_all(s: Setup, plaintexts: Sequence[int], seed: int) -> list[Ciphertext]:
    rng = DeterministicRandom(seed)
    return [encrypt(s.group, s.key, m, rng=rng)[0] for m in plaintexts]


def _chain(s: Setup, inputs: Sequence[Ciphertext]) -> list[BlindStage]:
    stages: list[BlindStage] = []
    previous = list(inputs)
    for i in TRUSTEES:
        outputs, proof = blind_and_prove(s.group, s.secrets[i], i, previous, CONTEXT)
        stages.append(BlindStage(i, s.commitments[i], tuple(outputs), proof))
        previous = outputs
    return stages


def _tags(s: Setup, blinded: Sequence[Ciphertext], decrypting: Sequence[int]) -> list[bytes]:
    partials: dict[int, list[Element]] = {}
    vks = {i: s.group.exp_g(s.shares[i]) for i in decrypting}
    for i in decrypting:
        partials[i] = []
        for j, ct in enumerate(blinded):
            ctx = decryption_context(CONTEXT, i, j)
            partial, proof = prove_partial_decryption(s.group, s.shares[i], ct, ctx)
            verify_partial_decryption(s.group, vks[i], ct, partial, proof, ctx)
            partials[i].append(partial)
    return combine_tags(s.group, blinded, partials, K_OF_N, CONTEXT)


@pytest.mark.parametrize("group", GROUPS)
def test_a_round_verifies_and_equal_plaintexts_give_equal_tags(group: Group) -> None:
    s = _setup(group, 1)
    plaintexts = [5, 7, 5, 9, 7]
    inputs = _encrypt_all(s, plaintexts, 2)
    stages = _chain(s, inputs)
    last = verify_blind_chain(group, inputs, stages, CONTEXT)
    assert last == list(stages[-1].outputs)
    z = 1
    for i in TRUSTEES:
        z = z * s.secrets[i].z % group.q
    # the last list encrypts M^z: decrypt with the joint secret and compare
    joint_secret = (
        sum(s.shares[i] * lam for i, lam in ((1, 2), (2, group.q - 1))) % group.q
    )  # λ_1 = 2, λ_2 = −1 for the indices {1, 2}
    for ct, m in zip(last, plaintexts, strict=True):
        decrypted = group.div(ct.beta, group.exp(ct.alpha, joint_secret))
        assert decrypted == group.exp(group.exp_g(m), z)
    tags_12 = _tags(s, last, (1, 2))
    tags_23 = _tags(s, last, (2, 3))
    assert tags_12 == tags_23  # any k trustees give the same tags
    for j, mj in enumerate(plaintexts):
        for other, ml in enumerate(plaintexts):
            assert (tags_12[j] == tags_12[other]) == (mj == ml)
    assert keep_last(tags_12) == [2, 3, 4]


@pytest.mark.parametrize("group", GROUPS)
def test_a_fresh_round_gives_unrelated_tags(group: Group) -> None:
    s1, s2 = _setup(group, 3), _setup(group, 4)
    s2.key, s2.shares = s1.key, s1.shares  # same election key, fresh blinding exponents
    inputs = _encrypt_all(s1, [4, 4], 5)
    tags1 = _tags(s1, verify_blind_chain(group, inputs, _chain(s1, inputs), CONTEXT), (1, 2))
    tags2 = _tags(s2, verify_blind_chain(group, inputs, _chain(s2, inputs), CONTEXT), (1, 3))
    assert tags1[0] == tags1[1] and tags2[0] == tags2[1]
    assert tags1[0] != tags2[0]


def test_matching_ballots_against_the_roll() -> None:
    group = TINY
    s = _setup(group, 6)
    roll = _encrypt_all(s, [11, 12, 13, 14], 7)
    ballots = _encrypt_all(s, [13, 99, 11, 98], 8)  # two real credentials, two fakes
    roll_tags = _tags(s, verify_blind_chain(group, roll, _chain(s, roll), CONTEXT), (1, 2))
    ballot_tags = _tags(s, verify_blind_chain(group, ballots, _chain(s, ballots), CONTEXT), (2, 3))
    assert match_tags(ballot_tags, roll_tags) == [0, 2]
    with pytest.raises(ParameterError, match="roll"):
        match_tags(ballot_tags, [*roll_tags, roll_tags[0]])
    with pytest.raises(ParameterError, match="duplicates"):
        match_tags([*ballot_tags, ballot_tags[0]], roll_tags)


# -- tampering ------------------------------------------------------------------------------------


def _tampered(group: Group, stage: BlindStage, field: str) -> BlindStage:
    g = group.generator()
    p = stage.proof
    if field == "a":
        return dataclasses.replace(stage, proof=dataclasses.replace(p, a=group.mul(p.a, g)))
    if field == "b":
        return dataclasses.replace(stage, proof=dataclasses.replace(p, b=group.mul(p.b, g)))
    if field == "v":
        v = (p.response + 1) % group.q
        return dataclasses.replace(stage, proof=dataclasses.replace(p, response=v))
    if field == "commitment":
        return dataclasses.replace(stage, commitment=group.mul(stage.commitment, g))
    if field == "outputs":
        outs = list(stage.outputs)
        outs[1] = Ciphertext(outs[1].alpha, group.mul(outs[1].beta, g))
        return dataclasses.replace(stage, outputs=tuple(outs))
    raise AssertionError(field)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("field", ["a", "b", "v", "commitment", "outputs"])
def test_every_tampered_field_names_the_trustee(group: Group, field: str) -> None:
    s = _setup(group, 9)
    inputs = _encrypt_all(s, [1, 2, 3], 10)
    stages = _chain(s, inputs)
    bad = _tampered(group, stages[1], field)
    with pytest.raises(BlindProofError) as info:
        verify_blinding(
            group, 2, bad.commitment, stages[0].outputs, bad.outputs, bad.proof, CONTEXT
        )
    assert info.value.trustee == 2
    # in a chain the next trustee's input changes with a tampered output: rebuild it honestly
    # from the tampered list, as an insider re-sealing the record would, so that only the
    # targeted proof is wrong
    rest = []
    previous = list(bad.outputs)
    for i in TRUSTEES[2:]:
        outs, proof = blind_and_prove(group, s.secrets[i], i, previous, CONTEXT)
        rest.append(BlindStage(i, s.commitments[i], tuple(outs), proof))
        previous = outs
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [stages[0], bad, *rest], CONTEXT)
    assert info.value.trustee == 2
    assert info.value.field in {"a", "b", "v", "commitment", "g^v = a·Z^c", "A^v = b·A′^c"}


@pytest.mark.parametrize("group", GROUPS)
def test_a_different_exponent_on_one_item_is_caught_and_named(group: Group) -> None:
    s = _setup(group, 11)
    inputs = _encrypt_all(s, [1, 2, 3, 4], 12)
    stages = _chain(s, inputs)
    # trustee 3 raises item 2 to another exponent and proves over its (dishonest) list
    cheat = BlindingSecret((s.secrets[3].z + 1) % group.q)
    previous = stages[1].outputs
    outputs = blind(group, s.secrets[3], previous)
    outputs[2] = blind(group, cheat, [previous[2]])[0]
    proof = prove_blinding(group, s.secrets[3], 3, previous, outputs, CONTEXT)
    bad = BlindStage(3, s.commitments[3], tuple(outputs), proof)
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [*stages[:2], bad], CONTEXT)
    assert (info.value.trustee, info.value.field) == (3, "A^v = b·A′^c")
    assert isinstance(info.value, ProofError)


@pytest.mark.parametrize("group", GROUPS)
def test_the_proof_is_bound_to_context_trustee_and_lists(group: Group) -> None:
    s = _setup(group, 13)
    inputs = _encrypt_all(s, [1, 2], 14)
    outputs, proof = blind_and_prove(group, s.secrets[1], 1, inputs, CONTEXT)
    z1 = s.commitments[1]
    verify_blinding(group, 1, z1, inputs, outputs, proof, CONTEXT)
    other = {**CONTEXT, "list": "roll"}
    swapped = [inputs[1], inputs[0]]
    for args in (
        (1, z1, inputs, outputs, proof, other),  # another list of the round
        (2, z1, inputs, outputs, proof, CONTEXT),  # another trustee
        (1, z1, swapped, [outputs[1], outputs[0]], proof, CONTEXT),  # reordered lists
    ):
        with pytest.raises(BlindProofError):
            verify_blinding(group, *args)


@pytest.mark.parametrize("group", GROUPS)
def test_malformed_rounds_are_refused(group: Group) -> None:
    s = _setup(group, 15)
    inputs = _encrypt_all(s, [1, 2], 16)
    stages = _chain(s, inputs)
    with pytest.raises(BlindProofError, match="after trustee") as info:
        verify_blind_chain(group, inputs, [stages[1], stages[0]], CONTEXT)
    assert info.value.trustee == 1
    short = dataclasses.replace(stages[0], outputs=stages[0].outputs[:1])
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [short], CONTEXT)
    assert (info.value.trustee, info.value.field) == (1, "outputs")
    identity = dataclasses.replace(stages[0], commitment=group.identity())
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [identity], CONTEXT)
    assert info.value.field == "commitment"
    a_identity = dataclasses.replace(
        stages[0], proof=dataclasses.replace(stages[0].proof, a=group.identity())
    )
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [a_identity], CONTEXT)
    assert info.value.field == "a"
    with pytest.raises(ParameterError):
        verify_blind_chain(group, inputs, [], CONTEXT)
    with pytest.raises(ParameterError):
        decryption_context({"trustee": 1}, 1, 0)


def test_the_identity_is_allowed_in_the_lists() -> None:
    group = TINY
    s = _setup(group, 17)
    one = group.identity()
    inputs = [Ciphertext(one, one), *_encrypt_all(s, [3], 18)]
    stages = _chain(s, inputs)
    last = verify_blind_chain(group, inputs, stages, CONTEXT)
    assert last[0] == Ciphertext(one, one)


def test_the_secret_is_not_in_the_repr() -> None:
    secret, _ = blinding_commitment(TINY, DeterministicRandom(19))
    assert str(secret.z) not in repr(secret)


# -- properties (tiny group) ----------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    plaintexts=st.lists(st.integers(0, 4), min_size=1, max_size=6),
    seed=st.integers(0, 2**32),
    cheat=st.data(),
)
def test_tags_reflect_plaintext_equality_and_any_cheat_is_caught(
    plaintexts: list[int], seed: int, cheat: st.DataObject
) -> None:
    group = TINY
    s = _setup(group, seed)
    inputs = _encrypt_all(s, plaintexts, seed + 1)
    stages = _chain(s, inputs)
    tags = _tags(s, verify_blind_chain(group, inputs, stages, CONTEXT), (1, 3))
    for j, mj in enumerate(plaintexts):
        for other, ml in enumerate(plaintexts):
            assert (tags[j] == tags[other]) == (mj == ml)
    assert keep_last(tags) == sorted({m: j for j, m in enumerate(plaintexts)}.values())
    # one trustee, one item, one component, another exponent: always caught, always named
    who = cheat.draw(st.sampled_from(TRUSTEES))
    item = cheat.draw(st.integers(0, len(plaintexts) - 1))
    delta = cheat.draw(st.integers(1, 1000))
    pos = TRUSTEES.index(who)
    previous = inputs if pos == 0 else list(stages[pos - 1].outputs)
    outputs = list(stages[pos].outputs)
    ct = outputs[item]
    outputs[item] = Ciphertext(group.exp(previous[item].alpha, s.secrets[who].z + delta), ct.beta)
    proof = prove_blinding(group, s.secrets[who], who, previous, outputs, CONTEXT)
    bad = BlindStage(who, s.commitments[who], tuple(outputs), proof)
    with pytest.raises(BlindProofError) as info:
        verify_blind_chain(group, inputs, [*stages[:pos], bad], CONTEXT)
    assert info.value.trustee == who


def test_tags_of_one_round_keep_multiplicative_relations() -> None:
    """Why no roll value is ever tagged (spec §16.6, §16.7): the decrypted values of one round
    satisfy T(F·W) = T(F)·T(W). A coercer who cast W and F·W among the ballots, with the roll
    tagged in the same round, finds T(F) among the roll's values iff the handed F is real."""
    group = TINY
    s = _setup(group, 30)
    f, w = 41, 1000  # exponents: F = g^41 is the handed sheet, W = g^1000 the coercer's choice
    items = _encrypt_all(s, [f + w, w, f, 77], 31)  # his two ballots, then two roll entries
    last = verify_blind_chain(group, items, _chain(s, items), CONTEXT)
    joint_secret = (
        sum(s.shares[i] * lam for i, lam in ((1, 2), (2, group.q - 1))) % group.q
    )  # λ_1 = 2, λ_2 = −1 for the indices {1, 2}
    T = [group.div(ct.beta, group.exp(ct.alpha, joint_secret)) for ct in last]
    assert group.div(T[0], T[1]) == T[2]  # F is on the roll: the quotient is a roll value
    assert group.div(T[0], T[1]) != T[3]
