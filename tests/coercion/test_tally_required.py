"""In the mode fake-credentials the counted set of step 5 is exactly the matched ballots of every
district's ``pet_match`` (spec §16.5 step 5): a record with a tally (or a result) must hold, for
every district with a valid ballot, a complete tag round (V13), the kept list's mix rounds (V11)
and a ``pet_match`` (V14), and its tally must be over the matched set (V7).

The election is the mode's demonstration with 8 voters. The hostile insiders run the parties' own
commands with their refusals taken out (the authority's and trustees' checks of
:func:`~plebiscite.tally.count.BoardCount.mode_failures` and
:func:`~plebiscite.tally.decrypt.check_before_decrypting`), so every entry is signed with the
party's own key and the board chains and signs it under its heads: the record is re-sealed, and
only the targeted check can catch it. Each record is checked by ``plebiscite verify`` (the CLI)
and by :func:`~plebiscite.verify.command.verify_record` (the library)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.board.board import Appended, Board
from plebiscite.board.export import export_record
from plebiscite.cli import app
from plebiscite.demo.fake_credentials import ModeRun
from plebiscite.demo.play import PASSPHRASE_FILE
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.tally_entries import PET_MATCH, TallyEntry
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.tally import TALLY_KIND, sign
from plebiscite.rules.report import Report
from plebiscite.state.party import TEST_KDF_ENV, open_party
from plebiscite.tally import coercion_steps, decrypt
from plebiscite.tally.count import BoardCount, count_board
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.verify.command import verify_record

THRESHOLD = 2  #: the demo's k


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModeRun]:
    """The mode's demo, voted, with parties that post whatever they are told to."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setattr(BoardCount, "mode_failures", lambda self: [])
    monkeypatch.setattr(decrypt, "check_before_decrypting", lambda count: None)
    mode = ModeRun(8, 3, tmp_path / "demo", lambda _: None)
    try:
        mode.setup()
        mode.register()
        mode.vote()
        yield mode
    finally:
        mode.close()


def _close(run: ModeRun) -> None:
    run.clock.set(run.definition.window.closes_us + 60_000_000)
    run.closed_at = close_voting(run.board, run.authority, clock=run.clock).index


class _HostileBoard:
    """The demo's board as its operator could run it: it reads as the board does, and appends
    what it is given chained, under a signed head, without the board's checks."""

    def __init__(self, run: ModeRun) -> None:
        self.run = run

    def entries(self) -> list[Entry]:
        return self.run.board.entries()

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self.run.board.iter_entries(start)

    def head(self) -> SignedHead | None:
        return self.run.board.head()

    def post(self, kind: str, body: JSONObject) -> Appended:
        run = self.run
        directory = run.parties / "board"
        passphrase = (directory / PASSPHRASE_FILE).read_text(encoding="utf-8").strip()
        key = open_party(directory, "board").signing_key(passphrase)
        assert run.definition.election_id is not None
        with Board(run.board.store, run.definition.election_id, key, clock=run.clock) as board:
            return board.append(kind, body)


def _count(run: ModeRun, tally: int | None = None) -> int:
    """The tally (posted now unless ``tally`` is its index), k trustees' partial decryptions
    and the result, by the authority and trustees without their refusals, on the hostile board.
    Returns the tally's index."""
    board = _HostileBoard(run)
    if tally is None:
        run.clock.advance(60_000_000)
        step = post_tally(board, run.authority)
        assert step.appended is not None
        tally = step.appended.entry.index
    for party, passphrase in run.trustees[:THRESHOLD]:
        run.clock.advance(60_000_000)
        trustee_decrypt(board, party, passphrase)
    run.clock.advance(60_000_000)
    post_result(board, run.authority)
    return tally


def _verified(run: ModeRun, out: Path) -> tuple[Report, JSONObject]:
    """The record verified by the library, and by the CLI (its JSON report); both agree."""
    record = out / "record"
    export_record(run.board.store, record)
    report = verify_record(record)
    result = CliRunner().invoke(app, ["verify", str(record), "--json"], terminal_width=200)
    shown = json.loads(result.stdout)
    assert result.exit_code == (0 if report.ok else 1), result.output
    assert shown["ok"] == report.ok
    return report, shown


def _failures(report: Report) -> list[tuple[str, int | None, str]]:
    return [(f.check, f.index, f.field) for f in report.failures]


def test_a_tally_with_no_tag_round_fails_v13_at_the_tally(run: ModeRun, tmp_path: Path) -> None:
    _close(run)
    tally = _count(run)  # over nothing: no district's ballots were tagged, mixed or matched
    report, shown = _verified(run, tmp_path)
    assert not report.ok and shown["ok"] is False
    assert _failures(report) == [("V13", tally, "tag_commit")], [str(f) for f in report.failures]
    (failure,) = report.failures
    assert "district 'north'" in failure.message and f"entry {tally}" in failure.message


def never_match(monkeypatch: pytest.MonkeyPatch) -> None:
    """The authority's tally steps post everything but the ``pet_match``."""
    posts = coercion_steps._Poster.post

    def post(
        poster: coercion_steps._Poster,
        district: str,
        kind: str,
        made_from: str,
        make: Callable[[], Sequence[TallyEntry]],
        trustee: int | None = None,
    ) -> tuple[str, int]:
        if kind == PET_MATCH:  # the authority never posts the match
            return kind, -1
        return posts(poster, district, kind, made_from, make, trustee)

    monkeypatch.setattr(coercion_steps._Poster, "post", post)


def test_a_tally_with_a_tag_round_but_no_pet_match_fails_v14_at_the_tally(
    run: ModeRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_match(monkeypatch)
    run.tag()  # close, the tag round, the mixes, the tests and their decryptions
    kinds = [e.kind for e in run.board.iter_entries(0)]
    assert "tag_dedup" in kinds and "pet_decrypt" in kinds and PET_MATCH not in kinds
    tally = _count(run)
    report, shown = _verified(run, tmp_path)
    assert not report.ok and shown["ok"] is False
    assert _failures(report) == [("V14", tally, "pet_match")], [str(f) for f in report.failures]
    (failure,) = report.failures
    assert "district 'north'" in failure.message and f"entry {tally}" in failure.message


def test_a_tally_over_another_set_than_the_matched_one_fails_v7(
    run: ModeRun, tmp_path: Path
) -> None:
    run.tag()  # the honest steps, to pet_match
    entries = list(run.board.iter_entries(0))
    assert entries[-1].kind == PET_MATCH
    # the authority's tally over the ballots as they stood before the match: none counted
    count = count_board(entries[:-1])
    assert count.definition.election_id is not None
    body = sign(
        run.authority, count.definition.election_id, TALLY_KIND, count.tally.to_body(count.group)
    )
    tally = _count(run, _HostileBoard(run).post(TALLY_KIND, body).entry.index)
    report, shown = _verified(run, tmp_path)
    assert not report.ok and shown["ok"] is False
    assert {f.check for f in report.failures} == {"V7"}, [str(f) for f in report.failures]
    assert {f.index for f in report.failures} == {tally}
    assert ("V7", tally, "body.districts[0].counted") in _failures(report)
