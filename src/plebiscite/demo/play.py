"""The demonstration's run: every party's steps in order, on one board, under a simulated clock.

:func:`play` creates ``DIR/parties/<party>/`` for the board operator, the authority, the
credential authority and the five trustees (each with a ``passphrase`` file the demonstration
writes: a real deployment keeps passphrases elsewhere), writes the definition to
``DIR/referendum.toml`` and then calls, party by party, the library functions behind the
commands a real deployment runs:

=========================  ========================================================
step                       the command it stands for
=========================  ========================================================
parties                    ``plebiscite board|authority|trustee|credentials init``
manifest                   ``plebiscite election create``
key ceremony               ``plebiscite ceremony commit|reveal|shares|complain|key|liveness``
credentials                ``plebiscite credentials issue`` (sheets into ``DIR/sheets``)
open                       ``plebiscite authority open``
voting                     ``plebiscite vote`` (one device per voter, in worker processes)
close                      ``plebiscite authority close``
tally                      ``plebiscite authority tally``
mixing                     ``plebiscite trustee mix`` (``--mix``: three trustees in turn, §15.7)
decryption                 ``plebiscite trustee decrypt`` (four of the five trustees, at once)
result                     ``plebiscite authority result``
record                     the board operator's export to ``DIR/record``
verify                     ``plebiscite verify DIR/record --heads DIR/receipts.jsonl``
                           (in a process of its own, :mod:`.verifying`)
=========================  ========================================================

The board is the board operator's one writer over ``board.sqlite`` with the voting acceptance
rules (:func:`plebiscite.board.acceptance.voting_board`); its clock is
:class:`~plebiscite.demo.clock.SimulatedClock`, set to one day before the window for the setup
and then moved voter by voter through the five days. Voters read their credential from their
printed sheet (``DIR/sheets/<district>.html``, parsed as a voter's scanner would); the
demonstration plays the voters and the credential authority, but the credentials pass only
through the sheets. Every receipt is checked against the board key and kept in
``DIR/receipts.jsonl`` for the verifier, in a process of the voters' own (:mod:`.receipts`), and
the voters' behaviour is drawn in their devices' processes (:class:`~.scenario.Plan`).

Memory: the credential authority issues in a process of its own (:mod:`.issuing`: the sheets
and the signed roll file), and this process posts the roll from the file line by line, so that a
million voters' credentials and keys never pass through its heap; voters stream from the plan
and the sheets, at most a bounded number of visits are in
flight, the receipts go straight to disk, the revotes waiting for their time keep their encrypted
ballots in an unnamed temporary file; the counts kept aside are a few integers per district.
The counting parties' processes read the board's store a chunk at a time and keep their
checker's state (which moves to files on disk above its threshold), never the chain. Once the
result is posted the board's writer goes (its acceptance rules' state with the roll's keys, its
verifier's process) and the record is exported from the store alone, a bounded text at a time; it is
verified in a process of its own (:mod:`.verifying`), as a user runs ``plebiscite verify``: its
working set never sits on top of what this process holds.

Counting: the authority and the four trustees follow the board while it is open
(:class:`~plebiscite.tally.count.BoardFollower`), so close, tally, decryption and result check
only the few entries added since. Each follows on its own in a process of its own from the open
(:mod:`.followers`), as on its own machine, at a lower priority (never asked, never waited for
while voting is open). The authority's close, tally and result are checked and signed in its
process (:mod:`.authority_follower`), the trustees decrypt in theirs at once
(:mod:`.trustees`); this process posts what they signed, in order, at the simulated times of a
sequential run. The board operator checks each batch's ballots in a verifier process of its own
(:class:`~plebiscite.board.prechecks.VerifierPool`), and the followers check 512 ballots per
batch of proof equations.

The run stays one module (a little over 600 lines) so that its steps read in the order a
deployment runs them; what came out is :mod:`.outcome`, the board and its poster :mod:`.board`.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import resource
import secrets
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from heapq import heappop, heappush
from pathlib import Path
from typing import Final

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from plebiscite.authority.counting import open_voting, post_signed
from plebiscite.board.export import export_record
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.client import named_head
from plebiscite.ceremony.authority import post_election_key
from plebiscite.ceremony.trustee import TrusteeSession
from plebiscite.credentials.issue import post_roll_file
from plebiscite.credentials.sheets import read_credentials, sheet_path
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import SigningKey
from plebiscite.demo.authority_follower import AuthorityFollower
from plebiscite.demo.board import DemoBoard, Poster, attack, break_point
from plebiscite.demo.clock import SimulatedClock, format_time
from plebiscite.demo.followers import FOLLOWER_BATCH
from plebiscite.demo.issuing import issue_apart
from plebiscite.demo.outcome import DayTurnout, DemoOutcome, Expected, StepTime
from plebiscite.demo.receipts import ReceiptKeeper
from plebiscite.demo.scenario import (
    ABSENT_TRUSTEE,
    DAY_US,
    DAY_WEIGHTS,
    DISTRICTS,
    HOUR_US,
    TRUSTEES,
    Plan,
    Scenario,
    Voter,
)
from plebiscite.demo.trustees import TrusteeFollowers
from plebiscite.demo.verifying import verify_apart
from plebiscite.demo.voters import (
    Job,
    Unsigned,
    Visit,
    forge_ballot,
    init_worker,
    prepare_visit,
)
from plebiscite.election.setup import (
    create_election,
    init_authority,
    init_board,
    init_credential_authority,
    init_trustee,
)
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.authoring import definition_from_toml
from plebiscite.model.ballot import EncryptedBallot
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.record import RecordReader
from plebiscite.model.tally import (
    CLOSE_KIND,
    RESULT_KIND,
    Close,
    Received,
    Result,
    sign,
)
from plebiscite.state.files import write_new
from plebiscite.state.party import Party
from plebiscite.tally.decrypt import post_decryption
from plebiscite.tally.mix import trustee_mix

__all__ = ["PASSPHRASE_FILE", "new_party", "play", "trustee_maker"]

PASSPHRASE_FILE: Final = "passphrase"  # noqa: S105 - a file name
_AHEAD: Final = 64  # voters' visits being prepared by the devices
_MINUTE: Final = 60 * 1_000_000
#: the board operator's verifier processes (the ballots' proofs and signatures of each batch)
_BOARD_VERIFIERS: Final = 1


# ------------------------------------------------------------------------------ helpers


def new_party(parties: Path, name: str, make: Callable[[Path, str], Party]) -> tuple[Party, str]:
    """A new party directory under ``parties`` with its passphrase file (mode 0600)."""
    directory = parties / name
    directory.mkdir(parents=True)
    passphrase = secrets.token_urlsafe(24)
    write_new(directory / PASSPHRASE_FILE, (passphrase + "\n").encode("utf-8"), 0o600)
    return make(directory, passphrase), passphrase


def trustee_maker(trustee_id: str) -> Callable[[Path, str], Party]:
    """Make trustee ``trustee_id``'s party (for :func:`new_party`)."""

    def make(directory: Path, passphrase: str) -> Party:
        return init_trustee(directory, trustee_id, passphrase)

    return make


