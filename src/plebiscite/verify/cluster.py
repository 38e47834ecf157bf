"""Sharded verification on a Dask distributed cluster (``plebiscite verify --dask ADDRESS``).

The same sharding as :mod:`plebiscite.verify.parallel`: this process reads the record and runs
the sequential checks; each chunk (its entries to hash, its ballots to check) goes to the
cluster as one task (:func:`~plebiscite.verify.parallel.check_work`), with at most
``in_flight`` tasks out at once, and their outcomes are applied in board order. The workers
need ``plebiscite`` installed (the same version: the outcome of a check is what that version's
code says); they receive the election parameters as plain values
(:class:`~plebiscite.verify.parallel.PortableParams`) and the entries' JSON bodies, nothing
secret.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from plebiscite.crypto.shuffle_verify import FoldTask
from plebiscite.errors import InputError
from plebiscite.extras import needs_extra
from plebiscite.verify.mix_workers import FoldFuture, SubmitFolder, fold_portable
from plebiscite.verify.parallel import ChunkWork, ResultFuture, Submit, check_work

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["client_folder", "dask_client", "dask_submit", "submit_to"]


def submit_to(client: Client) -> Submit:
    """A :data:`~plebiscite.verify.parallel.Submit` that runs each chunk as a task of
    ``client``'s cluster (never cached: ``pure=False``)."""

    def submit(work: ChunkWork) -> ResultFuture:
        future: ResultFuture = client.submit(check_work, work, pure=False)
        return future

    return submit


@contextmanager
def dask_submit(address: str, *, timeout: float = 30.0) -> Iterator[Submit]:
    """Connect to the Dask scheduler at ``address`` (``tcp://host:8786``) for the duration.

    Raises :class:`~plebiscite.errors.InputError` naming the address when it cannot connect.
    """
    with dask_client(address, timeout=timeout) as client:
        yield submit_to(client)


def client_folder(client: Client, in_flight: int) -> SubmitFolder:
    """A folder of V11's proof chunks (:mod:`plebiscite.verify.mix_workers`) whose chunks run as
    tasks of ``client``'s cluster (never cached: ``pure=False``)."""

    def submit(group_name: str, task: FoldTask) -> FoldFuture:
        future: FoldFuture = client.submit(fold_portable, group_name, task, pure=False)
        return future

    return SubmitFolder(submit, in_flight)


@contextmanager
def dask_client(address: str, *, timeout: float = 30.0) -> Iterator[Client]:
    """A client of the Dask scheduler at ``address`` for the duration (see :func:`dask_submit`)."""
    with needs_extra("dask", "plebiscite verify --dask"):
        from distributed import Client

    try:
        client = Client(address, timeout=timeout, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler: {exc}") from None
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]
