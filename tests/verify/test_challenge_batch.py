"""V10's challenges of one chunk are checked in one batch: a chunk holding good challenges and
challenges broken in a way only the group equations show (a revealed randomness) or in the other
checks (a proof's response, which the tracking hash covers; a missing field; too many choices)
gives the sequential report, each broken one named with the field the one-at-a-time check names,
the good ones passed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.rules.checker import Checker, check_challenge_pure, check_challenges_pure
from plebiscite.rules.report import Report
from plebiscite.verify.command import verify_record

from ._record import Builder, Built, Plan, build, run, voter, write_record
from ._reseal import proof_of, question_of, swapped_randomness
from .test_parallel import as_json, sequential
from .test_structured_errors import _params


def _challenge(b: Builder, i: int, bits: list[int]) -> JSONObject:
    signer = voter("north", i)
    opened = encrypt_ballot(b.params, "north", signer.public.xonly, [bits], b.rng)
    return opened.challenge().to_json(b.group)


def _bad_response(body: JSONObject) -> JSONObject:
    broken = copy.deepcopy(body)
    proof = proof_of(broken, 1)
    key = "v1" if "v1" in proof else sorted(proof)[-1]
    proof[key] = f"{(int(proof[key], 16) + 1):064x}"
    return broken


def _no_tracking(body: JSONObject) -> JSONObject:
    broken = copy.deepcopy(body)
    del broken["tracking"]
    return broken


def _off_bounds(body: JSONObject) -> JSONObject:
    broken = copy.deepcopy(body)
    question_of(broken)["choices"] = [1, 1]
    return broken


#: the challenges posted, in order: how each is changed (None: left good)
CHANGES = [None, swapped_randomness, None, _bad_response, _no_tracking, None, _off_bounds, None]


def _post_challenges(b: Builder) -> None:
    for n, change in enumerate(CHANGES):
        body = _challenge(b, 3 + n % 3, [n % 2, 1 - n % 2])
        b.post("challenge", body if change is None else change(body))


@pytest.fixture(scope="module")
def challenged() -> Built:
    return build(Plan(before_close=_post_challenges))


def _challenge_items(built: Built) -> list[tuple[int, JSONObject]]:
    return [(i, e.body) for i, e in enumerate(built.entries) if e.kind == "challenge"]


def test_one_batch_gives_each_challenge_the_outcome_of_checking_it_alone(
    challenged: Built,
) -> None:
    params = _params(challenged)
    items = _challenge_items(challenged)[-len(CHANGES) :]
    batched = check_challenges_pure(params, items)
    alone = [check_challenge_pure(params, index, body) for index, body in items]
    assert batched == alone
    broken = [n for n, change in enumerate(CHANGES) if change is not None]
    assert [n for n, check in enumerate(batched) if check.error is not None] == broken
    fields = [error[0] for n in broken if (error := batched[n].error) is not None]
    assert fields[0] == "body.questions[0].ciphertexts[0]"
    assert fields[1] == "body.tracking"  # the tracking hash covers the proofs
    assert fields[2] == "body"
    # in the batch the count [min, max] fails first (the re-encryption waits in the batch); alone,
    # the first option's re-encryption is checked before the count, and that is what is named
    assert fields[3] == "body.questions[0].ciphertexts[0]"


def test_a_chunk_of_challenges_gives_the_sequential_report(
    challenged: Built, tmp_path: Path
) -> None:
    record = write_record(tmp_path / "challenges", challenged.entries, challenged.heads)
    reference = sequential(record)
    v10 = [f.index for f in reference.failures if f.check == "V10"]
    assert len(v10) == sum(change is not None for change in CHANGES)
    for workers, chunk in ((1, 64), (1, 3), (2, 64)):
        report = verify_record(record, workers=workers, chunk_size=chunk)
        assert as_json(report) == as_json(reference)


def _alone(built: Built, **options: int) -> Report:
    """The checker fed entry by entry with each challenge's outcome computed alone beforehand
    (as a runner hands it in), so no challenge's equations join the checker's batch."""
    checker = Checker(**options)
    try:
        for entry in built.entries:
            params = checker.params
            if entry.kind == "challenge" and params is not None:
                outcome = check_challenge_pure(params, entry.index, entry.body)
                assert checker.feed_deferred(entry, challenge=outcome) is None
            else:
                checker.feed(entry)
        for number, head in enumerate(built.heads, start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        return checker.finish()
    finally:
        checker.close()


@pytest.mark.parametrize(
    "options", [{}, {"batch_size": 1}, {"batch_size": 3}, {"batch_size": 512, "spill_at": 0}]
)
def test_challenges_in_the_checkers_batch_give_the_outcome_of_checking_each_alone(
    challenged: Built, options: dict[str, int]
) -> None:
    """Fed whole, a challenge's group equations wait in the checker's batch with the ballots'
    (a follower's checker): every verdict, failure and figure is that of each challenge
    checked alone, whatever the batch size and wherever the state lives."""
    reference = _alone(challenged)
    assert [f.index for f in reference.failures if f.check == "V10"]
    report = run(challenged, **options)
    assert report.failures == reference.failures
    assert report.figures == reference.figures
    assert report.checked == reference.checked
