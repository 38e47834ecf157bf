"""Benchmarks and calibration of ``plebiscite forensics``.

Every timing is printed with the CPU time (user + sys, this process and its children), the peak
resident memory and the load average before and after, since the machine may be shared: on a
busy machine the wall time measures the contention and the CPU time the work.

.venv/bin/python bench/forensics.py report [FILE ...] [--runs 1000] [--workers 2] [--tracemalloc]
    the full report (load, every method, report.json and report.html) on each FILE (default:
    the 2020 table, 96,765 rows), each in a fresh process so that its peak memory is its own;
    timed phase by phase
.venv/bin/python bench/forensics.py series [FILE ...]
    ``--series`` over FILEs (default: the ten Russian federal tables 2004-2024): load and
    figures per file, then the page; wall, CPU and memory per file and in total
.venv/bin/python bench/forensics.py excess
    the excess-votes estimate and the single-bin recipe for every Russian federal table
    (the comparison table of docs/forensics.md)
.venv/bin/python bench/forensics.py calibration [--replicates 200] [--stations 2000]
                                                [--scenario NAME ...]
    false-positive rates on clean synthetic elections and detection power on planted
    stuffing and rounding, every method at level 0.05 (Monte-Carlo p-values from 99
    replicates, so the exact level of those methods is 4/100); the second-digit figure is
    descriptive and never alarms
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from machine import cpu_model
from plebiscite.forensics import methods
from plebiscite.forensics.data import ElectionData, load_election
from plebiscite.forensics.page import write_html
from plebiscite.forensics.report import run_all, write_json
from plebiscite.forensics.series import SeriesEntry, run_series, write_series
from plebiscite.forensics.synthetic import synthetic_election

DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ru-federal" / "2020.csv.zip"
)


def _peak_mb() -> float:
    """Peak resident memory of this process (and of finished worker processes), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_s() -> float:
    """CPU time (user + sys) of this process and of its finished children, in seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench_report(files: list[Path], runs: int, workers: int, trace: bool = False) -> None:
    """Each file's full report in a fresh process (its own peak memory), one after another."""
    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical cores")
    for path in files:
        command = [sys.executable, __file__, "report-one", str(path), "--runs", str(runs)]
        command += ["--workers", str(workers)] + (["--tracemalloc"] if trace else [])
        subprocess.run(command, check=True)


