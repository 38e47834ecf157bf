"""What the demo's main process holds after the credentials and the open, per registered voter.

Runs the demo's steps up to the open (:class:`plebiscite.demo.play._Run`: parties, manifest,
key ceremony, credentials, open) in this process (the credential authority issues in a process of
its own, as in the demo: its peak is printed too), then prints the resident memory after each
step, after ``gc.collect()`` and after glibc's ``malloc_trim(0)``, and with ``--trace`` the
largest allocations still alive (tracemalloc, started before the credentials step; it slows the
run about twofold), then pymalloc's arena statistics (``sys._debugmallocstats``, on standard
error). The peak during the open is the resident high-water mark (VmHWM, reset just before the
open, after the credentials step's memory was collected and trimmed).

With ``--all`` the run goes on through every later step (voting, close, tally, decryption,
result, record, verify) and prints, per step, its peak (the high-water mark reset when the step
starts, after the previous step's memory was collected and trimmed) and what the process holds
after it; with ``--trace`` too, each later step's peak of traced Python allocations and the
largest allocations the step left alive.

    nice -n 10 .venv/bin/python bench/demo_memory.py --voters 200000 --out /tmp/mem-200k [--trace]
    nice -n 10 .venv/bin/python bench/demo_memory.py --voters 20000 --out /tmp/mem-20k --all
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import resource
import shutil
import sys
import tracemalloc
from pathlib import Path

from rich.console import Console

from plebiscite.demo import play as play_module
from plebiscite.demo.scenario import Scenario


def _rss() -> float:
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak() -> float:
    """The resident memory's high-water mark (VmHWM) since the last :func:`_reset_peak`."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("/proc/self/status has no VmHWM")


def _reset_peak() -> None:
    """Start the high-water mark again from the resident memory now (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--all", action="store_true", help="go on through every later step")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    console = Console(file=open(os.devnull, "w"))
    run = play_module._Run(Scenario(voters=args.voters, seed=7), args.out, console, 2)
    try:
        run.setup_parties()
        run.create()
        run.ceremony()
        before = _rss()
        print(f"after the ceremony: {before:.1f} MB")
        if args.trace:
            tracemalloc.start(8)
        run.credentials()
        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        ready = _rss()
        print(f"after credentials: {ready:.1f} MB (trimmed)")
        issuer = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
        print(f"largest child process so far (the issuing one or a worker): {issuer:.1f} MB")
        _reset_peak()
        run.open()
        print(f"peak during the open: {_peak():.1f} MB ({_peak() - ready:+.1f} MB)")
        after = _rss()
        print(f"after open: {after:.1f} MB ({(after - before) * 1e6 / args.voters:.0f} B/voter)")
        gc.collect()
        print(f"after gc.collect: {_rss():.1f} MB")
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        trimmed = _rss()
        print(
            f"after malloc_trim(0): {trimmed:.1f} MB "
            f"({(trimmed - before) * 1e6 / args.voters:.0f} B/voter above the ceremony's)"
        )
        sys._debugmallocstats()  # pymalloc's arenas (on standard error): what the heap holds
        if args.trace:
            snapshot = tracemalloc.take_snapshot()
            stats = snapshot.statistics("traceback")
            print(f"alive from the credentials on: {sum(s.size for s in stats) / 1e6:.1f} MB")
            for stat in stats[:12]:
                print(f"  {stat.size / 1e6:8.1f} MB {stat.count:9d} blocks")
                for line in stat.traceback.format()[-6:]:
                    print("     ", line)
        if args.all:
            _later_steps(run, args.voters, args.trace)
    finally:
        run.release()


def _collected() -> float:
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _rss()


def _later_steps(run: play_module._Run, voters: int, trace: bool) -> None:
    """Every step after the open, each with its own peak (module docstring)."""
    steps = [run.vote, run.close, run.tally, run.decrypt, run.result, run.export, run.verify]
    print(f"{'step':>10} {'peak MB':>9} {'after MB':>9} {'B/voter after':>14}")
    base = _collected()
    for step in steps:
        before = _collected()
        snapshot = tracemalloc.take_snapshot() if trace and tracemalloc.is_tracing() else None
        if snapshot is not None:
            tracemalloc.reset_peak()
        _reset_peak()
        step()
        peak = max(_peak(), _rss())
        after = _collected()
        name = step.__name__
        print(f"{name:>10} {peak:9.1f} {after:9.1f} {(after - base) * 1e6 / voters:14.0f}")
        if snapshot is not None:
            traced = tracemalloc.get_traced_memory()[1] / 1e6
            print(f"           traced peak {traced:.1f} MB (from {before:.1f} MB resident)")
            grown = tracemalloc.take_snapshot().compare_to(snapshot, "traceback")[:4]
            for stat in grown:
                print(f"    {stat.size_diff / 1e6:+8.1f} MB {stat.count_diff:+9d} blocks")
                for line in stat.traceback.format()[-4:]:
                    print("     ", line)


if __name__ == "__main__":
    main()
