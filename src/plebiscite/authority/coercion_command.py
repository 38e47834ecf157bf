"""``plebiscite trustee tag`` and ``plebiscite authority tag``: the fake-credentials tally's
steps (docs/spec.md §16.5 steps 2 and 4) run by each party from its state directory against a
board (directory or URL), over :mod:`plebiscite.tally.coercion_steps`; the mix between them is
``plebiscite trustee mix`` (the ``kept`` lists). Each run posts what is due and says what it
waits for; run it again after the others' turns. After a crash, run it again: it posts the entry
it prepared, never a second one. The commands join the setup's ``trustee`` and ``authority``
groups when this module is imported (:mod:`plebiscite.authority.command` does).

**Every QUAL trustee takes part in the blinding rounds** (``tag_commit``, ``tag_blind``, the mix of
the kept list, ``pet_blind``: docs/trust.md, "every trustee at the tally"); the decryptions need
any k. A trustee that waits says for whom (:func:`waiting_on`, read from the board), and with
``--wait SECONDS`` it runs again every few seconds until nothing is due or the time runs out
(:class:`TagWaitTimeout`, naming the round and the trustees)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from plebiscite.authority.saved_check import followed
from plebiscite.board.client import BoardClient, connect
from plebiscite.election.command import (
    BOARD_DIR,
    BOARD_PASSPHRASE_FILE,
    PASSPHRASE_FILE,
    authority_app,
    board_passphrase,
    guarded,
    trustee_app,
)
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.coercion.tally_entries import (
    KEPT_LIST,
    PET_BLIND,
    PET_DECRYPT,
    PET_MATCH,
    TAG_BLIND,
    TAG_COMMIT,
    TAG_DECRYPT,
    TAG_DEDUP,
)
from plebiscite.model.mix import MIX_KIND
from plebiscite.rules.checker import Checker
from plebiscite.state.party import open_party, read_passphrase
from plebiscite.tally.coercion_steps import Step, authority_steps, describe, trustee_steps

__all__ = ["TagWaitTimeout", "Waiting", "authority_tag", "trustee_tag", "waiting_on"]

STATE_DIR = typer.Option(..., "--state", help="This party's state directory.", file_okay=False)
_DISTRICTS = typer.Option(
    None, "--district", metavar="ID", help="Only this district (repeatable); default: every one."
)
_STAGES: Final = {"read": "entries checked", "post": "entries posted"}
_WAIT = typer.Option(
    0,
    "--wait",
    metavar="SECONDS",
    min=0,
    help="Run again every few seconds until nothing is due, for at most this long; then fail "
    "naming the trustees still awaited (default: one run).",
)
#: seconds between two runs of ``--wait``
POLL_S: Final = 5.0


@dataclass(frozen=True)
class Waiting:
    """A district's tally waits at ``round`` (the entry kind due) for these QUAL trustees;
    ``any_of``: any ``needed`` of them will do (a decryption needs k), else every one; no
    trustee: the authority's entry ``round`` is due."""

    district: str
    round: str
    trustees: tuple[int, ...]
    needed: int

    @property
    def any_of(self) -> bool:
        return self.needed < len(self.trustees)

    def __str__(self) -> str:
        if not self.trustees:
            return f"district {self.district!r}: waits for the authority's {self.round}"
        who = ", ".join(map(str, self.trustees))
        if self.any_of:
            return (
                f"district {self.district!r}: {self.round} waits for {self.needed} more of "
                f"trustees {who}"
            )
        return f"district {self.district!r}: {self.round} waits for trustee(s) {who}"


class TagWaitTimeout(InputError):
    """``plebiscite trustee tag --wait``: the time ran out while the tally still waited for
    other trustees (``waiting``, per district; ``seconds`` the time waited)."""

    def __init__(self, seconds: float, waiting: Sequence[Waiting]) -> None:
        super().__init__(
            f"gave up after {seconds:.0f} s: the tally waits for trustees who have not taken "
            "their turn (every QUAL trustee takes part in the blinding rounds):\n  "
            + "\n  ".join(map(str, waiting)),
            reason="trustee_absent",
        )
        self.seconds = seconds
        self.waiting = tuple(waiting)


