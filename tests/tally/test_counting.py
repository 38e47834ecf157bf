"""The counting pipeline: close, tally, the trustees' partial decryptions, the result."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from plebiscite.authority.command import result_table
from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.ceremony.trustee import load_secret_share
from plebiscite.cli import app
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.errors import BoardError, InputError, RecordError
from plebiscite.model import tally as mt
from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.entry import Entry
from plebiscite.model.signed import unsigned_part
from plebiscite.model.tally import (
    PARTIAL_KIND,
    RESULT_KIND,
    TALLY_KIND,
    DistrictAggregates,
    Tally,
    sign,
)
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.state.party import init_party
from plebiscite.tally.count import count_board
from plebiscite.tally.decrypt import DecryptRefused, trustee_decrypt
from plebiscite.tally.result import compute_result

from ._election import CLOSES, HOUR, PASSPHRASE, Election, LocalBoard, SimClock, build, key


def vote(
    election: Election, board: LocalBoard, clock: SimClock, plan: list[tuple[str, int, int]]
) -> None:
    """Cast ``(district, voter, option)`` ballots in order, one minute apart."""
    for n, (district, i, option) in enumerate(plan):
        bits = [1, 0] if option == 0 else [0, 1]
        body = election.ballot(election.voters[district][i], district, bits, f"plan {n}")
        board.post("ballot", body)
        clock.now += 60_000_000


def close_and_tally(board: LocalBoard, clock: SimClock) -> None:
    clock.now = CLOSES
    close_voting(board, key("authority"), clock=clock)
    post_tally(board, key("authority"))


def test_full_pipeline_gives_the_plaintext_counts(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    plan = [
        ("north", 0, 0),
        ("north", 1, 0),
        ("north", 2, 1),
        ("north", 0, 1),  # revote: north 0 now says "no"
        ("south", 0, 0),
        ("south", 1, 1),
        ("north", 3, 0),
        ("north", 1, 1),  # revote
        ("north", 1, 0),  # and back: the last counts
    ]
    vote(election, board, clock, plan)
    group = election.params.group
    opened = election.opened(election.voters["south"][2], "south", [0, 1], "challenged")
    board.post("challenge", opened.challenge().to_json(group))
    # the plaintext counts kept aside: each credential's last choice
    last: dict[tuple[str, int], int] = {}
    for district, i, option in plan:
        last[(district, i)] = option
    expected = {
        d: [sum(1 for (dd, _), o in last.items() if dd == d and o == opt) for opt in (0, 1)]
        for d in ("north", "south")
    }
    close_and_tally(board, clock)
    with pytest.raises(InputError, match="k = 2"):
        post_result(board, key("authority"))
    first = trustee_decrypt(board, election.trustees[0], PASSPHRASE)
    assert first.appended is not None and first.trustee == 1
    again = trustee_decrypt(board, election.trustees[0], PASSPHRASE)
    assert again.appended is None and again.existing == first.appended.entry.index
    with pytest.raises(InputError, match="1 valid partial"):
        post_result(board, key("authority"))
    # trustee 2 is absent: trustees 1 and 3 are a quorum
    assert trustee_decrypt(board, election.trustees[2], PASSPHRASE).appended is not None
    # a result claiming a challenge the board does not hold is refused (spec §11.6, V9.2)
    count = count_board(board.iter_entries(0))
    inflated = compute_result(count).to_body()
    for part in (inflated["districts"][1], inflated["total"]):  # type: ignore[index]
        assert isinstance(part, dict) and part["challenged"] == 1
        part["challenged"] = 2
    with pytest.raises(BoardError) as refused:
        board.post(RESULT_KIND, sign(key("authority"), count.election_id, RESULT_KIND, inflated))
    assert refused.value.reason == "wrong_figures"
    assert "body.districts[1].challenged: 2, but the board holds 1" in refused.value.message
    step, result = post_result(board, key("authority"))
    assert step.appended is not None
    assert result.trustees == (1, 3)
    for district, counts in expected.items():
        figures = result.figures(district)
        assert list(figures.counts[0]) == counts
        assert figures.counted == sum(counts)
    north, south = result.figures("north"), result.figures("south")
    assert (north.superseded, north.challenged) == (3, 0)
    assert (south.superseded, south.challenged) == (0, 1)
    assert north.turnout_ppm == 4 * 1_000_000 // 6
    assert result.total.counts[0] == (expected["north"][0] + expected["south"][0], 3)
    assert result.total.registered == 10
    # the verifier's checker passes the whole record
    checker = Checker()
    checker.feed_all(board.entries())
    report = checker.finish()
    checker.close()
    assert not report.failures, [str(f) for f in report.failures]
    # and the posted result reads back to the same figures
    entry = board.entries()[step.index]
    posted, turnouts = mt.parse_result(election.definition, entry.body, "result")
    assert mt.compare_result(posted, turnouts, result) == []
    assert mt.check_count_bounds(election.definition, posted) == []
    # plebiscite results shows it
    board_dir = tmp_path / "board-dir"
    init_party(board_dir, "board", PASSPHRASE)
    (board_dir / "board.sqlite").write_bytes(b"")
    board.close()
    (board_dir / "board.sqlite").write_bytes(board.path.read_bytes())
    shown = CliRunner().invoke(app, ["results", "--board", str(board_dir)], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "District north" in shown.output and "66.67 %" in shown.output


def test_trustee_refuses_a_tally_that_differs(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    vote(election, board, clock, [("north", 0, 0), ("north", 1, 1), ("south", 0, 0)])
    clock.now = CLOSES
    close_voting(board, key("authority"), clock=clock)
    group = election.params.group
    # the authority posts a tally with north's two options swapped
    honest = _recomputed(board)
    north = honest.districts[0]
    row = north.aggregates[0]
    swapped = DistrictAggregates("north", north.counted, ((row[1], row[0]),))
    forged = Tally((swapped, honest.districts[1]))
    body = sign(
        key("authority"), election.definition.election_id or b"", TALLY_KIND, forged.to_body(group)
    )
    board.post(TALLY_KIND, body)
    with pytest.raises(DecryptRefused, match="differs from this trustee's own recomputation"):
        trustee_decrypt(board, election.trustees[1], PASSPHRASE)


def _recomputed(board: LocalBoard) -> Tally:
    checker = Checker()
    checker.feed_all(board.entries())
    try:
        return checker.aggregates()
    finally:
        checker.close()


def test_decrypt_refuses_before_close(election: Election, board: LocalBoard) -> None:
    with pytest.raises(DecryptRefused, match="not closed"):
        trustee_decrypt(board, election.trustees[0], PASSPHRASE)
    with pytest.raises(InputError, match="not closed"):
        post_tally(board, key("authority"))


@pytest.fixture(scope="module")
def strict_election(tmp_path_factory: pytest.TempPathFactory, test_kdf: None) -> Election:
    """The test election with a minimum district size of 4."""
    return build(tmp_path_factory.mktemp("strict"), min_size=4)


@dataclass
class SmallRecord:
    """The strict election (minimum size 4) counted, with its first partial decryption's body."""

    election: Election
    entries: list[Entry]
    result: mt.Result
    first_partial: JSONObject


