"""The full tamper suite: each attack is caught by exactly the check that targets it.

Each test says how its record was made. *Re-sealed*: a hostile board changed a valid record after
the fact and re-sealed it (:class:`~tests.verify._reseal.HostileBoard`: every hash, link and head
redone, colluding parties re-signing their own bodies, the authority and the trustees re-counting
the changed board), so V1 passes and only the targeted check can fail. *During the run*: the
dishonest party acted while the record was produced (:class:`~tests.verify._reseal.HostileBuilder`),
because changing the record afterwards would also break a second check. *Unsealed*: the chain
or a head was changed without re-sealing; V1 is the target.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from plebiscite.crypto.groups import get_group
from plebiscite.model.ballot import BallotParams
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.record import RecordIndex
from plebiscite.model.roll import chunk_bodies
from plebiscite.rules.checker import Checker
from plebiscite.verify.command import verify_record

from ._record import (
    CLOSES,
    ELECTION_ID,
    Builder,
    Built,
    Plan,
    build,
    heads_file,
    key,
    reseal,
    voter,
    write_record,
)
from ._reseal import (
    CeremonyPlan,
    HostileBoard,
    HostileBuilder,
    HostilePlan,
    build_hostile,
    only,
    verify,
)

SECP = get_group("secp256k1")


def _question(body: JSONObject) -> dict[str, object]:
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    return questions[0]


def _ct(body: JSONObject, option: int = 0) -> dict[str, str]:
    cts = _question(body)["ciphertexts"]
    assert isinstance(cts, list)
    return cts[option]  # type: ignore[no-any-return]


def _proof(body: JSONObject, option: int = 0) -> dict[str, str]:
    proofs = _question(body)["proofs"]
    assert isinstance(proofs, list)
    return proofs[option]  # type: ignore[no-any-return]


def _uncompressed(hex_point: str) -> str:
    from coincurve import PublicKey

    return PublicKey(bytes.fromhex(hex_point)).format(compressed=False).hex()


def resealed_ballot(honest: Built, name: str, change: object) -> tuple[Built, int]:
    """``honest`` with ballot ``name``'s body changed by ``change(body)`` and re-sealed."""
    board = HostileBoard(honest)
    index = honest.ballots[name]
    body = board.body(index)
    assert callable(change)
    change(body)
    board.replace(index, body)
    return board.seal(), index


# -- V5: the same ballot re-encoded non-canonically (re-sealed) ---------------------------------


@pytest.mark.parametrize(
    ("how", "field"),
    [
        ("uncompressed point", "body.questions[0].ciphertexts[0].alpha"),
        ("upper-case hex", "body.questions[0].ciphertexts[0].beta"),
        ("scalar + q", "body.questions[0].proofs[0].v0"),
    ],
)
def test_non_canonical_encoding_of_a_ballot_fails_v5(honest: Built, how: str, field: str) -> None:
    """Re-sealed: the board re-encodes a counted ballot (north-5, whose first 0/1 proof has
    ``v0 = 0``, so ``v0 + q`` fits the 32 bytes); the value is the same, the encoding is not
    canonical, so the ballot is refused (and the recount leaves it out)."""

    def change(body: JSONObject) -> None:
        if how == "uncompressed point":
            ct = _ct(body)
            ct["alpha"] = _uncompressed(ct["alpha"])
        elif how == "upper-case hex":
            ct = _ct(body)
            ct["beta"] = ct["beta"].upper()
        else:
            proof = _proof(body)
            assert int(proof["v0"], 16) == 0
            proof["v0"] = SECP.q.to_bytes(32, "big").hex()

    built, index = resealed_ballot(honest, "north-5", change)
    report = verify(built)
    only(report, "V5", index, field)
    assert report.figures["counted"] == 7


