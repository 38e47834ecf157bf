"""An observer's memory as the board grows: ``Observer.poll`` over a whole record, then a
restart that reads its state back.

Run: ``.venv/bin/python bench/observer_memory.py RECORD [RECORD ...] [--tree NAME=SRC ...]``.

For each record and each source tree (this checkout's ``src``, and each ``--tree``, e.g.
``git archive main src | tar -x -C /tmp/main`` with its compiled helpers copied), a fresh child
process makes an :class:`~plebiscite.observe.observer.Observer` in a new state directory over a
stand-in for the board service's client that serves the record's lines and heads (the observer
checks every entry as it would from the service: the verifier's incremental checker), polls
once (no audit), then closes it and makes a second observer on the same directory (a restart:
the mirror and the heads read back from their files, every entry checked again). Printed per
run: the entries, the resident memory while the first observer holds its poll and while the
second holds what it read back (``VmRSS``), and the peak of the whole run (``VmHWM``). Between
two records, what the observer holds per entry is the difference over the entries.
"""

from __future__ import annotations

import argparse
import os
import sys

from machine import add_tree_option, machine_line, run_child, source_trees

_CHILD = """
import gc, json, sys, tempfile
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

with tempfile.TemporaryDirectory() as state:
    observer = Observer(state, RecordBoard(sys.argv[1]))
    alarms = observer.poll(audit=False)
    entries = len(observer.mirror)
    gc.collect()
    polled = memory()  # what the observer holds once the poll is done
    observer.close()
    del observer
    gc.collect()
    again = Observer(state, RecordBoard(sys.argv[1]))
    assert len(again.mirror) == entries
    gc.collect()
    restarted = memory()  # what the second observer holds once it has read its state back
    again.close()
    print(json.dumps({"entries": entries, "alarms": len(alarms), "polled": polled,
                      "restarted": restarted}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="+")
    add_tree_option(parser)
    args = parser.parse_args()
    print(f"# {machine_line()}")
    print("| tree | record | entries | alarms | RSS held after the poll | after a restart | peak |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, src in source_trees(args.tree):
        for record in args.records:
            out = run_child(_CHILD, [record], src, f"the observer over {record}", 3600)
            polled, restarted = out["polled"], out["restarted"]
            print(
                f"| {name} | {record} | {out['entries']:,} | {out['alarms']} "
                f"| {polled['VmRSS']:.0f} MB | {restarted['VmRSS']:.0f} MB "
                f"| {restarted['VmHWM']:.0f} MB |"
            )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
