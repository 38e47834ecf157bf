"""Where ``plebiscite demo --voters N`` spends its CPU: every process and every thread profiled.

Runs :func:`plebiscite.demo.play.play` in this process with cProfile on every thread (the main
thread and the board's writer thread), and every worker process it starts (the voters' devices,
the trustees' followers, the credential deriver, the verifier's workers) with cProfile from its
start to its exit. Prints, per process role: CPU seconds (``getrusage``, user + system), CPU per
registered voter, and the functions with the most own time (``tottime``, waits left out) scaled
to per-voter milliseconds. The step table of the run is printed too; the profiles stay in
``OUT-profiles/`` (``main.prof``, ``threads.prof``, one per worker) for ``pstats``.

    .venv/bin/python bench/demo_profile.py --voters 10000 [--out /tmp/prof-d10k] [--top 25]

The profiler itself slows Python code by roughly a factor 1.5-2; read the split, not the sum.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import multiprocessing.process
import multiprocessing.util
import os
import platform
import pstats
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

_DIR_ENV = "PLEBISCITE_BENCH_PROFILE_DIR"
#: waiting, not working: left out of the tables (the CPU figures come from getrusage)
_WAITS = ("acquire", "poll", "posix.read", "SemLock", "waitpid", "select", "sleep", "wait")


def _role() -> str:
    """What this child process played, from the module state its work left."""
    followers = sys.modules.get("plebiscite.demo.followers")
    member = None if followers is None else getattr(followers, "_member", None)
    if member is not None:
        return str(member.party.role)  # "trustee" or "authority"
    voters = sys.modules.get("plebiscite.demo.voters")
    if voters is not None and getattr(voters, "_election", None) is not None:
        return "device"
    if "plebiscite.verify.command" in sys.modules or "plebiscite.rules.checker" in sys.modules:
        return "verifier-worker"
    return "other-worker"


def _start_child_profile() -> None:
    """In a spawned child (which imports this script as ``__mp_main__``): profile from now to
    the process's exit, into the shared directory."""
    directory = os.environ[_DIR_ENV]
    profile = cProfile.Profile()
    profile.enable()

    def dump() -> None:
        profile.disable()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        stem = Path(directory) / f"{_role()}-{os.getpid()}"
        profile.dump_stats(str(stem) + ".prof")
        Path(str(stem) + ".cpu").write_text(f"{usage.ru_utime + usage.ru_stime}\n")

    multiprocessing.util.Finalize(None, dump, exitpriority=100)


if __name__ == "__mp_main__" and os.environ.get(_DIR_ENV):
    _start_child_profile()


def _threads_profiled() -> list[cProfile.Profile]:
    """A profile for each thread started from now on (cProfile sees one thread only)."""
    profiles: list[cProfile.Profile] = []

    def hook(*_: object) -> None:
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.enable()  # replaces this hook for the thread

    threading.setprofile(hook)
    return profiles


def _cpu_of_children(directory: Path) -> dict[str, tuple[int, float]]:
    roles: dict[str, tuple[int, float]] = {}
    for cpu in directory.glob("*.cpu"):
        role = cpu.stem.rsplit("-", 1)[0]
        count, seconds = roles.get(role, (0, 0.0))
        roles[role] = (count + 1, seconds + float(cpu.read_text()))
    return roles


def _top(stats: pstats.Stats, voters: int, top: int, title: str) -> None:
    print(f"\n-- {title}: own time (tottime) per registered voter, top {top}")
    items = stats.stats.items()  # type: ignore[attr-defined]
    rows = sorted(
        ((key, value) for key, value in items if not any(w in key[2] for w in _WAITS)),
        key=lambda kv: kv[1][2],
        reverse=True,
    )[:top]
    for (file, line, name), (_, calls, tottime, cumtime, _) in rows:
        where = f"{Path(file).name}:{line}" if line else file
        print(
            f"  {1000 * tottime / voters:7.3f} ms  {1000 * cumtime / voters:8.3f} cum  "
            f"{calls:>10,}  {name}  ({where})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/prof-demo"))
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    from rich.console import Console

    from plebiscite.demo.command import outcome_tables
    from plebiscite.demo.play import play
    from plebiscite.demo.scenario import Scenario

    shutil.rmtree(args.out, ignore_errors=True)
    profiles_dir = args.out.with_name(args.out.name + "-profiles")
    shutil.rmtree(profiles_dir, ignore_errors=True)
    profiles_dir.mkdir(parents=True)
    os.environ[_DIR_ENV] = str(profiles_dir)
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load {os.getloadavg()}"
    )
    scenario = Scenario(voters=args.voters, seed=args.seed)
    threads = _threads_profiled()
    main_profile = cProfile.Profile()
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF)
    main_profile.enable()
    outcome = play(scenario, args.out, Console(quiet=True), workers=args.workers)
    main_profile.disable()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    threading.setprofile(None)
    console = Console(width=160)
    for table in outcome_tables(outcome):
        if table.title == "steps":
            console.print(table)
    main_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    child_cpu = children.ru_utime + children.ru_stime
    n = args.voters
    print(f"\nvoters {n:,}; ok {outcome.ok}; wall {wall:.1f} s; load now {os.getloadavg()}")
    print(f"main process (all threads): {main_cpu:.1f} s CPU, {1000 * main_cpu / n:.2f} ms/voter")
    for role, (count, seconds) in sorted(_cpu_of_children(profiles_dir).items()):
        print(f"{role} ({count} processes): {seconds:.1f} s CPU, {1000 * seconds / n:.2f} ms/voter")
    print(f"all children (reaped): {child_cpu:.1f} s CPU, {1000 * child_cpu / n:.2f} ms/voter")
    total = main_cpu + child_cpu
    print(f"total: {total:.1f} s CPU, {1000 * total / n:.2f} ms/voter")

    main_profile.dump_stats(str(profiles_dir / "main.prof"))
    main_stats = pstats.Stats(main_profile)
    _top(main_stats, n, args.top, "main process, main thread")
    if threads:
        thread_stats = pstats.Stats(*threads)
        thread_stats.dump_stats(str(profiles_dir / "threads.prof"))
        _top(thread_stats, n, args.top, f"main process, other threads ({len(threads)})")
    for role in sorted(_cpu_of_children(profiles_dir)):
        files = [str(p) for p in profiles_dir.glob(f"{role}-*.prof")]
        if files:
            _top(pstats.Stats(*files), n, args.top, f"{role} processes ({len(files)})")
    if not outcome.ok:
        print("problems:", outcome.problems, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
