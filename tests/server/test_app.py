"""The service's endpoints through FastAPI's TestClient: posting, refusing, reading, limits."""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.datastructures import State

from plebiscite.board.http import Refused
from plebiscite.board.stores.base import check_chain
from plebiscite.errors import BoardError
from plebiscite.model.ballot import format_tracking, parse_tracking, proofs_value, tracking_hash
from plebiscite.model.codec import loads_strict
from plebiscite.model.entry import parse_entry, parse_head, parse_refusal, submission_hash
from plebiscite.model.signed import sign_body
from plebiscite.model.tally import Received
from plebiscite.rules.checks import CHECK_IDS
from plebiscite.server.limits import Limits, TokenBucket, check_depth
from plebiscite.server.routes import post as post_routes

from ._election import ELECTION_ID, key
from .conftest import BOARD_KEY, Served, serve


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def _post(served: Served, path: str, body: object) -> tuple[int, dict[str, object]]:
    response = served.http.post(path, content=json.dumps(body).encode())
    return response.status_code, response.json()


def test_valid_ballot_gets_201_and_a_receipt_that_verifies(served: Served) -> None:
    body = served.election.ballot("north", 0, [1, 0])
    status, answer = _post(served, "/ballots", body)
    assert status == 201
    entry = parse_entry(answer["entry"], "answer")
    receipt = parse_head(answer["receipt"], "answer")
    assert entry.kind == "ballot" and entry.body == body
    assert receipt.matches(entry) and receipt.verify(BOARD_KEY.public)
    assert receipt.election_id == ELECTION_ID
    # the receipt is in the head history, and is the current head
    assert served.http.get("/head").json() == answer["receipt"]
    heads = served.http.get("/heads", params={"start": 0}).json()["heads"]
    assert answer["receipt"] in heads


def test_direct_posts_keep_the_limits_cors_and_documentation(served: Served) -> None:
    # POST /ballots skips the router (DirectPosts) but not what wraps it
    body = served.election.ballot("north", 2, [1, 0])
    origin = {"Origin": "https://booth.example"}
    answer = served.http.post("/ballots", content=json.dumps(body).encode(), headers=origin)
    assert answer.status_code == 201 and answer.headers["access-control-allow-origin"] == "*"
    assert answer.json()["entry"]["body"] == body
    big = served.http.post("/ballots", content=b" " * (Limits().max_body + 1), headers=origin)
    assert big.status_code == 413 and big.json()["reason"] == "too_large"
    assert served.http.post("/challenges", content=b"[]").json()["reason"] == "malformed"
    assert served.http.get("/ballots").status_code == 405  # other methods: the router
    paths = served.http.get("/openapi.json").json()["paths"]
    assert "post" in paths["/ballots"] and "post" in paths["/challenges"]


def test_an_accepted_answer_carries_the_body_as_posted_and_parses_strictly(
    served: Served,
) -> None:
    """The 201 answer of a direct post holds the request's own JSON as the entry's body (keys in
    another order, spaces and escapes kept): the same value, in an answer a strict parser takes,
    whose entry hash checks; the same post through the router answers the same value."""
    body = served.election.ballot("north", 3, [0, 1])
    raw = json.dumps(dict(reversed(list(body.items()))), indent=1).encode()
    raw = raw.replace(b'"district"', b'"\\u0064istrict"')  # an escape, the same key
    response = served.http.post("/ballots", content=b" " + raw + b"\n")
    assert response.status_code == 201
    assert raw in response.content
    answer = loads_strict(response.content, "answer")
    assert isinstance(answer, dict)
    entry = parse_entry(answer["entry"], "answer")  # the entry's hash is checked
    assert entry.body == body and list(answer) == ["entry", "receipt"]
    assert list(answer["entry"]) == ["index", "time", "kind", "body", "prev", "hash"]
    assert parse_head(answer["receipt"], "answer").matches(entry)


