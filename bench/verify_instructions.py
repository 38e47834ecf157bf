"""A worker's ballot check counted in instructions (callgrind): the same count whatever the load.

Run: ``.venv/bin/python bench/verify_instructions.py RECORD [--ballots 512] [--tree NAME=SRC ...]``
(needs ``valgrind``; each tree takes about a minute per run on a quiet machine).

The record's first ``--ballots`` ballot lines (those after ``open``, as a worker gets them
unparsed) and 16 more are saved once. For each source tree (this checkout's ``src`` by default;
``--tree base=/tmp/x/src`` adds another, e.g. ``git archive main | tar -x -C /tmp/x`` with its
compiled helpers built) a child process runs under ``valgrind --tool=callgrind`` twice: both runs
import the verifier and check the 16 extra lines in one chunk (so the parameters' validation, the
first calls' caches and the imports are paid in both), then one of them checks the first
``--ballots`` lines in one chunk (:func:`plebiscite.verify.parallel.check_work`: the lines parsed
and hashed, the ballots decoded, the proofs, the batch, the signatures, the outcome made
portable). The difference of the two runs' instructions over ``--ballots`` is a ballot's, split by
the object file the instructions ran in. The outcome of the measured chunk (pickled, hashed) must be
the same in every tree, or the script stops.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from machine import add_tree_option, machine_line, source_trees
from plebiscite.model.entry import read_entry
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker
from plebiscite.verify.parallel import PortableParams

#: lines checked first in both runs, not counted
WARM = 16

_CHILD = """
import hashlib, pickle, sys
from plebiscite.verify.parallel import ChunkWork, PortableParams, check_work
fields, lines, warm = pickle.load(open(sys.argv[1], "rb"))
params = PortableParams(*fields)
check_work(ChunkWork(params, [], [], [], lines=warm))
if lines:
    out = check_work(ChunkWork(params, [], [], [], lines=lines))
    print(hashlib.sha256(pickle.dumps(out)).hexdigest())
"""

#: object files by the part of the check they stand for (the first pattern that matches)
PARTS = (
    ("libsecp256k1", re.compile(r"libsecp256k1")),
    ("interpreter and libc", re.compile(r"libpython|libc\.so|libm\.so|ld-linux")),
    ("SHA-256 (OpenSSL)", re.compile(r"libcrypto")),
    ("mypyc-compiled modules", re.compile(r"__mypyc")),
)
OTHER = "other compiled (project helpers, json, cffi)"


def _save(record: Path, count: int, out: Path) -> None:
    checker = Checker()
    lines: list[tuple[str, bytes]] = []
    for where, data, _index in RecordReader(record).lines():
        if checker.params is None:
            checker.feed(read_entry(data, where))
            continue
        if b'"kind":"ballot"' in data:
            lines.append((where, data))
            if len(lines) >= count + WARM:
                break
    if checker.params is None or len(lines) < count + WARM:
        raise SystemExit(f"{record}: fewer than {count + WARM} ballot lines after the open")
    p = PortableParams.of(checker.params)
    fields = (p.group, p.joint_key, p.election_ctx, p.questions, p.districts, p.anonymity)
    out.write_bytes(pickle.dumps((fields, lines[:count], lines[count:])))


def costs_by_object(path: Path) -> Counter[str]:
    """Each object file's own instructions (the first event) in a callgrind file, a call's
    inclusive cost left out."""
    by_object: Counter[str] = Counter()
    names: dict[str, str] = {}  # a compressed name's "(id)" -> the name
    current = "?"
    after_call = False
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith(("ob=", "cob=")):  # an object named in either keeps its id
            name = line.partition("=")[2]
            if name.startswith("("):
                key, _, rest = name.partition(")")
                name = names.setdefault(key, rest.strip())
            if line.startswith("ob="):
                current = name.rsplit("/", 1)[-1]
        elif line.startswith("calls="):
            after_call = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_call:  # the callee's inclusive cost, counted where it runs
                after_call = False
                continue
            fields = line.split()
            if len(fields) > 1:
                by_object[current] += int(fields[1])
    return by_object


def _part(name: str) -> str:
    return next((part for part, pattern in PARTS if pattern.search(name)), OTHER)


def _count(src: str, data: Path, measured: bool, out: Path) -> tuple[Counter[str], str]:
    if measured:
        pickled = data
    else:
        fields, _lines, warm = pickle.loads(data.read_bytes())
        pickled = data.with_suffix(".empty")
        pickled.write_bytes(pickle.dumps((fields, [], warm)))
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            _CHILD,
            str(pickled),
        ],
        # one BLAS thread: an idle pool's spinning would be counted as the check's
        env=dict(os.environ, PYTHONPATH=src, OPENBLAS_NUM_THREADS="1"),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the check failed in {src}: {done.stderr[-2000:]}")
    return costs_by_object(out), done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", type=Path)
    parser.add_argument("--ballots", type=int, default=512)
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(f"# {machine_line()}; {args.ballots} ballot lines of {args.record} in one chunk")
    rows: list[tuple[str, Counter[str]]] = []
    outcomes: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="verify-instructions-") as tmp:
        data = Path(tmp) / "lines.pickle"
        _save(args.record, args.ballots, data)
        for name, src in trees:
            full, digest = _count(src, data, True, Path(tmp) / f"{name}.full")
            empty, _ = _count(src, data, False, Path(tmp) / f"{name}.empty")
            outcomes.add(digest)
            per_part: Counter[str] = Counter()
            for obj in full.keys() | empty.keys():
                per_part[_part(obj)] += full[obj] - empty[obj]
            rows.append((name, per_part))
    if len(outcomes) != 1:
        raise SystemExit(f"the outcomes differ between trees: {outcomes}")
    parts = [part for part, _ in PARTS] + [OTHER]
    print("| tree | instructions per ballot | " + " | ".join(parts) + " |")
    print("|---|---:|" + "---:|" * len(parts))
    for name, per_part in rows:
        total = sum(per_part.values()) / args.ballots
        cells = " | ".join(f"{per_part[p] / args.ballots / 1e3:.0f} k" for p in parts)
        print(f"| {name} | {total / 1e6:.3f} M | {cells} |")
    print(f"# outcome {outcomes.pop()[:12]}, load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
