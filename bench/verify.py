"""The verifier's V5 path per yes/no ballot per core, against the sum of its primitives.

Run: ``.venv/bin/python bench/verify.py`` (``--ballots N`` on secp256k1, default 2,000;
``--modp-ballots N`` on modp4096, default 40; ``--repeat R``, default 3, the best is kept).

**The complete path** is what :class:`~plebiscite.rules.checker.Checker` does for the ballots of
a real record (built with ``bench/verify_memory.py``'s :func:`build_record`, cached under
``--cache``), timed from the first ballot to the last one applied: reading each line from the
shard and parsing it strictly, the entry hash and chain link (V1), the window, strict decoding of
every element and scalar, the ballot statement, tracking and identity hashes, the roll lookup,
the BIP-340 signature, every proof batched (64 ballots a batch, the verifier's default) and V6.
One core, no workers.

**The primitives**, measured in the same process on the same ballots: the strict JSON parse of a
line, the entry hash, decoding each element and scalar of the ballot, the hashes a ballot needs
(statement, proofs for the tracking hash and the signature, identity, one Fiat–Shamir challenge
per proof), one BIP-340 verification (coincurve, raw message) and the ballot's share of the
batch's multi-exponentiation (on modp4096 a question's elements are decoded with one batched
subgroup check, as the path does). The ratio says how much the path adds to the work it cannot
avoid.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from coincurve import PublicKeyXOnly

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.hashing import H
from plebiscite.model.ballot import (
    BallotParams,
    ballot_binding,
    ballot_identity,
    ballot_statement,
    check_ballot,
    proofs_value,
    range_context,
    zero_one_context,
)
from plebiscite.model.codec import loads_strict
from plebiscite.model.entry import Entry, read_entry
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import DEFAULT_BATCH, Checker, check_ballot_pure

sys.path.insert(0, str(Path(__file__).resolve().parent))
from verify_memory import cached_record


def best(repeat: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(repeat))


def full_path(record: Path) -> tuple[float, int]:
    """Seconds for the ballots of ``record`` through the checker, and how many there were."""
    checker = Checker()
    ballots = 0
    started = 0.0
    ended = 0.0
    for entry in RecordReader(record).entries(check_hashes=False):
        if entry.kind == "ballot" and ballots == 0:
            started = time.perf_counter()
        if entry.kind == "close":
            checker.flush()
            ended = time.perf_counter()
        if entry.kind == "ballot":
            ballots += 1
        checker.feed(entry)
    report = checker.finish()
    checker.close()
    assert report.ok, [str(f) for f in report.failures[:5]]
    return ended - started, ballots


def setup(record: Path) -> tuple[BallotParams, list[bytes], list[Entry]]:
    checker = Checker()
    lines: list[bytes] = []
    entries: list[Entry] = []
    shard = record / "board-000000.jsonl"
    with shard.open("rb") as f:
        for line, entry in zip(f, RecordReader(record).entries(), strict=True):
            if entry.kind == "ballot":
                lines.append(line.rstrip(b"\n"))
                entries.append(entry)
            elif checker.params is None:
                checker.feed(entry)
    params = checker.params
    checker.close()
    assert params is not None
    return params, lines, entries


def primitives(
    params: BallotParams, lines: list[bytes], entries: list[Entry], repeat: int
) -> dict[str, float]:
    """Seconds per ballot of each primitive."""
    group = params.group
    n = len(entries)
    ballots = [check_ballot(params, e.body, "bench") for e in entries]
    out: dict[str, float] = {}

    def timed(run: Callable[[], object]) -> float:
        def once() -> float:
            t = time.perf_counter()
            run()
            return (time.perf_counter() - t) / n

        return best(repeat, once)

    out["JSON parse (strict)"] = timed(lambda: [loads_strict(line, "x") for line in lines])
    out["entry envelope and value checks"] = (
        timed(lambda: [read_entry(line, "x") for line in lines]) - out["JSON parse (strict)"]
    )
    out["entry hash"] = timed(lambda: [e.recomputed_hash() for e in entries])

    batched = bool(getattr(group, "batched_membership", False))

    def decode_all() -> None:
        for e in entries:
            for q in e.body["questions"]:  # type: ignore[union-attr]
                elements: list[object] = []
                scalars: list[object] = []
                for ct in q["ciphertexts"]:  # type: ignore[index]
                    elements += (ct["alpha"], ct["beta"])  # type: ignore[index]
                for p in q["proofs"]:  # type: ignore[index]
                    elements += (p[k] for k in ("a0", "b0", "a1", "b1"))  # type: ignore[index]
                    scalars += (p[k] for k in ("c0", "v0", "v1"))  # type: ignore[index]
                r = q["range"]  # type: ignore[index]
                elements += (*r["a"], *r["b"])  # type: ignore[index]
                scalars += (*r["c"], *r["v"])  # type: ignore[index]
                if batched:  # one subgroup check for the question, as the path does
                    group.decode_many([bytes.fromhex(str(x)) for x in elements], "e")
                else:
                    for x in elements:
                        group.from_hex(x, "e")
                for x in scalars:
                    group.scalar_from_hex(x, "s")

    out["decode elements and scalars"] = timed(decode_all)

    def hashes() -> None:
        for b in ballots:
            enc = b.encrypted
            assert enc.credential is not None and enc.nonce is not None
            binding = ballot_binding(enc.credential, enc.nonce)
            stmt = ballot_statement(
                params, enc.district, binding, [q.ciphertexts for q in enc.questions]
            )
            proofs = proofs_value(group, enc.questions)
            H(tags.TRACKING_HASH, stmt, proofs)
            H(tags.BALLOT_SIGNATURE, stmt, proofs)
            ballot_identity(stmt)
            K = params.joint_key
            for i, q in enumerate(enc.questions):
                for j, (ct, p) in enumerate(zip(q.ciphertexts, q.proofs, strict=True)):
                    zk.disjunction._zero_one_challenge(
                        group, K, ct, (p.a0, p.a1), (p.b0, p.b1), zero_one_context(stmt, i, j)
                    )
                r = q.range_proof
                zk.disjunction._range_challenge(
                    group, K, q.total(group), 1, 1, r.a, r.b, range_context(stmt, i)
                )

    out["hashes (statement, proofs ×2, identity, challenges)"] = timed(hashes)
    keys = [PublicKeyXOnly(b.encrypted.credential or b"") for b in ballots]
    digests = [
        H(tags.BALLOT_SIGNATURE, b.encrypted.statement, proofs_value(group, b.encrypted.questions))
        for b in ballots
    ]
    out["BIP-340 verify (coincurve)"] = timed(
        lambda: [k.verify(b.signature, d) for k, b, d in zip(keys, ballots, digests, strict=True)]
    )

    def batches() -> None:
        for start in range(0, n, DEFAULT_BATCH):
            batch = BatchVerifier(group)
            for e in entries[start : start + DEFAULT_BATCH]:
                check_ballot(params, e.body, f"entry {e.index}", batch=batch)
            t = time.perf_counter()
            assert batch.check() == []
            batches.spent += time.perf_counter() - t  # type: ignore[attr-defined]

    def multi_exp() -> float:
        batches.spent = 0.0  # type: ignore[attr-defined]
        batches()
        return float(batches.spent) / n  # type: ignore[attr-defined]

    out["batch multi-exponentiation share"] = best(repeat, multi_exp)
    return out


def report(name: str, record: Path, repeat: int) -> None:
    seconds = []
    count = 0
    for _ in range(repeat):
        s, count = full_path(record)
        seconds.append(s)
    per = min(seconds) / count
    params, lines, entries = setup(record)
    parts = primitives(params, lines, entries, repeat)
    total = sum(parts.values())
    print(f"\n{name}: {count} yes/no ballots, batch {DEFAULT_BATCH}, one core")
    print(f"  complete V5 path (checker): {1000 * per:.3f} ms per ballot ({1 / per:,.0f}/s)")
    for label, value in parts.items():
        print(f"    {label:<55} {1000 * value:8.3f} ms")
    print(f"  sum of the primitives: {1000 * total:.3f} ms; path / primitives = {per / total:.2f}")
    pure = []
    for _ in range(repeat):
        batch = BatchVerifier(params.group)
        t = time.perf_counter()
        for i, e in enumerate(entries):
            check_ballot_pure(params, e.index, e.body, batch)
            if (i + 1) % DEFAULT_BATCH == 0:
                batch.check()
                batch = BatchVerifier(params.group)
        batch.check()
        pure.append((time.perf_counter() - t) / len(entries))
    print(
        "  of which check_ballot_pure with its batch (what a worker does): "
        f"{1000 * min(pure):.3f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=2_000)
    parser.add_argument("--modp-ballots", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/plebiscite-bench")
    parser.add_argument("--groups", default="secp256k1,modp4096")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}"
    )
    for group in args.groups.split(","):
        n = args.ballots if group == "secp256k1" else args.modp_ballots
        record = cached_record(args.cache, group, n, n, os.cpu_count() or 1)
        report(group, record, args.repeat)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
