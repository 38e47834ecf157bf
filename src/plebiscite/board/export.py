"""Write the published record from a store: entry shards, ``heads.jsonl`` and ``record.json``.

The layout is :mod:`plebiscite.model.record`'s. Entries stream from the store shard by shard
(memory stays flat); each file's size and SHA-256 are taken as it is written. Gzip output is
reproducible (no file name, time 0 in the header), so exporting the same chain twice gives the
same bytes. ``record.json`` is written last, through a temporary file and a rename, so that an
interrupted export has no index and cannot be mistaken for a record.

A compressed file is written behind the reading: this thread reads the entries and makes their
lines while a thread of its own (:class:`_Behind`) compresses, hashes and writes the batches made
before, in order; zlib, the hash and the write release the interpreter's lock, so the two run on
two cores. At most :data:`_BEHIND` batches wait between them (memory stays flat), and the writer
takes every batch waiting in one write: each write waits for the lock a few times, so fewer,
larger writes wait less. Deflate's output does not depend on how its input is cut, so the bytes
are those of writing the whole text at once.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from plebiscite.board.stores.base import Store
from plebiscite.errors import ParameterError
from plebiscite.model.record import (
    INDEX_NAME,
    FileInfo,
    RecordIndex,
    ShardInfo,
    heads_file_name,
    shard_file_name,
)

__all__ = ["DEFAULT_SHARD_SIZE", "GZIP_THRESHOLD", "ExportReport", "export_record"]

#: entries per shard
DEFAULT_SHARD_SIZE: Final = 100_000
#: records with more entries than this are compressed unless told otherwise
GZIP_THRESHOLD: Final = 10_000
#: the text written at once (a batch of lines, joined): bounded by size, not by count, since a
#: line of the roll is some 67 kB (a batch of 256 of them, some 17 MB of text, was held about four
#: times over while joined, concatenated and encoded: the export's peak at a million voters)
_WRITE_CHARS: Final = 1 << 18
#: batches made and not yet written that a compressed file's writer thread may hold (at most
#: this many, some 2 MB of text, are joined into one write)
_BEHIND: Final = 8


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote: counts, and the bytes of the files as stored (compressed or not)."""

    directory: Path
    index: RecordIndex
    compressed: bool

    @property
    def entries(self) -> int:
        return self.index.entries

    @property
    def entry_bytes(self) -> int:
        """Bytes of every entry shard as stored."""
        return sum(s.size for s in self.index.shards)

    @property
    def head_bytes(self) -> int:
        """Bytes of the heads file as stored."""
        return self.index.heads.size

    @property
    def bytes_per_entry(self) -> float:
        """Stored shard bytes per entry (0 for an empty record)."""
        return self.entry_bytes / self.entries if self.entries else 0.0

    @property
    def bytes_per_entry_with_heads(self) -> float:
        """Stored shard and head bytes per entry (0 for an empty record)."""
        total = self.entry_bytes + self.head_bytes
        return total / self.entries if self.entries else 0.0


