"""The observer dashboard's own check of the counted set in the mode fake-credentials (spec §16.5
step 5, ``web/src/pages/tally-rule.js``), in a real headless Chromium against ``plebiscite serve``.

The records are the mode's demonstration with 8 voters (:mod:`coercion.test_tally_required`'s
fixture: parties that post what they are told, every entry signed by its party and chained and
signed by the board, so the record is re-sealed). Three boards: an honest one (tag round, mixes,
matching, tally, result), one whose authority counted the district although its ballots were
never tagged or matched, and one whose tally counts another set than the matched one. The page
must say, for each, what ``plebiscite verify`` says: the same check, entry, field and words (V7's
other fields, the aggregates, are the board checker's, not the page's). Screenshots of each."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from coercion.test_tally_required import _close, _count, _HostileBoard, run
from plebiscite.board.export import export_record
from plebiscite.demo.fake_credentials import ModeRun
from plebiscite.demo.play import PASSPHRASE_FILE
from plebiscite.model.coercion.tally_entries import PET_MATCH
from plebiscite.model.tally import TALLY_KIND, sign
from plebiscite.rules.report import Report
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV
from plebiscite.tally.count import count_board
from plebiscite.verify.command import verify_record

from .conftest import Browser, serve_board
from .steps import wait_ready

__all__ = ["run"]  # the fixture: the mode's demo, voted, with parties that post what they are told


def _report(run: ModeRun, out: Path) -> Report:
    record = out / "record"
    export_record(run.board.store, record)
    return verify_record(record)


def _dashboard(browser: Browser, run: ModeRun, shot: str) -> tuple[str, list[dict[str, str]]]:
    """The dashboard over the demo's board, served: the rule's verdict and its failures."""
    directory = run.parties / "board"
    passphrase = (directory / PASSPHRASE_FILE).read_text(encoding="utf-8").strip()
    env = {**os.environ, BOARD_PASSPHRASE_ENV: passphrase, TEST_KDF_ENV: "1"}
    server = serve_board(directory, passphrase, env)
    try:
        page = browser.page()
        page.goto(f"{server.url}/web/dashboard/")
        wait_ready(page)
        page.wait_for_selector("#rule-verdict:not(.meta)", timeout=60_000)
        verdict = str(page.inner_text("#rule-verdict"))
        items: list[Any] = page.locator("#rule-failures li").all()
        failures = [
            {
                "check": item.get_attribute("data-check"),
                "index": item.get_attribute("data-index"),
                "field": item.get_attribute("data-field"),
                "text": item.inner_text(),
            }
            for item in items
        ]
        browser.shoot(page, shot)
        browser.axe(page, f"dashboard: {shot}")
        assert not browser.console_errors, browser.console_errors
        return verdict, failures
    finally:
        server.stop()


def _as_python(report: Report, fields: set[str] | None = None) -> list[dict[str, str]]:
    """The report's failures as the page lists them (``fields``: only these)."""
    return [
        {
            "check": f.check,
            "index": str(f.index),
            "field": f.field,
            "text": f"{f.check} #{f.index} {f.field}: {f.message}",
        }
        for f in report.failures
        if fields is None or f.field in fields
    ]


def test_the_dashboard_finds_the_honest_tally_counts_the_matched_ballots(
    run: ModeRun, browser: Browser, tmp_path: Path
) -> None:
    run.tag()
    run.tally()
    report = _report(run, tmp_path)
    assert report.ok, [str(f) for f in report.failures]
    tally = next(e.index for e in run.board.iter_entries(0) if e.kind == TALLY_KIND)
    verdict, failures = _dashboard(browser, run, "dashboard-rule-1-honest")
    assert failures == []
    assert verdict.startswith(f"Holds for the tally at entry {tally}"), verdict


def test_the_dashboard_names_a_tally_over_a_district_never_tagged_as_verify_does(
    run: ModeRun, browser: Browser, tmp_path: Path
) -> None:
    _close(run)
    tally = _count(run)  # tally, decryptions and result over nothing: no tag round
    report = _report(run, tmp_path)
    expected = _as_python(report)
    assert [(f["check"], f["index"], f["field"]) for f in expected] == [
        ("V13", str(tally), "tag_commit")
    ]
    verdict, failures = _dashboard(browser, run, "dashboard-rule-2-no-tag-round")
    assert verdict.startswith("Fails (1 found)"), verdict
    assert failures == expected


def test_the_dashboard_names_a_tally_over_another_set_as_verify_does(
    run: ModeRun, browser: Browser, tmp_path: Path
) -> None:
    run.tag()
    entries = list(run.board.iter_entries(0))
    assert entries[-1].kind == PET_MATCH and entries[-1].body["counted"]
    count = count_board(entries[:-1])  # the ballots as they stood before the match: none
    assert count.definition.election_id is not None
    body = sign(
        run.authority, count.definition.election_id, TALLY_KIND, count.tally.to_body(count.group)
    )
    tally = _count(run, _HostileBoard(run).post(TALLY_KIND, body).entry.index)
    report = _report(run, tmp_path)
    assert {f.check for f in report.failures} == {"V7"}, [str(f) for f in report.failures]
    expected = _as_python(report, {"body.districts[0].counted", "body.total.counted"})
    assert [(f["index"], f["field"]) for f in expected] == [
        (str(tally), "body.districts[0].counted"),
        (str(tally), "body.total.counted"),
    ]
    verdict, failures = _dashboard(browser, run, "dashboard-rule-3-other-set")
    assert verdict.startswith("Fails (2 found)"), verdict
    assert failures == expected
