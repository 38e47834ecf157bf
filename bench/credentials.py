"""Issuing credentials at scale: CPU time, wall time and peak memory of ``issue``.

Run: ``.venv/bin/python bench/credentials.py`` (10,000 and 100,000 credentials with HKDF-SHA256,
and 1,000 with scrypt n = 2^12 for comparison); ``--sizes``, ``--scrypt`` and ``--workers``
change them. Each size runs in a fresh subprocess on the example referendum's four districts
scaled to the size: draw the credentials, derive the roll keys, stream the sheets to disk,
shuffle and hash the roll (``plebiscite.credentials.issue.issue``), then sign the roll into a
file (``write_roll``, as the demo's issuing process does; nothing is posted). The subprocess
reports its wall time, its CPU time and its workers' (``resource.getrusage``), the roll file's
wall time apart, and the peak resident set of itself and of its largest worker (``ru_maxrss``).
Against another tree: ``PYTHONPATH=TREE/src .venv/bin/python TREE/bench/credentials.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "referendum.toml"


def _definition_text(size: int, kdf: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    registered = [int(line.split("=")[1]) for line in text.splitlines() if "registered =" in line]
    total = sum(registered)
    for count in registered:
        scaled = max(1, count * size // total)
        if count == registered[0]:
            scaled += size - sum(max(1, c * size // total) for c in registered)
        text = text.replace(f"registered = {count}\n", f"registered = {scaled}\n", 1)
    block = '[kdf]\nalgorithm = "hkdf-sha256"\n'
    if kdf != "hkdf-sha256":
        n = int(kdf.split("=")[1])
        replacement = f'[kdf]\nalgorithm = "scrypt"\nn = {n}\nr = 8\np = 1\nallow_weak = true\n'
        text = text.replace(block, replacement)
    return text


def run_one(size: int, kdf: str, workers: int) -> dict[str, float]:
    """Issue ``size`` credentials in this process; the figures as a dict."""
    from plebiscite.credentials.issue import issue, write_roll
    from plebiscite.crypto.rand import DeterministicRandom
    from plebiscite.crypto.signatures import SigningKey
    from plebiscite.model.authoring import definition_from_toml

    definition = definition_from_toml(_definition_text(size, kdf), "bench.toml")
    signing = [SigningKey(DeterministicRandom(f"bench/{n}").randbytes(32)) for n in range(3)]
    keys = [k.public for k in signing]
    definition = definition.with_election_id(bytes(range(16))).with_keys(
        board=keys[0], authority=keys[1], credential_authority=keys[2]
    )
    assert definition.total_registered == size, definition.total_registered
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu = time.perf_counter(), time.process_time()
        issued = issue(definition, Path(tmp) / "sheets", workers=workers)
        roll = time.perf_counter()
        write_roll(Path(tmp) / "roll.jsonl", signing[2], bytes(range(16)), issued)
        roll = time.perf_counter() - roll
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        sheet_bytes = sum(p.stat().st_size for p in (Path(tmp) / "sheets").iterdir())
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "size": size,
        "keys": sum(d.count for d in issued),
        "wall_s": wall,
        "cpu_s": cpu + children.ru_utime + children.ru_stime,
        "roll_s": roll,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mib": children.ru_maxrss / 1024,
        "sheets_mib": sheet_bytes / 2**20,
    }


def machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} cores, {model}; Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="credentials, comma-separated")
    parser.add_argument("--scrypt", default="4096", help="scrypt n values run at 1,000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--one", nargs=3, metavar=("SIZE", "KDF", "WORKERS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1], int(args.one[2]))))
        return
    print(f"machine: {machine()} at start")
    runs = [(int(s), "hkdf-sha256") for s in args.sizes.split(",") if s]
    runs += [(1000, f"scrypt n={n}") for n in args.scrypt.split(",") if n]
    print(
        f"{'kdf':<16} {'credentials':>11} {'wall s':>8} {'roll s':>7} {'CPU s':>8} "
        f"{'µs CPU/cred':>12} "
        f"{'peak RSS MiB':>12} {'worker RSS':>10} {'sheets MiB':>10}"
    )
    for size, kdf in runs:
        command = [sys.executable, __file__, "--one", str(size), kdf, str(args.workers)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.splitlines()[-1])
        print(
            f"{kdf:<16} {size:>11,} {r['wall_s']:>8.2f} {r.get('roll_s', 0.0):>7.2f} "
            f"{r['cpu_s']:>8.2f} "
            f"{r['cpu_s'] / size * 1e6:>12.1f} {r['peak_rss_mib']:>12.1f} "
            f"{r['worker_peak_rss_mib']:>10.1f} {r['sheets_mib']:>10.1f}",
            flush=True,
        )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
