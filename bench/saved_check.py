"""A party's step after the close with its check of the board saved, against the same step that
checks the whole board: ``plebiscite authority result`` (or any step) on a demo's board.

Run: ``.venv/bin/python bench/saved_check.py DEMO_OUT [--repeat 3] [--step result]``.

``DEMO_OUT`` is the ``--out`` of a ``plebiscite demo`` run (its ``parties/authority`` and
``parties/board`` with their passphrase files: the board has its result). The authority's and
the board's directories are copied to a temporary directory; then, R times each, alternated: the
command with no saved check (``STATE/checked`` removed first: the whole board checked, then the
check saved), and the command that reads the check back and saves it again. Each is a child
process of the installed ``plebiscite`` (as a user runs it), timed by its wall time and its CPU
(user + system); the best of each is printed with the ratio, and the saved check's size.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_line

PLEBISCITE = Path(sys.executable).with_name("plebiscite")


def _run(step: str, board: Path, state: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            str(PLEBISCITE),
            "authority",
            step,
            "--board",
            str(board),
            "--state",
            str(state),
            "--passphrase-file",
            str(state / "passphrase"),
            "--board-passphrase-file",
            str(board / "passphrase"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"authority {step} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, (done.stdout + done.stderr).strip().splitlines()[-1]


def _size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("demo", type=Path, help="the --out directory of a plebiscite demo")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--step", default="result", choices=("close", "tally", "result"))
    args = parser.parse_args()
    print(f"# {machine_line()}")
    work = Path(tempfile.mkdtemp(prefix="saved-check-"))
    try:
        state, board = work / "authority", work / "board"
        shutil.copytree(args.demo / "parties" / "authority", state)
        shutil.copytree(args.demo / "parties" / "board", board)
        checked = state / "checked"
        best: dict[str, tuple[float, float]] = {}
        said = ""
        for _ in range(args.repeat):
            for name in ("whole board", "saved check"):
                if name == "whole board":
                    shutil.rmtree(checked, ignore_errors=True)
                elif not checked.is_dir():
                    raise SystemExit("the first run saved no check")
                wall, cpu, said = _run(args.step, board, state)
                kept = best.get(name)
                if kept is None or wall < kept[0]:
                    best[name] = (wall, cpu)
        size = _size(checked)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"# plebiscite authority {args.step}: {said}")
    print("| the step | wall | CPU |")
    print("|---|---:|---:|")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s |")
    whole, kept = best["whole board"], best["saved check"]
    print(f"# {whole[0] / kept[0]:.1f}x less wall time with the check saved ({size / 1e6:.1f} MB)")
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
