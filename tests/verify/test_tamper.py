"""Tamper tests: a dishonest party changes the record; exactly the targeted check fails.

Two kinds. A *re-sealed* record is changed after the fact by a hostile board, which then
recomputes every later hash and re-signs the heads with its key: V1 passes and the targeted check
fails at the right entry. A record built by a *dishonest party during the run* (a board that
accepts a replay, a CA that posts a duplicate key, an authority that signs a wrong figure) is
consistent everywhere else, so only the targeted check fails. Unsealed changes and receipts kept
outside target V1.
"""

from __future__ import annotations

from pathlib import Path

from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.signed import unsigned_part
from plebiscite.rules.report import Report
from plebiscite.verify.command import verify_record

from ._record import Builder, Built, Plan, build, heads_file, reseal, voter, write_record
from ._reseal import district_of, swapped_randomness
from .test_checker import run


def only(report: Report, check: str, index: int | None) -> None:
    assert report.failed_checks == [check], [str(f) for f in report.failures]
    assert all(f.index == index for f in report.failures), [str(f) for f in report.failures]


def test_replayed_ballot_after_a_revote_fails_v6() -> None:
    """north-5 revotes; her first ballot, replayed while still recent (within max_ballot_age of
    its head, so V5 passes), is the same ballot: invalid by V6, and the revote still counts."""

    def replay(b: Builder) -> None:
        first = b.bodies["north-5"]
        b.cast("north-5 revote", "north", 5, [0, 1])
        b.post("ballot", first)
        b.named["replay"] = len(b.entries) - 1

    built = build(Plan(before_close=replay))
    report = run(built)
    only(report, "V6", built.ballots["replay"])
    assert "replay" in report.failures[0].message
    assert report.figures["counted"] == 8  # the revote still counts


def test_cast_of_a_challenged_ballot_fails_v6() -> None:
    """The booth's challenged ballot, signed and cast later: invalid."""
    stash: dict[str, JSONObject] = {}

    def cast_challenged(b: Builder) -> None:
        from plebiscite.crypto.signatures import SigningKey  # noqa: F401

        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        b.post("challenge", opened.challenge().to_json(b.group))
        b.cast("cast challenged", "south", 2, [1, 0], opened=opened)
        stash["done"] = {}

    plan = Plan(before_close=cast_challenged)
    built = build(plan)
    report = run(built)
    only(report, "V6", built.ballots["cast challenged"])
    assert "challenged" in report.failures[0].message


def test_ballot_after_close_fails_v5(honest: Built) -> None:
    extra: dict[str, JSONObject] = {}

    def prepare(b: Builder) -> None:  # encrypted during the run, posted by the board later
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        from plebiscite.model.ballot import sign_ballot

        extra["body"] = sign_ballot(signer, b.group, opened.encrypted, b.head()).to_json(b.group)

    built = build(Plan(before_close=prepare))
    # posted at the end: anything between close and the tally would change the tally entry's
    # hash, which every partial decryption names (V8 would fail as well)
    last = built.entries[-1]
    late = Entry.create(0, last.time, "ballot", extra["body"], last.hash)
    sealed, heads = reseal([*built.entries, late])
    report = run(Built(built.definition, sealed, heads, built.plaintext_counts))
    only(report, "V5", last.index + 1)
    assert any("after close" in f.message for f in report.failures)


def test_duplicate_roll_key_fails_v4() -> None:
    def duplicate(keys: dict[str, list[bytes]]) -> dict[str, list[bytes]]:
        keys["empty"] = [keys["north"][0]]
        return keys

    built = build(Plan(roll_keys=duplicate))
    report = run(built)
    roll = [e.index for e in built.entries if e.kind == "credential_roll"]
    only(report, "V4", roll[-1])
    assert "duplicate" in report.failures[0].message


def test_wrong_turnout_fails_v9() -> None:
    def lie(body: JSONObject) -> JSONObject:
        district = district_of(body, 1)
        turnout = district["turnout_ppm"]
        assert isinstance(turnout, int)
        district["turnout_ppm"] = turnout + 10_000
        return body

    built = build(Plan(result_body=lie))
    report = run(built)
    only(report, "V9", len(built.entries) - 1)
    assert report.failures[0].field == "body.districts[1].turnout_ppm"


def test_missing_aggregate_in_the_result_fails_v9() -> None:
    def drop(body: JSONObject) -> JSONObject:
        counts = district_of(body, 2)["counts"]
        assert isinstance(counts, list) and isinstance(counts[0], list)
        counts[0].pop()
        return body

    built = build(Plan(result_body=drop))
    report = run(built)
    only(report, "V9", len(built.entries) - 1)
    assert report.failures[0].field.startswith("body.districts[2].counts")


def test_challenge_with_wrong_randomness_fails_v10() -> None:
    built = build(Plan(challenge_body=swapped_randomness))
    report = run(built)
    only(report, "V10", built.ballots["north-1 challenge"])
    assert "re-encrypt" in report.failures[0].message


