"""The verifier's per-credential and per-entry state, in memory or on disk.

Two kinds of state grow while a record is read:

* **per ballot**: the identity of every ballot and challenge seen (V6: a ballot equal to an
  earlier one or to a challenged one is invalid), the α of each of their ciphertexts (V6: no α
  appears twice on the board, so no ciphertext is copied under another credential), and the hash
  and time of every entry (V1: a signed head or receipt read later names an entry by index);
* **per credential**: the counted ballot, that is the last valid ballot of each credential, with
  its ciphertexts (V6, and V7 which multiplies the counted ciphertexts once the board is closed).

:class:`CredentialState` keeps both maps. It starts as Python dictionaries and moves itself to
files in a private temporary directory once it holds more than ``spill_at`` rows
(:data:`DEFAULT_SPILL_AT`), so that memory stays flat however many ballots a record holds.
:class:`EntryLog` keeps ``(hash, time)`` per entry in a temporary file (40 bytes an entry), never
in memory.

**On disk**, each map is a :class:`~plebiscite.rules.hashfile.HashFile`: an open-addressing
hash table of fixed records in a file, read and written one record at a time by offset, with a
16-bit fingerprint per slot in memory. Almost every question V6 asks is about a new key (a new
ballot's identity, its αs, a credential's first ballot): the fingerprints answer it with no read
but about once in 8,000; a key that is there (a revote's credential, a replay) costs one read.
So a ballot costs the same at the millionth credential as at the first, and memory holds about
2.7 bytes per row in tables made for their rows: about 13 bytes a voter for a record of one
yes/no question (1.2 ballots a voter, two αs each, and the credential), against about 600 as
dictionaries. A ``seen`` record is 43 bytes (key, kind, index), an ``alphas`` record 42 (the
33-byte α on secp256k1, :func:`alpha_key`: a SHA-256 of a longer one), a ``counted`` record 66
(the credential, its district's number, the entry and head indices, and where its ciphertexts
are: they are appended to a file of their own, ``2 × element bytes`` per option, 132 bytes for
one yes/no question on secp256k1; a revote appends its own). The files are the system's page
cache, not this process's memory; they have no journal: the state is rebuilt from the board,
never recovered. :meth:`CredentialState.expect` sizes the tables before they are made, so that
they rarely double. What each read answers is exactly what the dictionaries would answer.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Final

from plebiscite.model.coercion.tally_store import TallyStore
from plebiscite.rules.hashfile import HashFile, SavedFiles, SavingFiles
from plebiscite.rules.mix_store import MixLists

__all__ = [
    "DEFAULT_SPILL_AT",
    "FILE_BACKED",
    "KIND_BALLOT",
    "KIND_CHALLENGE",
    "Counted",
    "CredentialState",
    "EntryLog",
    "Seen",
    "alpha_key",
]

#: rows kept in memory before the state moves to its files on disk
DEFAULT_SPILL_AT: Final = 200_000
KIND_BALLOT: Final = "ballot"
KIND_CHALLENGE: Final = "challenge"
_KIND_CODES: Final = {KIND_BALLOT: 0, KIND_CHALLENGE: 1}
_KIND_NAMES: Final = {0: KIND_BALLOT, 1: KIND_CHALLENGE}
_ALPHA_KEY_BYTES: Final = 33


def alpha_key(alpha: bytes) -> bytes:
    """The key under which an encoded α is remembered: itself when short (a secp256k1 point),
    else its SHA-256 (a modp4096 element): equal keys mean equal α."""
    return alpha if len(alpha) <= _ALPHA_KEY_BYTES else hashlib.sha256(alpha).digest()


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a ballot identity was first seen: as a ``ballot`` or a ``challenge``, at ``index``."""

    kind: str
    index: int


@dataclass(frozen=True, slots=True)
class Counted:
    """A credential's counted ballot: its district, entry index, encoded ciphertexts and the
    index of the head it names (spec §11.4: a later ballot supersedes it only when it names a
    head at least as recent).

    ``ciphertexts`` holds, question by question and option by option, each ciphertext's
    ``alpha`` then ``beta`` in the form a checker keeps elements
    (:meth:`~plebiscite.crypto.group.Group.keep`: secp256k1's packed points, read back with no
    square root; modp4096's encodings), each of the group's fixed
    :attr:`~plebiscite.crypto.group.Group.kept_bytes` (a ballot's ciphertexts are never the
    identity). It never leaves the checker's own processes and files.
    """

    district: str
    index: int
    ciphertexts: bytes
    head: int = 0