def test_refusals_are_4xx_with_reason_and_change_nothing(served: Served) -> None:
    el = served.election
    first = el.ballot("north", 1, [0, 1])
    assert _post(served, "/ballots", first)[0] == 201
    before = served.export()
    outsider = dict(el.ballot("north", 1, [0, 1], seed="other"))
    stranger_key = key("not on the roll")
    from plebiscite.model.ballot.create import encrypt_ballot

    assert el.params is not None
    opened = encrypt_ballot(el.params, "north", stranger_key.public.xonly, [[1, 0]])
    stranger = el.sign(stranger_key, opened.encrypted)
    bad_signature = dict(outsider)
    bad_signature["signature"] = "00" * 64
    wrong_district = el.ballot("north", 2, [1, 0])
    wrong_district["district"] = "south"
    cases = [
        ("/ballots", first, 409, "replay"),
        ("/ballots", bad_signature, 422, "bad_signature"),
        ("/ballots", stranger, 403, "not_on_roll"),
        ("/ballots", wrong_district, 403, "wrong_district"),
        ("/challenges", first, 400, "malformed"),
        ("/authority/open", el.open_body(served.board.entries()[:13]), 409, "already_open"),
        ("/authority/manifest", el.manifest(), 409, "voting_open"),
    ]
    for path, body, status, reason in cases:
        got, answer = _post(served, path, body)
        assert (got, answer["reason"]) == (status, reason), (path, reason, answer)
        assert isinstance(answer["detail"], str) and answer["detail"]
    # a well-formed signed ballot's refusal is signed by the board
    _, answer = _post(served, "/ballots", first)
    refusal = parse_refusal(answer["refusal"], "answer")
    assert refusal.verify(BOARD_KEY.public) and refusal.reason == "replay"
    assert refusal.submission == submission_hash("ballot", first)
    assert served.export() == before


def test_signed_setup_entries_are_checked_before_writing(tmp_path: Path) -> None:
    for s in serve(tmp_path, open_voting=False):
        el = s.election
        before = s.export()
        items = dict((k, b) for k, b in el.setup() if k in ("trustee_commit", "liveness"))
        # a commit with another key than the fingerprinted one, signed by that key
        intruder = key("intruder")
        commit = {**items["trustee_commit"], "key": intruder.public.hex()}
        commit = sign_body(intruder, ELECTION_ID, "trustee_commit", commit)
        status, answer = _post(s, "/trustees/trustee_commit", commit)
        assert status == 403 and answer["reason"] == "wrong_signer"
        # the right key in the body, signed by another
        commit = sign_body(intruder, ELECTION_ID, "trustee_commit", items["trustee_commit"])
        status, answer = _post(s, "/trustees/trustee_commit", commit)
        assert status == 422 and answer["reason"] == "bad_signature"
        # a liveness entry re-signed by the authority instead of the trustee
        live = sign_body(el.authority, ELECTION_ID, "liveness", items["liveness"])
        status, answer = _post(s, "/trustees/liveness", live)
        assert status == 422 and answer["reason"] == "bad_signature"
        status, answer = _post(s, "/trustees/ballot", items["liveness"])
        assert status == 404 and answer["reason"] == "unknown_kind"
        # voting cannot open with a body signed by anyone but the authority
        forged = sign_body(key("intruder"), ELECTION_ID, "open", el.open_body(s.board.entries()))
        status, answer = _post(s, "/authority/open", forged)
        assert status == 422 and answer["reason"] == "bad_signature"
        assert s.export() == before


def test_manifest_must_name_this_board_and_be_signed(tmp_path: Path) -> None:
    from plebiscite.board.stores.sqlite import SQLiteStore
    from plebiscite.server.app import create_app
    from plebiscite.server.service import BoardService

    from ._election import Election
    from .conftest import TestClient

    other = key("another board")
    with TestClient(create_app(BoardService(SQLiteStore(tmp_path / "b.sqlite"), other))) as http:
        el = Election(BOARD_KEY.public)
        response = http.post("/authority/manifest", json=el.manifest())
        assert response.status_code == 403 and response.json()["reason"] == "wrong_board"
        response = http.post("/trustees/trustee_commit", json={"trustee": 1})
        assert response.status_code == 409 and response.json()["reason"] == "no_manifest"
        assert http.get("/manifest").status_code == 404
        assert http.get("/head").status_code == 404