class _Progress:
    """Progress bars on the standard error of a terminal; nothing on a pipe or in the log
    (the bars have their own console, so a recording console never holds them)."""

    def __init__(self) -> None:
        self.console = Console(stderr=True)

    @contextmanager
    def bar(self, description: str, total: int | None) -> Iterator[Callable[..., None]]:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        ) as progress:
            task = progress.add_task(description, total=total)

            def update(advance: int = 1, description: str | None = None) -> None:
                if description is not None:
                    progress.update(task, description=description)
                progress.advance(task, advance)

            yield update


# ------------------------------------------------------------------------------ the run


class _Run:
    """One run of the demonstration; :func:`play` drives it step by step."""

    def __init__(self, scenario: Scenario, out: Path, console: Console, workers: int) -> None:
        self.scenario = scenario
        self.out = out
        self.console = console
        self.workers = workers
        self.bars = _Progress()
        self.outcome = DemoOutcome(out, scenario)
        self.parties = out / "parties"
        self.sheets = out / "sheets"
        self.record = out / "record"
        self.receipts_file = out / "receipts.jsonl"
        self.definition_file = out / "referendum.toml"
        self.clock = SimulatedClock(0)
        self.trustees: list[tuple[Party, str]] = []
        self.board: DemoBoard | None = None
        # the authority, following the board in a process of its own from the open (close, tally
        # and result then check only what was added since, there)
        self.authority_follower: AuthorityFollower | None = None
        self.authority_key: SigningKey | None = None
        self.definition: Definition | None = None
        self.open_index = 0
        self.late: Unsigned | None = None
        # the trustees who decrypt, each following the board in a process of its own from the open
        self.trustee_followers: TrusteeFollowers | None = None

    # -- bookkeeping ----------------------------------------------------------------------------

    @contextmanager
    def step(self, name: str, command: str) -> Iterator[list[str]]:
        self.console.print(f"[bold]{name}[/bold]  [dim]≙ {command}[/dim]", highlight=False)
        detail: list[str] = []
        started = time.perf_counter()
        yield detail
        seconds = time.perf_counter() - started
        _trim()
        resident = _resident()
        peak = max(_peak_rss()[0], resident)  # the kernel's high-water mark may lag behind
        self.outcome.steps.append(StepTime(name, seconds, "; ".join(detail), peak, resident))
        if detail:
            self.console.print(f"  {'; '.join(detail)}  [dim]({seconds:.1f} s)[/dim]")

    def client(self) -> DemoBoard:
        assert self.board is not None
        return self.board

    def authority(self) -> SigningKey:
        assert self.authority_key is not None
        return self.authority_key

    def defined(self) -> Definition:
        assert self.definition is not None
        return self.definition

    def _length(self) -> int:
        """How many entries the board holds now (a counting step's progress total)."""
        return self.client().store.count()

    def present(self) -> list[tuple[Party, str]]:
        """The trustees who decrypt (all but the absent one)."""
        return [(p, s) for p, s in self.trustees if p.info["trustee_id"] != ABSENT_TRUSTEE]

    def counting_authority(self) -> AuthorityFollower:
        assert self.authority_follower is not None
        return self.authority_follower

    def release(self) -> None:
        """Stop the authority's and the trustees' processes and close the board."""
        for followers in (self.authority_follower, self.trustee_followers):
            if followers is not None:
                followers.close()
        if self.board is not None:
            self.board.close()

    # -- setup ----------------------------------------------------------------------------------

    def setup_parties(self) -> None:
        with self.step("parties", "plebiscite board|authority|trustee|credentials init") as d:
            self.out.mkdir(parents=True, exist_ok=True)
            if any(self.out.iterdir()):
                raise InputError(f"{self.out}: the output directory must be new or empty")
            with self.bars.bar("creating the parties' keys", 3 + len(TRUSTEES)) as advance:
                board, board_pass = new_party(self.parties, "board", init_board)
                advance()
                self.authority_party, self.authority_pass = new_party(
                    self.parties, "authority", init_authority
                )
                advance()
                self.ca_party, self.ca_pass = new_party(
                    self.parties, "credential-authority", init_credential_authority
                )
                advance()
                for trustee_id, _ in TRUSTEES:
                    self.trustees.append(
                        new_party(
                            self.parties,
                            f"trustee-{trustee_id}",
                            trustee_maker(trustee_id),
                        )
                    )
                    advance()
                self.authority_key = self.authority_party.signing_key(self.authority_pass)
                opens = definition_from_toml(
                    self.scenario.definition_text([t.fingerprint for t, _ in self.trustees]),
                    "demo",
                ).window.opens_us
                self.clock = SimulatedClock(opens - DAY_US)
                self.board = DemoBoard(
                    board, board.signing_key(board_pass), self.clock, verifiers=_BOARD_VERIFIERS
                )
            d.append(
                f"{3 + len(TRUSTEES)} state directories under {self.parties}, each with its "
                "passphrase file (a real deployment keeps passphrases elsewhere)"
            )

    def create(self) -> None:
        with self.step("manifest", "plebiscite election create") as d:
            text = self.scenario.definition_text([t.fingerprint for t, _ in self.trustees])
            self.definition_file.write_text(text, encoding="utf-8")
            created = create_election(
                self.definition_file,
                self.client(),
                self.client().party,
                self.authority_party,
                self.authority(),
                credential_authority=self.ca_party,
            )
            self.definition = created.definition
            self.outcome.definition = created.definition
            self.outcome.warnings.extend(created.definition.warnings())
            d.append(
                f"election {created.election_id.hex()}, manifest entry "
                f"{created.appended.entry.index}, definition in {self.definition_file}"
            )

    def ceremony(self) -> None:
        with self.step(
            "key ceremony", "plebiscite ceremony commit|reveal|shares|complain|key|liveness"
        ) as d:
            client = self.client()
            rounds = ("commit", "reveal", "shares", "complain", "answer")
            with self.bars.bar("key ceremony", len(TRUSTEES) * (len(rounds) + 2) + 1) as advance:
                sessions = []
                for party, passphrase in self.trustees:
                    sessions.append(TrusteeSession(party, passphrase, client))
                    advance()
                for name in rounds:
                    for session in sessions:
                        getattr(session, name)()
                        advance()
                result, _ = post_election_key(client, self.authority())
                advance()
                for session in sessions:
                    session.liveness()
                    advance()
            complaints = len(result.complaints)
            d.append(
                f"QUAL {list(result.qualified)} of {len(TRUSTEES)}, k = 3, {complaints} "
                "complaint(s), liveness drill passed by every trustee"
            )

    def credentials(self) -> None:
        with self.step("credentials", "plebiscite credentials issue --sheets DIR/sheets") as d:
            definition = self.defined()
            total = definition.total_registered
            started = time.perf_counter()
            with self.bars.bar("credentials (scrypt)", total) as advance:
                done: dict[str, int] = {}

                def progress(district: str, count: int, registered: int) -> None:
                    advance(count - done.get(district, 0), f"credentials: {district}")
                    done[district] = count

                # the credential authority issues in a process of its own (the sheets and the
                # signed roll file); this process posts the roll from the file, line by line
                roll_file = self.ca_party.directory / "roll.jsonl"
                issue_apart(
                    definition,
                    self.sheets,
                    roll_file,
                    self.ca_party.directory,
                    self.ca_pass,
                    workers=self.workers,
                    progress=progress,
                )
            rate = total / max(time.perf_counter() - started, 1e-9)
            posted = post_roll_file(self.client().post, roll_file)
            roll_file.unlink()  # the board holds the roll now
            d.append(
                f"{total} credentials, keys derived at {rate:.0f}/s ({_kdf_name(definition)}); "
                f"sheets in {self.sheets}; roll entries "
                f"{posted.chunks[0]}-{posted.chunks[-1]}, final {posted.final}"
            )

    def open(self) -> None:
        with self.step("open", "plebiscite authority open") as d:
            self.clock.set(self.defined().window.opens_us)
            step = open_voting(self.client(), self.authority())
            self.open_index = step.index
            self.authority_follower = AuthorityFollower(
                self.client().path, (self.authority_party, self.authority_pass)
            )
            # every reader of the voting's entries is another process from now on: the store
            # keeps none of the entries it writes for a read in this one
            self.client().store.keep_written = 0
            self.trustee_followers = TrusteeFollowers(self.client().path, self.present())
            d.append(
                f"open entry {step.index} at {format_time(self.clock.now)}; "
                f"the authority and {len(self.present())} trustees follow the board from now on"
            )

    # -- voting ---------------------------------------------------------------------------------

    def vote(self) -> None:
        definition = self.defined()
        window = definition.window
        self.outcome.days = [
            DayTurnout(day, format_time(window.opens_us + day * DAY_US)[:10])
            for day in range(len(DAY_WEIGHTS))
        ]
        self.outcome.expected = {
            d.id: Expected(d.registered, [0] * len(definition.questions[0].options))
            for d in definition.districts
        }
        with self.step("voting", "plebiscite vote --board … --choice proposal=…") as d:
            context = multiprocessing.get_context("spawn")
            with (
                ProcessPoolExecutor(
                    self.workers,
                    mp_context=context,
                    initializer=init_worker,
                    initargs=(str(self.client().path), self.open_index + 1, os.getpid()),
                ) as pool,
                ReceiptKeeper(self.receipts_file, self.client().public_key) as receipts,
            ):
                poster = Poster(self.client(), receipts, self.outcome, window.opens_us)
                voting = _Voting(self, pool, poster)
                try:
                    voting.run()
                finally:
                    voting.close()
                poster.finish()
                self.late = voting.late
            counted = sum(e.counted for e in self.outcome.expected.values())
            d.append(
                f"{counted} voters cast ballots over {len(DAY_WEIGHTS)} days, "
                f"{poster.accepted} entries accepted, every receipt checked"
            )

    # -- counting -------------------------------------------------------------------------------

    def close(self) -> None:
        with self.step("close", "plebiscite authority close") as d:
            definition = self.defined()
            window = definition.window
            body: JSONObject | None = None
            if self.clock.now < window.closes_us:  # the authority alone tries to end it early
                received = tuple(Received(x.id, 0, 0) for x in definition.districts)
                early = Close(True, received).to_body()
                assert definition.election_id is not None
                body = sign(self.authority(), definition.election_id, CLOSE_KIND, early)
            self.outcome.attacks.append(attack(self.client(), "early_close", body, CLOSE_KIND))
            self.clock.set(window.closes_us + 5 * _MINUTE)
            authority = self.counting_authority()
            length = self._length()
            with self.bars.bar("close: the authority checks up to the board's head", None) as bar:
                self.outcome.authority_followed = authority.checked()[0]
                signed = authority.close_voting(bar, length, self.clock.now)
            step = post_signed(self.client(), signed)
            d.append(
                f"close entry {step.index} at {format_time(self.clock.now)}; the authority "
                f"followed the board from the open in its own process "
                f"({self.outcome.authority_followed:,} entries)"
            )
            self.clock.advance(_MINUTE)
            late = None
            if self.late is not None:
                head = named_head(self.client().head(), None)
                late = self.late.sign(get_group(self.scenario.group), head)
            self.outcome.attacks.append(attack(self.client(), "after_close", late))

    def tally(self) -> None:
        with self.step("tally", "plebiscite authority tally") as d:
            self.clock.advance(30 * _MINUTE)
            with self.bars.bar("tally: counting the new entries", None) as advance:
                signed = self.counting_authority().tally(advance, self._length())
            step = post_signed(self.client(), signed)
            d.append(f"encrypted tally entry {step.index}")

    def mix(self) -> None:
        """k trustees in turn shuffle every district's counted ballots (spec §15.7); the record's
        verification at the end checks their proofs (V11)."""
        k = self.defined().trustees.k
        with self.step("mixing", f"plebiscite trustee mix ({k} trustees in turn)") as d:
            present = self.present()
            mixed: list[str] = []
            lists = 0
            for number, (party, passphrase) in enumerate(present[:k], start=1):
                self.clock.advance(HOUR_US)
                label = f"mixing: trustee {number} of {k}"
                with self.bars.bar(label, None) as advance:

                    def progress(
                        stage: str, n: int, bar: Callable[..., None] = advance, name: str = label
                    ) -> None:
                        bar(n, f"{name}: {stage}")

                    done = trustee_mix(self.client(), party, passphrase, progress=progress)
                lists = sum(1 for m in done if m.mix_index is not None)
                mixed.append(str(party.info["trustee_id"]))
            d.append(f"the counted ballots of {lists} district(s) shuffled by {', '.join(mixed)}")

    def decrypt(self) -> None:
        with self.step("decryption", "plebiscite trustee decrypt (4 of 5 trustees)") as d:
            present = self.present()
            followers = self.trustee_followers
            assert followers is not None
            checked = followers.checked()
            new = [self._length() - c for c in checked]
            label = f"decryption: {len(present)} trustees checking the new entries at once"
            with self.bars.bar(label, sum(new)) as advance:
                prepared = followers.prepare(advance)
            self.outcome.trustees_followed = checked
            self.outcome.trustees_checked_after = new
            followers.close()
            self.trustee_followers = None
            posted = []
            for (party, _), mine in zip(present, prepared, strict=True):
                self.clock.advance(2 * HOUR_US)
                done = post_decryption(self.client(), mine)
                posted.append(f"{party.info['trustee_id']} (#{done.trustee})")
            d.append(
                f"partial decryptions by {', '.join(posted)}; {ABSENT_TRUSTEE} is absent; the "
                f"trustees followed {min(checked):,} entries while voting was open and checked "
                f"at most {max(new):,} after"
            )

    def result(self) -> None:
        with self.step("result", "plebiscite authority result") as d:
            self.clock.advance(HOUR_US)
            with self.bars.bar("result: counting the new entries", None) as advance:
                signed, result = self.counting_authority().result(advance, self._length())
            self._inflated_result(result)
            step = post_signed(self.client(), signed)
            self.outcome.result = result
            self.counting_authority().close()  # its work is done: its process and files go
            self.authority_follower = None
            d.append(
                f"result entry {step.index} from trustees {list(result.trustees)}; "
                f"turnout {result.total.turnout_ppm / 10_000:.2f} %"
            )

    def _inflated_result(self, result: Result) -> None:
        """The authority signs a result claiming one more challenge in the first district (and
        the total) than the board holds: the board refuses it (V9.2)."""
        body = result.to_body()
        for part in (body["districts"][0], body["total"]):  # type: ignore[index]
            assert isinstance(part, dict) and isinstance(part["challenged"], int)
            part["challenged"] += 1
        election_id = self.defined().election_id
        assert election_id is not None
        signed = sign(self.authority(), election_id, RESULT_KIND, body)
        self.outcome.attacks.append(
            attack(self.client(), "inflated_challenged", signed, RESULT_KIND)
        )

    def export(self) -> None:
        with self.step("record", "the board's export to DIR/record") as d:
            # every entry is posted: the board's writer goes first (its acceptance rules' state,
            # the roll's keys among it, and its verifier's process), then the board operator
            # exports from the store alone
            board = self.client()
            board.close()
            gc.collect()  # the writer's objects hold reference cycles
            store = SQLiteStore(board.path)
            try:
                with self.bars.bar("writing the record", store.count()) as advance:

                    def written(stage: str, n: int, _total: int | None) -> None:
                        if stage == "entries":  # the bar counts entries; heads follow quickly
                            advance(n)

                    report = export_record(store, self.record, progress=written)
            finally:
                store.close()
            d.append(
                f"{report.entries} entries, {report.entry_bytes / 1e6:.1f} MB "
                f"({'gzip' if report.compressed else 'plain'}), "
                f"{report.bytes_per_entry:,.0f} bytes per entry, in {self.record}"
            )

    def verify(self) -> None:
        with self.step("verify", "plebiscite verify DIR/record --heads DIR/receipts.jsonl") as d:
            total = RecordReader(self.record).entry_count
            with self.bars.bar("verifying the record", total) as advance:
                report = verify_apart(
                    self.record,
                    [self.receipts_file],
                    progress=advance,
                    workers=self.workers,
                    batch_size=FOLLOWER_BATCH,
                )
            self.outcome.report = report
            verdict = "every check passed" if report.ok else f"{len(report.failures)} failure(s)"
            d.append(f"{report.entries} entries and {self.outcome.receipts} receipts: {verdict}")


