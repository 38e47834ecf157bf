"""Peer benchmark of the full pipeline: `plebiscite verify` on `plebiscite demo` records against
ElectionGuard 1.4's record verification on the same number of ballots.

Run (after ``scripts/eg_peer_env.sh``)::

    .venv/bin/python bench/peer_pipeline.py [--voters 2000 20000] [--groups secp256k1 modp4096]
        [--repeat 3] [--workers 1] [--cache DIR] [--eg-max-ballots 2000] [--primitives 100]

For each group and each number of voters N, ``plebiscite demo --voters N --group G`` makes a
record (cached under ``--cache``, keyed by group, N and the seed), then ``plebiscite verify RECORD
--workers W --json`` runs ``--repeat`` times as a child process; the figure kept is the least CPU
time (user + system of the child and its workers, from ``getrusage(RUSAGE_CHILDREN)``), with the
wall time of that run beside it: the machine is shared, and CPU time is what a run costs. The
runs go in rounds, each round every plebiscite command once and then ElectionGuard's, so that both
sides of a ratio meet the same moments of a host whose speed drifts.
The per-ballot figure divides by the ballots the record holds (V6: every ballot posted, the
challenged ones included); the marginal figure is the difference between two record sizes over
the difference in ballots, which leaves out the fixed start-up (imports, the ceremony, V2–V4).

ElectionGuard's side: ``scripts/make_eg_fixtures.py`` (in the peer's Python 3.10 with SDK 1.4.0)
makes a record of as many submitted ballots as plebiscite's smallest record posts (every fourth
one spoiled, as challenged ballots are in plebiscite; at most ``--eg-max-ballots``; cached), and
``scripts/eg_verify_record.py`` verifies it whole with the SDK's own checks (every ballot's
proofs, the encrypted tally recomputed, every decryption share's proof with the absent guardian's
parts, every spoiled ballot's decryption), timed the same way. Its per-ballot cost is flat in the
number of ballots (one ballot at a time), so a larger plebiscite record is compared per ballot.

The ratio is ElectionGuard's per-ballot CPU over plebiscite's. secp256k1 is a **different group**
from ElectionGuard's 4096-bit group; modp4096 is the same group as ElectionGuard's.

The second table is the primitive-only comparison of ``bench/peer_electionguard.py`` (plebiscite's
primitives in this process on ``--primitives`` ballots, ElectionGuard's per-ballot
``is_valid_encryption`` from the fixture run): it measures the proofs, not the pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peer_electionguard import machine, run_plebiscite

ROOT = Path(__file__).resolve().parent.parent
PLEBISCITE = ROOT / ".venv" / "bin" / "plebiscite"


@dataclass(frozen=True)
class Run:
    cpu_s: float
    wall_s: float
    stdout: bytes


def timed(command: list[str], best: Run | None = None) -> Run:
    """Run ``command`` once as a child; this run or ``best``, whichever took less CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if best is None or cpu < best.cpu_s:
        return Run(cpu, wall, done.stdout)
    return best


