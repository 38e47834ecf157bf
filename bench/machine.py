"""The machine a benchmark runs on, as the benchmarks print it (imported by the scripts beside it:
``python bench/x.py`` puts this folder first on the path)."""

from __future__ import annotations

import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo`` (the platform's processor elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def source_trees(extra: list[str]) -> list[tuple[str, str]]:
    """The source trees a benchmark compares: this checkout's ``src`` as "this", then each
    ``NAME=SRC`` of its ``--tree`` options."""
    here = str(Path(__file__).resolve().parent.parent / "src")
    trees = [("this", here)]
    for tree in extra:
        name, _, src = tree.partition("=")
        trees.append((name, src))
    return trees
