"""The verifier's per-credential and per-entry state, in memory or on disk.

Two kinds of state grow while a record is read:

* **per ballot**: the identity of every ballot and challenge seen (V6: a ballot equal to an
  earlier one or to a challenged one is invalid), the α of each of their ciphertexts (V6: no α
  appears twice on the board, so no ciphertext is copied under another credential), and the hash
  and time of every entry (V1: a signed head or receipt read later names an entry by index);
* **per credential**: the counted ballot, that is the last valid ballot of each credential, with
  its ciphertexts (V6, and V7 which multiplies the counted ciphertexts once the board is closed).

:class:`CredentialState` keeps both maps. It starts as Python dictionaries and moves itself to an
SQLite database in a private temporary directory once it holds more than ``spill_at`` rows
(:data:`DEFAULT_SPILL_AT`), so that memory stays flat however many ballots a record holds.
:class:`EntryLog` keeps ``(hash, time)`` per entry in a temporary file (40 bytes an entry), never
in memory.

**Cost per credential, on disk**: one ``counted`` row of the 32-byte key, the district id, the
entry index and the ciphertexts (``2 × element bytes`` per option of every question: 132 bytes
for one yes/no question on secp256k1), about 200 bytes with SQLite's B-tree overhead; plus one
``seen`` row of about 60 bytes per ballot or challenge, and one ``alphas`` row of about 50 bytes
per option of each (:func:`alpha_key`: the 33-byte α on secp256k1, a SHA-256 of a longer one). In
memory (below ``spill_at``) the same rows cost about three times as much as Python objects.

**Cost per ballot, on disk.** The keys are hashes and points, so every row lands at a random
place of its table: one statement per row read or written would cost a B-tree descent and a
round of Python and SQLite call overhead each (about nine a ballot). Instead, the rows written
wait in memory (at most :data:`_WRITE_BEHIND` of them, every read looks there first) and go to
SQLite in key order, one ``executemany`` per table; and a caller that knows the keys it is about
to ask about (the checker, before applying a batch of ballots) fetches them in one query per table
(:meth:`CredentialState.prefetch`), keeping what it found, and what it did not, for the reads
that follow (a few thousand rows at most). What each read answers is exactly what the
dictionaries would answer. The database has no journal and its writes stay in one transaction,
committed before the file is read whole (:meth:`CredentialState.iter_counted`, a copy).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

__all__ = [
    "DEFAULT_SPILL_AT",
    "KIND_BALLOT",
    "KIND_CHALLENGE",
    "Counted",
    "CredentialState",
    "EntryLog",
    "Seen",
    "alpha_key",
]

#: rows kept in memory before the state moves to SQLite on disk
DEFAULT_SPILL_AT: Final = 200_000
KIND_BALLOT: Final = "ballot"
KIND_CHALLENGE: Final = "challenge"
_KIND_CODES: Final = {KIND_BALLOT: 0, KIND_CHALLENGE: 1}
_KIND_NAMES: Final = {0: KIND_BALLOT, 1: KIND_CHALLENGE}
#: rows written to the disk state that wait in memory before they go to SQLite together
_WRITE_BEHIND: Final = 4_096
#: keys per ``IN (…)`` query of :meth:`CredentialState.prefetch` (SQLite's bound is far higher)
_PREFETCH_CHUNK: Final = 500
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

    ``ciphertexts`` is the concatenation, question by question and option by option, of each
    ciphertext's encoded ``alpha`` then ``beta`` (all of the group's fixed element length: a
    ballot's ciphertexts are never the identity).
    """

    district: str
    index: int
    ciphertexts: bytes
    head: int = 0


_SCHEMA: Final = (
    "CREATE TABLE seen (identity BLOB PRIMARY KEY, kind INTEGER NOT NULL, idx INTEGER NOT NULL)"
    " WITHOUT ROWID",
    "CREATE TABLE counted (credential BLOB PRIMARY KEY, district TEXT NOT NULL,"
    " idx INTEGER NOT NULL, cts BLOB NOT NULL, head INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE alphas (alpha BLOB PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID",
)
#: per table: its key column, the columns of its value, and the value made of them
_TABLES: Final[dict[str, tuple[str, str, Callable[[Sequence[Any]], object]]]] = {
    "seen": ("identity", "kind, idx", lambda row: Seen(_KIND_NAMES[row[0]], row[1])),
    "alphas": ("alpha", "idx", lambda row: int(row[0])),
    "counted": (
        "credential",
        "district, idx, cts, head",
        lambda row: Counted(row[0], row[1], bytes(row[2]), row[3]),
    ),
}


