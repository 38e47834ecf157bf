"""An observer's mirror of a live board, and the alarms it raises with their evidence.

The state directory holds::

    entries.jsonl   every entry mirrored, one JSON object per line, append-only
    heads.jsonl     every distinct signed head seen, in the order seen (the format of the
                    record's heads.jsonl: what ``plebiscite verify --heads`` reads)
    alarms.jsonl    every alarm raised, one JSON object per line
    observer.json   the board's URL and where the head history was read up to

Each :meth:`Observer.poll` reads the head history from where it stopped and the entries after the
mirror's last, checks each new entry with the verifier's incremental checker
(:class:`~plebiscite.rules.checker.Checker`) and each head against the board key of the
manifest and against the mirror. An **audit** (:meth:`Observer.poll` with ``audit=True``) also
reads the whole board again and compares it, line by line, with the mirror.

Alarms (:class:`Alarm`): ``fork`` (two signed heads at one index with different hashes),
``head_mismatch`` (a signed head that does not name the mirrored entry), ``bad_head`` (a head not
signed by the board key, or for another election), ``entry_changed`` and ``entry_vanished`` (the
board no longer serves what was mirrored), ``bad_entry`` (a served line that does not parse),
``check_failed`` (a failure of the incremental checker: the check, the entry, the field).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plebiscite.board.http import HTTPBoard
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.codec import JSONObject, JSONValue, dumps_canonical, loads_strict
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry, SignedHead, parse_head, read_entry
from plebiscite.model.signed import unsigned_part
from plebiscite.rules.checker import Checker
from plebiscite.state.files import append_lines, read_bounded, write_atomic

__all__ = [
    "ALARMS_FILE",
    "ENTRIES_FILE",
    "HEADS_FILE",
    "STATE_FILE",
    "Alarm",
    "Disagreement",
    "Observer",
    "compare_heads",
]

ENTRIES_FILE: Final = "entries.jsonl"
HEADS_FILE: Final = "heads.jsonl"
ALARMS_FILE: Final = "alarms.jsonl"
STATE_FILE: Final = "observer.json"
_FORMAT: Final = "plebiscite-observer-v1"
_MAX_STATE_BYTES: Final = 1 << 20


@dataclass(frozen=True, slots=True)
class Alarm:
    """Something an observer saw that an honest board never shows, with the evidence."""

    kind: str
    index: int | None
    message: str
    evidence: JSONObject

    def key(self) -> str:
        """What makes two alarms the same (to record each once)."""
        return dumps_canonical([self.kind, self.index, self.message, self.evidence])

    def to_json(self) -> JSONObject:
        return {
            "kind": self.kind,
            "index": self.index,
            "message": self.message,
            "evidence": self.evidence,
        }

    def __str__(self) -> str:
        where = "board" if self.index is None else f"entry {self.index}"
        return f"ALARM {self.kind} at {where}: {self.message}"


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from None


def read_heads(path: Path) -> list[SignedHead]:
    """The signed heads of a heads file (JSON Lines), parsed strictly."""
    return [parse_head(line, f"{path}:{i}") for i, line in enumerate(_read_lines(path), 1)]


class Observer:
    """The mirror of the board at ``client`` kept in ``state_dir`` (module docstring)."""

    def __init__(self, state_dir: str | os.PathLike[str], client: HTTPBoard) -> None:
        self.directory = Path(state_dir)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.client = client
        self._state_path = self.directory / STATE_FILE
        state = self._load_state()
        if state.get("url") not in (None, client.url):
            raise InputError(
                f"{self.directory}: this state mirrors {state.get('url')}, not {client.url}"
            )
        position = state.get("heads_position", 0)
        self.heads_position = position if isinstance(position, int) else 0
        self.checker = Checker()
        self.mirror: list[tuple[str, bytes]] = []  # (line, stored hash) per index
        self.heads_seen: dict[int, dict[bytes, SignedHead]] = {}
        self._head_lines: set[str] = set()
        self._alarm_keys: set[str] = set()
        self._reported_failures = 0
        self.definition: Definition | None = None
        for i, line in enumerate(_read_lines(self.directory / ENTRIES_FILE), 1):
            entry = read_entry(line, f"{self.directory / ENTRIES_FILE}:{i}")
            self._take(entry, line)
        self._reported_failures = len(self.checker.failures)
        for head in read_heads(self.directory / HEADS_FILE):
            self._head_lines.add(head.to_line())
            self.heads_seen.setdefault(head.index, {})[head.entry_hash] = head
        for line in _read_lines(self.directory / ALARMS_FILE):
            obj = loads_strict(line, str(self.directory / ALARMS_FILE))
            if isinstance(obj, dict):
                evidence = obj.get("evidence")
                index = obj.get("index")
                alarm = Alarm(
                    str(obj.get("kind")),
                    index if isinstance(index, int) else None,
                    str(obj.get("message")),
                    evidence if isinstance(evidence, dict) else {},
                )
                self._alarm_keys.add(alarm.key())

    def close(self) -> None:
        """Drop the checker's temporary files."""
        self.checker.close()

    # -- state -----------------------------------------------------------------------------------

    def _load_state(self) -> dict[str, JSONValue]:
        if not self._state_path.exists():
            return {}
        raw = read_bounded(self._state_path, _MAX_STATE_BYTES, "the observer's state")
        value = loads_strict(raw, str(self._state_path))
        if not isinstance(value, dict) or value.get("format") != _FORMAT:
            raise InputError(f"{self._state_path}: not an observer's state file")
        return value

    def _save_state(self) -> None:
        state: JSONObject = {
            "format": _FORMAT,
            "url": self.client.url,
            "heads_position": self.heads_position,
            "entries": len(self.mirror),
        }
        write_atomic(self._state_path, (dumps_canonical(state) + "\n").encode("utf-8"), 0o644)

    def _take(self, entry: Entry, line: str) -> None:
        """Add ``entry`` to the in-memory mirror and feed it to the checker."""
        self.mirror.append((line, entry.hash))
        self.checker.feed(entry)
        if entry.index == 0 and entry.kind == "manifest" and self.definition is None:
            try:
                self.definition = Definition.from_manifest(unsigned_part(entry.body))
            except PlebisciteError:
                self.definition = None

    # -- polling ---------------------------------------------------------------------------------

    def poll(self, *, audit: bool = False) -> list[Alarm]:
        """Read what is new on the board, check it, and return the alarms raised (new ones)."""
        alarms: list[Alarm] = []
        new_heads = list(self.client.heads(self.heads_position))
        current = self.client.head()
        alarms += self._entries()
        if audit:
            alarms += self._audit()
        self.heads_position += len(new_heads)
        if current is not None:
            new_heads.append(current)
        alarms += self._heads(new_heads)
        self._save_state()
        return self._record(alarms)

    def _entries(self) -> list[Alarm]:
        alarms: list[Alarm] = []
        fresh: list[str] = []
        start = len(self.mirror)
        for offset, raw in enumerate(self.client.raw_stream(start)):
            index = start + offset
            try:
                entry = read_entry(raw, f"{self.client.url}/stream entry {index}")
            except PlebisciteError as exc:
                alarms.append(Alarm("bad_entry", index, str(exc), {"served": raw}))
                break  # the chain cannot be followed past an entry that does not parse
            line = entry.to_line()
            self._take(entry, line)
            fresh.append(line)
        append_lines(self.directory / ENTRIES_FILE, fresh)
        self.checker.flush()
        for failure in self.checker.failures[self._reported_failures :]:
            alarms.append(
                Alarm("check_failed", failure.index, str(failure), {"failure": failure.to_json()})
            )
        self._reported_failures = len(self.checker.failures)
        return alarms

    def _audit(self) -> list[Alarm]:
        """Read the board again from 0 and compare it with the mirror."""
        alarms: list[Alarm] = []
        served = 0
        for index, raw in enumerate(self.client.raw_stream(0)):
            if index >= len(self.mirror):
                break
            served += 1
            mirrored = self.mirror[index][0]
            try:
                line = read_entry(raw, f"entry {index}").to_line()
            except PlebisciteError:
                line = raw
            if line != mirrored:
                alarms.append(
                    Alarm(
                        "entry_changed",
                        index,
                        f"the board now serves entry {index} differently from when it was mirrored",
                        {"mirrored": mirrored, "served": raw},
                    )
                )
        if served < len(self.mirror):
            alarms.append(
                Alarm(
                    "entry_vanished",
                    served,
                    f"the board serves {served} entries; {len(self.mirror)} were mirrored",
                    {"mirrored": self.mirror[served][0]},
                )
            )
        return alarms

    def _heads(self, heads: Sequence[SignedHead]) -> list[Alarm]:
        alarms: list[Alarm] = []
        fresh: list[str] = []
        definition = self.definition
        board_key = definition.keys.board if definition is not None else None
        election_id = definition.election_id if definition is not None else None
        for head in heads:
            line = head.to_line()
            evidence: JSONObject = {"head": head.to_json()}
            if board_key is None or election_id is None:
                continue  # no manifest yet to check heads against; read again later
            if head.election_id != election_id or not head.verify(board_key):
                alarms.append(
                    Alarm(
                        "bad_head",
                        head.index,
                        "a head that is not signed by the manifest's board key for this election",
                        evidence,
                    )
                )
                continue
            seen = self.heads_seen.setdefault(head.index, {})
            for other in seen.values():
                if other.entry_hash != head.entry_hash or other.time != head.time:
                    alarms.append(
                        Alarm(
                            "fork",
                            head.index,
                            f"two signed heads at index {head.index} disagree",
                            {"head": head.to_json(), "other": other.to_json()},
                        )
                    )
            seen.setdefault(head.entry_hash, head)
            if head.index < len(self.mirror) and self.mirror[head.index][1] != head.entry_hash:
                alarms.append(
                    Alarm(
                        "head_mismatch",
                        head.index,
                        f"a signed head names hash {head.entry_hash.hex()} for entry "
                        f"{head.index}, the mirrored entry has {self.mirror[head.index][1].hex()}",
                        {"head": head.to_json(), "mirrored": self.mirror[head.index][0]},
                    )
                )
            if line not in self._head_lines:
                self._head_lines.add(line)
                fresh.append(line)
        append_lines(self.directory / HEADS_FILE, fresh)
        return alarms

    def _record(self, alarms: Sequence[Alarm]) -> list[Alarm]:
        new: list[Alarm] = []
        for alarm in alarms:
            key = alarm.key()
            if key in self._alarm_keys:
                continue
            self._alarm_keys.add(key)
            new.append(alarm)
        stamped = [dumps_canonical({**a.to_json(), "seen": int(time.time())}) for a in new]
        append_lines(self.directory / ALARMS_FILE, stamped)
        return new

    def all_alarms(self) -> list[JSONObject]:
        """Every alarm recorded in the state directory."""
        out: list[JSONObject] = []
        for line in _read_lines(self.directory / ALARMS_FILE):
            value = json.loads(line)
            if isinstance(value, dict):
                out.append(value)
        return out


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two observers hold signed heads at one index that name different entries."""

    index: int
    first: SignedHead
    second: SignedHead

    def __str__(self) -> str:
        return (
            f"index {self.index}: {self.first.entry_hash.hex()} (time {self.first.time}) versus "
            f"{self.second.entry_hash.hex()} (time {self.second.time})"
        )


def compare_heads(first: Sequence[SignedHead], second: Sequence[SignedHead]) -> list[Disagreement]:
    """Every index at which heads of ``first`` and ``second`` disagree (hash or time).

    Only heads of the same election are compared; run :func:`Observer.poll` first, whose heads
    have been checked against the board key.
    """
    by_index: dict[tuple[bytes, int], SignedHead] = {}
    for head in first:
        by_index.setdefault((head.election_id, head.index), head)
    out: list[Disagreement] = []
    for head in second:
        other = by_index.get((head.election_id, head.index))
        if other is not None and (other.entry_hash, other.time) != (head.entry_hash, head.time):
            out.append(Disagreement(head.index, other, head))
    return out
