"""The checker's per-credential state on disk: CPU per ballot as it grows, memory and disk.

Run: ``.venv/bin/python bench/credential_state.py [--ballots 200000] [--step 50000]
[--spill-at 10000] [--tree NAME=SRC ...]``.

Synthetic ballots (random 32-byte identity and credential, two random 33-byte αs, 132 bytes of
ciphertexts) go through :class:`~plebiscite.rules.state.CredentialState` as V6 sends them, a
batch of 512 at a time: the state sized for the run first, as the checker sizes it from the
roll (where the tree has :meth:`~plebiscite.rules.state.CredentialState.expect`), the batch's
keys prefetched (where the tree has ``prefetch``, SQLite's state), then per ballot the identity,
each α and the credential looked up and the new rows written; at the end the counted set read
once, as V7 reads it. Each tree runs in a child process with ``PYTHONPATH`` set to its ``src``,
the trees one after the other; printed: the CPU per ballot (``time.process_time``) for each
``--step`` ballots, the child's peak resident memory, its resident memory grown from after the
state was made to the end (per ballot), and the state's files on disk (per ballot). The keys
are random, as the record's hashes and points are: every row read or written lands at a random
place of its table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from machine import add_tree_option, machine_line, source_trees

_CHILD = """
import os, resource, sys, tempfile, time
from plebiscite.rules.state import KIND_BALLOT, Counted, CredentialState, alpha_key

def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

ballots, step, spill_at = (int(a) for a in sys.argv[1:4])
directory = tempfile.mkdtemp(prefix="bench-state-")
state = CredentialState(spill_at=spill_at, directory=directory)
if hasattr(state, "expect"):  # as the checker sizes it from the roll
    state.expect(ballots, 2 * ballots, ballots)
start_rss = rss()
last = time.process_time()
for start in range(0, ballots, 512):
    batch = [
        (i, os.urandom(32), os.urandom(32), b"\\x02" + os.urandom(32), b"\\x03" + os.urandom(32))
        for i in range(start, min(start + 512, ballots))
    ]
    if hasattr(state, "prefetch"):
        alphas = [key for b in batch for key in b[3:]]
        state.prefetch([b[1] for b in batch], alphas, [b[2] for b in batch])
    for index, identity, credential, a1, a2 in batch:
        keys = [alpha_key(a1), alpha_key(a2)]
        if state.seen(identity) is None and all(state.alpha_seen(k) is None for k in keys):
            state.add_alphas(keys, index)
            state.add_seen(identity, KIND_BALLOT, index)
            state.counted(credential)
            state.set_counted(credential, Counted("d", index, a1 + a1 + a2 + a2, 0))
        if (index + 1) % step == 0:
            now = time.process_time()
            print(f"{index + 1}: {(now - last) / step * 1e6:.1f}", flush=True)
            last = now
assert sum(1 for _ in state.iter_counted()) == ballots  # as V7 reads it at the close
grown = (rss() - start_rss) / ballots
disk = sum(
    os.stat(os.path.join(root, name)).st_blocks * 512
    for root, _, names in os.walk(directory)
    for name in names
)
state.close()
os.rmdir(directory)
print(f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
print(f"grown {grown:.1f}")
print(f"disk {disk / ballots:.0f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=200_000)
    parser.add_argument("--step", type=int, default=50_000)
    parser.add_argument("--spill-at", type=int, default=10_000)
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(f"# {machine_line()}; spill_at {args.spill_at}")
    print("| tree | ballots so far | CPU per ballot |")
    print("|---|---:|---:|")
    for name, src in trees:
        command = [sys.executable, "-c", _CHILD, str(args.ballots), str(args.step)]
        command.append(str(args.spill_at))
        out = subprocess.check_output(command, env=dict(os.environ, PYTHONPATH=src), text=True)
        for line in out.splitlines():
            what, _, value = line.partition(" ")
            if what == "rss":
                print(f"| {name} | peak memory | {value} MiB |")
            elif what == "grown":
                print(f"| {name} | memory grown a ballot | {value} B |")
            elif what == "disk":
                print(f"| {name} | disk a ballot | {value} B |")
            else:
                print(f"| {name} | {what.rstrip(':')} | {value} µs |")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
