"""The demonstration's verify step in a process of its own, as a user runs ``plebiscite verify``.

By the verify step the demonstration's main process still holds what the run left in its heap
(the board's writer, the acceptance rules' state, the voting's bookkeeping); checking the record
there put the verifier's whole working set on top of it. :func:`verify_apart` runs
:func:`plebiscite.verify.command.verify_record` (the function the command calls, with its
workers' server started first and its collector tuned, as the command does) in a fresh
``spawn`` process, which starts from nothing of the run. Its progress comes back over a pipe to
the caller's ``progress``, then its report; an error the verifier raises is raised here, and a
process that ends without a report (killed, out of memory, an exit status other than 0) is a
:class:`VerifierProcessError` naming its exit status.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Final

from plebiscite.errors import PlebisciteError
from plebiscite.rules.report import Report

__all__ = ["VerifierProcessError", "verify_apart"]

#: the verifier's process sends its progress at most this often (seconds)
_PROGRESS_EVERY_S: Final = 0.2


class VerifierProcessError(PlebisciteError):
    """The verifier's process ended without a report; ``exitcode`` is its exit status
    (negative: the signal that ended it)."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        super().__init__(f"the verifier's process ended with exit status {exitcode} and no report")


def _verify(
    channel: Connection, record: str, heads: list[str], workers: int, batch_size: int
) -> None:
    """In the verifier's process: what ``plebiscite verify --workers N`` does, its progress and
    then its report (or the error it raised) sent on ``channel``."""
    if workers > 1:
        from plebiscite.verify.processes import start_server

        start_server()  # the workers' server imports the checks while this process does
    from plebiscite.rules.collector import tune_collector
    from plebiscite.verify.command import verify_record

    tune_collector()
    pending = 0
    sent = time.monotonic()

    def progress(advance: int) -> None:
        nonlocal pending, sent
        pending += advance
        if time.monotonic() - sent >= _PROGRESS_EVERY_S:
            channel.send(pending)
            pending, sent = 0, time.monotonic()

    try:
        report = verify_record(
            record, heads, progress=progress, workers=workers, batch_size=batch_size
        )
    except PlebisciteError as exc:
        channel.send(exc)
    else:
        if pending:
            channel.send(pending)
        channel.send(report)
    channel.close()


def verify_apart(
    record: Path,
    heads: Sequence[Path],
    *,
    workers: int,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Verify ``record`` with the heads files ``heads`` in a process of its own (module
    docstring); ``progress`` is called here with the entries checked since its last call."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_verify,
        args=(sending, str(record), [str(h) for h in heads], workers, batch_size),
        name="plebiscite verify",
    )
    process.start()
    sending.close()  # this process's copy: the pipe ends when the verifier's does
    answer: Report | PlebisciteError | None = None
    try:
        while answer is None:
            try:
                message = receiving.recv()
            except EOFError:
                break
            if isinstance(message, int):
                if progress is not None:
                    progress(message)
            else:
                answer = message
    finally:
        receiving.close()
        process.join()
    if isinstance(answer, PlebisciteError):
        raise answer
    if answer is None or process.exitcode != 0:
        raise VerifierProcessError(process.exitcode)
    return answer
