"""The voter's commands end to end on a board directory: vote, check-receipt, check-challenge.

They run against a real election opened on the board (:mod:`booth._opened`): the board's
acceptance rules refuse ballots and challenges until a signed ``open`` is on it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.crypto.credential import generate_credential
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

from ._opened import BOARD_PASSPHRASE, ELECTION_ID, OpenedElection, build


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> tuple[OpenedElection, str]:
    """A real election, opened (built once per module), and a credential on its roll."""
    credential = generate_credential()
    return build(tmp_path_factory.mktemp("opened"), credential), credential


@pytest.fixture
def election(
    opened: tuple[OpenedElection, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A fresh copy of the opened election's board directory, and the voter's credential file."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, BOARD_PASSPHRASE)
    built, credential = opened
    board = built.copy(tmp_path / "board")
    credential_file = tmp_path / "credential.txt"
    credential_file.write_text(credential + "\n", encoding="utf-8")
    return board, credential_file


def test_vote_cast_then_check_receipt(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    state = tmp_path / "state"
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    result = runner.invoke(app, [*args, "--choice", "q=no", "--cast", "--state-dir", str(state)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    shown = lines.index("Your ballot is encrypted. Its tracking hash is:")
    assert shown < next(i for i, line in enumerate(lines) if line.startswith("Cast:"))
    receipts = sorted((state / ELECTION_ID.hex() / "receipts").glob("*.json"))
    assert len(receipts) == 1
    check = runner.invoke(app, ["check-receipt", str(receipts[0]), "--board", str(board)])
    assert check.exit_code == 0, check.output
    assert "is on the board" in check.output


def test_check_receipt_names_the_ballot_that_superseded_hers(
    election: tuple[Path, Path], tmp_path: Path
) -> None:
    """She votes twice; her first receipt is on the board but superseded by the second ballot,
    and check-receipt names it (entry and time); the second counts (spec §11.4)."""
    board, credential_file = election
    runner = CliRunner()
    state = tmp_path / "state"
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    for choice in ("q=no", "q=yes"):
        result = runner.invoke(
            app, [*args, "--choice", choice, "--cast", "--state-dir", str(state)]
        )
        assert result.exit_code == 0, result.output
    receipts = sorted(
        (state / ELECTION_ID.hex() / "receipts").glob("*-ballot.json"),
        key=lambda p: int(p.name.split("-")[0]),
    )
    assert len(receipts) == 2
    later = int(receipts[1].name.split("-")[0])
    first = runner.invoke(app, ["check-receipt", str(receipts[0]), "--board", str(board)])
    assert first.exit_code == 0, first.output
    assert f"your ballot was superseded by entry {later} at " in first.output
    second = runner.invoke(app, ["check-receipt", str(receipts[1]), "--board", str(board)])
    assert f"entry {later} is the ballot of your credential that counts" in second.output


def test_export_then_verify_with_the_voters_receipts(
    election: tuple[Path, Path], tmp_path: Path
) -> None:
    """`board export` writes the record; `verify --heads` takes the voter's receipt directory;
    a record that lacks a receipted entry fails V1."""
    board, credential_file = election
    runner = CliRunner()
    before = tmp_path / "before"
    exported = runner.invoke(app, ["board", "export", str(board), str(before)])
    assert exported.exit_code == 0, exported.output
    state = tmp_path / "state"
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    cast = runner.invoke(app, [*args, "--choice", "q=yes", "--cast", "--state-dir", str(state)])
    assert cast.exit_code == 0, cast.output
    after = tmp_path / "after"
    exported = runner.invoke(app, ["board", "export", str(board), str(after)])
    assert exported.exit_code == 0, exported.output
    assert "entries written" in exported.output
    verify = ["verify", "--heads", str(state), "--workers", "1"]
    # voting is still open, so the end-of-record checks fail (no close); the chain and the
    # receipt are what this test is about
    ok = runner.invoke(app, [*verify, str(after)])
    assert "FAIL V1" not in ok.output, ok.output
    assert "FAIL V7" in ok.output and "never closed" in ok.output
    stale = runner.invoke(app, [*verify, str(before)])
    assert stale.exit_code == 1, stale.output
    assert "FAIL V1" in stale.output and "receipts" in stale.output


def test_export_shows_its_progress_on_a_terminal_only(
    election: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal (``FORCE_COLOR`` makes the standard error one) `board export` shows how
    many of the board's entries are written, then the heads; on a pipe, only its summary."""
    board, _credential_file = election
    runner = CliRunner()
    piped = runner.invoke(app, ["board", "export", str(board), str(tmp_path / "piped")])
    assert piped.exit_code == 0, piped.output
    assert "written ━" not in piped.output and "entries written to" in piped.output
    monkeypatch.setenv("FORCE_COLOR", "1")
    shown = runner.invoke(app, ["board", "export", str(board), str(tmp_path / "shown")])
    assert shown.exit_code == 0, shown.output
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.output)  # the terminal's controls
    count = re.findall(r"(\d+) entries written to", text)[0]
    assert re.search(rf"entries written\s+━+\s+{count}/{count}", text), text
    assert re.search(r"heads written\s+━+\s+\d+/\?", text), text
    for name in ("record.json", "heads.jsonl", "board-000000.jsonl"):
        assert (tmp_path / "shown" / name).read_bytes() == (tmp_path / "piped" / name).read_bytes()


