"""The fake-credentials tally of one district (docs/spec.md §16.5), step by step, against the
quadratic plaintext-equivalence-test tally of JCJ / Civitas.

Run: ``.venv/bin/python bench/coercion_tally.py --ballots 1000,10000 --roll 10000`` (defaults:
secp256k1, ``--trustees 3`` with ``--k 2``, one question with two options, anonymity sets of
``--anonymity 8``; ``--fake 0.2`` of the ballots cast with fake credentials, ``--revote 0.1``
revotes, the rest first votes of distinct voters; ``--roll`` defaults to N). Each size
runs in a fresh child process, so its peak RSS is its own. Building the board (the voters' work)
is not measured: the board is built first (the roll and the board written to a store on disk
chunk by chunk as they are made, as a board service keeps them; ``--lists-in-memory``: Python
lists), then the tally's steps (valid ballots, duplicate
removal by blinded tags, the mix, the equality tests, the aggregates' decryption) and the
verifier's checks (V12, V13, V11, V14, V15, V16) are timed one by one: wall and CPU seconds and
the peak RSS at the end of each. ``--workers W`` is the tally's and the verifier's ``workers``.
``--trace`` also records, per step, the Python memory that :mod:`tracemalloc` sees held at its
end (``held_mib``: what the step leaves for the next) and at its peak (``peak_mib``), counted
from the end of the board's building, with the three source lines that hold the most; it slows
every step (its times are not comparable with a run without it). ``--spill-at S`` is the
tally's ``spill_at`` (−1: every stage in memory); when the mix's stages go to disk, its shuffles
are proved over columns in files under a temporary directory (``--mix-in-memory``: in memory, as
before).

The quadratic baseline (``--baseline B``, default 2,000; 0 skips it) is JCJ's tally as Civitas
runs it without blocks: one plaintext-equivalence test (:mod:`plebiscite.crypto.pet`: every
trustee raises the quotient to a fresh exponent with a proof, k trustees decrypt with proofs, the
verifier checks both) for every pair of ballots (duplicates, the later kept) and for every kept
ballot against every roll entry: ``B·(B − 1)/2 + B′·R`` tests with ``B′ = (1 − revote)·B`` and
``R = B``. A whole run at B = 2,000 is ≈ 5·10⁶ tests, hours of CPU, so the script runs
``--baseline-sample`` of them (pairs of the board built above) and multiplies the cost per test;
``--baseline-whole W`` runs the pairwise tally whole on a board of W ballots and a roll of W
built alike, and checks that it keeps and counts the same ballots as the linear tally.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import pet_results, pet_stage, quotients, verify_pet_chain
from plebiscite.crypto.proofs import prove_partial_decryption, verify_partial_decryption
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.tags_blind import decryption_context
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.tally import (
    Trustees,
    run_district_tally,
    verify_district_tally,
)
from plebiscite.model.coercion.tally_store import BallotList, StoredList, TallyStore
from plebiscite.state.mix_spill import DiskColumns

T = TypeVar("T")

AIM_TALLY_S = 600.0  # issue 16: the tally of 100,000 ballots under 10 minutes
AIM_VERIFY_S = 300.0  # and its verification under 5 minutes


@dataclass(frozen=True)
class Scene:
    params: BallotParams
    roll: Sequence[Ciphertext]
    board: Sequence[CredentialBallot]
    shares: dict[int, int]
    k: int
    anonymity: int


#: ballots cast (and roll entries encrypted) at a time when the board goes to a store
BUILD_CHUNK = 1024


def build(args: argparse.Namespace, n: int, store: TallyStore | None = None) -> Scene:
    """The roll of ``--roll`` voters and a board of ``n`` ballots: first votes, revotes (the
    same credential again, later on the board) and fake credentials (pointing at a random roll
    entry, as a coercer would). With ``store``, the roll and the board are written to it chunk
    by chunk as they are made (a roll of ciphertexts and a board of ballots on disk, read back
    a chunk at a time), else they are lists; the same draws either way."""
    group = get_group(args.group)
    rng = DeterministicRandom(n)
    polynomial = random_polynomial(group, args.k, rng)
    trustee_shares = shares(group, polynomial, args.trustees)
    key = group.exp_g(polynomial(0))
    params = BallotParams.from_manifest(group, key, b"\x0b" * 32, [(2, 1, 1)], ["d"])
    r: int = args.roll or n
    fake: int = round(n * args.fake)
    revote: int = round(n * args.revote)
    first = n - fake - revote
    if first > r or revote > first:
        raise SystemExit(f"{first} first votes and {revote} revotes need a roll of {first}")
    sigmas = [group.random_nonzero_scalar(rng) for _ in range(r)]
    roll_chunks = (
        [encrypt_credential(group, key, s, rng=rng)[0] for s in sigmas[lo : lo + BUILD_CHUNK]]
        for lo in range(0, r, BUILD_CHUNK)
    )
    roll: Sequence[Ciphertext] = _gathered(
        roll_chunks, None if store is None else store.ciphertexts("bench roll")
    )
    fakes: list[tuple[int, int]] = [
        (group.random_nonzero_scalar(rng), rng.randbelow(r)) for _ in range(fake)
    ]

    def planned(j: int) -> tuple[int, int]:
        if j < first:
            return sigmas[j], j
        if j < first + revote:
            return sigmas[j - first], j - first
        return fakes[j - first - revote]

    board_chunks = (
        [
            cast_credential_ballot(
                params,
                roll,
                "d",
                *planned(j),
                [[1, 0] if rng.randbelow(2) else [0, 1]],
                anonymity=args.anonymity,
                rng=rng,
            )
            for j in range(lo, min(n, lo + BUILD_CHUNK))
        ]
        for lo in range(0, n, BUILD_CHUNK)
    )
    board: Sequence[CredentialBallot] = _gathered(
        board_chunks, None if store is None else store.ballots()
    )
    return Scene(params, roll, board, trustee_shares, args.k, args.anonymity)


def _gathered(chunks: Iterable[list[T]], sink: StoredList[T] | BallotList | None) -> Sequence[T]:
    """The chunks appended to ``sink`` (a store's list) as they come, or one list of them."""
    if sink is None:
        return [value for chunk in chunks for value in chunk]
    for chunk in chunks:
        sink.append(chunk)  # type: ignore[arg-type]
    return sink  # type: ignore[return-value]


class StepClock:
    """Wall and CPU seconds of each step, and the peak RSS when it ended; with ``memory``, also
    the step's own peak RSS (the kernel's high-water mark reset as it starts) and the RSS it
    leaves."""

    def __init__(self, trace: bool = False, memory: bool = False) -> None:
        self.steps: dict[str, dict[str, Any]] = {}
        self.trace = trace
        self.memory = memory
        self.reset()

    def reset(self) -> None:
        if self.memory:
            _reset_high_water_mark()
        self._wall, self._cpu = time.perf_counter(), _cpu()

    def __call__(self, step: str) -> None:
        wall, cpu = time.perf_counter(), _cpu()
        self.steps[step] = {
            "wall_s": round(wall - self._wall, 3),
            "cpu_s": round(cpu - self._cpu, 3),
            "peak_rss_mib": _peak_rss_mib(),
        }
        if self.memory:  # before tracemalloc's snapshot, which takes memory of its own
            self.steps[step].update(_rss_now())
            _reset_high_water_mark()
        if self.trace:
            self.steps[step].update(_traced())
        self._wall, self._cpu = time.perf_counter(), _cpu()

    def max(self, key: str) -> float:
        return max(float(step[key]) for step in self.steps.values())

    def total(self, key: str) -> float:
        return round(sum(float(step[key]) for step in self.steps.values()), 3)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (trustees' worker processes)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _traced() -> dict[str, Any]:
    """The memory tracemalloc sees now and at its peak since the last call, and the top lines."""
    held, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, "<frozen *>"), tracemalloc.Filter(False, tracemalloc.__file__)]
    )
    top = snapshot.statistics("lineno")[:3]
    tracemalloc.reset_peak()
    return {
        "held_mib": round(held / 2**20, 1),
        "peak_mib": round(peak / 2**20, 1),
        "top": [
            f"{s.traceback[0].filename.split('/src/')[-1]}:{s.traceback[0].lineno}"
            f" {s.size / 2**20:.1f} MiB"
            for s in top
        ],
    }


