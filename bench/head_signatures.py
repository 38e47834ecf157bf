"""The board's signed heads of a record: each verified alone by libsecp256k1 against the fold of
a chunk's signatures (:func:`plebiscite.model.entry.heads_signed`, spec §7.1), per head.

Run: ``.venv/bin/python bench/head_signatures.py RECORD [--heads 4096] [--repeat 3]``: the
record's first ``--heads`` heads, in chunks of ``--chunk`` (verify's ``HEADS_CHUNK``), both ways
in this process, best of ``--repeat``; the verdicts must be the same. ``--only alone`` or
``--only batched`` runs one way once and prints nothing else, for a count of instructions:

    valgrind --tool=callgrind .venv/bin/python bench/head_signatures.py RECORD --only none
    valgrind --tool=callgrind .venv/bin/python bench/head_signatures.py RECORD --only batched

(the difference of the two counts, over ``--heads``, is a head's; ``none`` reads the heads and
checks one chunk, as both ways do first).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from machine import machine_line
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.model.entry import SignedHead, heads_signed
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker
from plebiscite.verify.parallel import HEADS_CHUNK


def _alone(key: VerifyingKey, heads: list[SignedHead], chunk: int) -> list[bool]:
    return [head.verify(key) for head in heads]


def _batched(key: VerifyingKey, heads: list[SignedHead], chunk: int) -> list[bool]:
    out: list[bool] = []
    for at in range(0, len(heads), chunk):
        out += heads_signed(key, heads[at : at + chunk])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", type=Path)
    parser.add_argument("--heads", type=int, default=4096)
    parser.add_argument("--chunk", type=int, default=HEADS_CHUNK)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("none", "alone", "batched"))
    args = parser.parse_args()
    reader = RecordReader(args.record)
    checker = Checker()
    for entry in reader.entries(check_hashes=False):
        checker.feed(entry)
        if checker.definition is not None:
            break
    key = checker.definition.keys.board if checker.definition is not None else None
    if key is None:
        raise SystemExit(f"{args.record}: no board key in the manifest")
    heads: list[SignedHead] = []
    for head in reader.heads():
        heads.append(head)
        if len(heads) == args.heads:
            break
    _batched(key, heads[: args.chunk], args.chunk)  # the first fold: imports and plans
    if args.only is not None:
        if args.only != "none":
            verdicts = (_alone if args.only == "alone" else _batched)(key, heads, args.chunk)
            if not all(verdicts):
                raise SystemExit("a head of the record does not verify")
        return 0
    print(f"# {machine_line()}; {len(heads)} heads of {args.record}, chunks of {args.chunk}")
    best: dict[str, float] = {}
    verdicts: dict[str, list[bool]] = {}
    for _ in range(args.repeat):
        for name, run in (("alone", _alone), ("batched", _batched)):
            start = time.perf_counter()
            verdicts[name] = run(key, heads, args.chunk)
            took = (time.perf_counter() - start) / len(heads)
            best[name] = min(best.get(name, took), took)
    if verdicts["alone"] != verdicts["batched"]:
        raise SystemExit("the verdicts differ")
    print("| heads verified | µs per head | ratio |")
    print("|---|---:|---:|")
    print(f"| each alone (`SignedHead.verify`) | {best['alone'] * 1e6:.1f} | 1.00x |")
    print(
        f"| a chunk's fold (`heads_signed`) | {best['batched'] * 1e6:.1f} | "
        f"{best['alone'] / best['batched']:.2f}x |"
    )
    load = os.getloadavg()[0]
    print(f"# {sum(verdicts['alone'])} of {len(heads)} verify; load average {load:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
