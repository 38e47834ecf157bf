"""A voter's device's CPU per ballot as the demonstration's voters do it, for one or more trees.

Run: ``.venv/bin/python bench/device_cpu.py DEMO_DIR [--voters 200] [--rounds 3] [--repeat 2]
[--tree NAME=SRC ...]``.

``DEMO_DIR`` is the output of ``plebiscite demo --voters N --out DEMO_DIR`` (its board file and
its credential sheets are read, nothing is written there). For each tree (this checkout's
``src`` first, then each ``--tree``, e.g. ``git archive main | tar -x -C /tmp/x`` with its
compiled modules built), a child process with ``PYTHONPATH`` set to that tree's ``src`` reads the
election as a device does (:func:`plebiscite.demo.voters.init_worker`) and times, over the first
``--voters`` credentials of the sheets, in CPU µs a ballot, the least of ``--repeat`` passes in
each of ``--rounds`` child processes per tree (the trees alternated round by round):

- ``visit``: :func:`~plebiscite.demo.voters.prepare_visit` of a plain voter (one ballot), its
  result pickled as the process pool sends it back (``visit+pickle``);
- the steps of that visit one by one: the credential parsed and its key derived, the district
  found on the roll, the ballot's two ElGamal encryptions, its proofs and hashes
  (``prove_ballot``: the 0/1 and range proofs, the statement, the tracking hash), the tracking
  text, the ballot pickled (the device's side of the pool's pipe) and unpickled (the
  demonstration's side), then signed with its body built
  (:meth:`~plebiscite.demo.voters.Unsigned.sign`, which the demonstration's main process runs at
  posting time);
- ``challenge visit``: a voter who challenges one ballot (opened, checked with V10's code) and
  casts another;
- ``secret-path floor``: the constant-time library calls a 1-of-2 ballot makes and nothing else
  (13 ``exp_g_secret``, 7 ``exp_secret``): what no Python-side change can take away.

Each tree also encrypts a ballot with a seeded generator (``DeterministicRandom``), pickles it
there and back and prints the SHA-256 of its questions' JSON, statement and tracking hash (the
signature is left out: its auxiliary randomness is fresh): the trees must agree byte for byte
(the same randomness drawn in the same order), or the script stops. Read the CPU-time columns on
a shared machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from machine import add_tree_option, machine_line, run_child, source_trees

_CHILD = r"""
import hashlib, json, pickle, sys, time
from pathlib import Path

from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.credentials.sheets import read_credentials
from plebiscite.crypto import elgamal, rand
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.demo import voters
from plebiscite.model.ballot import NamedHead, ballot_binding
from plebiscite.model.ballot.content import NONCE_BYTES
from plebiscite.model.ballot.create import encrypt_ballot, prove_ballot
from plebiscite.model.codec import dumps_canonical

