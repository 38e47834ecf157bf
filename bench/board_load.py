"""Load on the board service: sustained rate of accepted ballots, and their latency.

.venv/bin/python bench/board_load.py [--ballots 600] [--seconds 60] [--clients 16] [--db URL]
    [--workers 2] [--receipts after|inline]

A fresh board directory is served by ``plebiscite serve`` (without its global and per-client rate
limits: ``--rate 0 --client-rate 0``) in a child process on 127.0.0.1; this
process is the load generator. It posts the test election's setup and ``open``, encrypts one
ballot per credential beforehand and serializes it (not timed), then posts them from
``--clients`` threads, each with its own kept-alive HTTP connection, until every ballot is posted
or ``--seconds`` have passed.

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


def _post_raw(
    url: str, bodies: list[bytes], deadline: float
) -> list[tuple[bytes, float, int, bytes]]:
    """POST each body to ``url``/ballots over one kept-alive connection until ``deadline``:
    (body, seconds, HTTP status, answer) per ballot posted."""
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = {"Content-Type": "application/json"}
    out: list[tuple[bytes, float, int, bytes]] = []
    try:
        for raw in bodies:
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            connection.request("POST", "/ballots", raw, headers)
            response = connection.getresponse()
            answer = response.read()
            out.append((raw, time.perf_counter() - start, response.status, answer))
    finally:
        connection.close()
    return out


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
            answers: list[list[tuple[bytes, float, int, bytes]]] = [[] for _ in range(clients)]

            def raw_client(k: int) -> None:
                nonlocal failed
                try:
                    answers[k] = _post_raw(server.url, raw_bodies[k::clients], deadline)
                except (OSError, http.client.HTTPException):
                    with lock:
                        failed += 1

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

            if receipts == "inline":
                threads = [
                    threading.Thread(target=client, args=(bodies[k::clients],))
                    for k in range(clients)
                ]
            else:
                threads = [threading.Thread(target=raw_client, args=(k,)) for k in range(clients)]
            server_cpu = tree_cpu(server.process.pid)
            own_cpu = time.process_time()
            load = os.getloadavg()[0]
            t1 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t1
            own_cpu = time.process_time() - own_cpu
            after = tree_cpu(server.process.pid)
            server_cpu = (after[0] - server_cpu[0], after[1] - server_cpu[1])
            for raw, elapsed, code, answer in (item for part in answers for item in part):
                outcome = _receipt_checked(raw, code, answer, board_key)
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
