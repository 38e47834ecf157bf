"""The credential authority's issuing in a process of its own, as on its own machine.

The demonstration's main process holds the board and the authority's follower for the whole
run; issuing a million credentials there leaves its heap fragmented by a million short-lived
strings and keys (credentials, roll keys, leaves, hex). :func:`issue_apart` runs
:func:`plebiscite.credentials.issue.issue` and :func:`~plebiscite.credentials.issue.write_roll`
in a fresh ``spawn`` process (which derives the keys on its own pool of workers): it writes the
sheets and the signed roll file, unlocking the credential authority's key from its state
directory, and reports its progress over a queue. The main process then posts the roll from the
file, one line at a time (:func:`~plebiscite.credentials.issue.post_roll_file`).
"""

from __future__ import annotations

import multiprocessing
import queue
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from plebiscite.credentials.issue import Progress, issue, write_roll
from plebiscite.model.definition import Definition
from plebiscite.state.party import open_party

__all__ = ["Issued", "issue_apart"]

_POLL_S: Final = 0.2
_progress: multiprocessing.Queue[tuple[str, int, int]] | None = None


@dataclass(frozen=True, slots=True)
class Issued:
    """What the issuing process made: the roll file's lines and the keys per district."""

    lines: int
    counts: tuple[tuple[str, int], ...]


def _report_to(channel: multiprocessing.Queue[tuple[str, int, int]]) -> None:
    """The issuing process's initializer: where its progress goes."""
    global _progress
    _progress = channel


def _report(district: str, count: int, registered: int) -> None:
    if _progress is not None:
        _progress.put((district, count, registered))


def _issue(
    manifest: dict[str, Any],
    sheets: Path,
    roll_file: Path,
    authority: Path,
    passphrase: str,
    workers: int,
) -> Issued:
    """In the issuing process: the sheets, then the signed roll into ``roll_file``."""
    definition = Definition.from_manifest(manifest)
    key = open_party(authority).signing_key(passphrase)
    assert definition.election_id is not None
    issued = issue(definition, sheets, workers=workers, progress=_report)
    lines = write_roll(roll_file, key, definition.election_id, issued)
    return Issued(lines, tuple((d.id, d.count) for d in issued))


def issue_apart(
    definition: Definition,
    sheets: Path,
    roll_file: Path,
    authority: Path,
    passphrase: str,
    *,
    workers: int,
    progress: Progress | None = None,
) -> Issued:
    """Issue every district's credentials in a process of its own: the sheets into ``sheets``,
    the signed roll into the new file ``roll_file`` (nothing is posted), with the credential
    authority whose state directory is ``authority``. ``progress`` is called here, in this
    process, as the issuing process reports; its errors are raised here."""
    context = multiprocessing.get_context("spawn")
    channel: multiprocessing.Queue[tuple[str, int, int]] = context.Queue()
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=_report_to, initargs=(channel,)
    ) as pool:
        # the manifest's body travels (a definition holds keys that do not pickle)
        manifest = definition.to_manifest()
        job = pool.submit(_issue, manifest, sheets, roll_file, authority, passphrase, workers)
        while True:
            done = job.done()
            try:
                while True:  # every report so far (after the end: the last ones)
                    district, count, registered = channel.get(timeout=_POLL_S)
                    if progress is not None:
                        progress(district, count, registered)
            except queue.Empty:
                pass
            if done:
                break
        result = job.result()
    channel.close()
    return result
