"""V7 and V9, aggregates and figures: a missing aggregate, a wrong superseded figure.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry

from ._record import (
    ELECTION_ID,
    Built,
    Plan,
    build,
    key,
    reseal,
)
from ._reseal import (
    HostileBoard,
    district_of,
    only,
    verify,
)

# -- V9 / V7: figures and aggregates ------------------------------------------------------------


def test_wrong_superseded_figure_fails_v9() -> None:
    """During the run: the authority signs a result with one more superseded ballot in north
    (and, consistently, in the total)."""

    def lie(body: JSONObject) -> JSONObject:
        district = district_of(body, 0)
        superseded = district["superseded"]
        assert isinstance(superseded, int)
        district["superseded"] = superseded + 1
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


def test_swapped_aggregates_fail_v7_with_the_products_made_in_parts(honest: Built) -> None:
    """Re-sealed: the authority swaps north's two aggregates of the first question and re-signs
    the tally. V7 names it the same whether its products are made here or in parts elsewhere
    (``verify --workers``: :attr:`Checker.aggregate_submit`, before the workers go)."""
    from concurrent.futures import Future

    from plebiscite.model.signed import sign_body
    from plebiscite.rules.checker import Checker

    board = HostileBoard(honest)
    sealed = board.seal()
    tally_at = next(e.index for e in sealed.entries if e.kind == "tally")
    body = json.loads(json.dumps(sealed.entries[tally_at].body))
    row = body["districts"][0]["aggregates"][0]
    assert len(row) == 2 and row[0] != row[1]
    row.reverse()
    body = sign_body(key("authority"), ELECTION_ID, "tally", body)
    entries = list(sealed.entries)
    entries[tally_at] = Entry.create(
        tally_at, entries[tally_at].time, "tally", body, entries[tally_at].prev
    )
    resealed, heads = reseal(entries)
    built = Built(honest.definition, resealed, heads, {})
    here = verify(built)
    assert "V7" in here.failed_checks
    assert any(f.index == tally_at for f in here.failures_of("V7")), here.failures
    parts: list[object] = []

    def submit(function: Callable[..., object], *args: object) -> Future[object]:
        future: Future[object] = Future()
        future.set_result(function(*args))
        parts.append(future)
        return future

    checker = Checker()
    try:
        checker.aggregate_submit = submit
        checker.feed_all(built.entries)
        for number, head in enumerate(built.heads, start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        checker.prepare_aggregates()
        checker.aggregate_submit = None
        elsewhere = checker.finish()
    finally:
        checker.close()
    assert parts, "the products were not made in parts"
    assert elsewhere.failures == here.failures
