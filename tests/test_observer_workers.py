"""An observer whose checker is fed through the verifier's local processes
(``plebiscite observe --workers N``): the same alarms, failures and report as one fed entry by
entry, poll after poll and on a restart that checks the whole mirror again. Within one poll the
order may differ (one by one, a ballot's proofs are checked in a batch found failing after the
signatures checked alone; in chunks, every failure comes in board order), never what is found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.errors import InputError
from plebiscite.observe import command
from plebiscite.observe.observer import FeedEntries, Observer
from plebiscite.verify.parallel import local_feed
from test_observer_saved_check import SECRET, Board, _feeds, _verdicts
from verify._record import Plan, build
from verify.test_parallel import misbehave


@pytest.fixture(scope="module")
def feed() -> Iterator[FeedEntries]:
    with local_feed(2) as feed:
        yield feed


def _alarms(observer: Observer, **options: object) -> list[str]:
    return sorted(str(a.to_json()) for a in observer.poll(**options))  # type: ignore[arg-type]


def _found(observer: Observer) -> tuple[object, ...]:
    entries, tip, failures = _verdicts(observer)
    return entries, tip, sorted(map(str, failures))  # type: ignore[call-overload]


@pytest.mark.parametrize("misbehaving", [False, True], ids=["honest", "misbehaving"])
def test_local_processes_leave_what_one_by_one_leaves(
    misbehaving: bool, feed: FeedEntries, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build(Plan(before_close=misbehave)) if misbehaving else build()
    total = len(built.entries)
    here_board, there_board = Board(built, 0), Board(built, 0)
    here = Observer(tmp_path / "here", here_board)  # type: ignore[arg-type]
    there = Observer(tmp_path / "there", there_board, feed=feed, secret=SECRET)  # type: ignore[arg-type]
    fed = _feeds(monkeypatch)  # what any checker is fed one entry at a time from now on
    told: list[int] = []
    for shown in (3, total // 2, total):  # before the open, in the voting, to the end
        here_board.shown = there_board.shown = shown
        expected = _alarms(here)
        before = len(fed)
        assert _alarms(there, progress=told.append) == expected
        assert len(fed) == before  # run in chunks, none fed one by one
        assert _found(there) == _found(here)
    assert sum(told) == total
    failed = [f.check for f in here.checker.failures]
    assert (failed != []) == misbehaving and ("V5" in failed) == misbehaving
    assert there.save_check()  # a checker fed in chunks is saved as any other
    report = here.checker.finish().to_json()  # once: finishing is the end of a checker's run
    assert there.checker.finish().to_json() == report
    there.close()
    resumed = Observer(tmp_path / "there", there_board, feed=feed, secret=SECRET)  # type: ignore[arg-type]
    assert resumed.resumed == total and len(fed) == before
    assert _found(resumed) == _found(here)
    resumed.close()
    # a restart without a saved check: the whole mirror checked again through the processes
    told.clear()
    again = Observer(tmp_path / "there", there_board, feed=feed, progress=told.append)  # type: ignore[arg-type]
    assert sum(told) == total and len(fed) == before
    assert _found(again) == _found(here)
    assert _alarms(again, audit=True) == []  # nothing new, the mirror as served
    assert again.checker.finish().to_json() == report
    again.close()
    here.close()


def test_workers_need_the_processes_the_command_line_hands_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(command, "FEEDS", {})
    with pytest.raises(InputError, match="--workers above 1"):
        command._feeding(2)
    with command._feeding(1) as feed:
        assert feed is None  # one worker: this process alone
