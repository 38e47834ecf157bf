"""A board follower's CPU per entry, for one or more source trees side by side.

Run: ``.venv/bin/python bench/follow_cpu.py DEMO_DIR_OR_BOARD_SQLITE [--repeat 3]
[--tree NAME=SRC ...] [--profile] [--spill-at 10000] [--batch 512]``.

It replays a board's SQLite store (a demo's directory: the first ``board.sqlite`` under it; or
the file itself, copied once to a temporary directory so that the demo's files are never
opened for writing) into a fresh :class:`~plebiscite.tally.count.BoardFollower` as a trustee's
process of ``plebiscite demo`` does (``spill_at`` 10,000, 512 ballots per proof batch, the store
read by :meth:`~plebiscite.board.stores.sqlite.SQLiteStore.read`, one follow to the head), then
counts it once (:meth:`BoardFollower.count`: the snapshot and the end-of-record checks).

Each run is a child process with ``PYTHONPATH`` set to the tree's ``src`` (this checkout's by
default; ``--tree base=/tmp/x/src`` adds another, e.g. ``git archive main | tar -x -C /tmp/x``
with its compiled modules built by ``scripts/build_native.py`` and ``scripts/build_msm.py`` run
inside it), the trees alternated run by run; the best run (least follow CPU) of each is kept.
The CPU is the child's own (``time.process_time``: user + system), the figure to read on a shared
machine. Every run's count (the recomputed tally, the figures, the failures, the first index of
each kind) must hash the same in every tree, or the script stops. ``--profile`` runs the follow
once more under cProfile in this tree and prints its top functions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import add_tree_option, machine_line, source_trees

_CHILD = """
import cProfile, hashlib, io, json, pstats, sys, time

from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.tally.count import BoardFollower


class Board:
    def __init__(self, store):
        self._store = store

    def iter_entries(self, start=0):
        return self._store.read(start)


store_path, spill_at, batch, profile = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = SQLiteStore(store_path)
board = Board(store)
follower = BoardFollower(spill_at=spill_at, batch_size=batch)
profiler = cProfile.Profile() if profile == "1" else None
start_cpu, start_wall = time.process_time(), time.perf_counter()
if profiler is not None:
    profiler.enable()
entries = follower.follow(board)
if profiler is not None:
    profiler.disable()
follow_cpu, follow_wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
start_cpu = time.process_time()
count = follower.count(board)
count_cpu = time.process_time() - start_cpu
digest = hashlib.sha256()
digest.update(repr(sorted(count.first.items())).encode())
digest.update(repr(count.figures).encode())
digest.update(repr([str(f) for f in count.failures]).encode())
tally = count.tally
digest.update(repr(tally).encode())
follower.close()
store.close()
if profiler is not None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(30)
    sys.stderr.write(out.getvalue())
print(json.dumps({
    "entries": entries, "follow_cpu": follow_cpu, "follow_wall": follow_wall,
    "count_cpu": count_cpu, "count": digest.hexdigest(),
}))
"""


def _store_of(source: Path) -> Path:
    """The board store ``source`` names: the file itself, or the first ``board.sqlite`` under
    the directory."""
    if source.is_file():
        return source
    found = sorted(source.rglob("board.sqlite"))
    if not found:
        raise SystemExit(f"{source}: no board.sqlite under it")
    return found[0]


def _copy(store: Path, into: Path) -> Path:
    """A copy of the store (with its WAL, when there is one) under ``into``."""
    target = into / "board.sqlite"
    shutil.copyfile(store, target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{store}{suffix}")
        if side.exists():
            shutil.copyfile(side, Path(f"{target}{suffix}"))
    return target


def _run(src: str, store: Path, spill_at: int, batch: int, profile: bool) -> dict[str, object]:
    """One follow in a child process over ``src``'s tree: its figures (and its profile printed)."""
    command = [sys.executable, "-c", _CHILD, str(store), str(spill_at), str(batch), str(+profile)]
    child = subprocess.Popen(
        command,
        env=dict(os.environ, PYTHONPATH=src),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = child.communicate(timeout=3600)
    if child.returncode != 0 or not out.strip():
        raise SystemExit(f"the follow failed in {src}: {err[-3000:]}")
    if profile:
        print(err)
    figures: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a demo's directory or its board.sqlite")
    parser.add_argument("--repeat", type=int, default=3)
    add_tree_option(parser)
    parser.add_argument("--profile", action="store_true", help="cProfile one more run here")
    parser.add_argument("--spill-at", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=512)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    source = _store_of(Path(args.source))
    print(f"# {machine_line()}; store {source}, spill_at {args.spill_at}, batch {args.batch}")
    with tempfile.TemporaryDirectory(prefix="follow-cpu-") as tmp:
        store = _copy(source, Path(tmp))
        best: dict[str, dict[str, object]] = {}
        runs: dict[str, list[float]] = {name: [] for name, _ in trees}
        for _ in range(args.repeat):
            for name, src in trees:
                run = _run(src, store, args.spill_at, args.batch, profile=False)
                cpu = float(str(run["follow_cpu"]))
                runs[name].append(cpu / int(str(run["entries"])) * 1000)
                kept = best.get(name)
                if kept is None or cpu < float(str(kept["follow_cpu"])):
                    best[name] = run
        counts = {str(run["count"]) for run in best.values()}
        if len(counts) != 1:
            raise SystemExit(f"the counts differ between trees: {counts}")
        print(
            "| tree | entries | follow CPU | CPU per entry (best) | all runs (ms) | follow wall "
            "| count CPU | count |"
        )
        print("|---|---:|---:|---:|---|---:|---:|---|")
        for name, _ in trees:
            run = best[name]
            entries = int(str(run["entries"]))
            cpu = float(str(run["follow_cpu"]))
            every = ", ".join(f"{ms:.3f}" for ms in runs[name])
            print(
                f"| {name} | {entries} | {cpu:.2f} s | {cpu / entries * 1000:.3f} ms | {every} "
                f"| {float(str(run['follow_wall'])):.2f} s | {float(str(run['count_cpu'])):.2f} s "
                f"| {str(run['count'])[:12]} |"
            )
        if args.profile:
            _run(trees[0][1], store, args.spill_at, args.batch, profile=True)
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
