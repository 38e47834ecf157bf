"""The local worker processes' server, startable before the verifier is imported.

``plebiscite verify --workers N`` checks chunks on processes forked from a forkserver that has
imported the checks once (:func:`~plebiscite.verify.parallel.local_executor`). That import costs
the server about as much CPU as it costs this process; :func:`start_server` starts the server
before this process imports the verifier, so both imports run at once on two cores instead of
one after the other. This module imports nothing of the verifier itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from multiprocessing.context import ForkServerContext
from typing import Final

__all__ = ["PRELOAD", "default_workers", "server_context", "start_server", "tune_collector"]

#: what the server imports before it forks a worker: the chunk and fold checks
PRELOAD: Final = ("plebiscite.verify.parallel",)


#: objects allocated (net) before the youngest generation is collected, in a checking process
YOUNG_THRESHOLD: Final = 100_000


def tune_collector() -> None:
    """Set this process's cyclic garbage collector for checking a record: what start-up made is
    collected once and frozen (never scanned again), and the youngest generation is collected
    after :data:`YOUNG_THRESHOLD` net allocations instead of 700. Checking allocates and frees
    millions of short-lived objects and keeps few: at the default threshold the collector ran
    about 700 times over a 10,000-voter record, some 6 % of the CPU, nearly all of it scanning
    objects that were alive anyway. Cyclic garbage is still collected, at most that many objects
    later."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 20, 100)


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


def server_context() -> ForkServerContext:
    """The forkserver context the workers come from, the server told to import :data:`PRELOAD`
    (a server already running keeps what it has)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def start_server() -> None:
    """Start the forkserver now (it imports :data:`PRELOAD` in its own process while this one
    goes on); a later pool over :func:`server_context` forks its workers from it. Nothing
    happens when it already runs."""
    server_context()
    from multiprocessing import forkserver

    forkserver.ensure_running()
