"""Fixed-size records keyed by short byte strings, in a file, found through two bytes a slot
kept in memory: the disk table of :class:`plebiscite.rules.state.CredentialState`.

The file is an open-addressing hash table of buckets of :data:`BUCKET` slots, a record per
slot: the key's length (0: the slot is empty), the key padded to :data:`KEY_MAX` bytes, then the
value. A key's home bucket comes from a keyed hash of it (BLAKE2b under a salt drawn for each
table, so a board cannot choose keys that pile into one bucket); a bucket's slots fill in order,
and a key whose home bucket is full goes to the next bucket with a free slot (no key is ever
removed, so a lookup stops at the first bucket with a free slot). Memory holds, per slot, a
16-bit fingerprint of its key (0: empty): 2 bytes a slot, 2.7 bytes a key in a table made for
its keys (:meth:`HashFile.__init__`'s ``rows``), twice that just after it doubled (once more
than 3/4 of its slots are taken). A lookup reads the file only at a slot whose fingerprint
matches: a key that is not there (the common question: a new ballot) costs no read but about
once in 8,000, a key that is there one read of its record (:func:`os.pread`; a write is one
:func:`os.pwrite`). The cost of either does not grow with the table, and the file's pages are
the system's page cache, not this process's memory. The answers are exact: a fingerprint only
says where to look, the key read there decides.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from array import array
from collections.abc import Iterator
from typing import Final

from plebiscite.model.scratch import SavedFiles, SavingFiles

__all__ = ["BUCKET", "KEY_MAX", "HashFile", "SavedFiles", "SavingFiles"]

#: the domain of the tables' keyed hash (BLAKE2b's personalisation)
_PERSON: Final = b"plebiscite/hfile"
#: slots per bucket
BUCKET: Final = 8
#: the longest key (a compressed secp256k1 point)
KEY_MAX: Final = 33
#: the table doubles once more than 3/4 of its slots are taken
_FILL_NUM: Final = 3
_FILL_DEN: Final = 4
_MIN_BUCKETS: Final = 16
#: keys found absent lately, kept with their free slot for the write that follows the question
_MISSES: Final = 64
#: records read at once when the whole file is walked
_WALK: Final = 4096


def _buckets_for(rows: int) -> int:
    """The buckets of a table that holds ``rows`` without doubling."""
    return max(_MIN_BUCKETS, (rows * _FILL_DEN // _FILL_NUM) // BUCKET + 1)


class HashFile:
    """A map from keys of 1 to :data:`KEY_MAX` bytes to values of ``value_bytes`` bytes, in the
    file ``path`` (created, truncated), sized for ``rows`` keys before it first doubles (see the
    module docstring)."""

    __slots__ = (
        "_buckets",
        "_count",
        "_fd",
        "_fps",
        "_limit",
        "_misses",
        "_path",
        "_record",
        "_salt",
        "_value",
    )

    def __init__(self, path: str, value_bytes: int, rows: int = 0) -> None:
        self._path = path
        self._value = value_bytes
        self._record = 1 + KEY_MAX + value_bytes
        self._salt = os.urandom(16)
        self._count = 0
        self._buckets = self._limit = 0
        self._fps = array("H")
        self._size(_buckets_for(rows))
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        self._misses: dict[bytes, tuple[int, int]] = {}

    def _size(self, buckets: int, fps: bytes | None = None) -> None:
        """Make the fingerprints of an empty table of ``buckets`` buckets (or take ``fps``,
        those of a table of that size)."""
        self._buckets = buckets
        self._fps = array("H", bytes(2 * BUCKET * buckets) if fps is None else fps)
        self._limit = len(self._fps) * _FILL_NUM // _FILL_DEN

    def __len__(self) -> int:
        return self._count

    @property
    def slots(self) -> int:
        """The slots of the table (its fingerprints take 2 bytes each in memory)."""
        return len(self._fps)

    def _hash(self, key: bytes) -> tuple[int, int]:
        """The key's home bucket and its fingerprint (never 0)."""
        digest = hashlib.blake2b(key, digest_size=8, key=self._salt, person=_PERSON).digest()
        h = int.from_bytes(digest, "big")
        return (h * self._buckets) >> 64, (h & 0xFFFF) or 1

    def _find(self, key: bytes) -> tuple[int, int, bytes | None]:
        """``(slot, fingerprint, value)`` of ``key``; where it is absent, the free slot where it
        goes, and None."""
        missed = self._misses.get(key)
        if missed is not None and not self._fps[missed[0]]:
            # asked lately and absent: nothing placed it since, and nothing took its free slot
            return missed[0], missed[1], None
        if not 0 < len(key) <= KEY_MAX:
            raise ValueError(f"a key of {len(key)} bytes (1 to {KEY_MAX})")
        bucket, fp = self._hash(key)
        fps, fd, size, buckets = self._fps, self._fd, self._record, self._buckets
        head = _head(key)
        while True:
            start = bucket * BUCKET
            seg = fps[start : start + BUCKET]
            if fp in seg:
                for i, found in enumerate(seg):
                    if found == fp:
                        record = os.pread(fd, size, (start + i) * size)
                        if record.startswith(head):
                            return start + i, fp, record[1 + KEY_MAX :]
            if 0 in seg:
                slot = start + seg.index(0)
                if len(self._misses) >= _MISSES:
                    self._misses.clear()
                self._misses[key] = slot, fp
                return slot, fp, None
            bucket = (bucket + 1) % buckets

    def get(self, key: bytes) -> bytes | None:
        """The value of ``key``, or None."""
        return self._find(key)[2]

    def put(self, key: bytes, value: bytes) -> bool:
        """Set the value of ``key`` (True: it was not there)."""
        return self._set(key, value, replace=True)

    def add(self, key: bytes, value: bytes) -> bool:
        """Set the value of ``key`` unless it has one (True: it was not there)."""
        return self._set(key, value, replace=False)

    def _set(self, key: bytes, value: bytes, replace: bool) -> bool:
        if len(value) != self._value:
            raise ValueError(f"a value of {len(value)} bytes ({self._value} expected)")
        slot, fp, found = self._find(key)
        if found is not None:
            if replace:
                os.pwrite(self._fd, value, slot * self._record + 1 + KEY_MAX)
            return False
        self._place(slot, fp, key, value)
        self._count += 1
        if self._count > self._limit:
            self._rebuild(2 * self._buckets)
        return True

    def _place(self, slot: int, fp: int, key: bytes, value: bytes) -> None:
        self._misses.pop(key, None)
        self._fps[slot] = fp
        record = _head(key).ljust(1 + KEY_MAX, b"\0") + value
        os.pwrite(self._fd, record, slot * self._record)

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """Every ``(key, value)``, in no particular order."""
        for record in _walk(self._fd, self._record, len(self._fps)):
            yield record[1 : 1 + record[0]], record[1 + KEY_MAX :]

    def reserve(self, rows: int) -> None:
        """Make room for ``rows`` keys without doubling, if the table has less."""
        buckets = _buckets_for(rows)
        if buckets > self._buckets:
            self._rebuild(buckets)

    def _rebuild(self, buckets: int) -> None:
        """Move to ``buckets`` buckets: every record to a new file, read from the old in order."""
        old_fd, old_slots = self._fd, len(self._fps)
        self._misses.clear()
        self._size(buckets)
        self._fd = os.open(self._path + ".new", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        for record in _walk(old_fd, self._record, old_slots):
            key = record[1 : 1 + record[0]]
            slot, fp, _ = self._find(key)
            self._place(slot, fp, key, record[1 + KEY_MAX :])
        os.close(old_fd)
        os.replace(self._path + ".new", self._path)

    def copy(self, path: str) -> HashFile:
        """An independent copy in the file ``path``."""
        other = HashFile.__new__(HashFile)
        other._path, other._value, other._record = path, self._value, self._record
        other._salt, other._count = self._salt, self._count
        other._buckets, other._limit = self._buckets, self._limit
        other._fps = array("H", self._fps)
        other._misses = {}
        shutil.copyfile(self._path, path)
        other._fd = os.open(path, os.O_RDWR)
        return other

    def saved_form(self, files: SavingFiles) -> dict[str, object]:
        """What :meth:`from_saved` rebuilds this table from, its file copied into ``files``
        (:mod:`plebiscite.rules.saved`)."""
        return {
            "file": files.copy_path(self._path),
            "value": self._value,
            "salt": self._salt,
            "count": self._count,
            "buckets": self._buckets,
            "fps": self._fps.tobytes(),
        }

    @classmethod
    def from_saved(cls, form: dict[str, object], files: SavedFiles, path: str) -> HashFile:
        """The table :meth:`saved_form` described, its file copied back to ``path``."""
        value, count, buckets = form["value"], form["count"], form["buckets"]
        salt, fps, name = form["salt"], form["fps"], form["file"]
        if not (
            isinstance(value, int)
            and isinstance(count, int)
            and isinstance(buckets, int)
            and isinstance(salt, bytes)
            and isinstance(fps, bytes)
            and isinstance(name, str)
            and len(fps) == 2 * BUCKET * buckets
        ):
            raise files.broken("a table's form")
        table = cls.__new__(cls)
        table._path, table._value, table._record = path, value, 1 + KEY_MAX + value
        table._salt, table._count, table._misses = salt, count, {}
        table._size(buckets, fps)
        files.copy_to_path(name, path)
        table._fd = os.open(path, os.O_RDWR)
        return table

    def close(self) -> None:
        """Close and remove the file (the table cannot be used after)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
            try:
                os.unlink(self._path)
            except FileNotFoundError:
                pass


def _walk(fd: int, size: int, slots: int) -> Iterator[bytes]:
    """Every record of ``size`` bytes that holds a key among the first ``slots`` of the file
    ``fd``, in slot order (a slot past the file's end is empty)."""
    for start in range(0, slots, _WALK):
        block = os.pread(fd, size * min(_WALK, slots - start), start * size)
        for offset in range(0, len(block), size):
            if block[offset]:
                yield block[offset : offset + size]


def _head(key: bytes) -> bytes:
    """How a record holding ``key`` starts: its length, then itself."""
    return bytes((len(key),)) + key
