"""The compiled multi-exponentiation (``secp256k1_msm.c``: libsecp256k1's ``ecmult_multi_var``)
against the pure path and the plain product.

The compiled module is built by ``make setup``; a plain ``pip install .`` has none, and then the
tests that need it are skipped, except under ``make test`` and in CI
(``PLEBISCITE_REQUIRE_COMPILED=1``), where a missing module fails: the build must have made it.
"""

from __future__ import annotations

import os
import random
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import secp256k1 as backend
from plebiscite.crypto.group import Element
from plebiscite.crypto.secp256k1 import SECP256K1, N, Secp256k1Element

GROUP = SECP256K1
ONE = GROUP.identity()
REQUIRED = os.environ.get("PLEBISCITE_REQUIRE_COMPILED") == "1" or bool(os.environ.get("CI"))
_RNG = random.Random(11)
POINTS = [GROUP.exp_g(_RNG.randrange(1, N)) for _ in range(24)]

compiled = pytest.mark.skipif(
    backend._COMPILED is None and not REQUIRED,
    reason="the compiled multi-exponentiation is not built (make setup builds it)",
)

# exponents as the multi-exponentiation hands them on: in [1, n)
scalars = st.one_of(
    st.integers(min_value=1, max_value=N - 1),
    st.sampled_from([1, 2, 3, N // 2, N // 2 + 1, N - 2, N - 1, 2**128 - 1, 2**128, 2**64]),
    st.integers(min_value=1, max_value=2**16),
)


def terms(picks: list[tuple[int, int]]) -> tuple[list[Any], list[int], list[Element]]:
    pks = []
    bases = []
    for index, _ in picks:
        point = POINTS[index]
        assert isinstance(point, Secp256k1Element)
        pks.append(point._pk)
        bases.append(point)
    return pks, [k for _, k in picks], bases


def reference(bases: list[Element], exps: list[int]) -> Element:
    acc = ONE
    for base, k in zip(bases, exps, strict=True):
        acc = GROUP.mul(acc, GROUP.exp(base, k))
    return acc


@compiled
def test_compiled_module_is_built() -> None:
    assert backend._COMPILED is not None


@compiled
@settings(max_examples=60, deadline=None, database=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(POINTS) - 1), scalars),
        min_size=1,
        max_size=40,
    )
)
def test_compiled_equals_the_plain_product(picks: list[tuple[int, int]]) -> None:
    """Random terms (duplicated bases, short and full-length scalars, both halves of [1, n))."""
    pks, exps, bases = terms(picks)
    assert backend._compiled_multi_exp(pks, exps) == reference(bases, exps)