@dataclass(order=True, slots=True)
class _Revote:
    """A revote waiting for its time (up to 30 hours of board time): at a million voters some
    14,000 wait at once. Its encrypted ballot waits in the :class:`_Spool` (about 1.5 KB each);
    memory keeps where it is, the device's key to sign it and its tracking hash (about 0.3 KB)."""

    at: int
    sequence: int
    place: tuple[int, int] = field(compare=False)
    secret: bytes = field(compare=False, repr=False)
    tracking: str = field(compare=False)
    replay: JSONObject | None = field(compare=False, default=None)


class _Spool:
    """Encrypted ballots waiting to be posted, pickled into an unnamed temporary file in the
    demonstration's directory (gone when closed, or when the process ends): what waits costs
    disk, not memory. Only the encrypted ballot goes there (what the board will publish); the
    key that signs it stays in memory."""

    def __init__(self, directory: Path) -> None:
        self._file = tempfile.TemporaryFile(dir=directory)
        self._end = 0

    def put(self, encrypted: EncryptedBallot) -> tuple[int, int]:
        """Keep ``encrypted``; where it is (offset, length)."""
        data = pickle.dumps(encrypted)
        self._file.seek(self._end)
        self._file.write(data)
        place = (self._end, len(data))
        self._end += len(data)
        return place

    def get(self, place: tuple[int, int]) -> EncryptedBallot:
        offset, length = place
        self._file.seek(offset)
        value = pickle.loads(self._file.read(length))  # noqa: S301 - written by put, unlinked
        assert isinstance(value, EncryptedBallot)
        return value

    def close(self) -> None:
        self._file.close()


