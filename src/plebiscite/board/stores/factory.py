"""Open a board store by its location: a SQLite path or URL, or a PostgreSQL URL.

The adapters import :mod:`~plebiscite.board.stores.base` (the protocol and the append checks);
this factory imports the adapters, so neither imports the other's module back. PostgreSQL is
imported only when a ``postgresql://`` location asks for it.
"""

from __future__ import annotations

from pathlib import Path

from plebiscite.board.stores.base import Store
from plebiscite.errors import ParameterError
from plebiscite.extras import needs_extra

__all__ = ["open_store"]


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: a path or ``sqlite:///path`` opens the SQLite adapter,
    a ``postgresql://`` (or ``postgres://``) URL the PostgreSQL adapter."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        with needs_extra("postgres", "a postgresql:// board store"):
            from plebiscite.board.stores.postgres import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite://"):
        text = text.removeprefix("sqlite://")
    elif "://" in text:
        scheme = text.split("://", 1)[0]
        raise ParameterError(f"store location: no adapter for {scheme!r} stores")
    from plebiscite.board.stores.sqlite import SQLiteStore

    return SQLiteStore(Path(text))
