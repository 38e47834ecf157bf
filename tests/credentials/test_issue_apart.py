"""The demonstration's credential authority issuing in a process of its own: the sheets and the
signed roll file it writes, the progress it reports, its errors raised in the caller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.board import Board
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.credentials.issue import post_roll_file
from plebiscite.credentials.sheets import read_credentials, sheet_path
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.demo.issuing import issue_apart
from plebiscite.election.setup import init_credential_authority
from plebiscite.errors import InputError
from plebiscite.model.definition import Definition
from plebiscite.model.roll import RollChecker
from plebiscite.state.party import TEST_KDF_ENV, Party

from ._election import ELECTION_ID, REGISTERED, definition, key


@pytest.fixture
def authority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Party, Definition]]:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    party = init_credential_authority(tmp_path / "ca", "pass phrase")
    yield party, definition().with_keys(credential_authority=party.public_key)


def test_the_issuing_process_writes_the_sheets_and_a_roll_that_passes_v4(
    tmp_path: Path, authority: tuple[Party, Definition]
) -> None:
    party, defined = authority
    reported: dict[str, int] = {}

    def progress(district: str, count: int, registered: int) -> None:
        assert count >= reported.get(district, 0) and registered == REGISTERED[district]
        reported[district] = count

    roll = tmp_path / "roll.jsonl"
    made = issue_apart(
        defined,
        tmp_path / "sheets",
        roll,
        party.directory,
        "pass phrase",
        workers=1,
        progress=progress,
    )
    assert dict(made.counts) == REGISTERED == reported
    store = SQLiteStore(tmp_path / "board.db")
    with Board(store, ELECTION_ID, key("board")) as board:
        board.append("manifest", defined.to_manifest())
        posted = post_roll_file(board.append, roll)
        assert posted.final == made.lines
        checker = RollChecker()
        for entry in board.store.read(0):
            checker.observe(entry)
    store.close()
    assert checker.report().ok, checker.report().failures
    params = defined.kdf.derivation()
    for district in REGISTERED:
        for credential in read_credentials(sheet_path(tmp_path / "sheets", district)):
            public = derive_signing_key(parse_credential(credential), ELECTION_ID, params).public
            assert checker.district_of(public.xonly) == district


def test_an_error_in_the_issuing_process_is_raised_in_the_caller(
    tmp_path: Path, authority: tuple[Party, Definition]
) -> None:
    party, defined = authority
    roll = tmp_path / "roll.jsonl"
    with pytest.raises(InputError):
        issue_apart(defined, tmp_path / "sheets", roll, party.directory, "wrong", workers=1)
    assert not roll.exists()
