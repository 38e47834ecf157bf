"""Fake-credentials ballots (docs/spec.md §16.5): a ballot cast with a fake credential passes every
public check exactly as one cast with the real credential; a malformed or tampered ballot is
refused with the field named."""

from __future__ import annotations

import dataclasses
import json

import pytest

from plebiscite.crypto import elgamal
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential, prove_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import InputError, ParameterError, ProofError, RecordError
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.ballot.create import prove_questions
from plebiscite.model.coercion.ballot import (
    CredentialBallot,
    anonymity_set,
    cast_credential_ballot,
    check_credential_ballot,
    credential_ballot_statement,
)
from plebiscite.model.coercion.codec import (
    CREDENTIAL_BALLOT_FIELDS,
    ballot_json,
    decode_credential_ballot,
)

GROUP = get_group("secp256k1")


@pytest.fixture(scope="module")
def setup() -> tuple[BallotParams, list[Ciphertext], int]:
    rng = DeterministicRandom(1)
    K = GROUP.exp_g(GROUP.random_nonzero_scalar(rng))
    params = BallotParams.from_manifest(GROUP, K, b"\x09" * 32, [(3, 1, 2)], ["north", "south"])
    sigma = GROUP.random_nonzero_scalar(rng)
    roll = [encrypt_credential(GROUP, K, s, rng=rng)[0] for s in (11, sigma, 13, 14, 15)]
    return params, roll, sigma


def _cast(setup: tuple[BallotParams, list[Ciphertext], int], sigma: int) -> CredentialBallot:
    params, roll, _ = setup
    return cast_credential_ballot(params, roll, "north", sigma, 1, [[1, 0, 1]], anonymity=3)


def test_a_fake_and_a_real_credential_pass_the_same_checks(
    setup: tuple[BallotParams, list[Ciphertext], int],
) -> None:
    params, roll, sigma = setup
    real = _cast(setup, sigma)
    fake = _cast(setup, GROUP.random_nonzero_scalar())
    for ballot in (real, fake):
        check_credential_ballot(params, roll, ballot, anonymity=3)
        assert len(ballot.anonymity) == 3 and 1 in ballot.anonymity
        assert len(ballot.statement) == 32


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("district", "body.district"),
        ("anonymity", "body.anonymity"),
        ("statement", "statement"),
        ("pointer", "statement"),
        ("pointer_proof", "body.pointer_proof"),
        ("credential_proof", "body.credential_proof"),
        ("moved", "body.credential_proof"),
    ],
)
def test_a_tampered_ballot_names_the_field(
    setup: tuple[BallotParams, list[Ciphertext], int], change: str, field: str
) -> None:
    params, roll, sigma = setup
    ballot = _cast(setup, sigma)
    g = GROUP.generator()
    if change == "district":
        ballot = dataclasses.replace(ballot, district="west")
    elif change == "anonymity":
        ballot = dataclasses.replace(ballot, anonymity=tuple(reversed(ballot.anonymity)))
    elif change == "statement":
        ballot = dataclasses.replace(ballot, statement=b"\x01" * 32)
    elif change == "pointer":
        p = ballot.pointer
        ballot = dataclasses.replace(ballot, pointer=Ciphertext(p.alpha, GROUP.mul(p.beta, g)))
    elif change == "pointer_proof":
        pp = ballot.pointer_proof
        v = ((pp.v[0] + 1) % GROUP.q, *pp.v[1:])
        ballot = dataclasses.replace(ballot, pointer_proof=dataclasses.replace(pp, v=v))
    elif change == "credential_proof":
        cp = ballot.credential_proof
        bad = dataclasses.replace(cp, vs=(cp.vs + 1) % GROUP.q)
        ballot = dataclasses.replace(ballot, credential_proof=bad)
    else:  # another ballot's credential proof moved in
        other = _cast(setup, sigma)
        ballot = dataclasses.replace(ballot, credential_proof=other.credential_proof)
    with pytest.raises((ProofError, RecordError)) as info:
        check_credential_ballot(params, roll, ballot, anonymity=3)
    assert info.value.field == field


