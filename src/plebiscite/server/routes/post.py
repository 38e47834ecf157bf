"""Posting to the board: ballots, challenges, trustee entries, the authority's entries, the roll.

Every post first takes a token from its client's bucket (429 when there is none, before the body
is read); it is then read whole (at most the body limit), parsed strictly (duplicate keys, floats,
``NaN`` and trailing data refused), checked for depth and the entry body rules; only a well-formed
post takes a token from the global bucket, and is handed to the board's single writer, whose
policies check everything else before anything is written. Accepted: 201 with
``{"entry", "receipt"}`` (the receipt is the signed head at the entry). Refused: 4xx with
``{"reason", "detail", "refusal"}``; for a ballot with every field of the format and a
signature, ``refusal`` is the board's signed refusal.
"""

from __future__ import annotations

import asyncio
import json
import threading
from binascii import hexlify
from concurrent.futures import Future
from typing import Any, Final, NamedTuple, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import State
from starlette.requests import ClientDisconnect

from plebiscite.board.board import Appended
from plebiscite.board.routes import AUTHORITY_KINDS, ROLL_KINDS, TRUSTEE_ROUTE_KINDS
from plebiscite.errors import BoardError, NestingError, PlebisciteError, RecordError
from plebiscite.model.ballot import BALLOT_FIELDS
from plebiscite.model.codec import JSONObject, JSONValue, loads_strict, plain_json_text
from plebiscite.model.entry import SignedRefusal, check_body
from plebiscite.server.limits import (
    ASGIApp,
    Limits,
    Receive,
    Scope,
    Send,
    TooLarge,
    check_depth,
    client_key,
)
from plebiscite.server.routes.common import refusal, status_of
from plebiscite.server.service import BoardService
from plebiscite.server.timeouts import aborted

__all__ = ["DIRECT", "DirectPosts", "accepted_payload", "router"]

_BODY_DOC: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}
_ANSWERS: Final[dict[int | str, dict[str, Any]]] = {
    201: {"description": "Accepted: the entry and its receipt (the signed head at it)."},
    400: {
        "description": "Malformed: not strict JSON, wrong fields or types, bad encodings; or the "
        "body ended before its Content-Length."
    },
    403: {"description": "Not allowed: not on the roll, wrong district, wrong signer."},
    409: {"description": "Refused in the board's state (replay, voting not open, …)."},
    408: {"description": "The body did not arrive within the time limit."},
    413: {"description": "The body is over the size limit."},
    422: {"description": "A signature or proof does not verify."},
    429: {"description": "Over a client's post or challenge rate, the global rate, or revotes."},
}

router = APIRouter(tags=["post"])

_T = TypeVar("_T")


def _signed_ballot_shape(body: JSONObject) -> bool:
    """Whether a ballot body has exactly the format's fields and a signature of the right size."""
    signature = body.get("signature")
    return set(body) == set(BALLOT_FIELDS) and isinstance(signature, str) and len(signature) == 128


class _Answer(NamedTuple):
    """What a post is answered: the HTTP status, the JSON content (of a refusal), more headers;
    for an accepted post, its entry and receipt and the request's body as it came."""

    status: int
    content: dict[str, JSONValue]
    headers: dict[str, str] | None = None
    #: an accepted post's request body: its entry's body as it came (the same JSON value)
    raw: bytes | None = None
    #: an accepted post's entry and receipt
    appended: Appended | None = None

    def value(self) -> dict[str, JSONValue]:
        """The answer's JSON value: ``{"entry", "receipt"}`` for an accepted post."""
        if self.appended is None:
            return self.content
        return {
            "entry": self.appended.entry.to_json(),
            "receipt": self.appended.receipt.to_json(),
        }

    def payload(self) -> bytes:
        """The answer's bytes: as :class:`JSONResponse` makes them, except that an accepted
        entry's body is the request's own JSON, not its value encoded again, and the rest of an
        accepted answer is filled into its template (:func:`accepted_payload`)."""
        if self.appended is None or self.raw is None:
            return _json(self.value())
        return accepted_payload(self.appended, self.raw)


#: an accepted answer as :func:`_json` encodes ``{"entry", "receipt"}``, the entry's body aside
_ACCEPTED: Final = (
    b'{"entry":{"index":%d,"time":%d,"kind":%s,"body":%s,"prev":"%s","hash":"%s"},'
    b'"receipt":{"election_id":"%s","index":%d,"entry_hash":"%s","time":%d,"signature":"%s"}}'
)


def accepted_payload(appended: Appended, raw: bytes) -> bytes:
    """The 201 answer's bytes for ``appended`` whose body came as ``raw``: the bytes
    :func:`_json` gives for ``{"entry": entry.to_json(), "receipt": receipt.to_json()}``, with
    ``raw`` in place of the entry's body encoded again."""
    entry, head = appended
    return _ACCEPTED % (
        entry.index,
        entry.time,
        _json_text(entry.kind),
        raw,
        hexlify(entry.prev),
        hexlify(entry.hash),
        hexlify(head.election_id),
        head.index,
        hexlify(head.entry_hash),
        head.time,
        hexlify(head.signature),
    )