def waiting_on(board: BoardClient) -> list[Waiting]:
    """Per district whose tally began and has no ``pet_match`` yet: the first round that lacks
    a trustee and which QUAL trustees it lacks (or the authority's ``tag_dedup`` or
    ``pet_match``, with no trustee), as the entries' ``trustee`` fields on the board say. Read
    only, not checked: the commands check the board before they act; this only names whom they
    wait for."""
    definition = None
    qual: tuple[int, ...] = ()
    posted: dict[tuple[str, str], set[int]] = {}
    done: set[tuple[str, str]] = set()
    for entry in board.iter_entries(0):
        body = entry.body
        if definition is None:
            definition, _ = read_manifest([entry])
            continue
        if entry.kind == "election_key" and not qual:
            value = body.get("qualified")
            if isinstance(value, list):
                qual = tuple(sorted(i for i in value if isinstance(i, int)))
            continue
        trustee, district = body.get("trustee"), body.get("district")
        if entry.kind == MIX_KIND:
            ref = body.get("list")
            if isinstance(ref, dict) and ref.get("kind") == KEPT_LIST:
                district = ref.get("district")
        elif entry.kind in (TAG_DEDUP, PET_MATCH) and isinstance(district, str):
            done.add((district, entry.kind))
            continue
        if isinstance(trustee, int) and isinstance(district, str):
            posted.setdefault((district, entry.kind), set()).add(trustee)
    if definition is None:
        return []
    k = definition.trustees.k
    n = len(qual)
    phases = (  # the trustees' rounds (kind, how many of QUAL), then the authority's entry
        (((TAG_COMMIT, n), (TAG_BLIND, n), (TAG_DECRYPT, k)), TAG_DEDUP),
        (((MIX_KIND, n), (PET_BLIND, n), (PET_DECRYPT, k)), PET_MATCH),
    )
    out: list[Waiting] = []
    for d in definition.districts:
        if not any(district == d.id for district, _ in posted):
            continue  # its tally has not begun (or it has no ballot of the mode)
        found = _first_wait(d.id, phases, posted, done, qual)
        if found is not None:
            out.append(found)
    return out


def _first_wait(
    district: str,
    phases: Sequence[tuple[Sequence[tuple[str, int]], str]],
    posted: dict[tuple[str, str], set[int]],
    done: set[tuple[str, str]],
    qual: tuple[int, ...],
) -> Waiting | None:
    for rounds, ends in phases:
        if (district, ends) in done:
            continue
        for kind, needed in rounds:
            have = posted.get((district, kind), set()) & set(qual)
            if len(have) < needed:
                missing = tuple(i for i in qual if i not in have)
                return Waiting(district, kind, missing, needed - len(have))
        return Waiting(district, ends, (), 0)
    return None


@contextmanager
def _progress() -> Iterator[Callable[[str, int], None]]:
    err = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, n: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=None)
            bar.advance(tasks[stage], n)

        yield advance


@trustee_app.command("tag")
def trustee_tag(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    district: list[str] | None = _DISTRICTS,
    wait: int = _WAIT,
) -> None:
    """Fake-credentials tally: this trustee's commitment, blinding and decryption of the
    duplicate tags, then its equality tests and their decryption, each when it is due.

    Checks the board first (V1–V6, V10, V11, V13, V14: the entries since this trustee's saved
    check, STATE/checked, as plebiscite trustee follow keeps it). Run it again after the other
    trustees' turns (and the mix of the kept ballots, plebiscite trustee mix), or give --wait
    (each run after the first checks only the entries added since).
    Every QUAL trustee must take its turn in the blinding rounds: the output names the
    trustees awaited.
    """

    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        started = time.monotonic()
        # the trustee's saved check: each run (and each pass of --wait) checks only what is new
        key = party.signing_key(passphrase)
        with followed(link, key, state, bar=False) as (follower, _, _keep):

            def resumed() -> Checker:
                return follower.resumed(link)

            while True:
                with _progress() as advance:
                    steps = trustee_steps(
                        link,
                        party,
                        passphrase,
                        districts=tuple(district) if district else None,
                        progress=advance,
                        checker_factory=resumed,
                    )
                for step in steps:
                    typer.echo(describe(step))
                awaited = _awaited(link, steps, district)
                for waiting in awaited:
                    typer.echo(f"  {waiting}")
                if not awaited or time.monotonic() - started >= wait:
                    break
                time.sleep(min(POLL_S, max(0.0, wait - (time.monotonic() - started))))
        if wait and awaited:
            raise TagWaitTimeout(time.monotonic() - started, awaited)

    guarded(run)


def _awaited(link: BoardClient, steps: Sequence[Step], district: list[str] | None) -> list[Waiting]:
    """Whom this trustee waits for, in the districts where its run waited (and was asked for)."""
    held = {s.district for s in steps if s.waiting is not None}
    return [w for w in waiting_on(link) if w.district in held and w.district in (district or held)]


@authority_app.command("tag")
def authority_tag(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Fake-credentials tally: the kept ballots (tag_dedup) and the counted tests (pet_match)
    of each district, once k trustees' decryptions are on the board.

    Checks the board first: the entries since the authority's saved check (STATE/checked, as
    plebiscite authority follow keeps it)."""

    def run() -> None:
        party = open_party(state, "authority")
        key = party.signing_key(read_passphrase(passphrase_file))
        link = connect(board, board_passphrase(board_passphrase_file))
        with followed(link, key, state, bar=False) as (follower, _, _keep), _progress() as advance:
            steps = authority_steps(
                link, key, progress=advance, checker_factory=lambda: follower.resumed(link)
            )
        for step in steps:
            typer.echo(describe(step))

    guarded(run)
