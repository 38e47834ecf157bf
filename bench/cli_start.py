"""A command's start: the CPU of whole ``plebiscite`` commands that do little work, with the
typer installed against another typer put first on ``PYTHONPATH``.

Run: ``.venv/bin/pip install --no-deps --target /tmp/typer-0.29 typer==0.29.2``, then
``.venv/bin/python bench/cli_start.py --other /tmp/typer-0.29 [--rounds 9]``.

Each round runs every command once with each typer, alternated; the figure is the user + system
CPU of the child (``resource.getrusage`` of the children), best and median of the rounds, and
the ratio of the other's best to the installed one's. The commands: ``verify`` of a path that
is no record (the command's imports and its parameters, then an error), a group's subcommand
help, and the root help (which imports every command's module). ``--instructions`` adds each
command's instructions counted once under ``valgrind --tool=callgrind`` (the same whatever the
load; about a minute a command).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

from machine import machine_line

#: the commands timed, by the name printed
COMMANDS = {
    "plebiscite verify /nonexistent": ["verify", "/nonexistent"],
    "plebiscite board export --help": ["board", "export", "--help"],
    "plebiscite --help": ["--help"],
}


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _typer_version(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "import typer; print(typer.__version__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _instructions(argv: list[str], env: dict[str, str]) -> int:
    """The instructions of one run of ``argv`` under callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count for {argv}: {done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--other", type=Path, required=True, help="a folder holding another typer")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--instructions", action="store_true", help="count under callgrind too")
    args = parser.parse_args()
    command = str(Path(sys.executable).with_name("plebiscite"))
    trees = {
        "installed": dict(os.environ),
        "other": dict(os.environ, PYTHONPATH=str(args.other.resolve())),
    }
    versions = {name: _typer_version(env) for name, env in trees.items()}
    print(f"# {machine_line()}")
    spent: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for name, env in trees.items():
            for label, argv in COMMANDS.items():
                before = _children_cpu()
                subprocess.run([command, *argv], env=env, capture_output=True, check=False)
                spent.setdefault((label, name), []).append(_children_cpu() - before)
    installed, other = (f"typer {versions[n]}" for n in trees)
    print(f"| command | {installed}: best, median | {other}: best, median | ratio of the bests |")
    print("|---|---:|---:|---:|")
    for label in COMMANDS:
        cells = []
        for name in trees:
            runs = sorted(spent[(label, name)])
            cells.append(f"{runs[0]:.3f} s, {runs[len(runs) // 2]:.3f} s")
        ratio = min(spent[(label, "other")]) / min(spent[(label, "installed")])
        print(f"| `{label}` | {cells[0]} | {cells[1]} | {ratio:.2f}× |")
    if args.instructions:
        print(f"\n| command | {installed}: instructions | {other} | ratio |")
        print("|---|---:|---:|---:|")
        for label, argv in COMMANDS.items():
            counts = [
                _instructions([sys.executable, command, *argv], env) for env in trees.values()
            ]
            print(
                f"| `{label}` | {counts[0] / 1e9:.3f} G | {counts[1] / 1e9:.3f} G "
                f"| {counts[1] / counts[0]:.2f}× |"
            )
    print(f"# load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