def test_challenge_then_check_it_independently(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    result = runner.invoke(app, [*args, "--choice", "q=yes", "--challenge", *state])
    assert result.exit_code == 0, result.output
    tracking = result.output.splitlines()[1].strip()
    check = runner.invoke(
        app, ["check-challenge", "--board", str(board), "--tracking", tracking.upper()]
    )
    assert check.exit_code == 0, check.output
    assert "V10 passed" in check.output
    assert tracking in check.output
    assert "✔ Yes" in check.output and "✔ No" not in check.output


def test_a_challenge_on_the_board_names_no_credential(
    election: tuple[Path, Path], tmp_path: Path
) -> None:
    """Spec §11.2 end to end: `vote --challenge` then `vote --cast` by the same voter; the
    challenge entry carries a binding and neither her credential key nor its nonce, while her
    cast ballot names the key (and a different binding: a fresh nonce)."""
    import json

    from plebiscite.board.client import connect
    from plebiscite.model.ballot import ballot_binding

    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    challenged = runner.invoke(app, [*args, "--choice", "q=yes", "--challenge", *state])
    assert challenged.exit_code == 0, challenged.output
    cast = runner.invoke(app, [*args, "--choice", "q=yes", "--cast", *state])
    assert cast.exit_code == 0, cast.output
    entries = connect(board, lambda: BOARD_PASSPHRASE).entries()
    challenge = [e for e in entries if e.kind == "challenge"][-1]
    ballot = [e for e in entries if e.kind == "ballot"][-1]
    assert set(challenge.body) == {"district", "binding", "questions", "tracking"}
    key, nonce = str(ballot.body["credential"]), str(ballot.body["nonce"])
    text = json.dumps(challenge.to_json())
    assert key not in text and nonce not in text
    binding = ballot_binding(bytes.fromhex(key), bytes.fromhex(nonce))
    assert challenge.body["binding"] != binding.hex()


def test_the_check_command_printed_after_a_challenge_works_as_printed(
    election: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board, credential_file = election
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    relative = os.path.relpath(board, tmp_path)
    args = ["vote", "--board", relative, "--credential-file", str(credential_file)]
    result = runner.invoke(app, [*args, "--choice", "q=no", "--challenge"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    printed = lines[lines.index(next(x for x in lines if x.startswith("Challenged:"))) + 1]
    words = shlex.split(printed)
    assert words[:2] == ["plebiscite", "check-challenge"], printed
    check = runner.invoke(app, words[1:])
    assert check.exit_code == 0, check.output
    assert "V10 passed" in check.output and "✔ No" in check.output


def test_interactive_vote_asks_after_showing(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    result = runner.invoke(app, [*args, "--choice", "q=yes", *state], input="challenge\ncast\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("Its tracking hash is:") == 2
    assert out.index("Its tracking hash is:") < out.index("Cast this ballot")
    assert "Challenged:" in out and "Cast:" in out


def test_vote_refuses_a_bad_choice_or_credential(
    election: tuple[Path, Path], tmp_path: Path
) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--cast", "--state-dir", str(tmp_path / "s")]
    bad = runner.invoke(app, [*args, "--credential-file", str(credential_file), "--choice", "q=x"])
    assert bad.exit_code == 1 and "unknown option" in bad.output
    other = tmp_path / "other.txt"
    other.write_text(generate_credential() + "\n", encoding="utf-8")
    stranger = runner.invoke(app, [*args, "--credential-file", str(other), "--choice", "q=yes"])
    assert stranger.exit_code == 1 and "not on the roll" in stranger.output


def test_the_printed_check_command_names_the_board_as_given() -> None:
    from plebiscite.booth.command import _board_argument, _check_challenge_command

    url = _board_argument(Path("http://127.0.0.1:8000"))
    assert url == "http://127.0.0.1:8000"
    assert _check_challenge_command(url, 29) == (
        "plebiscite check-challenge --board http://127.0.0.1:8000 --index 29"
    )
    spaced = _check_challenge_command(_board_argument(Path("my board")), 3)
    assert shlex.split(spaced)[3] == "my board"


def test_vote_names_the_elections_independent_checkers_after_a_challenge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The definition's ``[[checkers]]`` (observers' copies of the challenge checker) are printed
    with the check command, so a voter need not trust the board's own page."""
    from plebiscite.model.definition import ChallengeChecker, Text

    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, BOARD_PASSPHRASE)
    credential = generate_credential()
    checkers = (ChallengeChecker(Text.plain("Observers' checker"), "https://check.example.org/"),)
    built = build(tmp_path / "election", credential, checkers=checkers)
    credential_file = tmp_path / "credential.txt"
    credential_file.write_text(credential + "\n", encoding="utf-8")
    args = ["vote", "--board", str(built.board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    result = CliRunner().invoke(app, [*args, "--choice", "q=yes", "--challenge", *state])
    assert result.exit_code == 0, result.output
    assert "    Observers' checker: https://check.example.org/" in result.output.splitlines()