def test_a_replaced_option_ciphertext_breaks_the_statement(
    setup: tuple[BallotParams, list[Ciphertext], int],
) -> None:
    params, roll, sigma = setup
    ballot = _cast(setup, sigma)
    other = _cast(setup, sigma)
    with pytest.raises(RecordError) as info:
        check_credential_ballot(
            params, roll, dataclasses.replace(ballot, questions=other.questions), anonymity=3
        )
    assert info.value.field == "statement"


def test_anonymity_sets() -> None:
    rng = DeterministicRandom(2)
    members = anonymity_set(100, 42, 8, rng)
    assert len(members) == 8 and 42 in members and list(members) == sorted(set(members))
    assert anonymity_set(3, 1, 8, rng) == (0, 1, 2)  # a short roll: the whole roll
    with pytest.raises(InputError):
        anonymity_set(3, 3, 8, rng)
    with pytest.raises(ParameterError):
        anonymity_set(3, 1, 1, rng)


# -- the JSON form ---------------------------------------------------------------------------------


def test_the_json_form_round_trips(setup: tuple[BallotParams, list[Ciphertext], int]) -> None:
    params, roll, sigma = setup
    ballot = _cast(setup, sigma)
    body = json.loads(json.dumps(ballot_json(GROUP, ballot)))
    assert list(body) == list(CREDENTIAL_BALLOT_FIELDS)
    decoded = decode_credential_ballot(params, body)
    assert decoded == ballot
    check_credential_ballot(params, roll, decoded, anonymity=3)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("missing", "body"),
        ("extra", "body"),
        ("district", "body.district"),
        ("anonymity", "body.anonymity"),
        ("negative", "body.anonymity"),
        ("pointer", "body.pointer.beta"),
        ("short", "body.pointer_proof.v"),
        ("scalar", "body.credential_proof.vs"),
        ("questions", "body"),
    ],
)
def test_a_malformed_body_names_the_field(
    setup: tuple[BallotParams, list[Ciphertext], int], change: str, field: str
) -> None:
    params, _, sigma = setup
    body = json.loads(json.dumps(ballot_json(GROUP, _cast(setup, sigma))))
    if change == "missing":
        del body["pointer"]
    elif change == "extra":
        body["signature"] = "00"
    elif change == "district":
        body["district"] = "west"
    elif change == "anonymity":
        body["anonymity"] = [0, True, 2]
    elif change == "negative":
        body["anonymity"] = [-1, 1, 2]
    elif change == "pointer":
        body["pointer"]["beta"] = "zz"
    elif change == "short":
        body["pointer_proof"]["v"] = body["pointer_proof"]["v"][:2]
    elif change == "scalar":
        body["credential_proof"]["vs"] = "ff" * 32
    else:
        body["questions"] = []
    with pytest.raises(RecordError) as info:
        decode_credential_ballot(params, body)
    assert info.value.field.startswith(field), info.value.field


def test_another_ballots_pointer_cannot_be_reused(
    setup: tuple[BallotParams, list[Ciphertext], int],
) -> None:
    """A coercer copies a posted ballot's anonymity set, pointer and pointer proof into a ballot of
    his own, re-sealed with everything he can prove himself (his credential, his choices): the
    pointer proof is bound to the victim's statement and fails (spec §16.7)."""
    params, roll, sigma = setup
    victim = _cast(setup, sigma)
    fake_sigma = GROUP.random_nonzero_scalar()
    D, s = encrypt_credential(GROUP, params.joint_key, fake_sigma)
    pairs = [elgamal.encrypt(GROUP, params.joint_key, m) for m in (1, 0, 1)]
    cts = [[ct for ct, _ in pairs]]
    statement = credential_ballot_statement(
        params, "north", D, victim.anonymity, victim.pointer, cts
    )
    questions = prove_questions(params, statement, [[1, 0, 1]], cts, [[r for _, r in pairs]])
    forged = CredentialBallot(
        "north",
        D,
        victim.anonymity,
        victim.pointer,
        victim.pointer_proof,
        tuple(questions),
        prove_credential(GROUP, params.joint_key, D, s, fake_sigma, statement),
        statement,
    )
    with pytest.raises(ProofError) as info:
        check_credential_ballot(params, roll, forged, anonymity=3)
    assert info.value.field == "body.pointer_proof"