def test_resealed_changed_ballot_passes_v1_but_not_v5(honest: Built) -> None:
    """A hostile board swaps a ballot's credential signature for another ballot's; re-sealed."""
    entries = list(honest.entries)
    a, b = honest.ballots["north-2"], honest.ballots["north-3"]
    body = dict(entries[a].body)
    body["signature"] = entries[b].body["signature"]
    entries[a] = Entry.create(a, entries[a].time, "ballot", body, entries[a].prev)
    sealed, heads = reseal(entries)
    report = run(Built(honest.definition, sealed, heads, honest.plaintext_counts))
    assert "V1" not in report.failed_checks
    v5 = [f for f in report.failures if f.check == "V5" and f.index == a]
    # the field and the message are the error's attributes (the message without the entry)
    assert [f.field for f in v5] == ["body.signature"]
    assert v5[0].message.startswith("not a valid signature by the credential")


# -- V1: unsealed changes and outside receipts ---------------------------------------------------


def test_edited_entry_fails_v1(honest: Built) -> None:
    entries = list(honest.entries)
    i = honest.ballots["north-4"]
    e = entries[i]
    entries[i] = Entry(e.index, e.time + 1, e.kind, e.body, e.prev, e.hash)
    report = run(Built(honest.definition, entries, honest.heads, honest.plaintext_counts))
    only(report, "V1", i)
    assert report.failures[0].field == "hash"


def test_receipt_of_a_vanished_entry_fails_v1(honest: Built, tmp_path: Path) -> None:
    i = honest.ballots["north-3"]
    receipt = honest.heads[i]
    dropped = [e for e in honest.entries if e.index != i]
    sealed, heads = reseal(dropped)
    record = write_record(tmp_path / "record", sealed, heads)
    without = verify_record(record)
    assert "V1" not in without.failed_checks
    kept = heads_file(tmp_path / "receipts.jsonl", [receipt])
    report = verify_record(record, [kept])
    v1 = report.failures_of("V1")
    assert len(v1) == 1 and v1[0].index == i
    assert v1[0].field == f"{kept}:1"


def test_receipt_forged_under_another_key_is_rejected_input_not_a_v1_failure(
    honest: Built, tmp_path: Path
) -> None:
    """A forged receipt (a head over a different hash, signed by another key, or for another
    election) given with ``--heads`` says nothing about the record: the honest record passes and
    each forged line is a warning naming its file and line (spec §13 V1.6)."""
    from plebiscite.model.entry import SignedHead

    from ._record import ELECTION_ID, key

    e = honest.entries[5]
    fork = Entry.create(e.index, e.time, e.kind, {"forged": True}, e.prev)
    forged = SignedHead.for_entry(key("not the board"), ELECTION_ID, fork)
    foreign = SignedHead.for_entry(key("board"), bytes(16), fork)
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    kept = heads_file(tmp_path / "h.jsonl", [honest.heads[4], forged, foreign])
    report = verify_record(record, [kept])
    assert report.ok, [str(f) for f in report.failures]
    assert [r.place for r in report.rejected] == [f"{kept}:2", f"{kept}:3"]
    assert "not the board key's" in report.rejected[0].message
    assert "not this election's" in report.rejected[1].message
    # the same head in the record's own heads file is the board's word: V1 fails there
    report = run(Built(honest.definition, honest.entries, [*honest.heads, forged], {}))
    only(report, "V1", 5)
    assert report.rejected == ()


def test_unsigned_part_is_what_the_authority_signed(honest: Built) -> None:
    """The manifest's signature covers its body without the signature (sanity of the fixture)."""
    assert "signature" not in unsigned_part(honest.entries[0].body)


def test_heads_kept_outside_are_read_line_by_line_in_their_order(
    honest: Built, tmp_path: Path
) -> None:
    """A long ``--heads`` file (more lines than a chunk of heads, so its signatures are checked
    in several chunks) of receipts and heads mixed with blank lines, a line that is no JSON, a
    forged head and a head over another hash: every line is numbered as the file numbers it, a
    bare CR ending a line as well, and the report is the same in one process and with workers."""
    import json

    from plebiscite.model.entry import SignedHead
    from plebiscite.verify.command import RECEIPT_FORMAT
    from plebiscite.verify.parallel import HEADS_CHUNK

    from ._record import ELECTION_ID, key

    e = honest.entries[5]
    fork = Entry.create(e.index, e.time, e.kind, {"forged": True}, e.prev)
    forged = json.dumps(SignedHead.for_entry(key("not the board"), ELECTION_ID, fork).to_json())
    other_hash = json.dumps(SignedHead.for_entry(key("board"), ELECTION_ID, fork).to_json())
    lines = []
    for n in range(HEADS_CHUNK * 2 + 40):
        head = honest.heads[n % len(honest.heads)].to_json()
        lines.append(json.dumps({"format": RECEIPT_FORMAT, "head": head} if n % 2 else head))
    lines[3], lines[9], lines[600], lines[700], lines[1000] = forged, "", "{not json", forged, ""
    lines[800] = other_hash
    text = "\n".join(lines[:20]) + "\r" + "\n".join(lines[20:]) + "\n"
    kept = tmp_path / "kept.jsonl"
    kept.write_text(text)
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    one, two = verify_record(record, [kept], workers=1), verify_record(record, [kept], workers=2)
    for report in (one, two):
        assert [r.place for r in report.rejected] == [f"{kept}:{n}" for n in (4, 601, 701)], (
            report.rejected
        )
        assert "not the board key's" in report.rejected[0].message
        assert "not a signed head" in report.rejected[1].message
        v1 = report.failures_of("V1")
        assert [(f.index, f.field) for f in v1] == [(5, f"{kept}:801")]
        assert report.checked["V1"] == one.checked["V1"]
    assert one.to_json() == two.to_json()
