"""A small election played on an in-process board with the voting policy and a simulated clock.

The test election builder (``tests/_builder.py``) plays it: three trustees (k = 2) run the
real ceremony code (:class:`TrusteeSession`) with party directories under cheap test scrypt
parameters; voters' credential keys are plain BIP-340 keys;
the window spans five days of simulated board time.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _builder import ElectionBuilder, ElectionSpec, Phase
from plebiscite.board.acceptance import VotingPolicy
from plebiscite.board.board import AcceptancePolicy, Appended, Board
from plebiscite.board.export import export_record
from plebiscite.board.policy import SetupPolicy
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.ballot import BallotParams, NamedHead
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.state.party import Party, init_party

ELECTION_ID = bytes.fromhex("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
PASSPHRASE = "correct horse battery staple"
HOUR = 3_600 * 1_000_000
#: board times (UTC microseconds) of the window: 2030-01-01T08:00Z for five days
OPENS = 1_893_484_800_000_000
CLOSES = OPENS + 5 * 24 * HOUR
REGISTERED = {"north": 6, "south": 4}
N, K = 3, 2

#: the election of this suite: five days from 2030-01-01T08:00Z, trustees as real parties
SPEC = ElectionSpec(
    "tally test key",
    ELECTION_ID,
    REGISTERED,
    title='"Counting test"',
    n=N,
    k=K,
    closes="2030-01-06T08:00:00Z",
    # the setup runs a day before the window and ballots name the open entry (Election.head)
    max_ballot_age=7 * 24 * 3600,
)


#: a deterministic test key of the party ``name``
key = SPEC.key


class SimClock:
    """Board time that tests move by hand."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


class LocalBoard:
    """A board client over an in-process :class:`Board` with the :class:`VotingPolicy`."""

    def __init__(
        self,
        path: Path,
        clock: SimClock,
        election_id: bytes = ELECTION_ID,
        *,
        board_key: SigningKey | None = None,
        setup: AcceptancePolicy | None = None,
    ) -> None:
        self.path = path
        self.clock = clock
        self.store = SQLiteStore(path)
        self.policy = VotingPolicy(clock=clock, setup=setup or SetupPolicy())
        self.board = Board(
            self.store,
            election_id,
            board_key or key("board"),
            clock=self.policy.clock,
            policy=self.policy,
        )

    def entries(self) -> list[Entry]:
        return list(self.store.read(0))

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self.store.read(start)

    def post(self, kind: str, body: JSONObject) -> Appended:
        return self.board.append(kind, body)

    def head(self) -> SignedHead | None:
        return self.store.last_head()

    def close(self) -> None:
        self.board.close()
        self.store.close()

    def export(self, directory: Path) -> dict[str, bytes]:
        """The record's files, byte for byte."""
        export_record(self.store, directory)
        return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@dataclass
class Election:
    """The parties and voters of the test election, and where its board lives."""

    directory: Path
    definition: Definition
    trustees: list[Party]
    voters: dict[str, list[SigningKey]]
    params: BallotParams
    #: the ``open`` entry, the head the test ballots name
    head: NamedHead
    board_file: Path = field(init=False)
    setup_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.board_file = self.directory / "board.sqlite"
        self.setup_file = self.directory / "setup.sqlite"

    def board(self, target: Path, clock: SimClock, *, opened: bool = True) -> LocalBoard:
        """A fresh copy of the board under ``target``: opened, or just before ``open``."""
        target.mkdir(parents=True, exist_ok=True)
        path = target / "board.sqlite"
        shutil.copyfile(self.board_file if opened else self.setup_file, path)
        return LocalBoard(path, clock)

    def ballot(
        self, voter: SigningKey, district: str, choice: Sequence[int], seed: str = ""
    ) -> JSONObject:
        """A cast ballot body for ``voter``: ``choice`` is the option bits of the question."""
        rng = DeterministicRandom(f"ballot {voter.public.hex()} {seed} {list(choice)}")
        opened = encrypt_ballot(self.params, district, voter.public.xonly, [list(choice)], rng)
        return opened.cast(voter, self.params, self.head).to_json(self.params.group)

    def opened(
        self, voter: SigningKey, district: str, choice: Sequence[int], seed: str = ""
    ) -> OpenedBallot:
        """An encrypted ballot with its secrets (to cast or to challenge)."""
        rng = DeterministicRandom(f"opened {voter.public.hex()} {seed} {list(choice)}")
        return encrypt_ballot(self.params, district, voter.public.xonly, [list(choice)], rng)


def build(directory: Path, min_size: int = 1) -> Election:
    """Set up the election up to ``open`` on a board in ``directory`` (setup at board time
    one day before the window opens), played by the test election builder with the trustees
    as real parties; ``setup.sqlite`` keeps the board as it was just before ``open``."""
    trustees = [
        init_party(directory / f"trustee-{i}", "trustee", PASSPHRASE, info={"trustee_id": f"t{i}"})
        for i in range(1, N + 1)
    ]
    spec = dataclasses.replace(SPEC, min_size=min_size)
    definition = spec.definition([t.fingerprint for t in trustees])
    link = LocalBoard(directory / "board.sqlite", SimClock(OPENS - 24 * HOUR))
    try:
        builder = ElectionBuilder(
            spec,
            link,
            definition=definition,
            seed="tally test election",
            trustees=trustees,
            passphrase=PASSPHRASE,
            roll_chunk=3,
        )
        builder.play(until=Phase.CREDENTIALS)
        with SQLiteStore(directory / "setup.sqlite") as copy:
            copy.append(link.entries())
        builder.play(until=Phase.OPEN)
        head = builder.head()  # the open entry
    finally:
        link.close()
    voters = {d: [SPEC.voter(d, i) for i in range(n)] for d, n in REGISTERED.items()}
    assert builder.params is not None
    return Election(directory, definition, trustees, voters, builder.params, head)
