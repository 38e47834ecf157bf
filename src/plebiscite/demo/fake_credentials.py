"""``plebiscite demo --coercion fake-credentials``: the mode of docs/spec.md §16 played on a real
board (the embedded SQLite board of the board operator, as the revote demonstration's), then
verified.

Every party has its state directory under ``OUT/parties/`` and runs the library functions behind
its commands: ``election create``, the key ceremony, each registrar's ``credentials issue
--voters`` (sheet files under ``OUT/sheets-r<j>/``) and the credential authority's ``credentials
final``; each voter checks her sheets (``credentials check SHEET``). Coerced voters each make a
fake sheet per registrar (``credentials fake``) and hand them over; the coercer checks them, casts
``yes`` with them (``vote --sheet``; accepted, and he finds his ballot on the board by its
tracking hash). Every voter then casts with her real sheets, some twice. After ``authority
close``, the trustees' ``trustee tag`` and ``trustee mix`` and the authority's ``authority tag``
in turn until nothing is due (tags, duplicates, mix of the kept ballots, equality tests), then
``authority tally``, ``trustee decrypt`` (k of n) and ``authority result`` (§12.2 included), the
export to ``OUT/record`` and ``plebiscite verify`` over it (every check, V1–V14).

The trustees and the authority each follow the board from the open in their own checker state (a
:class:`~plebiscite.tally.count.BoardFollower`, as the revote demonstration's trustees do): each
command of theirs checks only the entries added since that party's last, instead of the whole
board again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from plebiscite.authority.counting import close_voting, open_voting, post_result, post_tally
from plebiscite.board.export import export_record
from plebiscite.booth.client import Decision, Posted
from plebiscite.booth.coercion import cast_with_sheets, read_sheets
from plebiscite.booth.election import BoothElection, read_election
from plebiscite.ceremony.authority import post_election_key
from plebiscite.ceremony.trustee import TrusteeSession
from plebiscite.credentials.registrars import (
    Election,
    SheetBoard,
    check_sheet_file,
    close_roll,
    fake_sheet_file,
    issue_registrar,
    sheet_file_path,
)
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.demo.board import DemoBoard
from plebiscite.demo.clock import SimulatedClock
from plebiscite.demo.outcome import StepTime
from plebiscite.demo.play import new_party, trustee_maker
from plebiscite.election.setup import (
    create_election,
    init_authority,
    init_board,
    init_credential_authority,
)
from plebiscite.errors import InputError, ParameterError, PlebisciteError
from plebiscite.model.authoring import definition_from_toml
from plebiscite.model.ballot.content import format_tracking
from plebiscite.model.coercion.codec import credential_ballot_tracking, decode_credential_ballot
from plebiscite.model.definition import Definition
from plebiscite.model.tally import Result
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.state.party import Party
from plebiscite.tally.coercion_steps import authority_steps, trustee_steps
from plebiscite.tally.count import BoardFollower
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.mix import trustee_mix
from plebiscite.verify.command import verify_record

__all__ = ["DEFAULT_VOTERS", "FakeCredentialsDemo", "ModeRun", "narrative", "play_fake_credentials"]

#: the mode's demonstration's default number of voters (one district)
DEFAULT_VOTERS: Final = 200
DISTRICT: Final = "north"
REGISTRARS: Final = ("r1", "r2")
TRUSTEES: Final = ("t1", "t2", "t3")
THRESHOLD: Final = 2
ANONYMITY: Final = 8
_MINUTE: Final = 60 * 1_000_000
_DAY: Final = 24 * 60 * _MINUTE
_YES, _NO = [[1, 0]], [[0, 1]]


@dataclass
class FakeCredentialsDemo:
    """What the demonstration did and saw."""

    voters: int
    out: Path
    coerced: list[int] = field(default_factory=list)
    revoted: list[int] = field(default_factory=list)
    coercer_entries: list[int] = field(default_factory=list)  #: his ballots' board indices
    coercer_found: int = 0  #: of his ballots, found on the board by their tracking hash
    sheets_checked: int = 0
    kept_aside: tuple[int, int] = (0, 0)  #: yes, no: real votes only, each voter's last
    steps: list[StepTime] = field(default_factory=list)
    result: Result | None = None
    report: Report | None = None
    counting: dict[str, int] = field(default_factory=dict)  #: the tally's entries per kind
    problems: list[str] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int] | None:
        """The posted result's yes and no, or None before the result."""
        if self.result is None:
            return None
        (district_counts,) = [f.counts[0] for _, f in self.result.districts]
        return district_counts[0], district_counts[1]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and self.report is not None
            and self.report.ok
            and self.counts == self.kept_aside
            and self.coercer_found == len(self.coerced)
        )