class CredentialState:
    """Ballot identities and ciphertext αs seen, and the counted ballot per credential (see the
    module docstring).

    ``spill_at`` is the number of rows (identities, αs and credentials) kept in memory before the
    state moves to disk in a temporary directory (under ``directory`` when given). In memory,
    ``_seen``, ``_counted`` and ``_alphas`` hold every row; on disk, three
    :class:`~plebiscite.rules.hashfile.HashFile` tables do, with the counted ciphertexts in a
    fourth file that only grows.
    """

    def __init__(self, spill_at: int = DEFAULT_SPILL_AT, directory: str | None = None) -> None:
        if spill_at < 0:
            raise ValueError("spill_at must be at least 0")
        self.spill_at = spill_at
        self._directory = directory
        self._seen: dict[bytes, Seen] = {}
        self._counted: dict[bytes, Counted] = {}
        self._alphas: dict[bytes, int] = {}
        self._disk: _DiskTables | None = None
        self._expected = (0, 0, 0)
        self._seen_rows = 0
        self._counted_rows = 0
        self._alpha_rows = 0
        if spill_at == 0:
            self._spill()

    # -- storage -----------------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        """Whether the state lives in files (True) or in memory (False)."""
        return self._disk is not None

    def expect(self, ballots: int, alphas: int, credentials: int) -> None:
        """Size the disk tables for about this many ballot identities, αs and credentials, now
        or when the state moves there (they double past it: the answers are the same)."""
        self._expected = (ballots, alphas, credentials)
        if self._disk is not None:
            self._disk.seen.reserve(ballots)
            self._disk.alphas.reserve(alphas)
            self._disk.counted_table.reserve(credentials)

    def _spill(self) -> None:
        seen_rows, alpha_rows, counted_rows = (
            max(expected, rows, self.spill_at)
            for expected, rows in zip(
                self._expected, (self._seen_rows, self._alpha_rows, self._counted_rows), strict=True
            )
        )
        disk = _DiskTables.create(self._directory, seen_rows, alpha_rows, counted_rows)
        for identity, seen in self._seen.items():
            disk.seen.put(identity, _SEEN.pack(_KIND_CODES[seen.kind], seen.index))
        for key, index in self._alphas.items():
            disk.alphas.put(key, _INDEX.pack(index))
        for credential, counted in self._counted.items():
            disk.set_counted(credential, counted)
        self._disk = disk
        self._seen, self._counted, self._alphas = {}, {}, {}

    def _wrote(self) -> None:
        """After a row was added in memory: spill when due."""
        if self._disk is None and self._seen_rows + self._counted_rows + self._alpha_rows > (
            self.spill_at
        ):
            self._spill()

    # -- identities ----------------------------------------------------------------------------

    def seen(self, identity: bytes) -> Seen | None:
        """Where ``identity`` was first seen, or None."""
        if self._disk is None:
            return self._seen.get(identity)
        found = self._disk.seen.get(identity)
        if found is None:
            return None
        kind, index = _SEEN.unpack(found)
        return Seen(_KIND_NAMES[kind], index)

    def add_seen(self, identity: bytes, kind: str, index: int) -> None:
        """Record ``identity`` as first seen at ``index`` (a later call for it is ignored)."""
        code = _KIND_CODES.get(kind)
        if code is None:
            raise ValueError(f"unknown kind {kind!r} (ballot or challenge)")
        if self._disk is not None:
            self._seen_rows += self._disk.seen.add(identity, _SEEN.pack(code, index))
        elif identity not in self._seen:
            self._seen[identity] = Seen(kind, index)
            self._seen_rows += 1
            self._wrote()

    @property
    def seen_count(self) -> int:
        return self._seen_rows

    # -- ciphertext alphas -----------------------------------------------------------------------

    def alpha_seen(self, key: bytes) -> int | None:
        """The entry index where the α of ``key`` (:func:`alpha_key`) was first seen, or None."""
        if self._disk is None:
            return self._alphas.get(key)
        found = self._disk.alphas.get(key)
        return None if found is None else int(_INDEX.unpack(found)[0])

    def add_alphas(self, keys: list[bytes], index: int) -> None:
        """Record the αs of ``keys`` as seen at entry ``index`` (one already seen is kept)."""
        if self._disk is not None:
            value = _INDEX.pack(index)
            for key in keys:
                self._alpha_rows += self._disk.alphas.add(key, value)
            return
        for key in keys:
            if key not in self._alphas:
                self._alphas[key] = index
                self._alpha_rows += 1
        self._wrote()

    # -- counted ballots -------------------------------------------------------------------------

    def counted(self, credential: bytes) -> Counted | None:
        """The counted ballot of ``credential`` so far, or None."""
        if self._disk is None:
            return self._counted.get(credential)
        return self._disk.counted(credential)

    def set_counted(self, credential: bytes, counted: Counted) -> None:
        """Make ``counted`` the counted ballot of ``credential`` (replacing an earlier one)."""
        if self._disk is not None:
            self._counted_rows += self._disk.set_counted(credential, counted)
            return
        if credential not in self._counted:
            self._counted_rows += 1
        self._counted[credential] = counted
        self._wrote()

    @property
    def counted_count(self) -> int:
        """How many credentials have a counted ballot."""
        return self._counted_rows

    def iter_counted(self) -> Iterator[tuple[bytes, Counted]]:
        """Every ``(credential, counted ballot)``: ordered by credential key in memory, in no
        particular order on disk (what reads them, V7's products and the figures, does not
        depend on it)."""
        if self._disk is None:
            for credential in sorted(self._counted):
                yield credential, self._counted[credential]
            return
        yield from self._disk.iter_counted()

    # -- snapshots ---------------------------------------------------------------------------

    def copy(self) -> CredentialState:
        """An independent copy (for :meth:`plebiscite.rules.checker.Checker.snapshot`)."""
        other = CredentialState.__new__(CredentialState)
        other.spill_at = self.spill_at
        other._directory = self._directory
        other._expected = self._expected
        other._seen_rows = self._seen_rows
        other._counted_rows = self._counted_rows
        other._alpha_rows = self._alpha_rows
        other._seen, other._counted = dict(self._seen), dict(self._counted)
        other._alphas = dict(self._alphas)
        other._disk = None if self._disk is None else self._disk.copy()
        return other

    def close(self) -> None:
        """Drop the files and their temporary directory (the state cannot be used after)."""
        if self._disk is not None:
            self._disk.close()
            self._disk = None
        self._seen, self._counted, self._alphas = {}, {}, {}

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: S110 - best effort at interpreter exit
            pass


