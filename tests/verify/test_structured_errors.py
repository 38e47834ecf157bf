"""Facts travel as attributes: the field path, the detail and the refusal reason of an error, and
the entry and field of a failing proof's batch label, are set where they are known and read as
attributes, never parsed back out of a message (so rewording a message changes no report field
and no refusal reason)."""

from __future__ import annotations

import copy
import pickle

import pytest

from plebiscite.board.acceptance import _crypto_refusal
from plebiscite.board.http import Refused
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.groups import get_group
from plebiscite.errors import EncodingError, ProofError, RecordError
from plebiscite.model.ballot import BallotParams, check_ballot, check_challenge
from plebiscite.model.codec import JSONObject, Place, place_of, require_hex
from plebiscite.rules.setup import election_setup

from ._record import Built


def _params(built: Built) -> BallotParams:
    before = [e for e in built.entries if e.index < _open_index(built)]
    return election_setup(before).ballot_params()


def _open_index(built: Built) -> int:
    return next(e.index for e in built.entries if e.kind == "open")


def _body(built: Built, name: str) -> JSONObject:
    """A copy of a named ballot's body to change (the session's record stays as built)."""
    return copy.deepcopy(built.entries[built.ballots[name]].body)


def test_at_names_the_place_and_keeps_the_facts() -> None:
    exc = RecordError.at("entry 7", "body.questions[0].ciphertexts[1]", "not a point")
    assert str(exc) == "entry 7: field body.questions[0].ciphertexts[1]: not a point"
    assert (exc.field, exc.detail, exc.reason) == (
        "body.questions[0].ciphertexts[1]",
        "not a point",
        None,
    )
    plain = RecordError.at("entry 7", "", "no manifest")
    assert (str(plain), plain.field, plain.detail) == ("entry 7: no manifest", "", "no manifest")


def test_an_encoding_error_placed_in_an_entry_keeps_its_field() -> None:
    decoded = EncodingError.of("body.key", "not on the curve")
    placed = decoded.placed("entry 3")
    assert isinstance(placed, RecordError)
    assert str(placed) == "entry 3: field body.key: not on the curve"
    assert (placed.field, placed.detail) == ("body.key", "not on the curve")


def test_require_hex_names_the_field_as_an_attribute() -> None:
    with pytest.raises(RecordError) as raised:
        require_hex({"credential": "ABCD"}, "credential", "entry 9", "body", 32)
    assert raised.value.field == "body.credential"
    assert not raised.value.detail.startswith("entry")
    assert str(raised.value).startswith("entry 9: field body.credential: ")


def test_errors_and_places_keep_their_attributes_across_processes() -> None:
    exc = ProofError.at("entry 2", "body.signature", "not valid", reason="bad_signature")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is ProofError and str(back) == str(exc)
    assert (back.field, back.detail) == ("body.signature", "not valid")
    assert back.reason == "bad_signature"
    refused = pickle.loads(pickle.dumps(Refused("replay", "seen before", 409)))
    assert (refused.reason, refused.message, refused.status) == ("replay", "seen before", 409)
    assert str(refused) == "replay: seen before"
    place = pickle.loads(pickle.dumps(Place("entry 2", "body.range")))
    assert isinstance(place, Place) and place_of(place) == ("entry 2", "body.range")
    assert place_of("entry 2: field body.range") == ("entry 2: field body.range", "")


def test_a_bad_ballot_signature_is_a_proof_error_with_its_reason(honest: Built) -> None:
    params = _params(honest)
    body = _body(honest, "north-2")
    body["signature"] = _body(honest, "north-3")["signature"]
    with pytest.raises(ProofError) as raised:
        check_ballot(params, body, "entry 5")
    assert raised.value.field == "body.signature"
    assert raised.value.reason == "bad_signature"
    assert not raised.value.detail.startswith("entry")


def test_a_failing_proof_comes_back_from_the_batch_as_a_place(honest: Built) -> None:
    params = _params(honest)
    body = _body(honest, "north-2")
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    proofs = questions[0]["proofs"]
    assert isinstance(proofs, list) and isinstance(proofs[0], dict)
    other = _body(honest, "north-3")["questions"]
    assert isinstance(other, list) and isinstance(other[0], dict)
    other_proofs = other[0]["proofs"]
    assert isinstance(other_proofs, list)
    questions[0] = {**questions[0], "proofs": [other_proofs[0], *proofs[1:]]}
    batch = BatchVerifier(get_group("secp256k1"))
    with pytest.raises(ProofError) as raised:  # the signature no longer covers the proofs
        check_ballot(params, body, "entry 5", batch=batch)
    assert raised.value.reason == "bad_signature"
    failed = batch.check()
    assert [place_of(label) for label in failed] == [("entry 5", "body.questions[0].proofs[0]")]


def test_a_challenge_that_does_not_open_its_ballot_says_so_in_its_reason(honest: Built) -> None:
    params = _params(honest)
    body = _body(honest, "north-1 challenge")
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    randomness = list(questions[0]["randomness"])  # type: ignore[arg-type]
    randomness[0], randomness[1] = randomness[1], randomness[0]
    questions[0] = {**questions[0], "randomness": randomness}
    with pytest.raises(ProofError) as raised:
        check_challenge(params, body, "entry 8")
    assert raised.value.reason == "bad_challenge"
    assert raised.value.field == "body.questions[0].ciphertexts[0]"


def test_a_challenge_wrong_in_several_ways_names_what_the_first_check_finds(
    honest: Built,
) -> None:
    """The re-encryptions and proofs are checked in one batch first; a challenge that fails
    it is checked again in order, so a wrong tracking hash alone is named, and a wrong
    re-encryption is named before it."""
    params = _params(honest)
    body = _body(honest, "north-1 challenge")
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    tracking = str(body["tracking"])
    body["tracking"] = ("0" if tracking[0] != "0" else "1") + tracking[1:]
    with pytest.raises(ProofError) as raised:
        check_challenge(params, body, "entry 8")
    assert (raised.value.field, raised.value.reason) == ("body.tracking", "bad_challenge")
    randomness = list(questions[0]["randomness"])  # type: ignore[arg-type]
    randomness[1] = randomness[0]
    questions[0] = {**questions[0], "randomness": randomness}
    with pytest.raises(ProofError) as raised:
        check_challenge(params, body, "entry 8")
    assert raised.value.field == "body.questions[0].ciphertexts[1]"


def test_the_refusal_reason_is_the_raisers_not_the_messages() -> None:
    # a reworded message changes nothing; a message that mentions a signature is not a reason
    reworded = ProofError.at("submission", "body.signature", "nope", reason="bad_signature")
    assert _crypto_refusal(reworded, "ballot").reason == "bad_signature"
    mentions = ProofError.at("submission", "body.questions[0].range", "signature-like words")
    assert _crypto_refusal(mentions, "ballot").reason == "bad_proof"
    opened = ProofError.at("submission", "body.tracking", "another hash", reason="bad_challenge")
    assert _crypto_refusal(opened, "challenge").reason == "bad_challenge"
    malformed = RecordError.at("submission", "body.district", "unknown district")
    assert _crypto_refusal(malformed, "ballot").reason == "malformed"