def test_duplicate_json_key_is_refused_where_the_line_is_read(
    honest: Built, tmp_path: Path
) -> None:
    """Unsealed (at the text level): a copy of a ballot whose line repeats a key. The parsed
    value would be the same ballot, so the entry hash still matches; the strict parser refuses the
    line (spec §13 V1.1: a line that does not parse is a V1 failure at its file and line).
    It is the last line here, so reading it is the last thing the verifier does."""
    last = honest.entries[-1]
    body = honest.entries[honest.ballots["north-2"]].body
    copy = Entry.create(last.index + 1, last.time, "ballot", body, last.hash)
    entries = [*honest.entries, copy]
    heads = [*honest.heads, SignedHead.for_entry(key("board"), ELECTION_ID, copy)]
    record = write_record(tmp_path / "record", entries, heads)
    shard = record / "board-000000.jsonl"
    lines = shard.read_bytes().split(b"\n")
    assert lines[-2].startswith(b'{"body":{')
    lines[-2] = lines[-2].replace(b'{"body":{', b'{"body":{"credential":"00",', 1)
    data = b"\n".join(lines)
    shard.write_bytes(data)
    index = RecordIndex.from_json(json.loads((record / "record.json").read_text()), "record")
    shard_info = index.shards[0]
    fixed = RecordIndex(
        index.entries,
        (
            type(shard_info)(
                shard_info.file,
                shard_info.first,
                shard_info.count,
                len(data),
                hashlib.sha256(data).digest(),
            ),
        ),
        index.heads,
    )
    (record / "record.json").write_text(fixed.to_text())
    report = verify_record(record, workers=1)
    assert report.failed_checks == ["V1"], [str(f) for f in report.failures]
    (failure,) = [f for f in report.failures if "duplicate key" in f.message]
    assert f"board-000000.jsonl:{len(entries)}" in failure.message
    assert all(f.index in (None, copy.index) for f in report.failures)


# -- V5: identities, credentials, window --------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("ciphertext", "body.questions[0].ciphertexts[1].beta"),
        ("commitment", "body.questions[0].proofs[1].b1"),
    ],
)
def test_identity_element_in_a_ballot_fails_v5(honest: Built, where: str, field: str) -> None:
    """Re-sealed: the board puts the identity (``"00"``) into a counted ballot."""

    def change(body: JSONObject) -> None:
        if where == "ciphertext":
            _ct(body, 1)["beta"] = "00"
        else:
            _proof(body, 1)["b1"] = "00"

    built, index = resealed_ballot(honest, "north-2", change)
    only(verify(built), "V5", index, field)


def test_proofs_bound_to_one_credential_signed_by_another_fail_v5(honest: Built) -> None:
    """Re-sealed, with a colluding voter: south-2 takes north-2's ciphertexts and proofs, puts
    her own credential and district on them and signs. The signature is valid; the proofs were
    made for north-2's statement and fail."""
    from plebiscite.model.ballot import EncryptedBallot, check_ballot, sign_ballot

    board = HostileBoard(honest)
    index = honest.ballots["north-2"]
    params = _params(honest)
    original = check_ballot(params, honest.entries[index].body, "north-2")
    thief = voter("south", 2)
    stolen = EncryptedBallot.build(
        params, "south", thief.public.xonly, original.encrypted.questions
    )
    board.replace(index, sign_ballot(thief, SECP, stolen).to_json(SECP))
    built = board.seal()
    report = verify(built)
    only(report, "V5", index, "body.questions[0].proofs[0]")
    assert {f.field for f in report.failures} == {
        "body.questions[0].proofs[0]",
        "body.questions[0].proofs[1]",
        "body.questions[0].range",
    }


def _params(built: Built) -> BallotParams:
    checker = Checker()
    open_at = next(e.index for e in built.entries if e.kind == "open")
    checker.feed_all(built.entries[: open_at + 1])
    params = checker.params
    checker.close()
    assert params is not None
    return params


def test_ballot_outside_the_window_fails_v5(honest: Built) -> None:
    """Re-sealed: the board gives the last ballot a time at the window's end (still before
    close, so the chain's times do not decrease)."""
    board = HostileBoard(honest)
    index = honest.ballots["north-5"]
    board.replace(index, board.body(index), time=CLOSES)
    report = verify(board.seal())
    only(report, "V5", index, "time")


