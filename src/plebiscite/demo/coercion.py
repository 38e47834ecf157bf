"""``plebiscite demo --coercion fake-credentials``: the fake-credentials mode played in one
district, as library code (docs/spec.md §16: the mode has no board, record or ``plebiscite verify``
path yet).

Registration with two registrars (each voter checks her sheets with the designated-verifier proof),
voting with revotes, and coerced voters: each hands the coercer fake sheets made on her device, he
checks them (they pass), casts with them (his ballot passes every public check), and she later
casts with her real sheets. Then the linear tally of §16.5 with every check V11–V16, and the result
against the counts kept aside (real votes only, each voter's last).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom, Random, SystemRandom
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import ParameterError
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion.ballot import (
    CredentialBallot,
    cast_credential_ballot,
    check_credential_ballot,
)
from plebiscite.model.coercion.registration import (
    Sheet,
    check_sheet,
    combine_entries,
    credential_of,
    fake_sheet,
    issue_sheet,
)
from plebiscite.model.coercion.tally import (
    DistrictTally,
    Trustees,
    run_district_tally,
    verify_district_tally,
)

__all__ = ["CoercionDemo", "narrative", "play_fake_credentials"]

DISTRICT = "north"
REGISTRARS = (1, 2)
TRUSTEES = 3
THRESHOLD = 2
ANONYMITY = 8
OPTIONS = ("yes", "no")


@dataclass
class CoercionDemo:
    """What the demonstration did and saw."""

    voters: int
    coerced: list[int] = field(default_factory=list)
    revoted: list[int] = field(default_factory=list)
    board: list[CredentialBallot] = field(default_factory=list)
    coercer_positions: list[int] = field(default_factory=list)  #: his ballots' board positions
    kept_aside: tuple[int, ...] = (0, 0)
    tally: DistrictTally | None = None
    verified: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.verified
            and not self.problems
            and self.tally is not None
            and self.tally.counts == self.kept_aside
        )


def play_fake_credentials(voters: int, seed: int, *, secure_keys: bool = True) -> CoercionDemo:
    """Play the scenario with ``voters`` registered voters; ``seed`` drives their behaviour (and,
    with ``secure_keys=False``, every key too, for reproducible tests)."""
    if voters < 4:
        raise ParameterError("the fake-credentials demonstration needs at least 4 voters")
    group = get_group("secp256k1")
    behaviour = DeterministicRandom(seed)
    keys: Random = SystemRandom() if secure_keys else DeterministicRandom(seed + 1)
    polynomial = random_polynomial(group, THRESHOLD, keys)
    trustee_shares = shares(group, polynomial, TRUSTEES)
    K = group.exp_g(polynomial(0))
    election_ctx = keys.randbytes(32)
    params = BallotParams.from_manifest(group, K, election_ctx, [(2, 1, 1)], [DISTRICT])
    demo = CoercionDemo(voters)
    # registration: each voter's device makes a designated-verifier key; each registrar issues a
    # sheet and posts its roll entry; the voter checks her sheets
    devices = [group.random_nonzero_scalar(keys) for _ in range(voters)]
    sheets: list[list[Sheet]] = []
    entries: list[list[Ciphertext]] = []
    for p, v in enumerate(devices):
        V = group.exp_g(v)
        issued = [
            issue_sheet(group, K, V, election_ctx, DISTRICT, j, p, rng=keys) for j in REGISTRARS
        ]
        for sheet, entry in issued:
            check_sheet(group, K, V, election_ctx, sheet, entry.ciphertext)
        sheets.append([s for s, _ in issued])
        entries.append([e.ciphertext for _, e in issued])
    roll = [combine_entries(group, e) for e in entries]
    demo.coerced = sorted({behaviour.randbelow(voters) for _ in range(max(1, voters // 5))})
    last_real: dict[int, int] = {}

    def cast(sigma: int, position: int, choice: int) -> CredentialBallot:
        bits = [[1, 0] if choice == 0 else [0, 1]]
        ballot = cast_credential_ballot(
            params, roll, DISTRICT, sigma, position, bits, anonymity=ANONYMITY, rng=keys
        )
        check_credential_ballot(params, roll, ballot, anonymity=ANONYMITY)  # the board's check
        demo.board.append(ballot)
        return ballot

    # the coercer visits: each coerced voter hands him fake sheets, which pass his check
    for p in demo.coerced:
        V = group.exp_g(devices[p])
        fakes = [
            fake_sheet(group, K, devices[p], election_ctx, s, e, rng=keys)
            for s, e in zip(sheets[p], entries[p], strict=True)
        ]
        for fake, roll_entry in zip(fakes, entries[p], strict=True):
            check_sheet(group, K, V, election_ctx, fake, roll_entry)
        cast(credential_of(group, fakes), p, 0)  # "yes", as the coercer demands
        demo.coercer_positions.append(len(demo.board) - 1)
    # everyone votes with her real sheets (the coerced later, unobserved); some revote
    order = list(range(voters))
    for i in range(voters - 1, 0, -1):
        j = behaviour.randbelow(i + 1)
        order[i], order[j] = order[j], order[i]
    for p in order:
        choice = 1 if p in demo.coerced else behaviour.randbelow(2)
        cast(credential_of(group, sheets[p]), p, choice)
        last_real[p] = choice
        if p not in demo.coerced and behaviour.randbelow(10) == 0:
            last_real[p] = 1 - choice
            cast(credential_of(group, sheets[p]), p, last_real[p])
            demo.revoted.append(p)
    yes = sum(1 for c in last_real.values() if c == 0)
    demo.kept_aside = (yes, len(last_real) - yes)
    demo.tally = run_district_tally(
        params, roll, demo.board, DISTRICT, trustee_shares, THRESHOLD, anonymity=ANONYMITY, rng=keys
    )
    trustees = Trustees({i: group.exp_g(s) for i, s in trustee_shares.items()}, THRESHOLD)
    verify_district_tally(params, roll, demo.board, trustees, demo.tally, anonymity=ANONYMITY)
    demo.verified = True
    if demo.tally.counts != demo.kept_aside:
        demo.problems.append(
            f"the result {demo.tally.counts} differs from the counts kept aside {demo.kept_aside}"
        )
    return demo


def narrative(demo: CoercionDemo) -> list[str]:
    """What happened and what the coercer saw, in words."""
    assert demo.tally is not None
    t = demo.tally
    lines = [
        f"{demo.voters} voters registered with {len(REGISTRARS)} registrars; each checked her "
        "sheets against the roll with the designated-verifier proof.",
        f"{len(demo.coerced)} voters were coerced. Each made fake sheets on her own device and "
        "handed them over. The coercer checked them against the public roll (they passed: the "
        "proof is one the voter can make for any value) and cast 'yes' with them; his ballots "
        f"(board positions {', '.join(map(str, demo.coercer_positions))}) passed every check "
        "the board makes, as any ballot does.",
        f"Later each coerced voter cast 'no' with her real sheets; {len(demo.revoted)} other "
        "voters changed their minds and voted again.",
        f"The tally: {len(t.valid)} valid ballots, {len(t.kept)} after keeping each "
        f"credential's last, mixed by {TRUSTEES} trustees, {len(t.counted)} counted after one "
        "equality test per mixed ballot against the roll entry it points to.",
        f"Result: yes {t.counts[0]}, no {t.counts[1]}; kept aside (real votes, each voter's "
        f"last): yes {demo.kept_aside[0]}, no {demo.kept_aside[1]}.",
        "What the coercer saw: his sheets passed the same check as real ones, his ballots were "
        "accepted and are on the board, and the tally dropped some mixed ballots without saying "
        "which posted ballots they were. Every ballot carries a fresh encryption of its "
        "credential; the duplicate check links only ballots with the same credential, and his "
        "fake credential was used by nobody else; the equality tests happen after the mix, and "
        "a failed test's result is a random value unrelated to any other. Only k trustees "
        "together, or every mixer together, could tell him more.",
    ]
    if demo.verified:
        lines.append("Checks V11–V16 of the tally passed.")
    return lines
