"""secp256k1 multi-exponentiation: the compiled one against the pure bucket method.

Run: ``.venv/bin/python bench/msm.py [--sizes 64 256 2000 8000] [--bits 128 256] [--repeat 5]``.

For each number of terms m and exponent length, random points and exponents; the pure path's
window c and radix s (:func:`~plebiscite.crypto.secp256k1._bucket_plan`), then the CPU time
(``time.process_time``, best of ``--repeat``) of ``_bucket_multi_exp`` (numpy pointer arrays, one
``combine`` call per bucket from Python) and of ``_compiled_multi_exp`` (libsecp256k1's
``ecmult_multi_var`` in ``secp256k1_msm.c``), and one ``tweak_mul`` per term for scale. The
results are compared for equality on every run. Needs the compiled module (``make setup`` builds
it).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from functools import partial

from plebiscite.crypto import secp256k1 as backend
from plebiscite.crypto.group import Element


def _best(run: Callable[[], Element], repeat: int) -> tuple[float, Element]:
    best = float("inf")
    result: Element | None = None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        best = min(best, time.process_time() - start)
    assert result is not None
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 256, 2000, 8000])
    parser.add_argument("--bits", type=int, nargs="+", default=[128, 256])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if backend._COMPILED is None:
        raise SystemExit("the compiled module is not built: run make setup")
    group = backend.SECP256K1
    rng = random.Random(2026)
    print(
        f"# {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )
    print("| terms | exponent bits | pure (c, s) | pure | compiled | ratio | tweak_mul per term |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for m in args.sizes:
        points = [group.exp_g(rng.randrange(1, backend.N)) for _ in range(m)]
        pks = [p._pk for p in points]  # type: ignore[attr-defined]
        for bits in args.bits:
            scalars = [rng.getrandbits(min(bits, 255)) | 1 for _ in range(m)]
            negated = [rng.random() < 0.5 for _ in range(m)]
            lengths = sorted(k.bit_length() for k in scalars)
            _, pc, ps = backend._bucket_plan(lengths)
            exps = [backend.N - k if neg else k for k, neg in zip(scalars, negated, strict=True)]
            pure, a = _best(
                partial(backend._bucket_multi_exp, pks, scalars, negated, pc, ps), args.repeat
            )
            compiled, b = _best(partial(backend._compiled_multi_exp, pks, exps), args.repeat)
            naive, c = _best(partial(group._naive_multi_exp, pks, exps), 1)
            if not a == b == c:
                raise SystemExit(f"results differ at m = {m}, {bits} bits")
            print(
                f"| {m:,} | {bits} | ({pc}, {ps}) | {pure * 1e3:.2f} ms "
                f"| {compiled * 1e3:.2f} ms | {pure / compiled:.2f}× | {naive * 1e3:.2f} ms |"
            )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
