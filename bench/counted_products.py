"""V7's products over a counted set: ``counting.aggregate`` per counted ballot, for one or more
source trees side by side.

Run: ``.venv/bin/python bench/counted_products.py [--ballots 50000] [--repeat 3]
[--tree NAME=SRC ...]``.

The counted set is synthetic: ``--ballots`` rows of a yes/no ballot (two ciphertexts, four
points) over four districts, each row's ciphertexts in the tree's counted form (``Group.keep``
where the tree has it, else the encodings), held in memory as a checker's counted set below its
spill threshold holds them. Each tree runs in a child process with ``PYTHONPATH`` set to its
``src`` (``--tree base=/tmp/x/src`` adds one); the trees alternate round by round and the best
round (least CPU) of each is kept. Every tree's products must be the same, or the script stops.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import add_tree_option, machine_line, run_child, source_trees

_CHILD = """
import hashlib, json, sys, time
from types import SimpleNamespace

from plebiscite.crypto.groups import get_group
from plebiscite.rules import counting
from plebiscite.rules.state import Counted

ballots = int(sys.argv[1])
group = get_group("secp256k1")
points = [group.exp_g(k + 2) for k in range(64)]
keep = getattr(group, "keep", lambda elements: b"".join(group.encode(e) for e in elements))
definition = SimpleNamespace(
    questions=(SimpleNamespace(options=(1, 2)),),
    districts=tuple(SimpleNamespace(id=d) for d in "abcd"),
)
rows = [
    (b"", Counted("abcd"[i % 4], i, keep([points[(i * 7 + k) % 64] for k in range(4)])))
    for i in range(ballots)
]
start = time.process_time()
tally = counting.aggregate(group, definition, rows)
cpu = time.process_time() - start
products = b"".join(
    group.encode(x)
    for agg in tally.districts
    for row in agg.aggregates
    for ct in row
    for x in (ct.alpha, ct.beta)
)
print(json.dumps({"cpu": cpu, "products": hashlib.sha256(products).hexdigest()[:12]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(f"# {machine_line()}")
    best: dict[str, float] = {}
    hashes: dict[str, str] = {}
    for _ in range(args.repeat):
        for name, src in trees:
            out = run_child(_CHILD, [str(args.ballots)], src, "counted_products", 600)
            best[name] = min(best.get(name, float("inf")), float(out["cpu"]))
            hashes[name] = str(out["products"])
    if len(set(hashes.values())) != 1:
        raise SystemExit(f"the trees' products differ: {hashes}")
    print("| tree | counted ballots | CPU | µs a counted ballot | products |")
    print("|---|---:|---:|---:|---|")
    for name, _src in trees:
        per = best[name] / args.ballots * 1e6
        print(f"| {name} | {args.ballots:,} | {best[name]:.2f} s | {per:.2f} | {hashes[name]} |")
    for name, _src in trees[1:]:
        print(f"# {name} / this: {best[name] / best['this']:.2f}×")
    print(f"# {machine_line()}")


if __name__ == "__main__":
    main()
