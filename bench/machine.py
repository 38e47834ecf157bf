"""The machine a benchmark runs on, as the benchmarks print it (imported by the scripts beside it:
``python bench/x.py`` puts this folder first on the path)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo`` (the platform's processor elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_line() -> str:
    """Cores, CPU model, Python and the load average now: the first line a benchmark prints."""
    return (
        f"{os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )


def add_tree_option(parser: argparse.ArgumentParser) -> None:
    """The ``--tree NAME=SRC`` option of a benchmark that compares source trees
    (:func:`source_trees` reads it)."""
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="NAME=SRC",
        help="another source tree to run beside this checkout's src (repeatable)",
    )


def source_trees(extra: list[str]) -> list[tuple[str, str]]:
    """The source trees a benchmark compares: this checkout's ``src`` as "this", then each
    ``NAME=SRC`` of its ``--tree`` options."""
    here = str(Path(__file__).resolve().parent.parent / "src")
    trees = [("this", here)]
    for tree in extra:
        name, _, src = tree.partition("=")
        trees.append((name, src))
    return trees


def run_child(code: str, args: list[str], src: str, what: str, timeout: int) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter with ``PYTHONPATH=src`` and these arguments; the JSON
    object its last line of output prints (a failure or no output stops the benchmark, naming
    ``what`` and the tree)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=dict(os.environ, PYTHONPATH=src),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{what} failed in {src}: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
