"""V1, the chain and its heads: forks and re-sealed records caught by heads kept outside.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from pathlib import Path

from plebiscite.model.entry import Entry, SignedHead
from plebiscite.verify.command import verify_record

from ._record import (
    CLOSES,
    ELECTION_ID,
    Built,
    heads_file,
    key,
    write_record,
)
from ._reseal import (
    HostileBoard,
)

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
