"""Per-operation costs of plebiscite's cryptographic core, per group backend.

Run: ``.venv/bin/python bench/crypto.py`` (``make bench``); ``--help`` for the options.

For each backend (secp256k1, modp4096) it measures: fixed-base and variable-base exponentiation,
the group operation, multi-exponentiation per point at a few sizes, ElGamal encryption of one
option, 0/1 and range proofs (prove and verify), and a whole yes/no ballot (two ciphertexts with
0/1 proofs, a range proof on their sum, a BIP-340 signature over the ballot): encrypted, verified
one proof at a time, and verified in one batch over many ballots. BIP-340 sign/verify is measured
once (it is on secp256k1 whatever the election group).

Peers, in the same process: plebiscite's batched verification against its own one-at-a-time
verification, and coincurve's raw BIP-340 verify against plebiscite's (which adds the
domain-separated message hash). ElectionGuard is not installed on this machine, so no
ElectionGuard figures are measured here.

Each figure is the best of ``--repeat`` runs of the mean over a loop; times are per operation
on one core. Figures taken on a shared machine are provisional.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from coincurve import PublicKeyXOnly

from plebiscite.crypto import elgamal, tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import (
    RangeProof,
    ZeroOneProof,
    prove_range,
    prove_zero_one,
    verify_range,
    verify_zero_one,
)
from plebiscite.crypto.signatures import SigningKey, signed_message

OPTIONS = ("yes", "no")


@dataclass(frozen=True)
class Ballot:
    """A yes/no ballot as the booth would send it."""

    cts: tuple[Ciphertext, Ciphertext]
    zero_one: tuple[ZeroOneProof, ZeroOneProof]
    total: RangeProof
    signature: bytes


def best_of(repeat: int, loops: int, fn: Callable[[], object]) -> float:
    """Seconds per call: the best of ``repeat`` means over ``loops`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        best = min(best, (time.perf_counter() - start) / loops)
    return best


def _ctx(ballot: int, part: str) -> list[str | int]:
    return ["bench", ballot, part]


def encrypt_ballot(group: Group, key: Element, sk: SigningKey, b: int, choice: int) -> Ballot:
    """Two ciphertexts with 0/1 proofs, a range proof on their sum, a BIP-340 signature."""
    cts = []
    proofs = []
    total_r = 0
    for pos, option in enumerate(OPTIONS):
        m = int(pos == choice)
        ct, r = elgamal.encrypt(group, key, m)
        proofs.append(prove_zero_one(group, key, ct, m, r, _ctx(b, option)))
        cts.append(ct)
        total_r += r
    total = elgamal.aggregate(group, cts)
    rp = prove_range(group, key, total, 1, total_r, 1, 1, _ctx(b, "sum"))
    sig = sk.sign(tags.SIGNATURE_MESSAGE, _statement(group, cts, proofs, rp))
    return Ballot((cts[0], cts[1]), (proofs[0], proofs[1]), rp, sig)


def _statement(
    group: Group, cts: list[Ciphertext], proofs: list[ZeroOneProof], rp: RangeProof
) -> list[bytes]:
    """What the signature covers here: every ciphertext and proof commitment, encoded."""
    out = []
    for ct in cts:
        out += [group.encode(ct.alpha), group.encode(ct.beta)]
    for p in proofs:
        out += [group.encode(x) for x in (p.a0, p.b0, p.a1, p.b1)]
    out += [group.encode(x) for x in (*rp.a, *rp.b)]
    return out


def verify_ballot(
    group: Group, key: Element, sk: SigningKey, b: int, ballot: Ballot, batch: BatchVerifier | None
) -> None:
    """The signature, then the three proofs (into ``batch`` when given, else one at a time)."""
    cts = list(ballot.cts)
    message = _statement(group, cts, list(ballot.zero_one), ballot.total)
    if not sk.public.verify(ballot.signature, tags.SIGNATURE_MESSAGE, message):
        raise AssertionError(f"ballot {b}: signature")
    label = f"ballot {b}"
    for pos, option in enumerate(OPTIONS):
        verify_zero_one(
            group, key, cts[pos], ballot.zero_one[pos], _ctx(b, option), batch=batch, label=label
        )
    total = elgamal.aggregate(group, cts)
    verify_range(group, key, total, 1, 1, ballot.total, _ctx(b, "sum"), batch=batch, label=label)


def row(rows: list[tuple[str, str, str]], name: str, seconds: float, note: str = "") -> None:
    if seconds >= 1e-3:
        text = f"{seconds * 1e3:,.2f} ms"
    else:
        text = f"{seconds * 1e6:,.1f} µs"
    rows.append((name, text, note))


def bench_group(
    group: Group, ballots: int, repeat: int, sizes: list[int]
) -> tuple[list[tuple[str, str, str]], dict[str, float]]:
    rows: list[tuple[str, str, str]] = []
    figures: dict[str, float] = {}
    q = group.q
    key = elgamal.keygen(group).public
    scalars = [secrets.randbelow(q) for _ in range(64)]
    it = iter(range(1 << 62))
    slow = group.name != "secp256k1"
    loops = 20 if slow else 2000

    def k() -> int:
        return scalars[next(it) % 64]

    group.exp_g(k())  # builds the backend's fixed-base table, if it has one, outside the timing

    row(rows, "fixed-base exp g^k (public k)", best_of(repeat, loops, lambda: group.exp_g(k())))
    row(
        rows,
        "fixed-base exp g^k (secret k, constant time)",
        best_of(repeat, loops, lambda: group.exp_g_secret(k())),
    )
    row(
        rows,
        "variable-base exp K^k (public k)",
        best_of(repeat, loops, lambda: group.exp(key, k())),
    )
    row(
        rows,
        "variable-base exp K^k (secret k, constant time)",
        best_of(repeat, loops, lambda: group.exp_secret(key, k())),
    )
    a, b = group.exp_g(k()), group.exp_g(k())
    row(rows, "group operation a·b", best_of(repeat, loops * 10, lambda: group.mul(a, b)))
    for n in sizes:
        bases = [group.exp_g(secrets.randbelow(q)) for _ in range(n)]
        for bits, name in ((256, "256-bit"), (64, "64-bit")):
            exps = [secrets.randbits(bits) % q for _ in range(n)]
            t = best_of(
                repeat,
                max(1, loops // (n * 4)),
                lambda bases=bases, exps=exps: group.multi_exp(bases, exps),
            )
            row(rows, f"multi-exp, {n} points, {name} exponents", t / n, "per point")

    ct, r = elgamal.encrypt(group, key, 1)
    row(
        rows,
        "encrypt one option",
        best_of(repeat, loops // 4, lambda: elgamal.encrypt(group, key, 1)),
    )
    t = best_of(repeat, loops // 10, lambda: prove_zero_one(group, key, ct, 1, r, _ctx(0, "yes")))
    row(rows, "0/1 proof: prove", t)
    p01 = prove_zero_one(group, key, ct, 1, r, _ctx(0, "yes"))
    t = best_of(repeat, loops // 10, lambda: verify_zero_one(group, key, ct, p01, _ctx(0, "yes")))
    row(rows, "0/1 proof: verify (one at a time)", t)
    for lo, hi in ((1, 1), (0, 3)):
        m = hi
        ctm, rm = elgamal.encrypt(group, key, m)
        t = best_of(
            repeat,
            max(1, loops // 20),
            lambda ctm=ctm, rm=rm, lo=lo, hi=hi, m=m: prove_range(
                group, key, ctm, m, rm, lo, hi, "range"
            ),
        )
        row(rows, f"range proof [{lo}, {hi}]: prove", t)
        rp = prove_range(group, key, ctm, m, rm, lo, hi, "range")
        t = best_of(
            repeat,
            max(1, loops // 20),
            lambda ctm=ctm, rp=rp, lo=lo, hi=hi: verify_range(group, key, ctm, lo, hi, rp, "range"),
        )
        row(rows, f"range proof [{lo}, {hi}]: verify (one at a time)", t)

    # whole yes/no ballots
    sk = SigningKey.generate()
    choices = [secrets.randbelow(2) for _ in range(ballots)]
    best_enc = float("inf")
    made: list[Ballot] = []
    for _ in range(repeat):
        start = time.perf_counter()
        made = [encrypt_ballot(group, key, sk, b, c) for b, c in enumerate(choices)]
        best_enc = min(best_enc, (time.perf_counter() - start) / ballots)
    figures["encrypt"] = best_enc
    row(rows, "yes/no ballot: encrypt, prove, sign", best_enc, f"{1 / best_enc:,.0f} ballots/s")

    best_single = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for b, ballot in enumerate(made):
            verify_ballot(group, key, sk, b, ballot, None)
        best_single = min(best_single, (time.perf_counter() - start) / ballots)
    figures["verify_single"] = best_single
    row(
        rows,
        "yes/no ballot: verify one proof at a time",
        best_single,
        f"{1 / best_single:,.0f} ballots/s",
    )

    best_batch = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        batch = BatchVerifier(group)
        for b, ballot in enumerate(made):
            verify_ballot(group, key, sk, b, ballot, batch)
        if batch.check():
            raise AssertionError("a valid ballot failed batch verification")
        best_batch = min(best_batch, (time.perf_counter() - start) / ballots)
    figures["verify_batch"] = best_batch
    row(
        rows,
        f"yes/no ballot: verify in one batch of {ballots}",
        best_batch,
        f"{1 / best_batch:,.0f} ballots/s; {best_single / best_batch:.1f}× one at a time",
    )
    return rows, figures


def bench_signatures(repeat: int) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    sk = SigningKey.generate()
    values = ["bench", b"\x01" * 32]
    sig = sk.sign(tags.SIGNATURE_MESSAGE, *values)
    msg = signed_message(tags.SIGNATURE_MESSAGE, *values)
    raw = PublicKeyXOnly(sk.public.xonly)
    row(
        rows,
        "BIP-340 sign (plebiscite)",
        best_of(repeat, 2000, lambda: sk.sign(tags.SIGNATURE_MESSAGE, *values)),
    )
    ours = best_of(repeat, 2000, lambda: sk.public.verify(sig, tags.SIGNATURE_MESSAGE, *values))
    theirs = best_of(repeat, 2000, lambda: raw.verify(sig, msg))
    row(rows, "BIP-340 verify (plebiscite, with message hash)", ours)
    row(
        rows,
        "BIP-340 verify (coincurve raw)",
        theirs,
        f"plebiscite / coincurve = {ours / theirs:.2f}",
    )
    return rows


def print_rows(title: str, rows: list[tuple[str, str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>12}  {note}")


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores, {model}; Python {platform.python_version()}; "
        f"load average {load:.2f} at start"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=1000, help="yes/no ballots on secp256k1")
    parser.add_argument("--modp-ballots", type=int, default=20, help="yes/no ballots on modp4096")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is kept)")
    parser.add_argument(
        "--groups", default="secp256k1,modp4096", help="comma-separated backends to measure"
    )
    args = parser.parse_args(argv)
    print("plebiscite bench/crypto.py: " + " ".join(sys.argv[1:]))
    print(machine())
    print("Peer: ElectionGuard is not installed here; no ElectionGuard figures are measured.")
    for name in args.groups.split(","):
        group = get_group(name)
        if name == "secp256k1":
            n, sizes = args.ballots, [10, 100, 1000]
        else:
            n, sizes = args.modp_ballots, [10, 100]
        rows, figures = bench_group(group, n, args.repeat, sizes)
        print_rows(f"{name} (per operation, one core)", rows)
        if name == "secp256k1":
            print(
                f"  aims: encrypt < 0.4 ms ({figures['encrypt'] * 1e3:.3f} ms), "
                f"batched verify < 0.3 ms ({figures['verify_batch'] * 1e3:.3f} ms)"
            )
    print_rows("BIP-340 on secp256k1 (any election group)", bench_signatures(args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
