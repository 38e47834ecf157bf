"""An observer's check kept between its runs (``STATE/checked``, docs/spec.md §14.3).

An observer saved part-way and started again goes on from its saved check: it checks none of the
entries it had checked, only the ones mirrored after them, and ends with the verdicts of an
observer that checked everything. A saved check that is not this observer's (another secret), is
damaged, or does not cover the mirror as it is on disk (a line changed, lines missing) is set
aside with a note, and every mirrored entry is checked again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from plebiscite.errors import InputError
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.observe.observer import (
    CHECKED_DIR,
    ENTRIES_FILE,
    HEADS_FILE,
    Observer,
    _LineFile,
    read_secret,
)
from plebiscite.rules.checker import Checker
from verify._record import Built, build

SECRET = bytes(range(32))


class Board:
    """What :class:`Observer` asks of the board service's client, served from a built record
    whose first ``shown`` entries (and their heads) are on the board so far."""

    url = "http://record.invalid"

    def __init__(self, built: Built, shown: int, lines: Sequence[str] | None = None) -> None:
        self.lines = list(lines) if lines is not None else [e.to_line() for e in built.entries]
        self.all_heads = built.heads
        self.shown = shown
        self.broken_at: int | None = None  # the stream fails there (a connection lost)

    def raw_stream(self, start: int) -> Iterator[str]:
        for index in range(start, self.shown):
            if index == self.broken_at:
                raise OSError("connection lost")
            yield self.lines[index]

    def _heads(self) -> list[SignedHead]:
        return [h for h in self.all_heads if h.index < self.shown]

    def heads(self, start: int) -> Iterator[SignedHead]:
        yield from self._heads()[start:]

    def head(self) -> SignedHead | None:
        shown = self._heads()
        return shown[-1] if shown else None


@pytest.fixture(scope="module")
def built() -> Built:
    return build()


def _verdicts(observer: Observer) -> tuple[object, ...]:
    checker = observer.checker
    return checker.entries, checker.tip, [f.to_json() for f in checker.failures]


def _flip_signature(line: str) -> str:
    """``line`` with the last digit of its body's signature changed: still an entry, another
    content under the same stored hash."""
    value = json.loads(line)
    signature = value["body"]["signature"]
    value["body"]["signature"] = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    return dumps_canonical(value)


def _feeds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The indices of the entries fed to any checker from now on."""
    fed: list[int] = []
    plain = Checker.feed

    def counting(self: Checker, entry: Entry) -> None:
        fed.append(entry.index)
        plain(self, entry)

    monkeypatch.setattr(Checker, "feed", counting)
    return fed


def _observed(state: Path, board: Board, **options: object) -> tuple[Observer, list[str]]:
    notes: list[str] = []
    observer = Observer(state, board, note=notes.append, **options)  # type: ignore[arg-type]
    return observer, notes


