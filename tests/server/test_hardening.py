"""The service's defences: signed roll chunks, per-client rate limits, challenge limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board.prechecks import VerifierPool, precheck_ballots
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.errors import ProofError, RecordError
from plebiscite.model.roll import ROLL_KIND
from plebiscite.model.signed import sign_body
from plebiscite.server.app import create_app
from plebiscite.server.limits import ClientBuckets, Limits, client_key
from plebiscite.server.service import BoardService

from ._election import ELECTION_ID, Election, key
from .conftest import BOARD_KEY, Served, TestClient, serve


def _post(http: TestClient, path: str, body: object) -> tuple[int, str]:
    """POST ``body``: the status and the refusal reason (empty when accepted)."""
    response = http.post(path, content=json.dumps(body).encode())
    answer = response.json()
    return response.status_code, str(
        answer.get("reason", "")
    ) if response.status_code >= 400 else ""


def test_roll_chunks_not_signed_by_the_credential_authority_are_refused(tmp_path: Path) -> None:
    service = BoardService(SQLiteStore(tmp_path / "b.sqlite"), BOARD_KEY, monitor_interval=None)
    with TestClient(create_app(service)) as http:
        el = Election(BOARD_KEY.public)
        items = el.setup()
        first_chunk = next(i for i, (k, _) in enumerate(items) if k == ROLL_KIND)
        for kind, body in items[:first_chunk]:
            route = "/authority" if kind in ("manifest", "election_key") else "/trustees"
            assert _post(http, f"{route}/{kind}", body) == (201, "")
        before = service.store.count()
        honest = items[first_chunk][1]
        unsigned = {k: v for k, v in honest.items() if k != "signature"}
        stray = {**unsigned, "keys": [key("stray voter").public.xonly.hex()]}
        assert _post(http, "/roll/credential_roll", unsigned) == (400, "malformed")
        assert _post(http, "/roll/credential_roll", stray) == (400, "malformed")
        forged = sign_body(key("intruder"), ELECTION_ID, ROLL_KIND, stray)
        assert _post(http, "/roll/credential_roll", forged) == (422, "bad_signature")
        altered = {**honest, "keys": stray["keys"]}  # the CA's signature over other keys
        assert _post(http, "/roll/credential_roll", altered) == (422, "bad_signature")
        assert service.store.count() == before
        # the roll as the credential authority posts it goes on, and V4 passes
        for kind, body in items[first_chunk:]:
            assert _post(http, f"/roll/{kind}", body) == (201, "")
        assert _post(http, "/authority/open", el.open_body(service.store.read(0))) == (201, "")
        service.monitor.catch_up()
        status = service.monitor.status()
        assert status["ok"], status["failures"]


def _peer(served: Served, address: str) -> TestClient:
    """Another HTTP client of the served app, connecting from ``address``."""
    return TestClient(served.http.app, client=(address, 40000))


def test_a_flooding_client_gets_429_while_another_still_posts(tmp_path: Path) -> None:
    limits = Limits(client_rate=0.001, client_burst=20)  # the setup's 14 posts fit the burst
    for s in serve(tmp_path, limits):
        flood, voter = _peer(s, "203.0.113.7"), _peer(s, "198.51.100.2")
        answers = [_post(flood, "/ballots", s.election.ballot("north", 0, [1, 0]))]
        answers += [_post(flood, "/ballots", {"junk": i}) for i in range(25)]
        assert answers[0] == (201, "")
        assert answers[1] == (400, "malformed")  # junk is refused, and charged to its sender
        limited = [a for a in answers if a[0] == 429]
        assert len(limited) == 26 - 20 and {r for _, r in limited} == {"too_many_requests"}
        answer = flood.post("/ballots", json=s.election.ballot("north", 1, [1, 0]))
        assert answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1
        # another client, and a neighbour on another IPv6 /64, are not limited
        assert _post(voter, "/ballots", s.election.ballot("north", 2, [0, 1])) == (201, "")
        v6 = _peer(s, "2001:db8:0:2::1")
        assert _post(v6, "/ballots", s.election.ballot("south", 0, [0, 1])) == (201, "")


def test_malformed_posts_do_not_drain_the_global_bucket(tmp_path: Path) -> None:
    # the global burst is just the setup (14 posts) and two ballots; junk must not spend it
    limits = Limits(rate=0.001, burst=16, client_rate=0)
    for s in serve(tmp_path, limits):
        junk = _peer(s, "203.0.113.9")
        deep: object = 1
        for _ in range(20):
            deep = [deep]
        for raw in (b"[1, 2]", json.dumps({"a": deep}).encode(), b'{"f": 1.5}', b"{,"):
            for _ in range(10):
                response = junk.post("/ballots", content=raw)
                assert response.status_code == 400, response.json()
        voter = _peer(s, "198.51.100.3")
        assert _post(voter, "/ballots", s.election.ballot("north", 0, [1, 0])) == (201, "")
        assert _post(voter, "/ballots", s.election.ballot("north", 1, [1, 0])) == (201, "")
        assert _post(voter, "/ballots", s.election.ballot("north", 2, [1, 0]))[0] == 429


def test_client_buckets_are_per_address_and_bounded() -> None:
    now = [0.0]
    buckets = ClientBuckets(1.0, 2, capacity=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 1.0]
    assert buckets.take("b") == 0.0
    for name in ("c", "d", "e"):
        buckets.take(name)
    assert len(buckets) == 3  # "a" and "b", the least recently used, were dropped
    assert buckets.take("a") == 0.0
    assert client_key("192.0.2.1") == "192.0.2.1"
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff:1") == "2001:db8::/64"
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key(None) == "?" and client_key("testclient") == "testclient"
    assert ClientBuckets(0, 1, 1).take("x") == 0.0


def test_challenges_are_limited_per_client(tmp_path: Path) -> None:
    """A challenge names no voter (spec §11.6): one client's challenges have their own bucket,
    answered 429 with Retry-After beyond it; that client's ballots are not held back."""
    limits = Limits(client_rate=0, challenge_rate=0.001, challenge_burst=2)
    for s in serve(tmp_path, limits):
        el = s.election
        for i in range(2):
            assert _post(s.http, "/challenges", el.challenge("north", i, [1, 0])) == (201, "")
        before = s.store.count()
        response = s.http.post("/challenges", json=el.challenge("north", 2, [1, 0]))
        assert response.status_code == 429
        assert response.json()["reason"] == "too_many_requests"
        assert "challenges" in response.json()["detail"]
        assert int(response.headers["Retry-After"]) >= 1
        assert s.store.count() == before
        assert _post(s.http, "/ballots", el.ballot("north", 0, [1, 0], "cast")) == (201, "")


