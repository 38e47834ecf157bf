"""Ballots and challenges on secp256k1: wire format, proofs, signature, tracking, identity, V10."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plebiscite.crypto import elgamal, tags
from plebiscite.crypto import proofs as zk
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError, ParameterError, ProofError, RecordError
from plebiscite.model.ballot import (
    BallotParams,
    EncryptedBallot,
    EncryptedQuestion,
    NamedHead,
    ballot_binding,
    check_ballot,
    check_ballots,
    check_challenge,
    format_tracking,
    parse_tracking,
    range_context,
    sign_ballot,
    zero_one_context,
)
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot, selections_from_choices
from plebiscite.model.codec import dumps_canonical, loads_strict
from plebiscite.model.definition import Option, Question, Text

G = SECP256K1
K = elgamal.keygen(G, DeterministicRandom("booth-joint-key")).public
CTX = bytes(range(32))
#: a yes/no question (exactly one of two) and a "choose at most two of three" question
PARAMS = BallotParams.from_manifest(G, K, CTX, [(2, 1, 1), (3, 0, 2)], ["north", "south"])
YES_NO = BallotParams.from_manifest(G, K, CTX, [(2, 1, 1)], ["north", "south"])
KEY_A = SigningKey(bytes(31) + b"\x0a")
KEY_B = SigningKey(bytes(31) + b"\x0b")
CHOICE = [[1, 0], [0, 1, 1]]
#: the head the test ballots name (whether it is on a board is V5.7, the checker's)
HEAD = NamedHead(7, bytes(range(100, 132)))


def _opened(
    selections: list[list[int]] = CHOICE, params: BallotParams = PARAMS, seed: str = "v"
) -> OpenedBallot:
    return encrypt_ballot(
        params, "north", KEY_A.public.xonly, selections, DeterministicRandom(seed)
    )


OPENED = _opened()
BODY = OPENED.cast(KEY_A, PARAMS, HEAD).to_json(G)


def _resign(body: dict[str, Any], key: SigningKey = KEY_A) -> dict[str, Any]:
    """Sign a (tampered) body again with ``key``, as a voter who tampers herself could."""
    decoded = _decoded_without_checks(body)
    message = decoded.signed_message(G, HEAD)
    return {**body, "signature": key.sign(tags.BALLOT_SIGNATURE, *message).hex()}


def _decoded_without_checks(body: dict[str, Any]) -> EncryptedBallot:
    questions = []
    for q in body["questions"]:
        cts = tuple(
            elgamal.decode_ciphertext(G, c, "ct", allow_identity=False) for c in q["ciphertexts"]
        )
        prfs = tuple(zk.decode_zero_one(G, p, "p") for p in q["proofs"])
        questions.append(EncryptedQuestion(cts, prfs, zk.decode_range(G, q["range"], "r")))
    return EncryptedBallot.build(
        PARAMS,
        body["district"],
        bytes.fromhex(body["credential"]),
        bytes.fromhex(body["nonce"]),
        questions,
    )


# ------------------------------------------------------------------------------ honest ballots


def test_round_trip_through_json() -> None:
    text = dumps_canonical(BODY)
    body = loads_strict(text, "test")
    ballot = check_ballot(PARAMS, body, "entry 7")
    assert ballot.to_json(G) == BODY
    assert ballot.tracking == OPENED.encrypted.tracking
    assert ballot.identity == OPENED.encrypted.identity
    assert set(BODY) == {"district", "credential", "nonce", "questions", "head", "signature"}
    assert BODY["head"] == {"index": HEAD.index, "hash": HEAD.hash.hex()}
    assert ballot.head == HEAD
    assert set(BODY["questions"][0]) == {"ciphertexts", "proofs", "range"}


def test_every_proof_and_the_signature_verify() -> None:
    ballot = check_ballot(PARAMS, BODY, "entry 7")
    enc = ballot.encrypted
    for i, q in enumerate(enc.questions):
        for j, (ct, proof) in enumerate(zip(q.ciphertexts, q.proofs, strict=True)):
            zk.verify_zero_one(G, K, ct, proof, zero_one_context(enc.statement, i, j))
        shape = PARAMS.questions[i]
        zk.verify_range(
            G, K, q.total(G), shape.min, shape.max, q.range_proof, range_context(enc.statement, i)
        )
    message = enc.signed_message(G, HEAD)
    assert KEY_A.public.verify(ballot.signature, tags.BALLOT_SIGNATURE, *message)


@pytest.mark.parametrize(
    ("selections", "question"),
    [([[1, 0]], 0), ([[0, 1]], 0)],
)
def test_range_proof_exactly_one(selections: list[list[int]], question: int) -> None:
    opened = _opened(selections, YES_NO)
    ballot = check_ballot(YES_NO, opened.cast(KEY_A, YES_NO, HEAD).to_json(G), "e")
    rp = ballot.encrypted.questions[question].range_proof
    assert len(rp.a) == 1 and rp.c == ()  # min = max: one branch, no free challenge


@pytest.mark.parametrize("chosen", [[0, 0, 0], [1, 0, 0], [0, 1, 1], [1, 1, 0]])
def test_range_proof_up_to_two_of_three(chosen: list[int]) -> None:
    opened = _opened([[1, 0], chosen])
    ballot = check_ballot(PARAMS, opened.cast(KEY_A, PARAMS, HEAD).to_json(G), "e")
    assert len(ballot.encrypted.questions[1].range_proof.a) == 3  # values 0, 1, 2


def test_too_many_or_too_few_choices_cannot_be_encrypted_or_proved() -> None:
    with pytest.raises(InputError, match="question 1: 3 options chosen"):
        _opened([[1, 0], [1, 1, 1]])
    with pytest.raises(InputError, match="question 0: 0 options chosen"):
        _opened([[0, 0], [0, 0, 0]])
    ct, r = elgamal.encrypt(G, K, 2)
    with pytest.raises(ParameterError, match="outside"):
        zk.prove_range(G, K, ct, 2, r, 1, 1, {"ballot": b"", "question": 0})


def test_choices_by_option_id() -> None:
    yes_no = Question(
        "q",
        Text.plain("?"),
        (Option("yes", Text.plain("Yes")), Option("no", Text.plain("No"))),
        1,
        1,
    )
    assert selections_from_choices([yes_no], {"q": ["no"]}) == [[0, 1]]
    with pytest.raises(InputError, match="unknown option"):
        selections_from_choices([yes_no], {"q": ["maybe"]})
    with pytest.raises(InputError, match="choose between 1 and 1"):
        selections_from_choices([yes_no], {})
    with pytest.raises(InputError, match="unknown question"):
        selections_from_choices([yes_no], {"r": ["yes"]})


# --------------------------------------------------------------------------- tracking hashes


def test_tracking_hash_format_and_lenient_parsing() -> None:
    text = OPENED.tracking_text
    assert re.fullmatch(r"([0-9a-hjkmnp-tv-z]{4}-){12}[0-9a-hjkmnp-tv-z]{4}", text)
    assert parse_tracking(text) == OPENED.encrypted.tracking
    typed = text.upper().replace("-", " ").replace("1", "I").replace("0", "o")
    assert parse_tracking(typed) == OPENED.encrypted.tracking
    assert parse_tracking(OPENED.encrypted.tracking.hex()) == OPENED.encrypted.tracking
    with pytest.raises(InputError):
        parse_tracking(text[:-1])
    with pytest.raises(InputError, match="last character"):
        parse_tracking(text[:-1] + ("1" if text[-1] != "1" else "2"))
    for digest in (bytes(32), b"\xff" * 32):
        assert parse_tracking(format_tracking(digest)) == digest


def test_tracking_hash_excludes_the_signature_and_is_stable() -> None:
    again = check_ballot(PARAMS, sign_ballot(KEY_A, G, OPENED.encrypted, HEAD).to_json(G), "e")
    assert again.to_json(G)["signature"] != BODY["signature"]  # BIP-340 aux randomness
    assert again.tracking == OPENED.encrypted.tracking
    assert again.identity == check_ballot(PARAMS, BODY, "e").identity


def test_known_answer_vector() -> None:
    """ballot_stmt, tracking hash and identity of a ballot from fixed randomness (frozen).

    Inputs: K from ``keygen(DeterministicRandom("booth-joint-key"))``, election_ctx = bytes
    0..31, district "north", the credential key of secret 10, one yes/no question, "yes", and
    ``DeterministicRandom("kat-ballot")`` for every random draw (the 32-byte nonce, encryption,
    then proofs). The binding is recomputed here from SHA-256 and the encoding of spec §2.
    """
    assert G.to_hex(K) == "03fbbc45193bf12014c96b2a2e6a6e1e1f88b90fe51e96a16b1d3334080978dc8b"
    assert KEY_A.public.hex() == "a0434d9e47f3c86235477c7b1ae6ae5d3442d49b1943c2b752a68e2a47e247c7"
    opened = encrypt_ballot(
        YES_NO, "north", KEY_A.public.xonly, [[1, 0]], DeterministicRandom("kat-ballot")
    )
    enc = opened.encrypted
    nonce = "4b7d198701a056da974d2ac13f660f0f0ad949c862dbf99cf2bc0f3e445aa860"
    assert enc.nonce is not None and enc.nonce.hex() == nonce
    tag = b"plebiscite/v1/hash/ballot-binding"
    by_hand = hashlib.sha256(
        b"S" + len(tag).to_bytes(4, "big") + tag
        + b"B" + (32).to_bytes(4, "big") + KEY_A.public.xonly
        + b"B" + (32).to_bytes(4, "big") + bytes.fromhex(nonce)
    ).hexdigest()  # fmt: skip
    assert enc.binding.hex() == by_hand
    assert by_hand == "a8775e9299bcace0fa5d2a3cff50e1254b421bf7426a0bac2e5096e8591f6bff"
    assert G.to_hex(enc.questions[0].ciphertexts[0].alpha) == (
        "03fef98b6a71c6d2be1c939bd0b054e8e67f6d74002b229fc02727f9fa79a06fe2"
    )
    assert enc.statement.hex() == "7353ca2eb0baf688b929e8070a9660822348d01bde32ea6cc24dc8518b59e6af"
    assert enc.tracking.hex() == "855d6b8cc6c4ac2db744cde022375576ecd97d6cac6e00b9fb20f2e60e7ff071"
    assert enc.tracking_text == "gnep-q366-rjp2-vdt4-sqg2-4dtn-evpd-jzbc-nhq0-1efv-43se-c3kz-y1rg"
    assert enc.identity.hex() == "1dca97ebe113464c698763a59a18fb0a53824acd1be7d2a57055ec03c01bd116"
    # the vector is checked through the verifier's path too
    assert check_ballot(YES_NO, opened.cast(KEY_A, YES_NO, HEAD).to_json(G), "kat").tracking == (
        enc.tracking
    )


# ------------------------------------------------------------------------- tampered ballots


def _leaves(value: Any, path: str) -> Iterator[str]:
    """The path of every leaf (string) of ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path


