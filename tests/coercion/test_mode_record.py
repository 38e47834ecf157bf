"""The tally on a record of an election in the mode fake-credentials as the test builder plays it
(registrars' roll, the mode's ballots checked by V12): posted after close, it passes V11, V13 and
V14 with the verifier's own checker, whose V12 list is the tally's input."""

from __future__ import annotations

from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.model.coercion.tally import run_district_tally
from plebiscite.rules.checker import Checker
from plebiscite.tally.coercion import post_district_tally
from verify.test_tamper_v12_ballots import play


def test_the_tally_on_a_mode_record_passes_with_the_verifiers_checker() -> None:
    builder = play()
    builder.close()
    checker = Checker()
    try:
        checker.feed_all(builder.entries)
        params, definition = checker.params, checker.definition
        assert params is not None and definition is not None
        district = definition.districts[0].id
        roll = checker.roll.roll(district)
        valid = checker.credential_ballots(district)
    finally:
        checker.close()
    assert valid, "the builder's record has valid ballots of the mode"
    ballots = [b for _, b in valid]
    tally = run_district_tally(
        params,
        roll,
        ballots,
        district,
        builder.secrets,
        builder.k,
        anonymity=definition.anonymity,
        rng=DeterministicRandom("mode record tally"),
    )
    post_district_tally(
        builder.board,
        params.group,
        builder.election_id,
        tally,
        [j for j, _ in valid],
        ballots,
        {i: builder.trustee_key(i) for i in builder.secrets},
        builder.authority,
        rng=DeterministicRandom("mode record signatures"),
    )
    checker = Checker()
    try:
        checker.feed_all(builder.entries)
        report = checker.finish(in_progress=True)
    finally:
        checker.close()
    failures = [str(f) for f in report.failures if f.check in ("V11", "V12", "V13", "V14")]
    assert failures == []
    assert report.checked["V13"] > 0 and report.checked["V14"] > 0
