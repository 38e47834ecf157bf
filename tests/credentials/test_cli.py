"""``plebiscite credentials`` end to end on a small election, and the no-secret-left-behind scan.

Every step runs as a separate process of the real command (``board init``, ``authority init``,
``credentials init``, ``election create``, ``credentials issue``, ``credentials check``), with
passphrases from the environment and the cheap test cost for secret files; the credentials' own
scrypt parameters are the test definition's tiny ones (no default is lowered).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from plebiscite.board.client import connect
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.model.authoring import load_definition
from plebiscite.model.definition import Definition
from plebiscite.model.roll import check_roll, chunk_bodies
from plebiscite.state.party import (
    BOARD_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    TEST_KDF_ENV,
    open_party,
)

from ._election import REGISTERED, toml_text
from .test_issue import credentials_in

CA_PASSPHRASE = "credential authority passphrase"
BOARD_PASSPHRASE = "board operator passphrase"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from plebiscite.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A small election with its roll issued through the CLI; what the scan needs."""
    root = tmp_path_factory.mktemp("cli")
    tmp = root / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        PASSPHRASE_ENV: CA_PASSPHRASE,
        BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE,
        TEST_KDF_ENV: "1",
        "TMPDIR": str(tmp),
        "COLUMNS": "200",
    }
    board_dir, authority_dir, state = root / "board", root / "authority", root / "ca"
    as_board = {**env, PASSPHRASE_ENV: BOARD_PASSPHRASE}
    as_authority = {**env, PASSPHRASE_ENV: "authority passphrase"}
    for args, party_env in (
        (["board", "init", str(board_dir)], as_board),
        (["authority", "init", str(authority_dir)], as_authority),
        (["credentials", "init", str(state)], env),
    ):
        done = run(args, party_env)
        assert done.returncode == 0, done.stdout + done.stderr
    ca = open_party(state, "credential_authority")
    assert ca.public_key.hex() in done.stdout and ca.fingerprint in done.stdout
    definition_file = root / "election.toml"
    definition_file.write_text(toml_text(), encoding="utf-8")
    created = run(
        [
            "election", "create", str(definition_file), "--board", str(board_dir),
            "--authority", str(authority_dir), "--ca", str(state),
        ],
        as_authority,
    )  # fmt: skip
    assert created.returncode == 0, created.stdout + created.stderr
    definition = load_definition(definition_file)
    assert definition.keys.credential_authority == ca.public_key
    sheets = root / "sheets"
    issued = run(
        [
            "credentials", "issue", "--board", str(board_dir), "--state", str(state),
            "--sheets", str(sheets), "--workers", "2", "--chunk-size", "2",
        ],
        env,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    return {
        "root": root,
        "tmp": tmp,
        "env": env,
        "board": board_dir,
        "state": state,
        "sheets": sheets,
        "definition": definition,
        "issue": issued,
    }


def test_issue_prints_counts_and_roots_and_the_roll_passes_v4(election: dict[str, object]) -> None:
    board, definition = election["board"], election["definition"]
    assert isinstance(board, Path) and isinstance(definition, Definition)
    out = election["issue"].stdout  # type: ignore[attr-defined]
    report = check_roll(connect(board, lambda: "").entries())
    assert report.ok, [str(f) for f in report.failures]
    assert {d.id: d.count for d in report.districts} == REGISTERED
    for district, root in report.roots().items():
        assert re.search(
            rf"{district}[\s│]+{REGISTERED[district]}[\s│]+{REGISTERED[district]}[\s│]+{root.hex()}",
            out,
        ), out
    assert "WARNING" in election["issue"].stderr  # type: ignore[attr-defined]
    sheets = election["sheets"]
    assert isinstance(sheets, Path)
    assert stat.S_IMODE(sheets.stat().st_mode) == 0o700
    assert sorted(p.name for p in sheets.iterdir()) == sorted(f"{d}.html" for d in REGISTERED)


def test_a_sheet_credential_is_on_the_roll_of_her_district(election: dict[str, object]) -> None:
    board, definition, sheets = election["board"], election["definition"], election["sheets"]
    assert isinstance(board, Path) and isinstance(definition, Definition)
    assert isinstance(sheets, Path) and definition.election_id is not None
    from plebiscite.model.roll import RollChecker

    checker = RollChecker()
    for entry in connect(board, lambda: "").entries():
        checker.observe(entry)
    printed = credentials_in(sheets / "south.html")
    assert len(printed) == REGISTERED["south"]
    for text in printed:
        key = derive_signing_key(
            parse_credential(text), definition.election_id, definition.kdf.derivation()
        )
        assert checker.district_of(key.public.xonly) == "south"


def test_no_secret_is_left_behind(election: dict[str, object]) -> None:
    """Every credential and derived secret key: absent from the state, the board, the logs."""
    definition, sheets = election["definition"], election["sheets"]
    assert isinstance(definition, Definition) and isinstance(sheets, Path)
    assert definition.election_id is not None

    needles: list[bytes] = []
    for district in REGISTERED:
        for text in credentials_in(sheets / f"{district}.html"):
            credential = parse_credential(text)
            secret = derive_signing_key(
                credential, definition.election_id, definition.kdf.derivation()
            )
            raw = secret.secret_bytes()
            needles += [
                text.encode(),
                credential.text.encode(),
                credential.text.lower().encode(),
                raw,
                raw.hex().encode(),
            ]
    assert len(needles) == 5 * sum(REGISTERED.values())
    issued = election["issue"]
    logs = (issued.stdout + issued.stderr).encode()  # type: ignore[attr-defined]
    haystacks: dict[str, bytes] = {"issue output": logs}
    for name in ("state", "board"):
        directory = election[name]
        assert isinstance(directory, Path)
        for path in directory.rglob("*"):
            if path.is_file():
                haystacks[str(path)] = path.read_bytes()
    assert any(p.endswith("board.sqlite") for p in haystacks)
    for where, data in haystacks.items():
        for needle in needles:
            assert needle not in data, f"a secret in {where}"
    # nothing left in the temporary directory, and the state holds only the party's own files
    tmp, state = election["tmp"], election["state"]
    assert isinstance(tmp, Path) and isinstance(state, Path)
    assert list(tmp.iterdir()) == []
    assert sorted(p.name for p in state.iterdir()) == ["identity.secret", "party.json"]


def test_check_reports_a_chunk_after_the_final_entry(election: dict[str, object]) -> None:
    env, board = election["env"], election["board"]
    assert isinstance(env, dict) and isinstance(board, Path)
    ok = run(["credentials", "check", "--board", str(board)], env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"V4 passed: {sum(REGISTERED.values())} keys" in ok.stdout
    client = connect(board, lambda: BOARD_PASSPHRASE)
    late = next(iter(chunk_bodies("north", [open_party(board, "board").public_key.xonly])))
    late["position"] = 99
    index = client.post("credential_roll", late).entry.index
    failed = run(["credentials", "check", "--board", str(board)], env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert f"V4: entry {index}: kind: a roll chunk after the final entry" in failed.stdout
    again = run(
        [
            "credentials", "issue", "--board", str(board), "--state", str(election["state"]),
            "--sheets", str(election["root"] / "sheets-2"),  # type: ignore[operator]
        ],
        env,
    )  # fmt: skip
    assert again.returncode == 2 and "already issued" in again.stderr


def test_help_says_what_each_command_writes_where() -> None:
    env = {**os.environ, "COLUMNS": "200"}
    for command, words in (
        ("init", ["identity.secret", "party.json", "credential_authority"]),
        ("issue", ["SHEETS", "0700", "credential_roll_final", "Nothing secret"]),
        ("check", ["V4", "Writes nothing", "Exit status"]),
    ):
        result = run(["credentials", command, "--help"], env)
        assert result.returncode == 0
        for word in words:
            assert word in result.stdout, (command, word)
