"""Issuing: sheets per district, keys derived from what is printed, the roll posted and checked.

Uses the test election's tiny scrypt parameters (n = 16, r = 1): the older derivation, kept
working; HKDF-SHA256 is exercised by the demo and the booth tests.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.board import Board
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.credentials import issue as issue_module
from plebiscite.credentials.issue import (
    KeyDeriver,
    RollKeys,
    check_board_ready,
    draw_credentials,
    issue,
    post_roll,
    post_roll_file,
    roll_entries,
    shuffle_keys,
    write_roll,
)
from plebiscite.credentials.sheets import SheetWriter, prepare_sheets_dir, render_sheets
from plebiscite.crypto.credential import (
    HKDF_SHA256,
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import BoardError, InputError, ParameterError
from plebiscite.model.roll import RollChecker, merkle_root, shuffled

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
    params = definition().kdf.derivation()
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
    with KeyDeriver(ELECTION_ID, d.kdf.derivation(), workers=1) as deriver:
        derived = deriver.derive(printed)
    in_sheet_order = [derived[i : i + 32] for i in range(0, len(derived), 32)]
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


def test_shuffle_keys_draws_as_the_roll_shuffle_does() -> None:
    keys = [bytes([i]) * 32 for i in range(50)]
    buffer = bytearray(b"".join(keys))
    shuffle_keys(buffer, DeterministicRandom("order"))
    assert RollKeys(bytes(buffer)) == RollKeys(
        b"".join(shuffled(keys, DeterministicRandom("order")))
    )
    assert sorted(RollKeys(bytes(buffer))) == keys


def test_roll_keys_is_a_sequence_of_32_byte_keys() -> None:
    keys = [bytes([i]) * 32 for i in range(5)]
    roll = RollKeys(b"".join(keys))
    assert len(roll) == 5 and list(roll) == keys and roll[-1] == keys[4]
    assert list(roll[1:3]) == keys[1:3] and list(roll[::2]) == keys[::2]
    assert list(roll[4:2]) == []
    with pytest.raises(IndexError):
        roll[5]
    with pytest.raises(ParameterError, match="32-byte"):
        RollKeys(bytes(33))


def test_districts_larger_than_a_window_stream_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issue_module, "WINDOW", 3)
    d = definition(registered={"north": 8})
    sheets = tmp_path / "sheets"
    (north,) = issue(d, sheets, workers=1)
    text = (sheets / "north.html").read_text(encoding="utf-8")
    numbers = re.findall(r"Sheet (\d+) of 8, district north", text)
    assert numbers == [str(n) for n in range(1, 9)]
    assert text.count("<!DOCTYPE html>") == 1 and text.endswith("</html>\n")
    printed = credentials_in(sheets / "north.html")
    kdf = d.kdf.derivation()
    derived = sorted(
        derive_signing_key(parse_credential(c), ELECTION_ID, kdf).public.xonly for c in printed
    )
    assert sorted(north.keys) == derived and north.root == merkle_root("north", north.keys)


def test_a_sheet_file_must_receive_every_page(tmp_path: Path) -> None:
    d = definition()
    district = d.districts[0]
    path = tmp_path / "north.html"
    writer = SheetWriter(path, d, district, 2)
    writer.write(["63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE"])
    with pytest.raises(InputError, match="1 of 2 sheets"):
        writer.close()
    full = SheetWriter(tmp_path / "other.html", d, district, 1)
    with pytest.raises(InputError, match="more than 1"):
        full.write(["63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE"] * 2)
    full.write(["63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE"])
    full.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        SheetWriter(path, d, district, 1)


def test_a_key_twice_in_the_roll_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def same_key(job: tuple[bytes, object, list[str]]) -> bytes:
        return b"\x07" * 32 * len(job[2])

    monkeypatch.setattr(issue_module, "derive_roll_keys", same_key)
    with pytest.raises(ParameterError, match="district 'north': two credentials derived the same"):
        issue(definition(), tmp_path / "sheets", workers=1)


def _keys_sharing_a_first_word(last: int | None) -> object:
    """A derivation whose keys all begin with the same 8 bytes and differ after them; the last
    of the whole roll's keys is the key number ``last`` again when that is given."""
    made = 0
    total = sum(REGISTERED.values())

    def derive(job: tuple[bytes, object, list[str]]) -> bytes:
        nonlocal made
        out = b""
        for _ in job[2]:
            number = last if made == total - 1 and last is not None else made
            out += b"\x07" * 8 + number.to_bytes(24, "big")
            made += 1
        return out

    return derive


def test_keys_that_differ_after_their_first_word_are_issued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issue_module, "derive_roll_keys", _keys_sharing_a_first_word(None))
    issued = issue(definition(), tmp_path / "sheets", workers=1)
    assert sum(d.count for d in issued) == sum(REGISTERED.values())


