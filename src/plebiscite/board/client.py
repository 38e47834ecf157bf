"""How a party reaches the board: read the chain, post an entry. One seam, one place.

In this phase the board is a directory (``plebiscite board init DIR``): ``board.sqlite`` and the
board operator's state (its signing key under the board passphrase). A party that posts opens
the store, unlocks the board key and appends through a :class:`~plebiscite.board.board.Board`
with :class:`SetupPolicy`; reading needs no passphrase. For the URL of a board service
(``plebiscite serve``), :func:`connect` returns :class:`plebiscite.board.http.HTTPBoard`
instead, and nothing else changes. The acceptance policy of the setup phase is
:class:`plebiscite.board.policy.SetupPolicy`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final, Protocol

from plebiscite.board.acceptance import VotingPolicy
from plebiscite.board.board import Appended, Board, Clock, system_clock
from plebiscite.board.policy import SetupPolicy
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, InputError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.state.party import Party, open_party

__all__ = ["STORE_FILE", "BoardClient", "DirectoryBoard", "connect"]

STORE_FILE: Final = "board.sqlite"


class BoardClient(Protocol):
    """What a party needs from the board: the chain, and posting one entry.

    :meth:`iter_entries` reads the chain a bounded page at a time, so a step that reads a
    board of any size (counting, decrypting) holds only what it keeps; :meth:`entries` holds
    the whole chain and suits a short board (before voting opens).
    """

    def entries(self) -> list[Entry]:
        """Every entry of the chain, in order."""
        ...

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        """The entries from index ``start`` to the head, in order, streamed."""
        ...

    def post(self, kind: str, body: JSONObject) -> Appended:
        """Append one entry; :class:`BoardError` if the board refuses it."""
        ...

    def head(self) -> SignedHead | None:
        """The board's latest signed head (None on an empty board): what a ballot names."""
        ...


class DirectoryBoard:
    """A board directory used directly: reads from its store, posts with the board key.

    ``passphrase`` unlocks the board key; it is called once, at the first post.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        passphrase: Callable[[], str],
        *,
        clock: Clock = system_clock,
    ) -> None:
        self.directory = Path(directory)
        self.party: Party = open_party(self.directory, "board")
        self.path = self.directory / STORE_FILE
        if not self.path.exists():
            raise InputError(
                f"{self.directory}: no {STORE_FILE} here (run `plebiscite board init`)"
            )
        self._passphrase = passphrase
        self._clock = clock
        self._key: SigningKey | None = None

    def entries(self) -> list[Entry]:
        return list(self.iter_entries())

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        store = SQLiteStore(self.path)
        try:
            yield from store.read(start)
        finally:
            store.close()

    def head(self) -> SignedHead | None:
        store = SQLiteStore(self.path)
        try:
            return store.last_head()
        finally:
            store.close()

    def post(self, kind: str, body: JSONObject) -> Appended:
        if self._key is None:  # unlocked once (scrypt), on the first post
            self._key = self.party.signing_key(self._passphrase())
        key = self._key
        store = SQLiteStore(self.path)
        try:
            if kind == "manifest":
                election_id = _election_id(body, "manifest body")
            else:
                first = next(iter(store.read(0, 1)), None)
                if first is None:
                    raise BoardError("no_manifest", "the board holds no manifest yet")
                election_id = _election_id(first.body, "entry 0")
            # the voting-phase rules (which delegate the setup phase to SetupPolicy); the
            # policy replays the chain into the verifier's checker once per post, which suits a
            # command-line party; a long-running server keeps one Board and one policy instead
            policy = VotingPolicy(clock=self._clock, setup=SetupPolicy())
            with Board(
                store, election_id, key, clock=policy.clock, policy=policy, max_batch=1
            ) as board:
                return board.append(kind, body)
        finally:
            store.close()


def _election_id(body: JSONObject, where: str) -> bytes:
    value = body.get("election_id")
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != 16:
        raise BoardError("malformed", f"{where}: field election_id: not 16 bytes of hex")
    return raw


def connect(location: str | os.PathLike[str], passphrase: Callable[[], str]) -> BoardClient:
    """The board at ``location``: a board directory (``passphrase`` unlocks its key to post), or
    the URL of a board service (``http://host:port``; no passphrase: the service signs)."""
    from plebiscite.board.http import HTTPBoard, board_url

    url = board_url(os.fspath(location))
    if url is not None:
        return HTTPBoard(url)
    return DirectoryBoard(location, passphrase)
