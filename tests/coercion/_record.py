"""A closed election whose ballots are the fake-credentials mode's, and its tally on the board.

The election (one district ``north``, three trustees, k = 2) is the test builder's up to ``open``;
its ballots are the mode's (``model/coercion/codec.py``), cast against a roll of six credential
ciphertexts kept beside the chain, as the registrars' ``registrar_roll`` entries will hold it:
coerced voters 0 and 1 hand the coercer fake credentials and he casts ``yes`` with them, voter 2
revotes, a junk ballot carries a credential from outside the roll, and a replay of voter 3's ballot
counts once. Then ``close``, and the tally of §16.5 posted by :func:`post_district_tally`.

:class:`ModeChecker` is the verifier's checker with the one part of the mode it does not read
yet, the mode's valid ballots (V12); the tally's entries go through its own checks. Every
hostile variant posts its tally through the same code, so each of its entries is signed as an
insider would sign it (re-sealed).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Final

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.model.ballot import BallotParams
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.codec import ballot_json, decode_credential_ballot
from plebiscite.model.coercion.tally import DistrictTally, run_district_tally, valid_ballots
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Failure
from plebiscite.state.party import Party
from plebiscite.tally.coercion import post_district_tally

__all__ = [
    "ANONYMITY",
    "DISTRICT",
    "SPEC",
    "TALLY_CHECKS",
    "ModeChecker",
    "Scene",
    "check",
    "rechained",
    "scene",
    "with_parties",
]

SPEC: Final = ElectionSpec(
    "coercion tally test key", bytes.fromhex("c0e2c10400000000000000000000c0de"), {"north": 6}
)
DISTRICT: Final = "north"
ANONYMITY: Final = 4
YES, NO = [[1, 0]], [[0, 1]]


class ModeChecker(Checker):
    """The verifier's checker, plus the one thing of the mode it does not read yet: the mode's
    ballots (V12's valid list, recomputed by
    :func:`~plebiscite.model.coercion.tally.valid_ballots` over the board's ballot entries).
    Everything the tally posts goes through the checker's own dispatch: V11 (the ``kept`` list),
    V13 and V14; V1 reads every entry; the mode's ballots skip its V5 (mode revote's)."""

    def __init__(self, params: BallotParams, roll: Sequence[Ciphertext]) -> None:
        super().__init__()
        self.mode_params, self.mode_roll = params, roll
        self.listed_ballots: list[tuple[int, CredentialBallot]] = []
        self._valid: dict[tuple[str, int], list[tuple[int, CredentialBallot]]] = {}

    def feed(self, entry: Entry) -> None:
        if entry.kind == "ballot":
            ballot = decode_credential_ballot(self.mode_params, entry.body)
            self.listed_ballots.append((entry.index, ballot))
        super().feed(entry)

    def _on_ballot(self, entry: Entry, defer: bool) -> None:
        """The mode's ballots are not this checker's V5 (V12 is :meth:`credential_ballots`)."""
        del entry, defer

    def credential_ballots(self, district: str) -> list[tuple[int, CredentialBallot]]:
        key = (district, len(self.listed_ballots))
        if key not in self._valid:
            mine = [(j, b) for j, b in self.listed_ballots if b.district == district]
            positions = valid_ballots(
                self.mode_params,
                self.mode_roll,
                [b for _, b in mine],
                district,
                anonymity=ANONYMITY,
            )
            self._valid[key] = [mine[p] for p in positions]
        return self._valid[key]


class _ModeBuilder(ElectionBuilder):
    """The builder with the mode's ballots (module docstring), closed on time."""

    roll: list[Ciphertext]

    def close(self) -> None:
        self.advance_to(self.definition.window.closes_us)
        self.post("close", self.close_body(False, self.received()))

    def checker(self) -> Checker:
        """The mode's checker: its counted set is the tally's matched ballots (step 5)."""
        if self._checker is None:
            self._checker = ModeChecker(self.ballot_params(), self.roll)
        return super().checker()

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

    def counted(self, entries: Sequence[Entry]) -> list[Entry]:
        """``entries`` (a posted tally) with step 5 after them, as §12 posts it: the authority's
        ``tally`` of the matched ballots, trustees 1 and 2's partial decryptions, the result."""
        chain = Chain(SPEC.key("board"), SPEC.election_id, entries[0].time, entries)
        builder = _ModeBuilder(SPEC, chain)
        builder.roll, builder.params = self.roll, self.params
        builder.resume(after=Phase.CLOSE)
        builder.play(until=Phase.RESULT)
        return chain.entries()

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


def with_parties(
    trustees: Sequence[Party], passphrase: str
) -> tuple[Chain, BallotParams, list[Ciphertext]]:
    """The closed election of :func:`scene` played with ``trustees`` as real parties (their
    state directories hold their shares): the board, the ballot parameters and the roll."""
    definition = SPEC.definition([t.fingerprint for t in trustees])
    chain = Chain(SPEC.key("board"), SPEC.election_id, 0)
    builder = _ModeBuilder(
        SPEC, chain, definition=definition, trustees=trustees, passphrase=passphrase
    )
    builder.play(until=Phase.CLOSE)
    builder.finish()
    return chain, builder.ballot_params(), builder.roll


#: the checks of the tally (the rest fail on this record: its ballots are the mode's)
TALLY_CHECKS: Final = ("V11", "V13", "V14")


def check(
    s: Scene,
    entries: Sequence[Entry],
    *,
    workers: int = 1,
    checks: Sequence[str] = TALLY_CHECKS,
) -> tuple[ModeChecker, list[Failure]]:
    """Feed ``entries`` to the mode's checker (its V13/V14 proofs checked on ``workers``
    processes, as ``plebiscite verify --workers`` does); return it and the failures of the
    tally's checks (:data:`TALLY_CHECKS`)."""
    checker = ModeChecker(s.params, s.roll)
    try:
        if workers > 1:  # as plebiscite verify --workers does (verify/command.py)
            context = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                checker.coercion.submit = pool.submit
                checker.feed_all(entries)
                checker.coercion.wait()
        else:
            checker.feed_all(entries)
        report = checker.finish()
    finally:
        checker.close()
    return checker, [f for f in report.failures if f.check in checks]


def rechained(entries: Sequence[Entry]) -> list[Entry]:
    """A hostile board's re-sealing: indices, links and hashes recomputed in order."""
    out: list[Entry] = []
    for entry in entries:
        prev = out[-1].hash if out else GENESIS_PREV
        out.append(Entry.create(len(out), entry.time, entry.kind, entry.body, prev))
    return out
