"""The service run by uvicorn in another process, on 127.0.0.1 only: observers, ``--board URL``,
tampering caught with evidence, and a crash (kill -9) under load."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from _serve import Child, free_port, plebiscite
from board.conftest import fresh_postgres_location, postgres_test_url
from plebiscite.board.client import connect
from plebiscite.board.http import HTTPBoard, Refused
from plebiscite.board.stores.base import check_chain
from plebiscite.board.stores.factory import open_store
from plebiscite.cli import app as cli
from plebiscite.election.setup import init_board
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.entry import SignedHead, parse_head
from plebiscite.observe.observer import compare_heads, read_heads
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV, open_party

from ._election import ELECTION_ID, Election

PASSPHRASE = "board passphrase for the service tests"
HOST = "127.0.0.1"


class Server(Child):
    """``plebiscite serve`` in a child process on a free loopback port."""

    def __init__(self, board: Path, db: str | None = None, extra: Sequence[str] = ()) -> None:
        self.board = board
        port = free_port(HOST)
        env = {**os.environ, BOARD_PASSPHRASE_ENV: PASSPHRASE, TEST_KDF_ENV: "1"}
        args = ["serve", "--board", str(board), "--host", HOST, "--port", str(port)]
        args += ["--rate", "0", "--client-rate", "0", *(["--db", db] if db else []), *extra]
        super().__init__(plebiscite(*args), port, env=env)


@pytest.fixture
def board_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    init_board(tmp_path / "board", PASSPHRASE)
    return tmp_path / "board"


@pytest.fixture
def server(board_dir: Path) -> Iterator[Server]:
    s = Server(board_dir)
    try:
        yield s
    finally:
        s.stop()


def _setup(url: str, board_dir: Path, extra_voters: int = 0) -> Election:
    election = Election(open_party(board_dir, "board").public_key, extra_voters)
    with HTTPBoard(url) as client:
        for kind, body in election.setup():
            client.post(kind, body)
        client.post("open", election.open_body(client.entries()))
    return election


def _observe(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["observe", *args])
    return result.exit_code, result.output


def test_observers_clean_then_tampering_is_caught(
    server: Server, board_dir: Path, tmp_path: Path
) -> None:
    election = _setup(server.url, board_dir)
    a, b = tmp_path / "observer-a", tmp_path / "observer-b"
    assert _observe(server.url, "--state", str(a), "--once")[0] == 0
    # --board URL works where --board DIR does (through the one seam)
    link = connect(Path(server.url), lambda: "")  # a Path collapses the // of the URL
    assert isinstance(link, HTTPBoard)
    receipts = [link.post("ballot", election.ballot("north", i, [1, 0])) for i in range(3)]
    link.post("challenge", election.challenge("south", 0, [0, 1]))
    receipts.append(link.post("ballot", election.ballot("north", 0, [0, 1], seed="revote")))
    checked = CliRunner().invoke(cli, ["credentials", "check", "--board", server.url])
    assert checked.exit_code == 0 and "V4 passed" in checked.output, checked.output
    # the second observer checks its first poll's ballots on two local processes
    for state, more in ((a, ()), (b, ("--workers", "2"))):
        code, output = _observe(server.url, "--state", str(state), "--once", *more)
        assert code == 0, output
        assert "note:" not in output  # the check saved by the first run was read back
    assert _observe("--compare", str(a), str(b))[0] == 0
    # the check is sealed under the secret in the user's configuration (outside the state)
    secret = Path(os.environ["XDG_CONFIG_HOME"]) / "plebiscite" / "observer.key"
    assert (a / "checked" / "seal.json").exists() and secret.stat().st_mode & 0o077 == 0
    other = tmp_path / "other.key"
    code, output = _observe(server.url, "--state", str(a), "--once", "--secret", str(other))
    assert code == 0 and "the saved check was not used" in output, output
    code, output = _observe(server.url, "--state", str(a), "--once", "--no-saved-check")
    assert code == 0 and "note:" not in output, output
    heads = read_heads(a / "heads.jsonl")
    entries = [json.loads(x) for x in (a / "entries.jsonl").read_text().splitlines()]
    assert len(entries) == len(link.entries()) == heads[-1].index + 1
    assert {r.receipt.to_line() for r in receipts} <= {h.to_line() for h in heads}
    status = link.status()  # the service's own checker agrees
    assert status["failures"] == [] and status["phase"] == "voting"

    # behind the server's back: rewrite a ballot's body in the SQLite database
    target = receipts[1].entry.index
    db = sqlite3.connect(board_dir / "board.sqlite")
    body = dict(receipts[1].entry.body)
    body["district"] = "south"
    db.execute("UPDATE entries SET body = ? WHERE idx = ?", (dumps_canonical(body), target))
    db.commit()
    db.close()
    code, output = _observe(server.url, "--state", str(a), "--once")
    assert code != 0
    assert f"entry_changed at entry {target}" in output
    alarms = [json.loads(x) for x in (a / "alarms.jsonl").read_text().splitlines()]
    changed = [x for x in alarms if x["kind"] == "entry_changed"]
    assert changed and changed[0]["index"] == target
    assert '"district":"south"' in changed[0]["evidence"]["served"]
    assert changed[0]["evidence"]["mirrored"] == receipts[1].entry.to_line()
    # a new observer, who never saw the honest entry, is told by the checker (V1, the hash)
    for more in ((), ("--workers", "2")):
        state = tmp_path / f"observer-c{len(more)}"
        code, output = _observe(server.url, "--state", str(state), "--once", *more)
        assert code != 0 and f"check_failed at entry {target}" in output and "V1" in output

    # a second signed head at an index, naming another hash: a fork, with both heads as evidence
    key = open_party(board_dir, "board").signing_key(PASSPHRASE)
    forged = SignedHead.sign(key, ELECTION_ID, target, bytes(32), receipts[1].receipt.time)
    db = sqlite3.connect(board_dir / "board.sqlite")
    db.execute(
        "INSERT INTO heads (election_id, idx, entry_hash, time, signature) VALUES (?, ?, ?, ?, ?)",
        (forged.election_id, forged.index, forged.entry_hash, forged.time, forged.signature),
    )
    db.commit()
    db.close()
    code, output = _observe(server.url, "--state", str(b), "--once")
    assert code != 0 and f"fork at entry {target}" in output
    forks = [json.loads(x) for x in (b / "alarms.jsonl").read_text().splitlines()]
    fork = next(x for x in forks if x["kind"] == "fork")
    assert {
        parse_head(fork["evidence"]["head"], "h"),
        parse_head(fork["evidence"]["other"], "h"),
    } == {
        forged,
        receipts[1].receipt,
    }
    # the two observers' head histories now disagree at that index
    assert [
        d.index for d in compare_heads(read_heads(a / "heads.jsonl"), read_heads(b / "heads.jsonl"))
    ] == [target]
    code, output = _observe("--compare", str(a), str(b))
    assert code == 2 and f"DISAGREE index {target}" in output


def test_observe_writes_each_poll_to_a_redirected_stdout_at_once(
    server: Server, board_dir: Path, tmp_path: Path
) -> None:
    """stdout to a file is block-buffered: each report line must be flushed as it is made."""
    _setup(server.url, board_dir)
    log = tmp_path / "observe.log"
    code = "from plebiscite.cli import main; main()"
    args = ["observe", server.url, "--state", str(tmp_path / "observer"), "--interval", "0.2"]
    with log.open("wb") as out:
        observer = subprocess.Popen(
            [sys.executable, "-c", code, *args], stdout=out, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 120
            while "entries mirrored" not in log.read_text() and time.monotonic() < deadline:
                assert observer.poll() is None, "the observer stopped"
                time.sleep(0.1)
            lines = log.read_text().splitlines()
        finally:
            observer.terminate()
            observer.wait(30)
    assert lines, "nothing was written while the observer ran"
    count = len(Election(open_party(board_dir, "board").public_key).setup()) + 1
    assert f"{count} entries mirrored ({count} new), head at entry {count - 1}" in lines[0]
    assert lines[0].endswith("0 new alarm(s)")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if int(text[text.rindex(")") + 2 :].split()[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, board_dir: Path) -> Iterator[str | None]:
    """Where the served board keeps its chain: None for the board directory's SQLite file, else
    a PostgreSQL location with a schema of its own (dropped afterwards)."""
    if request.param == "sqlite":
        yield None
        return
    with fresh_postgres_location(postgres_test_url()) as location:
        yield location


def test_kill_9_under_load_loses_no_receipted_entry(
    board_dir: Path, store_location: str | None
) -> None:
    voters = 120
    server = Server(board_dir, db=store_location)
    receipts: list[SignedHead] = []
    lock = threading.Lock()
    try:
        election = _setup(server.url, board_dir, extra_voters=voters)
        bodies = [election.ballot("north", i, [i % 2, 1 - i % 2]) for i in range(voters)]
        stop = threading.Event()

        def client(part: list[dict[str, object]]) -> None:
            with HTTPBoard(server.url, timeout=10) as link:
                for body in part:
                    if stop.is_set():
                        return
                    try:
                        appended = link.post("ballot", body)  # type: ignore[arg-type]
                    except Refused:
                        continue
                    except Exception:  # the server died under us: unacknowledged
                        return
                    with lock:
                        receipts.append(appended.receipt)

        threads = [threading.Thread(target=client, args=(bodies[k::4],)) for k in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with lock:
                if len(receipts) >= 25:
                    break
            time.sleep(0.01)
        workers = _children(server.process.pid)  # serve's verifier processes
        server.kill()  # kill -9 while the clients are posting
        stop.set()
        for t in threads:
            t.join(20)
    finally:
        server.stop()
    assert len(receipts) >= 25
    assert workers, "serve started no verifier process"
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "orphaned workers"
    store = open_store(store_location or board_dir / "board.sqlite")
    try:
        entries = list(store.read(0))
        assert check_chain(entries) == len(entries)
        board_key = open_party(board_dir, "board").public_key
        for receipt in receipts:
            assert receipt.verify(board_key)
            assert receipt.matches(entries[receipt.index])
        count = len(entries)
    finally:
        store.close()
    restarted = Server(board_dir, db=store_location)
    try:
        with HTTPBoard(restarted.url) as link:
            election.params_from(link.entries())
            late = link.post("ballot", election.ballot("south", 1, [1, 0], seed="after restart"))
            assert late.entry.index == count and late.entry.prev == entries[-1].hash
            heads = list(link.heads())
            assert heads[-1] == late.receipt and heads[-1].index == count
            assert {r.to_line() for r in receipts} <= {h.to_line() for h in heads}
            status = link.status()
        # the service's own checker over the recovered board
        deadline = time.monotonic() + 20
        while status["lag"] != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
            status = httpx.get(f"{restarted.url}/status", params={"sync": True}).json()
        assert status["failures"] == [], status["failures"]
    finally:
        restarted.stop()


def test_election_create_and_the_ceremony_take_a_board_url(
    board_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plebiscite.election.setup import init_authority, init_credential_authority, init_trustee
    from plebiscite.state.party import PASSPHRASE_ENV

    example = Path(__file__).parents[2] / "examples" / "referendum.toml"
    text = example.read_text(encoding="utf-8")
    trustee_ids = re.findall(r'\[\[trustees.members\]\]\nid = "([^"]+)"', text)
    assert len(trustee_ids) >= 2

    monkeypatch.setenv(PASSPHRASE_ENV, "a party passphrase")
    monkeypatch.delenv(BOARD_PASSPHRASE_ENV, raising=False)  # a URL needs no board passphrase
    authority = init_authority(tmp_path / "authority", "a party passphrase")
    ca = init_credential_authority(tmp_path / "ca", "a party passphrase")
    for t in trustee_ids:
        fingerprint = init_trustee(tmp_path / t, t, "a party passphrase").fingerprint
        text, count = re.subn(
            rf'(id = "{t}"\nname = "[^"\n]*"\nfingerprint = ")[0-9a-f]{{64}}"',
            rf'\g<1>{fingerprint}"',
            text,
        )
        assert count == 1, t
    definition = tmp_path / "referendum.toml"
    definition.write_text(text, encoding="utf-8")
    server = Server(board_dir)
    try:
        created = CliRunner().invoke(
            cli,
            [
                "election",
                "create",
                str(definition),
                "--board",
                server.url,
                "--authority",
                str(authority.directory),
                "--ca",
                str(ca.directory),
            ],
        )
        assert created.exit_code == 0, created.output
        board_key = open_party(board_dir, "board").public_key
        assert board_key.hex() in created.output  # the key named in the manifest is shown
        for trustee in trustee_ids[:2]:
            args = ["ceremony", "commit", "--board", server.url, "--state", str(tmp_path / trustee)]
            committed = CliRunner().invoke(cli, args)
            assert committed.exit_code == 0 and "posted trustee_commit" in committed.output
        status = CliRunner().invoke(cli, ["ceremony", "status", "--board", server.url])
        assert status.exit_code == 0 and "waiting for" in status.output, status.output
        with HTTPBoard(server.url) as link:
            entries = link.entries()
            assert [e.kind for e in entries] == ["manifest", "trustee_commit", "trustee_commit"]
            assert link.board_key() == board_key
            assert entries[0].body["keys"]["board"] == board_key.hex()  # type: ignore[index]
    finally:
        server.stop()


@pytest.mark.parametrize("proxy", [False, True])
def test_x_forwarded_for_counts_only_from_a_named_proxy(board_dir: Path, proxy: bool) -> None:
    """Every post is charged to its client's bucket: a local peer that sets X-Forwarded-For is
    still that peer (the header is ignored) unless ``--forwarded-allow-ips`` names it as the
    proxy, and then each forwarded address has its bucket."""
    extra = ["--client-rate", "0.001", "--client-burst", "1"]
    s = Server(board_dir, extra=[*extra, *(["--forwarded-allow-ips", HOST] if proxy else [])])
    try:
        with httpx.Client(base_url=s.url, timeout=30) as http:
            answers = [
                http.post("/ballots", content=b"{}", headers={"X-Forwarded-For": address})
                for address in ("203.0.113.1", "203.0.113.2")
            ]
    finally:
        s.stop()
    # the first is charged to its client, then refused (no election on this board yet)
    assert answers[0].status_code in (400, 409), answers[0].text
    assert (answers[1].status_code == 429) is not proxy, answers[1].text
