"""``plebiscite observe``: mirror a live board, check it, keep its heads, raise alarms."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from plebiscite.board.http import HTTPBoard, board_url
from plebiscite.errors import PlebisciteError
from plebiscite.observe.observer import HEADS_FILE, Alarm, Observer, compare_heads, read_heads

__all__ = ["observe", "register"]


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


def _compare(first: Path, second: Path) -> None:
    try:
        a = read_heads(first / HEADS_FILE if first.is_dir() else first)
        b = read_heads(second / HEADS_FILE if second.is_dir() else second)
    except PlebisciteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    found = compare_heads(a, b)
    for d in found:
        typer.echo(f"DISAGREE {d}")
    typer.echo(f"{len(a)} and {len(b)} heads compared: {len(found)} disagreement(s)")
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
) -> None:
    """Mirror a live board into --state: check every entry, keep every signed head, alarm.

    Each poll prints its alarms and one line (the time, the entries mirrored, the alarms) on
    stdout, flushed at once, so a log written through a redirect is always up to date.

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
        with HTTPBoard(location) as client:
            observer = Observer(state, client)
            try:
                polls = 0
                while True:
                    before = len(observer.mirror)
                    alarms = observer.poll(audit=once or polls % audit_every == 0)
                    polls += 1
                    raised += len(alarms)
                    for alarm in alarms:
                        _report(str(alarm))
                    _report(_poll_line(observer, before, alarms))
                    if once:
                        break
                    time.sleep(interval)
            finally:
                observer.close()
    except PlebisciteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        pass
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
