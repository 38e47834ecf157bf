"""``plebiscite observe``: mirror a live board, check it, keep its heads, raise alarms."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from plebiscite.board.http import HTTPBoard, board_url
from plebiscite.election.command import terminal_bar
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.observe.observer import (
    HEADS_FILE,
    STATE_FILE,
    Alarm,
    FeedEntries,
    HeldHeads,
    Observer,
    read_secret,
)
from plebiscite.state.files import read_bounded

__all__ = ["FEEDS", "observe", "register"]

#: where ``--workers N`` (N > 1) takes its processes from: ``FEEDS["local"](N)`` gives a feed
#: that checks the ballots of each run of entries on N local processes. :mod:`plebiscite.cli`
#: puts the verifier's there (:func:`plebiscite.verify.parallel.local_feed`): the observer and
#: the verifier are siblings, neither imports the other.
FEEDS: dict[str, Callable[[int], AbstractContextManager[FeedEntries]]] = {}


def _report(line: str) -> None:
    """One line of the observer's report on stdout, flushed at once: a redirected stdout is
    block-buffered, and a log that fills only when the observer stops tells nobody anything."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _poll_line(observer: Observer, before: int, alarms: list[Alarm]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    mirrored = len(observer.mirror)
    head = f"head at entry {mirrored - 1}" if mirrored else "no entries yet"
    return (
        f"{stamp} {mirrored} entries mirrored ({mirrored - before} new), {head}; "
        f"{len(alarms)} new alarm(s)"
    )


