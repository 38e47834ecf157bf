"""The lean core without its extras: ``plebiscite --help`` and ``plebiscite verify`` work, and a
command that needs an extra says which one in one line (exit status 2), never a traceback.

Each run is a subprocess whose ``sitecustomize`` refuses to import every module an extra
provides (and so do the verifier's worker processes, which start with the same environment).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plebiscite.errors import MissingExtraError
from plebiscite.extras import EXTRAS, needs_extra
from verify._record import build, write_record

_BLOCKER = """
import importlib.abc
import sys

BLOCKED = {blocked!r}


class _Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _Refuse())
"""


def _lean(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with no module of any extra importable."""
    site = tmp / "site"
    site.mkdir(exist_ok=True)
    blocked = sorted(set().union(*EXTRAS.values()))
    (site / "sitecustomize.py").write_text(_BLOCKER.format(blocked=blocked))
    return subprocess.run(
        [sys.executable, *args],
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _plebiscite(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``plebiscite ARGS`` with no module of any extra importable."""
    return _lean(tmp, "-m", "plebiscite", *args)


def test_the_blocker_refuses_the_extras(tmp_path: Path) -> None:
    run = _plebiscite(tmp_path, "forensics", "results.csv", "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "error: plebiscite forensics needs the 'forensics' extra: "
        "pip install 'plebiscite[forensics]'"
    ]


def test_help_without_extras(tmp_path: Path) -> None:
    run = _plebiscite(tmp_path, "--help")
    assert run.returncode == 0, run.stderr
    for command in ("verify", "serve", "forensics", "vote"):
        assert command in run.stdout


def test_verify_without_extras(tmp_path: Path) -> None:
    record = build()
    directory = write_record(tmp_path / "record", record.entries, record.heads)
    run = _plebiscite(tmp_path, "verify", str(directory), "--workers", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "every check passed" in run.stdout
    assert "Traceback" not in run.stderr
    cluster = _plebiscite(tmp_path, "verify", str(directory), "--dask", "tcp://127.0.0.1:1")
    assert cluster.returncode == 2
    assert cluster.stderr.strip().splitlines() == [
        "error: plebiscite verify --dask needs the 'dask' extra: pip install 'plebiscite[dask]'"
    ]


def test_serve_names_the_server_extra(tmp_path: Path) -> None:
    board = tmp_path / "board"
    board.mkdir()
    run = _plebiscite(tmp_path, "serve", "--board", str(board))
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "error: plebiscite serve needs the 'server' extra: pip install 'plebiscite[server]'"
    ]


def test_a_postgres_store_names_the_postgres_extra(tmp_path: Path) -> None:
    code = (
        "from plebiscite.board.stores.factory import open_store; open_store('postgresql://h/board')"
    )
    run = _lean(tmp_path, "-c", code)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        "plebiscite.errors.MissingExtraError: a postgresql:// board store needs the 'postgres' "
        "extra: pip install 'plebiscite[postgres]'"
    )


def test_needs_extra_keeps_other_missing_modules() -> None:
    with pytest.raises(MissingExtraError) as caught, needs_extra("dask", "this"):
        raise ModuleNotFoundError("No module named 'distributed.client'", name="distributed.client")
    assert (caught.value.extra, caught.value.what, caught.value.module) == (
        "dask",
        "this",
        "distributed",
    )
    # a module that no extra provides is a broken installation: it stays what it is
    with pytest.raises(ModuleNotFoundError) as other, needs_extra("dask", "this"):
        raise ModuleNotFoundError("No module named 'coincurve'", name="coincurve")
    assert not isinstance(other.value, MissingExtraError)
