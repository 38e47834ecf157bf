"""A child process serving HTTP (``plebiscite serve`` above all), for the tests that talk to one.

Importable as ``_serve`` from the tests (``tests/`` is on ``sys.path``): a free loopback port, a
wait until the child answers a probe (``/status``), a stop that terminates, then kills, and
:class:`Child`, which does the three around one process and keeps its error output.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

__all__ = ["Child", "free_port", "plebiscite", "stop", "wait_until_serving"]

HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    """A TCP port nothing listens on at ``host`` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], patience: float, probe: str = "/status"
) -> bool:
    """Poll ``url + probe`` until it answers 200 (True), or until ``process`` exits or
    ``patience`` seconds pass (False)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            if httpx.get(f"{url}{probe}", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], wait_s: float = 20) -> None:
    """Terminate ``process`` if it still runs; kill it if it does not end within ``wait_s``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(wait_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(wait_s)


def plebiscite(*args: str) -> list[str]:
    """The command line of ``plebiscite ARGS`` run by this interpreter."""
    return [sys.executable, "-m", "plebiscite", *args]


class Child:
    """``args`` in a child process serving HTTP on ``port`` of ``host``; the constructor waits
    until ``probe`` answers 200 (else stops it and raises :class:`RuntimeError` with its error
    output). The error output goes to the file ``log``, else to a pipe."""

    def __init__(
        self,
        args: Sequence[str],
        port: int,
        *,
        host: str = HOST,
        probe: str = "/status",
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        log: Path | None = None,
        patience: float = 30,
    ) -> None:
        self.port = port
        self.url = f"http://{host}:{port}"
        self.log = log
        self._log = log.open("wb") if log is not None else None
        self.process = subprocess.Popen(
            list(args),
            env=dict(env if env is not None else os.environ),
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=self._log or subprocess.PIPE,
        )
        if not wait_until_serving(self.url, self.process, patience, probe):
            output = self.stop()
            raise RuntimeError(f"{' '.join(args[:5])} did not start: {output}")

    def kill(self) -> None:
        """End it at once (SIGKILL), as a crash would."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> str:
        """Stop it (idempotent); its error output."""
        stop(self.process, 10)
        if self._log is not None:
            self._log.close()
            assert self.log is not None
            return self.log.read_text(errors="replace")
        if self.process.stderr is None or self.process.stderr.closed:
            return ""
        with self.process.stderr:
            return self.process.stderr.read().decode(errors="replace")