def default_secret() -> Path:
    """Where an observer's secret is kept unless ``--secret`` says otherwise: outside any state
    directory, in the user's configuration (``$XDG_CONFIG_HOME``, else ``~/.config``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "plebiscite" / "observer.key"


def _note(line: str) -> None:
    typer.secho(f"note: {line}", err=True, fg="yellow")


def _mirrored(state: Path) -> int | None:
    """The entries the state directory's last poll left mirrored (for the restart's bar)."""
    try:
        value = json.loads(read_bounded(state / STATE_FILE, 1 << 20))
    except (PlebisciteError, ValueError):
        return None
    count = value.get("entries") if isinstance(value, dict) else None
    return count if isinstance(count, int) else None


def _feeding(workers: int) -> AbstractContextManager[FeedEntries | None]:
    """The feed of ``--workers`` (None: this process alone, for 1)."""
    if workers == 1:
        return nullcontext(None)
    if "local" not in FEEDS:
        raise InputError("--workers above 1 needs the verifier's processes (plebiscite's CLI)")
    return FEEDS["local"](workers)


@contextmanager
def _started(
    state: Path, client: HTTPBoard, secret: bytes | None, feed: FeedEntries | None
) -> Iterator[Observer]:
    """The observer of ``state`` read back, under a bar counting the mirrored entries it reads
    (on a terminal only); closed when done."""
    mirrored = _mirrored(state)
    bar = terminal_bar("reading the mirror back")
    bar.disable = bar.disable or mirrored is None  # nothing mirrored yet: nothing to show
    with bar:
        task = bar.add_task("entries", total=mirrored)
        observer = Observer(
            state,
            client,
            secret=secret,
            note=_note,
            progress=partial(bar.advance, task),
            feed=feed,
        )
    try:
        yield observer
    finally:
        observer.close()


class _Saving:
    """When to save the observer's check: after its first poll, then once at least twenty times
    as long as the last save took has gone by (a few per cent of the time at most, however
    large the board), and when it stops."""

    def __init__(self, observer: Observer) -> None:
        self.observer = observer
        self.due = 0.0

    def after_poll(self) -> None:
        if time.monotonic() >= self.due:
            self.now()

    def now(self) -> None:
        if not self.observer.can_save or self.due == math.inf:
            return  # no manifest yet, a poll cut short, or no saved form: nothing saved now
        started = time.monotonic()
        try:
            kept = self.observer.save_check()
        except OSError as exc:
            _note(f"the check was not saved ({exc})")
            kept = True  # tried again later
        self.due = time.monotonic() + 20 * (time.monotonic() - started) if kept else math.inf
        if not kept:
            _note("this check has no saved form; a restart will check every mirrored entry")


def _compare(first: Path, second: Path) -> None:
    """Compare two heads files (or observers' state directories), the first held compactly and
    the second read a line at a time, each disagreement printed as it is found."""
    found = 0
    a, b = (path / HEADS_FILE if path.is_dir() else path for path in (first, second))
    try:
        for path in (a, b):
            if not path.is_file():
                raise InputError.at(str(path), "", "no such heads file")
        held = HeldHeads(a)
        for d in held.disagreements(b):
            typer.echo(f"DISAGREE {d}")
            found += 1
    except PlebisciteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{held.count} and {held.compared} heads compared: {found} disagreement(s)")
    if found:
        raise typer.Exit(2)


def observe(
    url: Annotated[str | None, typer.Argument(help="The board service (http://host:port).")] = None,
    state: Annotated[
        Path | None, typer.Option("--state", help="The observer's state directory.")
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Poll once, audit the whole mirror, then exit.")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between polls.")
    ] = 10.0,
    audit_every: Annotated[
        int, typer.Option("--audit-every", min=1, help="Re-read the whole board every N polls.")
    ] = 10,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Compare two observers' heads (state dirs or files)."),
    ] = None,
    secret: Annotated[
        Path | None,
        typer.Option(
            "--secret",
            help="The observer's secret that seals its saved check (32 bytes; made, mode 0600, "
            "when missing). Default: $XDG_CONFIG_HOME/plebiscite/observer.key.",
        ),
    ] = None,
    no_saved_check: Annotated[
        bool,
        typer.Option(
            "--no-saved-check", help="Neither read nor save the check: check every entry."
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Local processes checking the ballots of each poll and of a restart's mirror, "
            "for a first catch-up with a large board on several cores (default 1: this "
            "process alone).",
        ),
    ] = 1,
) -> None:
    """Mirror a live board into --state: check every entry, keep every signed head, alarm.

    Each poll prints its alarms and one line (the time, the entries mirrored, the alarms) on
    stdout, flushed at once, so a log written through a redirect is always up to date.

    The check is saved in STATE/checked/, sealed with the observer's secret (kept outside the
    state directory), after the first poll, now and then, and when the observer stops; a restart
    goes on from it rather than checking every mirrored entry again.

    Exit status with --once: 0 clean, 2 if any alarm was raised (1 for an error).
    """
    if compare is not None:
        _compare(*compare)
        return
    location = board_url(url or "")
    if location is None or state is None:
        typer.echo("error: give the board's URL (http://host:port) and --state DIR", err=True)
        raise typer.Exit(1)
    raised = 0
    try:
        sealing = None if no_saved_check else read_secret(secret or default_secret())
    except PlebisciteError as exc:
        _note(f"{exc}; the check is neither read back nor saved")
        sealing = None
    observer: Observer | None = None
    try:
        with (
            HTTPBoard(location) as client,
            _feeding(workers) as feed,
            _started(state, client, sealing, feed) as observer,
        ):
            saving = _Saving(observer)
            try:
                polls = 0
                while True:
                    before = len(observer.mirror)
                    audit = once or polls % audit_every == 0
                    if polls == 0:  # the catch-up with the board, which may be long: a bar
                        with terminal_bar("mirroring the board") as bar:
                            head = client.head() if bar.console.is_terminal else None
                            total = None if head is None else head.index + 1 - before
                            task = bar.add_task("entries", total=total)
                            alarms = observer.poll(audit=audit, progress=partial(bar.advance, task))
                    else:
                        alarms = observer.poll(audit=audit)
                    polls += 1
                    raised += len(alarms)
                    for alarm in alarms:
                        _report(str(alarm))
                    _report(_poll_line(observer, before, alarms))
                    if once:
                        break
                    if sealing is not None:
                        saving.after_poll()
                    time.sleep(interval)
            finally:
                if sealing is not None:
                    saving.now()
    except PlebisciteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        if observer is None:
            raise typer.Exit(130) from None
    typer.echo(
        f"{len(observer.mirror)} entries mirrored, {observer.heads.indices} indices with heads; "
        f"{raised} new alarm(s)",
        err=True,
    )
    if once and (raised or _previous_alarms(observer)):
        raise typer.Exit(2)


def _previous_alarms(observer: Observer) -> bool:
    return bool(observer.all_alarms())


def register(app: typer.Typer) -> None:
    """Add the ``observe`` command."""
    app.command("observe")(observe)
