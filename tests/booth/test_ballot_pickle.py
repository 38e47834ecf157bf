"""An encrypted ballot pickled as a voter's device sends it: on secp256k1 every element packed in
one string, read back equal (values, JSON, hashes); other groups and irregular shapes field by
field; a packed point off the curve refused."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import elgamal
from plebiscite.crypto import proofs as zk
from plebiscite.crypto.group import Group
from plebiscite.crypto.modp import ModpGroup
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1, Secp256k1Element
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import GroupElementError
from plebiscite.model.ballot import BallotParams, EncryptedBallot
from plebiscite.model.ballot.create import encrypt_ballot

G = SECP256K1
K = elgamal.keygen(G, DeterministicRandom("pickle-joint-key")).public
#: a yes/no question (exactly one of two) and a "choose at most two of three" question
PARAMS = BallotParams.from_manifest(G, K, bytes(32), [(2, 1, 1), (3, 0, 2)], ["north"])
KEY = SigningKey(bytes(31) + b"\x0c")
#: a small safe-prime group (tests only): 64-bit p = 2q + 1
SMALL = ModpGroup(18446744073709550147, 9223372036854775073, 4, name="test-safe64")


def _ballot(
    seed: str, first: int, chosen: list[int], params: BallotParams = PARAMS
) -> EncryptedBallot:
    second = [1 if i in chosen else 0 for i in range(3)]
    selections = [[1 - first, first], second][: len(params.questions)]
    rng = DeterministicRandom(seed)
    return encrypt_ballot(params, "north", KEY.public.xonly, selections, rng).encrypted


def _same(a: EncryptedBallot, b: EncryptedBallot, group: Group = G) -> None:
    assert b == a
    assert b.questions_json(group) == a.questions_json(group)
    assert (b.statement, b.tracking, b.credential, b.nonce) == (
        a.statement,
        a.tracking,
        a.credential,
        a.nonce,
    )


@settings(max_examples=15, deadline=None)
@given(
    seed=st.text(max_size=8),
    first=st.integers(0, 1),
    chosen=st.lists(st.integers(0, 2), max_size=2, unique=True),
)
def test_secp256k1_ballot_round_trip(seed: str, first: int, chosen: list[int]) -> None:
    ballot = _ballot(seed, first, chosen)
    data = pickle.dumps(ballot)
    back = pickle.loads(data)
    _same(ballot, back)
    # packed: one string of 65-byte points, not one pickled element each
    assert data.count(b"_restore") == 0
    elements = [ct.alpha for q in back.questions for ct in q.ciphertexts]
    assert all(type(e) is Secp256k1Element and e._enc is not None for e in elements)


def test_decoded_challenge_ballot_round_trip() -> None:
    """A ballot whose credential and nonce are unknown (a challenge decoded) keeps them None."""
    ballot = dataclasses.replace(_ballot("c", 1, [0]), credential=None, nonce=None)
    _same(ballot, pickle.loads(pickle.dumps(ballot)))


def test_other_group_pickles_field_by_field() -> None:
    key = elgamal.keygen(SMALL, DeterministicRandom("small")).public
    params = BallotParams.from_manifest(SMALL, key, bytes(32), [(2, 1, 1)], ["north"])
    ballot = _ballot("m", 0, [], params)
    data = pickle.dumps(ballot)
    assert b"_unpickle_ballot" not in data
    _same(ballot, pickle.loads(data), SMALL)


def test_irregular_shape_pickles_field_by_field() -> None:
    """A range proof whose lengths the packed form could not read back goes field by field."""
    ballot = _ballot("i", 1, [1, 2])
    question = ballot.questions[0]
    short = zk.RangeProof(question.range_proof.a, (), (), ())
    odd = dataclasses.replace(question, range_proof=short)
    irregular = dataclasses.replace(ballot, questions=(odd, *ballot.questions[1:]))
    data = pickle.dumps(irregular)
    assert b"_unpickle_ballot" not in data
    assert pickle.loads(data) == irregular


def test_point_off_the_curve_refused() -> None:
    ballot = _ballot("t", 0, [2])
    data = bytearray(pickle.dumps(ballot))
    packed = G.pack([ballot.questions[0].ciphertexts[0].alpha])
    at = bytes(data).index(packed)
    data[at + 64] ^= 1  # y's last bit: (x, y ± 1) is not on the curve
    with pytest.raises(GroupElementError, match="pickled ballot"):
        pickle.loads(bytes(data))
