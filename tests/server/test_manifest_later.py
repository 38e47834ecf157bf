"""A service started on an empty board takes the manifest that a party wrote to the board
directory itself (``election create --board DIR`` while ``plebiscite serve`` runs)."""

from __future__ import annotations

import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from plebiscite.board.board import Board
from plebiscite.board.http import HTTPBoard
from plebiscite.board.policy import SetupPolicy
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.server.app import create_app
from plebiscite.server.service import BoardService

from ._election import ELECTION_ID, Election
from .conftest import BOARD_KEY


def test_a_service_started_before_the_manifest_takes_it_from_the_store(tmp_path: Path) -> None:
    path = tmp_path / "board.sqlite"
    store = SQLiteStore(path)
    service = BoardService(store, BOARD_KEY, monitor_interval=None)
    election = Election(BOARD_KEY.public)
    (manifest_kind, manifest), *rest = election.setup()
    with TestClient(create_app(service)) as http:
        board = HTTPBoard("http://testserver", http=http)
        assert http.get("/manifest").status_code == 404
        # another process, acting as the board through the directory, posts the manifest
        other = SQLiteStore(path)
        try:
            with Board(other, ELECTION_ID, BOARD_KEY, policy=SetupPolicy()) as writer:
                writer.append(manifest_kind, manifest)
        finally:
            other.close()
        for kind, body in rest:
            board.post(kind, body)
        opened = board.post("open", election.open_body(board.entries()))
        assert opened.entry.index == len(rest) + 1
        assert service.election_id == ELECTION_ID
        status = http.get("/status", params={"sync": True}).json()
        assert status["entries"] == len(rest) + 2
        assert not status["failures"]
