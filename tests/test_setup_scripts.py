"""Setting up: ``python -m plebiscite``, the PostgreSQL script from anywhere, ``make pytest``
stopping the server it started.

The script tests run copies of ``scripts/postgres.sh`` and the ``Makefile`` in checkouts of their
own, each with a port of its own, and stop and remove every cluster they create.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLEBISCITE_")}
    env["PLEBISCITE_PG_PORT"] = str(port)
    return env


def _script(checkout: Path, command: str, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "postgres.sh"), command],
        env=_env(port),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Iterator[Path]:
    """A checkout of the scripts under a directory only its owner may enter (as root's home);
    its cluster is stopped and removed afterwards."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o700)
    root = home / "plebiscite"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "postgres.sh", root / "scripts" / "postgres.sh")
    port = _free_port()
    root.joinpath(".port").write_text(str(port))
    try:
        yield root
    finally:
        _script(root, "stop", port)
        found = _script(root, "dir", port).stdout.strip()
        if found and Path(found).is_absolute() and Path(found).name.startswith("plebiscite-pg"):
            shutil.rmtree(found, ignore_errors=True)


def _port(checkout: Path) -> int:
    return int(checkout.joinpath(".port").read_text())


def test_python_dash_m_runs_the_command_line() -> None:
    found = subprocess.run(
        [sys.executable, "-m", "plebiscite", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.startswith("plebiscite ")
    helped = subprocess.run(
        [sys.executable, "-m", "plebiscite", "verify", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert helped.returncode == 0 and "V1" in helped.stdout


def test_postgres_runs_from_a_checkout_under_a_closed_directory(checkout: Path) -> None:
    home = checkout.parent
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    port = _port(checkout)
    started = _script(checkout, "start", port)
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip().splitlines()[-1]
    assert url.startswith("postgresql://") and f":{port}/" in url
    cluster = Path(_script(checkout, "dir", port).stdout.strip())
    assert home not in cluster.parents
    assert not (checkout / ".pgdata").exists()
    with psycopg.connect(url, connect_timeout=10) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    again = _script(checkout, "start", port)
    assert again.returncode == 0 and again.stdout.strip() == url
    assert _script(checkout, "status", port).returncode == 0
    stopped = _script(checkout, "stop", port)
    assert stopped.returncode == 0, stopped.stderr
    assert _script(checkout, "status", port).returncode == 3


def test_postgres_refuses_a_cluster_directory_of_another_user(checkout: Path) -> None:
    """A predictable name under /tmp: a directory someone else made there is not used."""
    port = _port(checkout)
    env_dir: dict[str, str] = {}
    if os.geteuid() == 0:
        cluster = Path(_script(checkout, "dir", port).stdout.strip())
        cluster.mkdir()
        os.chown(cluster, 65534, 65534)  # nobody's
    else:
        cluster = Path("/usr")  # root's: an ordinary user finds no other's directory to use
        env_dir["PLEBISCITE_PG_DIR"] = str(cluster)
    found = subprocess.run(
        ["bash", str(checkout / "scripts" / "postgres.sh"), "start"],
        env={**_env(port), **env_dir},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert found.returncode == 1
    assert "belongs to" in found.stderr
    assert not (cluster / "data").exists()


def _make_checkout(checkout: Path, exit_status: int) -> None:
    """The Makefile and scripts of the project; the suite is a stand-in that records the URL
    it was given, checks that the server answers there, and exits with ``exit_status``."""
    shutil.copy2(ROOT / "Makefile", checkout / "Makefile")
    shutil.copy2(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    (checkout / "scripts" / "browser.sh").write_text("exit 0\n")
    venv = checkout / ".venv" / "bin"
    venv.mkdir(parents=True, exist_ok=True)
    suite = venv / "python"
    suite.write_text(
        "#!/bin/sh\n"
        'echo "$PLEBISCITE_TEST_POSTGRES" >> "$(dirname "$0")/../urls"\n'
        f'{sys.executable} -c "import psycopg, os; '
        "psycopg.connect(os.environ['PLEBISCITE_TEST_POSTGRES']).close()\" || exit 99\n"
        f"exit {exit_status}\n"
    )
    suite.chmod(0o755)
    (checkout / ".venv" / ".installed").touch()


def _make(checkout: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(checkout), "pytest"],
        env=_env(_port(checkout)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_make_pytest_stops_the_server_it_started_and_keeps_pytests_outcome(
    checkout: Path,
) -> None:
    port = _port(checkout)
    for exit_status in (0, 1):
        _make_checkout(checkout, exit_status)
        made = _make(checkout)
        assert (made.returncode == 0) == (exit_status == 0), made.stderr
        assert _script(checkout, "status", port).returncode == 3, "the server was left running"
        assert not _port_taken(port)
    urls = (checkout / ".venv" / "urls").read_text().split()
    assert len(urls) == 2 and all(f":{port}/" in u for u in urls)


def test_make_pytest_reuses_and_keeps_a_server_already_running(checkout: Path) -> None:
    port = _port(checkout)
    assert _script(checkout, "start", port).returncode == 0
    _make_checkout(checkout, 0)
    made = _make(checkout)
    assert made.returncode == 0, made.stderr
    assert _script(checkout, "status", port).returncode == 0, "a server it did not start stopped"


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0
