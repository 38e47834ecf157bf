"""Load on the board service: sustained rate of accepted ballots, and their latency.

.venv/bin/python bench/board_load.py [--ballots 600] [--seconds 60] [--clients 16] [--db URL]
    [--workers 2] [--receipts after|inline]

A fresh board directory is served by ``plebiscite serve`` (without its global and per-client rate
limits: ``--rate 0 --client-rate 0``) in a child process on 127.0.0.1; this
process is the load generator. It posts the test election's setup and ``open``, encrypts one
ballot per credential beforehand and builds each whole HTTP request (not timed), then posts them
over ``--clients`` kept-alive connections, all driven by one thread (a selector: the load
generator shares the two cores with the service, so it spends as little as it can), until every
ballot is posted or ``--seconds`` have passed.

Only ballots answered 201 whose receipt names the posted entry and verifies against the board
key are counted: the service answers 201 after the policy validated the ballot (roll, signature,
every proof) and the entry was committed durably (SQLite ``synchronous=FULL``). With
``--receipts after`` (the default) a client keeps each answer and every answer is checked when
the posting phase is over (the entry parsed strictly with its hash, the receipt matched to it and
its signature verified), so the load generator spends as little as it can of the two cores the
service runs on; ``--receipts inline`` posts through :class:`HTTPBoard` (httpx, each answer
checked as it arrives), as a party's tools do. The rate is counted ballots over the wall time of
the posting phase; latencies are per request, measured by the client. CPU per ballot is the
server process's, its verifier processes' and the load generator's over the posting phase, from
/proc and ``process_time``.

``--db`` serves the board from another store (``postgresql://…``, e.g. the URL that
``scripts/postgres.sh url`` prints; the database must hold no board yet).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test election's builder lives with the tests
sys.path.insert(0, str(ROOT / "tests"))  # ... and imports the shared one, tests/_builder.py

from tests.server._election import Election  # noqa: E402
from tests.server.test_live import PASSPHRASE, Server  # noqa: E402

from plebiscite.board.http import HTTPBoard, Refused  # noqa: E402
from plebiscite.crypto.signatures import VerifyingKey  # noqa: E402
from plebiscite.election.setup import init_board  # noqa: E402
from plebiscite.errors import PlebisciteError  # noqa: E402
from plebiscite.model.codec import loads_strict  # noqa: E402
from plebiscite.model.entry import parse_entry, parse_head  # noqa: E402
from plebiscite.state.party import TEST_KDF_ENV, open_party  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def tree_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) of process ``pid``, and of its living descendants."""
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        child = int(stat.parent.name)
        parent[child] = int(fields[1])
        ticks[child] = int(fields[11]) + int(fields[12])
    family = {pid}
    grew = True
    while grew:
        more = {c for c, p in parent.items() if p in family} - family
        grew = bool(more)
        family |= more
    tick = os.sysconf("SC_CLK_TCK")
    return ticks.get(pid, 0) / tick, sum(ticks.get(p, 0) for p in family - {pid}) / tick


def db_server_pid(db: str | None) -> int | None:
    """The process id of the PostgreSQL server (its postmaster) behind ``db`` when it runs on
    this machine, else None (SQLite, or a server elsewhere)."""
    if db is None:
        return None
    import psycopg

    from plebiscite.board.stores.postgres import parse_location

    with psycopg.connect(parse_location(db)[0], autocommit=True) as conn:
        row = conn.execute("SELECT pg_backend_pid()").fetchone()
    backend = Path(f"/proc/{row[0] if row else 0}/stat")
    try:
        text = backend.read_text()
    except OSError:
        return None
    return int(text[text.rindex(")") + 2 :].split()[1])


def _request(host: str, raw: bytes) -> bytes:
    """The whole HTTP/1.1 request that posts ``raw`` to /ballots, built beforehand."""
    head = (
        f"POST /ballots HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(raw)}\r\n\r\n"
    )
    return head.encode("ascii") + raw


