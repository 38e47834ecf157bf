"""The fake-credentials tally of one district (docs/spec.md §16.5): tally and verification time
at a few sizes, the growth from the smaller to the larger, and the cost of one
plaintext-equivalence test for the quadratic (JCJ / Civitas) baseline.

Run: ``.venv/bin/python bench/coercion.py`` (defaults: secp256k1, 3 trustees with k = 2, one
question with two options, anonymity sets of 8, N = 150 and 600 ballots against a roll of N);
``--sizes 1000,10000`` picks others. Of the N ballots 70 % are first votes of distinct voters, 10 %
revotes of some of them, 20 % cast with fake credentials. Each size runs in a fresh child process,
so its peak RSS is its own. Building the board (the voters' work) is not measured.

The quadratic baseline is not run whole: one PET (every trustee blinds with a per-item proof, k
trustees decrypt with proofs) is timed (CPU time) over 200 pairs, and the cost of the JCJ tally at
N ballots is that times ``N·(N − 1)/2`` (duplicates) ``+ N·R`` (roll), printed for N = 2,000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from typing import Any

from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import pet_results, pet_stage, quotients, verify_pet_chain
from plebiscite.crypto.proofs import prove_partial_decryption
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.tags_blind import decryption_context
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.tally import Trustees, run_district_tally, verify_district_tally

ANONYMITY = 8
TRUSTEES = 3
K = 2


def _setup(
    n: int, seed: int
) -> tuple[BallotParams, list[Any], list[CredentialBallot], dict[int, int]]:
    group = get_group("secp256k1")
    rng = DeterministicRandom(seed)
    polynomial = random_polynomial(group, K, rng)
    trustee_shares = shares(group, polynomial, TRUSTEES)
    key = group.exp_g(polynomial(0))
    params = BallotParams.from_manifest(group, key, b"\x0b" * 32, [(2, 1, 1)], ["d"])
    sigmas = [group.random_nonzero_scalar(rng) for _ in range(n)]
    roll = [encrypt_credential(group, key, s, rng=rng)[0] for s in sigmas]
    first, revotes = n * 7 // 10, n // 10
    plan = [(sigmas[j], j) for j in range(first)]
    plan += [(sigmas[j], j) for j in range(revotes)]
    plan += [(group.random_nonzero_scalar(rng), rng.randbelow(n)) for _ in range(n - len(plan))]
    board = [
        cast_credential_ballot(
            params,
            roll,
            "d",
            s,
            p,
            [[1, 0] if rng.randbelow(2) else [0, 1]],
            anonymity=ANONYMITY,
            rng=rng,
        )
        for s, p in plan
    ]
    return params, roll, board, trustee_shares


def _run(n: int) -> dict[str, Any]:
    params, roll, board, trustee_shares = _setup(n, n)
    group = params.group
    start, cpu = time.perf_counter(), time.process_time()
    tally = run_district_tally(params, roll, board, "d", trustee_shares, K, anonymity=ANONYMITY)
    tally_s, tally_cpu = time.perf_counter() - start, time.process_time() - cpu
    trustees = Trustees({i: group.exp_g(s) for i, s in trustee_shares.items()}, K)
    start, cpu = time.perf_counter(), time.process_time()
    verify_district_tally(params, roll, board, trustees, tally, anonymity=ANONYMITY)
    verify_s, verify_cpu = time.perf_counter() - start, time.process_time() - cpu
    # one PET of the quadratic baseline, averaged over 200 pairs
    pairs = 200
    a = [board[j % n].credential for j in range(pairs)]
    b = [roll[j % n] for j in range(pairs)]
    cpu = time.process_time()
    tests = quotients(group, a, b)
    stages = []
    for i in sorted(trustee_shares):
        _, stage = pet_stage(group, i, tests, {"bench": "pet"})
        stages.append(stage)
        tests = stage.outputs
    partials = {}
    for i in sorted(trustee_shares)[:K]:
        partials[i] = [
            prove_partial_decryption(
                group, trustee_shares[i], ct, decryption_context({"bench": "pet"}, i, j)
            )[0]
            for j, ct in enumerate(tests)
        ]
    pet_results(group, tests, partials, K)
    pet_prove_s = (time.process_time() - cpu) / pairs
    cpu = time.process_time()
    verify_pet_chain(group, quotients(group, a, b), stages, {"bench": "pet"})
    pet_verify_s = (time.process_time() - cpu) / pairs
    return {
        "n": n,
        "counted": len(tally.counted),
        "tally_s": round(tally_s, 3),
        "tally_cpu_s": round(tally_cpu, 3),
        "verify_s": round(verify_s, 3),
        "verify_cpu_s": round(verify_cpu, 3),
        "pet_prove_ms": round(pet_prove_s * 1000, 3),
        "pet_verify_ms": round(pet_verify_s * 1000, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="150,600")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(_run(args.child)))
        return
    print(
        f"cpu: {platform.processor() or platform.machine()}, cores: {os.cpu_count()}, "
        f"load: {os.getloadavg()}"
    )
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(rows[-1])
    if len(rows) >= 2:
        lo, hi = rows[0], rows[-1]
        print(
            f"growth {lo['n']} → {hi['n']} ({hi['n'] / lo['n']:.0f}×), CPU time: tally "
            f"{hi['tally_cpu_s'] / lo['tally_cpu_s']:.2f}×, "
            f"verify {hi['verify_cpu_s'] / lo['verify_cpu_s']:.2f}×"
        )
    pet_ms = rows[-1]["pet_prove_ms"] + rows[-1]["pet_verify_ms"]
    n = 2000
    pets = n * (n - 1) // 2 + n * n
    print(
        f"quadratic PET baseline at N = R = {n}: {pets:,} PETs × {pet_ms:.2f} ms "
        f"(prove + verify) ≈ {pets * pet_ms / 1000 / 3600:.1f} CPU-hours"
    )


if __name__ == "__main__":
    main()
