"""The tally rounds' provers and verifiers over lists read chunk by chunk
(:mod:`plebiscite.crypto.chunked`): the same proofs as over whole lists, whatever the cut; every
check still names the trustee (and the item where it can) when a list in chunks is tampered.

Short lists in odd cuts (chunks of 3 and 2 items) on secp256k1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.chunked import MemoryList, Slices, aligned, rechunk
from plebiscite.crypto.elgamal import Ciphertext, encrypt
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import (
    PetProofLists,
    PetStageLists,
    pet_stage,
    pet_stage_chunks,
    verify_pet_chain,
    verify_pet_chain_chunks,
)
from plebiscite.crypto.proofs import prove_partial_decryption
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import prove_shuffle, shuffle
from plebiscite.crypto.shuffle_verify import (
    ProofHead,
    ShuffleLists,
    verify_shuffle,
    verify_shuffle_lists,
)
from plebiscite.crypto.tags_blind import (
    BlindStage,
    blind_and_prove,
    blind_and_prove_chunks,
    blinding_commitment,
    combine_tags,
    combine_tags_chunks,
    decryption_context,
    verify_blind_chain,
    verify_blind_chain_chunks,
    verify_decryptions_chunks,
)
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import BlindProofError, ParameterError, ShuffleProofError

GROUP = get_group("secp256k1")
CONTEXT: dict[str, CanonicalValue] = {"election": b"\x05" * 32, "district": "d", "round": "x"}
T = TypeVar("T")


class OddCut(MemoryList[T]):
    """A list appended to and read back in chunks of ``cut`` values (a store's cut that is
    not the writer's)."""

    def __init__(self, values: Sequence[T] = (), cut: int = 3) -> None:
        super().__init__(values)
        self.cut = cut

    def chunks(self) -> Iterator[Sequence[T]]:
        for lo in range(0, len(self.items), self.cut):
            yield self.items[lo : lo + self.cut]


def _cts(n: int, seed: int) -> list[Ciphertext]:
    rng = DeterministicRandom(seed)
    key = GROUP.exp_g(GROUP.random_nonzero_scalar(rng))
    return [encrypt(GROUP, key, 1 + j % 3, rng=rng)[0] for j in range(n)]


def test_the_blinding_round_in_chunks_is_the_round_over_lists() -> None:
    inputs = _cts(7, 1)
    rng_a, rng_b = DeterministicRandom(9), DeterministicRandom(9)
    secret_a, _ = blinding_commitment(GROUP, rng_a)
    secret_b, commitment = blinding_commitment(GROUP, rng_b)
    outputs, proof = blind_and_prove(GROUP, secret_a, 1, inputs, CONTEXT, rng=rng_a)
    chunked: OddCut[Ciphertext] = OddCut(cut=2)
    chunked_proof = blind_and_prove_chunks(
        GROUP, secret_b, 1, OddCut(inputs), chunked, CONTEXT, rng=rng_b
    )
    assert list(chunked) == outputs and chunked_proof == proof
    stage = BlindStage(1, commitment, tuple(outputs), proof)
    assert verify_blind_chain(GROUP, inputs, [stage], CONTEXT) == outputs
    stored = dataclasses.replace(stage, outputs=chunked)  # type: ignore[arg-type]
    last = verify_blind_chain_chunks(GROUP, OddCut(inputs), [stored], CONTEXT)
    assert [ct for chunk in last.chunks() for ct in chunk] == outputs


def test_a_tampered_blinded_chunk_names_the_trustee() -> None:
    inputs = _cts(6, 2)
    rng = DeterministicRandom(3)
    stages = []
    previous: Sequence[Ciphertext] = inputs
    for i in (1, 2):
        secret, commitment = blinding_commitment(GROUP, rng)
        outputs, proof = blind_and_prove(GROUP, secret, i, previous, CONTEXT, rng=rng)
        stages.append(BlindStage(i, commitment, tuple(outputs), proof))
        previous = outputs
    swapped = list(stages[1].outputs)
    swapped[4] = swapped[5]
    bad = dataclasses.replace(stages[1], outputs=OddCut(swapped))  # type: ignore[arg-type]
    with pytest.raises(BlindProofError) as caught:
        verify_blind_chain_chunks(GROUP, OddCut(inputs), [stages[0], bad], CONTEXT)
    assert caught.value.trustee == 2
    junk = dataclasses.replace(stages[0], outputs=OddCut([*stages[0].outputs[:5], "x"]))  # type: ignore[arg-type]
    with pytest.raises(BlindProofError) as caught:
        verify_blind_chain_chunks(GROUP, OddCut(inputs), [junk, stages[1]], CONTEXT)
    assert (caught.value.trustee, caught.value.field, caught.value.index) == (1, "outputs", 5)


def test_the_equality_test_round_in_chunks_is_the_round_over_lists() -> None:
    inputs = _cts(8, 4)
    _, stage = pet_stage(GROUP, 2, inputs, CONTEXT, rng=DeterministicRandom(5))
    lists = PetStageLists(2, OddCut(), OddCut(cut=2), PetProofLists(OddCut(), OddCut(), OddCut()))
    pet_stage_chunks(GROUP, 2, OddCut(inputs), CONTEXT, lists, rng=DeterministicRandom(5))
    assert tuple(lists.commitments) == stage.commitments  # type: ignore[arg-type]
    assert tuple(lists.outputs) == stage.outputs  # type: ignore[arg-type]
    proof = lists.proof
    assert (tuple(proof.a), tuple(proof.b), tuple(proof.v)) == (  # type: ignore[arg-type]
        stage.proof.a,
        stage.proof.b,
        stage.proof.v,
    )
    assert verify_pet_chain(GROUP, inputs, [stage], CONTEXT) == list(stage.outputs)
    last = verify_pet_chain_chunks(GROUP, OddCut(inputs), [lists], CONTEXT)
    assert list(last.chunks()) and [ct for c in last.chunks() for ct in c] == list(stage.outputs)


def test_a_tampered_equality_test_chunk_is_named() -> None:
    inputs = _cts(5, 6)
    _, stage = pet_stage(GROUP, 1, inputs, CONTEXT, rng=DeterministicRandom(7))
    proof = stage.proof
    bumped = list(proof.v)
    bumped[3] = (bumped[3] + 1) % GROUP.q
    wrong = PetStageLists(
        1,
        OddCut(stage.commitments),
        OddCut(stage.outputs),
        PetProofLists(OddCut(proof.a), OddCut(proof.b), OddCut(bumped)),
    )
    with pytest.raises(BlindProofError) as caught:
        verify_pet_chain_chunks(GROUP, OddCut(inputs), [wrong], CONTEXT)
    assert caught.value.trustee == 1 and caught.value.field == "g^v = a·Z^c"
    assert "item 3" in str(caught.value)
    identity = [*stage.commitments[:4], GROUP.identity()]
    malformed = dataclasses.replace(wrong, commitments=OddCut(identity))
    with pytest.raises(BlindProofError) as caught:
        verify_pet_chain_chunks(GROUP, OddCut(inputs), [malformed], CONTEXT)
    assert (caught.value.field, caught.value.index) == ("commitments", 4)
    short = dataclasses.replace(wrong, outputs=OddCut(stage.outputs[:4]))
    with pytest.raises(BlindProofError) as caught:
        verify_pet_chain_chunks(GROUP, OddCut(inputs), [short], CONTEXT)
    assert caught.value.field == "outputs"


def test_decryption_shares_in_chunks_are_checked_and_combined() -> None:
    rng = DeterministicRandom(8)
    polynomial = random_polynomial(GROUP, 2, rng)
    trustee_shares = shares(GROUP, polynomial, 3)
    items = _cts(7, 9)
    made = {
        i: [
            prove_partial_decryption(
                GROUP, trustee_shares[i], ct, decryption_context(CONTEXT, i, j), rng=rng
            )
            for j, ct in enumerate(items)
        ]
        for i in (1, 3)
    }
    vks = {i: GROUP.exp_g(s) for i, s in trustee_shares.items()}
    for i, mine in made.items():
        verify_decryptions_chunks(GROUP, i, vks[i], OddCut(items), OddCut(mine, 2), CONTEXT)
    partials = {i: [partial for partial, _ in mine] for i, mine in made.items()}
    chunked = {i: OddCut(p, 2) for i, p in partials.items()}
    tags = combine_tags(GROUP, items, partials, 2, CONTEXT)
    assert list(combine_tags_chunks(GROUP, OddCut(items), chunked, 2, CONTEXT)) == tags
    wrong = list(made[3])
    wrong[5] = (GROUP.generator(), wrong[5][1])
    with pytest.raises(BlindProofError) as caught:
        verify_decryptions_chunks(GROUP, 3, vks[3], OddCut(items), OddCut(wrong), CONTEXT)
    assert (caught.value.trustee, caught.value.index) == (3, 5)
    with pytest.raises(BlindProofError) as caught:
        verify_decryptions_chunks(GROUP, 3, vks[3], OddCut(items), OddCut(wrong[:6]), CONTEXT)
    assert caught.value.trustee == 3


def test_a_shuffle_over_lists_in_chunks_verifies_and_a_swap_is_caught() -> None:
    rng = DeterministicRandom(10)
    key = GROUP.exp_g(GROUP.random_nonzero_scalar(rng))
    inputs = [(a, b) for a, b in zip(_cts(6, 11), _cts(6, 12), strict=True)]
    context = b"\x06" * 32
    outputs, secret = shuffle(GROUP, key, inputs, rng)
    proof = prove_shuffle(GROUP, key, inputs, outputs, secret, context, 1, rng=rng)
    verify_shuffle(GROUP, key, inputs, outputs, proof, context, 1)
    lists = ShuffleLists(
        OddCut(outputs),
        OddCut(proof.c, 2),
        OddCut(proof.c_hat),
        OddCut(proof.t_hat, 4),
        OddCut(proof.s_hat),
        OddCut(proof.s_prime, 5),
    )
    head = ProofHead.of(proof)
    verify_shuffle_lists(GROUP, key, OddCut(inputs), lists, head, context, 1)
    verify_shuffle_lists(
        GROUP, key, Slices(inputs), ShuffleLists.of(outputs, proof), head, context, 1
    )
    swapped = list(outputs)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    bad = dataclasses.replace(lists, outputs=OddCut(swapped))
    with pytest.raises(ShuffleProofError) as caught:
        verify_shuffle_lists(GROUP, key, OddCut(inputs), bad, head, context, 2)
    assert caught.value.trustee == 2
    short = dataclasses.replace(lists, s_hat=OddCut(proof.s_hat[:5]))
    with pytest.raises(ShuffleProofError) as caught:
        verify_shuffle_lists(GROUP, key, OddCut(inputs), short, head, context, 2)
    assert caught.value.field == "s_hat"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 9), max_size=40),
    st.lists(st.integers(1, 7), min_size=1, max_size=12),
    st.integers(1, 9),
)
def test_lists_cut_again_keep_their_values_in_order(
    values: list[int], cuts: list[int], size: int
) -> None:
    pieces: list[list[int]] = []
    at = 0
    for k in range(len(values)):
        if k == at:
            cut = cuts[len(pieces) % len(cuts)]
            pieces.append(values[at : at + cut])
            at += cut
    recut = list(rechunk(pieces, size))
    assert [v for chunk in recut for v in chunk] == values
    assert all(len(chunk) == size for chunk in recut[:-1])
    side: list[Any] = list(aligned([OddCut(values, 2), Slices(values, 5)], size))
    assert [start for start, _ in side] == list(range(0, len(values), size))
    assert all(a == b for _, (a, b) in side)


def test_lists_of_other_lengths_are_not_read_side_by_side() -> None:
    with pytest.raises(ParameterError):
        list(aligned([Slices([1, 2, 3]), Slices([1, 2])]))
    with pytest.raises(ParameterError):
        next(rechunk([[1]], 0))
