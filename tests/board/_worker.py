"""A separate process that appends to a board store (for the crash and concurrency tests).

usage: python _worker.py LOCATION MODE NAME COUNT [ELECTION_ID_HEX]

LOCATION is any store location :func:`open_store` takes: a SQLite path or ``sqlite://`` URL, or
a ``postgresql://`` URL (with its ``schema`` parameter).

MODE ``store`` prints ``ready``, waits for a line on standard input, then appends COUNT
entries through ``Store.write`` one transaction at a time; ``board`` appends COUNT entries
through a :class:`Board` (COUNT 0: until killed), with the board's secret key read as hex from
the first line of standard input. After each acknowledged append it prints ``INDEX HASH_HEX``
and flushes.
"""

from __future__ import annotations

import sys

from plebiscite.board.board import Board
from plebiscite.board.stores.factory import open_store
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.entry import GENESIS_PREV, Entry


def main(argv: list[str]) -> None:
    location, mode, name, count_text = argv[:4]
    count = int(count_text)
    store = open_store(location)
    try:
        if mode == "store":
            print("ready", flush=True)
            sys.stdin.readline()  # start together with the other writer
            for i in range(count):
                with store.write() as writer:
                    last = writer.last()
                    entry = Entry.create(
                        0 if last is None else last.index + 1,
                        0 if last is None else last.time,
                        "ballot",
                        {"writer": name, "i": i},
                        GENESIS_PREV if last is None else last.hash,
                    )
                    writer.append([entry])
                print(entry.index, entry.hash.hex(), flush=True)
        elif mode == "board":
            election_id = bytes.fromhex(argv[4])
            key = SigningKey(bytes.fromhex(sys.stdin.readline().strip()))
            with Board(store, election_id, key) as board:
                i = 0
                while count == 0 or i < count:
                    entry, _ = board.append("ballot", {"writer": name, "i": i})
                    print(entry.index, entry.hash.hex(), flush=True)
                    i += 1
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
