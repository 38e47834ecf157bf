"""The published record on disk, and its strict streaming reader (docs/record.md).

A record directory holds:

* ``board-000000.jsonl`` (or ``.jsonl.gz``), ``board-000001…``: the entries as JSON Lines, one
  entry per line in index order, every line ending in ``\\n``; shard ``i`` is named by its
  position ``i`` and starts where shard ``i - 1`` ends;
* ``heads.jsonl`` (or ``.jsonl.gz``): every signed head the board issued, one per line;
* ``record.json``: the index, ``{"format", "entries", "shards", "heads"}``, listing each shard
  in order as ``{"file", "first", "count", "bytes", "sha256"}`` and the heads file as
  ``{"file", "count", "bytes", "sha256"}`` (``bytes`` and ``sha256`` of the file as stored,
  compressed or not).

:class:`RecordReader` streams one line at a time, so memory stays flat whatever the size. It
refuses a line that does not parse (naming file and line), an entry whose index is not the next
one (a missing or reordered shard), a shard file that is missing or not listed, and a file whose
size or SHA-256 is not the one listed (reported when the file has been read to its end).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from plebiscite.errors import RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    dumps_canonical,
    loads_strict,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.entry import Entry, SignedHead, parse_entry, parse_head, read_entry

__all__ = [
    "HEADS_NAME",
    "INDEX_NAME",
    "MAX_LINE_BYTES",
    "RECORD_FORMAT",
    "FileInfo",
    "RecordIndex",
    "RecordReader",
    "ShardInfo",
    "entry_at",
    "heads_file_name",
    "shard_file_name",
]

RECORD_FORMAT: Final = "plebiscite-record/1"
INDEX_NAME: Final = "record.json"
HEADS_NAME: Final = "heads.jsonl"
#: the longest line a record file may have
MAX_LINE_BYTES: Final = 64 * 1024 * 1024

_SHARD_NAME = re.compile(r"board-(\d{6})\.jsonl(\.gz)?")
_U64_MAX: Final = (1 << 64) - 1
_CHUNK: Final = 1 << 16


def shard_file_name(position: int, compressed: bool) -> str:
    """The file name of the shard at ``position`` (``board-000000.jsonl`` or ``….jsonl.gz``)."""
    return f"board-{position:06d}.jsonl" + (".gz" if compressed else "")


def heads_file_name(compressed: bool) -> str:
    """``heads.jsonl`` or ``heads.jsonl.gz``."""
    return HEADS_NAME + (".gz" if compressed else "")


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A listed file: its name, how many lines (entries or heads), its size in bytes and SHA-256."""

    file: str
    count: int
    size: int
    sha256: bytes

    def to_json(self) -> JSONObject:
        return {
            "file": self.file,
            "count": self.count,
            "bytes": self.size,
            "sha256": self.sha256.hex(),
        }


@dataclass(frozen=True, slots=True)
class ShardInfo:
    """A shard of entries: the file and the index of its first entry."""

    file: str
    first: int
    count: int
    size: int
    sha256: bytes

    @property
    def info(self) -> FileInfo:
        return FileInfo(self.file, self.count, self.size, self.sha256)

    def to_json(self) -> JSONObject:
        return {
            "file": self.file,
            "first": self.first,
            "count": self.count,
            "bytes": self.size,
            "sha256": self.sha256.hex(),
        }


@dataclass(frozen=True, slots=True)
class RecordIndex:
    """The contents of ``record.json``."""

    entries: int
    shards: tuple[ShardInfo, ...]
    heads: FileInfo

    def to_json(self) -> JSONObject:
        return {
            "format": RECORD_FORMAT,
            "entries": self.entries,
            "shards": [s.to_json() for s in self.shards],
            "heads": self.heads.to_json(),
        }

    def to_text(self) -> str:
        """``record.json`` as written: canonical JSON and a newline."""
        return dumps_canonical(self.to_json()) + "\n"

    @classmethod
    def from_json(cls, value: JSONValue, where: str) -> RecordIndex:
        """Parse ``record.json``: exact fields, shards named by their position and contiguous."""
        obj = require_object(value, where, "record")
        require_fields(obj, where, "record", ("format", "entries", "shards", "heads"))
        fmt = require_str(obj, "format", where, "record")
        if fmt != RECORD_FORMAT:
            raise RecordError.at(where, "record.format", f"{fmt!r} is not {RECORD_FORMAT!r}")
        total = require_int(obj, "entries", where, "record", maximum=_U64_MAX)
        shards: list[ShardInfo] = []
        next_first = 0
        for position, raw in enumerate(require_list(obj, "shards", where, "record")):
            path = f"record.shards[{position}]"
            item = require_object(raw, where, path)
            require_fields(item, where, path, ("file", "first", "count", "bytes", "sha256"))
            name = require_str(item, "file", where, path)
            match = _SHARD_NAME.fullmatch(name)
            if match is None or int(match.group(1)) != position:
                raise RecordError.at(
                    where,
                    f"{path}.file",
                    f"{name!r} is not the shard at position "
                    f"{position} ({shard_file_name(position, False)}[.gz])",
                )
            first = require_int(item, "first", where, path, maximum=_U64_MAX)
            if first != next_first:
                raise RecordError.at(
                    where,
                    f"{path}.first",
                    f"{first} where {next_first} was expected "
                    "(shards must be contiguous and in order)",
                )
            count = require_int(item, "count", where, path, minimum=1, maximum=_U64_MAX)
            shards.append(
                ShardInfo(
                    file=name,
                    first=first,
                    count=count,
                    size=require_int(item, "bytes", where, path, maximum=_U64_MAX),
                    sha256=require_hex(item, "sha256", where, path, 32),
                )
            )
            next_first = first + count
        if next_first != total:
            raise RecordError.at(
                where, "record.entries", f"{total} but the shards hold {next_first}"
            )
        heads = require_object(obj["heads"], where, "record.heads")
        require_fields(heads, where, "record.heads", ("file", "count", "bytes", "sha256"))
        heads_name = require_str(heads, "file", where, "record.heads")
        if heads_name not in (heads_file_name(False), heads_file_name(True)):
            raise RecordError.at(
                where, "record.heads.file", f"{heads_name!r} is not {HEADS_NAME}[.gz]"
            )
        heads_info = FileInfo(
            file=heads_name,
            count=require_int(heads, "count", where, "record.heads", maximum=_U64_MAX),
            size=require_int(heads, "bytes", where, "record.heads", maximum=_U64_MAX),
            sha256=require_hex(heads, "sha256", where, "record.heads", 32),
        )
        return cls(total, tuple(shards), heads_info)