board, sheets, count, repeat = sys.argv[1], sys.argv[2:-2], int(sys.argv[-2]), int(sys.argv[-1])
store = SQLiteStore(board)
upto = next(e.index for e in store.read(0) if e.kind == "open") + 1
store.close()
voters.init_worker(board, upto)
election = voters._election
params, group = election.params, election.group
kdf = election.definition.kdf.derivation()
credentials = []  # the first voters of each district's sheet, as many from each
for sheet in sheets:
    texts = read_credentials(Path(sheet))
    credentials += [next(texts) for _ in range(-(-count // len(sheets)))]
credentials = credentials[:count]
keys = [derive_signing_key(parse_credential(c), election.election_id, kdf) for c in credentials]
districts = [election.district_of(k.public.xonly) for k in keys]
options = params.questions[0].options
head = NamedHead(7, bytes(range(32)))


def best(run):
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times) / len(credentials) * 1e6


def each(f):
    return lambda: [f(i) for i in range(len(credentials))]


jobs = [voters.Job(i, c, i % options, i % options) for i, c in enumerate(credentials)]
challengers = [voters.Job(i, c, 0, 0, challenges=True) for i, c in enumerate(credentials)]
bits = [[[1 if o == i % options else 0 for o in range(options)]] for i in range(len(keys))]
K = params.joint_key


def encryptions(i):
    return [elgamal.encrypt(group, K, m) for m in bits[i][0]]


made = [encryptions(i) for i in range(len(keys))]
scalars = [group.random_nonzero_scalar() for _ in range(20)]


def floor(i):
    # what a 1-of-2 ballot costs on the constant-time paths alone: 4 + 8 + 1 exp_g_secret and
    # 2 + 4 + 1 exp_secret (encryptions, 0/1 proofs, range proof)
    return [group.exp_g_secret(x) for x in scalars[:13]] + [
        group.exp_secret(K, x) for x in scalars[13:]
    ]
opened = [
    encrypt_ballot(params, districts[i], keys[i].public.xonly, bits[i]) for i in range(len(keys))
]
unsigned = [voters.Unsigned(o.encrypted, k.secret_bytes()) for o, k in zip(opened, keys)]
pickled = [pickle.dumps(u) for u in unsigned]
steps = {
    "visit": each(lambda i: voters.prepare_visit(jobs[i])),
    "visit+pickle": each(lambda i: pickle.dumps(voters.prepare_visit(jobs[i]))),
    "key": each(
        lambda i: derive_signing_key(parse_credential(credentials[i]), election.election_id, kdf)
    ),
    "district": each(lambda i: election.district_of(keys[i].public.xonly)),
    "encrypt": each(encryptions),
    "prove_ballot": each(
        lambda i: prove_ballot(
            params,
            districts[i],
            keys[i].public.xonly,
            bytes(NONCE_BYTES),
            bits[i],
            [[ct for ct, _ in made[i]]],
            [[r for _, r in made[i]]],
        )
    ),
    "tracking text": each(lambda i: opened[i].tracking_text),
    "pickle": each(lambda i: pickle.dumps(unsigned[i])),
    "unpickle": each(lambda i: pickle.loads(pickled[i])),
    "unpickle+sign+body": each(lambda i: pickle.loads(pickled[i]).sign(group, head)),
    "challenge visit": each(lambda i: voters.prepare_visit(challengers[i])),
    "secret-path floor": each(floor),
}
out = {name: best(run) for name, run in steps.items()}
seeded = encrypt_ballot(
    params, districts[0], keys[0].public.xonly, bits[0], rand.DeterministicRandom("device-bench")
)
back = pickle.loads(pickle.dumps(seeded.encrypted))  # as the pool sends it
body = {
    "questions": back.questions_json(group),
    "tracking": back.tracking.hex(),
    "statement": back.statement.hex(),
}
out["seeded"] = hashlib.sha256(dumps_canonical(body).encode()).hexdigest()
print(json.dumps(out))
"""


def _run(src: str, demo: Path, voters: int, repeat: int) -> dict[str, float | str]:
    sheets = sorted(str(p) for p in (demo / "sheets").glob("*.html"))
    board = demo / "parties" / "board" / "board.sqlite"
    if not sheets or not board.exists():
        raise SystemExit(f"{demo}: no sheets/*.html or parties/board/board.sqlite (a demo's --out)")
    return run_child(
        _CHILD, [str(board), *sheets, str(voters), str(repeat)], src, "the device bench", 1800
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("demo", type=Path, help="a demonstration's --out directory")
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2, help="timed passes in each child")
    parser.add_argument("--rounds", type=int, default=3, help="children per tree, alternated")
    add_tree_option(parser)
    args = parser.parse_args()
    trees = source_trees(args.tree)
    print(
        f"# {machine_line()}; {args.voters} voters, "
        f"best of {args.rounds} rounds x {args.repeat} passes, CPU µs a ballot"
    )
    results: dict[str, dict[str, float | str]] = {}
    for _ in range(args.rounds):  # the trees alternated round by round, the least of each kept
        for name, src in trees:
            run = _run(src, args.demo, args.voters, args.repeat)
            kept = results.setdefault(name, run)
            for step, value in run.items():
                if step != "seeded" and float(value) < float(kept[step]):
                    kept[step] = value
                elif step == "seeded" and value != kept[step]:
                    raise SystemExit(f"{name}: the seeded ballot's body changed between runs")
    seeded = {str(r.pop("seeded")) for r in results.values()}
    if len(seeded) != 1:
        raise SystemExit(f"the seeded ballot's body differs between trees: {sorted(seeded)}")
    names = [name for name, _ in trees]
    print("| step | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for step in results[names[0]]:
        cells = " | ".join(f"{float(results[n][step]):.0f}" for n in names)
        print(f"| {step} | {cells} |")
    print(f"# seeded ballot body sha256 {seeded.pop()[:16]} (equal in every tree)")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