class _Connection:
    """One kept-alive connection posting its requests one after the other."""

    def __init__(self, address: tuple[str, int], requests: list[tuple[int, bytes]]) -> None:
        self.sock = socket.create_connection(address, timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.requests = requests
        self.next = 0
        self.buffer = b""
        self.started = 0.0

    def send_next(self) -> bool:
        """Send the next request whole; False when there is none left."""
        if self.next >= len(self.requests):
            return False
        self.buffer = b""
        self.started = time.perf_counter()
        self.sock.setblocking(True)
        self.sock.sendall(self.requests[self.next][1])
        self.sock.setblocking(False)
        return True

    def answer(self) -> tuple[int, bytes] | None:
        """The status and body of the answer once it is whole in the buffer, else None."""
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = self.buffer[:end].lower()
        at = head.find(b"\r\ncontent-length:")
        if at < 0:
            raise http.client.HTTPException("an answer without Content-Length")
        line_end = head.find(b"\r\n", at + 2)
        length = int(head[at + 17 : line_end if line_end >= 0 else len(head)])
        if len(self.buffer) < end + 4 + length:
            return None
        return int(head[9:12]), self.buffer[end + 4 : end + 4 + length]


def _post_raw(
    url: str,
    parts: list[list[tuple[int, bytes]]],
    deadline: float,
    out: list[tuple[int, float, int, bytes]],
) -> None:
    """POST every part's requests over a kept-alive connection of its own, all from this one
    thread (a selector: no thread switches, no parsing beyond the status and the length), until
    ``deadline``; append (ballot number, seconds, HTTP status, answer body) to ``out`` for each
    ballot answered."""
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    connections = [_Connection((host, int(port)), part) for part in parts if part]
    with selectors.DefaultSelector() as selector:
        try:
            for connection in connections:
                if connection.send_next():
                    selector.register(connection.sock, selectors.EVENT_READ, connection)
            while selector.get_map():
                for key, _ in selector.select(timeout=60):
                    connection = key.data
                    chunk = connection.sock.recv(1 << 16)
                    if not chunk:
                        raise ConnectionError("the service closed a connection")
                    connection.buffer += chunk
                    answer = connection.answer()
                    if answer is None:
                        continue
                    elapsed = time.perf_counter() - connection.started
                    out.append((connection.requests[connection.next][0], elapsed, *answer))
                    connection.next += 1
                    if time.monotonic() > deadline or not connection.send_next():
                        selector.unregister(connection.sock)
        finally:
            for connection in connections:
                connection.sock.close()


def _receipt_checked(raw: bytes, status: int, answer: bytes, board_key: VerifyingKey) -> str:
    """What became of one ballot posted raw: "counted" (201 with an entry that is the ballot,
    parsed strictly with its hash, and a receipt that names it and verifies), else the reason of
    a refusal or "bad_answer"."""
    try:
        value = loads_strict(answer, "answer")
        if not isinstance(value, dict):
            return "bad_answer"
        if status != 201:
            reason = value.get("reason")
            return reason if isinstance(reason, str) else "bad_answer"
        entry = parse_entry(value.get("entry"), "answer: entry")
        receipt = parse_head(value.get("receipt"), "answer: receipt")
    except PlebisciteError:
        return "bad_answer"
    posted = json.loads(raw)
    if entry.kind != "ballot" or entry.body != posted or not receipt.matches(entry):
        return "bad_answer"
    return "counted" if receipt.verify(board_key) else "bad_answer"


def run(
    ballots: int,
    seconds: float,
    clients: int,
    db: str | None,
    workers: int,
    receipts: str = "after",
) -> dict[str, object]:
    os.environ.pop(TEST_KDF_ENV, None)  # honoured only under pytest: the real cost here
    with tempfile.TemporaryDirectory() as tmp:
        board_dir = Path(tmp) / "board"
        init_board(board_dir, PASSPHRASE)
        server = Server(board_dir, db=db, extra=["--workers", str(workers)])
        try:
            board_key = open_party(board_dir, "board").public_key
            election = Election(board_key, extra_voters=ballots)
            with HTTPBoard(server.url) as link:
                for kind, body in election.setup():
                    link.post(kind, body)
                link.post("open", election.open_body(link.entries()))
            t0 = time.perf_counter()
            bodies = [election.ballot("north", i, [i % 2, 1 - i % 2]) for i in range(ballots)]
            prepared = time.perf_counter() - t0
            latencies: list[float] = []
            refused: dict[str, int] = {}
            failed = 0
            lock = threading.Lock()
            deadline = time.monotonic() + seconds

            raw_bodies = [json.dumps(body, separators=(",", ":")).encode() for body in bodies]
            host = server.url.split("://", 1)[1]
            parts = [
                [(i, _request(host, raw_bodies[i])) for i in range(k, ballots, clients)]
                for k in range(clients)
            ]
            answers: list[tuple[int, float, int, bytes]] = []

            def client(part: list[dict[str, object]]) -> None:
                nonlocal failed
                with HTTPBoard(server.url, timeout=60) as own:
                    for body in part:
                        if time.monotonic() > deadline:
                            return
                        start = time.perf_counter()
                        try:
                            appended = own.post("ballot", body)  # type: ignore[arg-type]
                        except Refused as exc:
                            with lock:
                                refused[exc.reason] = refused.get(exc.reason, 0) + 1
                            continue
                        except Exception:
                            with lock:
                                failed += 1
                            continue
                        elapsed = time.perf_counter() - start
                        # HTTPBoard.post checked the entry and the receipt's signature
                        assert appended.receipt.matches(appended.entry)
                        with lock:
                            latencies.append(elapsed)

            threads = [
                threading.Thread(target=client, args=(bodies[k::clients],))
                for k in range(clients if receipts == "inline" else 0)
            ]
            server_cpu = tree_cpu(server.process.pid)
            postmaster = db_server_pid(db)
            db_cpu = sum(tree_cpu(postmaster)) if postmaster is not None else 0.0
            own_cpu = time.process_time()
            load = os.getloadavg()[0]
            t1 = time.perf_counter()
            for t in threads:
                t.start()
            if receipts == "after":
                try:
                    _post_raw(server.url, parts, deadline, answers)
                except (OSError, http.client.HTTPException):
                    failed += 1
            for t in threads:
                t.join()
            wall = time.perf_counter() - t1
            own_cpu = time.process_time() - own_cpu
            after = tree_cpu(server.process.pid)
            server_cpu = (after[0] - server_cpu[0], after[1] - server_cpu[1])
            if postmaster is not None:
                db_cpu = sum(tree_cpu(postmaster)) - db_cpu
            for i, elapsed, code, answer in answers:
                outcome = _receipt_checked(raw_bodies[i], code, answer, board_key)
                if outcome == "counted":
                    latencies.append(elapsed)
                else:
                    refused[outcome] = refused.get(outcome, 0) + 1
            with HTTPBoard(server.url) as link:
                status = link.status()
        finally:
            server.stop()
    counted = len(latencies)
    return {
        "store": "sqlite" if db is None else db.split("://", 1)[0],
        "clients": clients,
        "verify_workers": workers,
        "receipts": receipts,
        "load_average_at_start": round(load, 2),
        "posted": ballots,
        "counted": counted,
        "refused": refused,
        "errors": failed,
        "wall_s": round(wall, 3),
        "rate_per_s": round(counted / wall, 1) if wall > 0 else 0.0,
        "latency_ms": {
            "p50": round(1000 * percentile(latencies, 0.50), 1),
            "p90": round(1000 * percentile(latencies, 0.90), 1),
            "p99": round(1000 * percentile(latencies, 0.99), 1),
            "mean": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
        },
        "cpu_ms_per_ballot": {
            "server": round(1000 * server_cpu[0] / max(1, counted), 2),
            "server_workers": round(1000 * server_cpu[1] / max(1, counted), 2),
            "clients": round(1000 * own_cpu / max(1, counted), 2),
            "db_server": round(1000 * db_cpu / max(1, counted), 2)
            if postmaster is not None
            else None,
        },
        "encrypt_s": round(prepared, 1),
        "server_writer": status.get("writer"),
        "server_checker_failures": len(status.get("failures") or []),  # type: ignore[arg-type]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=600, help="ballots (one per credential)")
    parser.add_argument("--seconds", type=float, default=60.0, help="longest posting phase")
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument("--db", default=None, help="a store URL instead of board.sqlite")
    parser.add_argument(
        "--workers", type=int, default=2, help="the service's verifier processes (serve --workers)"
    )
    parser.add_argument(
        "--receipts",
        choices=("after", "inline"),
        default="after",
        help="check the answers after the posting phase (raw kept-alive connections), or as "
        "each arrives (HTTPBoard over httpx)",
    )
    args = parser.parse_args()
    if not 1 <= args.ballots <= 100_000 or not 0 < args.seconds <= 3600:
        parser.error("--ballots must be in [1, 100000] and --seconds in (0, 3600]")
    print(
        json.dumps(
            run(args.ballots, args.seconds, args.clients, args.db, args.workers, args.receipts),
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
