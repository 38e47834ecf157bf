"""Writing the published record from a board store (``export_record``), for source trees side by
side.

Run: ``.venv/bin/python bench/record_export.py RECORD --store STORE.sqlite [--repeat 3]
[--tree NAME=SRC ...]``.

The first run fills ``--store`` (a SQLite board store that does not exist yet) with the entries
and signed heads of ``RECORD``, as they stand (a record exported from it again has the same
entries); later runs reuse it. Each run is :func:`~plebiscite.board.export.export_record` of the
whole store into a fresh directory (gzip, as any record of more than 10,000 entries), in a child
process with ``PYTHONPATH`` set to the tree's ``src`` (this checkout's by default), the trees
alternated run by run: wall time, the process's CPU time (all its threads), and the SHA-256 of
every file written, which must be the same in every tree and equal to the record's own files
when ``RECORD`` was exported with the default shard size, or the script stops. The best run
(least wall time) of each tree is kept: the export writes behind its reading on a second core,
so the wall time is the figure, with the CPU beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from machine import add_tree_option, machine_line, run_child, source_trees
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.model.record import RecordReader

_CHILD = """
import hashlib, json, resource, shutil, sys, tempfile, time
from pathlib import Path
from plebiscite.board.export import export_record
from plebiscite.board.stores.sqlite import SQLiteStore
store = SQLiteStore(sys.argv[1])
out = Path(tempfile.mkdtemp(prefix="record-export-")) / "record"
try:
    start = time.perf_counter()
    report = export_record(store, out)
    wall = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}
finally:
    store.close()
    shutil.rmtree(out.parent)
print(json.dumps({"wall": wall, "cpu": me.ru_utime + me.ru_stime, "entries": report.entries,
                  "files": files}))
"""

#: entries and heads written to the store in one transaction while it is filled
_FILL_BATCH = 5_000


def fill(record: Path, path: Path) -> int:
    """A SQLite board store at ``path`` holding the entries and heads of ``record``."""
    reader = RecordReader(record)
    store = SQLiteStore(path)
    try:
        batch = []
        for entry in reader.entries():
            batch.append(entry)
            if len(batch) == _FILL_BATCH:
                store.append(batch)
                batch = []
        if batch:
            store.append(batch)
        heads = list(reader.heads())
        for first in range(0, len(heads), _FILL_BATCH):
            with store.write() as writer:
                writer.add_heads(heads[first : first + _FILL_BATCH])
        return store.count()
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", type=Path)
    parser.add_argument("--store", type=Path, required=True, help="the board store to fill/use")
    parser.add_argument("--repeat", type=int, default=3)
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(f"# {machine_line()}")
    if not args.store.exists():
        print(f"# filled {args.store} with {fill(args.record, args.store)} entries", flush=True)
    best: dict[str, dict[str, object]] = {}
    for _ in range(args.repeat):
        for name, src in trees:
            run = run_child(_CHILD, [str(args.store)], src, "export", 3600)
            kept = best.get(name)
            if kept is None or float(run["wall"]) < float(kept["wall"]):  # type: ignore[arg-type]
                best[name] = run
    files = {str(run["files"]) for run in best.values()}
    if len(files) != 1:
        raise SystemExit(f"the trees wrote different files: {files}")
    written = next(iter(best.values()))["files"]
    assert isinstance(written, dict)
    stored = {
        name: hashlib.sha256((args.record / name).read_bytes()).hexdigest()
        for name in written
        if (args.record / name).is_file()
    }
    same = stored == written
    print("| tree | entries | wall | CPU (all threads) |")
    print("|---|---:|---:|---:|")
    for name, _ in trees:
        run = best[name]
        print(f"| {name} | {run['entries']:,} | {run['wall']:.2f} s | {run['cpu']:.2f} s |")
    print(f"# files equal in every tree; equal to {args.record}'s own: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
