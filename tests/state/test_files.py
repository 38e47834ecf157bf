"""The state files on disk: the durable replace, the new-file write, the journal append and the
bounded read every state file goes through."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from plebiscite.errors import InputError
from plebiscite.state.files import (
    append_lines,
    erase_file,
    read_bounded,
    write_atomic,
    write_new,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_atomic_replaces_with_the_mode_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    old_umask = os.umask(0o077)
    try:
        write_atomic(target, b"new content", 0o644)
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new content"
    assert _mode(target) == 0o644
    write_atomic(target, b"secret")
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary left


def test_write_atomic_leaves_the_old_content_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_write_new_refuses_an_existing_file_and_a_link(tmp_path: Path) -> None:
    target = tmp_path / "sheet.html"
    write_new(target, b"<p>one</p>")
    assert target.read_bytes() == b"<p>one</p>"
    assert _mode(target) == 0o600
    with pytest.raises(FileExistsError):
        write_new(target, b"<p>two</p>")
    assert target.read_bytes() == b"<p>one</p>"
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(FileExistsError):
        write_new(link, b"<p>three</p>")
    assert not (tmp_path / "elsewhere.html").exists()


def test_append_lines_appends_whole_lines(tmp_path: Path) -> None:
    journal = tmp_path / "heads.jsonl"
    append_lines(journal, ["a", "b"])
    append_lines(journal, [])
    append_lines(journal, ["c"])
    assert journal.read_text() == "a\nb\nc\n"


def test_read_bounded_reads_up_to_the_limit_and_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "party.json"
    file.write_bytes(b"x" * 10)
    assert read_bounded(file, 10) == b"x" * 10
    with pytest.raises(InputError, match=r"party\.json: larger than 9 bytes"):
        read_bounded(file, 9)
    with pytest.raises(InputError, match=r"absent\.json: cannot read the receipt \("):
        read_bounded(tmp_path / "absent.json", 10, "the receipt")


def test_erase_file_overwrites_then_removes_and_refuses_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "z.secret"
    target.write_bytes(b"secret exponent")
    written: list[bytes] = []
    real_write = os.write

    def spy(fd: int, data: bytes | memoryview) -> int:
        written.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spy)
    erase_file(target)
    assert not target.exists()
    assert written == [bytes(len(b"secret exponent"))]  # zeros over the whole length first
    erase_file(target)  # gone already: nothing to do
    other = tmp_path / "other"
    other.write_bytes(b"kept")
    link = tmp_path / "link.secret"
    link.symlink_to(other)
    with pytest.raises(OSError):
        erase_file(link)
    assert other.read_bytes() == b"kept" and link.is_symlink()