def demo_record(cache: Path, group: str, voters: int, seed: int) -> Path:
    """The record of ``plebiscite demo`` for this group, size and seed (made once, cached)."""
    out = cache / f"demo-{group}-{voters}-{seed}"
    if not (out / "record" / "record.json").exists():
        print(f"  making the {group} demo record of {voters} voters in {out} ...", flush=True)
        subprocess.run(
            [
                str(PLEBISCITE),
                "demo",
                "--voters",
                str(voters),
                "--group",
                group,
                "--seed",
                str(seed),
                "--out",
                str(out),
                "--fresh",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return out / "record"


def posted_ballots(record: Path, report_json: bytes) -> int:
    """Posted ballots (V6's count) from a ``verify --json`` report that passed."""
    report = json.loads(report_json)
    if not report["ok"]:
        raise SystemExit(f"{record}: the verifier did not pass it")
    counts: dict[str, int] = {line["check"]: line["checked"] for line in report["summary"]}
    return counts["V6"]


def eg_record(cache: Path, peer_python: str, ballots: int) -> tuple[Path, dict[str, float]]:
    """ElectionGuard's record of ``ballots`` submitted ballots (made once, cached)."""
    out = cache / f"eg-{ballots}"
    timings = cache / f"eg-{ballots}.fixture.json"
    if not timings.exists() or not (out / "tally.json").exists():
        print(f"  making ElectionGuard's record of {ballots} ballots in {out} ...", flush=True)
        subprocess.run(
            [
                peer_python,
                str(ROOT / "scripts" / "make_eg_fixtures.py"),
                "--ballots",
                str(ballots),
                "--out",
                str(out),
                "--timings",
                str(timings),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    fixture: dict[str, float] = json.loads(timings.read_text())
    return out, fixture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--groups", nargs="+", default=["secp256k1", "modp4096"])
    parser.add_argument(
        "--modp-voters",
        type=int,
        nargs="+",
        help="voters for modp4096 only (default: --voters); its demo costs ~30× more per voter",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/plebiscite-bench/peer-pipeline"))
    parser.add_argument("--peer-python", default=str(ROOT / ".peer-venv" / "bin" / "python"))
    parser.add_argument("--eg-max-ballots", type=int, default=2000)
    parser.add_argument(
        "--primitives", type=int, default=100, help="ballots of the primitive table (0: none)"
    )
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")

    cases: list[tuple[str, int, Path]] = []
    for group in args.groups:
        sizes = args.modp_voters if group == "modp4096" and args.modp_voters else args.voters
        cases += [
            (group, voters, demo_record(args.cache, group, voters, args.seed))
            for voters in sorted(sizes)
        ]
    best: list[Run | None] = [None] * len(cases)
    eg_run: Run | None = None
    eg_command: list[str] | None = None
    for round_ in range(1, args.repeat + 1):
        for k, (_, _, record) in enumerate(cases):
            command = [str(PLEBISCITE), "verify", str(record), "--workers", str(args.workers)]
            best[k] = timed([*command, "--json"], best[k])
        if eg_command is None:
            # ElectionGuard's record as large as plebiscite's smallest record posts
            posted = [
                posted_ballots(record, run.stdout)
                for (_, _, record), run in zip(cases, best, strict=True)
                if run is not None
            ]
            eg_n = min(min(posted), args.eg_max_ballots)
            eg_dir, fixture = eg_record(args.cache, args.peer_python, eg_n)
            eg_command = [args.peer_python, str(ROOT / "scripts" / "eg_verify_record.py")]
            eg_command.append(str(eg_dir))
        eg_run = timed(eg_command, eg_run)
        print(f"  round {round_} of {args.repeat} done", flush=True)
    assert eg_run is not None
    rows: list[tuple[str, int, int, Run]] = []
    for (group, voters, record), run in zip(cases, best, strict=True):
        assert run is not None
        ballots = posted_ballots(record, run.stdout)
        rows.append((group, voters, ballots, run))
        print(
            f"  {group} {voters} voters: {ballots} ballots, CPU {run.cpu_s:.2f} s, "
            f"wall {run.wall_s:.2f} s",
            flush=True,
        )
    eg_per = eg_run.cpu_s / eg_n
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print()
    print(
        f"Full pipeline, CPU per ballot (ElectionGuard {fixture['sdk']}: its record of {eg_n} "
        f"ballots verified whole in {eg_run.cpu_s:.1f} s CPU, {eg_run.wall_s:.1f} s wall)"
    )
    header = f"{'group':10}{'voters':>8}{'ballots':>9}{'CPU s':>9}{'wall s':>9}"
    print(f"{header}{'ms/ballot':>11}{'EG ms/ballot':>14}{'EG / plebiscite':>17}")
    for group, voters, ballots, run in rows:
        per = run.cpu_s / ballots
        print(
            f"{group:10}{voters:8}{ballots:9}{run.cpu_s:9.2f}{run.wall_s:9.2f}"
            f"{1000 * per:11.3f}{1000 * eg_per:14.1f}{eg_per / per:16.0f}×"
        )
    for group in args.groups:
        sized = sorted((r for r in rows if r[0] == group), key=lambda r: r[2])
        if len(sized) >= 2:
            (_, _, n0, r0), (_, _, n1, r1) = sized[0], sized[-1]
            marginal = (r1.cpu_s - r0.cpu_s) / (n1 - n0)
            print(
                f"{group}: marginal CPU per ballot ({n1} − {n0} ballots) "
                f"{1000 * marginal:.3f} ms; EG / marginal {eg_per / marginal:.0f}×"
            )
    print("secp256k1 is a different group from ElectionGuard's; modp4096 is the same group.")

    if args.primitives:
        n = args.primitives
        print()
        print(
            f"Primitives only (bench/peer_electionguard.py's referendum, {n} ballots here; "
            f"ElectionGuard's is_valid_encryption over its {eg_n} ballots, wall time)"
        )
        eg_verify = 1000 * fixture["verify_s"] / eg_n
        eg_encrypt = 1000 * fixture["encrypt_s"] / eg_n
        head = f"{'per ballot (ms)':26}{'ElectionGuard':>14}"
        print(f"{head}{'secp256k1':>11}{'×':>7}{'modp4096':>10}{'×':>7}")
        prim = {g: run_plebiscite(g, n) for g in ("secp256k1", "modp4096")}
        for label, key, eg_value in (
            ("encryption", "encrypt_s", eg_encrypt),
            ("verification", "verify_s", eg_verify),
        ):
            line = f"{label:26}{eg_value:14.2f}"
            for g in ("secp256k1", "modp4096"):
                value = 1000 * prim[g][key] / n
                line += f"{value:11.3f}{eg_value / value:7.0f}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