def _counted(election: Election, where: Path, plan: list[tuple[str, int, int]]) -> SmallRecord:
    """``plan`` voted, closed, tallied, decrypted by trustees 1 and 3 and the result posted."""
    clock = SimClock(CLOSES - 10 * HOUR)
    board = election.board(where, clock)
    try:
        vote(election, board, clock, plan)
        close_and_tally(board, clock)
        first = trustee_decrypt(board, election.trustees[0], PASSPHRASE)
        assert first.appended is not None
        trustee_decrypt(board, election.trustees[2], PASSPHRASE)
        _, result = post_result(board, key("authority"))
        return SmallRecord(election, board.entries(), result, first.appended.entry.body)
    finally:
        board.close()


@pytest.fixture(scope="module")
def small_record(
    strict_election: Election, tmp_path_factory: pytest.TempPathFactory
) -> SmallRecord:
    """One district below the minimum: north counted 4, south 2."""
    plan = [("north", i, i % 2) for i in range(4)] + [("south", 0, 0), ("south", 1, 1)]
    return _counted(strict_election, tmp_path_factory.mktemp("small"), plan)


def _check(entries: list[Entry]) -> Report:
    checker = Checker()
    try:
        checker.feed_all(entries)
        return checker.finish()
    finally:
        checker.close()


