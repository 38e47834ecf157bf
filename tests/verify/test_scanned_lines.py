"""The main process reads lines cheaply and leaves the strict parse to the workers.

A ballot's line is scanned for its envelope and district (:func:`scan_ballot_line`); the scan is
used only where the worker's strict parse agrees with it. A line in another layout is parsed in
the main process; a line the strict parse refuses ends the record there, as when the main process
parsed every line. A signed head's line is read by a pattern that accepts what the strict parse
accepts in the board's layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.errors import RecordError
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.entry import (
    Entry,
    ScannedBallot,
    SignedHead,
    parse_head,
    read_entry,
    scan_ballot_line,
)
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.verify.command import verify_record
from plebiscite.verify.parallel import Line, in_process, run_sharded

from ._record import Built, write_lines, write_record


def as_json(report: Report) -> str:
    return json.dumps(report.to_json(), sort_keys=True)


def ballot_lines(built: Built) -> list[tuple[int, bytes]]:
    return [(e.index, e.to_line().encode()) for e in built.entries if e.kind == "ballot"]


def test_the_scan_of_every_line_agrees_with_its_strict_parse(honest: Built) -> None:
    """Every ballot's line as the board writes it scans, and the scan is the entry's envelope
    and district; no other kind of line scans."""
    for entry in honest.entries:
        line = entry.to_line().encode()
        scanned = scan_ballot_line(line)
        if entry.kind != "ballot":
            assert scanned is None, entry.kind
            continue
        assert scanned is not None
        assert scanned.agrees(read_entry(line, "x"))
        assert (scanned.index, scanned.time, scanned.prev, scanned.hash) == (
            entry.index,
            entry.time,
            entry.prev,
            entry.hash,
        )
        assert scanned.district == entry.body["district"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b',"kind":"ballot",', b', "kind": "ballot",'),  # another layout of the envelope
        (b'{"body":{', b'{ "body":{'),  # another layout of the start
        (b'"district":"north"', b'"district":"nort\\u0068"'),  # an escape in the district
        (b'"time":', b'"time":0'),  # a number with a leading zero: no JSON
    ],
)
def test_a_line_in_another_layout_does_not_scan(honest: Built, old: bytes, new: bytes) -> None:
    index, line = next((i, x) for i, x in ballot_lines(honest) if b'"district":"north"' in x)
    assert scan_ballot_line(line) is not None
    assert scan_ballot_line(line.replace(old, new, 1)) is None, index


def test_a_scan_that_the_parse_contradicts_is_not_taken(honest: Built) -> None:
    """The district read by the scan is the first one; a strict parse naming another (here the
    entry as it would be with another district) does not agree."""
    index, line = ballot_lines(honest)[0]
    scanned = scan_ballot_line(line)
    assert scanned is not None
    entry = read_entry(line, "x")
    body = dict(entry.body, district="elsewhere")
    other = Entry(entry.index, entry.time, entry.kind, body, entry.prev, entry.hash)
    assert scanned.agrees(entry) and not scanned.agrees(other), index


def _record_with(honest: Built, tmp_path: Path, change: dict[int, bytes]) -> Path:
    lines = [change.get(e.index, e.to_line().encode()) for e in honest.entries]
    return write_lines(tmp_path / "record", lines, honest.heads)


def test_a_ballot_in_another_layout_is_parsed_here(honest: Built, tmp_path: Path) -> None:
    """A ballot's line with spaces (the same entry, so the same hash) is parsed by the main
    process: the report is the honest record's, with 1 and 2 workers."""
    reference = verify_record(write_record(tmp_path / "honest", honest.entries, honest.heads))
    index, line = ballot_lines(honest)[3]
    spaced = line.replace(b',"kind":"ballot",', b', "kind": "ballot", ')
    record = _record_with(honest, tmp_path, {index: spaced})
    for workers in (1, 2):
        report = verify_record(record, workers=workers, chunk_size=3)
        assert report.ok
        assert as_json(report).replace(str(record), "R") == as_json(reference).replace(
            str(tmp_path / "honest"), "R"
        )


@pytest.mark.parametrize(
    "edit",
    [
        # a duplicate key after the district the scan reads: the strict parse refuses it
        lambda line: line.replace(b'","head":{', b'","district":"north","head":{', 1),
        # a fraction in the body: no number of the record
        lambda line: line.replace(b'"head":{"hash"', b'"x":1.5,"head":{"hash"', 1),
    ],
)
def test_a_ballot_line_the_workers_refuse_ends_the_record_there(
    honest: Built, tmp_path: Path, edit: object
) -> None:
    """A ballot's line that scans but is no entry: the workers refuse it, the main process
    parses it, and the record ends there (V1, every entry before it checked), whatever the
    number of workers or the chunk size."""
    assert callable(edit)
    index, line = ballot_lines(honest)[5]
    bad = edit(line)
    assert bad != line and scan_ballot_line(bad) is not None
    record = _record_with(honest, tmp_path, {index: bad})
    reports = [
        verify_record(record, workers=w, chunk_size=c) for w, c in ((1, 128), (1, 2), (2, 3))
    ]
    assert len({as_json(r) for r in reports}) == 1
    report = reports[0]
    assert report.entries == index
    (failure,) = [f for f in report.failures if f.check == "V1" and f.index is None]
    assert failure.field == "record"
    assert f"board-000000.jsonl:{index + 1}" in failure.message
    assert "cannot be read further" in failure.message


