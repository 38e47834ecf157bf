"""The board as an HTTP service: the app factory.

:func:`create_app` builds a FastAPI application around a :class:`BoardService` (the board's one
writer, its acceptance policies and its monitor); :func:`open_service` opens a board directory
(the operator's key under its passphrase, ``board.sqlite`` or another store) for it. Run it with
uvicorn (``plebiscite serve``); the OpenAPI description is served at ``/docs``. The routes are
in :mod:`plebiscite.server.routes`; docs/server.md describes the API.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.cors import CORSMiddleware

from plebiscite import __version__
from plebiscite.board.board import Clock, system_clock
from plebiscite.board.client import STORE_FILE
from plebiscite.board.stores.base import Store
from plebiscite.board.stores.factory import open_store
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.errors import InputError
from plebiscite.server import pages
from plebiscite.server.cors import lean_cors
from plebiscite.server.limits import (
    DEFAULT_LIMITS,
    ASGIApp,
    BodyLimit,
    ClientBuckets,
    Limits,
    Receive,
    Scope,
    Send,
    TokenBucket,
)
from plebiscite.server.routes import post, read, status
from plebiscite.server.service import BoardService
from plebiscite.server.timeouts import BodyDeadline
from plebiscite.state.party import open_party

__all__ = ["BoardApp", "create_app", "open_service"]


def open_service(
    directory: str | os.PathLike[str],
    passphrase: str,
    *,
    db: str | None = None,
    clock: Clock = system_clock,
    monitor_interval: float | None = 0.25,
    verify_workers: int = 0,
) -> BoardService:
    """The board of a board directory: its key unlocked with ``passphrase``, its store
    ``board.sqlite`` (or ``db``, a store location such as ``postgresql://…``); ``verify_workers``
    processes verify the ballots (:class:`BoardService`)."""
    party = open_party(directory, "board")
    key = party.signing_key(passphrase)
    store: Store
    if db is not None:
        store = open_store(db)
    else:
        path = Path(directory) / STORE_FILE
        if not path.exists():
            raise InputError(f"{directory}: no {STORE_FILE} here (run `plebiscite board init`)")
        store = SQLiteStore(path)
    return BoardService(
        store,
        key,
        clock=clock,
        monitor_interval=monitor_interval,
        verify_workers=verify_workers,
    )


async def _not_found(scope: Scope, receive: Receive, send: Send) -> None:
    """The end of the short way: only the posts it is for reach it, and they are answered
    before (:class:`~plebiscite.server.routes.post.DirectPosts`)."""
    body = {"reason": "not_found", "detail": "no such route", "refusal": None}
    await JSONResponse(body, status_code=404)(scope, receive, send)


class BoardApp(FastAPI):
    """The board's FastAPI app, with a short way for the posts that come by the thousand.

    ``POST /ballots`` and ``POST /challenges`` go through every middleware the app added (CORS,
    the body deadline, the body limit, :class:`~plebiscite.server.routes.post.DirectPosts`), in
    the same order (CORS as :class:`~plebiscite.server.cors.SimpleCORS`: the same headers
    answered without parsing the request's and the answer's), but not through the framework's
    own outer layers (its error page, exception handlers, telemetry and body limit: the route
    answers every refusal itself, and an error it does not expect is answered 500 by the server)
    nor its router. Every other request takes the app's whole stack."""

    _lane: ASGIApp | None = None

    def _short_way(self) -> ASGIApp:
        lane: ASGIApp = _not_found
        for cls, args, kwargs in reversed(self.user_middleware):
            made = cls(lane, *args, **kwargs)
            lane = lean_cors(made, lane) if isinstance(made, CORSMiddleware) else made
        return lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] in post.DIRECT:
            if self._lane is None:
                self._lane = self._short_way()
            scope["app"] = self
            await self._lane(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(service: BoardService, *, limits: Limits = DEFAULT_LIMITS) -> BoardApp:
    """The FastAPI app serving ``service`` within ``limits``.

    The app starts the service's monitor when it starts and closes the service when it stops.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.close()

    app = BoardApp(
        title="plebiscite board",
        version=__version__,
        description=(
            "The public bulletin board of a verifiable referendum: read the chain and its signed "
            "heads, post ballots, challenges and the parties' signed entries, look up a tracking "
            "hash, watch the board's own checks."
        ),
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.limits = limits
    app.state.bucket = TokenBucket(limits.rate, limits.burst)
    app.state.client_buckets = ClientBuckets(
        limits.client_rate, limits.client_burst, limits.clients
    )
    app.state.challenge_buckets = ClientBuckets(
        limits.challenge_rate, limits.challenge_burst, limits.clients
    )
    app.add_middleware(post.DirectPosts)  # innermost: inside the limits and CORS
    app.add_middleware(BodyLimit, max_body=limits.max_body)
    app.add_middleware(BodyDeadline, body_timeout=limits.body_timeout)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        content = {"reason": "malformed", "detail": problems, "refusal": None}
        return JSONResponse(content, status_code=400)

    app.include_router(read.router)
    app.include_router(post.router)
    app.include_router(status.router)
    pages.install(app)
    return app