class CredentialState:
    """Ballot identities and ciphertext αs seen, and the counted ballot per credential (see the
    module docstring).

    ``spill_at`` is the number of rows (identities, αs and credentials) kept in memory before the
    state moves to SQLite in a temporary directory (under ``directory`` when given). In memory,
    ``_seen``, ``_counted`` and ``_alphas`` hold every row; on disk they hold the rows written
    since the last write-out (read before the database), and ``_known_*`` rows read from it or
    written out to it lately (None: not there), at most a few thousand.
    """

    def __init__(self, spill_at: int = DEFAULT_SPILL_AT, directory: str | None = None) -> None:
        if spill_at < 0:
            raise ValueError("spill_at must be at least 0")
        self.spill_at = spill_at
        self._directory = directory
        self._seen: dict[bytes, Seen] = {}
        self._counted: dict[bytes, Counted] = {}
        self._alphas: dict[bytes, int] = {}
        self._known_seen: dict[bytes, Seen | None] = {}
        self._known_counted: dict[bytes, Counted | None] = {}
        self._known_alphas: dict[bytes, int | None] = {}
        self._db: sqlite3.Connection | None = None
        self._tmp: str | None = None
        self._seen_rows = 0
        self._counted_rows = 0
        self._alpha_rows = 0
        if spill_at == 0:
            self._spill()

    # -- storage -----------------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        """Whether the state lives in SQLite (True) or in memory (False)."""
        return self._db is not None

    def _open_db(self) -> sqlite3.Connection:
        self._tmp = tempfile.mkdtemp(prefix="plebiscite-verify-", dir=self._directory)
        db = sqlite3.connect(os.path.join(self._tmp, "state.sqlite"))
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA cache_size = -16384")  # 16 MiB of page cache at most
        return db

    def _spill(self) -> None:
        db = self._open_db()
        for statement in _SCHEMA:
            db.execute(statement)
        self._db = db
        self._write_out()

    def _wrote(self) -> None:
        """After a row was added: spill in memory, write the rows out on disk, when due."""
        if self._db is None:
            rows = self._seen_rows + self._counted_rows + self._alpha_rows
            if rows > self.spill_at:
                self._spill()
        elif len(self._seen) + len(self._counted) + len(self._alphas) >= _WRITE_BEHIND:
            self._write_out()

    def _write_out(self, commit: bool = False) -> None:
        """Move the rows written since the last write-out to the database, in key order (one
        statement per table), where they are then known rows; ``commit`` ends the transaction
        too (the database has no journal: a transaction only spares writing the same pages
        again at each commit; it is committed before the file is read as a whole)."""
        db = self._db
        assert db is not None
        if self._seen:
            db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)",
                [(k, _KIND_CODES[v.kind], v.index) for k, v in sorted(self._seen.items())],
            )
        if self._counted:
            db.executemany(
                "INSERT INTO counted VALUES (?, ?, ?, ?, ?) ON CONFLICT(credential) DO UPDATE SET "
                "district = excluded.district, idx = excluded.idx, cts = excluded.cts, "
                "head = excluded.head",
                [
                    (k, v.district, v.index, v.ciphertexts, v.head)
                    for k, v in sorted(self._counted.items())
                ],
            )
        if self._alphas:
            db.executemany(
                "INSERT OR IGNORE INTO alphas VALUES (?, ?)", sorted(self._alphas.items())
            )
        if commit:
            db.commit()
        self._known_seen.update(self._seen)
        self._known_counted.update(self._counted)
        self._known_alphas.update(self._alphas)
        self._seen, self._counted, self._alphas = {}, {}, {}

    def _forget(self) -> None:
        self._known_seen, self._known_counted, self._known_alphas = {}, {}, {}

    def prefetch(
        self, identities: Iterable[bytes], alphas: Iterable[bytes], credentials: Iterable[bytes]
    ) -> None:
        """Read the rows of these ballot identities, α keys (:func:`alpha_key`) and credentials
        from the database, :data:`_PREFETCH_CHUNK` keys a query in key order, for the reads that
        follow (on disk; nothing to do in memory). The reads answer the same with or without it."""
        db = self._db
        if db is None:
            return
        known = len(self._known_seen) + len(self._known_counted) + len(self._known_alphas)
        if known >= _WRITE_BEHIND:
            self._forget()
        for table, keys in (("seen", identities), ("alphas", alphas), ("counted", credentials)):
            written, found = self._maps(table)
            column, values, convert = _TABLES[table]
            wanted = sorted({key for key in keys if key not in written and key not in found})
            for start in range(0, len(wanted), _PREFETCH_CHUNK):
                chunk = wanted[start : start + _PREFETCH_CHUNK]
                found.update(dict.fromkeys(chunk))  # not there, unless a row says otherwise
                marks = ", ".join("?" * len(chunk))
                query = f"SELECT {column}, {values} FROM {table} WHERE {column} IN ({marks})"  # noqa: S608 - names of _TABLES
                for row in db.execute(query, chunk):
                    found[bytes(row[0])] = convert(row[1:])

    def _maps(self, table: str) -> tuple[Mapping[bytes, object], dict[bytes, Any]]:
        """The rows of ``table`` written since the last write-out, and those read since."""
        if table == "seen":
            return self._seen, self._known_seen
        if table == "alphas":
            return self._alphas, self._known_alphas
        return self._counted, self._known_counted

    def _lookup(self, table: str, key: bytes) -> Any:
        """The value of ``key`` in ``table`` (as its converter of :data:`_TABLES` makes it), or
        None: what was written since the last write-out, else what was read, else the row."""
        written, known = self._maps(table)
        found = written.get(key)
        if found is not None or self._db is None:
            return found
        if key in known:
            return known[key]
        if len(known) >= _WRITE_BEHIND:
            known.clear()
        column, values, convert = _TABLES[table]
        query = f"SELECT {values} FROM {table} WHERE {column} = ?"  # noqa: S608 - our names
        row = self._db.execute(query, (key,)).fetchone()
        value = None if row is None else convert(row)
        known[key] = value
        return value

    # -- identities ----------------------------------------------------------------------------

    def seen(self, identity: bytes) -> Seen | None:
        """Where ``identity`` was first seen, or None."""
        found: Seen | None = self._lookup("seen", identity)
        return found

    def add_seen(self, identity: bytes, kind: str, index: int) -> None:
        """Record ``identity`` as first seen at ``index`` (a later call for it is ignored)."""
        if kind not in _KIND_CODES:
            raise ValueError(f"unknown kind {kind!r} (ballot or challenge)")
        if self.seen(identity) is None:
            self._seen[identity] = Seen(kind, index)
            self._seen_rows += 1
            self._wrote()

    @property
    def seen_count(self) -> int:
        return self._seen_rows

    # -- ciphertext alphas -----------------------------------------------------------------------

    def alpha_seen(self, key: bytes) -> int | None:
        """The entry index where the α of ``key`` (:func:`alpha_key`) was first seen, or None."""
        found: int | None = self._lookup("alphas", key)
        return found

    def add_alphas(self, keys: list[bytes], index: int) -> None:
        """Record the αs of ``keys`` as seen at entry ``index`` (one already seen is kept)."""
        for key in keys:
            if self.alpha_seen(key) is None:
                self._alphas[key] = index
                self._alpha_rows += 1
        self._wrote()

    # -- counted ballots -------------------------------------------------------------------------

    def counted(self, credential: bytes) -> Counted | None:
        """The counted ballot of ``credential`` so far, or None."""
        found: Counted | None = self._lookup("counted", credential)
        return found

    def set_counted(self, credential: bytes, counted: Counted) -> None:
        """Make ``counted`` the counted ballot of ``credential`` (replacing an earlier one)."""
        if self.counted(credential) is None:
            self._counted_rows += 1
        self._counted[credential] = counted
        self._wrote()

    @property
    def counted_count(self) -> int:
        """How many credentials have a counted ballot."""
        return self._counted_rows

    def iter_counted(self) -> Iterator[tuple[bytes, Counted]]:
        """Every ``(credential, counted ballot)``, ordered by credential key."""
        if self._db is None:
            for credential in sorted(self._counted):
                yield credential, self._counted[credential]
            return
        self._write_out(commit=True)
        rows = self._db.execute(
            "SELECT credential, district, idx, cts, head FROM counted ORDER BY credential"
        )
        for credential, district, index, cts, head in rows:
            yield bytes(credential), Counted(district, index, bytes(cts), head)

    # -- snapshots ---------------------------------------------------------------------------

    def copy(self) -> CredentialState:
        """An independent copy (for :meth:`plebiscite.rules.checker.Checker.snapshot`)."""
        other = CredentialState.__new__(CredentialState)
        other.spill_at = self.spill_at
        other._directory = self._directory
        other._seen_rows = self._seen_rows
        other._counted_rows = self._counted_rows
        other._alpha_rows = self._alpha_rows
        other._tmp = None
        other._forget()
        if self._db is None:
            other._seen, other._counted, other._db = dict(self._seen), dict(self._counted), None
            other._alphas = dict(self._alphas)
            return other
        self._write_out(commit=True)
        other._seen, other._counted, other._alphas = {}, {}, {}
        db = other._open_db()
        self._db.backup(db)
        other._db = db
        return other

    def close(self) -> None:
        """Drop the database and its temporary directory (the state cannot be used after)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self._seen, self._counted, self._alphas = {}, {}, {}
        self._forget()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: S110 - best effort at interpreter exit
            pass


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
        self._recent: dict[int, tuple[bytes, int]] = {}

    def __len__(self) -> int:
        return self._count

    def append(self, index: int, entry_hash: bytes, time: int) -> None:
        """Record entry ``index`` (which must be the next one)."""
        if index != self._count:
            raise ValueError(f"entry log: index {index} where {self._count} was expected")
        self._file.seek(0, os.SEEK_END)
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
        return other

    def close(self) -> None:
        self._file.close()
