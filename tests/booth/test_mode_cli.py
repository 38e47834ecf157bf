"""The mode fake-credentials end to end through the commands, over HTTP: a board directory set up
by the test builder (manifest, ceremony, the registrars' roll, open) is served by ``plebiscite
serve``; a coerced voter makes fake sheets with ``plebiscite credentials fake``, the coercer casts
with them and she casts with her real ones (``plebiscite vote --sheet``), another voter challenges
a ballot (checked with ``plebiscite check-challenge``, both receipts with ``check-receipt``) and
casts; after ``close`` the exported record passes V1–V12 (V10 on the challenge) with
``plebiscite verify``. Everything public —
the voter's check, the booth's answer and tracking hash, the board's acceptance and receipt, the
entry on the board — is alike for the fake and the real sheets."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from _builder import ElectionBuilder, ElectionSpec, Phase
from _serve import Child, free_port, plebiscite
from credentials.test_cli import run
from plebiscite.board.client import DirectoryBoard
from plebiscite.crypto.groups import get_group
from plebiscite.election.setup import init_board
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.coercion.registration import SheetFile, sheet_file_json
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

PASSPHRASE = "board passphrase for the mode test"
DAY_S = 24 * 3_600
HOST = "127.0.0.1"


def _write_sheets(builder: ElectionBuilder, district: str, position: int, out: Path) -> list[Path]:
    group, spec = builder.group, builder.spec
    V = group.exp_g(spec.designated_secret(district, position))
    paths = []
    for sheet in builder.sheets[(district, position)]:
        path = out / f"{district}{position}-r{sheet.registrar}.json"
        file = SheetFile(spec.election_id, V, sheet)
        path.write_text(dumps_canonical(sheet_file_json(group, file)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_fake_and_real_sheets_over_http_then_verify(tmp_path: Path) -> None:
    env = {**os.environ, BOARD_PASSPHRASE_ENV: PASSPHRASE, TEST_KDF_ENV: "1", "COLUMNS": "200"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TEST_KDF_ENV, "1")
        party = init_board(tmp_path / "board", PASSPHRASE)
    now = int(time.time())
    spec = ElectionSpec(
        "mode cli test",
        bytes.fromhex("c0ffee00112233445566778899aabbcc"),
        {"a": 3},
        coercion="fake-credentials",
        registrars=2,
        anonymity=2,
        opens=now - DAY_S,
        closes=now + 4 * DAY_S,
    )
    definition = spec.definition(board=party.public_key)
    client = DirectoryBoard(party.directory, lambda: PASSPHRASE)
    builder = ElectionBuilder(spec, client, definition=definition, seed="mode cli")
    builder.play(until=Phase.OPEN)
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    real = _write_sheets(builder, "a", 1, sheets)
    other = _write_sheets(builder, "a", 0, sheets)
    key = tmp_path / "a1.key"
    group = get_group(spec.group)
    secret = group.scalar_to_hex(spec.designated_secret("a", 1))
    key.write_text(
        json.dumps({"format": "plebiscite-designated-v1", "group": spec.group, "secret": secret})
    )
    port = free_port(HOST)
    args = ["serve", "--board", str(party.directory), "--host", HOST, "--port", str(port)]
    server = Child(plebiscite(*args, "--rate", "0", "--client-rate", "0"), port, env=env)
    try:
        url = server.url
        fakes = []
        for path in real:
            fake = sheets / f"fake-{path.name}"
            made = run(
                [
                    "credentials",
                    "fake",
                    str(path),
                    "--board",
                    url,
                    "--key",
                    str(key),
                    "--out",
                    str(fake),
                ],
                env,
            )
            assert made.returncode == 0, made.stdout + made.stderr
            fakes.append(fake)
        checks = {
            name: run(["credentials", "check", str(path), "--board", url], env)
            for name, path in (("real", real[0]), ("fake", fakes[0]))
        }
        assert {n: c.returncode for n, c in checks.items()} == {"real": 0, "fake": 0}
        assert checks["real"].stdout == checks["fake"].stdout  # the voter's check says the same
        cast = {}
        for name, files, choice in (
            ("coercer", fakes, "q=no"),
            ("voter", real, "q=yes"),
            ("other", other, "q=yes"),
        ):
            sheet_args = [a for f in files for a in ("--sheet", str(f))]
            args = ["vote", "--board", url, *sheet_args, "--choice", choice,
                    "--state-dir", str(tmp_path / name)]  # fmt: skip
            # the other voter challenges once (spec §16.5), then casts, at the booth's prompt
            asked = name == "other"
            done = _cli([*args] if asked else [*args, "--cast"], env, "challenge\ncast\n")
            assert done.returncode == 0, done.stdout + done.stderr
            cast[name] = done.stdout
        shapes = {
            n: re.sub(r"[0-9a-z]{4}(-[0-9a-z]{4}){12}|entry \d+|/\S+", "X", out)
            for n, out in cast.items()
        }
        assert shapes["coercer"] == shapes["voter"], shapes  # the booth's screens are alike
        receipts = {n: list((tmp_path / n).rglob("*-ballot.json")) for n in cast}
        assert all(len(r) == 1 for r in receipts.values()), receipts
        # the tracking page finds the coercer's ballot as it finds the voter's
        found = {}
        for name, out in cast.items():
            codes = [m.group(0) for m in re.finditer(r"[0-9a-z]{4}(-[0-9a-z]{4}){12}", out)]
            assert codes, out
            answers = [httpx.get(f"{url}/tracking/{code}", timeout=30) for code in codes]
            assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
            found[name] = answers[-1].json()  # the ballot cast, after any challenge
            if name == "other":  # the tracking page finds the challenged ballot too
                assert answers[0].json()["kind"] == "challenge", answers[0].text
        assert {n: (f["kind"], f["superseded_by"]) for n, f in found.items()} == {
            n: ("ballot", None) for n in cast
        }
        assert sorted(found["coercer"]) == sorted(found["voter"])
        # the challenge checks with the command the booth printed, and its receipt too
        printed = re.search(r"plebiscite (check-challenge .*)", cast["other"])
        assert printed is not None, cast["other"]
        checked = run(printed.group(1).split(), env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "V10 passed" in checked.stdout and "✔ Yes" in checked.stdout, checked.stdout
        kept = sorted((tmp_path / "other").rglob("*-*.json"))
        assert len(kept) == 2, kept  # a challenge receipt and a ballot receipt
        receipt = run(["check-receipt", *map(str, kept), "--board", url], env)
        assert receipt.returncode == 0, receipt.stdout + receipt.stderr
    finally:
        server.stop()
    entries = client.entries()
    ballots = [e for e in entries if e.kind == "ballot"]
    assert len(ballots) == 3
    assert [sorted(b.body) for b in ballots[:2]] == [sorted(ballots[2].body)] * 2
    (challenge,) = [e for e in entries if e.kind == "challenge"]
    assert challenge.body["anonymity"] == ballots[2].body["anonymity"]  # kept across (§16.5)
    assert challenge.body["credential"] != ballots[2].body["credential"]  # D afresh
    builder.early = True  # the window is still open: the early close of spec §12.5
    builder.close()
    record = tmp_path / "record"
    exported = run(["board", "export", str(party.directory), str(record)], env)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    verified = run(["verify", str(record), "--in-progress", "--json"], env)
    report = json.loads(verified.stdout)
    assert verified.returncode == 0 and report["ok"], verified.stdout[-3000:] + verified.stderr
    v12, v10 = (next(s for s in report["summary"] if s["check"] == c) for c in ("V12", "V10"))
    assert v12["checked"] == 3 and v12["passed"]
    assert v10["checked"] == 1 and v10["passed"]


def _cli(args: list[str], env: dict[str, str], answers: str) -> subprocess.CompletedProcess[str]:
    """A command run as :func:`run` does, with ``answers`` on its standard input."""
    return subprocess.run(
        [sys.executable, "-c", "from plebiscite.cli import main; main()", *args],
        input=answers,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
