"""The service's end-of-record checks (V7–V9): run by the monitor on a snapshot of its checker once
the board holds a result, reported by ``/status``, rerun after each counting entry, and catching a
tally or a result rewritten behind the service's back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.model import tally as mt
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.model.tally import make_partial_decryption
from plebiscite.server.monitor import Monitor
from plebiscite.tally.count import count_board

from ._election import ELECTION_ID
from .conftest import Served, serve

#: (district, voter, option bits, seed): the last ballot of north 0 supersedes its first
BALLOTS = [
    ("north", 0, [1, 0], ""),
    ("north", 1, [0, 1], ""),
    ("north", 2, [1, 0], ""),
    ("south", 0, [1, 0], ""),
    ("north", 0, [0, 1], "again"),
]
FINAL = ("V7", "V8", "V9")


def _vote_close_tally(served: Served) -> None:
    el = served.election
    for district, i, bits, seed in BALLOTS:
        served.board.post("ballot", el.ballot(district, i, bits, seed))
    opened = next(e for e in served.board.iter_entries(0) if e.kind == mt.OPEN_KIND)
    ctx = mt.parse_open(opened.body, "open").election_context
    cosigned = [mt.cosign_early_close(el.trustees[i], i, ELECTION_ID, ctx) for i in (1, 2)]
    close_voting(served.board, el.authority, early=True, cosignatures=cosigned)
    post_tally(served.board, el.authority)


def _decrypt(served: Served) -> None:
    """Every trustee posts its partial decryption of the posted tally."""
    el = served.election
    count = count_board(served.board.iter_entries(0))
    assert count.posted_tally is not None
    tally_entry, tally = count.posted_tally
    for i, share in served.election.secret_shares().items():
        partial = make_partial_decryption(
            el.group,
            i,
            share,
            tally,
            tally_entry.hash,
            count.election_ctx,
            el.rng,
            minimum=count.definition.min_district_size,
        )
        body = sign_body(
            el.trustees[i], ELECTION_ID, "partial_decryption", partial.to_body(el.group), el.rng
        )
        served.board.post("partial_decryption", body)


def _election(served: Served) -> int:
    """A whole election over HTTP; the index of the result entry."""
    _vote_close_tally(served)
    _decrypt(served)
    return _election_result(served)


def _election_result(served: Served) -> int:
    """Post the result; its index."""
    step, _ = post_result(served.board, served.election.authority)
    assert step.appended is not None
    return step.index


def _status(served: Served) -> dict[str, Any]:
    response = served.http.get("/status", params={"sync": "true"})
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def _rewrite(store: SQLiteStore, index: int, body: dict[str, Any]) -> None:
    """Replace the body of entry ``index`` in the database, as an intruder with file access."""
    db = sqlite3.connect(store.path)
    with db:
        db.execute("UPDATE entries SET body = ? WHERE idx = ?", (dumps_canonical(body), index))
    db.close()


def _body(served: Served, index: int) -> dict[str, Any]:
    entry = next(iter(served.store.read(index, index + 1)))
    body: dict[str, Any] = json.loads(json.dumps(entry.body))
    return body


def test_status_reports_v7_to_v9_after_the_result(served: Served) -> None:
    _vote_close_tally(served)
    _decrypt(served)
    before = _status(served)
    # no result yet: the end-of-record checks have not run, and say so
    assert before["final"] is None and before["result_index"] is None
    assert not before["final_due"]
    assert all(before["checks"][c] == 0 for c in FINAL)
    assert before["ok"], before["failures"]

    result_index = _election_result(served)
    status = _status(served)
    final = status["final"]
    assert final is not None and final["error"] is None
    assert final["head_index"] == result_index == status["result_index"]
    assert final["entries"] == result_index + 1 == status["checked_entries"]
    for check in FINAL:
        assert status["checks"][check] > 0, check
        assert status["failed"][check] == 0 and final["failed"][check] == 0
    assert final["failures"] == 0 and status["failures"] == []
    assert status["ok"] and not status["final_due"]
    # the live checker was neither finished nor changed: V7–V9 ran on the copy only
    live = served.service.monitor.checker
    assert all(live.checked[c] == 0 for c in FINAL)
    assert live.entries == result_index + 1 and not live.failures
    # cached by head index: nothing new, nothing run again
    assert served.service.monitor.run_final() is None
    assert _status(served)["final"] == final


def test_result_rewritten_in_the_database_fails_v9(served: Served) -> None:
    result_index = _election(served)
    body = _body(served, result_index)
    north = next(d for d in body["districts"] if d["id"] == "north")
    counts = north["counts"]
    counts[0] = [counts[0][1], counts[0][0]]  # yes and no swapped in north
    assert counts[0][0] != counts[0][1]
    _rewrite(served.store, result_index, body)
    status = _status(served)
    assert status["final"]["head_index"] == result_index
    assert not status["ok"]
    v9 = [f for f in status["failures"] if f["check"] == "V9"]
    assert v9 and all(f["index"] == result_index for f in v9), status["failures"]
    assert any("districts" in f["field"] for f in v9), v9
    assert status["failed"]["V9"] == len(v9) and status["final"]["failed"]["V9"] == len(v9)
    # the rewrite is also seen by the live checks: the hash (V1) and the signature (V2)
    assert status["failed"]["V1"] >= 1 and status["failed"]["V2"] >= 1
    assert status["failed"]["V7"] == 0


def test_tally_rewritten_in_the_database_fails_v7(served: Served) -> None:
    _vote_close_tally(served)
    tally_index = served.board.entries()[-1].index
    _decrypt(served)
    result_index = _election_result(served)
    body = _body(served, tally_index)
    north = next(d for d in body["districts"] if d["id"] == "north")
    north["counted"] += 1
    _rewrite(served.store, tally_index, body)
    status = _status(served)
    assert status["final"]["head_index"] == result_index
    v7 = [f for f in status["failures"] if f["check"] == "V7"]
    assert v7 and all(f["index"] == tally_index for f in v7), status["failures"]
    assert status["failed"]["V7"] == len(v7) and not status["ok"]


def test_final_checks_rerun_after_each_counting_entry(served: Served, tmp_path: Path) -> None:
    """A monitor over a second store fed the board's entries one at a time: nothing runs before
    the result; each counting entry after it runs the checks again on the new head."""
    result_index = _election(served)
    entries = list(served.store.read(0))
    copy = SQLiteStore(tmp_path / "copy.sqlite")
    monitor = Monitor(copy)
    try:
        for entry in entries:
            copy.append([entry])
            monitor.catch_up()
            run = monitor.run_final()
            if entry.index < result_index:
                assert run is None and monitor.final is None
        assert run is not None and run.head_index == result_index and not run.failures
        assert all(run.checked[c] > 0 for c in FINAL)
        # an entry that is not a counting one (a late ballot, a live V5 failure) runs nothing
        last = entries[-1]
        ballot = next(e for e in entries if e.kind == "ballot")
        note = Entry.create(last.index + 1, last.time + 1, "ballot", ballot.body, last.hash)
        copy.append([note])
        monitor.catch_up()
        assert monitor.run_final() is None and monitor.final == run
        assert any(f.index == note.index for f in monitor.checker.failures)
        # a second result is a counting entry: the checks run again and find it
        second = Entry.create(note.index + 1, note.time + 1, "result", last.body, note.hash)
        copy.append([second])
        monitor.catch_up()
        assert monitor.status()["final_due"] is True
        again = monitor.run_final()
        assert again is not None and again.head_index == second.index
        assert [(f.check, f.index) for f in again.failures if f.check in FINAL] == [
            ("V9", second.index)
        ]
        status = monitor.status()
        assert status["failed"]["V9"] == 1 and status["final"]["head_index"] == second.index
        assert all(f.check not in FINAL for f in monitor.checker.failures)
    finally:
        monitor.stop()
        copy.close()


def test_background_thread_runs_the_final_checks(tmp_path: Path) -> None:
    """With the monitor's thread running, the status reaches the final run without ``sync``."""
    import time

    for served in serve(tmp_path):
        result_index = _election(served)
        monitor = served.service.monitor
        monitor.interval = 0.05
        monitor.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            final = served.http.get("/status").json()["final"]
            if final is not None:
                break
            time.sleep(0.05)
        assert final is not None and final["head_index"] == result_index
        assert final["failures"] == 0 and all(final["checks"][c] > 0 for c in FINAL)
