"""Export to a record directory and read it back strictly (sharded, gzipped, corrupted)."""

from __future__ import annotations

import gzip
import io
import json
import threading
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from plebiscite.board import export
from plebiscite.board.board import Board
from plebiscite.board.export import export_record
from plebiscite.board.stores.base import Store
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import ParameterError, RecordError
from plebiscite.model.record import INDEX_NAME, RecordReader

N = 53


@pytest.fixture
def filled(store: Store, board_key: SigningKey, election_id: bytes) -> Store:
    with Board(store, election_id, board_key) as board:
        board.append("manifest", {"title": "Référendum", "districts": [{"id": "d1"}]})
        for i in range(1, N):
            board.append("ballot", {"credential": f"{i:064x}", "proof": [i, i * 7, None]})
    return store


@pytest.mark.parametrize("compress", [True, False])
def test_round_trip(filled: Store, tmp_path: Path, compress: bool, board_key: SigningKey) -> None:
    report = export_record(filled, tmp_path / "rec", shard_size=10, compress=compress)
    assert report.entries == N and len(report.index.shards) == 6 and report.compressed == compress
    suffix = ".jsonl.gz" if compress else ".jsonl"
    names = sorted(p.name for p in (tmp_path / "rec").iterdir())
    assert names == sorted(
        [INDEX_NAME, "heads" + suffix] + [f"board-{i:06d}{suffix}" for i in range(6)]
    )
    reader = RecordReader(tmp_path / "rec")
    assert list(reader.entries()) == list(filled.read())
    assert list(reader.heads()) == list(filled.heads())
    assert all(h.verify(board_key.public) for h in reader.heads())
    assert report.bytes_per_entry == report.entry_bytes / N > 0


def test_compression_by_size_and_reproducible_bytes(filled: Store, tmp_path: Path) -> None:
    assert not export_record(filled, tmp_path / "small").compressed  # few entries: plain
    export_record(filled, tmp_path / "a", shard_size=20, compress=True)
    export_record(filled, tmp_path / "b", shard_size=20, compress=True)
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    with pytest.raises(ParameterError, match="new or empty"):
        export_record(filled, tmp_path / "a")


@pytest.mark.parametrize("compress", [True, False])
def test_progress_counts_every_line_of_each_stage(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compress: bool
) -> None:
    """``progress`` hears of every line made, entries first (with their total), then heads,
    a batch at a time (the batches made small here)."""
    monkeypatch.setattr(export, "_WRITE_CHARS", 300)
    told: list[tuple[str, int, int | None]] = []
    report = export_record(
        filled,
        tmp_path / "rec",
        shard_size=20,
        compress=compress,
        progress=lambda stage, n, total: told.append((stage, n, total)),
    )
    stages = [stage for stage, _n, _total in told]
    assert stages == sorted(stages, key=["entries", "heads"].index)
    entries = [(n, total) for stage, n, total in told if stage == "entries"]
    heads = [(n, total) for stage, n, total in told if stage == "heads"]
    assert len(entries) > 3 and all(n > 0 and total == N for n, total in entries)
    assert sum(n for n, _total in entries) == report.entries == N
    assert all(n > 0 and total is None for n, total in heads)
    assert sum(n for n, _total in heads) == report.index.heads.count == len(list(filled.heads()))


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "record-writer"]


