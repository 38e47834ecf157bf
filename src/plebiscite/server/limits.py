"""The board service's limits: body size, JSON nesting, rates of posts per client and in all.

* **Body size.** :class:`BodyLimit` is an ASGI middleware that answers 413 before the body is
  read when ``Content-Length`` is over the limit, and stops reading (413) as soon as a body sent
  without a length (chunked) goes over it.
* **JSON nesting.** :func:`check_depth` refuses a parsed value nested deeper than the limit
  (a ballot is five levels deep); the strict parser itself refuses what would exhaust Python's
  recursion.
* **Rate per client.** :class:`ClientBuckets` keeps one :class:`TokenBucket` per client address
  (an IPv6 address by its /64 network), the least recently used dropped beyond ``clients``; every
  post takes a token from its client's bucket before its body is read, so one client sending too
  much (well-formed or not) is answered 429 with ``Retry-After`` while the others go on.
* **Global rate.** One more :class:`TokenBucket` for the whole service, charged only for a post
  whose body is well-formed (strict JSON, within depth, the entry body rules): malformed junk
  costs its sender's bucket alone and cannot lock every voter out.
* **Challenges per client.** A challenge names no credential (spec §11.2), so anyone can post
  one: besides its post bucket, each client has a bucket for ``/challenges`` alone
  (``challenge_rate``, ``challenge_burst``), so one address cannot use a district's bound of
  challenges (spec §11.6) up; answered 429 ``too_many_requests`` with ``Retry-After``.
* **Revotes per credential and challenges per district** are the acceptance policy's rules
  (:class:`~plebiscite.board.acceptance.VotingPolicy`, reasons ``rate_limited``, answered 429,
  and ``challenges_exhausted``, 409).

The client address is the connection's peer as the ASGI server reports it: behind a reverse
proxy, run ``plebiscite serve --forwarded-allow-ips`` naming that proxy, or every voter shares
the proxy's bucket; without it the X-Forwarded-For header is ignored, from any peer.
"""

from __future__ import annotations

import functools
import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from itertools import chain, compress
from typing import Any, Final

from plebiscite.errors import ParameterError

__all__ = [
    "DEFAULT_LIMITS",
    "BodyLimit",
    "ClientBuckets",
    "Limits",
    "TokenBucket",
    "TooLarge",
    "check_depth",
    "client_key",
    "read_limited",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Limits:
    """What the service accepts: ``max_body`` bytes per request, ``max_depth`` levels of JSON
    nesting, well-formed posts at ``rate`` per second on average with bursts of ``burst`` in all
    (``rate`` 0: no global rate limit), and posts at ``client_rate`` per second with bursts of
    ``client_burst`` from each client address (0: no limit per client), tracking at most
    ``clients`` addresses; of those posts, challenges at ``challenge_rate`` per second with bursts
    of ``challenge_burst`` from each client (0: no limit). ``page`` is the largest page of
    entries or heads served at once.
    A request's line and headers must arrive within ``header_timeout`` seconds and its body
    within ``body_timeout`` seconds after them (:mod:`plebiscite.server.timeouts`)."""

    max_body: int = 1 << 20
    max_depth: int = 16
    rate: float = 500.0
    burst: int = 1000
    page: int = 1000
    client_rate: float = 50.0
    client_burst: int = 200
    clients: int = 100_000
    challenge_rate: float = 1 / 30
    challenge_burst: int = 10
    header_timeout: float = 10.0
    body_timeout: float = 20.0

    def __post_init__(self) -> None:
        if self.max_body < 1024:
            raise ParameterError("limits: max_body must be at least 1024 bytes")
        if not 4 <= self.max_depth <= 64:
            raise ParameterError("limits: max_depth must be between 4 and 64")
        if self.rate < 0 or self.burst < 1:
            raise ParameterError("limits: rate must be at least 0 and burst at least 1")
        if self.client_rate < 0 or self.client_burst < 1 or self.clients < 1:
            raise ParameterError(
                "limits: client_rate must be at least 0, client_burst and clients at least 1"
            )
        if self.challenge_rate < 0 or self.challenge_burst < 1:
            raise ParameterError(
                "limits: challenge_rate must be at least 0 and challenge_burst at least 1"
            )
        if self.page < 1:
            raise ParameterError("limits: page must be at least 1")
        if not (self.header_timeout > 0 and self.body_timeout > 0):
            raise ParameterError("limits: header_timeout and body_timeout must be over 0 s")


DEFAULT_LIMITS: Final = Limits()


class TokenBucket:
    """A thread-safe token bucket: ``burst`` tokens, refilled at ``rate`` per second."""

    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Take one token: 0.0 when granted, else the seconds until one is available."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate


@functools.lru_cache(maxsize=4096)
def client_key(host: str | None) -> str:
    """The key of a client's bucket: its IPv4 address, the /64 network of its IPv6 address (one
    host usually holds a whole /64), or the text given when it is no IP address."""
    if host is None:
        return "?"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped if mapped is not None else address)


class ClientBuckets:
    """A :class:`TokenBucket` per client key (``rate`` per second, ``burst`` tokens), the
    ``capacity`` most recently used kept (a dropped client starts again with a full bucket)."""

    def __init__(
        self,
        rate: float,
        burst: int,
        capacity: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.capacity = capacity
        self._clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, client: str) -> float:
        """Take one token from ``client``'s bucket: 0.0 when granted, else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                bucket = self._buckets[client] = TokenBucket(self.rate, self.burst, self._clock)
                if len(self._buckets) > self.capacity:
                    self._buckets.popitem(last=False)
            else:
                self._buckets.move_to_end(client)
        return bucket.take()


#: the containers of a parsed JSON value (:func:`~plebiscite.model.codec.loads_strict` makes
#: plain dicts and lists)
_is_container: Final = frozenset({dict, list}).__contains__


def check_depth(value: object, limit: int) -> int | None:
    """The nesting depth of a parsed JSON value if it exceeds ``limit``, else None.

    Level by level, so a deep value cannot exhaust the stack here, and only the containers of
    each level are looked at again; a level's children are sorted out by their type without a
    Python step per child (``value`` is parsed JSON: its containers are dicts and lists).
    """
    level: list[object] = [value] if _is_container(type(value)) else []
    depth = 0
    while level:
        if depth + 1 > limit:
            return depth + 1
        inner: list[Iterable[object]] = [
            item.values() if type(item) is dict else item  # type: ignore[misc]
            for item in level
        ]
        children = list(chain.from_iterable(inner))
        level = list(compress(children, map(_is_container, map(type, children))))
        depth += 1
    return None


class TooLarge(Exception):
    """A request body went over the limit while it was read."""


async def read_limited(stream: AsyncIterator[bytes], max_body: int) -> bytes:
    """The whole body from ``stream``; :class:`TooLarge` as soon as it passes ``max_body``."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > max_body:
            raise TooLarge(f"the request body is over {max_body} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class BodyLimit:
    """ASGI middleware: a request whose ``Content-Length`` is over ``max_body`` is answered 413
    before any of its body is read (bodies without a length are counted by
    :func:`read_limited`)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope.get("headers", ()):
                if name != b"content-length":
                    continue
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_body + 1
                if declared > self.max_body:
                    await self._refuse(send)
                    return
        await self.app(scope, receive, send)

    async def _refuse(self, send: Send) -> None:
        payload = (
            b'{"reason":"too_large","detail":"the request body is over '
            + str(self.max_body).encode()
            + b' bytes"}'
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