def test_malformed_posts_are_4xx_and_change_nothing(served: Served) -> None:
    el = served.election
    good = el.ballot("south", 0, [1, 0])
    text = json.dumps(good)
    before = served.export()
    q0 = good["questions"][0]  # type: ignore[index]
    upper = json.loads(text)
    upper["questions"][0]["ciphertexts"][0]["alpha"] = q0["ciphertexts"][0]["alpha"].upper()
    uncompressed = json.loads(text)
    uncompressed["questions"][0]["ciphertexts"][0]["alpha"] = "04" + "11" * 64
    bodies: list[tuple[bytes, int, str]] = [
        (b"{not json", 400, "bad_json"),
        (text[:-1].encode() + b', "district": "north"}', 400, "bad_json"),  # duplicate key
        (json.dumps({**good, "extra": 1}).encode(), 400, "malformed"),  # unknown field
        (json.dumps({**good, "district": 7}).encode(), 400, "malformed"),  # wrong type
        (json.dumps(upper).encode(), 400, "malformed"),  # non-canonical element
        (json.dumps(uncompressed).encode(), 400, "malformed"),
        (b'{"district": 1.5}', 400, "bad_json"),  # floats are not in the record
        (b"[1, 2, 3]", 400, "malformed"),
        (b"[" * 50 + b"]" * 50, 400, "malformed"),
        (json.dumps({"a": _nested(18)}).encode(), 400, "too_deep"),
        (json.dumps({"a": _nested(16)}).encode(), 400, "too_deep"),  # 17 levels, 17 brackets
        (json.dumps({"a": _nested(15)}).encode(), 400, "malformed"),  # 16 levels: not too deep
        # the values the text alone cannot vouch for: each is refused by the checks of the value
        (b'{"district": -1}', 400, "malformed"),  # a negative integer
        (b'{"district": "\\ud800"}', 400, "malformed"),  # a lone surrogate
        (
            b'{"a": "' + b"[" * 20 + b'", "b": ' + json.dumps(_nested(16)).encode() + b"}",
            400,
            "too_deep",
        ),
        (b"\xff\xfe", 400, "bad_json"),
        (b"", 400, "bad_json"),
    ]
    for raw, status, reason in bodies:
        response = served.http.post("/ballots", content=raw)
        assert response.status_code == status, (raw[:60], response.text)
        assert response.json()["reason"] == reason, (raw[:60], response.text)
    big = b'{"x": "' + b"a" * (2 << 20) + b'"}'
    response = served.http.post("/ballots", content=big)
    assert response.status_code == 413 and response.json()["reason"] == "too_large"

    def chunks() -> object:
        for _ in range(40):
            yield b" " * 65536

    response = served.http.post("/challenges", content=chunks())  # no Content-Length
    assert response.status_code == 413
    assert served.http.get("/entries/-1").status_code == 404
    assert served.http.get("/entries", params={"start": -1}).status_code == 400
    assert served.export() == before


def test_errors_speak_the_apis_language(served: Served) -> None:
    """Extreme nesting is ``too_deep`` whatever its depth; a huge number is ``bad_json``; no
    detail speaks of the implementation (recursion, sys, Python's limits)."""
    before = served.export()
    deep_list = b"[" * 100_000 + b"]" * 100_000
    deep_object = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    huge = b'{"district": ' + b"9" * 5_000 + b"}"
    cases = [(deep_list, "too_deep"), (deep_object, "too_deep"), (huge, "bad_json")]
    for path in ("/ballots", "/authority/close", "/trustees/liveness"):
        for raw, reason in cases:
            response = served.http.post(path, content=raw)
            assert response.status_code == 400, (path, raw[:20], response.text)
            answer = response.json()
            assert answer["reason"] == reason, (path, raw[:20], answer)
            detail = answer["detail"].lower()
            for word in ("recursion", "sys.", "set_int_max_str_digits", "python", "traceback"):
                assert word not in detail, (path, raw[:20], detail)
    assert "digits" in served.http.post("/ballots", content=huge).json()["detail"]
    assert served.export() == before


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(
        [
            "/ballots",
            "/challenges",
            "/trustees/liveness",
            "/trustees/partial_decryption",
            "/authority/close",
            "/authority/open",
            "/roll/credential_roll_final",
        ]
    ),
    mutation=st.one_of(
        st.tuples(
            st.just("replace"),
            st.sampled_from(["district", "credential", "questions", "signature", "tracking"]),
            _json_values,
        ),
        st.tuples(st.just("whole"), st.just(""), _json_values),
        st.tuples(st.just("bytes"), st.just(""), st.binary(max_size=200)),
    ),
)
def test_fuzz_posts_never_5xx_never_change_state(
    fuzz_board: Served, path: str, mutation: tuple[str, str, object]
) -> None:
    how, field, value = mutation
    base = fuzz_board.election.ballot("north", 3, [1, 0], seed="fuzz")
    if how == "replace":
        raw = json.dumps({**base, field: value}).encode()
    elif how == "whole":
        raw = json.dumps(value).encode()
    else:
        assert isinstance(value, bytes)
        raw = value
    count = fuzz_board.store.count()
    response = fuzz_board.http.post(path, content=raw)
    assert 400 <= response.status_code < 500, response.text
    assert fuzz_board.store.count() == count


