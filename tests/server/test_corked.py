"""The corked transport: what one step of the event loop writes goes out as one write."""

from __future__ import annotations

import asyncio
from typing import Any

from plebiscite.server.corked import Corked


class _Transport:
    """A transport that records what it is asked to do."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.calls.append(("write", data))

    def write_eof(self) -> None:
        self.calls.append(("write_eof", None))

    def close(self) -> None:
        self.closing = True
        self.calls.append(("close", None))

    def abort(self) -> None:
        self.closing = True
        self.calls.append(("abort", None))

    def is_closing(self) -> bool:
        return self.closing

    def get_write_buffer_size(self) -> int:
        return 5

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 1) if name == "peername" else default


def test_the_writes_of_one_loop_step_go_out_as_one() -> None:
    async def scenario() -> None:
        raw = _Transport()
        corked = Corked(raw, asyncio.get_running_loop())  # type: ignore[arg-type]
        corked.write(b"HTTP/1.1 201 Created\r\n\r\n")
        corked.write(b'{"entry":1}')
        assert raw.calls == []  # held until the step ends
        assert corked.get_write_buffer_size() == 5 + 35
        await asyncio.sleep(0)
        assert raw.calls == [("write", b'HTTP/1.1 201 Created\r\n\r\n{"entry":1}')]
        corked.writelines([b"a", b"b"])
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert raw.calls[1:] == [("write", b"ab")]
        assert corked.get_extra_info("peername") == ("127.0.0.1", 1)  # the rest passes through

    asyncio.run(scenario())


def test_close_and_eof_send_what_is_held_first_and_abort_drops_it() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        raw = _Transport()
        corked = Corked(raw, loop)  # type: ignore[arg-type]
        corked.write(b"last answer")
        corked.write_eof()
        corked.write(b"bye")
        corked.close()
        await asyncio.sleep(0)  # the flush scheduled by the first write finds nothing held
        assert raw.calls == [
            ("write", b"last answer"),
            ("write_eof", None),
            ("write", b"bye"),
            ("close", None),
        ]
        cut = _Transport()
        dropped = Corked(cut, loop)  # type: ignore[arg-type]
        dropped.write(b"never sent")
        dropped.abort()
        await asyncio.sleep(0)
        assert cut.calls == [("abort", None)]

    asyncio.run(scenario())
