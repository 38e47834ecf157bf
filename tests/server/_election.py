"""A small live election for the service's tests, played by the test election builder.

Two districts (``north`` 4 voters, ``south`` 2), one yes/no question, two trustees (k = 2). The
voting window is around the real time now, so that a server running in another process with the
system clock accepts the ballots. :class:`Election` produces every party's signed body; the tests
post them over HTTP.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import BallotParams, sign_ballot
from plebiscite.model.ballot.create import OpenedBallot
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.rules.setup import election_setup

ELECTION_ID = bytes.fromhex("5e77e5e77e5e77e5e77e5e77e5e77e50")
REGISTERED = {"north": 4, "south": 2}
N, K = 2, 2

#: the election of this suite (its window is set around the present by :func:`definition`)
SPEC = ElectionSpec(
    "server test key", ELECTION_ID, REGISTERED, title='"Service test referendum"', n=N, k=K
)


#: a deterministic test key of the party ``name``; voter ``i`` of ``district``'s key
key, voter = SPEC.key, SPEC.voter


def _spec(extra_voters: int) -> ElectionSpec:
    """The suite's spec, its window from an hour ago to a day from now."""
    now = datetime.now(UTC).replace(microsecond=0)
    return dataclasses.replace(
        SPEC,
        registered={**REGISTERED, "north": REGISTERED["north"] + extra_voters},
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=1),
    )


def definition(board: VerifyingKey, extra_voters: int = 0) -> Definition:
    """The test definition, its window from an hour ago to a day from now, for ``board``."""
    return _spec(extra_voters).definition(board=board)


class Election:
    """Every party's entries for the test election, in the order they are posted: the setup
    played by the test election builder on a chain in memory, the later bodies one by one.

    ``extra_voters`` adds voters to ``north`` (for load tests); voter keys are deterministic.
    """

    def __init__(self, board: VerifyingKey, extra_voters: int = 0) -> None:
        spec = _spec(extra_voters)
        self.builder = ElectionBuilder(
            spec,
            Chain(key("board"), ELECTION_ID, 0),
            definition=spec.definition(board=board),
            seed="server test election",
            poly_seed="server poly",
            roll_chunk=500,
        )
        self.group = self.builder.group
        self.definition = self.builder.definition
        self.registered = {d.id: d.registered for d in self.definition.districts}
        self.authority = key("authority")
        self.trustees = {i: key(f"trustee {i}") for i in range(1, N + 1)}
        self.rng = self.builder.rng
        self.params: BallotParams | None = None
        self._voters: dict[tuple[str, int], SigningKey] = {}

    def voter(self, district: str, i: int) -> SigningKey:
        """Voter ``i`` of ``district`` (keys are cached: deriving one costs a little)."""
        found = self._voters.get((district, i))
        if found is None:
            found = self._voters[(district, i)] = voter(district, i)
        return found

    def signed(self, signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        return self.builder.signed(signer, kind, body)

    def manifest(self) -> JSONObject:
        return self.signed(self.authority, "manifest", self.definition.to_manifest())

    def setup(self) -> list[tuple[str, JSONObject]]:
        """Manifest, ceremony (commit, reveal, shares, election key, liveness) and roll."""
        self.builder.play(until=Phase.CREDENTIALS)
        return [(e.kind, e.body) for e in self.builder.entries]

    def secret_shares(self) -> dict[int, int]:
        """Each trustee's share of the joint secret (the builder's simulated trustees)."""
        self.setup()
        return dict(self.builder.secrets)

    def open_body(self, entries: Sequence[Entry]) -> JSONObject:
        """The signed ``open`` for the board's setup entries; sets :attr:`params`."""
        setup = election_setup(list(entries))
        assert setup.ready and setup.election_context is not None, setup.problems
        self.params = setup.ballot_params()
        return self.signed(self.authority, "open", mt.Open(setup.election_context).to_body())

    def params_from(self, entries: Sequence[Entry]) -> BallotParams:
        """The ballot parameters recomputed from the board's entries (after ``open``)."""
        setup = election_setup(list(entries))
        self.params = setup.ballot_params()
        return self.params

    def encrypt(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> OpenedBallot:
        self.builder.params = self.params
        rng = DeterministicRandom(f"ballot {district} {i} {list(bits)} {seed}")
        return self.builder.encrypt(district, self.voter(district, i), bits, rng)

    def ballot(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> JSONObject:
        """A cast ballot of voter ``i`` of ``district``."""
        opened = self.encrypt(district, i, bits, seed)
        return sign_ballot(self.voter(district, i), self.group, opened.encrypted).to_json(
            self.group
        )

    def challenge(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> JSONObject:
        """A challenge (an opened ballot) of voter ``i`` of ``district``."""
        return self.encrypt(district, i, bits, seed).challenge().to_json(self.group)

    def close_body(self, received: Sequence[mt.Received], early: bool = True) -> JSONObject:
        """The authority's ``close``; an early one co-signed by both trustees (k = 2)."""
        self.builder.params = self.params
        return self.builder.close_body(early, tuple(received))
