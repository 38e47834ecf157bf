"""The board store alone: group commits of ballot-sized entries and their heads, per store.

.venv/bin/python bench/board_store.py [--groups 400] [--group 8] [--body 2000] [--db URL]

Builds ``--groups`` × ``--group`` chained entries whose bodies are about ``--body`` bytes of
canonical JSON (a ballot of the test election is about 2,000) and signs the head at each
beforehand (not timed), then commits them one group per :meth:`Store.write` transaction, as the
board's writer does (re-read the head, append the group, record its heads, commit durably).
Reports the commits per second, the wall time and this process's CPU per group commit, and, for
a PostgreSQL server on this machine (``--db postgresql://…``), its processes' CPU per group
(the postmaster and its children, from /proc). Without ``--db`` the store is SQLite in a
temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from board_load import db_server_pid, tree_cpu  # noqa: E402
from plebiscite.board.stores.factory import open_store  # noqa: E402
from plebiscite.crypto.rand import DeterministicRandom  # noqa: E402
from plebiscite.crypto.signatures import SigningKey  # noqa: E402
from plebiscite.model.codec import JSONObject  # noqa: E402
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead  # noqa: E402

ELECTION_ID = bytes(range(16))


def chain(count: int, body_bytes: int) -> list[Entry]:
    """``count`` chained ballot entries, each body about ``body_bytes`` of canonical JSON."""
    rng = DeterministicRandom("board store bench")
    entries: list[Entry] = []
    prev, now = GENESIS_PREV, 1_800_000_000_000_000
    for i in range(count):
        body: JSONObject = {
            "credential": rng.randbytes(32).hex(),
            "data": rng.randbytes(body_bytes // 2 - 60).hex(),
        }
        entry = Entry.create(i, now + i, "ballot", body, prev)
        entries.append(entry)
        prev = entry.hash
    return entries


def run(groups: int, size: int, body_bytes: int, db: str | None) -> dict[str, object]:
    key = SigningKey.generate(DeterministicRandom("board store bench key"))
    entries = chain(groups * size, body_bytes)
    heads = [SignedHead.for_entry(key, ELECTION_ID, e) for e in entries]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db if db is not None else str(Path(tmp) / "board.sqlite"))
        try:
            postmaster = db_server_pid(db)
            db_cpu = sum(tree_cpu(postmaster)) if postmaster is not None else 0.0
            own = time.process_time()
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            for g in range(groups):
                part = slice(g * size, (g + 1) * size)
                with store.write() as writer:
                    writer.last()
                    writer.append(entries[part])
                    writer.add_heads(heads[part])
            wall = time.perf_counter() - t0
            own = time.process_time() - own
            if postmaster is not None:
                db_cpu = sum(tree_cpu(postmaster)) - db_cpu
            assert store.count() == groups * size
        finally:
            store.close()
    return {
        "store": "sqlite" if db is None else db.split("://", 1)[0],
        "load_average_at_start": round(load, 2),
        "groups": groups,
        "entries_per_group": size,
        "body_bytes": len(json.dumps(entries[0].body, separators=(",", ":"))),
        "commits_per_s": round(groups / wall, 1),
        "entries_per_s": round(groups * size / wall, 1),
        "ms_per_commit": {
            "wall": round(1000 * wall / groups, 3),
            "client_cpu": round(1000 * own / groups, 3),
            "db_server_cpu": round(1000 * db_cpu / groups, 3) if postmaster is not None else None,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=400, help="group commits")
    parser.add_argument("--group", type=int, default=8, help="entries per group commit")
    parser.add_argument("--body", type=int, default=2000, help="bytes of each entry's body")
    parser.add_argument("--db", default=None, help="a store URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    if not 1 <= args.groups <= 100_000 or not 1 <= args.group <= 1024 or args.body < 200:
        parser.error("--groups in [1, 100000], --group in [1, 1024], --body at least 200")
    print(json.dumps(run(args.groups, args.group, args.body, args.db), indent=2))


if __name__ == "__main__":
    main()
