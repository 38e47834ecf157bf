"""The local worker processes' server, startable before the verifier is imported.

``plebiscite verify --workers N`` checks chunks on processes forked from a forkserver that has
imported the checks once (:func:`~plebiscite.verify.parallel.local_executor`). That import costs
the server about as much CPU as it costs this process; :func:`start_server` starts the server
before this process imports the verifier, so both imports run at once on two cores instead of
one after the other. This module imports nothing of the verifier itself.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import ForkServerContext
from typing import Final

__all__ = ["PRELOAD", "default_workers", "server_context", "start_server"]

#: what the server imports before it forks a worker: the chunk and fold checks
PRELOAD: Final = ("plebiscite.verify.parallel",)


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