def _resealed(entries: list[Entry], index: int, body: JSONObject) -> list[Entry]:
    """``entries`` with entry ``index``'s body replaced and every later hash redone."""
    out = entries[:index]
    for entry in entries[index:]:
        changed = body if entry.index == index else entry.body
        out.append(Entry.create(entry.index, entry.time, entry.kind, changed, out[-1].hash))
    return out


def _decrypted(partial: JSONObject) -> list[str]:
    districts = partial["districts"]
    assert isinstance(districts, list)
    return [str(d["id"]) for d in districts if isinstance(d, dict)]


def test_one_district_below_the_minimum_withholds_another(small_record: SmallRecord) -> None:
    """South counted 2 of a minimum of 4: north (4) is not decrypted on its own either, since
    the total minus north would be south's counts (spec §12.2); the total is decrypted."""
    assert _decrypted(small_record.first_partial) == []
    assert small_record.first_partial["total"] is not None
    result = small_record.result
    north, south = result.figures("north"), result.figures("south")
    assert north.withheld and north.counted == 4
    assert south.withheld and south.counted == 2 and south.registered == 4
    assert result.total.counts == ((3, 3),) and result.total.counted == 6
    posted = small_record.entries[-1].body["districts"]
    assert isinstance(posted, list)
    assert all(isinstance(d, dict) and d["counts"] is None for d in posted)
    report = _check(small_record.entries)
    assert report.ok, [str(f) for f in report.failures]
    console = Console(record=True, width=200)
    for table in result_table(small_record.election.definition, result):
        console.print(table)
    shown = console.export_text()
    assert shown.count("withheld") == 4 and "3 (50.00 %)" in shown, shown


def test_two_districts_below_the_minimum_decrypt_only_the_total(
    strict_election: Election, tmp_path: Path
) -> None:
    """North counted 3 and south 2 (both below 4): only the total of 5 is decrypted."""
    plan = [("north", i, i % 2) for i in range(3)] + [("south", 0, 1), ("south", 1, 1)]
    record = _counted(strict_election, tmp_path, plan)
    assert _decrypted(record.first_partial) == [] and record.first_partial["total"] is not None
    assert all(f.withheld for _, f in record.result.districts)
    assert record.result.total.counts == ((2, 3),) and not record.result.total.withheld
    report = _check(record.entries)
    assert report.ok, [str(f) for f in report.failures]


def test_a_total_below_the_minimum_is_never_decrypted(
    strict_election: Election, tmp_path: Path
) -> None:
    """Every district below the minimum and the total too (3 of 4): nothing is decrypted, the
    result publishes no count at all, and the record passes."""
    plan = [("north", 0, 0), ("north", 1, 1), ("south", 0, 0)]
    record = _counted(strict_election, tmp_path, plan)
    assert _decrypted(record.first_partial) == [] and record.first_partial["total"] is None
    assert all(f.withheld for _, f in record.result.districts)
    assert record.result.total.withheld and record.result.total.counted == 3
    total = record.entries[-1].body["total"]
    assert isinstance(total, dict) and total["counts"] is None
    report = _check(record.entries)
    assert report.ok, [str(f) for f in report.failures]


def test_districts_at_the_minimum_are_decrypted(strict_election: Election, tmp_path: Path) -> None:
    """North counted 5 and south nothing: north is decrypted, south counts 0 (nothing to hide)."""
    record = _counted(strict_election, tmp_path, [("north", i, i % 2) for i in range(5)])
    assert _decrypted(record.first_partial) == ["north"]
    assert record.result.figures("north").counts == ((3, 2),)
    south = record.result.figures("south")
    assert south.counts == ((0, 0),) and south.counted == 0 and not south.withheld
    report = _check(record.entries)
    assert report.ok, [str(f) for f in report.failures]


