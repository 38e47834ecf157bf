"""A closed election whose ballots are the fake-credentials mode's, and its tally on the board.

The election (one district ``north``, three trustees, k = 2) is the test builder's up to ``open``;
its ballots are the mode's (``model/coercion/codec.py``), cast against a roll of six credential
ciphertexts kept beside the chain, as the registrars' ``registrar_roll`` entries will hold it:
coerced voters 0 and 1 hand the coercer fake credentials and he casts ``yes`` with them, voter 2
revotes, a junk ballot carries a credential from outside the roll, and a replay of voter 3's ballot
counts once. Then ``close``, and the tally of §16.5 posted by :func:`post_district_tally`.

:class:`ModeBoard` is the checker's side of the mode that these tests need: the election values
from the builder's :class:`~plebiscite.rules.checker.Checker`, the valid ballots (V12, recomputed
by :func:`~plebiscite.model.coercion.tally.valid_ballots` over the board's ballot entries), and the
V11 and V13/V14 states fed in board order. Every hostile variant posts its tally through the same
code, so each of its entries is signed as an insider would sign it (re-sealed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item
from plebiscite.errors import RecordError
from plebiscite.model.ballot import BallotParams
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.codec import ballot_json, decode_credential_ballot
from plebiscite.model.coercion.tally import DistrictTally, run_district_tally, valid_ballots
from plebiscite.model.coercion.tally_entries import COERCION_TALLY_KINDS, KEPT_LIST
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.model.mix import MIX_KINDS, ListRef
from plebiscite.rules.ceremony import CeremonyResult
from plebiscite.rules.checker import Checker
from plebiscite.rules.coercion_tally import CoercionTally
from plebiscite.rules.mixing import MixRounds
from plebiscite.tally.coercion import post_district_tally

__all__ = [
    "ANONYMITY",
    "DISTRICT",
    "SPEC",
    "Failure",
    "ModeBoard",
    "Scene",
    "check",
    "rechained",
    "scene",
]

SPEC: Final = ElectionSpec(
    "coercion tally test key", bytes.fromhex("c0e2c10400000000000000000000c0de"), {"north": 6}
)
DISTRICT: Final = "north"
ANONYMITY: Final = 4
YES, NO = [[1, 0]], [[0, 1]]


@dataclass(frozen=True)
class Failure:
    check: str
    index: int
    field: str
    message: str


@dataclass
class ModeBoard:
    """The checker's side of the mode for these tests (module docstring)."""

    checker: Checker
    params: BallotParams
    roll: Sequence[Ciphertext]
    ballots: list[tuple[int, CredentialBallot]] = field(default_factory=list)
    mixing: MixRounds = field(default_factory=MixRounds)
    tally: CoercionTally = field(default_factory=CoercionTally)
    failures: list[Failure] = field(default_factory=list)

    definition: Definition | None = None
    group: Group | None = None
    election_id: bytes | None = None
    election_ctx: bytes | None = None
    ceremony: CeremonyResult | None = None
    close_index: int | None = None

    def sync(self) -> None:
        """Take the election's values from the checker (fed up to the current entry)."""
        c = self.checker
        self.definition, self.group, self.ceremony = c.definition, c.group, c.ceremony
        self.election_id, self.election_ctx = c.election_id, c.election_ctx
        self.close_index = c.close_index

    def credential_ballots(self, district: str) -> list[tuple[int, CredentialBallot]]:
        mine = [(j, b) for j, b in self.ballots if b.district == district]
        valid = valid_ballots(
            self.params, self.roll, [b for _, b in mine], district, anonymity=ANONYMITY
        )
        return [mine[p] for p in valid]

    def mix_input(self, ref: ListRef) -> list[Item]:
        if ref.kind == KEPT_LIST:
            return self.tally.kept_items(ref.district)
        raise RecordError(f"no list of kind {ref.kind!r} in this election")

    def feed(self, entry: Entry) -> None:
        self.sync()
        if entry.kind == "ballot":
            self.ballots.append((entry.index, decode_credential_ballot(self.params, entry.body)))
        elif entry.kind in MIX_KINDS:

            def fail_mix(field_: str, message: str) -> None:
                self.failures.append(Failure("V11", entry.index, field_, message))

            self.mixing.feed(self, entry.kind, entry.body, entry.index, fail_mix)
        elif entry.kind in COERCION_TALLY_KINDS:

            def fail(check: str, field_: str, message: str) -> None:
                self.failures.append(Failure(check, entry.index, field_, message))

            self.tally.feed(self, entry.kind, entry.body, entry.index, fail)


