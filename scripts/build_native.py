"""Build plebiscite's optional compiled helpers of the verifier's hot path (``make setup`` runs
this).

Compiles each CPython extension of :data:`MODULES` into its module next to its source (the
checkout is installed editable), with the C compiler and the headers of the Python running this
script (``sysconfig``):

* ``src/plebiscite/crypto/canonical.c`` -> ``plebiscite.crypto._canonical``: the canonical
  encoding (docs/spec.md §2) laid out in C;
* ``src/plebiscite/crypto/batch_fold.c`` -> ``plebiscite.crypto._batch_fold``: a batch's weighted
  exponents summed per base object;
* ``src/plebiscite/crypto/strict_hex.c`` -> ``plebiscite.crypto._strict_hex``: a ballot's lowercase
  hex texts to bytes in one call, a question's element bytes and scalars (its shape checked,
  each scalar below the order) in one call, and the objects of the record's strict JSON decoder
  (a repeated key handed back to the Python reference, which names it).

Neither hashes or computes on points: the hashes stay hashlib's, the points libsecp256k1's.
Without them (a plain ``pip install .``) the Python paths run, which the tests hold them equal
to.

Usage: ``python scripts/build_native.py [--force]`` (a module is rebuilt only when its source or
this script is newer than it, unless forced).
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
#: module name -> its C source, in PACKAGE
MODULES = {
    "_canonical": "canonical.c",
    "_batch_fold": "batch_fold.c",
    "_strict_hex": "strict_hex.c",
}


def target(name: str) -> Path:
    """Where module ``name`` goes: its name with this interpreter's extension suffix."""
    return PACKAGE / f"{name}{sysconfig.get_config_var('EXT_SUFFIX') or '.so'}"


def up_to_date(name: str) -> bool:
    """Whether module ``name`` is built and newer than its source and this script."""
    built = target(name)
    newest_input = max((PACKAGE / MODULES[name]).stat().st_mtime, Path(__file__).stat().st_mtime)
    return built.exists() and built.stat().st_mtime > newest_input


def command(name: str, out: Path) -> list[str]:
    """The compiler's command line for module ``name``: this interpreter's compiler, its
    headers, a shared object at ``out``."""
    compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
    include = sysconfig.get_paths()["include"]
    flags = ["-O2", "-std=c99", "-fPIC", "-shared", "-Wall", "-Wextra", "-Werror=implicit"]
    return [*compiler, *flags, f"-I{include}", str(PACKAGE / MODULES[name]), "-o", str(out)]


def build(name: str) -> int:
    built = target(name)
    for old in PACKAGE.glob(f"{name}.*"):
        old.unlink()
    partial = built.with_name(built.name + ".tmp")
    done = subprocess.run(command(name, partial), check=False)  # noqa: S603 - our own command
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        print(f"could not build {built.relative_to(ROOT)}", file=sys.stderr)
        return done.returncode
    os.replace(partial, built)
    print(f"built {built.relative_to(ROOT)}")
    return 0


def main() -> int:
    force = "--force" in sys.argv[1:]
    for name in MODULES:
        if force or not up_to_date(name):
            status = build(name)
            if status:
                return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