def _only(report: Report, check: str, index: int, field: str) -> None:
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == [check], shown
    assert any(f.index == index and f.field == field for f in report.failures), shown


@pytest.mark.parametrize(
    ("position", "counts"),
    [
        (1, [[1, 1]]),  # south's own counts (2 ballots, below the minimum)
        (0, [[2, 2]]),  # north's (4, at the minimum): the total minus north is south's
    ],
    ids=["the-small-district", "its-neighbour"],
)
def test_result_publishing_a_withheld_districts_counts_fails_v9(
    small_record: SmallRecord, position: int, counts: list[list[int]]
) -> None:
    """The authority publishes counts the disclosure rule withholds, re-signed: V9 alone, at
    the result, at that district's ``counts``."""
    entries = small_record.entries
    last = entries[-1]
    body = unsigned_part(copy.deepcopy(last.body))
    districts = body["districts"]
    assert isinstance(districts, list)
    item = districts[position]
    assert isinstance(item, dict)
    item["counts"] = [list[JSONValue](row) for row in counts]
    eid = small_record.election.definition.election_id or b""
    signed = sign(key("authority"), eid, RESULT_KIND, body)
    report = _check(_resealed(entries, last.index, signed))
    _only(report, "V9", last.index, f"body.districts[{position}].counts")
    assert all(f.index == last.index for f in report.failures)


def _trustee_one(record: SmallRecord) -> tuple[int, mt.PartialDecryption]:
    """Where trustee 1's partial decryption is, and the one it would post decrypting everything
    (``minimum=1``)."""
    election, entries = record.election, record.entries
    eid = election.definition.election_id or b""
    at = next(e.index for e in entries if e.kind == PARTIAL_KIND and e.body["trustee"] == 1)
    tally_entry = next(e for e in entries if e.kind == TALLY_KIND)
    group = election.params.group
    tally = mt.parse_tally(group, election.definition, tally_entry.body, "tally")
    index, share = load_secret_share(election.trustees[0], PASSPHRASE, eid)
    everything = mt.make_partial_decryption(
        group, index, share, tally, tally_entry.hash, election.params.election_ctx, minimum=1
    )
    return at, everything


def _post_as_trustee_one(record: SmallRecord, at: int, partial: mt.PartialDecryption) -> Report:
    """The record with trustee 1's entry replaced by ``partial``, re-signed, and re-sealed."""
    election = record.election
    eid = election.definition.election_id or b""
    signer = election.trustees[0].signing_key(PASSPHRASE)
    body = sign(signer, eid, PARTIAL_KIND, partial.to_body(election.params.group))
    return _check(_resealed(record.entries, at, body))


def test_partial_decryption_revealing_a_small_district_by_subtraction_fails_v8(
    small_record: SmallRecord,
) -> None:
    """Trustee 1 decrypts north on its own (the total minus north is south's 2 ballots), signed
    with its key, valid proofs: V8 at its entry (and the result lacks a valid share, V8)."""
    at, everything = _trustee_one(small_record)
    north_only = mt.PartialDecryption(
        1, everything.tally, everything.districts[:1], everything.total
    )
    assert [d.district for d in north_only.districts] == ["north"]
    report = _post_as_trustee_one(small_record, at, north_only)
    _only(report, "V8", at, "body.districts")


def test_partial_decryption_of_a_total_below_the_minimum_fails_v8(
    strict_election: Election, tmp_path: Path
) -> None:
    """Three ballots in all, minimum 4: trustee 1 decrypts the total anyway, signed, valid
    proofs: V8 at its entry, field ``body.total``."""
    record = _counted(
        strict_election, tmp_path, [("north", 0, 0), ("north", 1, 1), ("south", 0, 0)]
    )
    at, everything = _trustee_one(record)
    total_only = mt.PartialDecryption(1, everything.tally, (), everything.total)
    report = _post_as_trustee_one(record, at, total_only)
    _only(report, "V8", at, "body.total")