class _ModeBuilder(ElectionBuilder):
    """The builder with the mode's ballots (module docstring)."""

    def ballots(self) -> None:
        params = self.ballot_params()
        group, K = self.group, params.joint_key
        rng = DeterministicRandom("coercion tally ballots")
        sigmas = [group.random_nonzero_scalar(rng) for _ in range(6)]
        self.roll = [encrypt_credential(group, K, s, rng=rng)[0] for s in sigmas]
        fake0, fake1 = group.random_nonzero_scalar(rng), group.random_nonzero_scalar(rng)
        plan = [
            (fake0, 0, YES),  # the coercer, with voter 0's fake sheet
            (sigmas[2], 2, YES),  # voter 2, who will change her mind
            (fake1, 1, YES),  # the coercer, with voter 1's fake sheet
            (sigmas[3], 3, YES),  # voter 3
            (group.random_nonzero_scalar(rng), 5, YES),  # junk from outside the roll
            (sigmas[0], 0, NO),  # voter 0, later, with her real sheet
            (sigmas[2], 2, NO),  # voter 2 revotes
            (sigmas[1], 1, NO),  # voter 1, later, with her real sheet
        ]
        for sigma, position, choice in plan:
            ballot = cast_credential_ballot(
                params, self.roll, DISTRICT, sigma, position, choice, anonymity=ANONYMITY, rng=rng
            )
            self.post("ballot", ballot_json(group, ballot))
        replay = next(e for e in reversed(self.entries) if e.kind == "ballot" and e.index)
        self.post("ballot", self.entries[replay.index - 4].body)  # voter 3's ballot again


@dataclass
class Scene:
    """The closed election (its entries up to ``close``), the roll and the trustees' secrets."""

    closed: list[Entry]
    params: BallotParams
    roll: list[Ciphertext]
    secrets: dict[int, int]

    def ballots(self, entries: Sequence[Entry]) -> tuple[list[int], list[CredentialBallot]]:
        """The board indices and ballots of ``entries``' ballot entries, in board order."""
        pairs = [
            (e.index, decode_credential_ballot(self.params, e.body))
            for e in entries
            if e.kind == "ballot"
        ]
        return [j for j, _ in pairs], [b for _, b in pairs]

    def play(self, entries: Sequence[Entry] | None = None, seed: int = 1) -> DistrictTally:
        """The honest tally of the board ``entries`` (default: the closed election)."""
        _, ballots = self.ballots(self.closed if entries is None else entries)
        return run_district_tally(
            self.params,
            self.roll,
            ballots,
            DISTRICT,
            self.secrets,
            SPEC.k,
            anonymity=ANONYMITY,
            rng=DeterministicRandom(f"coercion tally {seed}"),
        )

    def posted(self, tally: DistrictTally, entries: Sequence[Entry] | None = None) -> list[Entry]:
        """``entries`` (default: the closed election) with ``tally`` posted after them."""
        base = list(self.closed if entries is None else entries)
        chain = Chain(SPEC.key("board"), SPEC.election_id, base[0].time, base)
        indices, ballots = self.ballots(base)
        post_district_tally(
            chain,
            self.params.group,
            SPEC.election_id,
            tally,
            indices,
            ballots,
            {i: SPEC.trustee_key(i) for i in range(1, SPEC.n + 1)},
            SPEC.key("authority"),
            rng=DeterministicRandom("coercion tally signatures"),
        )
        return chain.entries()


def scene() -> Scene:
    """Build the closed election (about a second)."""
    chain = Chain(SPEC.key("board"), SPEC.election_id, 0)
    builder = _ModeBuilder(SPEC, chain)
    builder.play(until=Phase.CLOSE)
    builder.finish()
    params = builder.ballot_params()
    return Scene(chain.entries(), params, builder.roll, dict(builder.secrets))


def check(s: Scene, entries: Sequence[Entry]) -> ModeBoard:
    """Feed ``entries`` to a fresh checker and the mode's states; return the board and its
    failures (the tally's, V11 and V13–V14)."""
    checker = Checker()
    board = ModeBoard(checker, s.params, s.roll)
    try:
        for entry in entries:
            checker.feed(entry)
            board.feed(entry)
        board.tally.finish(
            lambda c, f, m: board.failures.append(Failure(c, -1, f, m)), in_progress=False
        )
    finally:
        checker.close()
    return board


def rechained(entries: Sequence[Entry]) -> list[Entry]:
    """A hostile board's re-sealing: indices, links and hashes recomputed in order."""
    out: list[Entry] = []
    for entry in entries:
        prev = out[-1].hash if out else GENESIS_PREV
        out.append(Entry.create(len(out), entry.time, entry.kind, entry.body, prev))
    return out
