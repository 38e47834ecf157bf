"""An observer's memory as the board grows, and its restart: ``Observer.poll`` over a whole
record, then a restart that checks every entry again, then one that goes on from the saved check.

Run: ``.venv/bin/python bench/observer_memory.py RECORD [RECORD ...] [--workers W ...]
[--tree NAME=SRC ...]``.

For each record and each source tree (this checkout's ``src``, and each ``--tree``, e.g.
``git archive main src | tar -x -C /tmp/main`` with its compiled helpers copied), a fresh child
process makes an :class:`~plebiscite.observe.observer.Observer` in a new state directory over a
stand-in for the board service's client that serves the record's lines and heads (the observer
checks every entry as it would from the service: the verifier's incremental checker), polls
once (no audit), saves its check (``save_check``, under a secret of the run's own), then closes
it and makes a second observer on the same directory without the secret (a restart that reads
the mirror and the heads back from their files and checks every entry again), then a third with
the secret (a restart that reads the saved check back and checks no entry). Printed per run: the
entries, the resident memory while the first observer holds its poll and while the second holds
what it read back (``VmRSS``), the peak of the whole run (``VmHWM``), the CPU and wall time of
each restart (the imports, already made by the poll, left out), the save's wall time and the
saved check's size. Between two records, what the observer holds per entry is the difference
over the entries.

``--workers`` runs each record once per value given: above 1, every observer's checker is fed
through that many local processes (:func:`plebiscite.verify.parallel.local_feed`, as
``plebiscite observe --workers W``), for the first poll and the restart that checks every entry;
the first poll's CPU (this process's: the workers' is not in it) and wall time are printed too,
and every run's failures must be the same.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from machine import add_tree_option, machine_line, run_child, source_trees

_CHILD = """
import gc, hashlib, json, os, sys, tempfile, time
from contextlib import nullcontext
from pathlib import Path
from plebiscite.model.record import RecordReader
from plebiscite.observe.observer import Observer

class RecordBoard:
    # what Observer asks of the board service's client, served from a record
    url = "http://record.invalid"
    def __init__(self, record):
        self.reader = RecordReader(record)
    def raw_stream(self, start):
        for n, (_where, data, _index) in enumerate(self.reader.lines()):
            if n >= start:
                yield data.decode("utf-8")
    def heads(self, start):
        for n, head in enumerate(self.reader.heads()):
            if n >= start:
                yield head
    def head(self):
        last = None
        for last in self.reader.heads():
            pass
        return last

def memory():
    found = {}
    for line in open("/proc/self/status"):
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found

def timed(make):
    cpu, wall = time.process_time(), time.perf_counter()
    made = make()
    return made, time.process_time() - cpu, time.perf_counter() - wall

secret = os.urandom(32)
workers = int(sys.argv[2])
if workers > 1:
    from plebiscite.verify.parallel import local_feed
    feeding = local_feed(workers)
else:
    feeding = nullcontext(None)
with feeding as feed, tempfile.TemporaryDirectory() as state:
    observer = Observer(state, RecordBoard(sys.argv[1]), secret=secret, feed=feed)
    alarms, poll_cpu, poll_wall = timed(lambda: observer.poll(audit=False))
    entries = len(observer.mirror)
    gc.collect()
    polled = memory()  # what the observer holds once the poll is done
    kept, _cpu, save_s = timed(observer.save_check)
    assert kept
    size = sum(p.stat().st_size for p in Path(state, "checked").rglob("*") if p.is_file())
    observer.close()
    del observer
    gc.collect()
    again, whole_cpu, whole_wall = timed(
        lambda: Observer(state, RecordBoard(sys.argv[1]), feed=feed))
    assert len(again.mirror) == entries and again.resumed == 0
    gc.collect()
    restarted = memory()  # what the second observer holds once it has read its state back
    failures = [f.to_json() for f in again.checker.failures]
    again.close()
    del again
    gc.collect()
    resumed, saved_cpu, saved_wall = timed(
        lambda: Observer(state, RecordBoard(sys.argv[1]), secret=secret))
    assert resumed.resumed == entries
    assert [f.to_json() for f in resumed.checker.failures] == failures
    resumed.close()
    found = hashlib.sha256(json.dumps(sorted(map(json.dumps, failures))).encode()).hexdigest()
    print(json.dumps({"entries": entries, "alarms": len(alarms), "polled": polled,
                      "poll": [poll_cpu, poll_wall], "failures": found[:12],
                      "restarted": restarted, "whole": [whole_cpu, whole_wall],
                      "saved": [saved_cpu, saved_wall], "save_s": save_s, "size": size}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="+")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    add_tree_option(parser)
    args = parser.parse_args()
    print(f"# {machine_line()}")
    print(
        "| tree | record | workers | entries | alarms | first poll: CPU, wall "
        "| RSS held after the poll | after a restart | peak "
        "| restart checking every entry: CPU, wall | from the saved check: CPU, wall | ratio "
        "| save | saved | failures |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    found: dict[str, str] = {}
    for name, src in source_trees(args.tree):
        for record in args.records:
            for workers in args.workers:
                out = run_child(
                    _CHILD, [record, str(workers)], src, f"the observer over {record}", 3600
                )
                if found.setdefault(record, out["failures"]) != out["failures"]:
                    raise SystemExit(f"{record}: the failures differ at {workers} workers")
                _row(name, record, workers, out)
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def _row(name: str, record: str, workers: int, out: dict[str, Any]) -> None:
    polled, restarted = out["polled"], out["restarted"]
    (poll_cpu, poll_wall), (whole_cpu, whole_wall) = out["poll"], out["whole"]
    saved_cpu, saved_wall = out["saved"]
    print(
        f"| {name} | {record} | {workers} | {out['entries']:,} | {out['alarms']} "
        f"| {poll_cpu:.2f} s, {poll_wall:.2f} s "
        f"| {polled['VmRSS']:.0f} MB | {restarted['VmRSS']:.0f} MB "
        f"| {restarted['VmHWM']:.0f} MB | {whole_cpu:.2f} s, {whole_wall:.2f} s "
        f"| {saved_cpu:.2f} s, {saved_wall:.2f} s | {whole_wall / saved_wall:.1f}× "
        f"| {out['save_s']:.2f} s | {out['size'] / 1e6:.1f} MB | {out['failures']} |"
    )


if __name__ == "__main__":
    sys.exit(main())
