"""What the tests of the mode fake-credentials share: run the checker over a record that may stop
before its tally, and the assertion that one check failed alone at one entry."""

from __future__ import annotations

from plebiscite.model.entry import Entry
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report

__all__ = ["only_check", "verify_in_progress"]


def verify_in_progress(entries: list[Entry]) -> tuple[Report, list[int]]:
    """Every check over ``entries`` (in progress: what is not on the board yet is no failure),
    and V12's list of valid ballots in board order."""
    checker = Checker()
    try:
        checker.feed_all(entries)
        return checker.finish(in_progress=True), list(checker.mode_ballots)
    finally:
        checker.close()


def only_check(report: Report, check: str, index: int, field: str) -> None:
    """Exactly ``check`` failed, only at entry ``index``, at least once at ``field``."""
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == [check], shown
    assert all(f.index == index for f in report.failures), shown
    assert any(f.field == field for f in report.failures), shown
