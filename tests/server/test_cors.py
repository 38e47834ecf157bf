"""The short way's CORS (:class:`SimpleCORS`) answers the headers Starlette's middleware does."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from starlette.middleware.cors import CORSMiddleware

from plebiscite.server.cors import SimpleCORS, lean_cors
from plebiscite.server.limits import ASGIApp, Message

from .conftest import Served

_CONFIG: dict[str, Any] = {
    "allow_origins": ["*"],
    "allow_methods": ["GET", "POST"],
    "allow_headers": ["Content-Type"],
    "allow_credentials": False,
    "max_age": 600,
}


def _answering(headers: list[tuple[bytes, bytes]]) -> ASGIApp:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 201, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    return app


Headers = list[tuple[bytes, bytes]]


def _headers(make: Callable[[ASGIApp], ASGIApp], request: Headers, answer: Headers) -> Headers:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/ballots", "headers": request}

    async def run() -> None:
        await make(_answering(answer))(scope, receive, send)

    asyncio.run(run())
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    return sorted((bytes(k), bytes(v)) for k, v in sent[0]["headers"])


@pytest.mark.parametrize(
    "request_headers",
    [[], [(b"origin", b"https://booth.example")], [(b"host", b"x"), (b"origin", b"null")]],
)
@pytest.mark.parametrize(
    "answer",
    [
        [(b"content-type", b"application/json")],
        [(b"retry-after", b"3"), (b"vary", b"Accept-Encoding")],
        [(b"access-control-allow-origin", b"https://other"), (b"content-length", b"2")],
    ],
)
def test_the_same_headers_as_starlettes_middleware(
    request_headers: list[tuple[bytes, bytes]], answer: list[tuple[bytes, bytes]]
) -> None:
    def starlette(app: ASGIApp) -> ASGIApp:
        return CORSMiddleware(app, **_CONFIG)

    def lean(app: ASGIApp) -> ASGIApp:
        made = lean_cors(CORSMiddleware(app, **_CONFIG), app)
        assert isinstance(made, SimpleCORS)
        return made

    assert _headers(lean, request_headers, answer) == _headers(starlette, request_headers, answer)


@pytest.mark.parametrize(
    "config",
    [{**_CONFIG, "allow_credentials": True}, {**_CONFIG, "allow_origins": ["https://a"]}],
)
def test_other_configurations_keep_starlettes_middleware(config: dict[str, Any]) -> None:
    middleware = CORSMiddleware(_answering([]), **config)
    assert lean_cors(middleware, _answering([])) is middleware


def test_a_post_on_the_short_way_answers_as_a_routed_one(served: Served) -> None:
    origin = {"Origin": "https://booth.example"}
    short = served.http.post("/challenges", content=b"[]", headers=origin)
    routed = served.http.post("/authority/nothing", content=json.dumps({}).encode(), headers=origin)
    assert short.json()["reason"] == "malformed" and routed.json()["reason"] == "unknown_kind"
    for name in ("access-control-allow-origin", "vary"):
        assert short.headers.get(name) == routed.headers.get(name) is not None
    plain = served.http.post("/challenges", content=b"[]")
    assert "access-control-allow-origin" not in plain.headers and plain.headers["vary"] == "Origin"