def _reset_high_water_mark() -> None:
    """Reset this process's peak RSS (Linux: ``5`` to ``/proc/self/clear_refs``), so that the
    next reading of ``VmHWM`` is the peak since now."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")


def _rss_now() -> dict[str, float]:
    """``step_peak_rss_mib``: the peak RSS since the last reset; ``rss_mib``: the RSS now."""
    figures: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                key = "step_peak_rss_mib" if name == "VmHWM" else "rss_mib"
                figures[key] = round(int(value.split()[0]) / 1024, 1)
    return figures


def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# -- the quadratic baseline --------------------------------------------------------------------


@dataclass
class PetCost:
    tests: int = 0
    prove_cpu_s: float = 0.0
    verify_cpu_s: float = 0.0


def pets(
    scene: Scene, left: Sequence[Ciphertext], right: Sequence[Ciphertext], cost: PetCost
) -> list[bool]:
    """One plaintext-equivalence test per pair ``(left[j], right[j])``, with every proof made
    and checked: whether the plaintexts are equal."""
    group, k = scene.params.group, scene.k
    context = {"bench": "pairwise PET"}
    vks = {i: group.exp_g(s) for i, s in scene.shares.items()}
    start = time.process_time()
    inputs = quotients(group, left, right)
    tests: Sequence[Ciphertext] = inputs
    stages = []
    for i in sorted(scene.shares):
        _, stage = pet_stage(group, i, tests, context)
        stages.append(stage)
        tests = stage.outputs
    decrypting = sorted(scene.shares)[:k]
    proofs = {
        i: [
            prove_partial_decryption(
                group,
                scene.shares[i],
                ct,
                decryption_context(context, i, j),
                verification_key=vks[i],
            )
            for j, ct in enumerate(tests)
        ]
        for i in decrypting
    }
    middle = time.process_time()
    # checked as the linear tally's are: the chain in one batch, the decryptions in another
    last = verify_pet_chain(group, inputs, stages, context)
    batch = BatchVerifier(group)
    for i, items in proofs.items():
        for j, (ct, (partial, proof)) in enumerate(zip(last, items, strict=True)):
            ctx = decryption_context(context, i, j)
            verify_partial_decryption(
                group, vks[i], ct, partial, proof, ctx, batch=batch, label=f"{i}:{j}"
            )
    if batch.check():
        raise SystemExit("a partial decryption of the baseline fails")
    partials = {i: [partial for partial, _ in items] for i, items in proofs.items()}
    equal = [group.is_identity(t) for t in pet_results(group, last, partials, k)]
    end = time.process_time()
    cost.tests += len(left)
    cost.prove_cpu_s += middle - start
    cost.verify_cpu_s += end - middle
    return equal


def _chunked_pets(
    scene: Scene, pairs: Sequence[tuple[Ciphertext, Ciphertext]], cost: PetCost
) -> list[bool]:
    out: list[bool] = []
    for lo in range(0, len(pairs), 1000):
        chunk = pairs[lo : lo + 1000]
        out += pets(scene, [a for a, _ in chunk], [b for _, b in chunk], cost)
    return out


def pairwise_tally(
    scene: Scene, credentials: Sequence[Ciphertext], roll: Sequence[Ciphertext], cost: PetCost
) -> tuple[list[int], list[int]]:
    """JCJ's tally without blocks: a PET for every pair of credentials (a ballot whose credential
    recurs later is dropped: the last counts), then for every kept ballot against every roll
    entry. Returns the kept positions and, among them, those that match the roll."""
    n = len(credentials)
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    equal = _chunked_pets(scene, [(credentials[a], credentials[b]) for a, b in pairs], cost)
    dropped = {a for (a, _), same in zip(pairs, equal, strict=True) if same}
    kept = [j for j in range(n) if j not in dropped]
    against = [(j, r) for j in kept for r in range(len(roll))]
    equal = _chunked_pets(scene, [(credentials[j], roll[r]) for j, r in against], cost)
    matched = sorted({j for (j, _), same in zip(against, equal, strict=True) if same})
    return kept, matched


# -- one size, in a child process ----------------------------------------------------------------


def run_size(args: argparse.Namespace, n: int) -> dict[str, Any]:
    start = time.perf_counter()
    lists = None if args.lists_in_memory else TallyStore(get_group(args.group), spill_at=0)
    scene = build(args, n, lists)
    group = scene.params.group
    out: dict[str, Any] = {
        "ballots": n,
        "roll": len(scene.roll),
        "build_wall_s": round(time.perf_counter() - start, 1),
        "rss_after_build_mib": _peak_rss_mib(),
    }
    if args.trace:
        tracemalloc.start()
    clock = StepClock(args.trace, args.measure_memory)
    with tempfile.TemporaryDirectory(prefix="plebiscite-bench-mix-") as root:
        tally = run_district_tally(
            scene.params,
            scene.roll,
            scene.board,
            "d",
            scene.shares,
            scene.k,
            anonymity=scene.anonymity,
            on_step=clock,
            workers=args.workers,
            **spill(args, group, Path(root)),
        )
    out["tally"] = clock.steps
    out["tally_wall_s"], out["tally_cpu_s"] = clock.total("wall_s"), clock.total("cpu_s")
    trustees = Trustees({i: group.exp_g(s) for i, s in scene.shares.items()}, scene.k)
    clock = StepClock(args.trace, args.measure_memory)
    verify_district_tally(
        scene.params,
        scene.roll,
        scene.board,
        trustees,
        tally,
        anonymity=scene.anonymity,
        on_step=clock,
        workers=args.workers,
    )
    out["verify"] = clock.steps
    out["verify_wall_s"], out["verify_cpu_s"] = clock.total("wall_s"), clock.total("cpu_s")
    if args.measure_memory:
        out["tally_step_peak_mib"] = max_step_peak(out["tally"])
        out["verify_step_peak_mib"] = max_step_peak(out["verify"])
    out["valid"], out["kept"], out["counted"] = (
        len(tally.valid),
        len(tally.kept),
        len(tally.counted),
    )
    out["counts"] = list(tally.counts)
    out["peak_rss_mib"] = _peak_rss_mib()
    if args.baseline:
        out["baseline"] = baseline(args, scene)
    if lists is not None:
        lists.close()
    return out


def spill(args: argparse.Namespace, group: Group, root: Path) -> dict[str, Any]:
    """The tally's ``spill_at`` when ``--spill-at`` is given (the library's default if not; a
    negative value keeps every stage in memory), and, unless ``--mix-in-memory``, the maker of
    the mix prover's columns in files under ``root`` (used when the mix's stages go to disk)."""
    options: dict[str, Any] = {}
    if args.spill_at is not None:
        options["spill_at"] = None if args.spill_at < 0 else args.spill_at
    if not args.mix_in_memory:
        made = itertools.count()

        def columns() -> DiskColumns:
            return DiskColumns(group, root / f"columns-{next(made)}")

        options["mix_columns"] = columns
    return options


def max_step_peak(steps: dict[str, dict[str, Any]]) -> float:
    return max(float(figures["step_peak_rss_mib"]) for figures in steps.values())


def baseline(args: argparse.Namespace, scene: Scene) -> dict[str, Any]:
    """The per-test cost over a sample of the board's and the roll's pairs, its extrapolation
    to B ballots, and the pairwise tally run whole at ``--baseline-whole`` ballots."""
    b = args.baseline
    n, r = len(scene.board), len(scene.roll)
    sample = min(args.baseline_sample, n * r)
    cost = PetCost()
    pairs = [(scene.board[j % n].credential, scene.roll[(j * 7919) % r]) for j in range(sample)]
    _chunked_pets(scene, pairs, cost)
    tests = b * (b - 1) // 2 + round((1 - args.revote) * b) * b
    per_test = (cost.prove_cpu_s + cost.verify_cpu_s) / cost.tests
    out: dict[str, Any] = {
        "ballots": b,
        "tests": tests,
        "sample": cost.tests,
        "prove_ms_per_test": round(1000 * cost.prove_cpu_s / cost.tests, 3),
        "verify_ms_per_test": round(1000 * cost.verify_cpu_s / cost.tests, 3),
        "extrapolated_cpu_s": round(tests * per_test, 1),
    }
    if args.baseline_whole:
        out["whole"] = pairwise_whole(args, args.baseline_whole)
    return out


def pairwise_whole(args: argparse.Namespace, w: int) -> dict[str, Any]:
    """The pairwise tally run whole on a board of ``w`` ballots (and a roll of ``w``), beside the
    linear tally of the same board: both must keep the same ballots and count as many."""
    small = build(argparse.Namespace(**{**vars(args), "roll": w}), w)
    linear = run_district_tally(
        small.params, small.roll, small.board, "d", small.shares, small.k, anonymity=small.anonymity
    )
    cost = PetCost()
    start = time.perf_counter()
    credentials = [small.board[j].credential for j in linear.valid]
    kept, matched = pairwise_tally(small, credentials, small.roll, cost)
    return {
        "ballots": w,
        "tests": cost.tests,
        "wall_s": round(time.perf_counter() - start, 3),
        "cpu_s": round(cost.prove_cpu_s + cost.verify_cpu_s, 3),
        "kept": len(kept),
        "counted": len(matched),
        "same_as_linear": [linear.valid[j] for j in kept] == list(linear.kept)
        and len(matched) == len(linear.counted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ballots",
        help="N, or sizes N1,N2,… (one child each); default 1000, or 1000,10000,30000 with"
        " --measure-memory",
    )
    parser.add_argument("--roll", type=int, default=0, help="roll size (default: N)")
    parser.add_argument("--trustees", type=int, default=3)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--fake", type=float, default=0.2)
    parser.add_argument("--revote", type=float, default=0.1)
    parser.add_argument("--anonymity", type=int, default=8)
    parser.add_argument("--group", default="secp256k1")
    parser.add_argument("--workers", type=int, default=1, help="processes for the ballots' checks")
    parser.add_argument("--baseline", type=int, default=2000)
    parser.add_argument("--baseline-sample", type=int, default=400)
    parser.add_argument("--baseline-whole", type=int, default=0, metavar="W")
    parser.add_argument("--trace", action="store_true", help="tracemalloc figures per step")
    parser.add_argument(
        "--measure-memory",
        action="store_true",
        help="each step's own peak RSS and the RSS it leaves (Linux /proc); sizes 1k, 10k, 30k",
    )
    parser.add_argument(
        "--spill-at",
        type=int,
        default=None,
        help="list items the tally's stages keep in memory before later stages go to disk"
        " (default: the library's; -1: none go to disk)",
    )
    parser.add_argument(
        "--mix-in-memory",
        action="store_true",
        help="prove the mix in memory even when its stages go to disk (the path before the"
        " columns)",
    )
    parser.add_argument(
        "--lists-in-memory",
        action="store_true",
        help="hold the board and the roll as Python lists (the bench before its stores)",
    )
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ballots is None:
        args.ballots = "1000,10000,30000" if args.measure_memory else "1000"
    sizes = [int(x) for x in args.ballots.split(",")]
    if args.child is not None:
        print(json.dumps(run_size(args, args.child)))
        return
    print(
        f"cpu: {platform.processor() or platform.machine()}, cores: {os.cpu_count()}, "
        f"python {platform.python_version()}, load at start: {os.getloadavg()}"
    )
    rows = []
    for i, n in enumerate(sizes):
        child = [sys.executable, __file__, *sys.argv[1:], "--ballots", args.ballots]
        child += ["--child", str(n)]
        if i < len(sizes) - 1:
            child += ["--baseline", "0"]  # the baseline once, with the largest size
        done = subprocess.run(child, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"the child for N = {n} failed")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        _print_row(rows[-1])
    print(f"load at end: {os.getloadavg()}")
    # with workers, this process's CPU leaves theirs out (they are the forkserver's children)
    key, unit = ("cpu_s", "CPU") if args.workers == 1 else ("wall_s", "wall")
    if args.workers > 1:
        print(f"--workers {args.workers}: CPU times leave the workers out; ratios use wall time")
    for lo, hi in itertools.pairwise(rows):
        print(
            f"growth {lo['ballots']:,} → {hi['ballots']:,} ({hi['ballots'] / lo['ballots']:.1f}×),"
            f" {unit}: tally {hi['tally_' + key] / lo['tally_' + key]:.2f}×,"
            f" verify {hi['verify_' + key] / lo['verify_' + key]:.2f}×;"
            f" peak RSS {hi['peak_rss_mib'] / lo['peak_rss_mib']:.2f}×"
        )
        if args.measure_memory:
            grown = {
                phase: hi[f"{phase}_step_peak_mib"] - lo[f"{phase}_step_peak_mib"]
                for phase in ("tally", "verify")
            }
            per = {
                phase: 1024 * mib / (hi["ballots"] - lo["ballots"]) for phase, mib in grown.items()
            }
            print(
                f"  steps' peak RSS grows by {grown['tally']:.0f} MiB (tally),"
                f" {grown['verify']:.0f} MiB (verify): {per['tally']:.2f} and"
                f" {per['verify']:.2f} KiB per added ballot (the board and roll included)"
            )
    last = rows[-1]
    scale = 100_000 / last["ballots"]
    tally_s, verify_s = last["tally_" + key] * scale, last["verify_" + key] * scale
    print(
        f"linear extrapolation to 100,000 ballots ({unit}): tally {tally_s:.0f} s"
        f" ({tally_s / AIM_TALLY_S:.2f} of the 600 s aim), verify {verify_s:.0f} s"
        f" ({verify_s / AIM_VERIFY_S:.2f} of the 300 s aim)"
    )
    base = last.get("baseline")
    if base:
        b = base["ballots"]
        linear = (last["tally_" + key] + last["verify_" + key]) * b / last["ballots"]
        print(
            f"quadratic PET baseline at {b:,} ballots: {base['tests']:,} tests ×"
            f" ({base['prove_ms_per_test']} + {base['verify_ms_per_test']}) ms ="
            f" {base['extrapolated_cpu_s']:,.0f} CPU s; the linear tally + verification at {b:,}:"
            f" {linear:.1f} {unit} s; ratio {base['extrapolated_cpu_s'] / linear:,.0f}×"
        )
        if "whole" in base:
            print(f"pairwise tally run whole: {base['whole']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


def _print_row(row: dict[str, Any]) -> None:
    print(
        f"N = {row['ballots']:,} (roll {row['roll']:,}): valid {row['valid']:,}, kept"
        f" {row['kept']:,}, counted {row['counted']:,}, counts {row['counts']};"
        f" board built in {row['build_wall_s']} s, RSS after it {row['rss_after_build_mib']} MiB"
    )
    for phase in ("tally", "verify"):
        print(f"  {phase}: {row[phase + '_cpu_s']} s CPU ({row[phase + '_wall_s']} s wall)")
        for step, figures in row[phase].items():
            own = ""
            if "step_peak_rss_mib" in figures:
                own = f", its own {figures['step_peak_rss_mib']} MiB, leaves {figures['rss_mib']}"
            print(
                f"    {step:7} {figures['cpu_s']:9.3f} s CPU {figures['wall_s']:9.3f} s wall"
                f"  peak RSS {figures['peak_rss_mib']} MiB{own}"
            )
            if "held_mib" in figures:
                print(
                    f"            traced: held {figures['held_mib']} MiB, peak"
                    f" {figures['peak_mib']} MiB; {'; '.join(figures['top'])}"
                )


if __name__ == "__main__":
    main()
