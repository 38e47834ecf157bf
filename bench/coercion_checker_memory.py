"""What V13/V14's checker holds of a district's chunked stages (record.md §6 ``tally_chunk``),
in memory or in its store on disk.

Run: ``.venv/bin/python bench/coercion_checker_memory.py --items 3000,10000 --spill-at 1000``
(``--spill-at -1``: every list in memory, as the checker held them before its store; secp256k1,
``--trustees 3``). Each size runs in a fresh child process, so its peak RSS is its own.

A synthetic district of N items: for each of the four chunked stages (``tag_blind``,
``tag_decrypt``, ``pet_blind``, ``pet_decrypt``) and each trustee, the items of its chunks (each
chunk of the size the record uses, made of fresh group elements, as the checker parses them from
the entries) are appended to the checker's stored run as :class:`CoercionTally` does at each
chunk; every run is kept to the end, as a district's blinded and tested lists and partial
decryptions are, and then read back once, chunk by chunk, as the verifiers read them at the
closing entries. No proof is checked: this measures what the checker keeps, not its CPU. Printed
per size: the Python heap that :mod:`tracemalloc` sees at the end (``held_mib``) and at its peak
(``peak_mib``), and the process's peak RSS (``rss_mib``, inflated by tracemalloc's own records:
``--no-trace`` measures it without them, the heap figures then 0).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tracemalloc
from typing import Any

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.model.coercion.tally_entries import (
    PET_BLIND,
    PET_DECRYPT,
    TAG_BLIND,
    TAG_DECRYPT,
    chunk_size,
)
from plebiscite.rules.coercion_tally import CoercionTally

POOL = 1024


def one(n: int, spill_at: int | None, trustees: int, trace: bool) -> dict[str, Any]:
    group = get_group("secp256k1")
    pool = [group.exp_g(3 + j) for j in range(POOL)]
    packed = group.pack(pool)
    assert packed is not None
    width = len(packed) // POOL
    cursor = [0]

    def fresh(count: int) -> list[Element]:
        """``count`` elements decoded anew (distinct objects, as parsed entries hold)."""
        out: list[Element] = []
        while len(out) < count:
            at = cursor[0] % POOL
            take = min(count - len(out), POOL - at)
            out += group.unpack(packed[at * width : (at + take) * width], "bench")
            cursor[0] += take
        return out

    def items(stage: str, count: int) -> list[Any]:
        if stage == TAG_BLIND:
            e = fresh(2 * count)
            return [Ciphertext(e[2 * j], e[2 * j + 1]) for j in range(count)]
        if stage == PET_BLIND:
            e = fresh(5 * count)
            return [
                (e[5 * j], Ciphertext(e[5 * j + 1], e[5 * j + 2]), e[5 * j + 3], e[5 * j + 4], j)
                for j in range(count)
            ]
        e = fresh(3 * count)
        return [
            (e[3 * j], ChaumPedersenProof(a=e[3 * j + 1], b=e[3 * j + 2], response=j))
            for j in range(count)
        ]

    if trace:
        tracemalloc.start()
    tally = CoercionTally(spill_at=10**12 if spill_at is None else spill_at)
    kept = []
    for stage in (TAG_BLIND, TAG_DECRYPT, PET_BLIND, PET_DECRYPT):
        size = chunk_size(group, stage)
        for _ in range(trustees):
            run = tally._run(group, stage)
            for start in range(0, n, size):
                run = run.plus(items(stage, min(size, n - start)))
            kept.append(run)
    read = sum(len(chunk) for run in kept for chunk in run.chunks())
    held, peak = tracemalloc.get_traced_memory()  # (0, 0) without --trace
    tracemalloc.stop()
    assert read == 4 * trustees * n
    store = tally._store
    return {
        "items": n,
        "spill_at": spill_at,
        "on_disk": bool(store is not None and store.on_disk),
        "held_mib": round(held / 2**20, 1),
        "peak_mib": round(peak / 2**20, 1),
        "rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", default="3000,10000")
    parser.add_argument("--spill-at", type=int, default=1000)
    parser.add_argument("--trustees", type=int, default=3)
    parser.add_argument("--no-trace", action="store_true", help="peak RSS without tracemalloc")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    spill_at = None if args.spill_at < 0 else args.spill_at
    if args.one is not None:
        print(json.dumps(one(args.one, spill_at, args.trustees, not args.no_trace)))
        return
    for n in (int(x) for x in args.items.split(",")):
        command = [sys.argv[0], "--one", str(n), "--spill-at", str(args.spill_at)]
        command += ["--trustees", str(args.trustees), *(["--no-trace"] if args.no_trace else [])]
        out = subprocess.run([sys.executable, *command], check=True, capture_output=True)
        print(out.stdout.decode().strip())


if __name__ == "__main__":
    main()
