"""Small state files on disk: the one durable write and the one bounded read.

:func:`write_atomic` replaces a file so that a crash leaves the old or the new content, never a
mix: it writes a temporary file beside the target (created exclusively, with the given mode
whatever the umask), fsyncs it, renames it over the target and fsyncs the directory. Every
party's state, secret files, voters' receipts and observers' state go through it;
:func:`write_new` writes a file that must not exist yet (the credential sheets) and
:func:`append_lines` appends durably to a journal (an observer's heads and alarms).

:func:`erase_file` overwrites a file with zeros, fsyncs it, unlinks it and fsyncs the directory
(a secret whose last use is done).

:func:`read_bounded` reads a state file of at most a given size, so that a file grown by
accident or by an adversary is refused before it is parsed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from plebiscite.errors import InputError

__all__ = ["NewFile", "append_lines", "erase_file", "read_bounded", "write_atomic", "write_new"]


def _write_all(fd: int, data: bytes, mode: int) -> None:
    os.fchmod(fd, mode)  # whatever the umask
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _sync_directory(directory: Path) -> None:
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` durably; the file gets ``mode`` (default owner-only)."""
    target = Path(path)
    directory = target.parent
    temporary = directory / f".{target.name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        _write_all(fd, data, mode)
    except BaseException:
        os.close(fd)
        temporary.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(directory)


def erase_file(path: str | os.PathLike[str]) -> None:
    """Overwrite ``path`` with zeros (as long as it is), fsync it, unlink it and fsync its
    directory; nothing when it does not exist. A link is refused, not followed."""
    target = Path(path)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return
    try:
        size = os.fstat(fd).st_size
        view = memoryview(bytes(size))
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    target.unlink()
    _sync_directory(target.parent)


class NewFile:
    """A new file written in pieces: created exclusively (refused with ``FileExistsError`` if
    anything is at ``path``, a link included) with ``mode`` whatever the umask; :meth:`commit`
    fsyncs it, closes it and fsyncs its directory, :meth:`abandon` only closes it (what was
    written stays, with ``mode``)."""

    def __init__(self, path: str | os.PathLike[str], mode: int = 0o600) -> None:
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        os.fchmod(self._fd, mode)  # whatever the umask

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def commit(self) -> None:
        try:
            os.fsync(self._fd)
        finally:
            self.abandon()
        _sync_directory(self.path.parent)

    @property
    def closed(self) -> bool:
        return self._fd < 0

    def abandon(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def commit_as(self, target: str | os.PathLike[str]) -> None:
        """:meth:`commit`, then rename the file to ``target`` (replacing what is there) and
        fsync the directory: ``target`` holds the whole file or what it held before."""
        self.commit()
        os.replace(self.path, target)
        _sync_directory(Path(target).parent)


def write_new(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to the new file ``path`` (refused with ``FileExistsError`` if anything is
    there, a link included) with ``mode`` whatever the umask, and fsync it and its directory."""
    new = NewFile(path, mode)
    try:
        new.write(data)
    except BaseException:
        new.abandon()
        raise
    new.commit()


def append_lines(path: str | os.PathLike[str], lines: Iterable[str]) -> None:
    """Append ``lines`` (each without its newline) to the text file ``path`` and fsync it."""
    text = "".join(line + "\n" for line in lines)
    if not text:
        return
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "it") -> bytes:
    """The bytes of ``path``, at most ``limit`` of them.

    Raises :class:`~plebiscite.errors.InputError` naming the file when it cannot be read
    (``what`` says what it should hold: "the receipt", "party state") or is larger than ``limit``.
    """
    file = Path(path)
    try:
        with file.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{file}: cannot read {what} ({exc.strerror})") from None
    if len(raw) > limit:
        raise InputError(f"{file}: larger than {limit} bytes")
    return raw
