"""Issuing: sheets per district, keys derived from what is printed, the roll posted and checked.

Uses the test election's tiny scrypt parameters (n = 16, r = 1); the defaults are never lowered.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.board import Board
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.credentials.issue import (
    KeyDeriver,
    check_board_ready,
    issue,
    kdf_params,
    post_roll,
)
from plebiscite.credentials.sheets import prepare_sheets_dir, render_sheets
from plebiscite.crypto.credential import KdfParams, derive_signing_key, parse_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import BoardError, InputError
from plebiscite.model.roll import RollChecker, merkle_root

from ._election import ELECTION_ID, REGISTERED, definition, key

_CREDENTIAL = re.compile(r'<div class="credential">(.*?)</div>')


def credentials_in(sheet: Path) -> list[str]:
    """The credentials printed on a sheet file, as printed (grouped with hyphens)."""
    text = sheet.read_text(encoding="utf-8")
    return [
        "-".join(re.findall(r"<span>([0-9A-Z]{4})</span>", m)) for m in _CREDENTIAL.findall(text)
    ]


@pytest.fixture
def board(tmp_path: Path) -> Iterator[Board]:
    store = SQLiteStore(tmp_path / "board.db")
    with Board(store, ELECTION_ID, key("board")) as b:
        b.append("manifest", definition().to_manifest())
        yield b
    store.close()


def test_issue_writes_one_private_sheet_per_district_and_one_page_per_voter(tmp_path: Path) -> None:
    sheets = tmp_path / "sheets"
    issued = issue(definition(), sheets, workers=1, rng=DeterministicRandom("issue"))
    assert stat.S_IMODE(sheets.stat().st_mode) == 0o700
    assert sorted(p.name for p in sheets.iterdir()) == sorted(f"{d}.html" for d in REGISTERED)
    for district, registered in REGISTERED.items():
        sheet = sheets / f"{district}.html"
        assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
        printed = credentials_in(sheet)
        assert len(printed) == registered == len(set(printed))
        text = sheet.read_text(encoding="utf-8")
        assert text.count('class="sheet"') == registered
        assert "break-after: page" in text and "@page" in text
        assert ELECTION_ID.hex()[:8] in text and "Test referendum" in text
        assert "only your last ballot counts" in text.lower()
        assert "revote" in text and "secret" in text
    assert [d.id for d in issued] == list(REGISTERED)
    assert {d.id: d.count for d in issued} == REGISTERED
    for d in issued:
        assert d.root == merkle_root(d.id, d.keys)


def test_a_credential_from_a_sheet_derives_a_key_on_the_roll_of_her_district(
    tmp_path: Path, board: Board
) -> None:
    sheets = tmp_path / "sheets"
    issued = issue(definition(), sheets, workers=1)
    posted = post_roll(board.append, key("ca"), ELECTION_ID, issued, chunk_size=2)
    assert posted.final == len(posted.chunks) + 1
    checker = RollChecker()
    for entry in board.store.read(0):
        checker.observe(entry)
    report = checker.report()
    assert report.ok, [str(f) for f in report.failures]
    assert {d.id: d.count for d in report.districts} == REGISTERED
    assert report.roots() == {d.id: d.root for d in issued}
    params = kdf_params(definition())
    for district in REGISTERED:
        for printed in credentials_in(sheets / f"{district}.html"):
            typed = printed.lower().replace("-", " ")  # as a voter might type it
            public = derive_signing_key(parse_credential(typed), ELECTION_ID, params).public
            assert checker.district_of(public.xonly) == district
        # derived for another election, the same credential is on no roll
        other = derive_signing_key(parse_credential(printed), bytes(16), params).public
        assert checker.district_of(other.xonly) is None


def test_roll_order_is_not_the_sheet_order(tmp_path: Path) -> None:
    d = definition(registered={"north": 40})
    issued = issue(d, tmp_path / "sheets", workers=1)
    printed = credentials_in(tmp_path / "sheets" / "north.html")
    with KeyDeriver(ELECTION_ID, kdf_params(d), workers=1) as deriver:
        in_sheet_order = deriver.derive(printed)
    assert sorted(in_sheet_order) == sorted(issued[0].keys)
    assert list(issued[0].keys) != in_sheet_order


def test_the_process_pool_derives_the_same_keys_in_the_same_order() -> None:
    params = KdfParams(n=16, r=1, p=1)
    printed = [
        "63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE",
        *(c for c in credentials_for(9)),
    ]
    with KeyDeriver(ELECTION_ID, params, workers=1) as one:
        expected = one.derive(printed)
    progress: list[int] = []
    with KeyDeriver(ELECTION_ID, params, workers=2) as pool:
        assert pool.derive(printed, progress.append) == expected
    assert sum(progress) == len(printed)


def credentials_for(count: int) -> Iterator[str]:
    from plebiscite.crypto.credential import generate_credential

    rng = DeterministicRandom("pool")
    for _ in range(count):
        yield generate_credential(rng)


def test_sheets_directory_is_never_reused(tmp_path: Path) -> None:
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "old.html").write_text("x")
    with pytest.raises(InputError, match="not empty"):
        prepare_sheets_dir(sheets)
    with pytest.raises(InputError, match="not empty"):
        issue(definition(), sheets, workers=1)


def test_sheet_text_is_escaped() -> None:
    d = definition()
    page = render_sheets(d, d.districts[0], ["<SCRIPT>"])
    assert "<SCRIPT>" not in page and "&lt;SCRIPT&gt;" in page


def test_a_board_with_a_roll_or_open_is_refused(board: Board) -> None:
    check_board_ready(list(board.store.read(0)))  # only the manifest: ready
    opened = [*board.store.read(0), board.append("open", {"x": 1}).entry]
    with pytest.raises(BoardError, match="already open"):
        check_board_ready(opened)
    body = {"district": "north", "position": 0, "keys": ["00" * 32]}
    chunk = board.append("credential_roll", body).entry  # type: ignore[arg-type]
    with pytest.raises(BoardError, match="already issued"):
        check_board_ready([opened[0], chunk])