def test_a_restart_checks_only_what_was_mirrored_after_the_saved_check(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = len(built.entries)
    half = total // 2
    board = Board(built, half)
    first, _ = _observed(tmp_path / "o", board, secret=SECRET)
    shown: list[int] = []
    assert first.poll(progress=shown.append) == []
    assert shown == [1] * half  # each entry mirrored told to the bar
    assert first.save_check()
    first.close()
    board.shown = half + 3  # three more entries come while the observer is stopped ...
    later, _ = _observed(tmp_path / "o", board, secret=SECRET)
    assert later.poll() == []  # ... and are mirrored now
    later.close()  # not saved: the next start holds a check of `half` entries, a mirror of more
    board.shown = total
    fed = _feeds(monkeypatch)
    shown.clear()
    again, notes = _observed(tmp_path / "o", board, secret=SECRET, progress=shown.append)
    assert notes == [] and again.resumed == half
    assert shown == [half, 1, 1, 1]  # what the saved check held at once, then each entry read
    assert fed == list(range(half, half + 3))  # the mirrored entries after the saved check
    assert again.poll(audit=True) == []
    assert fed == list(range(half, total))
    assert again.save_check()
    again.close()
    fed.clear()
    last, notes = _observed(tmp_path / "o", board, secret=SECRET)
    assert notes == [] and last.resumed == total and fed == []
    fresh, _ = _observed(tmp_path / "fresh", Board(built, total))
    fresh.poll()
    assert _verdicts(last) == _verdicts(fresh)
    assert last.checker.finish().to_json() == fresh.checker.finish().to_json()
    last.close()
    fresh.close()


def test_a_failure_found_before_the_save_stays_reported_once(built: Built, tmp_path: Path) -> None:
    """An entry changed on the board (its hash no longer its content: V1): the observer's alarm
    is raised once, and the observer started again from its saved check still holds it."""
    lines = [e.to_line() for e in built.entries]
    lines[4] = _flip_signature(lines[4])
    board = Board(built, 10, lines)
    first, _ = _observed(tmp_path / "o", board, secret=SECRET)
    alarms = first.poll()
    assert [(a.kind, a.index) for a in alarms if a.kind == "check_failed"][:1] == [
        ("check_failed", 4)
    ]
    assert first.save_check()
    held = [f.to_json() for f in first.checker.failures]
    first.close()
    board.shown = len(lines)
    again, notes = _observed(tmp_path / "o", board, secret=SECRET)
    assert notes == [] and again.resumed == 10
    assert [f.to_json() for f in again.checker.failures][: len(held)] == held
    assert all(a.index != 4 for a in again.poll() if a.kind == "check_failed")
    fresh, _ = _observed(tmp_path / "fresh", Board(built, len(lines), lines))
    fresh.poll()
    assert _verdicts(again) == _verdicts(fresh)
    again.close()
    fresh.close()


def _saved_half(built: Built, state: Path) -> Board:
    board = Board(built, len(built.entries) // 2)
    observer, _ = _observed(state, board, secret=SECRET)
    observer.poll()
    assert observer.save_check()
    observer.close()
    return board


@pytest.mark.parametrize(
    "damage",
    [
        "another secret",
        "a mirrored line changed",
        "mirrored lines missing",
        "a head line changed",
        "the pickle changed",
    ],
)
def test_a_saved_check_that_does_not_hold_is_set_aside_and_everything_checked(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    state = tmp_path / "o"
    board = _saved_half(built, state)
    secret = SECRET
    mirror = state / ENTRIES_FILE
    lines = mirror.read_text(encoding="utf-8").splitlines()
    if damage == "another secret":
        secret = bytes(32)
    elif damage == "a mirrored line changed":
        lines[3] = _flip_signature(lines[3])
        mirror.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif damage == "mirrored lines missing":
        mirror.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
    elif damage == "a head line changed":
        heads = state / HEADS_FILE
        text = heads.read_text(encoding="utf-8")
        heads.write_text(text.replace('"time":', '"time": ', 1), encoding="utf-8")
    else:
        pickled = state / CHECKED_DIR / "state.pickle"
        data = bytearray(pickled.read_bytes())
        data[len(data) // 2] ^= 1
        pickled.write_bytes(bytes(data))
    fed = _feeds(monkeypatch)
    again, notes = _observed(state, board, secret=secret)
    assert again.resumed == 0 and len(notes) == 1
    assert "checking every mirrored entry" in notes[0]
    expected = {
        "another secret": "does not hold under this key",
        "a mirrored line changed": "no longer begins with the lines it covered",
        "mirrored lines missing": "no longer begins with the lines it covered",
        "a head line changed": "no longer begins with the lines it covered",
        "the pickle changed": "state.pickle",
    }[damage]
    assert expected in notes[0]
    assert fed == list(range(len(again.mirror)))  # every mirrored entry checked again
    again.close()


@pytest.mark.parametrize("secret", [SECRET, None])
def test_where_the_head_history_was_read_up_to_is_sealed_not_taken_from_observer_json(
    built: Built, tmp_path: Path, secret: bytes | None
) -> None:
    """A state directory others can write cannot make an observer skip heads: ``observer.json``
    claiming the whole head history was read changes nothing. The position comes from the
    sealed check (with a secret) or the history is read again from its start (without one)."""
    state = tmp_path / "o"
    board = Board(built, len(built.entries) // 2)
    first, _ = _observed(state, board, secret=secret)
    first.poll()
    read = first.heads_position
    assert read > 0 and first.save_check() == (secret is not None)
    first.close()
    claimed = json.loads((state / "observer.json").read_text(encoding="utf-8"))
    claimed["heads_position"] = 10**9
    (state / "observer.json").write_text(dumps_canonical(claimed) + "\n", encoding="utf-8")
    board.shown = len(built.entries)
    again, notes = _observed(state, board, secret=secret)
    assert notes == [] and again.heads_position == (read if secret is not None else 0)
    assert again.poll() == []
    fresh, _ = _observed(tmp_path / "fresh", Board(built, len(built.entries)))
    fresh.poll()
    assert again.heads_position == fresh.heads_position == len(board._heads())
    assert again.heads.indices == fresh.heads.indices  # every head the board served is held
    assert (state / HEADS_FILE).read_bytes() == (tmp_path / "fresh" / HEADS_FILE).read_bytes()
    again.close()
    fresh.close()


def test_no_secret_no_saved_check_and_a_poll_cut_short_is_not_saved(
    built: Built, tmp_path: Path
) -> None:
    board = Board(built, 10)
    plain, _ = _observed(tmp_path / "plain", board)
    plain.poll()
    assert not plain.can_save and not plain.save_check()
    assert not (tmp_path / "plain" / CHECKED_DIR).exists()
    plain.close()
    board.shown, board.broken_at = len(built.entries), 12
    cut, _ = _observed(tmp_path / "cut", board, secret=SECRET)
    with pytest.raises(OSError, match="connection lost"):
        cut.poll()
    assert not cut.can_save and not cut.save_check()
    assert not (tmp_path / "cut" / CHECKED_DIR).exists()
    cut.close()


def test_a_files_saved_form_is_the_digest_of_its_bytes_and_resumes_only_on_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text('{"a":1}\n\n{"b":2}\n', encoding="utf-8")
    written = _LineFile(path)
    assert [line for _n, _s, line in written.stream()] == ['{"a":1}', '{"b":2}']
    written.append('{"c":3}', b'{"c":3}')
    form = written.saved_form()  # the line held is written first
    assert form == (len(path.read_bytes()), 4, hashlib.sha256(path.read_bytes()).digest())
    with path.open("a", encoding="utf-8") as out:
        out.write('{"d":4}\n')  # a line written after the save
    again = _LineFile(path)
    assert again.resume(form)
    assert list(again.stream()) == [(5, form[0], '{"d":4}')]  # numbered and placed after them
    assert again.saved_form()[2] == hashlib.sha256(path.read_bytes()).digest()
    changed = path.read_bytes().replace(b'"b":2', b'"b":3')
    for text in (changed, path.read_bytes()[:-10], b""):
        path.write_bytes(text)
        assert not _LineFile(path).resume(form)
    path.unlink()
    assert not _LineFile(path).resume(form)


def test_the_secret_is_made_once_private_then_read(tmp_path: Path) -> None:
    path = tmp_path / "config" / "plebiscite" / "observer.key"
    made = read_secret(path)
    assert len(made) == 32 and read_secret(path) == made
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.write_bytes(made[:31])
    with pytest.raises(InputError) as caught:
        read_secret(path)
    assert str(path) in str(caught.value) and "31 bytes" in str(caught.value)
    os.chmod(path.parent, 0o500)
    try:
        if os.geteuid() != 0:  # root reads and writes regardless of the mode
            with pytest.raises(InputError, match="cannot read or make it"):
                read_secret(path.parent / "other.key")
    finally:
        os.chmod(path.parent, 0o700)


def test_the_audit_compares_served_lines_as_mirrored_or_canonical(
    built: Built, tmp_path: Path
) -> None:
    """The audit takes a served line equal to the mirrored one as it is, a line served in
    another form by its canonical form (no alarm), and raises one for a changed entry."""
    board = Board(built, 12)
    observer, _ = _observed(tmp_path / "o", board)
    assert observer.poll() == []
    board.lines[3] = json.dumps(json.loads(board.lines[3]), indent=1).replace("\n", " ")
    assert board.lines[3] != built.entries[3].to_line()
    assert observer.poll(audit=True) == []
    board.lines[5] = _flip_signature(board.lines[5])
    alarms = observer.poll(audit=True)
    assert [(a.kind, a.index) for a in alarms] == [("entry_changed", 5)]
    assert alarms[0].evidence["served"] == board.lines[5]
    observer.close()
