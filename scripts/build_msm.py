"""Build plebiscite's optional compiled multi-exponentiation (``make setup`` runs this).

Compiles ``src/plebiscite/crypto/secp256k1_msm.c`` with cffi's API mode into the extension module
``plebiscite.crypto._secp256k1_msm`` next to its source (the checkout is installed editable). The
module calls libsecp256k1 only through function addresses taken from coincurve's own build at
run time, so it needs no libsecp256k1 header and links against nothing. Without it (a plain
``pip install .``) ``plebiscite.crypto.secp256k1`` runs its pure path, which the tests hold it
equal to.

Usage: ``python scripts/build_msm.py [--force]`` (nothing to do when the module is newer than its
source and this script, unless forced).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from cffi import FFI

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "plebiscite" / "crypto"
SOURCE = PACKAGE / "secp256k1_msm.c"
MODULE = "plebiscite.crypto._secp256k1_msm"

DECLARATIONS = """
int plebiscite_msm(uintptr_t combine_address, uintptr_t negate_address, uintptr_t ctx_address,
                   const unsigned char *points, const unsigned char *scalars,
                   const unsigned char *negated, size_t m, unsigned top_bits, unsigned c,
                   unsigned s, unsigned char *out);
"""


def builder() -> FFI:
    ffibuilder = FFI()
    ffibuilder.cdef(DECLARATIONS)
    ffibuilder.set_source(
        MODULE,
        SOURCE.read_text(encoding="utf-8"),
        extra_compile_args=["-O2", "-std=c99", "-Wall", "-Wextra", "-Werror=implicit"],
    )
    return ffibuilder


def up_to_date() -> bool:
    """Whether a built module is newer than its source and this script."""
    built = list(PACKAGE.glob("_secp256k1_msm.*.so"))
    newest_input = max(SOURCE.stat().st_mtime, Path(__file__).stat().st_mtime)
    return len(built) == 1 and built[0].stat().st_mtime > newest_input


def main() -> int:
    if "--force" not in sys.argv[1:] and up_to_date():
        return 0
    work = ROOT / "build" / "msm"
    built = Path(builder().compile(tmpdir=str(work), verbose=False))
    for old in PACKAGE.glob("_secp256k1_msm.*.so"):
        old.unlink()
    target = PACKAGE / built.name
    shutil.copyfile(built, target)
    print(f"built {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