# -- V4: the roll ------------------------------------------------------------------------------


def test_roll_size_not_registered_fails_v4() -> None:
    """During the run: the CA posts south's roll without one voter (2 keys, 3 registered).
    Afterwards this would change the roll's root and with it the election context."""

    def drop(keys: dict[str, list[bytes]]) -> dict[str, list[bytes]]:
        keys["south"] = keys["south"][:2]
        return keys

    built = build(Plan(roll_keys=drop))
    final = next(e.index for e in built.entries if e.kind == "credential_roll_final")
    only(verify(built), "V4", final, "body.districts[1].count")


def test_roll_chunk_posted_after_open_during_the_run_fails_v4() -> None:
    """During the run: the CA signs a chunk with a new key for ``empty`` and the board posts it
    while voting. (Moving an existing chunk after ``open`` instead would change the roots that
    the election context binds, and V2 and V5 would fail as well.)"""
    late: dict[str, int] = {}

    def post_chunk(b: Builder) -> None:
        late_key = key("late voter").public.xonly
        (body,) = chunk_bodies("empty", [late_key], 4, key=key("ca"), election_id=ELECTION_ID)
        body["position"] = 1
        late["index"] = b.post("credential_roll", body).index

    built = build(Plan(before_close=post_chunk))
    report = verify(built)
    only(report, "V4", late["index"], "kind")
    assert "after the final entry" in report.failures[0].message


# -- V3: the ceremony (during the run) ---------------------------------------------------------


def _election_key(built: Built) -> int:
    return next(e.index for e in built.entries if e.kind == "election_key")