def test_result_with_a_wrong_total_fails_v9(small_record: SmallRecord) -> None:
    entries = small_record.entries
    last = entries[-1]
    body = unsigned_part(copy.deepcopy(last.body))
    total = body["total"]
    assert isinstance(total, dict)
    total["counts"] = [[4, 2]]
    eid = small_record.election.definition.election_id or b""
    report = _check(_resealed(entries, last.index, sign(key("authority"), eid, RESULT_KIND, body)))
    _only(report, "V9", last.index, "body.total.counts[0][0]")


def test_partial_decryption_of_a_small_district_fails_v8(small_record: SmallRecord) -> None:
    """Trustee 1 decrypts south on its own as well (signed with its key, valid proofs): V8 at its
    entry; the result that combines it has one valid partial decryption too few (V8)."""
    election, entries = small_record.election, small_record.entries
    eid = election.definition.election_id or b""
    at = next(e.index for e in entries if e.kind == PARTIAL_KIND and e.body["trustee"] == 1)
    tally_entry = next(e for e in entries if e.kind == TALLY_KIND)
    group = election.params.group
    tally = mt.parse_tally(group, election.definition, tally_entry.body, "tally")
    party = election.trustees[0]
    index, share = load_secret_share(party, PASSPHRASE, eid)
    partial = mt.make_partial_decryption(
        group, index, share, tally, tally_entry.hash, election.params.election_ctx, minimum=1
    )
    assert [d.district for d in partial.districts] == ["north", "south"]
    body = sign(party.signing_key(PASSPHRASE), eid, PARTIAL_KIND, partial.to_body(group))
    report = _check(_resealed(entries, at, body))
    _only(report, "V8", at, "body.districts")


def test_trustee_refuses_a_tally_not_signed_by_the_authority(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    vote(election, board, clock, [("north", 0, 0), ("south", 0, 1)])
    clock.now = CLOSES
    close_voting(board, key("authority"), clock=clock)
    group = election.params.group
    eid = election.definition.election_id or b""
    body = sign(key("not the authority"), eid, TALLY_KIND, _recomputed(board).to_body(group))
    with pytest.raises(BoardError, match="signature"):
        board.post(TALLY_KIND, body)  # an honest board refuses it
    last = board.entries()[-1]  # a hostile one appends it anyway
    board.store.append([Entry.create(last.index + 1, last.time, TALLY_KIND, body, last.hash)])
    with pytest.raises(DecryptRefused, match="tally is not one a trustee decrypts") as refused:
        trustee_decrypt(board, election.trustees[0], PASSPHRASE)
    assert f"entry {last.index + 1}: field body.signature" in str(refused.value), refused.value
    assert not any(e.kind == PARTIAL_KIND for e in board.entries())


def test_bodies_are_read_strictly(election: Election) -> None:
    group = election.params.group
    one = group.identity()
    tally = Tally(
        tuple(
            DistrictAggregates(d.id, 0, ((Ciphertext(one, one), Ciphertext(one, one)),))
            for d in election.definition.districts
        )
    )
    body = sign(
        key("authority"), election.definition.election_id or b"", TALLY_KIND, tally.to_body(group)
    )
    assert mt.parse_tally(group, election.definition, body, "t") == tally.with_total(group)
    with pytest.raises(RecordError, match="missing field"):
        mt.parse_tally(
            group, election.definition, {k: v for k, v in body.items() if k != "total"}, "t"
        )
    with pytest.raises(RecordError, match="unknown field"):
        mt.parse_tally(group, election.definition, {**body, "extra": 1}, "t")
    districts = body["districts"]
    assert isinstance(districts, list)
    with pytest.raises(RecordError, match="manifest order"):
        mt.parse_tally(group, election.definition, {**body, "districts": districts[::-1]}, "t")
