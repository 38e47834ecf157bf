"""A private scratch database: SQLite in a temporary directory of its own.

The stores that put long lists on disk (the tally's stages, V11's lists) keep them in one such
database each: no journal, no sync (nothing in it must survive the process), a bounded page
cache, the directory removed by :func:`close_scratch` or, if that is never called, when its owner
is collected.

Its owner may be built in one thread and used in another (a board replays its entries through its
checker when it starts, then its writer thread checks what comes): the connection is not tied to
the thread that opened it. Its owners never use it from two threads at once.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref


def open_scratch(
    owner: object, *, prefix: str, name: str, directory: str | None, cache_kib: int = 4096
) -> tuple[str, sqlite3.Connection]:
    """A new temporary directory and the database ``name`` in it, removed with ``owner``."""
    tmp = tempfile.mkdtemp(prefix=prefix, dir=directory)
    weakref.finalize(owner, shutil.rmtree, tmp, True)
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
