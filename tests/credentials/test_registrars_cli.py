"""Registration in the mode fake-credentials through the real commands, on a board directory:
a voter's ``credentials designated-key``, each registrar's ``credentials issue --voters`` (sheets
written per voter), the credential authority's ``credentials final``, V4 by ``credentials check``,
the voter's ``credentials check SHEET`` and ``credentials fake SHEET``: the fake sheet has the
same form and passes the same check; a sheet whose share was changed does not."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from pathlib import Path

import pytest

from _builder import ElectionBuilder, ElectionSpec, Phase
from plebiscite.board.client import DirectoryBoard, connect
from plebiscite.crypto.groups import get_group
from plebiscite.election.setup import init_board, init_credential_authority
from plebiscite.model.coercion.registration import encode_share
from plebiscite.model.definition import Registrar
from plebiscite.rules.coercion_roll import check_any_roll
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, PASSPHRASE_ENV, TEST_KDF_ENV

from .test_cli import run

SPEC = ElectionSpec(
    "registrar cli test",
    bytes.fromhex("0badc0de00112233445566778899aabb"),
    {"a": 2, "b": 1},
    n=1,
    k=1,
    coercion="fake-credentials",
    registrars=2,
)
PASSPHRASE = "registration passphrase"
SECP = get_group("secp256k1")


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("registrars")
    env = {
        **os.environ,
        PASSPHRASE_ENV: PASSPHRASE,
        BOARD_PASSPHRASE_ENV: PASSPHRASE,
        TEST_KDF_ENV: "1",
        "COLUMNS": "200",
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TEST_KDF_ENV, "1")
        board = init_board(root / "board", PASSPHRASE)
        ca = init_credential_authority(root / "ca", PASSPHRASE)
        registrars = [init_credential_authority(root / f"r{j}", PASSPHRASE) for j in (1, 2)]
    definition = SPEC.definition(board=board.public_key, credential_authority=ca.public_key)
    definition = dataclasses.replace(
        definition,
        registrars=tuple(
            Registrar(f"r{j}", f"Registrar {j}", r.public_key) for j, r in enumerate(registrars, 1)
        ),
    )
    client = DirectoryBoard(board.directory, lambda: PASSPHRASE)
    ElectionBuilder(SPEC, client, definition=definition, seed="cli").play(until=Phase.CEREMONY)
    made = run(["credentials", "designated-key", str(root / "voter.key")], env)
    assert made.returncode == 0, made.stdout + made.stderr
    assert stat.S_IMODE((root / "voter.key").stat().st_mode) == 0o600
    voter_V = made.stdout.split("designated-verifier key: ")[1].split()[0]
    lines = [{"district": "a", "designated": voter_V}]
    lines += [
        {"district": d, "designated": SECP.to_hex(SECP.exp_g(SPEC.designated_secret(d, p)))}
        for d, p in (("a", 1), ("b", 0))
    ]
    voters = root / "voters.jsonl"
    voters.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    missing = run(
        ["credentials", "issue", "--board", str(board.directory), "--state", str(root / "r1"),
         "--sheets", str(root / "sheets-1")],
        env,
    )  # fmt: skip
    assert missing.returncode == 2 and "needs --voters" in missing.stderr, missing.stderr
    for j in (1, 2):
        issued = run(
            ["credentials", "issue", "--board", str(board.directory), "--state",
             str(root / f"r{j}"), "--sheets", str(root / f"sheets-{j}"), "--voters", str(voters),
             "--chunk-size", "1"],
            env,
        )  # fmt: skip
        assert issued.returncode == 0, issued.stdout + issued.stderr
    final = run(
        ["credentials", "final", "--board", str(board.directory), "--state", str(ca.directory)], env
    )
    assert final.returncode == 0, final.stdout + final.stderr
    return {"root": root, "board": board.directory, "env": env}  # type: ignore[dict-item]


def _env(registered: dict[str, Path]) -> dict[str, str]:
    return registered["env"]  # type: ignore[return-value]


def test_the_registrars_roll_passes_v4(registered: dict[str, Path]) -> None:
    board = str(registered["board"])
    entries = connect(board, lambda: "").entries()
    kinds = [e.kind for e in entries]
    assert kinds.count("registrar_roll") == 6 and kinds[-1] == "credential_roll_final"
    assert check_any_roll(entries).ok
    checked = run(["credentials", "check", "--board", board], _env(registered))
    assert checked.returncode == 0 and "V4 passed" in checked.stdout, checked.stdout


def test_every_sheet_checks_and_a_fake_one_checks_alike(registered: dict[str, Path]) -> None:
    root, board, env = registered["root"], str(registered["board"]), _env(registered)
    sheet = root / "sheets-1" / "a" / "0-r1.json"
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert stat.S_IMODE((root / "sheets-1").stat().st_mode) == 0o700
    for j in (1, 2):
        for name in ("a/0", "a/1", "b/0"):
            path = root / f"sheets-{j}" / f"{name}-r{j}.json"
            done = run(["credentials", "check", str(path), "--board", board], env)
            assert done.returncode == 0 and "the sheet matches" in done.stdout, done.stdout
    fake = root / "fake.json"
    made = run(
        ["credentials", "fake", str(sheet), "--board", board, "--key", str(root / "voter.key"),
         "--out", str(fake)],
        env,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    real_obj, fake_obj = json.loads(sheet.read_text()), json.loads(fake.read_text())
    assert sorted(real_obj) == sorted(fake_obj) and real_obj["share"] != fake_obj["share"]
    same = ("format", "election_id", "district", "position", "registrar", "designated")
    assert all(real_obj[k] == fake_obj[k] for k in same)
    assert len(fake_obj["share"]) == len(real_obj["share"]) == 54
    checked = run(["credentials", "check", str(fake), "--board", board], env)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == run(["credentials", "check", str(sheet), "--board", board], env).stdout


def test_a_sheet_with_another_share_fails_the_check(registered: dict[str, Path]) -> None:
    root, board, env = registered["root"], str(registered["board"]), _env(registered)
    obj = json.loads((root / "sheets-1" / "a" / "1-r1.json").read_text())
    obj["share"] = encode_share(12345)
    changed = root / "changed.json"
    changed.write_text(json.dumps(obj), encoding="utf-8")
    done = run(["credentials", "check", str(changed), "--board", board], env)
    assert done.returncode == 1 and "does NOT match" in done.stdout, done.stdout + done.stderr
    obj["share"] = "0" * 54
    changed.write_text(json.dumps(obj), encoding="utf-8")
    done = run(["credentials", "check", str(changed), "--board", board], env)
    assert done.returncode == 2 and "share" in done.stderr, done.stderr
