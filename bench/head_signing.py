"""The board's signed heads as its writer makes them: each signed and verified alone
(``SignedHead.for_entry``) against one write's heads signed, then verified together
(``SignedHead.for_entries``, spec §7.1), per head.

Run: ``.venv/bin/python bench/head_signing.py [--heads 4096] [--batch 16 256] [--repeat 3]``:
``--heads`` entries (a chain of ``manifest`` entries with small bodies: only their index, hash
and time are signed) in writes of ``--batch`` heads each, both ways in this process, best of
``--repeat``; every head must verify alone. ``--only alone`` or ``--only together`` (with one
``--batch``) signs one way once and prints nothing, for a count of instructions:

    valgrind --tool=callgrind .venv/bin/python bench/head_signing.py --batch 16 --only none
    valgrind --tool=callgrind .venv/bin/python bench/head_signing.py --batch 16 --only together

(the difference of the two counts, over ``--heads``, is a head's; ``none`` builds the entries and
signs one write both ways, as every run does first).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from machine import machine_line
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead

ELECTION_ID = bytes(range(16))


def _alone(key: SigningKey, entries: list[Entry], batch: int) -> list[SignedHead]:
    return [SignedHead.for_entry(key, ELECTION_ID, e) for e in entries]


def _together(key: SigningKey, entries: list[Entry], batch: int) -> list[SignedHead]:
    out: list[SignedHead] = []
    for at in range(0, len(entries), batch):
        out += SignedHead.for_entries(key, ELECTION_ID, entries[at : at + batch])
    return out


def _chain(count: int) -> list[Entry]:
    entries: list[Entry] = []
    for i in range(count):
        prev = entries[-1].hash if entries else GENESIS_PREV
        entries.append(Entry.create(i, 1_000_000 + i, "manifest", {"n": i}, prev))
    return entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heads", type=int, default=4096)
    parser.add_argument("--batch", type=int, nargs="+", default=[16, 256])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("none", "alone", "together"))
    args = parser.parse_args()
    key = SigningKey.generate(rand.DeterministicRandom("bench/head_signing"))
    entries = _chain(args.heads)
    first = entries[: args.batch[0]]
    _alone(key, first, args.batch[0])
    _together(key, first, args.batch[0])  # imports, the key's point, the first fold's plan
    if args.only is not None:
        if args.only != "none":
            run = _alone if args.only == "alone" else _together
            run(key, entries, args.batch[0])
        return 0
    print(f"# {machine_line()}; {len(entries)} heads")
    print("| heads a write | signed, each verified alone (µs a head) | verified together | ratio |")
    print("|---:|---:|---:|---:|")
    public = key.public
    for batch in args.batch:
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            for name, run in (("alone", _alone), ("together", _together)):
                start = time.perf_counter()
                heads = run(key, entries, batch)
                took = (time.perf_counter() - start) / len(entries)
                best[name] = min(best.get(name, took), took)
                if not all(
                    h.verify(public) and h.matches(e) for h, e in zip(heads, entries, strict=True)
                ):
                    raise SystemExit(f"a head signed {name} does not verify")
        print(
            f"| {batch} | {best['alone'] * 1e6:.1f} | {best['together'] * 1e6:.1f} | "
            f"{best['alone'] / best['together']:.2f}x |"
        )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
