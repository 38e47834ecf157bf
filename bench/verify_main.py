"""The main process's own CPU in ``plebiscite verify --workers N``, per entry, with the workers'
part taken away.

Run: ``.venv/bin/python bench/verify_main.py RECORD [RECORD ...] [--repeat 5]``.

A first pass checks the record as ``--workers N`` does (lines handed out unparsed,
:func:`plebiscite.verify.parallel.run_sharded` then :func:`~plebiscite.verify.parallel.run_heads`),
each chunk checked here by :func:`~plebiscite.verify.parallel.check_work` (what a worker runs,
its outcome made portable) and kept, pickled as a pool would carry it. The timed passes replay
the record through a fresh :class:`~plebiscite.rules.checker.Checker` with a submit that unpickles
each chunk's kept outcome instead of checking it (the work is still built and pickled, as it is
sent to a pool): what is left is what the main process does alone, which no number of workers
shares: reading and scanning the lines, the outcomes applied in board order (V1, the window,
roll membership, the named head, V6), the heads' parse and the report. V7's products are left out
(they go to the workers). Best of ``--repeat`` by ``time.process_time``; every pass's report must
be the first's.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker
from plebiscite.verify.parallel import (
    ChunkOutcome,
    ChunkWork,
    Line,
    check_work,
    run_heads,
    run_sharded,
)


def _pass(record: str, submit: Callable[[ChunkWork], Future[ChunkOutcome]]) -> tuple[str, float]:
    """The report of one pass and the CPU it took, V7's products left out."""
    checker = Checker()
    try:
        start = time.process_time()
        reader = RecordReader(record)
        lines = (Line(where, data, index) for where, data, index in reader.lines())
        run_sharded(checker, lines, submit, in_flight=4)
        file = reader.index.heads.file
        numbered = ((h, f"{file}:{n}") for n, h in enumerate(reader.heads(), start=1))
        run_heads(checker, numbered, submit, in_flight=4)
        spent = time.process_time() - start
        if checker.definition is not None and checker.group is not None:
            checker.aggregates()  # made by the workers in verify --workers; kept until finish
        start = time.process_time()
        report = json.dumps(checker.finish(record).to_json(), sort_keys=True)
        return report, spent + time.process_time() - start
    finally:
        checker.close()


def _done(outcome: ChunkOutcome) -> Future[ChunkOutcome]:
    future: Future[ChunkOutcome] = Future()
    future.set_result(outcome)
    return future


def _recording(kept: list[bytes]) -> Callable[[ChunkWork], Future[ChunkOutcome]]:
    """Check each chunk here as a worker does and keep its outcome pickled."""

    def check(work: ChunkWork) -> Future[ChunkOutcome]:
        kept.append(pickle.dumps(check_work(pickle.loads(pickle.dumps(work)))))
        return _done(pickle.loads(kept[-1]))

    return check


def _replaying(kept: list[bytes]) -> Callable[[ChunkWork], Future[ChunkOutcome]]:
    """Pickle each chunk as a pool does, and answer it with its kept outcome."""
    replay = iter(kept)

    def replayed(work: ChunkWork) -> Future[ChunkOutcome]:
        pickle.dumps(work)
        return _done(pickle.loads(next(replay)))

    return replayed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="+")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"# load average {os.getloadavg()[0]:.1f} at the start")
    print("| record | entries | heads | main process alone | per entry | outcomes carried back |")
    print("|---|---:|---:|---:|---:|---:|")
    for record in args.records:
        kept: list[bytes] = []
        reference, _ = _pass(record, _recording(kept))
        best = float("inf")
        for _ in range(args.repeat):
            report, spent = _pass(record, _replaying(kept))
            best = min(best, spent)
            if report != reference:
                raise SystemExit(f"{record}: the replayed report differs from the checked one")
        reader = RecordReader(record)
        entries, heads = reader.entry_count, reader.index.heads.count
        print(
            f"| {Path(record).parent.name}/{Path(record).name} | {entries:,} | {heads:,} "
            f"| {best:.3f} s | {1e6 * best / entries:.1f} µs "
            f"| {sum(len(k) for k in kept) / 1e6:.2f} MB |"
        )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