def bench_report_one(path: Path, runs: int, workers: int, trace: bool = False) -> None:
    """The full report on one table: time per phase, CPU time, peak memory (getrusage: the
    whole process, numpy, Arrow and matplotlib included; tracemalloc: Python-level
    allocations) and the load average. tracemalloc is off unless ``trace``: its own
    bookkeeping would inflate the resident peak and slow the run."""
    load_before = os.getloadavg()
    if trace:
        tracemalloc.start()
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    data = load_election(path, preset="ru-cec")
    t1 = time.perf_counter()
    mem_load = _peak_mb()
    report = run_all(data, runs=runs, seed=0, workers=workers)
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_json(report, Path(out) / "report.json")
        write_html(report, Path(out) / "report.html")
    t3 = time.perf_counter()
    cpu = _cpu_s() - cpu0
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else float("nan")
    tracemalloc.stop()
    print(f"== {path.name}: {len(data.stations):,} stations, runs: {runs}, workers: {workers}")
    print(f"load average before: {load_before[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(f"load {t1 - t0:.1f} s, methods {t2 - t1:.1f} s, reports {t3 - t2:.1f} s (wall)")
    print(f"total {t3 - t0:.1f} s of wall time, {cpu:.1f} s of CPU time (user + sys)")
    print(
        f"peak resident memory: {_peak_mb():.0f} MB (after loading: {mem_load:.0f} MB); "
        f"peak traced Python allocations: {traced_peak:.0f} MB"
    )
    for found in report.findings():
        print(f"{found.method}: {found.figure} {found.verdict} ({found.evidence})")


YEARS = ("2004", "2007", "2008", "2011", "2012", "2016", "2018", "2020", "2021", "2024")


def bench_series(files: list[Path]) -> None:
    """``--series`` as the command runs it (every file loaded first, then the figures, then
    the page), timed per file."""
    print(f"CPU: {cpu_model()}, {os.cpu_count()} logical cores")
    load_before = os.getloadavg()
    cpu0, t0 = _cpu_s(), time.perf_counter()
    elections = []
    for path in files:
        c, t = _cpu_s(), time.perf_counter()
        elections.append((path.name.split(".", 1)[0], load_election(path, preset="ru-cec")))
        print(
            f"load {path.name}: {time.perf_counter() - t:.1f} s wall, {_cpu_s() - c:.1f} s CPU, "
            f"peak so far {_peak_mb():.0f} MB",
            flush=True,
        )
    mark = [_cpu_s(), time.perf_counter()]

    def done(entry: SeriesEntry) -> None:
        print(
            f"figures {entry.label}: {time.perf_counter() - mark[1]:.1f} s wall, "
            f"{_cpu_s() - mark[0]:.1f} s CPU, peak so far {_peak_mb():.0f} MB",
            flush=True,
        )
        mark[:] = [_cpu_s(), time.perf_counter()]

    entries = run_series(elections, seed=0, on_done=done)
    c, t = _cpu_s(), time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_series(entries, Path(out))
    print(f"page: {time.perf_counter() - t:.1f} s wall, {_cpu_s() - c:.1f} s CPU")
    print(f"load average before: {load_before[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    print(
        f"total {time.perf_counter() - t0:.1f} s of wall time, {_cpu_s() - cpu0:.1f} s of CPU "
        f"time (user + sys), peak resident memory {_peak_mb():.0f} MB, {len(files)} files"
    )


def bench_excess() -> None:
    print("| year | clean turnout | bulk share | official share | estimate | single-bin |")
    for year in YEARS:
        data = load_election(DATA.parent / f"{year}.csv.zip", preset="ru-cec")
        e = methods.excess_votes(data, boot_runs=0, seed=1)
        print(
            f"| {year} | {e.clean_turnout:.0%} | {e.clean_share:.1%} | {e.official_share:.1%} "
            f"| {e.statistic / 1e6:.2f} | {e.peak_bin_excess / 1e6:.2f} |",
            flush=True,
        )


def _alarms(data: ElectionData, seed: int) -> dict[str, bool]:
    a = 0.05
    return {
        "integer peaks": methods.integer_peaks(data, runs=99, seed=seed, alpha=a).alarm,
        "fingerprint": methods.fingerprint(
            data, null_runs=99, boot_runs=0, seed=seed, alpha=a
        ).alarm,
        "excess votes": methods.excess_votes(data, seed=seed, alpha=a).alarm,
        "last digit": methods.last_digit_test(data, alpha=a).alarm,
        "second digit": methods.second_digit_test(data, alpha=a).alarm,
    }


SCENARIOS = ("clean", "correlated", "stuffing10", "stuffing25", "rounding3", "rounding10")


def bench_calibration(replicates: int, stations: int, only: list[str] | None = None) -> None:
    scenarios = {
        "clean": {},
        "clean, correlated regions (rho 0.6)": {"region_correlation": 0.6},
        "stuffing 10 % of stations": {"stuffing": 0.10},
        "stuffing 25 % of stations": {"stuffing": 0.25},
        "rounding 3 % of stations": {"rounding": 0.03},
        "rounding 10 % of stations": {"rounding": 0.10},
    }
    print(f"{replicates} elections of {stations} stations per scenario, level 0.05")
    for key, (name, kwargs) in zip(SCENARIOS, scenarios.items(), strict=True):
        if only and key not in only:
            continue
        t0 = time.perf_counter()
        counts: dict[str, int] = {}
        for i in range(replicates):
            data = synthetic_election(stations, seed=50_000 + i, **kwargs)  # type: ignore[arg-type]
            for method, alarm in _alarms(data, i).items():
                counts[method] = counts.get(method, 0) + int(alarm)
        rates = ", ".join(f"{m} {c / replicates:.0%}" for m, c in counts.items())
        print(f"{name}: {rates} ({time.perf_counter() - t0:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="what", required=True)
    for name in ("report", "report-one"):
        rep = sub.add_parser(name)
        rep.add_argument("files", nargs="*", type=Path, default=[DATA])
        rep.add_argument("--runs", type=int, default=1000)
        rep.add_argument("--workers", type=int, default=2)
        rep.add_argument("--tracemalloc", action="store_true", help="trace Python allocations")
    ser = sub.add_parser("series")
    ser.add_argument(
        "files", nargs="*", type=Path, default=[DATA.parent / f"{y}.csv.zip" for y in YEARS]
    )
    sub.add_parser("excess")
    cal = sub.add_parser("calibration")
    cal.add_argument("--replicates", type=int, default=200)
    cal.add_argument("--stations", type=int, default=2000)
    cal.add_argument("--scenario", action="append", choices=SCENARIOS)
    args = parser.parse_args()
    if args.what == "report":
        bench_report(args.files, args.runs, args.workers, args.tracemalloc)
    elif args.what == "report-one":
        bench_report_one(args.files[0], args.runs, args.workers, args.tracemalloc)
    elif args.what == "series":
        bench_series(args.files)
    elif args.what == "excess":
        bench_excess()
    else:
        bench_calibration(args.replicates, args.stations, args.scenario)


if __name__ == "__main__":
    main()
