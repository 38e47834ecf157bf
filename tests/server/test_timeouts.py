"""Time limits on requests, with ``plebiscite serve`` in a child process on 127.0.0.1: slow
headers are cut off, slow bodies answered 408, a body cut short by a half-close answered 400,
each logged as one line, and honest clients served while many slow connections are open.

Every socket here is on the loopback interface; the slow connections are bounded in number and
the test stops them itself at its end, whatever happened.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from _serve import Child, free_port, plebiscite
from plebiscite.election.setup import init_board
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

HOST = "127.0.0.1"
PASSPHRASE = "board passphrase for the timeout tests"
HEADER_TIMEOUT, BODY_TIMEOUT = 1, 2
#: how long the test waits for the server to do something (far over the limits above)
PATIENCE = 60.0
SLOW = 40  # slow connections at once: half slow in their headers, half in their bodies
MAX_BODY = 6000  # the body limit the service is run with (over the 5,000 bytes sent below)


def _serve(board: Path, log: Path, http: str) -> Child:
    port = free_port(HOST)
    env = {**os.environ, BOARD_PASSPHRASE_ENV: PASSPHRASE, TEST_KDF_ENV: "1"}
    args = ["serve", "--board", str(board), "--host", HOST, "--port", str(port), "--http", http]
    args += ["--max-body", str(MAX_BODY)]
    limits = ["--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT)]
    return Child(plebiscite(*args, *limits), port, env=env, log=log, patience=PATIENCE)


@pytest.fixture(params=["httptools", "h11"])
def served(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Child]:
    """The service on the compiled parser (httptools, a dependency of the server extra), and on
    the fallback (h11): the limits and deadlines hold on either."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    init_board(tmp_path / "board", PASSPHRASE)
    server = _serve(tmp_path / "board", tmp_path / "server.log", request.param)
    try:
        yield server
    finally:
        server.stop()


def _connect(served: Child) -> socket.socket:
    sock = socket.create_connection((HOST, served.port), timeout=PATIENCE)
    return sock


def _headers(length: int) -> bytes:
    return (
        "POST /ballots HTTP/1.1\r\nHost: board\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (at most PATIENCE seconds)."""
    chunks = []
    sock.settimeout(PATIENCE)
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _answer(raw: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def _chunked(payload: bytes, size: int) -> bytes:
    chunks = [payload[i : i + size] for i in range(0, len(payload), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"


def test_the_body_limit_holds_on_the_wire(served: Child) -> None:
    """Over the limit by its Content-Length: 413 before the body is sent; over it in chunks
    (no length): 413; within it, chunked or not: the route judges the body."""
    with _connect(served) as sock:
        sock.sendall(_headers(MAX_BODY + 1))  # no body: the answer must not wait for it
        status, answer = _answer(_read_all(sock))
    assert status == 413 and answer["reason"] == "too_large", answer
    chunked = b"POST /ballots HTTP/1.1\r\nHost: board\r\nTransfer-Encoding: chunked\r\n\r\n"
    with _connect(served) as sock:
        sock.sendall(chunked + _chunked(b'{"a": "' + b"x" * MAX_BODY + b'"}', 1000))
        status, answer = _answer(_read_all(sock))
    assert status == 413 and answer["reason"] == "too_large", answer
    small = b'{"district": "north"}'
    for raw in (_headers(len(small)) + small, chunked + _chunked(small, 7)):
        with _connect(served) as sock:
            sock.sendall(raw[:-1].replace(b"Host: board", b"Host: board\r\nConnection: close"))
            sock.sendall(raw[-1:])
            status, answer = _answer(_read_all(sock))
        assert status == 409 and answer["reason"] == "no_manifest", answer  # read whole
    log = served.stop()
    assert "Traceback" not in log, log


def test_a_body_cut_short_by_a_half_close_is_answered(served: Child) -> None:
    with _connect(served) as sock:
        sock.sendall(_headers(5000) + b"{" + b" " * 99)
        sock.shutdown(socket.SHUT_WR)
        status, answer = _answer(_read_all(sock))
    assert status == 400 and answer["reason"] == "incomplete_body", answer
    assert "100 of 5000 bytes" in str(answer["detail"])
    log = served.stop()
    assert "Traceback" not in log and "ClientDisconnect" not in log, log
    lines = [line for line in log.splitlines() if "cut short" in line]
    assert len(lines) == 1 and "incomplete_body" in lines[0], log


def test_slow_headers_and_slow_bodies_are_cut_off(served: Child) -> None:
    with _connect(served) as body, _connect(served) as header:
        body.sendall(_headers(5000) + b"{" + b" " * 99)
        header.sendall(b"POST /ballots HTTP/1.1\r\nHost: board\r\n")
        status, answer = _answer(_read_all(body))
        assert status == 408 and answer["reason"] == "too_slow", answer
        assert "100 of 5000 bytes" in str(answer["detail"])
        assert _read_all(header) == b""  # closed: there is no request to answer yet
    log = served.stop()
    assert "Traceback" not in log, log
    lines = [line for line in log.splitlines() if "cut short" in line]
    assert len(lines) == 2, log
    assert sum("request line and headers" in line for line in lines) == 1


def test_honest_clients_are_served_while_many_slow_connections_are_open(
    served: Child,
) -> None:
    """SLOW connections each send a byte now and then; meanwhile honest requests get their
    answers, and the server closes every slow connection on its own."""
    slow: list[socket.socket] = []
    try:
        for i in range(SLOW):
            sock = _connect(served)
            sock.sendall(_headers(5000) + b"{" if i % 2 else b"POST /ballots HTTP/1.1\r\n")
            sock.setblocking(False)
            slow.append(sock)
        open_ = set(range(SLOW))
        answers: dict[int, bytes] = {i: b"" for i in range(SLOW)}
        with httpx.Client(base_url=served.url, timeout=PATIENCE) as honest:
            served_honestly = 0
            deadline = time.monotonic() + PATIENCE
            while open_ and time.monotonic() < deadline:
                assert honest.get("/status").status_code == 200
                response = honest.post("/ballots", content=b'{"district": "north"}')
                # read whole and judged: this board has no election yet
                assert response.status_code == 409, response.text
                assert response.json()["reason"] == "no_manifest"
                served_honestly += 1
                for i in sorted(open_):
                    try:
                        chunk = slow[i].recv(65536)
                    except BlockingIOError:
                        try:
                            slow[i].send(b" " if i % 2 else b"X")  # a byte now and then
                        except OSError:
                            open_.discard(i)
                        continue
                    except OSError:
                        open_.discard(i)
                        continue
                    if chunk:
                        answers[i] += chunk
                    else:
                        open_.discard(i)
                time.sleep(0.1)
        assert not open_, f"{len(open_)} slow connections were still open after {PATIENCE} s"
        assert served_honestly > 0
    finally:
        for sock in slow:
            sock.close()
    for i, raw in answers.items():
        if i % 2:
            assert _answer(raw)[1]["reason"] == "too_slow", raw
        else:
            assert raw == b"" or raw.startswith(b"HTTP/1.1 400"), raw
    log = served.stop()
    assert "Traceback" not in log, log
    assert sum("cut short" in line for line in log.splitlines()) >= SLOW // 2