def test_each_compressed_file_is_the_gzip_of_its_lines(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file written behind the reading, in batches of a few lines (the batch size made
    small), is byte for byte the gzip of its whole text written at once: header with no name
    and time 0, then one deflate stream."""
    monkeypatch.setattr(export, "_WRITE_CHARS", 300)
    export_record(filled, tmp_path / "rec", shard_size=20, compress=True)
    shard = (tmp_path / "rec" / "board-000001.jsonl.gz").read_bytes()
    text = "".join(entry.to_line() + "\n" for entry in filled.read(20, 40))
    expected = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=expected, mtime=0) as whole:
        whole.write(text.encode("utf-8"))
    assert shard == expected.getvalue()
    assert not _writers()


def test_a_failed_write_stops_the_export_with_its_error(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails on the writer thread (here the third) is raised to the caller; the
    export stops there, writes no index and leaves no thread behind."""
    monkeypatch.setattr(export, "_WRITE_CHARS", 300)
    calls = 0
    original = export._HashingWriter.write

    def failing(self: export._HashingWriter, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(export._HashingWriter, "write", failing)
    with pytest.raises(OSError, match="No space left"):
        export_record(filled, tmp_path / "rec", shard_size=100, compress=True)
    assert not (tmp_path / "rec" / INDEX_NAME).exists()
    assert not _writers()


class _Broken:
    """A store whose reading fails after ``good`` entries."""

    def __init__(self, store: Store, good: int) -> None:
        self._store, self._good = store, good

    def count(self) -> int:
        return self._store.count()

    def read(self, start: int = 0, stop: int | None = None) -> Iterator[object]:
        for entry in self._store.read(start, stop):
            if entry.index >= self._good:
                raise RecordError("entry 30: the stored body is not a JSON object")
            yield entry


def test_a_failed_read_is_raised_as_it_is(
    filled: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error while the entries are read is the one raised (not a write's), once the batches
    made before it are written; no index, no thread left."""
    monkeypatch.setattr(export, "_WRITE_CHARS", 300)
    broken = _Broken(filled, 30)
    with pytest.raises(RecordError, match="entry 30"):
        export_record(broken, tmp_path / "rec", shard_size=100, compress=True)  # type: ignore[arg-type]
    assert not (tmp_path / "rec" / INDEX_NAME).exists()
    assert not _writers()


def test_the_export_holds_a_bounded_text_however_many_large_lines(
    tmp_path: Path, board_key: SigningKey, election_id: bytes
) -> None:
    """Lines of the roll's size (some 67 kB each, 300 of them: 20 MB of text) are written a
    bounded text at a time: what the export holds at once stays below what one read of the
    store holds (8 MiB of body text) and a few batches, not a count of whole lines."""
    store = SQLiteStore(tmp_path / "board.sqlite")
    keys = [f"{i:064x}" for i in range(1000)]
    with Board(store, election_id, board_key) as board:
        board.append("manifest", {"title": "large lines"})
        for chunk in range(300):
            board.append("credential_roll", {"chunk": chunk, "keys": keys})
    text = sum(len(entry.to_line()) for entry in store.read())
    tracemalloc.start()
    try:
        report = export_record(store, tmp_path / "rec", compress=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()
    assert report.entries == 301 and text > 20_000_000
    assert peak < 14_000_000


def test_empty_store(store: Store, tmp_path: Path) -> None:
    report = export_record(store, tmp_path / "rec")
    assert report.entries == 0 and report.bytes_per_entry == 0
    reader = RecordReader(tmp_path / "rec")
    assert list(reader.entries()) == [] and list(reader.heads()) == []


def _rewrite_line(path: Path, lineno: int, new: str) -> None:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    lines[lineno - 1] = new
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


@pytest.mark.parametrize("compress", [True, False])
def test_a_corrupted_line_names_file_and_line(
    filled: Store, tmp_path: Path, compress: bool
) -> None:
    export_record(filled, tmp_path / "rec", shard_size=10, compress=compress)
    name = "board-000001.jsonl" + (".gz" if compress else "")
    _rewrite_line(tmp_path / "rec" / name, 3, '{"index": 12, "index": 12}')
    with pytest.raises(RecordError, match=rf"^{name}:3: duplicate key 'index'"):
        list(RecordReader(tmp_path / "rec").entries())


def test_a_changed_body_fails_the_hash_or_is_reported(filled: Store, tmp_path: Path) -> None:
    export_record(filled, tmp_path / "rec", shard_size=10, compress=False)
    path = tmp_path / "rec" / "board-000002.jsonl"
    obj = json.loads(path.read_text().split("\n")[4])
    obj["body"]["proof"][0] += 1
    _rewrite_line(path, 5, json.dumps(obj))
    with pytest.raises(RecordError, match=r"^board-000002\.jsonl:5: field entry\.hash: stored"):
        list(RecordReader(tmp_path / "rec").entries())
    # without the hash check the entry comes back for V1 to report; the file hash still fails
    bad = []
    with pytest.raises(RecordError, match=r"board-000002\.jsonl: .*bytes where|SHA-256"):
        for entry in RecordReader(tmp_path / "rec").entries(check_hashes=False):
            if entry.hash != entry.recomputed_hash():
                bad.append(entry.index)
    assert bad == [24]


def test_missing_reordered_and_unlisted_shards(filled: Store, tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    export_record(filled, rec, shard_size=10, compress=True)
    a, b = rec / "board-000001.jsonl.gz", rec / "board-000002.jsonl.gz"
    a.rename(tmp_path / "x")
    b.rename(a)
    (tmp_path / "x").rename(b)
    with pytest.raises(RecordError, match=r"board-000001\.jsonl\.gz:1: .*20 where 10 was expected"):
        list(RecordReader(rec).entries())
    b.rename(a)  # shard 1 back in its place, shard 2 gone
    with pytest.raises(RecordError, match=r"board-000002\.jsonl\.gz: listed .* but missing"):
        list(RecordReader(rec).entries(check_hashes=False))
    (rec / "board-000009.jsonl.gz").write_bytes(b"")
    with pytest.raises(RecordError, match=r"board-000009\.jsonl\.gz: a shard file that"):
        RecordReader(rec)


def test_file_hash_and_index_are_checked(filled: Store, tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    export_record(filled, rec, shard_size=10, compress=True)
    index = json.loads((rec / INDEX_NAME).read_text())
    index["shards"][0]["sha256"] = "00" * 32
    (rec / INDEX_NAME).write_text(json.dumps(index))
    with pytest.raises(RecordError, match=r"^board-000000\.jsonl\.gz: SHA-256 is not the one"):
        list(RecordReader(rec).entries())
    for change, message in [
        ('{"format": "x", "format": "x"}', "record.json: duplicate key 'format'"),
        (json.dumps({**index, "extra": 1}), r"record.json: field record: unknown field\(s\) extra"),
        (json.dumps({**index, "entries": 54}), "field record.entries: 54 but the shards hold 53"),
        (
            json.dumps({**index, "shards": index["shards"][1:]}),
            r"field record.shards\[0\].file: 'board-000001.jsonl.gz' is not the shard at",
        ),
    ]:
        (rec / INDEX_NAME).write_text(change)
        with pytest.raises(RecordError, match=message):
            RecordReader(rec)


def test_truncated_gzip_is_a_record_error(filled: Store, tmp_path: Path) -> None:
    rec = tmp_path / "rec"
    export_record(filled, rec, shard_size=100, compress=True)
    path = rec / "board-000000.jsonl.gz"
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(RecordError, match=r"^board-000000\.jsonl\.gz:\d+: cannot decompress"):
        list(RecordReader(rec).entries())