LEAVES = list(_leaves(BODY, "body"))


def _set(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    parts = re.findall(r"\.([a-z0-9_]+)|\[(\d+)\]", path.removeprefix("body"))
    target: Any = out
    keys: list[str | int] = [name if name else int(index) for name, index in parts]
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return out


def _get(body: dict[str, Any], path: str) -> Any:
    parts = re.findall(r"\.([a-z0-9_]+)|\[(\d+)\]", path.removeprefix("body"))
    target: Any = body
    for name, index in parts:
        target = target[name if name else int(index)]
    return target


def _valid_replacement(path: str, old: str | int, seed: int) -> str | int:
    """Another well-formed value of the same kind as the one at ``path``."""
    rng = DeterministicRandom(seed)
    if path == "body.head.index":
        return HEAD.index + 1 + seed % 1000
    if path == "body.head.hash":
        return rng.randbytes(32).hex()
    assert isinstance(old, str)
    if path == "body.district":
        return "south"
    if path == "body.credential":
        return SigningKey.generate(rng).public.hex()
    if path == "body.nonce":
        return rng.randbytes(32).hex()
    if path == "body.signature":
        return KEY_A.sign(tags.BALLOT_SIGNATURE, b"other", rng=rng).hex()
    if len(old) == 66:  # an element
        return G.to_hex(G.exp_g(G.random_nonzero_scalar(rng)))
    return G.scalar_to_hex(G.random_scalar(rng))  # a scalar


def _expected_path(path: str) -> str:
    """Where a valid-looking change must be reported (see check_ballot's docstring)."""
    m = re.match(r"body\.questions\[(\d+)\]\.(proofs\[\d+\]|range)", path)
    if m:
        return m.group(0)
    if path.startswith("body.head") or path == "body.signature":
        return "body.signature"  # the voter signed the head she named: a board cannot move it
    # district, credential, nonce, a ciphertext: ballot_stmt changed, so the first proof fails
    return "body.questions[0].proofs[0]"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LEAVES), st.integers(0, 2**32))
