"""The observer's state held on disk: the mirror of the entries and the heads seen, each line in
its file and in memory a few fixed-size fields per index (``plebiscite.observe.observer``).

The heads are held against a reference model, the dict of heads per index and the set of head
lines that the observer kept before, on sequences of heads drawn by hypothesis: the same heads
kept per index (one per entry hash, the first seen), the same lines new, and the same again after
a restart reads the file back.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.model.entry import SignedHead, parse_head
from plebiscite.observe.observer import HeldHeads, Mirror, _Heads, compare_heads

ELECTION = bytes(range(16))


def _head(index: int, which: int, time: int, signature: int) -> SignedHead:
    return SignedHead(
        ELECTION,
        index,
        hashlib.sha256(bytes([which])).digest(),
        time,
        bytes([signature]) * 64,
    )


def test_the_mirror_reads_back_each_line_from_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "entries.jsonl"
    lines = ['{"a":1}', '{"title":"Référendum — ünïcode"}', '{"b":"' + "x" * 5000 + '"}', "{}"]
    mirror = Mirror(path)
    for i, line in enumerate(lines):
        mirror.add(line, bytes([i]) * 32)
    assert mirror.line(1) == lines[1]  # the lines held are written before one is read back
    mirror.file.flush()
    assert path.read_text(encoding="utf-8").splitlines() == lines
    assert len(mirror) == 4
    for i, line in enumerate(lines):
        assert mirror.line(i) == line
        assert mirror.holds(i, line) and not mirror.holds(i, line + " ")
        assert mirror.stored_hash(i) == bytes([i]) * 32
    again = Mirror(path)  # a restart: the file streamed back, each line placed where it starts
    for _number, start, line in again.file.stream():
        again.add(line, b"\x00" * 32, start)
    again.add('{"c":3}', b"\x01" * 32)  # the next line goes after the file's
    again.file.flush()
    assert [again.line(i) for i in range(5)] == [*lines, '{"c":3}']


class _Reference:
    """What the observer kept of the heads before: every head object per index and entry hash
    (the first seen), every line in a set."""

    def __init__(self) -> None:
        self.seen: dict[int, dict[bytes, SignedHead]] = {}
        self.lines: set[str] = set()

    def kept(self, index: int) -> list[tuple[bytes, int, SignedHead]]:
        return [(h.entry_hash, h.time, h) for h in self.seen.get(index, {}).values()]

    def keep(self, head: SignedHead) -> bool:
        self.seen.setdefault(head.index, {}).setdefault(head.entry_hash, head)
        line = head.to_line()
        if line in self.lines:
            return False
        self.lines.add(line)
        return True


_HEADS = st.lists(
    st.tuples(
        st.integers(0, 12),  # index: mostly in order, some ahead, some repeated
        st.integers(0, 2),  # which entry hash
        st.integers(0, 2),  # time
        st.integers(0, 2),  # signature
    ),
    max_size=60,
)


def _kept(heads: _Heads, index: int) -> list[tuple[bytes, int, SignedHead]]:
    return [(h, t, whole()) for h, t, whole in heads.kept(index)]


@settings(max_examples=200, deadline=None)
@given(drawn=_HEADS)
def test_the_heads_keep_what_the_dict_of_heads_kept(tmp_path_factory, drawn) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("heads") / "heads.jsonl"
    held, reference = _Heads(path), _Reference()
    in_order = sorted({d[0] for d in drawn})
    written: list[str] = []
    for index, which, time, signature in drawn:
        head = _head(index, which, time, signature)
        new = held.keep(head, head.to_line())
        assert new == reference.keep(head)
        if new:
            written.append(head.to_line())
    for index in range(14):  # a head read back whole while lines are still held: written first
        assert sorted(_kept(held, index), key=repr) == sorted(reference.kept(index), key=repr)
    assert held.indices == len(reference.seen) == len(in_order)
    held.file.flush()
    again = _Heads(path)  # a restart: the file read back
    for _number, start, line in again.file.stream():
        assert again.keep(parse_head(line, "heads"), line, start)
    for index in range(14):
        assert sorted(_kept(again, index), key=repr) == sorted(reference.kept(index), key=repr)
    assert again.indices == held.indices
    for index, which, time, signature in drawn:  # every line is known again, none new
        head = _head(index, which, time, signature)
        assert not again.keep(head, head.to_line())
    assert (path.read_text(encoding="utf-8").splitlines() if path.exists() else []) == written


_FILES = st.lists(
    st.tuples(
        st.sampled_from([ELECTION, bytes(16)]),  # mostly one election, sometimes another
        st.integers(0, 12),
        st.integers(0, 2),
        st.integers(0, 2),
        st.integers(0, 2),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(first=_FILES, second=_FILES)
def test_two_heads_files_compared_as_streams_find_what_the_lists_find(  # type: ignore[no-untyped-def]
    tmp_path_factory, first, second
) -> None:
    """``observe --compare``: the first file held as an observer holds its heads, the second
    read a line at a time, finds the disagreements :func:`compare_heads` finds over both
    files read whole, in the same order."""
    folder = tmp_path_factory.mktemp("compare")
    files = []
    for name, drawn in (("a.jsonl", first), ("b.jsonl", second)):
        heads = [
            SignedHead(
                election, index, hashlib.sha256(bytes([which])).digest(), time, bytes([s]) * 64
            )
            for election, index, which, time, s in drawn
        ]
        path = folder / name
        path.write_text("".join(h.to_line() + "\n" for h in heads), encoding="utf-8")
        files.append((path, heads))
    (a, heads_a), (b, heads_b) = files
    held = HeldHeads(a)
    found = list(held.disagreements(b))
    expected = compare_heads(heads_a, heads_b)
    assert [(d.index, d.first, d.second) for d in found] == [
        (d.index, d.first, d.second) for d in expected
    ]
    assert (held.count, held.compared) == (len(heads_a), len(heads_b))


def test_observe_compare_names_a_missing_file_and_exits_2_on_a_disagreement(
    tmp_path: Path,
) -> None:
    heads = [_head(i, 0, 5, 1) for i in range(4)]
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    a.write_text("".join(h.to_line() + "\n" for h in heads), encoding="utf-8")
    b.write_text("".join(h.to_line() + "\n" for h in heads[:3]), encoding="utf-8")
    other = [*heads[:2], _head(2, 1, 5, 1)]
    c.write_text("".join(h.to_line() + "\n" for h in other), encoding="utf-8")
    run = CliRunner().invoke
    done = run(app, ["observe", "--compare", str(a), str(b)])
    assert done.exit_code == 0 and "4 and 3 heads compared: 0 disagreement(s)" in done.output
    done = run(app, ["observe", "--compare", str(a), str(c)])
    assert done.exit_code == 2 and "DISAGREE index 2" in done.output
    assert "1 disagreement(s)" in done.output
    missing = tmp_path / "nowhere"
    done = run(app, ["observe", "--compare", str(a), str(missing)])
    assert done.exit_code == 1 and f"{missing / 'heads.jsonl'}" not in done.output
    assert f"{missing}: no such heads file" in done.output
