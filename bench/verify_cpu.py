"""``plebiscite verify`` CPU by process, for one or more source trees side by side.

Run: ``.venv/bin/python bench/verify_cpu.py RECORD [RECORD ...] [--workers 1 2] [--repeat 3]
[--tree NAME=SRC ...]``.

Each run is ``python -m plebiscite verify RECORD --workers W --json`` in a child process with
``PYTHONPATH`` set to the tree's ``src`` (this checkout's by default; ``--tree base=/tmp/x/src``
adds another, e.g. ``git archive main | tar -x -C /tmp/x``), the trees alternated run by run. A
wrapper in the child reports the CPU time (user + system) of the verifying process itself
(``getrusage``), that of its worker processes (read from ``/proc`` every 50 ms while they live:
they are the forkserver's children, so no ``getrusage`` of ours ever counts them; the last 50 ms
of each can be missed), the wall time and the verifying process's peak resident memory; the
best run (least total CPU) of each is kept. On a shared machine the CPU time is the figure to
read, not the wall time; the main process's share is what caps ``--workers`` (it runs the
sequential checks). Every run's JSON report must be byte-for-byte that of the first tree's, or
the script stops.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from machine import add_tree_option, machine_line, run_child, source_trees

_CHILD = """
import contextlib, hashlib, io, json, os, resource, sys, threading, time

TICK = os.sysconf("SC_CLK_TCK")
seen = {}  # pid -> CPU seconds at the last look, for every descendant of this process


def look():
    parents = {}
    cpu = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fields = open(f"/proc/{name}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
        cpu[int(name)] = (int(fields[11]) + int(fields[12])) / TICK
    me = os.getpid()
    for pid in cpu:
        up, hops = parents.get(pid), 0
        while up not in (None, 0, 1, me) and hops < 8:
            up, hops = parents.get(up), hops + 1
        if up == me and pid != me:
            seen[pid] = max(seen.get(pid, 0.0), cpu[pid])


stop = threading.Event()


def watch():
    while not stop.wait(0.05):
        look()


threading.Thread(target=watch, daemon=True).start()
start = time.perf_counter()
out = io.StringIO()
code = 0
from plebiscite.cli import main
sys.argv = ["plebiscite", "verify", sys.argv[1], "--workers", sys.argv[2], "--json"]
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as exc:
    code = exc.code or 0
wall = time.perf_counter() - start
stop.set()
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "code": code, "wall": wall,
    "main": me.ru_utime + me.ru_stime, "workers": sum(seen.values()), "rss": me.ru_maxrss,
    "report": hashlib.sha256(out.getvalue().encode()).hexdigest(),
}))
"""


def _run(src: str, record: str, workers: int) -> dict[str, float | str | int]:
    return run_child(_CHILD, [record, str(workers)], src, "verify", 3600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="+")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(f"# {machine_line()}")
    print(
        "| record | tree | workers | main CPU | workers' CPU | total CPU | wall "
        "| main peak RSS | report |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    chosen: dict[tuple[str, str, int], dict[str, float | str | int]] = {}
    for record in args.records:
        for workers in args.workers:
            best: dict[str, dict[str, float | str | int]] = {}
            for _ in range(args.repeat):
                for name, src in trees:
                    run = _run(src, record, workers)
                    total = float(run["main"]) + float(run["workers"])
                    kept = best.get(name)
                    if kept is None or total < float(kept["main"]) + float(kept["workers"]):
                        best[name] = run
            reports = {str(run["report"]) for run in best.values()}
            if len(reports) != 1:
                raise SystemExit(f"the reports differ between trees on {record}: {reports}")
            for name, _ in trees:
                run = best[name]
                chosen[(record, name, workers)] = run
                main_cpu, worker_cpu = float(run["main"]), float(run["workers"])
                print(
                    f"| {Path(record).parent.name}/{Path(record).name} | {name} | {workers} "
                    f"| {main_cpu:.2f} s | {worker_cpu:.2f} s | {main_cpu + worker_cpu:.2f} s "
                    f"| {float(run['wall']):.2f} s | {int(run['rss']) / 1024:.0f} MiB "
                    f"| {str(run['report'])[:12]} |"
                )
    if 1 in args.workers and len(args.workers) > 1:
        print()
        print(
            "| record | tree | workers | wall w1 / wall | bound: w1 CPU / max(main, workers / W) |"
        )
        print("|---|---|---:|---:|---:|")
        for (record, name, workers), run in chosen.items():
            one = chosen.get((record, name, 1))
            if workers == 1 or one is None:
                continue
            w1_cpu = float(one["main"]) + float(one["workers"])
            share = max(float(run["main"]), float(run["workers"]) / workers)
            print(
                f"| {Path(record).parent.name}/{Path(record).name} | {name} | {workers} "
                f"| {float(one['wall']) / float(run['wall']):.2f}x | {w1_cpu / share:.2f}x |"
            )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