def test_any_valid_looking_change_fails_naming_its_field(path: str, seed: int) -> None:
    old = _get(BODY, path)
    new = _valid_replacement(path, old, seed)
    tampered = _set(BODY, path, new)
    if path != "body.signature":
        tampered = _resign(tampered)
    with pytest.raises((ProofError, RecordError)) as info:
        check_ballot(PARAMS, tampered, "entry 9")
    assert str(info.value).startswith(f"entry 9: field {_expected_path(path)}"), str(info.value)


_GARBAGE = ["", "00", "zz", "ABCD", "02" + "ff" * 32, "04" + "11" * 32]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(LEAVES), st.sampled_from(_GARBAGE))
def test_any_malformed_field_is_refused_by_its_path(path: str, garbage: str) -> None:
    old = _get(BODY, path)
    if garbage == old or path == "body.district":
        return
    tampered = _set(BODY, path, garbage)
    with pytest.raises(RecordError) as info:
        check_ballot(PARAMS, tampered, "entry 9")
    assert f"entry 9: field {path}" in str(info.value)


@pytest.mark.parametrize(
    "path",
    [
        "body.questions[0].ciphertexts[1].alpha",
        "body.questions[1].ciphertexts[0].beta",
        "body.questions[0].proofs[1].a0",
        "body.questions[1].proofs[2].b1",
        "body.questions[1].range.a[2]",
        "body.questions[0].range.b[0]",
    ],
)
def test_identity_refused_in_ciphertexts_and_commitments(path: str) -> None:
    with pytest.raises(
        RecordError, match=re.escape(f"{path}: the identity element is not allowed")
    ):
        check_ballot(PARAMS, _set(BODY, path, "00"), "e")


