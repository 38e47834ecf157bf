"""The verifiable shuffle (docs/spec.md §15): shuffle + prove and verify time, memory, and how close
verification comes to the cost of the multi-exponentiations it must compute.

Run: ``.venv/bin/python bench/shuffle.py`` (defaults: secp256k1 width 2 at N = 2,500 and 10,000,
modp4096 width 2 at N = 100); ``--runs secp256k1:2:10000,modp4096:2:1000`` picks others
(``group:width:N``, comma separated). Each run is a fresh child process on one core, so its peak
RSS is its own. Per run it prints:

* the generators' derivation (hash to the group, §15.2), timed apart: the prover and the verifier
  each derive them once, as fresh processes would;
* shuffle (GenShuffle) and prove (Algorithm 4.3, GenProof) time;
* verify (Algorithm 4.6, one batch) time, and the time spent inside ``Group.multi_exp`` during
  it (the terms it must compute: the batch and the 1 + 2w products with the 128-bit challenges):
  the ratio verify / multi-exp is the overhead of everything else (hashing, shape checks,
  Python bookkeeping); it is printed without and with the generators' derivation;
* the peak resident memory of the process (``ru_maxrss``), inputs included.

The inputs are built with public-exponent encryptions (their cost is not measured). The machine's
CPU model, core count and load average (``os.getloadavg``) are printed first: figures taken while
other work shares the machine are provisional.
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
from collections.abc import Sequence
from typing import Any

from machine import cpu_model
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import (
    Item,
    clear_generator_cache,
    prove_shuffle,
    shuffle,
    shuffle_generators,
)
from plebiscite.crypto.shuffle_verify import VerifyStats, verify_shuffle

CONTEXT = b"bench shuffle context"
DEFAULT_RUNS = "secp256k1:2:2500,secp256k1:2:10000,modp4096:2:100"


def _inputs(group: Group, key: Element, n: int, width: int) -> list[Item]:
    """N tuples of valid ciphertexts (public-exponent arithmetic: set-up only)."""
    items: list[Item] = []
    for i in range(n):
        row = []
        for k in range(width):
            r = group.random_nonzero_scalar()
            m = (i + k) % 7
            row.append(Ciphertext(group.exp_g(r), group.mul(group.exp_g(m), group.exp(key, r))))
        items.append(tuple(row))
    return items


def one_run(group_name: str, width: int, n: int) -> dict[str, Any]:
    """Shuffle, prove and verify N tuples in this process; the figures as a dict."""
    group = get_group(group_name)
    x = group.random_nonzero_scalar()
    key = group.exp_g(x)
    inputs = _inputs(group, key, n, width)

    clear_generator_cache()
    start = time.perf_counter()
    shuffle_generators(group, CONTEXT, n)
    t_generators = time.perf_counter() - start

    start = time.perf_counter()
    outputs, secret = shuffle(group, key, inputs)
    t_shuffle = time.perf_counter() - start
    start = time.perf_counter()
    proof = prove_shuffle(group, key, inputs, outputs, secret, CONTEXT, 1)
    t_prove = time.perf_counter() - start

    # the verifier derives the generators again (timed apart), then its multi-exponentiations
    # are timed inside the verification
    clear_generator_cache()
    start = time.perf_counter()
    gens = shuffle_generators(group, CONTEXT, n)
    t_generators_verifier = time.perf_counter() - start
    in_multi_exp = [0.0]
    plain = group.multi_exp

    def timed(bases: Sequence[Element], exps: Sequence[int]) -> Element:
        begin = time.perf_counter()
        try:
            return plain(bases, exps)
        finally:
            in_multi_exp[0] += time.perf_counter() - begin

    group.multi_exp = timed  # type: ignore[method-assign]
    stats = VerifyStats()
    start = time.perf_counter()
    verify_shuffle(group, key, inputs, outputs, proof, CONTEXT, 1, generators=gens, stats=stats)
    t_verify = time.perf_counter() - start
    group.multi_exp = plain  # type: ignore[method-assign]
    t_multi = in_multi_exp[0]
    return {
        "group": group_name,
        "width": width,
        "n": n,
        "generators_s": t_generators,
        "shuffle_s": t_shuffle,
        "prove_s": t_prove,
        "shuffle_prove_with_generators_s": t_generators + t_shuffle + t_prove,
        "verify_s": t_verify,
        "verify_with_generators_s": t_verify + t_generators_verifier,
        "verify_multi_exp_s": t_multi,
        "batch_terms": stats.terms,
        "short_terms": stats.short_terms,
        "ratio_verify_to_multi_exp": t_verify / t_multi,
        "ratio_with_generators": (t_verify + t_generators_verifier) / t_multi,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=DEFAULT_RUNS, help="group:width:N,… (%(default)s)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child: one run, JSON on stdout
    args = parser.parse_args(argv)
    if args.one:
        group_name, width, n = args.one.split(":")
        print(json.dumps(one_run(group_name, int(width), int(n))))
        return 0
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    for spec in args.runs.split(","):
        child = subprocess.run(
            [sys.executable, __file__, "--one", spec],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        r = json.loads(child.stdout)
        print(
            f"{r['group']} w={r['width']} N={r['n']:,}: generators {r['generators_s']:.2f} s; "
            f"shuffle {r['shuffle_s']:.2f} s + prove {r['prove_s']:.2f} s "
            f"(with generators {r['shuffle_prove_with_generators_s']:.2f} s); "
            f"verify {r['verify_s']:.2f} s "
            f"(with generators {r['verify_with_generators_s']:.2f} s), "
            f"of which multi-exp {r['verify_multi_exp_s']:.2f} s "
            f"({r['batch_terms']:,} batch terms + {r['short_terms']:,} 128-bit terms): "
            f"ratio verify/multi-exp {r['ratio_verify_to_multi_exp']:.2f} "
            f"({r['ratio_with_generators']:.2f} with the generators); "
            f"peak RSS {r['peak_rss_mib']:.0f} MiB"
        )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
