"""A transport that sends what is written in one step of the event loop as one write.

uvicorn writes an answer's status line and headers, then its body, each with a
``transport.write`` of its own: two system calls, two TCP segments on a connection with
``TCP_NODELAY`` (uvloop and asyncio set it), and two wake-ups of the client, for every post.
:class:`Corked` wraps the connection's transport: the first write of a loop step schedules a
flush at the end of that step (``call_soon``), and the writes before it runs are joined to it,
so an answer written whole in one step goes out as one write. Closing (or ``write_eof``) first
sends what is held; ``abort`` drops it, as the transport would; every other call goes to the
transport as it is. Nothing waits for more data than the step has written: the flush runs before
the loop polls for I/O again.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["Corked"]


class Corked:
    """``transport``, its writes of one event-loop step joined into one (module docstring)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._held is None:
            self._held = [bytes(data)]
            self._loop.call_soon(self.flush)
        else:
            self._held.append(bytes(data))

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Send what is held now, as one write."""
        held, self._held = self._held, None
        if held and not self._transport.is_closing():
            self._transport.write(held[0] if len(held) == 1 else b"".join(held))

    def get_write_buffer_size(self) -> int:
        held = sum(len(data) for data in self._held) if self._held else 0
        return held + self._transport.get_write_buffer_size()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