class _HashingWriter:
    """A binary sink that counts and hashes what it passes on to ``raw``."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()


class _Behind:
    """Calls ``write`` with the batches of bytes given to :meth:`put`, in order, on a thread of its
    own, every batch waiting joined into one call; :meth:`finish` waits for the last one and
    raises what a write raised. After a failed write the batches still given are dropped, and
    :meth:`put` raises the failure."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_BEHIND)
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="record-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        done = False
        while not done:
            parts = [self._queue.get()]
            while parts[-1] is not None and len(parts) < _BEHIND:
                try:
                    parts.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            done = parts[-1] is None
            data = b"".join(p for p in parts if p is not None)
            if data and self._failed is None:
                try:
                    self._write(data)
                except BaseException as exc:  # handed to the thread that makes the batches
                    self._failed = exc

    def put(self, data: bytes) -> None:
        if self._failed is not None:
            self.finish()
        self._queue.put(data)

    def finish(self, *, quietly: bool = False) -> None:
        """Wait until every batch given is written (or dropped); raise a write's failure, unless
        ``quietly`` (the caller is raising an error of its own)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._failed is not None and not quietly:
            raise self._failed


def _batch_bytes(batch: list[str]) -> bytes:
    """The lines of ``batch``, each with its newline, as UTF-8; ``batch`` is emptied."""
    batch.append("")  # the last line's newline
    data = "\n".join(batch).encode("utf-8")
    batch.clear()
    return data


def _write_lines(
    path: Path, lines: Iterable[str], compressed: bool, advance: Callable[[int], object]
) -> tuple[int, int, bytes]:
    """Write ``lines`` (each without its newline) to ``path``; return (count, size, sha256).
    ``advance`` is told how many lines each batch handed to the writer held."""
    count = 0
    with path.open("xb") as raw:
        sink = _HashingWriter(raw)
        if compressed:
            zipped = gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0)
            behind = _Behind(zipped.write)
            write: Callable[[bytes], object] = behind.put
        else:
            write = sink.write
        batch: list[str] = []

        def send() -> None:
            made = len(batch)
            write(_batch_bytes(batch))
            advance(made)

        try:
            pending = 0
            for line in lines:
                batch.append(line)
                pending += len(line) + 1
                count += 1
                if pending >= _WRITE_CHARS:
                    send()
                    pending = 0
            if batch:
                send()
        except BaseException:
            if compressed:  # the writes end before the file closes; the error is this one
                behind.finish(quietly=True)
            raise
        if compressed:
            behind.finish()
            zipped.close()
        raw.flush()
        os.fsync(raw.fileno())
    return count, sink.size, sink.sha256.digest()


def _quiet(stage: str, n: int, total: int | None) -> None:
    """No progress shown."""


def export_record(
    store: Store,
    directory: str | Path,
    *,
    shard_size: int = DEFAULT_SHARD_SIZE,
    compress: bool | None = None,
    progress: Callable[[str, int, int | None], object] | None = None,
) -> ExportReport:
    """Write the record of ``store`` into ``directory`` (new, or empty) and report its size.

    The entries present when the export starts are written, with the heads that name them;
    ``compress`` None gzips when there are more than :data:`GZIP_THRESHOLD` entries.
    ``progress(stage, n, total)``, if given, is told each time ``n`` more lines of a stage are
    made, with the stage's lines in all where known: ``"entries"`` (``total`` the entries
    written), then ``"heads"`` (``total`` None: the heads are counted as they are read).
    """
    if shard_size < 1:
        raise ParameterError("shard_size: must be at least 1")
    target = Path(directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ParameterError(f"{target}: the record directory must be new or empty")
    target.mkdir(parents=True, exist_ok=True)
    total = store.count()
    compressed = total > GZIP_THRESHOLD if compress is None else compress
    tell = progress if progress is not None else _quiet

    shards: list[ShardInfo] = []
    for position, first in enumerate(range(0, total, shard_size)):
        stop = min(first + shard_size, total)
        name = shard_file_name(position, compressed)
        lines = (entry.to_line() for entry in store.read(first, stop))
        count, size, digest = _write_lines(
            target / name, lines, compressed, lambda n: tell("entries", n, total)
        )
        if count != stop - first:
            raise ParameterError(f"store: entries {first}..{stop - 1} are not all there")
        shards.append(ShardInfo(name, first, count, size, digest))

    heads_name = heads_file_name(compressed)
    head_lines = (head.to_line() for head in store.heads() if head.index < total)
    count, size, digest = _write_lines(
        target / heads_name, head_lines, compressed, lambda n: tell("heads", n, None)
    )
    index = RecordIndex(total, tuple(shards), FileInfo(heads_name, count, size, digest))

    temporary = target / (INDEX_NAME + ".tmp")
    with temporary.open("x", encoding="utf-8") as handle:
        handle.write(index.to_text())
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(target / INDEX_NAME)
    return ExportReport(target, index, compressed)
