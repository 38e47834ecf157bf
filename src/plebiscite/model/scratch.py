"""A private scratch database: SQLite in a temporary directory of its own.

The stores that put long lists on disk (the tally's stages, V11's lists) keep them in one such
database each: no journal, no sync (nothing in it must survive the process), a bounded page
cache, the directory removed by :func:`close_scratch` or, if that is never called, when its owner
is collected.

Its owner may be built in one thread and used in another (a board replays its entries through its
checker when it starts, then its writer thread checks what comes): the connection is not tied to
the thread that opened it. Its owners never use it from two threads at once.

A checker kept between runs (:mod:`plebiscite.rules.saved`) saves such a database as a copy of its
file (:func:`saved_scratch`) and opens the copy again in a new directory (:func:`reopen_scratch`);
:class:`SavingFiles` and :class:`SavedFiles` are what that module offers its file-backed parts.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from typing import IO, ClassVar, Protocol, Self

from plebiscite.crypto.group import Group
from plebiscite.errors import InputError

__all__ = [
    "SavedFiles",
    "SavingFiles",
    "ScratchStore",
    "close_scratch",
    "open_scratch",
    "reopen_scratch",
    "saved_scratch",
]


class SavingFiles(Protocol):
    """Where a saved state's parts copy their files (:mod:`plebiscite.rules.saved`)."""

    def copy_path(self, path: str) -> str:
        """Copy the file at ``path``; the name it is saved under."""
        ...

    def copy_stream(self, source: IO[bytes]) -> str:
        """Copy what is left to read of ``source``; the name it is saved under."""
        ...


class SavedFiles(Protocol):
    """A saved state's files, copied back when their digests hold
    (:mod:`plebiscite.rules.saved`)."""

    def broken(self, what: str) -> InputError:
        """The error for a part of the saved state that does not read back."""
        ...

    def copy_to_path(self, name: str, path: str) -> None:
        """Copy the saved file ``name`` to a new file at ``path``."""
        ...

    def copy_to_stream(self, name: str, out: IO[bytes]) -> None:
        """Write the saved file ``name`` to ``out``."""
        ...


def open_scratch(
    owner: object,
    *,
    prefix: str,
    name: str,
    directory: str | None,
    cache_kib: int = 4096,
    fill: Callable[[str], None] | None = None,
) -> tuple[str, sqlite3.Connection]:
    """A new temporary directory and the database ``name`` in it, removed with ``owner``;
    ``fill`` writes the database's file first (given its path), else it starts empty."""
    tmp = tempfile.mkdtemp(prefix=prefix, dir=directory)
    weakref.finalize(owner, shutil.rmtree, tmp, True)
    if fill is not None:
        try:
            fill(os.path.join(tmp, name))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    db = sqlite3.connect(os.path.join(tmp, name), check_same_thread=False)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    return tmp, db


def close_scratch(db: sqlite3.Connection | None, tmp: str | None) -> None:
    """Close the database and remove its directory (either may already be gone)."""
    if db is not None:
        db.close()
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


class ScratchStore:
    """A store of ``group``'s long lists (V11's, the fake-credentials tally's): up to
    ``spill_at`` items held in memory (None: no bound), the rest in a scratch database made when
    first needed (:meth:`_connection`, its tables :attr:`TABLES`). Kept with a saved check as a
    copy of that database (:meth:`saved_form`, :meth:`from_saved`)."""

    #: the database's file name, its directory's prefix, and the store's name in errors
    DATABASE: ClassVar[str]
    PREFIX: ClassVar[str]
    WHAT: ClassVar[str]
    #: the statements that make the database's tables
    TABLES: ClassVar[tuple[str, ...]]
    #: whether the store may have no bound (``spill_at`` None)
    UNBOUNDED: ClassVar[bool] = False

    def __init__(self, group: Group, spill_at: int | None, directory: str | None) -> None:
        if (spill_at is None and not self.UNBOUNDED) or (spill_at is not None and spill_at < 0):
            raise ValueError("spill_at must be at least 0")
        self.group = group
        self.spill_at = spill_at
        self._directory = directory
        #: the items held in memory so far
        self._held = 0
        self._db: sqlite3.Connection | None = None
        self._tmp: str | None = None

    @property
    def on_disk(self) -> bool:
        """Whether something went to disk."""
        return self._db is not None

    def close(self) -> None:
        """Remove the database and its directory."""
        close_scratch(self._db, self._tmp)
        self._db, self._tmp = None, None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            # removed when this object goes, if close() is never called
            self._tmp, db = open_scratch(
                self, prefix=self.PREFIX, name=self.DATABASE, directory=self._directory
            )
            for statement in self.TABLES:
                db.execute(statement)
            self._db = db
        return self._db

    def saved_form(self, files: SavingFiles) -> dict[str, object]:
        """What :meth:`from_saved` rebuilds this store from: its threshold, the items held in
        memory so far and its database copied into ``files`` (:mod:`plebiscite.rules.saved`);
        the lists that use it refer to it."""
        return {
            "group": self.group,
            "spill_at": self.spill_at,
            "held": self._held,
            "database": saved_scratch(self._db, self._tmp, self.DATABASE, files),
        }

    @classmethod
    def from_saved(cls, form: dict[str, object], files: SavedFiles, directory: str | None) -> Self:
        """The store :meth:`saved_form` described, its database in a new directory."""
        group, spill_at, held = form.get("group"), form.get("spill_at"), form.get("held")
        if not (
            isinstance(group, Group)
            and (
                (spill_at is None and cls.UNBOUNDED)
                or (isinstance(spill_at, int) and spill_at >= 0)
            )
            and isinstance(held, int)
        ):
            raise files.broken(f"{cls.WHAT} form")
        store = cls(group, spill_at, directory)
        store._held = held
        store._tmp, store._db = reopen_scratch(
            store,
            form["database"],
            files,
            prefix=cls.PREFIX,
            name=cls.DATABASE,
            directory=directory,
        )
        return store


def saved_scratch(
    db: sqlite3.Connection | None, tmp: str | None, name: str, files: SavingFiles
) -> str | None:
    """The database ``name`` in ``tmp`` copied into ``files`` (its writes committed first): the
    name it is saved under; None where nothing went to disk."""
    if db is None or tmp is None:
        return None
    db.commit()
    return files.copy_path(os.path.join(tmp, name))


def reopen_scratch(
    owner: object,
    saved: object,
    files: SavedFiles,
    *,
    prefix: str,
    name: str,
    directory: str | None,
) -> tuple[str | None, sqlite3.Connection | None]:
    """The database :func:`saved_scratch` saved as ``saved``, copied back (its digest checked)
    into a new directory removed with ``owner``; ``(None, None)`` where nothing was saved."""
    if saved is None:
        return None, None
    if not isinstance(saved, str):
        raise files.broken(f"the reference to {name}")
    return open_scratch(
        owner,
        prefix=prefix,
        name=name,
        directory=directory,
        fill=lambda path: files.copy_to_path(saved, path),
    )