def test_shapes_and_fields_are_exact() -> None:
    with pytest.raises(RecordError, match="unknown field"):
        check_ballot(PARAMS, {**BODY, "extra": 1}, "e")
    with pytest.raises(RecordError, match="missing field"):
        check_ballot(PARAMS, {k: v for k, v in BODY.items() if k != "signature"}, "e")
    with pytest.raises(RecordError, match=re.escape("body.questions: expected 2")):
        check_ballot(PARAMS, {**BODY, "questions": BODY["questions"][:1]}, "e")
    short = _set(BODY, "body.questions[1].proofs", BODY["questions"][1]["proofs"][:2])
    with pytest.raises(RecordError, match=re.escape("body.questions[1].proofs: expected 3")):
        check_ballot(PARAMS, short, "e")
    with pytest.raises(RecordError, match="unknown district 'west'"):
        check_ballot(PARAMS, {**BODY, "district": "west"}, "e")
    # a range proof for another [min, max] has the wrong number of branches
    other = BallotParams.from_manifest(G, K, CTX, [(2, 1, 1), (3, 0, 3)], ["north", "south"])
    with pytest.raises(RecordError, match=re.escape("body.questions[1].range: for [min, max]")):
        check_ballot(other, BODY, "e")


def test_ballot_for_credential_a_signed_by_b_fails() -> None:
    message = OPENED.encrypted.signed_message(G, HEAD)
    forged = {**BODY, "signature": KEY_B.sign(tags.BALLOT_SIGNATURE, *message).hex()}
    with pytest.raises(ProofError, match=re.escape("entry 3: field body.signature")):
        check_ballot(PARAMS, forged, "entry 3")
    with pytest.raises(ParameterError):
        sign_ballot(KEY_B, G, OPENED.encrypted, HEAD)
    # B re-binding A's ciphertexts to its own key invalidates every proof
    with pytest.raises(ProofError, match=re.escape("body.questions[0].proofs[0]")):
        check_ballot(PARAMS, _resign({**BODY, "credential": KEY_B.public.hex()}, KEY_B), "e")


