"""The contract every store adapter passes (parametrized over the adapters in conftest)."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plebiscite.board.stores.base import Store, check_chain
from plebiscite.board.stores.factory import open_store
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, ParameterError
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead

WORKER = Path(__file__).with_name("_worker.py")


def chain(n: int, start: Entry | None = None, kind: str = "ballot") -> list[Entry]:
    """``n`` entries extending ``start`` (or from the genesis)."""
    out: list[Entry] = []
    last = start
    for _ in range(n):
        index = 0 if last is None else last.index + 1
        entry = Entry.create(
            index,
            max(1000 + index, 0 if last is None else last.time),
            kind,
            {"n": index, "text": "ß€", "big": 2**200},
            GENESIS_PREV if last is None else last.hash,
        )
        out.append(entry)
        last = entry
    return out


def snapshot(store: Store) -> tuple[int, Entry | None, list[Entry], list[SignedHead]]:
    return store.count(), store.last(), list(store.read()), list(store.heads())


def test_empty_store(store: Store) -> None:
    assert store.count() == 0
    assert store.last() is None
    assert list(store.read()) == []
    assert list(store.heads()) == []
    assert store.last_head() is None
    with pytest.raises(ParameterError, match="no entry at index 0"):
        store.get(0)


def test_append_read_get_count(store: Store) -> None:
    entries = chain(1200)
    store.append(entries[:1])
    store.append(entries[1:700])
    store.append(entries[700:])
    assert store.count() == 1200
    assert store.last() == entries[-1]
    assert list(store.read()) == entries
    assert list(store.read(5, 9)) == entries[5:9]
    assert list(store.read(1190)) == entries[1190:]
    assert list(store.read(600, 1100)) == entries[600:1100]
    assert list(store.read(1200)) == []
    assert store.get(0) == entries[0]
    assert store.get(777) == entries[777]
    assert check_chain(store.read()) == 1200


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (
            lambda good, last: [Entry.create(good.index + 1, good.time, "ballot", {}, good.prev)],
            "not_consecutive",
        ),
        (
            lambda good, last: [Entry.create(good.index, good.time, "ballot", {}, bytes(32))],
            "wrong_prev",
        ),
        (
            lambda good, last: [Entry.create(good.index, last.time - 1, "ballot", {}, good.prev)],
            "time_decreases",
        ),
        (
            lambda good, last: [
                Entry(good.index, good.time, "ballot", {"n": 0}, good.prev, good.hash)
            ],
            "wrong_hash",
        ),
        (
            lambda good, last: [
                good,
                Entry.create(good.index + 2, good.time, "ballot", {}, good.hash),
            ],
            "not_consecutive",
        ),
        (
            lambda good, last: [Entry.create(last.index, last.time, "ballot", {}, last.prev)],
            "not_consecutive",
        ),
    ],
    ids=["gap", "wrong-prev", "time-back", "wrong-hash", "gap-inside-a-batch", "fork"],
)
def test_refusals_leave_the_store_unchanged(store: Store, mutate, reason: str) -> None:  # type: ignore[no-untyped-def]
    entries = chain(4)
    store.append(entries[:3])
    before = snapshot(store)
    with pytest.raises(BoardError) as info:
        store.append(mutate(entries[3], entries[2]))
    assert info.value.reason == reason
    assert snapshot(store) == before
    store.append(entries[3:])  # and the right entry still goes in
    assert store.count() == 4


def test_first_entry_must_be_index_zero_with_zero_prev(store: Store) -> None:
    with pytest.raises(BoardError, match="not_consecutive"):
        store.append([Entry.create(1, 0, "manifest", {}, GENESIS_PREV)])
    with pytest.raises(BoardError, match="wrong_prev"):
        store.append([Entry.create(0, 0, "manifest", {}, b"\x01" * 32)])
    assert store.count() == 0


def test_write_block_that_raises_rolls_back(store: Store, board_key: SigningKey) -> None:
    entries = chain(3)
    store.append(entries[:1])
    with pytest.raises(RuntimeError), store.write() as writer:
        writer.append(entries[1:])
        writer.add_heads([SignedHead.for_entry(board_key, bytes(16), entries[2])])
        assert writer.last() == entries[2]
        assert list(writer.read(0)) == entries
        raise RuntimeError("abandon")
    assert store.count() == 1 and list(store.heads()) == []


def test_heads_history(store: Store, board_key: SigningKey) -> None:
    entries = chain(5)
    eid = bytes(range(16))
    store.append(entries)
    heads = [SignedHead.for_entry(board_key, eid, e) for e in entries]
    store.add_head(heads[0])
    with store.write() as writer:
        writer.add_heads(heads[1:4])
    store.add_head(heads[2])  # a head may be issued again (an observer asks twice)
    assert list(store.heads()) == [*heads[:4], heads[2]]
    assert store.last_head() == heads[2]
    assert all(h.verify(board_key.public) for h in store.heads())


def test_heads_must_name_entries_of_the_chain(store: Store, board_key: SigningKey) -> None:
    entries = chain(2)
    store.append(entries[:1])
    eid = bytes(16)
    stray = SignedHead.for_entry(board_key, eid, entries[1])  # not appended
    with pytest.raises(BoardError, match="head_mismatch"):
        store.add_head(stray)
    forked = SignedHead.sign(board_key, eid, 0, b"\x07" * 32, entries[0].time)
    with pytest.raises(BoardError, match="head_mismatch"):
        store.add_head(forked)
    assert list(store.heads()) == []


def test_reopen_keeps_everything(location: str, board_key: SigningKey) -> None:
    entries = chain(10)
    first = open_store(location)
    first.append(entries)
    head = SignedHead.for_entry(board_key, bytes(16), entries[-1])
    first.add_head(head)
    first.close()
    with pytest.raises(ParameterError, match="closed"):
        first.count()
    again = open_store(location)
    try:
        assert list(again.read()) == entries and list(again.heads()) == [head]
    finally:
        again.close()


def test_two_stores_on_one_location_see_each_other(location: str) -> None:
    a, b = open_store(location), open_store(location)
    try:
        entries = chain(3)
        a.append(entries[:2])
        with b.write() as writer:
            assert writer.last() == entries[1]
            writer.append(entries[2:])
        assert a.last() == entries[2]
        with pytest.raises(BoardError, match="not_consecutive"):
            a.append(entries[2:])
    finally:
        a.close()
        b.close()


def _spawn(location: str, mode: str, name: str, count: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), location, mode, name, str(count), *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_append_without_forking(location: str) -> None:
    open_store(location).close()  # create the schema first
    n = 300
    procs = [_spawn(location, "store", name, n) for name in ("a", "b")]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    acks: dict[str, list[tuple[int, str]]] = {}
    for name, proc in zip(("a", "b"), procs, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        acks[name] = [(int(i), h) for i, h in (line.split() for line in out.splitlines())]
    store = open_store(location)
    try:
        entries = list(store.read())
        assert check_chain(entries) == 2 * n
        seen = sorted((e.body["writer"], e.body["i"]) for e in entries)
        writers = [e.body["writer"] for e in entries]
        switches = sum(1 for x, y in itertools.pairwise(writers) if x != y)
        assert switches >= 2, "the two writers never ran at the same time"
        assert seen == sorted((w, i) for w in ("a", "b") for i in range(n))
        for name in ("a", "b"):
            assert len(acks[name]) == n
            for index, digest in acks[name]:
                assert entries[index].hash.hex() == digest
                assert entries[index].body["writer"] == name
    finally:
        store.close()


def test_acknowledged_entries_survive_kill_9(
    location: str, board_key: SigningKey, election_id: bytes
) -> None:
    open_store(location).close()
    proc = _spawn(location, "board", "k", 0, election_id.hex())
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(board_key.secret_bytes().hex() + "\n")
    proc.stdin.close()
    acked: list[tuple[int, str]] = []
    deadline = time.monotonic() + 60
    while len(acked) < 150 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        index, digest = line.split()
        acked.append((int(index), digest))
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: it is appending as fast as it can
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(acked) == 150, proc.stderr.read() if proc.stderr else ""
    store = open_store(location)
    try:
        entries = list(store.read())
        assert check_chain(entries) >= 150
        for index, digest in acked:
            assert entries[index].hash.hex() == digest
        heads = {h.index: h for h in store.heads()}
        for index, _ in acked:
            assert heads[index].matches(entries[index])
            assert heads[index].verify(board_key.public)
        store.append(chain(1, entries[-1]))  # the store still takes appends
    finally:
        store.close()