def test_challenges_beyond_the_district_bound_are_refused(tmp_path: Path) -> None:
    """At most ``registered`` valid challenges per district (spec §11.6, V10.3): the next one is
    refused ``challenges_exhausted`` (409) and changes nothing; the other district and casting
    go on, and the service's own checks stay green."""
    for s in serve(tmp_path, Limits(client_rate=0, challenge_rate=0)):
        el = s.election
        bound = el.registered["south"]
        for i in range(bound):
            assert _post(s.http, "/challenges", el.challenge("south", 0, [1, 0], f"c{i}")) == (
                201,
                "",
            )
        before = s.store.count()
        response = s.http.post("/challenges", json=el.challenge("south", 1, [0, 1], "over"))
        assert (response.status_code, response.json()["reason"]) == (409, "challenges_exhausted")
        assert f"{bound} valid challenges" in response.json()["detail"]
        assert s.store.count() == before
        assert _post(s.http, "/challenges", el.challenge("north", 0, [1, 0])) == (201, "")
        assert _post(s.http, "/ballots", el.ballot("south", 1, [0, 1])) == (201, "")
        service = s.service
        service.monitor.catch_up()
        assert service.monitor.status()["ok"]


def _swapped_proofs(el: Election, i: int, resign: bool) -> dict[str, object]:
    """Voter ``i``'s ballot with the two 0/1 proofs of its question swapped (each is then a
    proof for the wrong option), signed again by the voter when ``resign``."""
    from dataclasses import replace

    from plebiscite.model.ballot import Ballot

    opened = el.encrypt("north", i, [1, 0], "swapped")
    enc = opened.encrypted
    q = enc.questions[0]
    swapped = replace(enc, questions=(replace(q, proofs=(q.proofs[1], q.proofs[0])),))
    if resign:
        return dict(el.sign(el.voter("north", i), swapped))
    good = el.sign(el.voter("north", i), enc)
    assert el.head is not None
    return dict(Ballot(swapped, bytes.fromhex(str(good["signature"])), el.head).to_json(el.group))


