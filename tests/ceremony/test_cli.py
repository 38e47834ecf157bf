"""The whole ceremony through the ``plebiscite`` command: every party its own process and directory.

Five trustees (k = 3) run each round as separate processes, in parallel (one SQLite board shared
by several writers). ``bar``'s shares are built with the library in the test process with one
wrong share for ``journalists`` (no command can do that), and ``opposition``'s false complaint
against ``university`` likewise; everything else goes through the command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plebiscite.board.client import DirectoryBoard
from plebiscite.ceremony.trustee import TrusteeSession
from plebiscite.election.setup import init_credential_authority
from plebiscite.rules.ceremony import check_ceremony
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, PASSPHRASE_ENV, TEST_KDF_ENV, open_party

from .conftest import BOARD_PASSPHRASE, PASSPHRASE, TRUSTEE_IDS, definition_text
from .test_ceremony import (
    BAR,
    JOURNALISTS,
    OPPOSITION,
    UNIVERSITY,
    post_bad_shares,
    post_false_complaint,
)

PLEBISCITE = Path(sys.executable).parent / "plebiscite"
# The many round commands run in processes that load only this area's commands (the full
# ``plebiscite`` command also imports the forensics stack at start-up, about a second each);
# the election, the key and the status go through the installed ``plebiscite`` command itself.
ROUNDS = [
    sys.executable,
    "-c",
    "import sys, typer\n"
    "from plebiscite.ceremony.command import register as ceremony\n"
    "from plebiscite.election.command import register as election\n"
    "app = typer.Typer()\n"
    "election(app)\n"
    "ceremony(app)\n"
    "app(sys.argv[1:], prog_name='plebiscite')\n",
]

pytestmark = pytest.mark.skipif(not PLEBISCITE.exists(), reason=f"{PLEBISCITE} is not installed")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env[PASSPHRASE_ENV] = PASSPHRASE
    env[BOARD_PASSPHRASE_ENV] = BOARD_PASSPHRASE
    env[TEST_KDF_ENV] = "1"
    return env


def cli(*args: str | Path, ok: bool = True, full: bool = False) -> subprocess.CompletedProcess[str]:
    program = [str(PLEBISCITE)] if full else ROUNDS
    done = subprocess.run(
        [*program, *map(str, args)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def parallel(commands: list[list[str | Path]]) -> list[str]:
    """Run the commands at the same time; each must succeed; their standard outputs."""
    running = [
        subprocess.Popen(
            [*ROUNDS, *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for args in commands
    ]
    outputs = []
    for process, args in zip(running, commands, strict=True):
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, (args, err)
        outputs.append(out)
    return outputs


def test_ceremony_end_to_end(tmp_path: Path) -> None:
    board, authority = tmp_path / "board", tmp_path / "authority"
    passphrase_file = tmp_path / "board-passphrase.txt"
    passphrase_file.write_text(BOARD_PASSPHRASE + "\n", encoding="utf-8")
    inits: list[list[str | Path]] = [
        ["board", "init", board, "--passphrase-file", passphrase_file],
        ["authority", "init", authority],
    ]
    inits += [["trustee", "init", tmp_path / t, "--id", t] for t in TRUSTEE_IDS]
    outputs = parallel(inits)
    fingerprints = {t: out.strip() for t, out in zip(TRUSTEE_IDS, outputs[2:], strict=True)}
    init_credential_authority(tmp_path / "ca", PASSPHRASE)
    definition = tmp_path / "referendum.toml"
    definition.write_text(definition_text(fingerprints), encoding="utf-8")

    created = cli(
        "election",
        "create",
        definition,
        "--board",
        board,
        "--authority",
        authority,
        "--ca",
        tmp_path / "ca",
        full=True,
    )
    election_id = created.stdout.split()[-1]
    assert f'election_id = "{election_id}"' in definition.read_text(encoding="utf-8")

    def round_of(name: str, *extra: str, who: tuple[str, ...] = TRUSTEE_IDS) -> list[str]:
        return parallel(
            [["ceremony", name, "--board", board, "--state", tmp_path / t, *extra] for t in who]
        )

    round_of("commit")
    again = cli("ceremony", "commit", "--board", board, "--state", tmp_path / "bar")
    assert "already on the board" in again.stdout
    early = cli("ceremony", "liveness", "--board", board, "--state", tmp_path / "bar", ok=False)
    assert early.returncode == 1 and "no election_key" in early.stderr
    round_of("reveal")
    round_of("shares", who=tuple(t for t in TRUSTEE_IDS if t != "bar"))

    link = DirectoryBoard(board, lambda: BOARD_PASSPHRASE)
    bar = TrusteeSession(open_party(tmp_path / "bar"), PASSPHRASE, link)
    post_bad_shares(bar, JOURNALISTS)
    round_of("complain")
    opposition = TrusteeSession(open_party(tmp_path / "opposition"), PASSPHRASE, link)
    post_false_complaint(opposition, UNIVERSITY)
    round_of("answer")
    key = cli("ceremony", "key", "--board", board, "--state", authority, full=True)
    assert "QUAL [1, 3, 4, 5]" in key.stdout
    round_of("liveness", who=tuple(t for t in TRUSTEE_IDS if t != "bar"))
    refused = cli("ceremony", "liveness", "--board", board, "--state", tmp_path / "bar", ok=False)
    assert refused.returncode == 1 and "not in QUAL" in refused.stderr

    status = cli("ceremony", "status", "--board", board, "--final", full=True)
    assert "QUAL [1, 3, 4, 5]" in status.stdout and "FAIL" not in status.stdout

    result = check_ceremony(link.entries())
    assert result.ok, [str(f) for f in result.failures]
    assert result.qualified == (1, UNIVERSITY, JOURNALISTS, OPPOSITION)
    statuses = {(c.complainant, c.accused): c.status for c in result.complaints}
    assert statuses == {(JOURNALISTS, BAR): "upheld", (OPPOSITION, UNIVERSITY): "dismissed"}
    kinds = [e.kind for e in link.entries()]
    assert kinds.count("trustee_commit") == 5 and kinds.count("liveness") == 4
    assert kinds.count("election_key") == 1
