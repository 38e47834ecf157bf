"""CORS on the short way of the posts that come by the thousand, without parsing headers.

Starlette's :class:`~starlette.middleware.cors.CORSMiddleware` builds a header map of every
request and of every answer it sees. For ``POST /ballots`` and ``POST /challenges`` (the app's
short way, :class:`~plebiscite.server.app.BoardApp`) :func:`lean_cors` puts in its place a
:class:`SimpleCORS` that answers with the same headers: the middleware's ``simple_headers``
(``Access-Control-Allow-Origin: *``) when the request names an origin, and ``Origin`` added to
``Vary`` on every answer, as that middleware does when every origin is allowed without
credentials. A POST is never a preflight (those are ``OPTIONS``). Any other configuration keeps
Starlette's middleware.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware

from plebiscite.server.limits import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SimpleCORS", "lean_cors"]


def lean_cors(middleware: CORSMiddleware, app: ASGIApp) -> ASGIApp:
    """:class:`SimpleCORS` answering as ``middleware`` does, around ``app``; ``middleware``
    itself when it is configured otherwise than every origin allowed without credentials."""
    if not middleware.allow_all_origins or middleware.allow_credentials:
        return middleware
    return SimpleCORS(app, dict(middleware.simple_headers))


class SimpleCORS:
    """ASGI middleware for simple (non-preflight) requests when every origin is allowed without
    credentials (module docstring): ``headers`` are added to the answer when the request carries
    an ``Origin`` header, and ``Vary`` gains ``Origin`` on every answer."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self._headers = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()
        ]
        self._names = {name for name, _ in self._headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = any(name == b"origin" for name, _ in scope["headers"])

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._answer_headers(list(message.get("headers", ())), origin)
            await send(message)

        await self.app(scope, receive, answer)

    def _answer_headers(
        self, headers: list[tuple[bytes, bytes]], origin: bool
    ) -> list[tuple[bytes, bytes]]:
        if origin:  # set, replacing any of the same name
            headers = [h for h in headers if h[0].lower() not in self._names]
            headers.extend(self._headers)
        vary = [v for n, v in headers if n.lower() == b"vary"]
        if vary:
            headers = [h for h in headers if h[0].lower() != b"vary"]
        headers.append((b"vary", b", ".join([*vary, b"Origin"])))
        return headers