#: a seen row's value: the kind's code and the entry index
_SEEN: Final = struct.Struct(">Bq")
#: an α row's value: the entry index
_INDEX: Final = struct.Struct(">q")
#: a counted row's value: the district's number, the entry index, the head's index, and where
#: its ciphertexts are in the ciphertexts' file (offset, length)
_COUNTED: Final = struct.Struct(">IqqQI")


class _DiskTables:
    """The state on disk: a :class:`HashFile` per table in a private temporary directory, the
    counted ciphertexts appended to a file of their own (a counted row names where they are), and
    the districts' names numbered in memory (a handful)."""

    __slots__ = (
        "alphas",
        "counted_table",
        "cts_end",
        "cts_fd",
        "district_ids",
        "districts",
        "seen",
        "tmp",
    )

    def __init__(
        self, tmp: str, seen: HashFile, alphas: HashFile, counted: HashFile, cts_fd: int
    ) -> None:
        self.tmp, self.seen, self.alphas, self.counted_table = tmp, seen, alphas, counted
        self.cts_fd = cts_fd
        self.cts_end = 0
        self.districts: list[str] = []
        self.district_ids: dict[str, int] = {}

    @classmethod
    def create(
        cls, directory: str | None, seen_rows: int, alpha_rows: int, counted_rows: int
    ) -> _DiskTables:
        tmp = tempfile.mkdtemp(prefix="plebiscite-verify-", dir=directory)
        return cls(
            tmp,
            HashFile(os.path.join(tmp, "seen"), _SEEN.size, seen_rows),
            HashFile(os.path.join(tmp, "alphas"), _INDEX.size, alpha_rows),
            HashFile(os.path.join(tmp, "counted"), _COUNTED.size, counted_rows),
            _open_new(os.path.join(tmp, "ciphertexts")),
        )

    def counted(self, credential: bytes) -> Counted | None:
        found = self.counted_table.get(credential)
        return None if found is None else self._counted_of(found)

    def _counted_of(self, value: bytes) -> Counted:
        district, index, head, offset, length = _COUNTED.unpack(value)
        ciphertexts = os.pread(self.cts_fd, length, offset)
        return Counted(self.districts[district], index, ciphertexts, head)

    def set_counted(self, credential: bytes, counted: Counted) -> bool:
        """Write the counted ballot (True: the credential had none)."""
        district = self.district_ids.get(counted.district)
        if district is None:
            district = self.district_ids[counted.district] = len(self.districts)
            self.districts.append(counted.district)
        offset, length = self.cts_end, len(counted.ciphertexts)
        os.pwrite(self.cts_fd, counted.ciphertexts, offset)
        self.cts_end += length
        value = _COUNTED.pack(district, counted.index, counted.head, offset, length)
        return self.counted_table.put(credential, value)

    def iter_counted(self) -> Iterator[tuple[bytes, Counted]]:
        for credential, value in self.counted_table.items():
            yield credential, self._counted_of(value)

    def copy(self) -> _DiskTables:
        tmp = tempfile.mkdtemp(prefix="plebiscite-verify-", dir=os.path.dirname(self.tmp))
        cts = os.path.join(tmp, "ciphertexts")
        shutil.copyfile(os.path.join(self.tmp, "ciphertexts"), cts)
        other = _DiskTables(
            tmp,
            self.seen.copy(os.path.join(tmp, "seen")),
            self.alphas.copy(os.path.join(tmp, "alphas")),
            self.counted_table.copy(os.path.join(tmp, "counted")),
            os.open(cts, os.O_RDWR),
        )
        other.cts_end = self.cts_end
        other.districts = list(self.districts)
        other.district_ids = dict(self.district_ids)
        return other

    def saved_form(self, files: SavingFiles) -> dict[str, object]:
        """What :meth:`from_saved` rebuilds these tables from, their files copied into
        ``files`` (:mod:`plebiscite.rules.saved`)."""
        return {
            "seen": self.seen.saved_form(files),
            "alphas": self.alphas.saved_form(files),
            "counted": self.counted_table.saved_form(files),
            "ciphertexts": files.copy_path(os.path.join(self.tmp, "ciphertexts")),
            "ciphertexts_end": self.cts_end,
            "districts": list(self.districts),
        }

    @classmethod
    def from_saved(
        cls, form: dict[str, object], files: SavedFiles, directory: str | None
    ) -> _DiskTables:
        """The tables :meth:`saved_form` described, in a new temporary directory."""
        parts = [form[name] for name in ("seen", "alphas", "counted")]
        cts, end, districts = form["ciphertexts"], form["ciphertexts_end"], form["districts"]
        if not (
            all(isinstance(part, dict) for part in parts)
            and isinstance(cts, str)
            and isinstance(end, int)
            and isinstance(districts, list)
            and all(isinstance(d, str) for d in districts)
        ):
            raise files.broken("the disk tables' form")
        tmp = tempfile.mkdtemp(prefix="plebiscite-verify-", dir=directory)
        try:
            seen, alphas, counted = (
                HashFile.from_saved(part, files, os.path.join(tmp, name))  # type: ignore[arg-type]
                for part, name in zip(parts, ("seen", "alphas", "counted"), strict=True)
            )
            files.copy_to_path(cts, os.path.join(tmp, "ciphertexts"))
            tables = cls(
                tmp, seen, alphas, counted, os.open(os.path.join(tmp, "ciphertexts"), os.O_RDWR)
            )
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        tables.cts_end = end
        tables.districts = list(districts)
        tables.district_ids = {d: i for i, d in enumerate(districts)}
        return tables

    def close(self) -> None:
        for table in (self.seen, self.alphas, self.counted_table):
            table.close()
        if self.cts_fd >= 0:
            os.close(self.cts_fd)
            self.cts_fd = -1
        shutil.rmtree(self.tmp, ignore_errors=True)