def test_a_key_twice_across_districts_is_refused_in_the_later_district(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the last district's last key repeats the first district's second key
    monkeypatch.setattr(issue_module, "derive_roll_keys", _keys_sharing_a_first_word(1))
    with pytest.raises(ParameterError, match="district 'east-1': two credentials derived the same"):
        issue(definition(), tmp_path / "sheets", workers=1)


def test_a_roll_written_to_a_file_posts_the_same_entries(tmp_path: Path, board: Board) -> None:
    issued = issue(definition(), tmp_path / "sheets", workers=1, rng=DeterministicRandom("file"))
    roll = tmp_path / "roll.jsonl"
    lines = write_roll(
        roll, key("ca"), ELECTION_ID, issued, chunk_size=2, rng=DeterministicRandom("s")
    )
    direct = list(
        roll_entries(key("ca"), ELECTION_ID, issued, chunk_size=2, rng=DeterministicRandom("s"))
    )
    assert lines == len(direct) == len(roll.read_text(encoding="utf-8").splitlines())
    posted = post_roll_file(board.append, roll)
    assert posted.final == len(posted.chunks) + 1 == lines
    assert [(e.kind, e.body) for e in board.store.read(1)] == direct
    checker = RollChecker()
    for entry in board.store.read(0):
        checker.observe(entry)
    assert checker.report().ok and checker.report().roots() == {d.id: d.root for d in issued}
    with pytest.raises(FileExistsError):  # never over an earlier file
        write_roll(roll, key("ca"), ELECTION_ID, issued)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"kind": 1}\n', "line 1: not [kind, body] of a roll entry"),
        ('["open", {}]\n', "line 1: not [kind, body] of a roll entry"),
        ('["credential_roll", {}\n', "line 1: not [kind, body] of a roll entry"),
        ('["credential_roll", []]\n', "line 1: not [kind, body] of a roll entry"),
    ],
)
def test_a_roll_file_line_that_is_not_a_roll_entry_is_named(
    tmp_path: Path, board: Board, text: str, message: str
) -> None:
    roll = tmp_path / "roll.jsonl"
    roll.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{roll}, {message}")):
        post_roll_file(board.append, roll)
    assert board.store.count() == 1  # nothing posted


@pytest.mark.parametrize("how", ["final missing", "a chunk after the final entry"])
def test_a_roll_file_must_end_with_its_final_entry(tmp_path: Path, board: Board, how: str) -> None:
    issued = issue(definition(), tmp_path / "sheets", workers=1)
    roll = tmp_path / "roll.jsonl"
    write_roll(roll, key("ca"), ELECTION_ID, issued, chunk_size=2)
    lines = roll.read_text(encoding="utf-8").splitlines(keepends=True)
    roll.write_text("".join(lines[:-1] if how == "final missing" else [*lines, lines[0]]))
    message = "no final entry" if how == "final missing" else "after the roll's final entry"
    with pytest.raises(InputError, match=message):
        post_roll_file(board.append, roll)


@pytest.mark.parametrize("count", [0, 1, 700])
@pytest.mark.parametrize("seed", ["a", "b"])
def test_drawn_credentials_are_those_generate_credential_draws(count: int, seed: str) -> None:
    source = DeterministicRandom(seed)
    expected = [generate_credential(source) for _ in range(count)]
    assert draw_credentials(count, DeterministicRandom(seed)) == expected
    assert all(parse_credential(c).grouped() == c for c in expected)


def test_the_worker_derives_typed_credentials_as_printed_ones() -> None:
    printed = draw_credentials(3, DeterministicRandom("typed"))
    typed = [c.lower().replace("-", " ").replace("0", "o") for c in printed]
    with KeyDeriver(ELECTION_ID, HKDF_SHA256, workers=1) as deriver:
        keys = deriver.derive(printed)
        assert deriver.derive(typed) == keys
    expected = [derive_signing_key(parse_credential(c), ELECTION_ID, HKDF_SHA256) for c in typed]
    assert keys == b"".join(k.public.xonly for k in expected)
    with pytest.raises(InputError, match="check characters"):
        deriver.derive([printed[0][:-1] + ("0" if printed[0][-1] != "0" else "1")])


def test_pages_are_written_while_the_workers_derive() -> None:
    printed = draw_credentials(5, DeterministicRandom("during"))
    order: list[str] = []
    with KeyDeriver(ELECTION_ID, HKDF_SHA256, workers=2) as deriver:
        keys = deriver.derive(
            printed, lambda k: order.append("keys"), lambda: order.append("pages")
        )
    assert order == ["pages", "keys"] and len(keys) == 5 * 32
