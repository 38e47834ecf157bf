"""Build plebiscite's optional compiled multi-exponentiation (``make setup`` runs this).

Compiles ``src/plebiscite/crypto/secp256k1_msm.c`` with cffi's API mode into the extension module
``plebiscite.crypto._secp256k1_msm`` next to its source (the checkout is installed editable),
together with libsecp256k1's own source: the module runs the library's internal
``secp256k1_ecmult_multi_var``, which the library does not export, so it is compiled here from
the library's source rather than called in coincurve's build.

That source is the ``libsecp256k1/`` tree carried by the source distribution of the Python binding
``secp256k1`` 0.14.0 on PyPI (:data:`SDIST_URL`), fetched once into ``build/`` and refused unless
its SHA-256 is :data:`SDIST_SHA256`; only the library's headers (``src/``, ``include/``) and its
licence are taken out of it, and none of the binding's code runs. On a machine without network
access, point ``PLEBISCITE_LIBSECP256K1_SDIST`` at a copy of that archive (same hash).

Without the module (a plain ``pip install .``) ``plebiscite.crypto.secp256k1`` runs its pure
path, which the tests hold it equal to.

Usage: ``python scripts/build_msm.py [--force]`` (nothing to do when the module is newer than its
source and this script, unless forced).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

from cffi import FFI

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "plebiscite" / "crypto"
SOURCE = PACKAGE / "secp256k1_msm.c"
MODULE = "plebiscite.crypto._secp256k1_msm"

#: the source distribution that carries libsecp256k1's source, and its pinned SHA-256
SDIST_URL = (
    "https://files.pythonhosted.org/packages/9b/41/"
    "bb668a6e4192303542d2d90c3b38d564af3c17c61bd7d4039af4f29405fe/secp256k1-0.14.0.tar.gz"
)
SDIST_SHA256 = "82c06712d69ef945220c8b53c1a0d424c2ff6a1f64aee609030df79ad8383397"
#: the library's tree inside that archive, and where its parts are unpacked
SDIST_LIBRARY = "secp256k1-0.14.0/libsecp256k1/"
LIBRARY = ROOT / "build" / "libsecp256k1-0.14.0"
#: what is taken out of the library's tree: its headers and its licence
LIBRARY_PARTS = ("src/", "include/", "COPYING")

DECLARATIONS = """
int plebiscite_msm(const unsigned char *points, const unsigned char *scalars, size_t m,
                   unsigned char *out);
"""


class SourceError(RuntimeError):
    """The library's source could not be fetched, or is not the pinned archive."""


def _archive_bytes() -> tuple[bytes, str]:
    """The archive's bytes and where they came from (the local copy named by
    ``PLEBISCITE_LIBSECP256K1_SDIST``, else :data:`SDIST_URL`)."""
    local = os.environ.get("PLEBISCITE_LIBSECP256K1_SDIST")
    if local:
        return Path(local).read_bytes(), local
    failure: OSError | None = None
    for attempt in range(3):  # a transient network failure is tried again, twice
        if attempt:
            time.sleep(5 * attempt)
        try:
            with urllib.request.urlopen(SDIST_URL, timeout=120) as response:
                return response.read(), SDIST_URL
        except OSError as exc:
            failure = exc
    raise SourceError(
        f"could not fetch libsecp256k1's source from {SDIST_URL} ({failure}); on a machine "
        "without network access set PLEBISCITE_LIBSECP256K1_SDIST to a copy of the archive"
    )


def secp256k1_source() -> Path:
    """libsecp256k1's source tree under ``build/``: unpacked from the pinned archive when absent."""
    if (LIBRARY / "src" / "ecmult_impl.h").exists():
        return LIBRARY
    data, origin = _archive_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SDIST_SHA256:
        raise SourceError(f"{origin}: SHA-256 {digest}, expected {SDIST_SHA256}")
    partial = LIBRARY.with_name(LIBRARY.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = []
        for member in tar.getmembers():
            if not member.name.startswith(SDIST_LIBRARY):
                continue
            inner = member.name[len(SDIST_LIBRARY) :]
            if member.isfile() and inner.startswith(LIBRARY_PARTS):
                member.name = inner
                members.append(member)
        # the archive is pinned by its hash; the "data" filter (Python 3.11.4+) refuses links
        # and paths that leave the folder all the same
        if hasattr(tarfile, "data_filter"):
            tar.extractall(partial, members=members, filter="data")
        else:  # pragma: no cover - Python 3.11.0-3.11.3
            tar.extractall(partial, members=members)  # noqa: S202 - pinned archive
    shutil.rmtree(LIBRARY, ignore_errors=True)
    partial.rename(LIBRARY)
    return LIBRARY


def builder(library: Path) -> FFI:
    ffibuilder = FFI()
    ffibuilder.cdef(DECLARATIONS)
    ffibuilder.set_source(
        MODULE,
        SOURCE.read_text(encoding="utf-8"),
        include_dirs=[str(library / "src"), str(library / "include")],
        extra_compile_args=[
            "-O2",
            "-std=c99",
            "-fvisibility=hidden",
            "-Wall",
            "-Werror=implicit",
            # the library's headers define more static functions than this module calls
            "-Wno-unused-function",
        ],
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
    try:
        library = secp256k1_source()
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    work = ROOT / "build" / "msm"
    built = Path(builder(library).compile(tmpdir=str(work), verbose=False))
    for old in PACKAGE.glob("_secp256k1_msm.*.so"):
        old.unlink()
    target = PACKAGE / built.name
    shutil.copyfile(built, target)
    print(f"built {target.relative_to(ROOT)} (with libsecp256k1's source from {library.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
