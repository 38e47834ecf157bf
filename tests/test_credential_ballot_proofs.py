"""The two proofs of a fake-credentials ballot (docs/spec.md §16.7): the roll-pointer disjunction
and the credential proof bound to the ballot statement. Completeness for every position of the
set, soundness against a pointer to no entry of the set, every field tampered, a proof moved to
another statement, and batching.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs.credential_ballot import (
    CredentialProof,
    encrypt_credential,
    prove_credential,
    verify_credential,
)
from plebiscite.crypto.proofs.roll_pointer import (
    RollPointerProof,
    prove_roll_pointer,
    reencrypt,
    verify_roll_pointer,
)
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import ParameterError, ProofError
from tinygroup import TINY

SECP = get_group("secp256k1")
GROUPS = [pytest.param(SECP, id="secp256k1"), pytest.param(TINY, id="tiny")]
CONTEXT: dict[str, CanonicalValue] = {"election": b"\x03" * 32, "district": "north"}


def _key(group: Group, seed: int) -> Element:
    return group.exp_g(1 + DeterministicRandom(seed).randbelow(group.q - 1))


def _roll(group: Group, K: Element, sigmas: list[int], seed: int) -> list[Ciphertext]:
    rng = DeterministicRandom(seed)
    return [encrypt_credential(group, K, s, rng=rng)[0] for s in sigmas]


@pytest.mark.parametrize("group", GROUPS)
def test_a_pointer_to_any_position_of_the_set_verifies(group: Group) -> None:
    K = _key(group, 1)
    roll = _roll(group, K, [11, 12, 13, 14], 2)
    rng = DeterministicRandom(3)
    for index in range(len(roll)):
        pointer, t = reencrypt(group, K, roll[index], rng=rng)
        proof = prove_roll_pointer(group, K, pointer, roll, index, t, CONTEXT, rng=rng)
        verify_roll_pointer(group, K, pointer, roll, proof, CONTEXT)


@pytest.mark.parametrize("group", GROUPS)
def test_a_pointer_outside_the_set_fails(group: Group) -> None:
    """A re-encryption of an entry not in the set (proved as if it were entry 0) is refused."""
    K = _key(group, 4)
    roll = _roll(group, K, [21, 22, 23], 5)
    rng = DeterministicRandom(6)
    pointer, t = reencrypt(group, K, roll[2], rng=rng)
    proof = prove_roll_pointer(group, K, pointer, roll[:2], 0, t, CONTEXT, rng=rng)
    with pytest.raises(ProofError, match="does not hold"):
        verify_roll_pointer(group, K, pointer, roll[:2], proof, CONTEXT)


def _pointer_case(group: Group) -> tuple[Element, list[Ciphertext], Ciphertext, RollPointerProof]:
    K = _key(group, 7)
    roll = _roll(group, K, [31, 32, 33], 8)
    rng = DeterministicRandom(9)
    pointer, t = reencrypt(group, K, roll[1], rng=rng)
    return K, roll, pointer, prove_roll_pointer(group, K, pointer, roll, 1, t, CONTEXT, rng=rng)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("field", ["a", "b", "c", "v", "pointer", "entries", "context"])
def test_every_tampered_pointer_field_fails(group: Group, field: str) -> None:
    K, roll, pointer, proof = _pointer_case(group)
    g = group.generator()
    context = CONTEXT
    if field == "a":
        proof = dataclasses.replace(proof, a=(proof.a[0], proof.a[1], group.mul(proof.a[2], g)))
    elif field == "b":
        proof = dataclasses.replace(proof, b=(proof.b[0], proof.b[1], group.mul(proof.b[2], g)))
    elif field == "c":
        proof = dataclasses.replace(proof, c=((proof.c[0] + 1) % group.q, *proof.c[1:]))
    elif field == "v":
        proof = dataclasses.replace(proof, v=((proof.v[0] + 1) % group.q, *proof.v[1:]))
    elif field == "pointer":
        pointer = Ciphertext(pointer.alpha, group.mul(pointer.beta, g))
    elif field == "entries":
        roll = [roll[0], roll[2], roll[1]]
    else:
        context = {**CONTEXT, "district": "south"}
    with pytest.raises(ProofError):
        verify_roll_pointer(group, K, pointer, roll, proof, context)


def test_pointer_shapes_are_refused() -> None:
    K, roll, pointer, proof = _pointer_case(TINY)
    short = dataclasses.replace(proof, v=proof.v[:2])
    with pytest.raises(ProofError, match="branches"):
        verify_roll_pointer(TINY, K, pointer, roll, short, CONTEXT)
    with pytest.raises(ProofError, match="identity"):
        verify_roll_pointer(
            TINY, K, Ciphertext(TINY.identity(), pointer.beta), roll, proof, CONTEXT
        )
    with pytest.raises(ParameterError):
        verify_roll_pointer(TINY, K, pointer, [], proof, CONTEXT)
    with pytest.raises(ParameterError):
        prove_roll_pointer(TINY, K, pointer, roll, 3, 1, CONTEXT)


@settings(max_examples=20, deadline=None)
@given(size=st.integers(1, 6), data=st.data())
def test_pointer_property(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    seed = data.draw(st.integers(0, 2**32))
    K = _key(TINY, seed)
    roll = _roll(TINY, K, list(range(100, 100 + size)), seed + 1)
    rng = DeterministicRandom(seed + 2)
    pointer, t = reencrypt(TINY, K, roll[index], rng=rng)
    proof = prove_roll_pointer(TINY, K, pointer, roll, index, t, CONTEXT, rng=rng)
    batch = BatchVerifier(TINY)
    verify_roll_pointer(TINY, K, pointer, roll, proof, CONTEXT, batch=batch, label="p")
    assert batch.check() == []


# -- the credential proof --------------------------------------------------------------------------

STATEMENT = b"\x04" * 32


def _credential_case(group: Group) -> tuple[Element, Ciphertext, CredentialProof]:
    K = _key(group, 10)
    rng = DeterministicRandom(11)
    D, s = encrypt_credential(group, K, 12345, rng=rng)
    return K, D, prove_credential(group, K, D, s, 12345, STATEMENT, rng=rng)


@pytest.mark.parametrize("group", GROUPS)
def test_the_credential_proof_verifies_and_binds_the_statement(group: Group) -> None:
    K, D, proof = _credential_case(group)
    verify_credential(group, K, D, proof, STATEMENT)
    with pytest.raises(ProofError):
        verify_credential(group, K, D, proof, b"\x05" * 32)  # moved into another ballot
    # re-randomised into another ballot: D·(g^t, K^t) with the same proof
    t = 7
    moved = Ciphertext(group.mul(D.alpha, group.exp_g(t)), group.mul(D.beta, group.exp(K, t)))
    with pytest.raises(ProofError):
        verify_credential(group, K, moved, proof, STATEMENT)


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("field", ["a", "b", "vs", "vsigma", "alpha", "beta"])
def test_every_tampered_credential_field_fails(group: Group, field: str) -> None:
    K, D, proof = _credential_case(group)
    g = group.generator()
    if field == "a":
        proof = dataclasses.replace(proof, a=group.mul(proof.a, g))
    elif field == "b":
        proof = dataclasses.replace(proof, b=group.mul(proof.b, g))
    elif field == "vs":
        proof = dataclasses.replace(proof, vs=(proof.vs + 1) % group.q)
    elif field == "vsigma":
        proof = dataclasses.replace(proof, vsigma=(proof.vsigma + 1) % group.q)
    elif field == "alpha":
        D = Ciphertext(group.mul(D.alpha, g), D.beta)
    else:
        D = Ciphertext(D.alpha, group.mul(D.beta, g))
    with pytest.raises(ProofError, match="does not hold"):
        verify_credential(group, K, D, proof, STATEMENT)


def test_a_wrong_credential_cannot_be_proved() -> None:
    """The prover who does not know σ (here: uses another) produces a proof that fails."""
    K = _key(TINY, 12)
    rng = DeterministicRandom(13)
    D, s = encrypt_credential(TINY, K, 500, rng=rng)
    proof = prove_credential(TINY, K, D, s, 501, STATEMENT, rng=rng)
    with pytest.raises(ProofError):
        verify_credential(TINY, K, D, proof, STATEMENT)
    batch = BatchVerifier(TINY)
    verify_credential(TINY, K, D, proof, STATEMENT, batch=batch, label="ballot 1")
    assert batch.check() == ["ballot 1"]