def _json_text(text: str) -> bytes:
    """A JSON string as :func:`_json` encodes it."""
    return json.dumps(text, ensure_ascii=False).encode("utf-8")


def _json(content: dict[str, JSONValue]) -> bytes:
    """``content`` as :class:`JSONResponse` encodes it."""
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def _refused(
    reason: str,
    detail: str,
    signed: JSONObject | None = None,
    headers: dict[str, str] | None = None,
) -> _Answer:
    """A refusal: ``{"reason", "detail", "refusal"}`` (the signed refusal, or null)."""
    return _Answer(
        status_of(reason), {"reason": reason, "detail": detail, "refusal": signed}, headers
    )


def _too_many(wait: float, detail: str) -> _Answer:
    return _refused(
        "too_many_requests", detail, headers={"Retry-After": str(max(1, round(wait + 0.5)))}
    )


async def _receive_body(receive: Receive, max_body: int) -> bytes:
    """The request's whole body from the ASGI ``receive``: :class:`TooLarge` as soon as it
    passes ``max_body`` bytes, :class:`ClientDisconnect` if it ends before it is whole."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        if message["type"] != "http.request":
            continue
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_body:
            raise TooLarge(f"the request body is over {max_body} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _settle(done: Future[_T], waiter: asyncio.Future[_T]) -> None:
    if waiter.cancelled():
        return
    error = done.exception()
    if error is not None:
        waiter.set_exception(error)
    else:
        waiter.set_result(done.result())


class _Settler:
    """Settles event-loop futures from the writer's thread, a group commit's at once: the first
    outcome decided schedules one call on the loop, and the outcomes decided before it runs go
    with it (one wake-up of the loop per group, not one per post)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._lock = threading.Lock()
        self._due: list[tuple[Future[Any], asyncio.Future[Any]]] = []

    def add(self, done: Future[Any], waiter: asyncio.Future[Any]) -> None:
        """From any thread: settle ``waiter`` with the outcome of ``done`` on the loop."""
        with self._lock:
            self._due.append((done, waiter))
            if len(self._due) > 1:  # a call is already scheduled: it takes this one too
                return
        self.loop.call_soon_threadsafe(self._run)

    def _run(self) -> None:
        with self._lock:
            due, self._due = self._due, []
        for done, waiter in due:
            _settle(done, waiter)


def _committed(state: State, submitted: Future[_T]) -> asyncio.Future[_T]:
    """An event-loop future that takes the outcome of the writer's ``submitted`` (a thread's
    future) once it is decided, through the app's settler for the running loop (kept in its
    ``state``). Cancelling it (a request cancelled while it waits) leaves the submission to the
    writer, as a blocked thread would: the writer decides it and, if it is accepted, writes it."""
    loop = asyncio.get_running_loop()
    settler: _Settler | None = getattr(state, "settler", None)
    if settler is None or settler.loop is not loop:
        settler = state.settler = _Settler(loop)
    waiter: asyncio.Future[_T] = loop.create_future()
    submitted.add_done_callback(lambda done: settler.add(done, waiter))
    return waiter


async def _read_body(
    scope: Scope, receive: Receive, lim: Limits, kind: str
) -> tuple[bytes, JSONObject] | _Answer:
    """The post's body, as it came and parsed, if it is well-formed; else the refusal."""
    try:
        raw = await _receive_body(receive, lim.max_body)
    except TooLarge as exc:
        return _refused("too_large", str(exc))
    except ClientDisconnect:  # too slow, cut short or gone (logged once by the middleware)
        cut = aborted(scope)
        return _refused(cut.reason, cut.detail, headers={"Connection": "close"})
    try:
        body = loads_strict(raw, "request body")
    except NestingError:
        return _refused("too_deep", f"request body: nested over {lim.max_depth} levels")
    except RecordError as exc:
        return _refused("bad_json", str(exc))
    if not isinstance(body, dict):
        return _refused("malformed", "request body: expected a JSON object (the entry's body)")
    # seen from the text alone when it can be (plain_json_text with no more brackets than the
    # depth limit, each level needing one): every value is one of the record's and the nesting
    # is within the limit, so neither is walked
    plain = plain_json_text(raw, lim.max_depth)
    deep = None if plain else check_depth(body, lim.max_depth)
    if deep is not None:
        return _refused("too_deep", f"request body: nested {deep} levels, over {lim.max_depth}")
    try:
        check_body(kind, body, "request body", plain=plain)
    except PlebisciteError as exc:
        return _refused("malformed", str(exc))
    return raw, body


