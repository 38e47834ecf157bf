"""Checking ElectionGuard 1.x records: both published samples with their known outcomes, a record
with a missing guardian made by the SDK, and tampered copies that must each fail exactly the
check that covers what was changed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _shared import SHARED, needs
from plebiscite.cli import app
from plebiscite.crypto.modp import MODP4096_P, MODP4096_Q
from plebiscite.interop.eghash import EGHex, eg_hex, hash_elems, iso_utc, manifest_hash
from plebiscite.interop.electionguard import CHECKS, EGReport, verify_electionguard

DATA = SHARED / "data" / "electionguard"
SAMPLE = DATA / "python-sdk-sample"
HAMILTON = DATA / "hamilton-general-testprimes" / "election_record"
FIXTURE = Path(__file__).parents[1] / "fixtures" / "electionguard" / "referendum-missing-guardian"

needs_sample = needs(SAMPLE / "context.json", "the ElectionGuard sample records")


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def tampered(tmp_path: Path, source: Path, rel: str, change: Callable[[Any], None]) -> EGReport:
    """Verify a copy of ``source`` whose file ``rel`` was changed by ``change``."""
    copy = tmp_path / "record"
    shutil.copytree(source, copy)
    obj = load(copy / rel)
    change(obj)
    (copy / rel).write_text(json.dumps(obj, indent=2), encoding="utf-8")
    return verify_electionguard(copy)


def bump_hex(text: str, q: int) -> str:
    """A scalar changed to another scalar below q."""
    return eg_hex((int(text, 16) + 1) % q)


# -- ElectionGuard's hash conventions -------------------------------------------------------------


def test_hex_form_is_uppercase_even_length() -> None:
    assert eg_hex(0) == "00"
    assert eg_hex(0xABC) == "0ABC"
    assert eg_hex(255) == "FF"


def test_hash_elems_matches_values_computed_by_the_sdk() -> None:
    # computed with electionguard 1.4.0: hash_elems(ElementModQ(1), "a", None, [], ["x", 2], 0, "")
    # and hash_elems(ElementModP(0x0ABC), 12345)
    got = hash_elems(MODP4096_Q, EGHex(1), "a", None, [], ["x", 2], 0, "")
    assert eg_hex(got) == "FEFE63D59C2FB03B798CCD472057F13346BFF28D730EF35024F8C555A7E464B0"
    got = hash_elems(MODP4096_Q, EGHex(0xABC), 12345)
    assert eg_hex(got) == "5C7B058F3B35E4E3F88A452C3163862AA4EBDE3C652055C3687C041F5F4F197E"


def test_hash_elems_typing_rules() -> None:
    q = MODP4096_Q
    assert hash_elems(q, None) == hash_elems(q, []) == hash_elems(q, "null")
    assert hash_elems(q, 10) != hash_elems(q, EGHex(10))  # "10" against "0A"
    assert hash_elems(q, ["a", "b"]) == hash_elems(q, eg_hex(hash_elems(q, "a", "b")))
    with pytest.raises(TypeError):
        hash_elems(q, True)


def test_dates_are_hashed_in_utc_whole_seconds() -> None:
    assert iso_utc("2020-03-01T08:00:00-05:00", "start_date") == "2020-03-01T13:00:00Z"
    assert iso_utc("2020-03-01T08:00:00.75", "start_date") == "2020-03-01T08:00:00Z"


@needs_sample
def test_manifest_hash_of_the_sample_matches_its_context() -> None:
    recorded = int(load(SAMPLE / "context.json")["manifest_hash"], 16)
    assert manifest_hash(MODP4096_Q, load(SAMPLE / "manifest.json")) == recorded


# -- whole records --------------------------------------------------------------------------------


@needs_sample
def test_the_sdk_sample_verifies_completely() -> None:
    report = verify_electionguard(SAMPLE)
    assert report.ok, report.render()
    assert report.standard_group and report.warnings == []
    for check in CHECKS:
        assert report.checked[check] > 0, check
    files = [p for p in SAMPLE.rglob("*.json") if p.is_file()]
    assert report.checked["EG0"] == len(files)  # every file of the record read once
    assert report.checked["EG6"] >= 400  # every element of the record


@needs_sample
def test_hamilton_fails_exactly_the_manifest_hash_and_warns_about_its_constants() -> None:
    report = verify_electionguard(HAMILTON)
    assert [str(f) for f in report.failures] == [
        "EG2 context.json, manifest_hash: recorded 6208, but manifest.json hashes to 4F1C"
    ]
    assert not report.standard_group
    assert any(w.startswith("NON-STANDARD CONSTANTS") for w in report.warnings)
    assert any(w.startswith("SMALL q: q has 16 bits") for w in report.warnings)
    # everything else was checked: 5 guardians × 3 Schnorr proofs, every share of 5 guardians
    assert report.checked["EG4"] >= 15 and report.checked["EG11"] >= 60


def test_a_record_with_a_missing_guardian_verifies() -> None:
    tally = load(FIXTURE / "tally.json")
    shares = [
        s for c in tally["contests"].values() for x in c["selections"].values() for s in x["shares"]
    ]
    compensated = [s for s in shares if s["recovered_parts"]]
    assert compensated and all(s["guardian_id"] == "3" for s in compensated)
    report = verify_electionguard(FIXTURE)
    assert report.ok, report.render()


# -- tampered copies ------------------------------------------------------------------------------


@needs_sample
def test_changed_selection_proof_response_fails_eg7(tmp_path: Path) -> None:
    rel = "submitted_ballots/submitted_ballot_1048ce32-f1b1-4b05-b7fb-8c615ac842ee.json"

    def change(b: Any) -> None:
        proof = b["contests"][0]["ballot_selections"][1]["proof"]
        proof["proof_one_response"] = bump_hex(proof["proof_one_response"], MODP4096_Q)

    report = tampered(tmp_path, SAMPLE, rel, change)
    assert report.failed_checks() == ["EG7"]
    [failure] = report.failures
    assert failure.file == rel
    assert failure.field == "contests[0].ballot_selections[1].proof"


@needs_sample
def test_changed_tally_count_fails_eg12(tmp_path: Path) -> None:
    def change(t: Any) -> None:
        t["contests"]["justice-supreme-court"]["selections"]["john-adams-selection"]["tally"] += 1

    report = tampered(tmp_path, SAMPLE, "tally.json", change)
    assert report.failed_checks() == ["EG12"]
    assert [f.field for f in report.failures] == [
        "contests.justice-supreme-court.selections.john-adams-selection.tally"
    ]


@needs_sample
def test_changed_decryption_share_fails_eg11(tmp_path: Path) -> None:
    def change(t: Any) -> None:
        share = t["contests"]["referendum-pineapple"]["selections"][
            "referendum-pineapple-affirmative-selection"
        ]["shares"][1]
        g = int(load(SAMPLE / "constants.json")["generator"], 16)
        share["share"] = eg_hex(int(share["share"], 16) * g % MODP4096_P)  # still a member

    report = tampered(tmp_path, SAMPLE, "tally.json", change)
    assert report.failed_checks() == ["EG11"]
    where = "contests.referendum-pineapple.selections.referendum-pineapple-affirmative-selection"
    fields = {f.field for f in report.failures}
    assert f"{where}.shares[1].proof" in fields  # the share's proof fails
    assert f"{where}.value" in fields  # and the shares no longer combine to β / value
    assert all(f.startswith(where) for f in fields)


@needs_sample
def test_non_member_element_fails_eg6(tmp_path: Path) -> None:
    rel = "submitted_ballots/submitted_ballot_5a150c74-a2cb-47f6-b575-165ba8a4ce53.json"

    def change(b: Any) -> None:
        # p − 1 has order 2: in range, not in the order-q subgroup
        b["contests"][0]["ballot_selections"][0]["proof"]["proof_zero_pad"] = eg_hex(MODP4096_P - 1)

    report = tampered(tmp_path, SAMPLE, rel, change)
    assert report.failed_checks() == ["EG6"]
    assert [(f.file, f.field) for f in report.failures] == [
        (rel, "contests[0].ballot_selections[0].proof.proof_zero_pad")
    ]


def test_changed_compensated_share_fails_eg11(tmp_path: Path) -> None:
    q = int(load(FIXTURE / "constants.json")["small_prime"], 16)
    p = int(load(FIXTURE / "constants.json")["large_prime"], 16)
    g = int(load(FIXTURE / "constants.json")["generator"], 16)

    def change(t: Any) -> None:
        selection = t["contests"]["question-1"]["selections"]["question-1-yes"]
        missing = next(s for s in selection["shares"] if s["recovered_parts"])
        part = missing["recovered_parts"]["1"]
        part["share"] = eg_hex(int(part["share"], 16) * g % p)

    assert q.bit_length() == 16
    report = tampered(tmp_path, FIXTURE, "tally.json", change)
    assert report.failed_checks() == ["EG11"]
    assert all("recovered_parts.1" in f.field or f.field.endswith("share") for f in report.failures)


# -- the command ----------------------------------------------------------------------------------


def test_command_exit_codes_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["verify-electionguard", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "all checks passed" in result.output
    copy = tmp_path / "record"
    shutil.copytree(FIXTURE, copy)
    (copy / "tally.json").unlink()
    result = runner.invoke(app, ["verify-electionguard", str(copy), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["ok"] is False
    assert report["failures"] == [
        {"check": "EG0", "file": "tally.json", "field": "", "message": "file is missing"}
    ]
    assert runner.invoke(app, ["verify-electionguard", str(tmp_path / "none")]).exit_code == 2


def test_verify_format_electionguard_is_the_same_check(tmp_path: Path) -> None:
    """``plebiscite verify --format electionguard`` runs the same checks and exit codes."""
    runner = CliRunner()
    result = runner.invoke(app, ["verify", "--format", "electionguard", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "all checks passed" in result.output
    copy = tmp_path / "record"
    shutil.copytree(FIXTURE, copy)
    (copy / "tally.json").unlink()
    result = runner.invoke(app, ["verify", str(copy), "--format", "electionguard", "--json"])
    assert result.exit_code == 1
    assert '"EG0"' in result.stdout
    unknown = runner.invoke(app, ["verify", "--format", "helios", str(FIXTURE)])
    assert unknown.exit_code == 2
    assert "known: plebiscite, electionguard" in unknown.output