@compiled
@pytest.mark.parametrize("size", [2, 5, 87, 88, 89, 300])
def test_compiled_equals_pure_on_both_sides_of_its_methods(size: int) -> None:
    """Strauss' method below 88 points and Pippenger's from 88: both equal the pure buckets."""
    rng = random.Random(size)
    picks = [(rng.randrange(len(POINTS)), rng.randrange(1, N)) for _ in range(size)]
    pks, exps, bases = terms(picks)
    negated = [k > N // 2 for k in exps]
    folded = [N - k if neg else k for k, neg in zip(exps, negated, strict=True)]
    pure = backend._bucket_multi_exp(pks, folded, negated, 4, 2)
    assert backend._compiled_multi_exp(pks, exps) == pure
    assert pure == reference(bases, exps)


@compiled
@pytest.mark.parametrize("size", [1, 10, 100])
def test_compiled_sums_that_cancel(size: int) -> None:
    """Whole sums and partial sums that reach the point at infinity."""
    rng = random.Random(size)
    picks = [(rng.randrange(len(POINTS)), rng.randrange(1, N)) for _ in range(size)]
    pks, exps, _ = terms(picks)
    # every term beside its negation: the identity
    assert backend._compiled_multi_exp(pks + pks, exps + [N - k for k in exps]) == ONE
    # a cancelling part beside terms that survive
    survivors = terms([(1, 5), (2, N - 3), (3, 2**200)])
    assert backend._compiled_multi_exp(
        pks + pks + survivors[0], exps + [N - k for k in exps] + survivors[1]
    ) == reference(survivors[2], survivors[1])


@compiled
@pytest.mark.parametrize("size", [2, 3, 15, 16, 200])
def test_group_multi_exp_takes_the_compiled_path(
    monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    """The group's multi_exp runs the compiled path for two terms or more when built, and the pure
    one (one tweak_mul per term, or buckets) when not; the results agree with the plain product."""
    rng = random.Random(size)
    bases = [rng.choice(POINTS) for _ in range(size)]
    exps = [rng.choice((rng.getrandbits(128), -rng.getrandbits(256), N - 1)) for _ in bases]
    calls: list[int] = []
    run = backend._compiled_multi_exp

    def counted(*args: object) -> Element:
        calls.append(1)
        return run(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backend, "_compiled_multi_exp", counted)
    with_compiled = GROUP.multi_exp([*bases, ONE], [*exps, 5])
    assert calls == [1]
    monkeypatch.setattr(backend, "_COMPILED", None)
    assert GROUP.multi_exp(bases, exps) == with_compiled
    assert calls == [1]
    assert with_compiled == GROUP.prod([GROUP.exp(b, e) for b, e in zip(bases, exps, strict=True)])


def _module_answering(status: int, out: bytes) -> SimpleNamespace:
    """A stand-in for the compiled module whose one function always answers ``status, out``."""
    from cffi import FFI

    ffi = FFI()

    def plebiscite_msm(points: bytes, packed: bytes, m: int, buffer: Any) -> int:
        ffi.memmove(buffer, out, len(out))
        return status

    return SimpleNamespace(ffi=ffi, lib=SimpleNamespace(plebiscite_msm=plebiscite_msm))


@pytest.mark.parametrize(
    ("status", "point"),
    [
        (1, 6),  # a wrong sum
        (0, 7),  # "infinity" for 3·G + 4·G
        (1, 7),  # right for 3·G + 4·G, but not infinity for (n − 1)·G + G
    ],
)
def test_a_module_that_reads_points_otherwise_is_not_used(
    monkeypatch: pytest.MonkeyPatch, status: int, point: int
) -> None:
    """The import check: a build whose point layout or sums differ from coincurve's is refused."""
    g_multiple = GROUP.exp_g(point)
    assert isinstance(g_multiple, Secp256k1Element)
    stand_in = _module_answering(status, bytes(backend.ffi.buffer(g_multiple._pk)))
    monkeypatch.setattr(backend.importlib, "import_module", lambda name: stand_in)
    assert backend._load_compiled() is None


@compiled
def test_the_import_check_accepts_this_build() -> None:
    assert backend._load_compiled() is not None


# -- where the compiled module's secp256k1 source comes from (scripts/build_msm.py) ---------------


def _build_msm() -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_msm.py"
    spec = importlib.util.spec_from_file_location("build_msm_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _archive(path: Any, files: dict[str, bytes]) -> bytes:
    import io
    import tarfile

    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return bytes(path.read_bytes())


def test_the_secp256k1_source_is_refused_unless_it_is_the_pinned_archive(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    build = _build_msm()
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "LIBRARY", tmp_path / "build" / "lib")
    inner = build.SDIST_LIBRARY
    data = _archive(
        tmp_path / "copy.tar.gz",
        {
            f"{inner}src/ecmult_impl.h": b"/* the library */",
            f"{inner}include/secp256k1.h": b"/* its header */",
            f"{inner}COPYING": b"MIT",
            f"{inner}src/bench.c.sh": b"",
            f"{inner}configure.ac": b"not taken",
            "secp256k1-0.14.0/setup.py": b"never unpacked, never run",
        },
    )
    monkeypatch.setenv("PLEBISCITE_LIBSECP256K1_SDIST", str(tmp_path / "copy.tar.gz"))
    with pytest.raises(build.SourceError, match=r"SHA-256 .*, expected 82c06712"):
        build.secp256k1_source()
    assert not (tmp_path / "build" / "lib").exists()
    monkeypatch.setattr(build, "SDIST_SHA256", hashlib.sha256(data).hexdigest())
    tree = build.secp256k1_source()
    taken = sorted(str(p.relative_to(tree)) for p in tree.rglob("*") if p.is_file())
    assert taken == ["COPYING", "include/secp256k1.h", "src/bench.c.sh", "src/ecmult_impl.h"]