U64 = (1 << 64) - 1


@given(
    election_id=st.binary(min_size=16, max_size=16),
    index=st.one_of(st.integers(0, U64), st.integers(U64 - 2, U64 + 2)),
    entry_hash=st.binary(min_size=32, max_size=32),
    time=st.one_of(st.integers(0, U64), st.integers(U64 - 2, U64 + 2)),
    signature=st.binary(min_size=64, max_size=64),
    spoil=st.sampled_from([b"", b"upper", b"zero", b"space", b"short"]),
)
@settings(max_examples=200, deadline=None)
def test_a_head_line_reads_as_the_strict_parse_reads_it(
    election_id: bytes, index: int, entry_hash: bytes, time: int, signature: bytes, spoil: bytes
) -> None:
    """A signed head's line, as written or spoiled (upper-case hex, a leading zero, a space, a
    short hash), gives what the strict parse of the same JSON gives: the same head or an error
    naming the same field."""
    value: JSONObject = {
        "election_id": election_id.hex(),
        "entry_hash": entry_hash.hex(),
        "index": index,
        "signature": signature.hex(),
        "time": time,
    }
    line = dumps_canonical(value).encode()
    if spoil == b"upper":
        line = line.replace(entry_hash.hex().encode(), entry_hash.hex().upper().encode())
    elif spoil == b"zero":
        line = line.replace(b'"index":', b'"index":0')
    elif spoil == b"space":
        line = line.replace(b'"time":', b'"time": ')
    elif spoil == b"short":
        line = line.replace(entry_hash.hex().encode(), entry_hash.hex()[2:].encode())

    def outcome(parse: Callable[[], SignedHead]) -> SignedHead | tuple[str, str]:
        try:
            return parse()
        except RecordError as exc:
            return exc.field, exc.detail

    slow = outcome(lambda: parse_head(loads_strict(line, "h"), "h"))
    assert outcome(lambda: parse_head(line, "h")) == slow


def test_lines_scanned_and_checked_in_this_process(honest: Built, tmp_path: Path) -> None:
    """The scanned path with the chunks run in this process (``verify --workers 1`` parses every
    line itself): an honest record passes whole, and a refused line ends the record at its index
    with the error the strict parse gives."""
    index, line = ballot_lines(honest)[2]
    bad = line.replace(b'","head":{', b'","district":"north","head":{', 1)
    for change, ends in (({}, None), ({index: bad}, index)):
        record = _record_with(honest, tmp_path / str(ends), change)
        checker, errors = Checker(), list[RecordError]()
        try:
            lines = (Line(where, data, i) for where, data, i in RecordReader(record).lines())
            with in_process() as submit:
                run_sharded(checker, lines, submit, chunk_size=4, unreadable=errors.append)
            count = checker.entries
        finally:
            checker.close()
        if ends is None:
            assert errors == [] and count == len(honest.entries)
        else:
            assert count == ends
            (error,) = errors
            assert "duplicate key 'district'" in str(error)


def test_the_chain_is_linked_from_the_scan_as_from_the_parse(honest: Built, tmp_path: Path) -> None:
    """V1 over scanned ballots: a ballot re-sealed with a time before its predecessor's, and one
    whose stored hash is not its content's, give the same failures whether the main process
    parsed their lines (one worker) or scanned them (two workers, chunks of any size)."""
    entries = list(honest.entries)
    (i, _), (j, _) = ballot_lines(honest)[1], ballot_lines(honest)[4]
    e = entries[i]
    entries[i] = Entry.create(e.index, entries[i - 1].time - 1, e.kind, e.body, e.prev)
    entries[j] = replace(entries[j], hash=bytes(32))
    record = write_record(tmp_path / "record", entries, honest.heads)
    reports = [
        verify_record(record, workers=w, chunk_size=c) for w, c in ((1, 128), (2, 3), (2, 64))
    ]
    assert len({as_json(r) for r in reports}) == 1
    found = {(f.index, f.field) for f in reports[0].failures if f.check == "V1"}
    assert {(i, "time"), (i + 1, "prev"), (j, "hash")} <= found, found


def test_a_scanned_ballot_needs_the_parameters() -> None:
    """Before the manifest and the parameters a ballot must be fed whole."""
    checker = Checker()
    try:
        assert not checker.scanned_ballots()
        scanned = ScannedBallot(0, 0, bytes(32), bytes(32), "north")
        with pytest.raises(ValueError, match="fed whole"):
            checker.feed_scanned_ballot(scanned, bytes(32))
    finally:
        checker.close()
