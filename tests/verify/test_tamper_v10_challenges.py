"""V10, challenged ballots: a challenge's credential is on its district's roll.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import pytest

from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.ballot.create import encrypt_ballot

from ._record import Builder, Plan, build, voter
from ._reseal import (
    only,
    sealed,
)
from .test_checker import run

# -- 7. a challenge's credential is on its district's roll (V10) ----------------------------------


@pytest.mark.parametrize(
    ("signer", "district", "message"),
    [
        (voter("south", 99), "south", "on no district's roll"),
        (voter("north", 2), "south", "roll of district 'north'"),
    ],
    ids=["not on the roll", "another district's roll"],
)
def test_challenge_off_the_roll_fails_v10(signer: SigningKey, district: str, message: str) -> None:
    def challenge(b: Builder) -> None:
        opened = encrypt_ballot(b.params, district, signer.public.xonly, [[1, 0]], b.rng)
        b.post("challenge", opened.challenge().to_json(b.group))
        b.named["off the roll"] = len(b.entries) - 1

    built = sealed(build(Plan(before_close=challenge)))
    report = run(built)
    only(report, "V10", built.ballots["off the roll"], "body.credential")
    assert message in report.failures[0].message
    assert report.figures["challenged"] == 1  # not counted
