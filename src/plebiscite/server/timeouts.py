"""Time limits on a request: its headers, then its body; one log line per request cut short.

* **Headers.** :func:`timed_protocol` makes uvicorn's HTTP protocol (httptools or h11) with a
  deadline: a connection
  whose request line and headers are not complete ``header_timeout`` seconds after it opened (or
  after the first bytes of its next request) is closed. There is no request yet to answer.
* **Body.** :class:`BodyDeadline` (ASGI middleware): the whole body must arrive within
  ``body_timeout`` seconds of the headers; past it the route answers 408 ``too_slow`` and the
  connection is closed.
* **A body cut short.** A client that ends its side of the connection (a half-close) before it
  sent the ``Content-Length`` it declared is answered 400 ``incomplete_body`` on the half still
  open, instead of silence.

Without these, a few hundred clients sending a byte now and then hold as many connections and
workers for as long as they like. The route reading the body sees each case as
:class:`starlette.requests.ClientDisconnect`; :func:`aborted` says why (reason and detail, in the
API's words). Each is logged once, as one line, on uvicorn's error log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final, NamedTuple

from plebiscite.server.corked import Corked

__all__ = ["ABORT_KEY", "Aborted", "BodyDeadline", "aborted", "timed_protocol"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: the scope key under which a request cut short records why
ABORT_KEY: Final = "plebiscite.aborted"
#: the scope key the protocol sets when the client half-closes inside the body
_HALF_CLOSED: Final = "plebiscite.half_closed"
_DISCONNECT: Final[Message] = {"type": "http.disconnect"}

LOG = logging.getLogger("uvicorn.error")


class Aborted(NamedTuple):
    """Why a request's body was cut short: the refusal ``reason`` and its ``detail``."""

    reason: str
    detail: str


def aborted(scope: Scope) -> Aborted:
    """Why the body of the request of ``scope`` ended early (a client gone without a word, when
    neither deadline nor half-close is recorded)."""
    found = scope.get(ABORT_KEY)
    if isinstance(found, Aborted):
        return found
    return Aborted("incomplete_body", "the client went away before the request body was complete")


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "?"


def _declared(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return f" of {value.decode('latin-1')}"
    return ""


def _abort(scope: Scope, reason: str, detail: str) -> None:
    if isinstance(scope.get(ABORT_KEY), Aborted):
        return
    scope[ABORT_KEY] = Aborted(reason, detail)
    method, path = scope["method"], scope["path"]
    LOG.warning("%s %s %s from %s cut short: %s", reason, method, path, _peer(scope), detail)


class BodyDeadline:
    """ASGI middleware: a request's body must be whole within ``body_timeout`` seconds of its
    headers. Until it is, the app's ``receive`` is timed; past the deadline, or when the body
    ends early, the app receives ``http.disconnect`` and :func:`aborted` says why. Once the
    body is whole, ``receive`` is the server's own (a streamed answer may take its time)."""

    def __init__(self, app: ASGIApp, body_timeout: float) -> None:
        self.app = app
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        received = 0
        whole = False

        async def timed() -> Message:
            nonlocal received, whole
            if whole:
                return await receive()
            if isinstance(scope.get(ABORT_KEY), Aborted):
                return _DISCONNECT
            try:
                async with asyncio.timeout_at(deadline):  # one timer, no task of its own
                    message = await receive()
            except TimeoutError:
                _abort(
                    scope,
                    "too_slow",
                    f"the request body did not arrive within {self.body_timeout:g} s "
                    f"({received}{_declared(scope)} bytes)",
                )
                return _DISCONNECT
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if scope.get(_HALF_CLOSED):
                    _abort(
                        scope,
                        "incomplete_body",
                        f"the client ended its side of the connection after {received}"
                        f"{_declared(scope)} bytes of the body",
                    )
                    return _DISCONNECT
                whole = not message.get("more_body", False)
            elif message["type"] == "http.disconnect":
                _abort(
                    scope,
                    "incomplete_body",
                    f"the client went away after {received}{_declared(scope)} bytes of the body",
                )
            return message

        await self.app(scope, timed, send)


def _protocol(http: str) -> Any:
    """uvicorn's protocol class for the parser ``http`` (imported only when asked for: httptools
    may not be installed)."""
    if http == "httptools":
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return HttpToolsProtocol
    if http == "h11":
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol
    raise ValueError(f"no HTTP protocol {http!r}")


def timed_protocol(header_timeout: float, http: str = "h11") -> type[asyncio.Protocol]:
    """uvicorn's protocol for the parser ``http`` (``httptools`` or ``h11``) with a deadline on
    each request's headers, and an answer to a client that half-closes inside a body (run
    uvicorn with ``http=`` this class). Both keep the request in ``self.cycle`` alike: a cycle
    is made when a request's headers are in, and tells whether its response is complete. Its
    transport is :class:`~plebiscite.server.corked.Corked`: an answer written in one step of
    the loop (status line, headers and body) goes out as one write."""
    base = _protocol(http)

    class Timed(base):  # type: ignore[misc,valid-type]
        _deadline: asyncio.TimerHandle | None = None
        _armed_for: object = None

        def _arm(self) -> None:
            self._disarm()
            self._armed_for = self.cycle
            self._deadline = self.loop.call_later(header_timeout, self._headers_late)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(Corked(transport, self.loop))
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._deadline is None and (self.cycle is None or self.cycle.response_complete):
                self._arm()  # the first bytes of the next request on a kept-alive connection
            super().data_received(data)
            if self.cycle is not self._armed_for:  # the headers are in: a request began
                self._disarm()

        def _headers_late(self) -> None:
            self._deadline = None
            if self.cycle is self._armed_for and not self.transport.is_closing():
                client = f"{self.client[0]}:{self.client[1]}" if self.client else "?"
                LOG.warning(
                    "too_slow request from %s cut short: the request line and headers did not "
                    "arrive within %g s; connection closed",
                    client,
                    header_timeout,
                )
                self.transport.close()

        def eof_received(self) -> bool | None:
            cycle = self.cycle
            if cycle is not None and not cycle.response_complete and cycle.more_body:
                # the client ended its side inside the body it declared: the body ends here
                # (BodyDeadline tells the app), and the answer goes out on the other side
                cycle.scope[_HALF_CLOSED] = True
                cycle.keep_alive = False
                cycle.more_body = False
                cycle.message_event.set()
                return True
            closes: bool | None = super().eof_received()
            return closes

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    Timed.__name__ = Timed.__qualname__ = f"Timed{base.__name__}"
    return Timed