@pytest.fixture(scope="module")
def fuzz_board(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield from serve(tmp_path_factory.mktemp("fuzz"))


def test_tracking_lookup_lets_the_voter_recompute_the_hash(served: Served) -> None:
    el = served.election
    opened = el.encrypt("north", 2, [0, 1], seed="track")
    body = el.sign(el.voter("north", 2), opened.encrypted)
    assert _post(served, "/ballots", body)[0] == 201
    challenge = el.challenge("south", 1, [1, 0], seed="track")
    assert _post(served, "/challenges", challenge)[0] == 201
    shown = opened.encrypted.tracking_text
    answer = served.http.get(f"/tracking/{shown}").json()
    assert answer["kind"] == "ballot" and answer["tracking"] == shown
    # recompute: the statement from the entry and the context, then the tracking hash
    entry = parse_entry(answer["entry"], "answer")
    assert answer["election_context"] == el.params.election_ctx.hex()  # type: ignore[union-attr]
    from plebiscite.model.ballot import check_ballot

    ballot = check_ballot(el.params, entry.body, "answer")  # type: ignore[arg-type]
    recomputed = tracking_hash(
        ballot.encrypted.statement, proofs_value(el.group, ballot.encrypted.questions)
    )
    assert format_tracking(recomputed) == shown
    found = served.http.get(f"/tracking/{challenge['tracking']}").json()
    assert found["kind"] == "challenge"
    assert parse_tracking(found["tracking"]).hex() == challenge["tracking"]
    # the challenge served names no voter (spec §11.2): a binding, no credential key
    served_body = found["entry"]["body"]
    assert set(served_body) == {"district", "binding", "questions", "tracking"}
    assert el.voter("south", 1).public.hex() not in json.dumps(found)
    assert served.http.get("/tracking/" + "0" * 64).status_code == 404
    assert served.http.get("/tracking/not-a-hash").status_code == 400


def test_read_endpoints(served: Served) -> None:
    el = served.election
    for i in range(3):
        assert _post(served, "/ballots", el.ballot("north", i, [1, 0]))[0] == 201
    assert _post(served, "/challenges", el.challenge("south", 0, [0, 1]))[0] == 201
    entries = list(served.store.read(0))
    manifest = served.http.get("/manifest").json()
    assert parse_entry(manifest, "m") == entries[0]
    contexts = served.http.get("/contexts").json()
    assert contexts["election_id"] == ELECTION_ID.hex()
    assert contexts["board_key"] == BOARD_KEY.public.hex()
    assert contexts["election_context"] == el.params.election_ctx.hex()  # type: ignore[union-attr]
    page = served.http.get("/entries", params={"start": 2, "limit": 5}).json()
    assert [parse_entry(e, "p") for e in page["entries"]] == entries[2:7] and page["next"] == 7
    assert served.http.get(f"/entries/{len(entries) - 1}").json() == entries[-1].to_json()
    assert served.http.get(f"/entries/{len(entries)}").status_code == 404
    lines = served.http.get("/stream", params={"start": 1}).text.splitlines()
    assert [parse_entry(x, "s") for x in lines] == entries[1:]
    assert check_chain(served.board.entries()) == len(entries)
    heads = list(served.board.heads())
    assert [h.index for h in heads] == list(range(len(entries)))
    assert all(
        h.verify(BOARD_KEY.public) and h.matches(e) for h, e in zip(heads, entries, strict=True)
    )
    counts = served.http.get("/counts").json()
    assert counts["phase"] == "voting"
    assert counts["districts"] == [
        {"district": "north", "ballots": 3, "challenges": 0},
        {"district": "south", "ballots": 0, "challenges": 1},
    ]
    status = served.http.get("/status", params={"sync": True}).json()
    assert status["ok"] and status["failures"] == [] and status["lag"] == 0
    assert status["entries"] == len(entries) and status["head"] == heads[-1].to_json()
    assert status["checks"]["V5"] == 3 and status["checks"]["V10"] == 1
    assert served.http.get("/docs").status_code == 200
    paths = served.http.get("/openapi.json").json()["paths"]
    assert {"/ballots", "/challenges", "/status", "/tracking/{code}", "/stream"} <= set(paths)


def test_status_counts_every_check_of_the_registry(served: Served) -> None:
    status = served.http.get("/status", params={"sync": True}).json()
    assert list(status["checks"]) == list(CHECK_IDS)
    assert list(status["failed"]) == list(CHECK_IDS)


def test_close_then_ballots_are_refused(served: Served) -> None:
    el = served.election
    assert _post(served, "/ballots", el.ballot("north", 0, [1, 0]))[0] == 201
    received = [Received("north", 1, 0), Received("south", 0, 0)]
    wrong = el.close_body([Received("north", 5, 0), Received("south", 0, 0)])
    status, answer = _post(served, "/authority/close", wrong)
    assert status == 422 and answer["reason"] == "wrong_figures"
    assert _post(served, "/authority/close", el.close_body(received))[0] == 201
    status, answer = _post(served, "/ballots", el.ballot("north", 1, [1, 0]))
    assert status == 409 and answer["reason"] == "voting_closed"
    status = served.http.get("/status", params={"sync": True}).json()
    assert status["phase"] == "closed" and status["ok"]


def test_client_raises_refused_with_the_signed_refusal(served: Served) -> None:
    body = served.election.ballot("south", 1, [0, 1])
    served.board.post("ballot", body)
    with pytest.raises(Refused) as caught:
        served.board.post("ballot", body)
    assert caught.value.reason == "replay" and caught.value.status == 409
    assert caught.value.refusal is not None and caught.value.refusal.verify(BOARD_KEY.public)


def test_global_rate_limit_answers_429(tmp_path: Path) -> None:
    # a burst just large enough for the setup and open (14 posts), then one post per 1000 s
    for s in serve(tmp_path, Limits(rate=0.001, burst=14)):
        count = s.store.count()
        refused = s.http.post("/ballots", json=s.election.ballot("north", 0, [1, 0]))
        assert refused.status_code == 429
        assert refused.json()["reason"] == "too_many_requests"
        assert int(refused.headers["retry-after"]) >= 1
        assert s.store.count() == count
        assert s.http.get("/head").status_code == 200  # reads are not rate limited


def _depth(value: object) -> int:
    """The nesting depth of a JSON value, recursively (a scalar 0, ``[]`` 1, ``[[1]]`` 2)."""
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=20,
)


