"""``plebiscite serve`` in a child process, for the tests that talk to a real service.

Importable as ``_serve`` from the tests (``tests/`` is on ``sys.path``): a free loopback port, a
wait until the service answers ``/status``, and a stop that terminates, then kills.
"""

from __future__ import annotations

import socket
import subprocess
import time

import httpx

__all__ = ["free_port", "stop", "wait_until_serving"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on at ``host`` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], patience: float) -> bool:
    """Poll ``url/status`` until it answers 200 (True), or until ``process`` exits or
    ``patience`` seconds pass (False)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            if httpx.get(f"{url}/status", timeout=2).status_code == 200:
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
