"""Where ``plebiscite demo`` waits: the main thread's blocking points and every process's CPU.

Runs :func:`plebiscite.demo.play.play` in this process with timers around the points where the
main thread blocks (every ``Future.result`` it calls, by the function that called it: the
devices' visits, the receipts' settling, the trustees' follow; and the authority's own
follower), then prints the step table, the waits, and CPU/wall of all processes together (this
process and its reaped children, ``getrusage``) and of the voting step alone.

    nice -n 10 .venv/bin/python bench/demo_waits.py --voters 10000 --out /tmp/waits-10k

Run it with ``PYTHONPATH=<tree>/src`` to measure another tree (the script imports only the
demo's public entry points).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import Future
from pathlib import Path

from rich.console import Console

from plebiscite.demo import play as play_module
from plebiscite.demo.scenario import Scenario
from plebiscite.tally.count import BoardFollower

_main = threading.main_thread()
_waits: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])


def _timed(name: str, seconds: float) -> None:
    entry = _waits[name]
    entry[0] += 1
    entry[1] += seconds


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_cpu() -> float:
    """CPU of the live children too (their /proc stat: reaped ones are in RUSAGE_CHILDREN)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


class _Sched:
    """Samples /proc/*/task/*/schedstat of this process and its children twice a second: per
    thread, nanoseconds run on a CPU and nanoseconds runnable but waiting for one (the load's
    share). Their sum over the wall time is how many cores the demo asked for."""

    def __init__(self) -> None:
        self.first: dict[tuple[int, int], tuple[int, int]] = {}
        self.last: dict[tuple[int, int], tuple[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _pids(self) -> list[int]:
        pids = [os.getpid()]
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            try:
                pids += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
        return pids

    def sample(self, baseline: bool = False) -> None:
        for pid in self._pids():
            try:
                tasks = list(Path(f"/proc/{pid}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                try:
                    run, queued = map(int, (task / "schedstat").read_text().split()[:2])
                except (OSError, ValueError):
                    continue
                key = (pid, int(task.name))
                if key not in self.first:
                    self.first[key] = (run, queued) if baseline else (0, 0)
                self.last[key] = (run, queued)

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def start(self) -> None:
        self.sample(baseline=True)
        self._thread.start()

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        self.sample()
        run = sum(self.last[k][0] - self.first[k][0] for k in self.last) / 1e9
        queued = sum(self.last[k][1] - self.first[k][1] for k in self.last) / 1e9
        return run, queued


def _instrument() -> dict[str, float]:
    voting: dict[str, float] = {}
    original_result = Future.result

    def result(self: Future[object], timeout: float | None = None) -> object:
        if threading.current_thread() is not _main or self.done():
            return original_result(self, timeout)
        caller = sys._getframe(1).f_code.co_name
        started = time.perf_counter()
        try:
            return original_result(self, timeout)
        finally:
            _timed(f"wait in {caller}", time.perf_counter() - started)

    Future.result = result  # type: ignore[method-assign,assignment]

    original_follow = BoardFollower.follow

    def follow(self: BoardFollower, *args: object, **kwargs: object) -> object:
        if threading.current_thread() is not _main:
            return original_follow(self, *args, **kwargs)  # type: ignore[arg-type]
        started = time.perf_counter()
        try:
            return original_follow(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            _timed("authority follower (main)", time.perf_counter() - started)

    BoardFollower.follow = follow  # type: ignore[method-assign,assignment]

    original_vote = play_module._Run.vote

    def vote(self: object) -> None:
        cpu, live, wall = _cpu(), _children_cpu(), time.perf_counter()
        sched = _Sched()
        sched.start()
        try:
            original_vote(self)  # type: ignore[arg-type]
        finally:
            voting["run"], voting["queued"] = sched.stop()
            # the devices are reaped by now; the trustees' and verifier's processes still live
            voting["wall"] = time.perf_counter() - wall
            voting["cpu"] = _cpu() - cpu + _children_cpu() - live

    play_module._Run.vote = vote  # type: ignore[method-assign]
    return voting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    voting = _instrument()
    console = Console(file=open(os.devnull, "w"))
    started, cpu = time.perf_counter(), _cpu()
    outcome = play_module.play(
        Scenario(voters=args.voters, seed=args.seed), args.out, console, workers=args.workers
    )
    wall, used = time.perf_counter() - started, _cpu() - cpu
    load = os.getloadavg()
    print(f"voters {args.voters}, ok {outcome.ok}, load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for problem in outcome.problems:
        print("  problem:", problem)
    for step in outcome.steps:
        print(f"  {step.name:14} {step.seconds:8.1f} s  rss {step.rss_mb:6.0f} MB")
    print(f"whole run: {wall:.1f} s wall, {used:.1f} s CPU, CPU/wall {used / wall:.2f}")
    vw, vc = voting.get("wall", 0.0), voting.get("cpu", 0.0)
    print(f"voting step: {vw:.1f} s wall, {vc:.1f} s CPU, CPU/wall {vc / max(vw, 1e-9):.2f}")
    run, queued = voting.get("run", 0.0), voting.get("queued", 0.0)
    print(
        f"voting step, schedstat: {run:.1f} s on a CPU, {queued:.1f} s runnable waiting for one;"
        f" cores asked for {(run + queued) / max(vw, 1e-9):.2f}"
    )
    print("main thread's waits (all steps):")
    for name, (calls, seconds) in sorted(_waits.items(), key=lambda kv: -kv[1][1]):
        print(f"  {name:40} {int(calls):7d} calls {seconds:8.1f} s")
    print(
        f"peak RSS main {outcome.peak_rss_mb:.0f} MB, largest worker "
        f"{outcome.peak_worker_rss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