@given(_JSON, st.integers(min_value=1, max_value=6))
def test_check_depth_is_the_nesting_depth_over_the_limit(value: object, limit: int) -> None:
    depth = _depth(value)
    assert check_depth(value, limit) == (limit + 1 if depth > limit else None)


def test_limits_helpers() -> None:
    now = [0.0]
    bucket = TokenBucket(2.0, 2, clock=lambda: now[0])
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, 0.5]
    now[0] = 0.5
    assert bucket.take() == 0.0
    assert check_depth({"a": [1, {"b": 2}]}, 3) is None
    assert check_depth({"a": [1, {"b": [2]}]}, 3) == 4
    with pytest.raises(Exception, match="max_depth"):
        Limits(max_depth=2)


def test_a_post_cancelled_while_it_waits_leaves_its_submission_to_the_writer() -> None:
    """The event loop's future for a post's commit: cancelling it (the request cancelled) does
    not cancel the writer's submission, which is still taken and answered; a waiter not
    cancelled gets the outcome, or the refusal raised."""

    state = State()

    async def scenario() -> None:
        submitted: Future[str] = Future()
        waiter = post_routes._committed(state, submitted)
        waiter.cancel()
        await asyncio.sleep(0)
        assert submitted.set_running_or_notify_cancel()  # not cancelled: the writer takes it
        submitted.set_result("appended")
        await asyncio.sleep(0.01)  # the settling callback runs and leaves the waiter as it is
        assert waiter.cancelled()
        accepted: Future[str] = Future()
        waiting = post_routes._committed(state, accepted)
        threading.Thread(target=accepted.set_result, args=("appended",)).start()
        assert await waiting == "appended"
        refused: Future[str] = Future()
        waiting = post_routes._committed(state, refused)
        refused.set_exception(BoardError("replay", "a replay"))
        with pytest.raises(BoardError, match="a replay"):
            await waiting

    asyncio.run(scenario())


