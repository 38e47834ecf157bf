"""The README's "Run a referendum" walk-through, run command by command as printed.

The commands are read from the README's code blocks (so the test breaks when the README changes
in a way it does not follow). ``plebiscite serve`` runs in a child process from just after
``board init``, before the manifest exists, as the README allows; the voters and the observer go
through it by its URL, the parties through the board directory, as printed. Where the README
names one trustee (``t1/``) the command runs for every trustee of the example; the few liberties
are the ones the README's own comments describe: the definition is edited as it says (with four
registered voters per district and a matching ``min_district_size``, to stay quick), the service
listens on a free port instead of 8000, ``observe`` gets ``--once``, and the authority closes
with ``--early`` and the co-signatures of k trustees (the window is still open).
"""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from _serve import Child, free_port, plebiscite
from plebiscite.cli import app
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, PASSPHRASE_ENV, TEST_KDF_ENV

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "referendum.toml"
PER_DISTRICT = 4
README_PORT = "8000"


def readme_commands() -> list[str]:
    """Every ``plebiscite …`` line of the code blocks of "Run a referendum", comments removed."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Run a referendum")
    end = text.index("\n## ", start + 1)
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text[start:end], re.S):
        for line in block.splitlines():
            if line.startswith("plebiscite "):
                commands.append(re.split(r"\s+#", line, maxsplit=1)[0].strip())
    return commands


def _trustee_ids() -> list[str]:
    return re.findall(
        r'\[\[trustees.members\]\]\nid = "([^"]+)"', EXAMPLE.read_text(encoding="utf-8")
    )


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_definition(fingerprints: dict[str, str]) -> str:
    """examples/referendum.toml edited as the README says: the trustees' fingerprints, the
    window (from an hour ago to tomorrow), the registered counts."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for tid, fingerprint in fingerprints.items():
        text, count = re.subn(
            rf'(id = "{tid}"\nname = "[^"\n]*"\nfingerprint = ")[0-9a-f]{{64}}"',
            rf'\g<1>{fingerprint}"',
            text,
        )
        assert count == 1, tid
    now = datetime.now(UTC).replace(microsecond=0)
    text = re.sub(r"(?m)^opens = .*$", f"opens = {_stamp(now - timedelta(hours=1))}", text)
    text = re.sub(r"(?m)^closes = .*$", f"closes = {_stamp(now + timedelta(days=1))}", text)
    text = re.sub(r"(?m)^registered = \d+$", f"registered = {PER_DISTRICT}", text)
    text = re.sub(
        r"(?m)^min_district_size = \d+$",
        f"min_district_size = {PER_DISTRICT // 2}\nallow_small_districts = true",
        text,
    )
    return text


def _credentials(sheets: Path) -> list[str]:
    """The credentials printed on the sheets, as printed (grouped with hyphens)."""
    found: list[str] = []
    for sheet in sorted(sheets.glob("*.html")):
        text = sheet.read_text(encoding="utf-8")
        for block in re.findall(r'<div class="credential">(.*?)</div>', text, re.S):
            found.append("-".join(re.findall(r"<span>([0-9A-Z]{4})</span>", block)))
    return found


def start_service(command: str, port: int, cwd: Path) -> Child:
    """``plebiscite serve`` as the README prints it, in a child process, on ``port``."""
    words = shlex.split(command.replace(f"--port {README_PORT}", f"--port {port}"))
    return Child(plebiscite(*words[1:]), port, cwd=cwd, log=cwd / "serve.log", patience=60)


@pytest.fixture
def walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(PASSPHRASE_ENV, "a party's passphrase")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, "a party's passphrase")  # board init used it
    monkeypatch.setenv("COLUMNS", "100")
    yield tmp_path


