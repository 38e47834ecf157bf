"""The fake-credentials tally's proofs (V13, V14) on local processes (``plebiscite verify
--workers N``): :func:`proof_workers` gives the checker's
:class:`~plebiscite.rules.coercion_tally.CoercionTally` a ``submit`` that sends each trustee's
proofs to a pool of ``N`` processes, started only when the record holds such a tally (a record of
the mode revote never starts one). The verdicts are those of a sequential run
(:mod:`plebiscite.rules.coercion_tally` says why)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

from plebiscite.rules.coercion_tally import CoercionTally, Problem

__all__ = ["LazyPool", "proof_workers"]


class LazyPool:
    """A process pool of ``workers`` started at the first task (fresh processes, not forked)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def submit(
        self, function: Callable[..., Problem | None], *args: object
    ) -> Future[Problem | None]:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool.submit(function, *args)

    def shutdown(self) -> None:
        """Wait for the tasks out (their results stay readable) and stop the processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


@contextmanager
def proof_workers(tally: CoercionTally, workers: int) -> Iterator[None]:
    """Check ``tally``'s proofs on ``workers`` processes inside the block (here when 1)."""
    if workers <= 1:
        yield
        return
    pool = LazyPool(workers)
    tally.submit, tally.in_flight = pool.submit, 2 * workers
    try:
        yield
    finally:
        pool.shutdown()
