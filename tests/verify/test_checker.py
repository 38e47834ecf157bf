"""The incremental checker on a valid record: every check passes, state and batching do not
change a verdict, and the queries the board and the tally use answer correctly."""

from __future__ import annotations

from plebiscite.rules.checker import Checker

from ._record import Built, build, run, voter


def test_valid_record_passes_every_check(honest: Built) -> None:
    report = run(honest)
    assert report.failures == ()
    assert report.ok
    # every check looked at something (V11: this record has no mix round, an optional step)
    # V11: no mix round; V12-V14: the mode fake-credentials' ballots and tally, none here
    unused = ("V11", "V12", "V13", "V14")
    assert all(report.checked[c] > 0 for c in report.checked if c not in unused), report.checked
    assert all(report.checked[c] == 0 for c in ("V11", "V13", "V14"))
    assert report.figures["counted"] == 8
    assert report.figures["superseded"] == 1
    assert report.figures["challenged"] == 1


def test_result_counts_are_the_plaintexts_kept_aside(honest: Built) -> None:
    result = honest.entries[-1].body
    assert result["districts"] is not None
    posted = {d["id"]: d["counts"] for d in result["districts"]}  # type: ignore[index,union-attr]
    assert posted == honest.plaintext_counts


def test_edge_cases_pass(honest: Built) -> None:
    """The empty district's aggregate is (1, 1); the r / −r pair gives α = 1; a simulated
    branch with v = 0 verifies."""
    checker = Checker()
    checker.feed_all(honest.entries)
    tally = checker.aggregates()
    group = checker.group
    assert group is not None
    for ct in tally.district("empty").aggregates[0]:
        assert group.is_identity(ct.alpha) and group.is_identity(ct.beta)
    south = tally.district("south")
    assert south.counted == 2
    assert all(group.is_identity(ct.alpha) for ct in south.aggregates[0])
    assert checker.finish().ok
    checker.close()


def test_disk_state_and_batch_sizes_give_the_same_verdict(honest: Built) -> None:
    reference = run(honest)
    for options in ({"spill_at": 0}, {"batch_size": 1}, {"batch_size": 3, "spill_at": 5}):
        other = run(honest, **options)
        assert other.failures == reference.failures
        assert other.figures == reference.figures


def test_snapshot_and_restore_resume_the_same_run(honest: Built) -> None:
    half = len(honest.entries) // 2
    checker = Checker(spill_at=4)
    checker.feed_all(honest.entries[:half])
    snap = checker.snapshot()
    checker.feed_all(honest.entries[half:])
    first = checker.finish()
    checker.restore(snap)
    assert checker.entries == half
    checker.feed_all(honest.entries[half:])
    second = checker.finish()
    checker.close()
    assert first.ok and second.ok
    assert first.figures == second.figures


def test_queries(honest: Built) -> None:
    checker = Checker()
    named = honest.ballots
    first = named["north-0 revote"]
    checker.feed_all(honest.entries[: first + 1])
    north0 = voter("north", 0).public.xonly
    assert checker.on_roll(north0, "north")
    assert not checker.on_roll(north0, "south")
    counted = checker.counted(north0)
    assert counted is not None and counted.index == first
    assert checker.phase == "voting"
    body = honest.entries[named["north-0 first"]].body
    assert body is not None
    checker.feed_all(honest.entries[first + 1 :])
    assert checker.phase == "closed"
    assert checker.figures().superseded == {"north": 1}
    checker.close()


def test_an_invalid_proof_is_named_by_bisection() -> None:
    """A ballot signed over a broken 0/1 proof: the batch fails, bisection names the ballot."""
    from plebiscite.crypto import proofs as zk
    from plebiscite.model.ballot import EncryptedBallot, EncryptedQuestion, sign_ballot
    from plebiscite.model.ballot.create import encrypt_ballot

    from ._record import Builder, Plan

    def bad_ballot(b: Builder) -> None:
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[0, 1]], b.rng)
        q = opened.encrypted.questions[0]
        p = q.proofs[1]
        broken = zk.ZeroOneProof(p.a0, p.b0, p.a1, p.b1, p.c0, p.v0, (p.v1 + 1) % b.group.q)
        question = EncryptedQuestion(q.ciphertexts, (q.proofs[0], broken), q.range_proof)
        nonce = opened.encrypted.nonce or b""
        enc = EncryptedBallot.build(b.params, "south", signer.public.xonly, nonce, [question])
        b.post("ballot", sign_ballot(signer, b.group, enc, b.head()).to_json(b.group))
        b.named["bad"] = len(b.entries) - 1

    built = build(Plan(before_close=bad_ballot))
    report = run(built, batch_size=4)
    assert report.failed_checks == ["V5"]
    (failure,) = report.failures
    assert failure.index == built.ballots["bad"]
    assert failure.field == "body.questions[0].proofs[1]"