def test_the_readme_walk_through_runs_as_printed(walk: Path) -> None:
    commands = readme_commands()
    trustees = _trustee_ids()
    k = int(re.search(r"(?m)^k = (\d+)$", EXAMPLE.read_text()).group(1))  # type: ignore[union-attr]
    runner = CliRunner()
    ran: list[str] = []

    def run(command: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        words = shlex.split(command)
        assert words[0] == "plebiscite", command
        result = runner.invoke(app, words[1:], input=stdin, env=env)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        ran.append(command)
        return result

    def every_trustee(command: str, count: int | None = None) -> None:
        for i in range(1, (count or len(trustees)) + 1):
            run(command.replace("t1/", f"t{i}/"))

    service: Child | None = None
    port = free_port()
    serve = next(c for c in commands if c.startswith("plebiscite serve "))
    fingerprints: dict[str, str] = {}
    voters: list[str] = []
    steps: dict[str, Callable[[str], None]] = {}

    def board_init(command: str) -> None:
        nonlocal service
        run(command)
        service = start_service(serve, port, walk)  # the service runs from board init on

    def trustee_init(command: str) -> None:
        for i, tid in enumerate(trustees, start=1):
            line = command.replace("t1/", f"t{i}/").replace("--id observers", f"--id {tid}")
            fingerprints[tid] = run(line).output.split()[0]
        (walk / "referendum.toml").write_text(write_definition(fingerprints), encoding="utf-8")

    def vote(command: str) -> None:
        assert service is not None
        voters.extend(_credentials(walk / "sheets"))
        assert len(voters) == 4 * PER_DISTRICT
        line = command.replace(f"127.0.0.1:{README_PORT}", f"127.0.0.1:{port}")
        # the first voter challenges once, then casts; the README's printed check works as is
        (walk / "my-credential").write_text(voters[0] + "\n", encoding="utf-8")
        shown = run(line, stdin="challenge\ncast\n").output
        check = re.search(r"^\s+(plebiscite check-challenge .*)$", shown, re.M)
        assert check is not None, shown
        assert "V10 passed" in run(check.group(1)).output
        for n, credential in enumerate(voters[1:6], start=1):
            (walk / "my-credential").write_text(credential + "\n", encoding="utf-8")
            choice = line if n % 3 else line.replace("proposal=yes", "proposal=no")
            run(choice, stdin="cast\n")

    def observe(command: str) -> None:
        line = command.replace(f"127.0.0.1:{README_PORT}", f"127.0.0.1:{port}")
        assert "0 new alarm(s)" in run(f"{line} --once").output
        # again, as the README's note says: from the check saved in observer/checked
        again = run(f"{line} --once").output
        assert "0 new alarm(s)" in again and "note:" not in again, again
        assert (walk / "observer" / "checked" / "seal.json").is_file()

    def check_receipt(command: str) -> None:
        words = shlex.split(command)
        pattern = next(w for w in words if "*" in w)
        files = sorted(glob.glob(pattern))
        assert len(files) == 7  # six ballots and one challenge
        expanded = shlex.join([w for w in words if w != pattern] + files)
        assert run(expanded).output.count("is on the board") == len(files)

    def verify(command: str) -> None:
        output = run(command).output
        assert "every check passed" in output and "state: complete" in output

    def close(command: str) -> None:
        # the window is still open: k trustees co-sign the early close, as the README says
        board = shlex.split(command)[shlex.split(command).index("--board") + 1]
        files = []
        for i in range(1, k + 1):
            out = walk / f"t{i}-close.json"
            run(f"plebiscite trustee cosign-close --board {board} --state t{i}/ --out {out}")
            files.append(f"--cosignature {out}")
        run(f"{command} --early {' '.join(files)}")

    def mix(command: str) -> None:
        # over HTTP: k trustees in turn shuffle each district that counted ballots
        line = command.replace(f"127.0.0.1:{README_PORT}", f"127.0.0.1:{port}")
        for i in range(1, k + 1):
            output = run(line.replace("t1/", f"t{i}/")).output
            assert "posted" in output and "the mix at entry" in output, output

    def checked_on_a_terminal(command: str) -> None:
        # on a terminal (FORCE_COLOR), a step that re-checks the board counts its entries
        output = re.sub(
            r"\x1b\[[0-9;?]*[A-Za-z]", "", run(command, env={"FORCE_COLOR": "1"}).output
        )
        counted = re.findall(r"checking the board\s+━+\s+(\d+)/(\d+)", output)
        assert counted and counted[-1][0] == counted[-1][1] and int(counted[-1][1]) > 20, output
        assert "posted tally" in output

    def follow(command: str) -> None:
        # each party checks the board while voting is open and keeps its check on disk
        for i in range(1, (k if "trustee" in command else 1) + 1):
            line = command.replace("t1/", f"t{i}/")
            output = run(line).output
            assert re.search(r"checked \d+ new entries \(entries 0–\d+ .*no check failed", output)
            state = shlex.split(line)[shlex.split(line).index("--state") + 1]
            assert (walk / state / "checked" / "seal.json").is_file()
        if "trustee" not in command:
            assert "checked 0 new entries" in run(command).output  # nothing new since

    def decrypt(command: str) -> None:
        # a saved check that does not read back is set aside: the trustee checks the whole board
        saved = walk / "t1" / "checked" / "state.pickle"
        saved.write_bytes(saved.read_bytes()[:-1])
        output = run(command).output
        assert "note: the saved check in t1/checked was not used" in output, output
        assert "checking the whole board" in output and "posted trustee" in output
        for i in range(2, k + 1):
            run(command.replace("t1/", f"t{i}/"))

    def results(command: str) -> None:
        output = run(command).output
        assert "registered" in output and "total" in output

    steps.update(
        {
            "board init": board_init,
            "trustee init": trustee_init,
            "ceremony commit": every_trustee,
            "ceremony reveal": every_trustee,
            "ceremony shares": every_trustee,
            "ceremony complain": every_trustee,
            "ceremony answer": every_trustee,
            "ceremony liveness": every_trustee,
            "serve": lambda command: None,  # already running, started as printed
            "vote": vote,
            "observe": observe,
            "authority follow": follow,
            "trustee follow": follow,
            "authority close": close,
            "trustee mix": mix,
            "authority tally": checked_on_a_terminal,
            "trustee decrypt": decrypt,
            "results": results,
            "verify": verify,
            "check-receipt": check_receipt,
        }
    )
    try:
        for command in commands:
            words = shlex.split(command)[1:]
            step = steps.get(" ".join(words[:2])) or steps.get(words[0])
            if step is None:
                run(command)
            else:
                step(command)
    finally:
        if service is not None:
            service.stop()
    assert ran[-1].startswith("plebiscite check-receipt")  # the walk-through ran to its end
    shutil.rmtree(walk / "sheets")  # the secrets go, as the README says