def _broken_equation(el: Election, i: int, signature: object) -> dict[str, object]:
    """Voter ``i``'s ballot whose second 0/1 proof fails in its group equations only (its
    challenge is right), carrying ``signature`` (a valid signature of another ballot)."""
    from dataclasses import replace

    from plebiscite.crypto import proofs as zk

    enc = el.encrypt("north", i, [0, 1], "broken").encrypted
    q = enc.questions[0]
    p = q.proofs[1]
    bad = zk.ZeroOneProof(p.a0, p.b0, p.a1, p.b1, p.c0, p.v0, (p.v1 + 1) % el.group.q)
    broken = replace(enc, questions=(replace(q, proofs=(q.proofs[0], bad)),))
    return {**el.sign(el.voter("north", i), broken), "signature": signature}


@pytest.fixture(scope="module")
def verifier_pool() -> Iterator[VerifierPool]:
    """Two verifier processes, shared by the tests of this module."""
    pool = VerifierPool(2)
    try:
        yield pool
    finally:
        pool.close()


@pytest.mark.parametrize("where", ["thread", "workers"])
def test_a_batch_of_ballots_is_verified_at_once_and_each_bad_one_refused(
    served: Served, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, where: str
) -> None:
    from plebiscite.board import acceptance
    from plebiscite.board.board import BoardView
    from plebiscite.errors import BoardError

    el = served.election
    pool = request.getfixturevalue("verifier_pool") if where == "workers" else None
    policy = acceptance.VotingPolicy(pool=pool)
    for entry in served.store.read(0):
        policy.observe(entry)
    good = [
        el.ballot(d, i, [i % 2, 1 - i % 2]) for d, i in (("north", 0), ("north", 1), ("south", 0))
    ]
    bad_proof = _swapped_proofs(el, 2, resign=True)
    bad_both = _swapped_proofs(el, 3, resign=False)  # the proofs are named first, as unbatched
    bad_signature = {**el.ballot("south", 1, [1, 0]), "signature": "11" * 64}
    # another ballot's signature: a valid one, whose R is a point (the batch refuses it, and the
    # ballot is checked again alone); then one beside an equation-only broken proof (the proof
    # is named first, as unbatched)
    borrowed = {**el.ballot("north", 1, [1, 0], "borrowed"), "signature": good[0]["signature"]}
    borrowed_both = _broken_equation(el, 2, good[0]["signature"])
    stranger = dict(el.ballot("north", 0, [0, 1], "stranger"))
    stranger["credential"] = key("stranger").public.xonly.hex()
    batch = [good[0], bad_proof, good[1], bad_both, bad_signature, good[2], borrowed]
    batch += [borrowed_both, stranger]
    policy.precheck([("ballot", b) for b in batch])  # type: ignore[misc]
    calls: list[object] = []
    real = acceptance.check_ballot
    monkeypatch.setattr(
        acceptance, "check_ballot", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    outcomes: list[str] = []
    with served.store.write() as writer:
        view = BoardView(ELECTION_ID, writer, writer.last())
        for body in batch:
            try:
                policy(view, "ballot", body)  # type: ignore[arg-type]
            except BoardError as exc:
                outcomes.append(exc.reason)
                if exc.reason == "bad_proof":
                    assert "submission: field body.questions[0].proofs[" in exc.message
            else:
                outcomes.append("accepted")
    expected = ["accepted", "bad_proof", "accepted", "bad_proof", "bad_signature", "accepted"]
    assert outcomes == [*expected, "bad_signature", "bad_proof", "not_on_roll"]
    assert calls == []  # every verdict came from the batch
    assert policy._prechecked == {}  # and each was dropped once decided
    # each bad ballot alone gets the same reason from the unbatched check
    alone = acceptance.VotingPolicy()
    for entry in served.store.read(0):
        alone.observe(entry)
    with served.store.write() as writer:
        view = BoardView(ELECTION_ID, writer, writer.last())
        for body, reason in (
            (bad_proof, "bad_proof"),
            (bad_both, "bad_proof"),
            (borrowed, "bad_signature"),
            (borrowed_both, "bad_proof"),
        ):
            with pytest.raises(BoardError) as caught:
                alone(view, "ballot", body)  # type: ignore[arg-type]
            assert caught.value.reason == reason


def test_the_workers_give_the_verdicts_of_one_process(
    served: Served, verifier_pool: VerifierPool
) -> None:
    from plebiscite.board.prechecks import Checked

    el = served.election
    params = el.params_from(list(served.store.read(0)))
    bodies = [el.ballot("north", i, [i % 2, 1 - i % 2], "pool") for i in range(16)]
    bodies[2] = _swapped_proofs(el, 2, resign=True)
    bodies[5] = {**bodies[5], "signature": "22" * 64}
    bodies[6] = {**bodies[6], "district": 7}
    bodies[7] = _swapped_proofs(el, 7, resign=False)
    shared = verifier_pool.check(params, bodies)  # two slices of eight, one per worker

    def outcome(verdict: object) -> tuple[object, ...]:
        if isinstance(verdict, Checked):
            return ("ballot", verdict)
        assert isinstance(verdict, (RecordError, ProofError))
        return (type(verdict), verdict.reason, verdict.field, str(verdict))

    assert [outcome(v) for v in shared] == [outcome(v) for v in precheck_ballots(params, bodies)]
    kinds = ["ok" if isinstance(v, Checked) else v.reason or type(v).__name__ for v in shared]
    bad = ["ProofError", "bad_signature", "RecordError", "ProofError"]
    assert kinds == ["ok", "ok", bad[0], "ok", "ok", *bad[1:], *["ok"] * 8]


def test_a_small_batch_goes_to_one_worker_whole(
    served: Served, verifier_pool: VerifierPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plebiscite.board import prechecks

    el = served.election
    params = el.params_from(list(served.store.read(0)))
    bodies = [el.ballot("south", 0, [1, 0], "small"), _swapped_proofs(el, 1, resign=True)]
    here = precheck_ballots(params, bodies)

    def not_here(*args: object) -> object:
        raise AssertionError("verified in the service's own process")

    monkeypatch.setattr(prechecks, "precheck_ballots", not_here)
    shared = verifier_pool.check(params, bodies)
    assert isinstance(shared[0], prechecks.Checked) and shared[0] == here[0]
    assert isinstance(shared[1], ProofError) and str(shared[1]) == str(here[1])
    assert verifier_pool.check(params, []) == []


def test_a_worker_gone_fails_its_batch_and_is_replaced(served: Served) -> None:
    import os
    import signal

    from plebiscite.board import prechecks
    from plebiscite.errors import ParameterError

    el = served.election
    params = el.params_from(list(served.store.read(0)))
    bodies = [el.ballot("north", i, [1, 0], "gone") for i in range(2)]
    pool = VerifierPool(1)
    try:
        pool.start()
        first = pool._procs[0].process
        os.kill(first.pid or 0, signal.SIGKILL)
        first.join()
        with pytest.raises(ParameterError, match="a worker is gone"):
            pool.check(params, bodies)
        again = pool.check(params, bodies)  # a fresh worker, sent the parameters anew
        assert pool._procs[0].process is not first
        assert again == precheck_ballots(params, bodies)
        assert all(isinstance(v, prechecks.Checked) for v in again)
    finally:
        pool.close()
    assert pool._procs == []
    with pytest.raises(ParameterError, match="closed"):
        pool.check(params, bodies)


def test_a_verdict_feeds_the_checker_as_the_ballot_checked_in_another_process(
    served: Served,
) -> None:
    from plebiscite.board.prechecks import Checked
    from plebiscite.model.ballot import check_ballot
    from plebiscite.rules.checker import ballot_check

    el = served.election
    params = el.params_from(list(served.store.read(0)))
    ballot = check_ballot(params, el.ballot("north", 3, [0, 1], "portable"), "submission")
    verdict = Checked.of(params, ballot)
    assert verdict.check(41) == ballot_check(41, ballot).portable(params.group)
    assert (verdict.tracking, verdict.head) == (ballot.tracking, ballot.head)


def test_the_monitor_reuses_the_policys_verdicts(served: Served) -> None:
    el = served.election
    monitor = served.service.monitor
    monitor.catch_up()
    for district, i in (("south", 0), ("south", 1), ("north", 0)):
        served.board.post("ballot", el.ballot(district, i, [1, 0]))
    assert len(monitor._verdicts) == 3  # handed over by the policy, keyed by index and hash
    monitor.catch_up()
    assert not monitor._verdicts
    status = monitor.status()
    assert status["ok"] and status["checks"]["V5"] == 3  # type: ignore[index]
    counts = monitor.counts()["districts"]
    assert {"district": "south", "ballots": 2, "challenges": 0} in counts  # type: ignore[operator]
