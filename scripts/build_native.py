"""Build plebiscite's optional compiled canonical encoder (``make setup`` runs this).

Compiles ``src/plebiscite/crypto/canonical.c``, a CPython extension that lays out the canonical
encoding (docs/spec.md §2) without hashing or arithmetic, into the module
``plebiscite.crypto._canonical`` next to its source (the checkout is installed editable), with
the C compiler and the headers of the Python running this script (``sysconfig``). Without it (a
plain ``pip install .``) ``plebiscite.crypto.encoding`` runs its Python paths, which the tests
hold it equal to.

Usage: ``python scripts/build_native.py [--force]`` (nothing to do when the module is newer than
its source and this script, unless forced).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "plebiscite" / "crypto"
SOURCE = PACKAGE / "canonical.c"
NAME = "_canonical"


def target() -> Path:
    """Where the module goes: its name with this interpreter's extension suffix."""
    return PACKAGE / f"{NAME}{sysconfig.get_config_var('EXT_SUFFIX') or '.so'}"


def up_to_date() -> bool:
    """Whether the built module is newer than its source and this script."""
    built = target()
    newest_input = max(SOURCE.stat().st_mtime, Path(__file__).stat().st_mtime)
    return built.exists() and built.stat().st_mtime > newest_input


def command(out: Path) -> list[str]:
    """The compiler's command line: this interpreter's compiler, its headers, a shared object."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    include = sysconfig.get_paths()["include"]
    flags = ["-O2", "-std=c99", "-fPIC", "-shared", "-Wall", "-Wextra", "-Werror=implicit"]
    return [*compiler, *flags, f"-I{include}", str(SOURCE), "-o", str(out)]


def main() -> int:
    if "--force" not in sys.argv[1:] and up_to_date():
        return 0
    built = target()
    for old in PACKAGE.glob(f"{NAME}.*"):
        old.unlink()
    partial = built.with_name(built.name + ".tmp")
    done = subprocess.run(command(partial), check=False)  # noqa: S603 - our own compiler line
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        print(f"could not build {built.relative_to(ROOT)}", file=sys.stderr)
        return done.returncode
    os.replace(partial, built)
    print(f"built {built.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