def test_a_group_commits_posts_are_settled_with_one_call_on_the_loop() -> None:
    """The outcomes the writer decides together reach the event loop in one call, each its own
    waiter's; a later outcome schedules a call of its own."""
    state = State()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        calls: list[object] = []
        threadsafe = loop.call_soon_threadsafe

        def counted(*args: Any) -> Any:
            calls.append(args[0])
            return threadsafe(*args)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        group: list[Future[str]] = [Future() for _ in range(3)]
        waiters = [post_routes._committed(state, f) for f in group]

        def writer() -> None:  # a group commit: every outcome set before the loop runs again
            for k, f in enumerate(group[:2]):
                f.set_result(f"appended {k}")
            group[2].set_exception(BoardError("replay", "a replay"))

        thread = threading.Thread(target=writer)
        thread.start()
        thread.join()  # the loop is held meanwhile, as a busy one would be
        assert await waiters[0] == "appended 0" and await waiters[1] == "appended 1"
        with pytest.raises(BoardError, match="a replay"):
            await waiters[2]
        assert len(calls) == 1
        later: Future[str] = Future()
        waiting = post_routes._committed(state, later)
        threading.Thread(target=later.set_result, args=("appended 3",)).start()
        assert await waiting == "appended 3"
        assert len(calls) == 2

    asyncio.run(scenario())


_BODIES = st.dictionaries(
    st.text(max_size=4),
    st.none() | st.booleans() | st.integers(min_value=0) | st.text(max_size=6),
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(
    _BODIES,
    st.sampled_from(["ballot", "challenge", "trustee_commit"]),
    st.integers(min_value=0, max_value=2**40),
    st.integers(min_value=0, max_value=2**62),
    st.binary(min_size=32, max_size=32),
    st.sampled_from([None, 1, 2]),
)
def test_the_accepted_template_gives_the_bytes_of_the_encoded_answer(
    body: dict[str, object], kind: str, index: int, time: int, prev: bytes, indent: int | None
) -> None:
    """An accepted answer filled into its template is, byte for byte, the answer's JSON as the
    app encodes it with the request's own text as the entry's body."""
    from plebiscite.board.board import Appended
    from plebiscite.model.entry import Entry, SignedHead

    entry = Entry.create(index, time, kind, body, prev)  # type: ignore[arg-type]
    head = SignedHead.for_entry(BOARD_KEY, ELECTION_ID, entry)
    raw = json.dumps(body, indent=indent, ensure_ascii=indent is None).encode()
    content = {"entry": entry.to_json(), "receipt": head.to_json()}
    encoded = json.dumps(
        {**content, "entry": {**content["entry"], "body": None}},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    at = encoded.index(b'"body":null')
    expected = encoded[: at + 7] + raw + encoded[at + 11 :]
    assert post_routes.accepted_payload(Appended(entry, head), raw) == expected
    assert loads_strict(expected, "answer") == content
