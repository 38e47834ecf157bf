"""Fixtures of the service's tests: a board served in-process (FastAPI's TestClient), with the
test election's setup posted over HTTP and voting open."""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette prefers another HTTP client for tests
    from fastapi.testclient import TestClient

from plebiscite.board.board import Clock, system_clock
from plebiscite.board.export import export_record
from plebiscite.board.http import HTTPBoard
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.server.app import create_app
from plebiscite.server.limits import Limits
from plebiscite.server.service import BoardService

from ._election import Election, key

BOARD_KEY = key("board")


@dataclass
class Served:
    """A served board: the test client, the HTTP board client over it, the election, the store."""

    http: TestClient
    board: HTTPBoard
    election: Election
    store: SQLiteStore
    service: BoardService
    root: Path

    def export(self) -> dict[str, str]:
        """The exported record, file name -> SHA-256 (to compare the board before and after)."""
        target = self.root / f"export-{len(list(self.root.glob('export-*')))}"
        export_record(self.store, target)
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(target.iterdir())
        }


def serve(
    root: Path,
    limits: Limits | None = None,
    *,
    open_voting: bool = True,
    clock: Clock = system_clock,
) -> Iterator[Served]:
    """Serve a new board under ``root`` (board time from ``clock``); post the setup (and
    ``open``) over HTTP."""
    store = SQLiteStore(root / "board.sqlite")
    service = BoardService(store, BOARD_KEY, clock=clock, monitor_interval=None)
    app = create_app(service, limits=limits or Limits())
    with TestClient(app) as http:
        board = HTTPBoard("http://testserver", http=http)
        election = Election(BOARD_KEY.public)
        for kind, body in election.setup():
            board.post(kind, body)
        if open_voting:
            board.post("open", election.open_body(board.entries()))
        yield Served(http, board, election, store, service, root)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    yield from serve(tmp_path)
