"""V7 without a second subgroup check: ``verify_record`` with and without it, in one process.

Run: ``.venv/bin/python bench/verify_counting.py`` (a modp4096 record of 200 ballots by 200
voters and a secp256k1 record of 2,000 by 2,000, from ``bench/verify_memory.py``'s cache, built
there first when missing). Each record is verified with ``--workers 1`` semantics, alternately
as the verifier does now (V7 decodes the counted ciphertexts with ``Group.decode_validated``)
and with V7 decoding them in full again as it did before (``Group.decode`` patched in for
``decode_validated``), ``--repeat`` rounds each (default 3, the best kept). Both runs must give
the same report. Ratios are measured side by side on the same machine and load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from plebiscite.crypto.groups import get_group
from plebiscite.verify.command import verify_record
from verify_memory import cached_record


def timed(record: Path, group: str, revalidate: bool) -> tuple[float, str]:
    """CPU seconds of one verification, and its report."""
    backend = type(get_group(group))
    own = backend.__dict__.get("decode_validated")
    if revalidate:  # the former V7: every counted element decoded in full again
        backend.decode_validated = backend.decode  # type: ignore[method-assign]
    try:
        started = time.process_time()
        report = verify_record(record, workers=1)
        elapsed = time.process_time() - started
    finally:
        if own is None:
            if "decode_validated" in backend.__dict__:
                del backend.decode_validated
        else:
            backend.decode_validated = own  # type: ignore[method-assign]
    return elapsed, json.dumps(report.to_json(), sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/plebiscite-bench")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modp-ballots", type=int, default=200)
    parser.add_argument("--secp-ballots", type=int, default=2000)
    args = parser.parse_args()
    model = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line),
        "unknown CPU",
    )
    print(
        f"machine: {os.cpu_count()} cores, {model}; Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    print(f"{'record':<28} {'V7 re-checks':>13} {'V7 reuses V5':>13} {'saved':>7}  (CPU s, best)")
    for group, ballots in (("modp4096", args.modp_ballots), ("secp256k1", args.secp_ballots)):
        record = cached_record(args.cache, group, ballots, ballots, 1)
        before: list[float] = []
        after: list[float] = []
        reports: set[str] = set()
        for _ in range(args.repeat):
            for revalidate, into in ((True, before), (False, after)):
                elapsed, text = timed(record, group, revalidate)
                into.append(elapsed)
                reports.add(text)
        assert len(reports) == 1, "the two paths gave different reports"
        b, a = min(before), min(after)
        name = f"{group}, {ballots:,} ballots"
        print(
            f"{name:<28} {b:>13.2f} {a:>13.2f} {1 - a / b:>6.1%}  "
            f"per ballot {a / ballots * 1e3:.2f} ms"
        )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