def _span(indices: list[int]) -> str:
    return f"{indices[0]}–{indices[-1]}" if indices else "none"


class _Booth:
    """The booth's questions answered as a voter who casts does; keeps what it was shown."""

    def __init__(self) -> None:
        self.tracking = ""
        self.posted: Posted | None = None

    def show_tracking(self, tracking: str) -> None:
        self.tracking = tracking

    def decide(self) -> Decision:
        return "cast"

    def challenged(self, posted: Posted) -> None:
        raise AssertionError("this booth never challenges")  # pragma: no cover

    def cast(self, posted: Posted) -> None:
        self.posted = posted


def _definition_text(voters: int, registrars: list[Party], trustees: list[Party]) -> str:
    lines = [
        "# The referendum that `plebiscite demo --coercion fake-credentials` plays.",
        'title = { en = "Referendum with fake credentials", uk = "Референдум із фальшивими '
        'обліковими даними", ru = "Референдум с фальшивыми учётными данными" }',
        'group = "secp256k1"',
        'coercion = "fake-credentials"',
        f"anonymity = {ANONYMITY}",
        *(  # the §12.2 rule: a district as small as the demonstration's is accepted knowingly
            ["min_district_size = 100"]
            if voters >= 100
            else ["min_district_size = 4", "allow_small_districts = true"]
        ),
        "",
        "[[questions]]",
        'id = "proposal"',
        'text = { en = "Do you approve the proposal?", uk = "Чи схвалюєте ви пропозицію?", '
        'ru = "Одобряете ли вы предложение?" }',
        "min = 1",
        "max = 1",
        "",
        "[[questions.options]]",
        'id = "yes"',
        'label = { en = "Yes", uk = "Так", ru = "Да" }',
        "",
        "[[questions.options]]",
        'id = "no"',
        'label = { en = "No", uk = "Ні", ru = "Нет" }',
        "",
        "[[districts]]",
        f'id = "{DISTRICT}"',
        'name = { en = "North", uk = "Північ", ru = "Север" }',
        f"registered = {voters}",
        "",
        "[window]",
        "opens = 2026-09-23T08:00:00+03:00",
        "closes = 2026-09-28T08:00:00+03:00",
        "",
        "[trustees]",
        f"n = {len(TRUSTEES)}",
        f"k = {THRESHOLD}",
    ]
    for trustee_id, party in zip(TRUSTEES, trustees, strict=True):
        lines += [
            "",
            "[[trustees.members]]",
            f'id = "{trustee_id}"',
            f'name = "Trustee {trustee_id}"',
        ]
        lines += [f'fingerprint = "{party.fingerprint}"']
    for registrar_id, party in zip(REGISTRARS, registrars, strict=True):
        lines += ["", "[[registrars]]", f'id = "{registrar_id}"']
        lines += [f'name = "Registrar {registrar_id}"', f'key = "{party.public_key.hex()}"']
    lines += ["", "[kdf]", 'algorithm = "hkdf-sha256"']
    return "\n".join(lines) + "\n"


