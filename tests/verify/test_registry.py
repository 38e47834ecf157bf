"""The check registry (:mod:`plebiscite.rules.checks`) is the one list of checks: each place that
names the checks is generated from it or tested against it here (one test per consumer; the
service's ``/status`` is tested in ``tests/server/test_app.py``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plebiscite.booth.bundle import STATIC_DIR
from plebiscite.rules.checks import (
    BEFORE_TALLY,
    BOARD,
    CHECK_IDS,
    END_OF_RECORD,
    REGISTRY,
    STAGES,
    UP_TO_TALLY,
)
from plebiscite.rules.explain import explain_text
from plebiscite.rules.report import Failure, Report

ROOT = Path(__file__).resolve().parents[2]


def test_the_registry_numbers_the_checks_in_order_with_known_stages() -> None:
    assert CHECK_IDS == tuple(f"V{i}" for i in range(1, 15))
    assert all(c.stage in STAGES and c.title and c.meaning and c.reveals for c in REGISTRY)
    # what the authority's tally rests on: the board up to the counted set
    assert BEFORE_TALLY == ("V1", "V2", "V3", "V4", "V5", "V6", "V10", "V12")
    assert set(UP_TO_TALLY) == {*BEFORE_TALLY, "V7"}
    assert END_OF_RECORD == ("V7", "V8", "V9", "V11", "V13", "V14")
    assert {c.id for c in REGISTRY if c.stage == BOARD} == set(BEFORE_TALLY)


def test_explain_prints_the_registry_in_order() -> None:
    text = explain_text()
    positions = [text.index(f"{c.id}  {c.title}") for c in REGISTRY]
    assert positions == sorted(positions)


def test_the_report_summarises_the_registry_and_refuses_other_ids() -> None:
    report = Report(entries=0, failures=(), checked=dict.fromkeys(CHECK_IDS, 1))
    assert [(s.check, s.title) for s in report.summary()] == [(c.id, c.title) for c in REGISTRY]
    with pytest.raises(ValueError, match="unknown check"):
        Failure("V99", None, "", "no such check")


def _js_list(source: str, name: str) -> list[str]:
    match = re.search(rf"\b{name}\s*=\s*\[([^\]]*)\]", source)
    assert match is not None, f"no {name} list"
    return [item.strip().strip("'\"") for item in match.group(1).split(",") if item.strip()]


@pytest.mark.parametrize(
    "path",
    [ROOT / "web" / "src" / "pages" / "dashboard.js", STATIC_DIR / "dashboard" / "dashboard.js"],
    ids=["source", "bundle"],
)
def test_the_dashboard_lists_the_registrys_checks(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert _js_list(source, "CHECK_IDS") == list(CHECK_IDS)
    assert _js_list(source, "FINAL_CHECKS") == list(END_OF_RECORD)


def test_the_report_schema_names_the_registrys_checks() -> None:
    schema = json.loads((ROOT / "docs" / "verify-schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["check"]["enum"] == list(CHECK_IDS)