def test_ballot_for_another_district_fails() -> None:
    moved = _resign({**BODY, "district": "south"})
    with pytest.raises(ProofError, match=re.escape("entry 4: field body.questions[0].proofs[0]")):
        check_ballot(PARAMS, moved, "entry 4")
    other_election = BallotParams.from_manifest(
        G, K, bytes(32), [(2, 1, 1), (3, 0, 2)], ["north", "south"]
    )
    with pytest.raises(ProofError):
        check_ballot(other_election, BODY, "e")


# ---------------------------------------------------------------------------------- batching


def test_batch_mode_agrees_with_direct_checks() -> None:
    honest = [_opened(seed=f"b{i}").cast(KEY_A, PARAMS, HEAD).to_json(G) for i in range(4)]
    bad_v = _resign(_set(honest[1], "body.questions[1].proofs[2].v1", G.scalar_to_hex(5)))
    bad_range = _resign(_set(honest[2], "body.questions[0].range.v[0]", G.scalar_to_hex(7)))
    bad_sig = {**honest[3], "signature": BODY["signature"]}
    items = [("e0", honest[0]), ("e1", bad_v), ("e2", bad_range), ("e3", bad_sig), ("e4", BODY)]
    verdicts = check_ballots(PARAMS, items)
    for (where, body), verdict in zip(items, verdicts, strict=True):
        try:
            direct: str | None = None
            check_ballot(PARAMS, body, where)
        except (ProofError, RecordError) as exc:
            direct = str(exc)
        assert verdict.ok == (direct is None), where
        if direct is not None:
            field = direct.split(": ")[1]
            assert any(field in error for error in verdict.errors), (direct, verdict.errors)
    assert [v.ok for v in verdicts] == [True, False, False, False, True]


# -------------------------------------------------------------------------------- challenges


def test_honest_challenge_passes_v10() -> None:
    body = OPENED.challenge().to_json(G)
    assert "signature" not in body
    opened = check_challenge(PARAMS, loads_strict(dumps_canonical(body), "t"), "entry 5")
    assert opened.choices == ((1, 0), (0, 1, 1))
    assert opened.tracking == OPENED.encrypted.tracking


def test_lying_challenges_fail_v10() -> None:
    body = OPENED.challenge().to_json(G)
    wrong_r = _set(body, "body.questions[1].randomness[2]", G.scalar_to_hex(12345))
    with pytest.raises(ProofError, match=re.escape("body.questions[1].ciphertexts[2]: does not")):
        check_challenge(PARAMS, wrong_r, "e")
    flipped = _set(body, "body.questions[0].choices", [0, 1])
    with pytest.raises(ProofError, match=re.escape("body.questions[0].ciphertexts[0]: does not")):
        check_challenge(PARAMS, flipped, "e")
    other_tracking = _set(body, "body.tracking", "00" * 32)
    with pytest.raises(ProofError, match=re.escape("body.tracking")):
        check_challenge(PARAMS, other_tracking, "e")
    with pytest.raises(
        RecordError, match=re.escape("body.questions[0].choices[1]: expected 0 or 1")
    ):
        check_challenge(PARAMS, _set(body, "body.questions[0].choices", [1, 2]), "e")
    with pytest.raises(RecordError, match="unknown field"):
        check_challenge(PARAMS, {**body, "signature": BODY["signature"]}, "e")