def test_unanswered_complaint_fails_v3() -> None:
    """During the run: trustee 1 complains against trustee 2, who never answers; the authority
    still lists 2 in QUAL and in K. (The drill, ``open`` and the ballots use the honest key; a
    ballot under the posted key would fail V2 and V5 as well.)"""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(complaint=(1, 2), posted_qual=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.qualified")
    assert any("unanswered" in n for n in report.notes)


def test_disqualified_dealer_in_the_joint_key_fails_v3() -> None:
    """During the run: dealer 2 never posts its shares and is rightly left out of QUAL, but the
    authority multiplies its constant term into K."""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(no_shares=2, posted_key_from=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.joint_key")
    assert "body.qualified" not in {f.field for f in report.failures}


def test_copied_schnorr_proof_fails_v3() -> None:
    """During the run: trustee 2 reveals its commitments with trustee 1's proof for the
    constant term (re-signed by 2); the authority counts 2 as qualified."""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(copied_proof=(2, 1), posted_qual=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.qualified")


# -- V8: decryptions (during the run) ----------------------------------------------------------


def test_partial_decryption_from_outside_qual_fails_v8() -> None:
    """During the run: dealer 2 never posted its shares (so QUAL = {1, 3}, honestly posted);
    trustee 2 still posts a partial decryption, signed with its key."""
    from plebiscite.model import tally as mt

    posted: dict[str, int] = {}

    def outsider(b: HostileBuilder) -> None:
        tally_entry = next(e for e in b.entries if e.kind == "tally")
        checker_tally = mt.parse_tally(b.group, b.definition, tally_entry.body, "tally")
        partial = mt.make_partial_decryption(
            b.group, 2, 12345, checker_tally, tally_entry.hash, b.election_ctx, b.rng
        )
        body = b.signed(key("trustee 2"), "partial_decryption", partial.to_body(b.group))
        posted["index"] = b.post("partial_decryption", body).index

    built = build_hostile(HostilePlan(ceremony=CeremonyPlan(no_shares=2), after_partials=outsider))
    report = verify(built)
    only(report, "V8", posted["index"], "body.trustee")


def test_second_partial_decryption_of_a_trustee_fails_v8() -> None:
    """During the run: trustee 1 posts a second (valid) partial decryption."""
    from plebiscite.model import tally as mt

    posted: dict[str, int] = {}

    def again(b: HostileBuilder) -> None:
        tally_entry = next(e for e in b.entries if e.kind == "tally")
        tally = mt.parse_tally(b.group, b.definition, tally_entry.body, "tally")
        partial = mt.make_partial_decryption(
            b.group, 1, b.secrets[1], tally, tally_entry.hash, b.election_ctx, b.rng
        )
        body = b.signed(key("trustee 1"), "partial_decryption", partial.to_body(b.group))
        posted["index"] = b.post("partial_decryption", body).index

    built = build_hostile(HostilePlan(after_partials=again))
    report = verify(built)
    only(report, "V8", posted["index"], "body.trustee")
    assert "second" in report.failures[0].message


def test_result_combining_a_trustee_without_a_share_fails_v8() -> None:
    """During the run: the authority's result says it combined trustees 1 and 2, but trustee 2
    posted no partial decryption (1 and 3 did): a wrong combination."""
    built = build_hostile(HostilePlan(result_trustees=(1, 2)))
    report = verify(built)
    only(report, "V8", len(built.entries) - 1, "body.trustees")


# -- V9 / V7: figures and aggregates ------------------------------------------------------------


def test_wrong_superseded_figure_fails_v9() -> None:
    """During the run: the authority signs a result with one more superseded ballot in north
    (and, consistently, in the total)."""

    def lie(body: JSONObject) -> JSONObject:
        districts = body["districts"]
        assert isinstance(districts, list) and isinstance(districts[0], dict)
        superseded = districts[0]["superseded"]
        assert isinstance(superseded, int)
        districts[0]["superseded"] = superseded + 1
        return body

    built = build(Plan(result_body=lie))
    only(verify(built), "V9", len(built.entries) - 1, "body.districts[0].superseded")


def test_missing_aggregate_in_the_tally_fails_v7(honest: Built) -> None:
    """Re-sealed: the authority drops north's ``no`` aggregate from the tally and re-signs it
    (spec §13 V7: none missing). No tally without it can be decrypted or counted, so V8 and V9
    necessarily report that they have no valid tally to check against; V7 names the place."""
    from plebiscite.model.signed import sign_body

    board = HostileBoard(honest)
    sealed = board.seal()
    tally_at = next(e.index for e in sealed.entries if e.kind == "tally")
    body = json.loads(json.dumps(sealed.entries[tally_at].body))
    body["districts"][0]["aggregates"][0].pop()
    body = sign_body(key("authority"), ELECTION_ID, "tally", body)
    entries = list(sealed.entries)
    entries[tally_at] = Entry.create(
        tally_at, entries[tally_at].time, "tally", body, entries[tally_at].prev
    )
    resealed, heads = reseal(entries)
    report = verify(Built(honest.definition, resealed, heads, {}))
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == ["V7", "V8", "V9"], shown
    (v7,) = report.failures_of("V7")
    assert v7.index == tally_at and v7.field == "body.districts[0].aggregates[0]", shown
    # the consequences: nothing to decrypt or to check the result against
    assert all(
        "before any valid tally" in f.message or f.index == len(resealed) - 1
        for f in report.failures_of("V8")
    ), shown
    assert [f.field for f in report.failures_of("V9")] == ["body.tally"], shown


# -- modp4096 (during the run: a small record) ---------------------------------------------------


@pytest.fixture(scope="module")
def modp() -> Built:
    return build_hostile(HostilePlan(group="modp4096"))


def test_valid_modp4096_record_passes(modp: Built) -> None:
    """The edge cases pass on modp4096 too: an empty district, r and −r, a v = 0 branch."""
    report = verify(modp)
    assert report.ok, [str(f) for f in report.failures]
    assert report.figures["counted"] == 8


@pytest.mark.parametrize(
    ("what", "field"),
    [
        ("negated commitment", "body.questions[0].proofs[0].a0"),
        ("small-order element", "body.questions[0].ciphertexts[0].alpha"),
    ],
)
def test_modp4096_element_outside_the_subgroup_fails_v5(modp: Built, what: str, field: str) -> None:
    """Re-sealed: ``p − a0`` (the negation, outside the order-q subgroup) as a proof commitment,
    or ``p − 1`` (order 2) as a ciphertext component, in a counted ballot."""
    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    size = group.element_bytes

    def change(body: JSONObject) -> None:
        if what == "negated commitment":
            proof = _proof(body)
            proof["a0"] = (p - int(proof["a0"], 16)).to_bytes(size, "big").hex()
        else:
            _ct(body)["alpha"] = (p - 1).to_bytes(size, "big").hex()

    board = HostileBoard(modp, "modp4096")
    index = modp.ballots["north-2"]
    body = board.body(index)
    change(body)
    board.replace(index, body)
    only(verify(board.seal()), "V5", index, field)


# -- V1: unsealed -------------------------------------------------------------------------------


def test_forked_head_supplied_outside_fails_v1(honest: Built, tmp_path: Path) -> None:
    """Unsealed: the board signed a head over a different entry at an index of the chain (a
    fork shown to one observer); the observer supplies it with ``--heads``."""
    i = honest.ballots["north-3"]
    e = honest.entries[i]
    fork = Entry.create(i, e.time, "ballot", honest.entries[honest.ballots["north-4"]].body, e.prev)
    head = SignedHead.for_entry(key("board"), ELECTION_ID, fork)
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    kept = heads_file(tmp_path / "observer.jsonl", [head])
    report = verify_record(record, [kept])
    assert report.failed_checks == ["V1"]
    (failure,) = report.failures
    assert failure.index == i and failure.field == f"{kept}:1"
    assert "hash" in failure.message


def test_resealed_record_passes_v1_but_honest_receipts_catch_it(
    honest: Built, tmp_path: Path
) -> None:
    """Re-sealed: the board moves the window of one ballot (V5 fails); the receipts voters kept
    from the honest board no longer match the chain (V1 fails at every entry from there)."""
    board = HostileBoard(honest)
    index = honest.ballots["north-5"]
    board.replace(index, board.body(index), time=CLOSES)
    sealed = board.seal()
    record = write_record(tmp_path / "record", sealed.entries, sealed.heads)
    assert verify_record(record).failed_checks == ["V5"]
    kept = heads_file(tmp_path / "receipts.jsonl", [honest.heads[index]])
    report = verify_record(record, [kept])
    assert report.failed_checks == ["V1", "V5"]
    assert [f.index for f in report.failures_of("V1")] == [index]


def test_modp4096_batched_decoding_equals_value_by_value(modp: Built) -> None:
    """The one-batch subgroup check of a modp4096 ballot decodes exactly what the value-by-value
    decoders give, and hands every bad body back to them (so they name the bad value)."""
    from plebiscite.crypto import proofs as zk
    from plebiscite.crypto.elgamal import decode_ciphertext
    from plebiscite.model.ballot import QuestionShape, _decode_question_batched

    group = get_group("modp4096")
    shape = QuestionShape(2, 1, 1)
    question = _question(modp.entries[modp.ballots["north-2"]].body)
    fast = _decode_question_batched(group, question, shape)
    assert fast is not None
    cts = question["ciphertexts"]
    proofs = question["proofs"]
    assert isinstance(cts, list) and isinstance(proofs, list)
    assert fast.ciphertexts == tuple(
        decode_ciphertext(group, x, "ct", allow_identity=False) for x in cts
    )
    assert fast.proofs == tuple(zk.decode_zero_one(group, x, "p") for x in proofs)
    assert fast.range_proof == zk.decode_range(group, question["range"], "r")
    p = group.p  # type: ignore[attr-defined]
    for bad in ((p - 1).to_bytes(group.element_bytes, "big").hex(), "00", "AB" * 512):
        changed = json.loads(json.dumps(question))
        changed["proofs"][1]["b1"] = bad
        assert _decode_question_batched(group, changed, shape) is None