class ModeRun:
    """One play of the mode, step by step (:func:`play_fake_credentials` runs them all):
    :meth:`setup`, :meth:`register`, :meth:`vote`, :meth:`tag`, :meth:`tally`, :meth:`verify`;
    :meth:`close` at the end."""

    def __init__(self, voters: int, seed: int, out: Path, say: Callable[[str], None]) -> None:
        self.say = say
        self.demo = FakeCredentialsDemo(voters, out)
        self.behaviour = DeterministicRandom(seed)
        self.out = out
        self.parties = out / "parties"
        self.clock = SimulatedClock(0)
        self.group = get_group("secp256k1")
        self.opened: DemoBoard | None = None  #: the board, once the parties exist
        #: each trustee's follower, in the trustees' order, then the authority's (from the open)
        self.followers: list[BoardFollower] = []
        self.closed_at = 0  #: the close entry's index

    @property
    def board(self) -> DemoBoard:
        assert self.opened is not None
        return self.opened

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        self.say(f"{name} …")
        detail: list[str] = []
        started = time.perf_counter()
        yield detail
        seconds = time.perf_counter() - started
        self.demo.steps.append(StepTime(name, seconds, "; ".join(detail)))
        self.say(f"  {'; '.join(detail)} ({seconds:.1f} s)")

    def setup(self) -> None:
        with self.step("parties, manifest, key ceremony") as d:
            self.out.mkdir(parents=True, exist_ok=True)
            if any(self.out.iterdir()):
                raise InputError(f"{self.out}: the output directory must be new or empty")
            board, board_pass = new_party(self.parties, "board", init_board)
            authority, authority_pass = new_party(self.parties, "authority", init_authority)
            ca, ca_pass = new_party(self.parties, "credential-authority", init_credential_authority)
            self.registrars = [
                new_party(self.parties, f"registrar-{r}", init_credential_authority)
                for r in REGISTRARS
            ]
            self.trustees = [
                new_party(self.parties, f"trustee-{t}", trustee_maker(t)) for t in TRUSTEES
            ]
            self.authority = authority.signing_key(authority_pass)
            self.ca_key = ca.signing_key(ca_pass)
            text = _definition_text(
                self.demo.voters, [p for p, _ in self.registrars], [p for p, _ in self.trustees]
            )
            opens = definition_from_toml(text, "demo").window.opens_us
            self.clock = SimulatedClock(opens - _DAY)
            self.opened = DemoBoard(board, board.signing_key(board_pass), self.clock)
            definition_file = self.out / "referendum.toml"
            definition_file.write_text(text, encoding="utf-8")
            created = create_election(
                definition_file,
                self.board,
                board,
                authority,
                self.authority,
                credential_authority=ca,
            )
            self.definition: Definition = created.definition
            sessions = [TrusteeSession(p, s, self.board) for p, s in self.trustees]
            for name in ("commit", "reveal", "shares", "complain", "answer"):
                for session in sessions:
                    getattr(session, name)()
            result, _ = post_election_key(self.board, self.authority)
            for session in sessions:
                session.liveness()
            d.append(
                f"{5 + len(TRUSTEES)} parties under {self.parties}; election "
                f"{created.election_id.hex()}; QUAL {list(result.qualified)}, k = {THRESHOLD}"
            )

    def register(self) -> None:
        with self.step("registration") as d:
            group = self.group
            self.designated = [group.random_nonzero_scalar() for _ in range(self.demo.voters)]
            voters = {DISTRICT: [group.exp_g(v) for v in self.designated]}
            election = Election.from_board(self.board.entries())
            posted = 0
            for j, (party, passphrase) in enumerate(self.registrars, 1):
                key = party.signing_key(passphrase)
                sheets = self.out / f"sheets-r{j}"
                posted += len(issue_registrar(election, key, voters, sheets, self.board.post))
            final, _ = close_roll(self.board.entries(), self.ca_key, self.board.post)
            read = SheetBoard(self.board.entries())  # the roll decoded once for every voter
            for p in range(self.demo.voters):  # each voter checks her sheets against the roll
                for path in self._sheets(p):
                    check_sheet_file(read, path)
                    self.demo.sheets_checked += 1
            d.append(
                f"{len(REGISTRARS)} registrars issued {self.demo.voters} sheets each "
                f"({posted} registrar_roll entries), credential_roll_final entry {final}; "
                f"{self.demo.sheets_checked} sheets checked by their voters"
            )

    def _sheets(self, p: int) -> list[Path]:
        return [
            sheet_file_path(self.out / f"sheets-r{j}", DISTRICT, p, j)
            for j in range(1, len(REGISTRARS) + 1)
        ]

    def _cast(self, election: BoothElection, sheets: list[Path], bits: list[list[int]]) -> Posted:
        self.clock.advance(_MINUTE)
        booth = _Booth()
        outcome = cast_with_sheets(
            election,
            read_sheets(election, sheets),
            bits,
            booth,
            self.board.post,
            board_key=election.board_key,
        )
        if outcome is None or booth.posted is None:
            raise InputError("the booth cast nothing")
        return booth.posted

    def vote(self) -> None:
        with self.step("open, voting") as d:
            self.clock.set(self.definition.window.opens_us)
            opened = open_voting(self.board, self.authority)
            self.followers = [BoardFollower() for _ in range(len(TRUSTEES) + 1)]
            self._follow()
            election = read_election(self.board.entries())
            n = self.demo.voters
            self.demo.coerced = sorted({self.behaviour.randbelow(n) for _ in range(n // 5)})
            read = SheetBoard(self.board.entries())
            fakes = self.out / "coercer"
            fakes.mkdir()
            tracking: list[str] = []
            for p in self.demo.coerced:  # the coercer's visit: fake sheets, checked, cast
                handed = []
                for j, real in enumerate(self._sheets(p), 1):
                    fake = fakes / f"{p}-r{j}.json"
                    fake_sheet_file(read, real, self.designated[p], fake)
                    check_sheet_file(read, fake)  # the coercer's check: it passes
                    handed.append(fake)
                posted = self._cast(election, handed, _YES)
                self.demo.coercer_entries.append(posted.entry.index)
                tracking.append(posted.tracking)
            self.demo.coercer_found = self._found(election, tracking)
            if self.demo.coercer_found != len(tracking):
                self.demo.problems.append(
                    f"the coercer found {self.demo.coercer_found} of his {len(tracking)} ballots "
                    "on the board by their tracking hash"
                )
            last: dict[int, int] = {}
            order = list(range(n))
            for i in range(n - 1, 0, -1):
                j = self.behaviour.randbelow(i + 1)
                order[i], order[j] = order[j], order[i]
            for p in order:  # everyone with her real sheets; the coerced vote "no", unobserved
                choice = 1 if p in self.demo.coerced else self.behaviour.randbelow(2)
                self._cast(election, self._sheets(p), _NO if choice else _YES)
                last[p] = choice
                if p not in self.demo.coerced and self.behaviour.randbelow(10) == 0:
                    last[p] = 1 - choice
                    self._cast(election, self._sheets(p), _NO if last[p] else _YES)
                    self.demo.revoted.append(p)
            self._follow()  # each party checks the ballots while voting is open
            no = sum(last.values())
            self.demo.kept_aside = (len(last) - no, no)
            ballots = len(self.demo.coerced) + n + len(self.demo.revoted)
            d.append(
                f"open entry {opened.index}; {ballots} ballots: {len(self.demo.coerced)} by the "
                f"coercer with fake sheets (entries {_span(self.demo.coercer_entries)}; "
                f"{self.demo.coercer_found} found by their tracking hash), {n} with real sheets, "
                f"{len(self.demo.revoted)} revotes"
            )

    def _found(self, election: BoothElection, tracking: list[str]) -> int:
        """How many of the ``tracking`` hashes a ballot on the board has (recomputed from its
        statement and proofs, as the tracking page does: spec §16.5)."""
        wanted = set(tracking)
        found = 0
        for entry in self.board.iter_entries(0):
            if entry.kind == "ballot":
                ballot = decode_credential_ballot(election.params, entry.body)
                digest = credential_ballot_tracking(self.group, ballot)
                found += format_tracking(digest) in wanted
        return found

    def _follow(self) -> None:
        for follower in self.followers:
            follower.follow(self.board)

    def _resumed(self, follower: BoardFollower) -> Callable[[], Checker]:
        """The ``checker_factory`` of a party's command: its follower's checker, resumed."""

        def factory() -> Checker:
            return follower.resumed(self.board)

        return factory

    @property
    def _authority_follower(self) -> BoardFollower:
        return self.followers[-1]

    def _mixing(self, since: int) -> bool:
        """Whether the kept ballots are due for a mix: the duplicates are removed (``tag_dedup``)
        and fewer than every trustee has mixed (what an operator sees on the board)."""
        kinds = [e.kind for e in self.board.iter_entries(since)]
        return "tag_dedup" in kinds and kinds.count("mix") < len(TRUSTEES)

    def tag(self) -> None:
        """Close, then the tally's steps 2–4: each party's commands in turn until the match."""
        with self.step("close, tally steps") as d:
            self.clock.set(self.definition.window.closes_us + 5 * _MINUTE)
            closed = close_voting(
                self.board, self.authority, clock=self.clock, follower=self._authority_follower
            )
            before = self.board.store.count()
            self.closed_at = closed.index
            rounds = 0
            while rounds < 12:  # each party runs its commands in turn until the match is posted
                rounds += 1
                posted = self.board.store.count()
                for (party, passphrase), follower in zip(
                    self.trustees, self.followers, strict=False
                ):
                    self.clock.advance(_MINUTE)
                    mine = self._resumed(follower)
                    if self._mixing(before):  # plebiscite trustee mix, once the kept list is due
                        trustee_mix(self.board, party, passphrase, checker_factory=mine)
                    trustee_steps(self.board, party, passphrase, checker_factory=mine)
                self.clock.advance(_MINUTE)
                authority_steps(
                    self.board,
                    self.authority,
                    checker_factory=self._resumed(self._authority_follower),
                )
                done = any(e.kind == "pet_match" for e in self.board.iter_entries(before))
                if done or self.board.store.count() == posted:
                    break
            d.append(
                f"close entry {closed.index}; {self.board.store.count() - before} entries posted "
                f"by the trustees and the authority in {rounds} rounds of turns"
            )

    def tally(self) -> None:
        """Step 5: the tally of the matched ballots, k trustees' decryptions, the result."""
        with self.step("tally, decryption, result") as d:
            self.clock.advance(_MINUTE)
            tally = post_tally(self.board, self.authority, follower=self._authority_follower)
            for (party, passphrase), follower in zip(
                self.trustees[:THRESHOLD], self.followers, strict=False
            ):
                self.clock.advance(_MINUTE)
                trustee_decrypt(self.board, party, passphrase, follower=follower)
            self.clock.advance(_MINUTE)
            step, self.demo.result = post_result(
                self.board, self.authority, follower=self._authority_follower
            )
            for entry in self.board.iter_entries(self.closed_at):  # from the close
                self.demo.counting[entry.kind] = self.demo.counting.get(entry.kind, 0) + 1
            counted, least = self.demo.result.total.counted, self.definition.min_district_size
            rule = "published" if counted >= least else "withheld"
            d.append(
                f"tally entry {tally.index}, result entry {step.index}: {counted} ballots "
                f"counted, min_district_size = {least} (§12.2): the counts are {rule}"
            )

    def verify(self) -> None:
        with self.step("record, verify") as d:
            record = self.out / "record"
            exported = export_record(self.board.store, record)
            self.close()
            self.demo.report = verify_record(record)
            verdict = "every check passed" if self.demo.report.ok else "FAILED"
            d.append(f"{exported.entries} entries in {record}; {verdict}")

    def close(self) -> None:
        """Drop the followers' files and close the board (again: nothing)."""
        for follower in self.followers:
            follower.close()
        self.followers = []
        if self.opened is not None:
            self.opened.close()


def play_fake_credentials(
    voters: int, seed: int, out: Path, say: Callable[[str], None] | None = None
) -> FakeCredentialsDemo:
    """Play the mode with ``voters`` registered voters into ``out`` (new or empty); ``seed`` drives
    the voters' behaviour (the keys are the system's); ``say`` hears each step as it starts and
    ends."""
    if voters < 8:
        raise ParameterError("the fake-credentials demonstration needs at least 8 voters")
    run = ModeRun(voters, seed, out, say if say is not None else lambda _: None)
    try:
        run.setup()
        run.register()
        run.vote()
        run.tag()
        run.tally()
        run.verify()
    except PlebisciteError as exc:
        run.demo.problems.append(f"{type(exc).__name__}: {exc}")
    finally:
        run.close()
    if run.demo.counts is not None and run.demo.counts != run.demo.kept_aside:
        run.demo.problems.append(
            f"the result {run.demo.counts} differs from the counts kept aside {run.demo.kept_aside}"
        )
    return run.demo


def narrative(demo: FakeCredentialsDemo) -> list[str]:
    """What happened and what the coercer saw, in words."""
    yes, no = demo.counts or (0, 0)
    return [
        f"{demo.voters} voters registered with {len(REGISTRARS)} registrars; each checked her "
        "sheets against the roll on the board with the designated-verifier proof.",
        f"{len(demo.coerced)} of them were coerced. Each made fake sheets on her own device and "
        "handed them over. The coercer checked them against the public roll: they passed, since "
        "the proof is one the voter can make for any value. He cast 'yes' with them; the board "
        f"accepted his ballots (entries {_span(demo.coercer_entries)}) and he found "
        f"{demo.coercer_found} of {len(demo.coerced)} on the board by their tracking hash.",
        f"Later each coerced voter cast 'no' with her real sheets; {len(demo.revoted)} other "
        "voters changed their minds and voted again.",
        f"The tally on the board: {demo.counting.get('tag_blind', 0)} blinding rounds of tags "
        f"to drop duplicates ({demo.counting.get('tag_dedup', 0)} dedup entry), "
        f"{demo.counting.get('mix', 0)} mixes of the kept ballots, "
        f"{demo.counting.get('pet_blind', 0)} rounds of equality tests against the roll, "
        f"{demo.counting.get('pet_match', 0)} match entry; then the encrypted tally of the "
        "matched ballots, the trustees' decryption and the result.",
        f"Result: yes {yes}, no {no}; kept aside (real votes, each voter's last): yes "
        f"{demo.kept_aside[0]}, no {demo.kept_aside[1]}.",
        "What the coercer saw: his sheets passed the same check as real ones, his ballots were "
        "accepted, are on the board and are tracked as any other, and the tally dropped some "
        "mixed ballots without saying which posted ballots they were. Every ballot carries a "
        "fresh encryption of its credential; the duplicate step links only ballots with the same "
        "credential, and his fake one was used by nobody else; the equality tests run after the "
        "mix, and a failed test's result is a random value unrelated to any other. Only k "
        "trustees together, or every mixer together, could tell him more.",
    ]