def test_challenged_ballot_has_the_identity_of_the_same_ballot_cast() -> None:
    challenge = check_challenge(PARAMS, OPENED.challenge().to_json(G), "e")
    cast_later = check_ballot(PARAMS, BODY, "e")
    assert challenge.identity == cast_later.identity
    # proving the challenged ciphertexts afresh does not change the identity
    enc = OPENED.encrypted
    reproved = []
    for i, (q, bits, rs) in enumerate(
        zip(enc.questions, OPENED.choices, OPENED.randomness, strict=True)
    ):
        prfs = tuple(
            zk.prove_zero_one(G, K, ct, m, r, zero_one_context(enc.statement, i, j))
            for j, (ct, m, r) in enumerate(zip(q.ciphertexts, bits, rs, strict=True))
        )
        shape = PARAMS.questions[i]
        rp = zk.prove_range(
            G,
            K,
            q.total(G),
            sum(bits),
            sum(rs) % G.q,
            shape.min,
            shape.max,
            range_context(enc.statement, i),
        )
        reproved.append(EncryptedQuestion(q.ciphertexts, prfs, rp))
    again = EncryptedBallot.build(
        PARAMS, "north", KEY_A.public.xonly, OPENED.encrypted.nonce or b"", reproved
    )
    ballot = check_ballot(PARAMS, sign_ballot(KEY_A, G, again, HEAD).to_json(G), "e")
    assert ballot.tracking != challenge.tracking
    assert ballot.identity == challenge.identity
    # a fresh encryption of the same choices is another ballot
    assert _opened(seed="fresh").encrypted.identity != challenge.identity


def test_a_challenge_names_no_credential() -> None:
    """Spec §11.2: the opened ballot carries the binding, never the credential or the nonce;
    the cast ballot's credential and nonce recompute that binding."""
    body = OPENED.challenge().to_json(G)
    assert set(body) == {"district", "binding", "questions", "tracking"}
    text = dumps_canonical(body)
    enc = OPENED.encrypted
    assert enc.credential is not None and enc.nonce is not None
    assert enc.credential.hex() not in text and enc.nonce.hex() not in text
    opened = check_challenge(PARAMS, body, "e")
    assert opened.encrypted.credential is None and opened.encrypted.binding == enc.binding
    assert ballot_binding(enc.credential, enc.nonce) == enc.binding
    # the same choices of another voter: the same shape, nothing in it tells the two apart
    other = encrypt_ballot(PARAMS, "north", KEY_B.public.xonly, CHOICE, DeterministicRandom("b"))
    other_body = other.challenge().to_json(G)
    assert set(other_body) == set(body) and other_body["binding"] != body["binding"]
    with pytest.raises(RecordError, match="unknown field"):
        check_challenge(PARAMS, {**body, "credential": KEY_A.public.hex()}, "e")


def test_a_ballot_moved_under_another_credential_fails_its_proofs() -> None:
    """Copy resistance (spec §11.2): B signing A's ballot with his own key and A's nonce, or
    with a nonce of his own, changes the binding, so every proof fails."""
    for nonce in (BODY["nonce"], "11" * 32):
        moved = _resign({**BODY, "credential": KEY_B.public.hex(), "nonce": nonce}, KEY_B)
        with pytest.raises(ProofError, match=re.escape("body.questions[0].proofs[0]")):
            check_ballot(PARAMS, moved, "e")


def test_a_credential_of_no_point_is_refused_naming_it_each_time() -> None:
    """The credential's key is parsed once per ballot and kept for its signature check; an
    x-coordinate of no point is refused by the decoder, each time it is seen, naming the field,
    and a valid credential seen before it changes nothing."""
    x = 5  # x³ + 7 = 132 is no square mod p: no point has x = 5
    off_curve = {**BODY, "credential": x.to_bytes(32, "big").hex()}
    check_ballot(PARAMS, BODY, "entry 3")
    for _ in range(2):
        with pytest.raises(RecordError) as caught:
            check_ballot(PARAMS, off_curve, "entry 3")
        assert caught.value.field == "body.credential"
        assert "not the x-coordinate of a secp256k1 point" in str(caught.value)
    assert check_ballot(PARAMS, BODY, "entry 3").encrypted.credential == KEY_A.public.xonly
