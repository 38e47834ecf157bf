"""Where a worker's time goes per ballot, and the main process's per entry, in µs.

Run: ``.venv/bin/python bench/verify_breakdown.py RECORD [--ballots 2000] [--repeat 3]
[--chunk N]``.

The record's ballot lines (those after ``open`` that a worker gets unparsed) are taken in board
order; each step of a worker's chunk (:func:`plebiscite.verify.parallel.check_work`) is then
timed alone over all of them with ``time.process_time``, best of ``--repeat``, each step fed
what the steps before it produced: the strict parse of the line, the scan the main process
makes, the entry hash, the ballot's decoding (hex to bytes, the points' parse, the scalars, the
statement and the tracking hash), the proofs' challenges and equations into a batch, the batch
itself (per chunk: ``--chunk``, by default the chunk of ``plebiscite verify --workers 1`` on
secp256k1, :data:`~plebiscite.verify.parallel.LOCAL_CHUNK`; a pool's chunks taper from as many
down to 128), the BIP-340 signature, the outcome made portable. The last line is the whole of
``check_work`` over the same lines in chunks, for comparison with the sum.

With ``--msm 64 128 512`` a second table follows: for batches of that many ballots (the first
ones), the folded multi-exponentiation of the batch (the one :meth:`BatchVerifier.check` runs),
its number of terms m and the bit lengths of their exponents, and the CPU time of the compiled
run (libsecp256k1's ``ecmult_multi_var``), per point and per ballot, beside the pure bucket
method's with the window c and radix s its planner picks.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from plebiscite.crypto import secp256k1 as backend
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.model.ballot.check import _check_signature, check_question_proofs, named_head
from plebiscite.model.ballot.codec import decode
from plebiscite.model.ballot.content import BALLOT_FIELDS, QUESTION_FIELDS
from plebiscite.model.entry import entry_hash, read_entry, scan_ballot_line
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker, check_ballot_pure, entry_where
from plebiscite.verify.parallel import LOCAL_CHUNK, ChunkWork, PortableParams, check_work


def _best(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record")
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=LOCAL_CHUNK, help="ballots per chunk")
    parser.add_argument(
        "--msm", type=int, nargs="*", default=[], help="batch sizes (ballots) of the msm table"
    )
    args = parser.parse_args()
    checker = Checker()
    lines: list[tuple[str, bytes]] = []
    for where, data, _index in RecordReader(Path(args.record)).lines():
        if checker.params is None:
            checker.feed(read_entry(data, where))
            continue
        if b'"kind":"ballot"' in data:
            lines.append((where, data))
            if len(lines) >= args.ballots:
                break
    params = checker.params
    assert params is not None
    portable = PortableParams.of(params)
    n = len(lines)
    chunk = args.chunk
    entries = [read_entry(data, where) for where, data in lines]
    wheres = [entry_where(e.index) for e in entries]
    rows: list[tuple[str, float]] = []

    def step(name: str, run: Callable[[], object]) -> None:
        rows.append((name, _best(args.repeat, run) / n * 1e6))

    step("scan (main process)", lambda: [scan_ballot_line(d) for _, d in lines])
    step("strict parse of the line", lambda: [read_entry(d, w) for w, d in lines])
    step(
        "entry hash",
        lambda: [entry_hash(e.index, e.time, e.kind, e.body, e.prev) for e in entries],
    )
    decoded: list[Any] = []

    def run_decode() -> None:
        decoded.clear()
        decoded.extend(
            decode(params, e.body, w, BALLOT_FIELDS, QUESTION_FIELDS)
            for e, w in zip(entries, wheres, strict=True)
        )

    step("ballot decode (all)", run_decode)
    group = params.group
    texts = [_element_texts(e.body) for e in entries]
    step(
        "  hex to bytes (elements)",
        lambda: [[bytes.fromhex(t).hex() == t for t in ts] for ts in texts],
    )
    datas = [[bytes.fromhex(t) for t in ts] for ts in texts]
    step("  points' parse (decode_many)", lambda: [group.decode_many(d, "e") for d in datas])
    step(
        "named head", lambda: [named_head(e.body, w) for e, w in zip(entries, wheres, strict=True)]
    )

    batches: list[BatchVerifier] = []

    def run_proofs() -> None:
        batches.clear()
        for at in range(0, n, chunk):
            batch = BatchVerifier(group)
            for (enc, _, _, _), w in zip(decoded[at : at + chunk], wheres[at:], strict=False):
                check_question_proofs(params, enc.statement, enc.questions, w, batch)
            batches.append(batch)

    step("proofs: challenges and equations", run_proofs)
    step("batch check (fold + msm)", lambda: [b.check() for b in batches])
    spent = [0.0]
    multi_exp = group.multi_exp

    def timed_multi_exp(bases: Any, exps: Any) -> Any:
        start = time.process_time()
        try:
            return multi_exp(bases, exps)
        finally:
            spent[0] += time.process_time() - start

    group.multi_exp = timed_multi_exp  # type: ignore[method-assign]
    try:
        for batch in batches:
            batch.check()
    finally:
        del group.multi_exp
    rows.append(("  of which the multi-exponentiation", spent[0] / n * 1e6))
    heads = [named_head(e.body, w) for e, w in zip(entries, wheres, strict=True)]
    step(
        "BIP-340 signature",
        lambda: [
            _check_signature(enc, obj, w, encoded, h)
            for (enc, obj, _, encoded), w, h in zip(decoded, wheres, heads, strict=True)
        ],
    )
    checks = [check_ballot_pure(params, e.index, e.body) for e in entries]
    step("outcome made portable", lambda: [c.portable(group, ()) for c in checks])
    works = [
        ChunkWork(portable, [], [], [], lines=lines[at : at + chunk]) for at in range(0, n, chunk)
    ]
    whole = _best(args.repeat, lambda: [check_work(w) for w in works]) / n * 1e6
    load = os.getloadavg()[0]
    print(
        f"# {n} ballot lines of {args.record}, chunks of {chunk}, best of {args.repeat}, "
        f"load {load:.1f}"
    )
    print("| step | µs per ballot |")
    print("|---|---:|")
    for name, us in rows:
        print(f"| {name} | {us:.1f} |")
    print(f"| **check_work, whole** | **{whole:.1f}** |")
    if args.msm and backend._COMPILED is None:
        print("no msm table: the compiled module is not built (make setup)")
    elif args.msm:
        _msm_table(params, entries, args.msm, args.repeat)
    return 0


def _folded_terms(params: Any, entries: list[Any]) -> tuple[list[Any], list[int]]:
    """The bases and exponents of the one multi-exponentiation a batch of ``entries`` runs."""
    group = params.group
    batch = BatchVerifier(group)
    for e in entries:
        check_ballot_pure(params, e.index, e.body, batch)
    captured: list[tuple[list[Any], list[int]]] = []
    multi_exp = group.multi_exp

    def capture(bases: Any, exps: Any) -> Any:
        captured.append((list(bases), list(exps)))
        return multi_exp(bases, exps)

    group.multi_exp = capture
    try:
        if batch.check():
            raise SystemExit("a ballot's proofs failed: not a record to measure")
    finally:
        del group.multi_exp
    return captured[0]


def _msm_table(params: Any, entries: list[Any], sizes: list[int], repeat: int) -> None:
    print()
    print(
        "| ballots | m | exponent bits | compiled: µs per point | µs per ballot "
        "| pure buckets (c, s): µs per ballot |"
    )
    print("|---:|---:|---|---:|---:|---|")
    for size in sizes:
        if size > len(entries):
            break
        bases, exps = _folded_terms(params, entries[:size])
        pks = [b._pk for b in bases]
        reduced = [k % backend.N for k in exps]
        negated = [k > backend.N // 2 for k in reduced]
        folded = [backend.N - k if k > backend.N // 2 else k for k in reduced]
        bits = sorted(k.bit_length() for k in folded)
        lengths = Counter(-(-b // 64) * 64 for b in bits)
        _, c, s = backend._bucket_plan(bits)
        spent = _best(repeat, partial(backend._compiled_multi_exp, pks, reduced))
        pure = _best(repeat, partial(backend._bucket_multi_exp, pks, folded, negated, c, s))
        m = len(pks)
        print(
            f"| {size} | {m} | {dict(sorted(lengths.items()))} | {spent / m * 1e6:.2f} "
            f"| {spent / size * 1e6:.1f} | ({c}, {s}): {pure / size * 1e6:.1f} |"
        )


def _element_texts(body: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for q in body["questions"]:
        for ct in q["ciphertexts"]:
            out += (ct["alpha"], ct["beta"])
        for p in q["proofs"]:
            out += (p["a0"], p["b0"], p["a1"], p["b1"])
        out += (*q["range"]["a"], *q["range"]["b"])
    return out


if __name__ == "__main__":
    sys.exit(main())
