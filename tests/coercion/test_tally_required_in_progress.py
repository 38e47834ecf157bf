"""``plebiscite verify --in-progress`` and the end-of-record rule of the mode fake-credentials
(spec §16.5 step 5): a record still in progress that already has a ``tally`` is held to it — every
district with a valid ballot must have its tag round to ``pet_match`` (V13/V14 at the tally entry,
naming the district) — while one with no tally yet may lack the rounds.

The records are re-sealed as in :mod:`coercion.test_tally_required`: the hostile authority posts
its tally with its own key through the board's own chaining and signing, and nothing else is
posted after it (no decryption, no result: the election is still in progress). Each record is
checked by the CLI (``plebiscite verify --in-progress --json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.authority.counting import post_tally
from plebiscite.board.export import export_record
from plebiscite.cli import app
from plebiscite.demo.fake_credentials import ModeRun
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.tally_entries import PET_MATCH

from .test_tally_required import _close, _HostileBoard, never_match, run

__all__ = ["run"]  # the fixture: the mode's demo, voted, with parties that post what they are told


def _exported(run: ModeRun, out: Path) -> Path:
    """The record as it stands, exported under ``out``."""
    record = out / f"record-{len(run.board.entries())}"
    export_record(run.board.store, record)
    return record


def _verified(record: Path, *, in_progress: bool = True) -> JSONObject:
    """``record`` verified by the CLI: its JSON report."""
    args = ["verify", str(record), "--json"] + (["--in-progress"] if in_progress else [])
    result = CliRunner().invoke(app, args, terminal_width=200)
    shown = json.loads(result.stdout)
    assert isinstance(shown, dict)
    assert result.exit_code == (0 if shown["ok"] else 1), result.output
    return shown


def _failures(shown: JSONObject) -> list[tuple[object, object, object]]:
    failures = shown["failures"]
    assert isinstance(failures, list)
    return [(f["check"], f["index"], f["field"]) for f in failures if isinstance(f, dict)]


def _tally(run: ModeRun) -> int:
    """The authority's tally (without its refusal) on the hostile board: its index."""
    run.clock.advance(60_000_000)
    step = post_tally(_HostileBoard(run), run.authority)
    assert step.appended is not None
    return step.appended.entry.index


def test_in_progress_a_record_with_no_tag_round_passes_until_a_tally_counts_it(
    run: ModeRun, tmp_path: Path
) -> None:
    _close(run)
    shown = _verified(_exported(run, tmp_path))  # closed, no tag round begun: still in progress
    assert shown["ok"] is True and shown["in_progress"] is True, shown["failures"]
    assert shown["state"] == "closed"
    tally = _tally(run)  # counts the district over nothing; no decryption or result yet
    shown = _verified(_exported(run, tmp_path))
    assert shown["ok"] is False and shown["in_progress"] is True
    assert _failures(shown) == [("V13", tally, "tag_commit")], shown["failures"]
    (failure,) = shown["failures"]  # type: ignore[misc]
    assert "district 'north'" in failure["message"] and f"entry {tally}" in failure["message"]


def test_in_progress_a_round_without_pet_match_passes_until_a_tally_counts_it(
    run: ModeRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_match(monkeypatch)  # the round stops before its match
    run.tag()  # close, the tag round, the mixes, the tests and their decryptions
    kinds = [e.kind for e in run.board.iter_entries(0)]
    assert "tag_dedup" in kinds and "pet_decrypt" in kinds and PET_MATCH not in kinds
    record = _exported(run, tmp_path)
    shown = _verified(record)
    assert shown["ok"] is True and shown["in_progress"] is True, shown["failures"]
    # the same record as a finished one: the round never reached its match
    assert set(_failures(_verified(record, in_progress=False))) == {
        ("V14", None, "pet_match"),
        ("V7", None, "tally"),
        ("V9", None, "result"),
    }
    tally = _tally(run)
    shown = _verified(_exported(run, tmp_path))
    assert shown["ok"] is False and shown["in_progress"] is True
    assert _failures(shown) == [("V14", tally, "pet_match")], shown["failures"]
    (failure,) = shown["failures"]  # type: ignore[misc]
    assert "district 'north'" in failure["message"] and f"entry {tally}" in failure["message"]