def _open_new(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)


_ROW: Final = 40  # 32-byte hash and 8-byte time
#: the latest entries also kept in memory: the heads ballots name are recent (V5.7)
_RECENT: Final = 1024


class EntryLog:
    """The hash and time of every entry by index, in a temporary file (40 bytes an entry); the
    latest :data:`_RECENT` also in memory, since a ballot names a recent head (V5.7)."""

    def __init__(self, directory: str | None = None) -> None:
        self._directory = directory
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=directory)
        self._count = 0
        self._dirty = False
        #: whether the file's position is its end: appends follow one another with no seek (a
        #: seek flushes the buffer and makes a system call), only after a read
        self._at_end = True
        self._recent: dict[int, tuple[bytes, int]] = {}

    def __len__(self) -> int:
        return self._count

    def append(self, index: int, entry_hash: bytes, time: int) -> None:
        """Record entry ``index`` (which must be the next one)."""
        if index != self._count:
            raise ValueError(f"entry log: index {index} where {self._count} was expected")
        if not self._at_end:
            self._file.seek(0, os.SEEK_END)
            self._at_end = True
        self._file.write(entry_hash + time.to_bytes(8, "big"))
        self._count += 1
        self._dirty = True
        self._recent[index] = (entry_hash, time)
        self._recent.pop(index - _RECENT, None)

    def get(self, index: int) -> tuple[bytes, int] | None:
        """``(hash, time)`` of entry ``index``, or None when the chain has no such entry."""
        if not 0 <= index < self._count:
            return None
        recent = self._recent.get(index)
        if recent is not None:
            return recent
        if self._dirty:
            self._file.flush()
            self._dirty = False
        self._file.seek(index * _ROW)
        self._at_end = False
        row = self._file.read(_ROW)
        return row[:32], int.from_bytes(row[32:], "big")

    def copy(self) -> EntryLog:
        """An independent copy."""
        other = EntryLog(self._directory)
        self._file.flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, other._file)
        other._count = self._count
        other._recent = dict(self._recent)
        self._at_end = False  # copyfileobj left this file at its end; the flag stays cautious
        return other

    def saved_form(self, files: SavingFiles) -> dict[str, object]:
        """What :meth:`from_saved` rebuilds this log from, its file copied into ``files``
        (:mod:`plebiscite.rules.saved`)."""
        self._file.flush()
        self._dirty = False
        self._file.seek(0)
        self._at_end = False
        return {
            "file": files.copy_stream(self._file),
            "count": self._count,
            "recent": dict(self._recent),
        }

    @classmethod
    def from_saved(
        cls, form: dict[str, object], files: SavedFiles, directory: str | None
    ) -> EntryLog:
        """The log :meth:`saved_form` described, in a new temporary file."""
        name, count, recent = form["file"], form["count"], form["recent"]
        if not (isinstance(name, str) and isinstance(count, int) and isinstance(recent, dict)):
            raise files.broken("the entry log's form")
        log = cls(directory)
        try:
            files.copy_to_stream(name, log._file)
            if log._file.tell() != _ROW * count:
                raise files.broken(
                    f"the entry log holds {log._file.tell()} bytes for {count} entries"
                )
        except BaseException:
            log.close()
            raise
        log._count = count
        log._recent = recent
        return log

    def close(self) -> None:
        self._file.close()


#: the classes whose state lives in files, by the name :mod:`plebiscite.rules.saved` records
#: them under: each has ``saved_form(files)``, ``from_saved(form, files, directory)`` and
#: ``close()`` (the per-credential tables, the entry log, and the databases that V11's lists and
#: the fake-credentials tally's stages go to; a tally store read back never reads a ballot list's
#: pickled rows, which only the process that wrote them reads)
FILE_BACKED: Final[
    dict[str, type[EntryLog] | type[_DiskTables] | type[MixLists] | type[TallyStore]]
] = {
    "entry-log": EntryLog,
    "disk-tables": _DiskTables,
    "mix-lists": MixLists,
    "tally-store": TallyStore,
}
