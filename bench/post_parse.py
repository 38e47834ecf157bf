"""A posted ballot's parse and checks in the board service, alone: CPU per ballot.

.venv/bin/python bench/post_parse.py [--ballots 200] [--rounds 5]

Encrypts ``--ballots`` ballots of the service tests' election (not timed), then times what the
service's event loop does with each request body before handing it to the writer
(``server/routes/post.py`` ``_read_body``: the strict parse, the nesting limit, the entry body
rules) over all of them, ``--rounds`` times, and prints the best round's CPU per ballot
(``process_time``) as JSON. Run it with ``PYTHONPATH`` naming another tree's ``src`` to compare
two versions on the same bodies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test election's builder lives with the tests
sys.path.insert(0, str(ROOT / "tests"))  # ... and imports the shared one, tests/_builder.py

from tests.server._election import Election  # noqa: E402

import plebiscite  # noqa: E402
from plebiscite.crypto.rand import DeterministicRandom  # noqa: E402
from plebiscite.crypto.signatures import SigningKey  # noqa: E402
from plebiscite.server.limits import DEFAULT_LIMITS  # noqa: E402
from plebiscite.server.routes.post import _read_body  # noqa: E402


def bodies(count: int) -> list[bytes]:
    """``count`` ballots of the test election as a client posts them (compact JSON)."""
    board = SigningKey.generate(DeterministicRandom("post parse bench"))
    election = Election(board.public, extra_voters=count)
    election.setup()
    election.open_body(election.builder.entries)
    return [
        json.dumps(election.ballot("north", i, [i % 2, 1 - i % 2]), separators=(",", ":")).encode()
        for i in range(count)
    ]


async def _parse_all(raws: list[bytes]) -> float:
    """CPU seconds of ``_read_body`` over every body (each must be well-formed)."""

    def receive_of(raw: bytes) -> Callable[[], Awaitable[MutableMapping[str, Any]]]:
        async def receive() -> MutableMapping[str, Any]:
            return {"type": "http.request", "body": raw, "more_body": False}

        return receive

    scope: dict[str, Any] = {"type": "http", "method": "POST", "path": "/ballots"}
    started = time.process_time()
    for raw in raws:
        read = await _read_body(scope, receive_of(raw), DEFAULT_LIMITS, "ballot")
        assert isinstance(read, tuple), read
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=200, help="ballots (encrypted first)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (the best is reported)")
    args = parser.parse_args()
    if not 1 <= args.ballots <= 10_000 or not 1 <= args.rounds <= 100:
        parser.error("--ballots must be in [1, 10000] and --rounds in [1, 100]")
    raws = bodies(args.ballots)
    rounds = [asyncio.run(_parse_all(raws)) for _ in range(args.rounds)]
    print(
        json.dumps(
            {
                "code": str(Path(plebiscite.__file__).parents[1]),
                "ballots": args.ballots,
                "body_bytes": round(sum(map(len, raws)) / len(raws)),
                "load_average_at_start": round(os.getloadavg()[0], 2),
                "us_per_ballot_best": round(1e6 * min(rounds) / len(raws), 1),
                "us_per_ballot_rounds": [round(1e6 * r / len(raws), 1) for r in rounds],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
