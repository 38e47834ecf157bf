"""V5, each ballot: non-canonical encodings, identities, another credential's proofs, the window.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from plebiscite.model.ballot import BallotParams
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.record import RecordIndex
from plebiscite.model.tally import cosign_early_close
from plebiscite.rules.checker import Checker
from plebiscite.verify.command import verify_record

from . import _record
from ._record import (
    CLOSES,
    ELECTION_ID,
    Built,
    key,
    voter,
    write_record,
)
from ._reseal import (
    SECP,
    HostileBoard,
    ciphertext_of,
    only,
    proof_of,
    resealed_ballot,
    uncompressed,
    verify,
)

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
            ct = ciphertext_of(body)
            ct["alpha"] = uncompressed(ct["alpha"])
        elif how == "upper-case hex":
            ct = ciphertext_of(body)
            ct["beta"] = ct["beta"].upper()
        else:
            proof = proof_of(body)
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
            ciphertext_of(body, 1)["beta"] = "00"
        else:
            proof_of(body, 1)["b1"] = "00"

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
        params, "south", thief.public.xonly, bytes(32), original.encrypted.questions
    )
    board.replace(index, sign_ballot(thief, SECP, stolen, original.head).to_json(SECP))
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


# -- V5: early close (spec §12.5) ----------------------------------------------------------------


def _closed_early(honest: Built, trustees: tuple[int, ...]) -> tuple[Built, int]:
    """Re-sealed: the authority (with the board) closes an hour before the window's end, with
    the co-signatures of ``trustees``; the tally, decryptions and result follow as usual."""
    assert honest.definition.allow_early_close
    board = HostileBoard(honest)
    board.close_time = CLOSES - 3_600_000_000
    opened = next(e for e in honest.entries if e.kind == "open")
    ctx = bytes.fromhex(str(opened.body["election_ctx"]))
    board.cosignatures = tuple(
        cosign_early_close(key(f"trustee {i}"), i, ELECTION_ID, ctx) for i in trustees
    )
    sealed = board.seal()
    close = next(e for e in sealed.entries if e.kind == "close")
    assert close.body["early"] is True
    return sealed, close.index


def test_early_close_without_trustees_fails_v5(honest: Built) -> None:
    """The authority alone closes early: V5 alone, at the close, field ``body.cosignatures``;
    the report notes the early close."""
    sealed, at = _closed_early(honest, ())
    report = verify(sealed)
    only(report, "V5", at, "body.cosignatures")
    assert any("closed EARLY" in note for note in report.notes)


def test_early_close_with_one_trustee_of_two_fails_v5(honest: Built) -> None:
    sealed, at = _closed_early(honest, (3,))
    only(verify(sealed), "V5", at, "body.cosignatures")


def test_early_close_co_signed_by_k_trustees_passes_with_a_note(honest: Built) -> None:
    sealed, at = _closed_early(honest, (1, 3))
    report = verify(sealed)
    assert report.ok, [str(f) for f in report.failures]
    assert any(f"entry {at}" in note and "[1, 3]" in note for note in report.notes)


def test_early_close_where_the_manifest_forbids_it_fails() -> None:
    """Spec §12.5: without ``allow_early_close`` no co-signature makes an early close valid."""
    from dataclasses import replace

    from plebiscite.model import tally as mt
    from plebiscite.rules.ceremony import CeremonyResult
    from plebiscite.rules.early_close import check_early_close

    strict = replace(_record.definition(), allow_early_close=False)
    close = mt.Close(True, (), ())
    (problem,) = check_early_close(strict, close, CeremonyResult(), bytes(32))
    assert (problem.field, problem.reason) == ("body.early", "early_close_not_allowed")
    on_time = mt.Close(False, (), (mt.Cosignature(1, bytes(64)),))
    (problem,) = check_early_close(strict, on_time, CeremonyResult(), bytes(32))
    assert problem.field == "body.cosignatures"