async def _post(state: State, scope: Scope, receive: Receive, kind: str) -> _Answer:
    """Decide the post of ``kind`` whose request is ``scope`` and ``receive``, for the app whose
    state is ``state``."""
    svc: BoardService = state.service
    peer = scope.get("client")
    client = client_key(peer[0] if peer else None)
    wait = state.client_buckets.take(client)
    if wait > 0:
        return _too_many(wait, "this client is posting over its rate limit: try again shortly")
    if kind == "challenge":
        wait = state.challenge_buckets.take(client)
        if wait > 0:
            return _too_many(
                wait,
                "this client is posting challenges over its rate limit (a challenge names no "
                "voter, so they are limited per client): try again later",
            )
    read = await _read_body(scope, receive, state.limits, kind)
    if isinstance(read, _Answer):
        return read
    raw, body = read
    wait = state.bucket.take()
    if wait > 0:
        return _too_many(
            wait, "the board is taking posts at its global rate limit: try again shortly"
        )
    sign = kind == "ballot" and _signed_ballot_shape(body)
    try:
        # the body was parsed here and checked: the writer takes it as it is, and the event
        # loop waits for the commit without holding a thread
        outcome = await _committed(state, svc.hand_over(kind, body, sign_refusal=sign))
    except BoardError as exc:
        return _refused(exc.reason, exc.message)
    except PlebisciteError as exc:
        return _refused("malformed", str(exc))
    if isinstance(outcome, SignedRefusal):
        signed = outcome.to_json()
        return _refused(outcome.reason, f"the board refused this ballot: {outcome.reason}", signed)
    return _Answer(201, {}, raw=raw, appended=outcome)


async def _route(request: Request, kind: str) -> Response:
    """A post through the router: its answer as a :class:`JSONResponse`."""
    answer = await _post(request.app.state, request.scope, request.receive, kind)
    return JSONResponse(answer.value(), status_code=answer.status, headers=answer.headers)


#: the posts that skip the router (:class:`DirectPosts`): the path and the entry kind
DIRECT: Final = {"/ballots": "ballot", "/challenges": "challenge"}


class DirectPosts:
    """ASGI middleware, innermost: ``POST /ballots`` and ``POST /challenges``, the posts that come
    by the thousand, go straight to their handler (:func:`_post`, the very code of the routes
    below) instead of through the router's matching, dependency solving and exception
    middleware, and are answered with the bytes a :class:`JSONResponse` would send, without
    making one. Every middleware added after it (the body limit and deadline, CORS) still wraps
    them; other requests go on to ``app``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = DIRECT.get(scope["path"]) if scope["type"] == "http" else None
        if kind is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        answer = await _post(scope["app"].state, scope, receive, kind)
        payload = answer.payload()
        extra = (answer.headers or {}).items()
        headers = [
            *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in extra),
            (b"content-length", str(len(payload)).encode("latin-1")),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


@router.post("/ballots", status_code=201, responses=_ANSWERS, openapi_extra=_BODY_DOC)
async def post_ballot(request: Request) -> Response:
    """Cast a ballot (its body as in docs/record.md); the answer holds the voter's receipt."""
    return await _route(request, "ballot")


@router.post("/challenges", status_code=201, responses=_ANSWERS, openapi_extra=_BODY_DOC)
async def post_challenge(request: Request) -> Response:
    """Post a challenged (opened) ballot; it can never be cast."""
    return await _route(request, "challenge")


@router.post("/trustees/{kind}", status_code=201, responses=_ANSWERS, openapi_extra=_BODY_DOC)
async def post_trustee(request: Request, kind: str) -> Response:
    """Post a trustee's entry (a ceremony round, the liveness drill, a partial decryption),
    signed by the identity key of the trustee it names; the signature is checked first."""
    if kind not in TRUSTEE_ROUTE_KINDS:
        return refusal("unknown_kind", f"no trustee entry kind {kind!r}")
    return await _route(request, kind)


@router.post("/authority/{kind}", status_code=201, responses=_ANSWERS, openapi_extra=_BODY_DOC)
async def post_authority(request: Request, kind: str) -> Response:
    """Post an entry of the authority (manifest, election_key, open, close, tally, result),
    signed with the authority key of the manifest; never a password."""
    if kind not in AUTHORITY_KINDS:
        return refusal("unknown_kind", f"no authority entry kind {kind!r}")
    return await _route(request, kind)


@router.post("/roll/{kind}", status_code=201, responses=_ANSWERS, openapi_extra=_BODY_DOC)
async def post_roll(request: Request, kind: str) -> Response:
    """Post a chunk of the credential roll, or its final entry signed by the credential
    authority."""
    if kind not in ROLL_KINDS:
        return refusal("unknown_kind", f"no roll entry kind {kind!r}")
    return await _route(request, kind)
