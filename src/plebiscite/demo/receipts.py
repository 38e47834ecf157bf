"""The voters' receipts, checked and kept in a process of their own.

Each voter's device checks the receipt the board gives back for her entry (the board's signature
over the head at her entry, naming her entry: index, hash and time) and keeps it. The demo plays
the devices' part in one worker process (:class:`ReceiptKeeper`): the process that drives the
voting hands it each accepted entry's receipt, a batch at a time, in the order the entries were
settled; the worker checks each against the board's key, writes it to the receipts file (one
line per receipt, as :meth:`~plebiscite.model.entry.SignedHead.to_line` writes it) and, at the
end, says which entries' receipts failed. The driving process, the one sequential process of the
demo, then spends nothing on them but handing them over.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any, Final

from plebiscite.board.prechecks import watch_parent
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import InputError
from plebiscite.model.entry import Entry, SignedHead, heads_signed

__all__ = ["ReceiptKeeper"]

#: receipts handed over at a time
_BATCH: Final = 256

#: what is handed over for one receipt: the entry's index, hash and time, then the receipt's
#: election id, index, entry hash, time and signature
_Item = tuple[int, bytes, int, bytes, int, bytes, int, bytes]


def _keep(connection: Any, path: str, board_key: str, parent: int) -> None:
    """In the worker: check and write every receipt handed over until told to stop, then send
    the indices of the entries whose receipt failed."""
    watch_parent(parent)
    key = VerifyingKey.from_hex(board_key, "the board's key")
    failed: list[int] = []
    with open(path, "a", encoding="utf-8") as out:
        while True:
            batch: list[_Item] | None = connection.recv()
            if batch is None:
                break
            receipts = [SignedHead(*item[3:]) for item in batch]
            signed = heads_signed(key, receipts)
            for item, receipt, ok in zip(batch, receipts, signed, strict=True):
                index, entry_hash, time, _, at, named, signed_at, _ = item
                if not ok or (at, named, signed_at) != (index, entry_hash, time):
                    failed.append(index)
                out.write(receipt.to_line() + "\n")
    connection.send(failed)
    connection.close()


class ReceiptKeeper:
    """One worker process checking the receipts against ``board_key`` and writing them to
    ``path`` (created now; it must not exist). :meth:`finish` waits for every receipt handed
    over and gives the entries whose receipt failed. Use as a context manager: leaving it stops
    the process."""

    def __init__(self, path: Path, board_key: VerifyingKey) -> None:
        path.open("x", encoding="utf-8").close()
        context = multiprocessing.get_context("spawn")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(
            target=_keep,
            args=(theirs, str(path), board_key.hex(), os.getpid()),
            name="receipts",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        self._batch: list[_Item] = []
        self._failed: list[int] | None = None

    def keep(self, entry: Entry, receipt: SignedHead) -> None:
        """Hand over ``receipt``, the board's for ``entry``."""
        self._batch.append(
            (
                entry.index,
                entry.hash,
                entry.time,
                receipt.election_id,
                receipt.index,
                receipt.entry_hash,
                receipt.time,
                receipt.signature,
            )
        )
        if len(self._batch) >= _BATCH:
            self._send()

    def _send(self) -> None:
        if self._batch:
            self._connection.send(self._batch)
            self._batch = []

    def finish(self) -> list[int]:
        """Every receipt checked and written: the indices of the entries whose receipt does
        not verify or does not name the entry."""
        if self._failed is None:
            self._send()
            self._connection.send(None)
            try:
                failed = self._connection.recv()
            except EOFError:
                raise InputError("the receipts' process stopped before checking them all") from None
            self._process.join()
            self._failed = list(failed)
        return self._failed

    def close(self) -> None:
        """Stop the process (at once, if :meth:`finish` was not called)."""
        if self._process.is_alive() and self._failed is None:
            self._process.terminate()
        self._process.join()
        self._connection.close()

    def __enter__(self) -> ReceiptKeeper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
