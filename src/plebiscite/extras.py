"""Optional dependencies: which extra of the ``plebiscite`` package provides which module.

``pip install plebiscite`` is the lean core: it can ``plebiscite verify`` a record, take part in
an election (credentials, booth, ceremony, tally) and talk to a board over HTTP. The web server,
the PostgreSQL store, the Dask cluster runner and the forensics methods need an extra each::

    with needs_extra("server", "plebiscite serve"):
        import uvicorn

turns a missing ``uvicorn`` into :class:`~plebiscite.errors.MissingExtraError`, which the
``plebiscite`` command prints as one line (exit status 2). A missing module that no extra
provides is a broken installation and stays the ``ImportError`` it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Final, Literal

from plebiscite.errors import MissingExtraError

__all__ = ["EXTRAS", "Extra", "needs_extra"]

Extra = Literal["server", "postgres", "dask", "forensics"]

# the top-level modules each extra installs (kept in step with pyproject.toml's extras)
EXTRAS: Final[Mapping[Extra, frozenset[str]]] = {
    "server": frozenset({"fastapi", "starlette", "uvicorn"}),
    "postgres": frozenset({"psycopg", "psycopg_binary"}),
    "dask": frozenset({"dask", "distributed"}),
    "forensics": frozenset({"pandas", "scipy", "matplotlib", "pyarrow"}),
}


@contextmanager
def needs_extra(extra: Extra, what: str) -> Iterator[None]:
    """Run the imports of the block; one of ``extra``'s modules missing raises
    :class:`~plebiscite.errors.MissingExtraError` saying that ``what`` needs ``extra``."""
    try:
        yield
    except ModuleNotFoundError as exc:
        top = (exc.name or "").partition(".")[0]
        if top not in EXTRAS[extra]:
            raise
        raise MissingExtraError(extra, what, top) from None