class _HashingReader(io.RawIOBase):
    """A raw reader that counts and hashes every byte read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.sha256.update(data)
        self.size += n
        return n

    def drain(self) -> None:
        while self._raw.read(_CHUNK):  # pragma: no cover - text streams end at the file's end
            pass


def _lines(directory: Path, info: FileInfo) -> Iterator[tuple[str, bytes]]:
    """Stream the lines of a listed file as ``(where, line)``, then check count, size and hash."""
    path = directory / info.file
    if not path.is_file():
        raise RecordError(f"{info.file}: listed in {INDEX_NAME} but missing from the record")
    lineno = 0
    with path.open("rb") as raw:
        hashing = _HashingReader(raw)
        stream: io.BufferedIOBase
        if info.file.endswith(".gz"):
            stream = gzip.GzipFile(fileobj=hashing, mode="rb")
        else:
            stream = io.BufferedReader(hashing, _CHUNK)
        try:
            while True:
                where = f"{info.file}:{lineno + 1}"
                line = stream.readline(MAX_LINE_BYTES + 1)
                if not line:
                    break
                lineno += 1
                if len(line) > MAX_LINE_BYTES:
                    raise RecordError(f"{where}: line longer than {MAX_LINE_BYTES} bytes")
                if not line.endswith(b"\n"):
                    raise RecordError(f"{where}: the last line does not end with a newline")
                if lineno > info.count:
                    raise RecordError(f"{where}: more lines than the {info.count} listed")
                yield where, line[:-1]
        except (OSError, EOFError, zlib.error) as exc:
            raise RecordError(f"{info.file}:{lineno + 1}: cannot decompress: {exc}") from None
        hashing.drain()
    if lineno != info.count:
        raise RecordError(f"{info.file}: {lineno} lines where {INDEX_NAME} lists {info.count}")
    if hashing.size != info.size:
        raise RecordError(f"{info.file}: {hashing.size} bytes where {INDEX_NAME} lists {info.size}")
    if hashing.sha256.digest() != info.sha256:
        raise RecordError(f"{info.file}: SHA-256 is not the one listed in {INDEX_NAME}")


def entry_at(entry: Entry, where: str, expected: int) -> Entry:
    """``entry``, read at ``where`` where the entry of index ``expected`` belongs; refused when
    its index is another."""
    if entry.index != expected:
        raise RecordError.at(
            where,
            "entry.index",
            f"{entry.index} where {expected} was expected (a shard missing, reordered or cut)",
        )
    return entry


class RecordReader:
    """Reads a record directory strictly, one line at a time.

    ``RecordReader(path)`` reads and checks ``record.json`` and refuses shard files on disk that
    the index does not list. :meth:`entries` and :meth:`heads` are fresh iterators on each call.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        index_path = self.directory / INDEX_NAME
        if not index_path.is_file():
            raise RecordError(f"{index_path}: no {INDEX_NAME} in the record directory")
        text = index_path.read_bytes()
        self.index = RecordIndex.from_json(loads_strict(text, INDEX_NAME), INDEX_NAME)
        listed = {s.file for s in self.index.shards}
        for path in sorted(self.directory.iterdir()):
            if _SHARD_NAME.fullmatch(path.name) and path.name not in listed:
                raise RecordError(f"{path.name}: a shard file that {INDEX_NAME} does not list")

    @property
    def entry_count(self) -> int:
        """How many entries the record holds."""
        return self.index.entries

    def entries(self, check_hashes: bool = True) -> Iterator[Entry]:
        """Every entry in index order.

        With ``check_hashes`` a stored hash that is not the recomputed one is a
        :class:`RecordError`; without, the entry is returned as stored (for V1 to report). The
        index of each entry must be the next one either way.
        """
        parse = parse_entry if check_hashes else read_entry
        for where, line, expected in self.lines():
            yield entry_at(parse(line, where), where, expected)

    def lines(self) -> Iterator[tuple[str, bytes, int]]:
        """Every entry's line unparsed, in index order, as ``(where, line, index)``: the place
        that names it, its bytes without the newline and the index it must carry
        (:func:`entry_at`). The files' counts, sizes and hashes are checked as they end."""
        for shard in self.index.shards:
            for position, (where, line) in enumerate(_lines(self.directory, shard.info)):
                yield where, line, shard.first + position

    def heads(self) -> Iterator[SignedHead]:
        """Every signed head in the record, in the order the board issued them."""
        for where, line in _lines(self.directory, self.index.heads):
            yield parse_head(line, where)