class _Voting:
    """The five days: visits prepared by the devices, posted in arrival order."""

    def __init__(self, run: _Run, pool: ProcessPoolExecutor, poster: Poster) -> None:
        self.run_ = run
        self.pool = pool
        self.poster = poster
        self.clock = run.clock
        self.late: Unsigned | None = None
        self._late: Job | None = None  # a voter who comes only after closing
        self._withheld: tuple[int, JSONObject] | None = None  # signed at (time), kept by a coercer
        self._group = get_group(run.scenario.group)
        self._settled_at = self.clock.now
        self._revotes: list[_Revote] = []
        self._spool = _Spool(run.out)
        self._sequence = 0
        self._targets: set[str] = set()
        self._posted_challenge: JSONObject | None = None  # the first one, for a copy

    def _job(self, voter: Voter, sequence: int, credential: str) -> Job:
        wants = {
            "withheld": "withheld" not in self._targets,
            "wrong_district": "wrong_district" not in self._targets,
            "cast_challenged": voter.challenges and "cast_challenged" not in self._targets,
        }
        for name, wanted in wants.items():
            if wanted:
                self._targets.add(name)
        return Job(
            sequence,
            credential,
            voter.first,
            voter.final,
            challenges=voter.challenges,
            revotes=voter.revotes,
            wrong_district=wants["wrong_district"],
            cast_challenged=wants["cast_challenged"],
            withheld=wants["withheld"],
        )

    def _visits(self, voters: Plan) -> Iterator[tuple[Voter, Visit]]:
        run = self.run_
        readers = [read_credentials(sheet_path(run.sheets, d.id)) for d in run.defined().districts]
        pending: deque[tuple[Voter, Future[Visit]]] = deque()
        for sequence, voter in enumerate(voters):
            credential = next(readers[voter.district])
            if voter.votes:
                job = self._job(voter, sequence, credential)
                pending.append((voter, self.pool.submit(prepare_visit, job)))
            elif self._late is None:  # she will come after closing
                self._late = Job(sequence, credential, voter.final, voter.final)
            while len(pending) > _AHEAD:
                voter, future = pending.popleft()
                yield voter, future.result()
        while pending:
            voter, future = pending.popleft()
            yield voter, future.result()

    def _move_clock(self, time_us: int) -> None:
        """Move the board's clock to ``time_us``. The board appends what it was given on its own
        writer thread, at the clock's time then, so the entries already submitted are appended
        first when the clock crosses midnight (so that the day-by-day figures are the same for
        the same seed) and before it runs a third of max_ballot_age ahead of the last time
        everything was appended (so that no voter's ballot is appended long after the head it
        names was replaced: that would be stale, spec §11.4)."""
        definition = self.run_.defined()
        opens = definition.window.opens_us
        crosses_midnight = (time_us - opens) // DAY_US != (self.clock.now - opens) // DAY_US
        gap = definition.max_ballot_age * 1_000_000 // 3
        if crosses_midnight or time_us - self._settled_at > gap:
            self.poster.settle()
            self._settled_at = time_us
        self.clock.set(time_us)

    def _revotes_until(self, until: int) -> None:
        while self._revotes and self._revotes[0].at <= until:
            revote = heappop(self._revotes)
            self._move_clock(revote.at)
            ballot = Unsigned(self._spool.get(revote.place), revote.secret)
            self.poster.submit("ballot", self.sign(ballot), "revote", revote.tracking)
            if revote.replay is not None:
                self.poster.settle()
                self.clock.advance(_MINUTE)
                self.run_.outcome.attacks.append(attack(self.poster.board, "replay", revote.replay))

    def run(self) -> None:
        run = self.run_
        outcome = run.outcome
        definition = run.defined()
        registered = definition.total_registered
        window = definition.window
        voters = Plan(run.scenario, window.opens_us, window.closes_us, mapper=self.pool.map)
        turnout = voters.turnout
        forged = self.pool.submit(forge_ballot, definition.districts[0].id, 0)
        halfway = turnout // 2
        today = 1
        with run.bars.bar(f"voting ({registered} registered)", turnout) as advance:
            for number, (voter, visit) in enumerate(self._visits(voters)):
                self._revotes_until(voter.arrival_us)
                self._move_clock(voter.arrival_us)
                self._post_visit(voter, visit)
                if number == halfway:
                    self.poster.settle()
                    outcome.attacks.append(
                        attack(self.poster.board, "no_credential", self.sign(forged.result()))
                    )
                day = min((voter.arrival_us - definition.window.opens_us) // DAY_US + 1, 5)
                if day != today:  # the day's entries appended before the next day's
                    self.poster.settle()
                    today = day
                advance(1, f"voting: day {day} of 5, {format_time(self.clock.now)[:16]}")
            self._revotes_until(definition.window.closes_us)
            self.poster.settle()
        self._post_withheld()
        self._late_visit()

    def close(self) -> None:
        """Drop the revotes' spool (every revote is posted by the end of :meth:`run`)."""
        self._spool.close()

    def sign(self, ballot: Unsigned) -> JSONObject:
        """The device's last step: sign naming the board's latest signed head (spec §11.4)."""
        return ballot.sign(self._group, named_head(self.poster.board.head(), None))

    def _post_withheld(self) -> None:
        """The coercer posts the ballot he made a voter sign at her visit, more than the
        manifest's ``max_ballot_age`` after her own ballot replaced the head it names (voting
        still open): the board refuses it as
        stale, so it cannot supersede the ballot she cast alone."""
        body = None
        if self._withheld is not None:
            signed_at, body = self._withheld
            definition = self.run_.defined()
            late = signed_at + (definition.max_ballot_age + 60) * 1_000_000
            if late >= definition.window.closes_us:
                body = None  # the window is too short to show it
            else:
                self.clock.set(late)
        self.poster.settle()
        self.run_.outcome.attacks.append(attack(self.poster.board, "withheld", body))

    def _late_visit(self) -> None:
        """The voter who comes after closing prepares her ballot now; as a vote buyer, her
        device also re-proves the first challenge posted (another voter's, opened) under her
        credential, posted while voting is still open: the board refuses the copy."""
        copy = None
        if self._late is not None:
            job = replace(self._late, copy_of=self._posted_challenge)
            visit = self.pool.submit(prepare_visit, job).result()
            self.late = visit.ballot
            copied = visit.attacks.get("copied_challenge")
            copy = None if copied is None else self.sign(copied)
        self.poster.settle()
        self.run_.outcome.attacks.append(attack(self.poster.board, "copied_challenge", copy))
        # a challenge names nobody, so the board could post one it made up: counted, and visible
        # as an entry like any other (spec §11.6); posting a voter's again to count it twice is
        # a replay
        again = self._posted_challenge
        self.run_.outcome.attacks.append(
            attack(self.poster.board, "invented_challenge", again, "challenge")
        )

    def _post_visit(self, voter: Voter, visit: Visit) -> None:
        poster = self.poster
        kept = self.run_.outcome.expected[visit.district]
        if visit.district != DISTRICTS[voter.district].id:
            self.run_.outcome.problems.append(
                f"voter {visit.voter}: her device found district {visit.district}, her sheet "
                f"says {DISTRICTS[voter.district].id}"
            )
        if visit.challenge is not None:
            assert visit.challenge_tracking is not None
            poster.submit("challenge", visit.challenge, "challenge", visit.challenge_tracking)
            kept.challenged += 1
            if self._posted_challenge is None:
                self._posted_challenge = visit.challenge
        for name in ("cast_challenged", "wrong_district"):
            if name in visit.attacks:
                poster.settle()
                self.clock.advance(1_000_000)
                body = self.sign(visit.attacks[name])
                self.run_.outcome.attacks.append(attack(poster.board, name, body))
        if visit.withheld is not None:  # signed now, in front of the coercer, and kept by him
            poster.settle()
            self._withheld = (self.clock.now, self.sign(visit.withheld))
        ballot = self.sign(visit.ballot)
        poster.submit("ballot", ballot, "ballot", visit.tracking)
        kept.counted += 1
        kept.counts[voter.final] += 1
        if not any(a.attack.name == "malformed" for a in self.run_.outcome.attacks):
            poster.settle()
            self.clock.advance(1_000_000)
            broken = break_point(ballot, self.run_.scenario.group)
            self.run_.outcome.attacks.append(attack(poster.board, "malformed", broken))
        if visit.revote is not None:
            assert visit.revote_tracking is not None
            kept.superseded += 1
            replay = None
            if "replay" not in self._targets:
                self._targets.add("replay")
                replay = ballot
            self._sequence += 1
            heappush(
                self._revotes,
                _Revote(
                    voter.revote_us,
                    self._sequence,
                    self._spool.put(visit.revote.encrypted),
                    visit.revote.secret,
                    visit.revote_tracking,
                    replay,
                ),
            )


def _trim() -> None:
    """Give the free pages of the heap back to the system (glibc's ``malloc_trim``; nothing
    elsewhere). A step frees large buffers (a checker taking the roll: its sorted arrays merged,
    its dictionary of the latest keys), and glibc keeps their pages resident once its mmap
    threshold has moved above their size."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _resident() -> float:
    """This process's resident memory now, in MB (Linux's /proc/self/statm; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * resource.getpagesize() / 1024 / 1024


def _peak_rss() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def play(
    scenario: Scenario, out: Path, console: Console, *, workers: int | None = None
) -> DemoOutcome:
    """Play the referendum into ``out`` (new or empty) and verify its record (module docstring).

    Failures of the run itself are collected in :attr:`DemoOutcome.problems`; the caller
    decides the exit status from :attr:`DemoOutcome.ok`.
    """
    count = max(1, workers if workers is not None else (multiprocessing.cpu_count() or 1))
    run = _Run(scenario, out, console, count)
    try:
        run.setup_parties()
        run.create()
        for warning in run.outcome.warnings:
            console.print(f"[bold yellow]{warning}[/bold yellow]", highlight=False)
        run.ceremony()
        run.credentials()
        run.open()
        run.vote()
        run.close()
        run.tally()
        if scenario.mix:
            run.mix()
        run.decrypt()
        run.result()
        run.export()
        run.verify()
    except PlebisciteError as exc:
        run.outcome.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        run.release()
    run.outcome.peak_rss_mb, run.outcome.peak_worker_rss_mb = _peak_rss()
    return run.outcome


def _kdf_name(definition: Definition) -> str:
    kdf = definition.kdf
    return kdf.algorithm if kdf.n is None else f"{kdf.algorithm} n = {kdf.n}"
