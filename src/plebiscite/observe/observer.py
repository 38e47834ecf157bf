"""An observer's mirror of a live board, and the alarms it raises with their evidence.

The state directory holds::

    entries.jsonl   every entry mirrored, one JSON object per line, append-only (the mirror: in
                    memory only each entry's stored hash, the SHA-256 of its line and where
                    the line starts, 72 bytes an entry, whatever the board's size)
    heads.jsonl     every distinct signed head seen, in the order seen (the format of the
                    record's heads.jsonl: what ``plebiscite verify --heads`` reads; in memory
                    80 bytes an index, see :class:`_Heads`)
    alarms.jsonl    every alarm raised, one JSON object per line
    observer.json   the board's URL and where the head history was read up to
    checked/        the checker's state, sealed under the observer's own secret
                    (:meth:`Observer.save_check`, docs/spec.md §14.3), so that a restart goes
                    on from where the check stopped instead of checking every entry again

A restart streams the mirror and the heads back from their files and checks every entry again,
unless a saved check can be read back: its seal holds under the observer's secret (kept outside
the state directory, so a copied, published or altered state directory holds nothing that can
forge it), and both files still begin with the bytes whose SHA-256 it recorded. It then holds
again what the observer held of them at the save, and reads and checks only the lines after.
A check that cannot be used is set aside with a note, and both files are read and checked whole.

Each :meth:`Observer.poll` reads the head history from where it stopped and the entries after the
mirror's last, checks each new entry with the verifier's incremental checker
(:class:`~plebiscite.rules.checker.Checker`) and each head against the board key of the
manifest and against the mirror. An **audit** (:meth:`Observer.poll` with ``audit=True``) also
reads the whole board again and compares it, line by line, with the mirror.

The entries are checked in this process one by one, or handed in runs to a :data:`FeedEntries`
given by the caller: ``plebiscite observe --workers N`` gives the verifier's local processes
(:func:`plebiscite.verify.parallel.local_feed`), which check the ballots of a long catch-up (a
first poll, a restart without a saved check) on every core, with the same verdicts.

Alarms (:class:`Alarm`): ``fork`` (two signed heads at one index with different hashes),
``head_mismatch`` (a signed head that does not name the mirrored entry), ``bad_head`` (a head not
signed by the board key, or for another election), ``entry_changed`` and ``entry_vanished`` (the
board no longer serves what was mirrored), ``bad_entry`` (a served line that does not parse),
``check_failed`` (a failure of the incremental checker: the check, the entry, the field).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
import tempfile
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Final

from plebiscite.board.http import HTTPBoard
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.codec import JSONObject, JSONValue, dumps_canonical, loads_strict
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry, SignedHead, parse_head, read_entry
from plebiscite.model.signed import unsigned_part
from plebiscite.rules import saved
from plebiscite.rules.checker import Checker
from plebiscite.state.files import append_lines, read_bounded, write_atomic

__all__ = [
    "ALARMS_FILE",
    "CHECKED_DIR",
    "ENTRIES_FILE",
    "HEADS_FILE",
    "STATE_FILE",
    "Alarm",
    "Disagreement",
    "FeedEntries",
    "HeldHeads",
    "Mirror",
    "Observer",
    "compare_heads",
    "read_secret",
]

ENTRIES_FILE: Final = "entries.jsonl"
HEADS_FILE: Final = "heads.jsonl"
ALARMS_FILE: Final = "alarms.jsonl"
STATE_FILE: Final = "observer.json"
#: where in the state directory the checker's state is kept between runs
CHECKED_DIR: Final = "checked"
#: what a saved observer's check is (the seal's ``what``, docs/spec.md §14.3)
OBSERVER_CHECK: Final = "observer-check"
_FORMAT: Final = "plebiscite-observer-v1"
_MAX_STATE_BYTES: Final = 1 << 20

#: feeds a run of entries to a checker, in board order, telling the progress callback (when
#: given) how many it has applied; the checker's state afterwards is what feeding them one by
#: one leaves (:func:`plebiscite.verify.parallel.local_feed` checks their ballots on local
#: processes)
FeedEntries = Callable[[Checker, Iterable[Entry], Callable[[int], None] | None], None]


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


#: lines appended to the mirror's or the heads' file held before they are written at once
_WRITE_LINES: Final = 1024


class _LineFile:
    """An append-only file of lines that an observer writes in order: where each line starts,
    known without holding the lines (:meth:`append` holds at most :data:`_WRITE_LINES` before
    writing them), a line read back from where it starts (the lines held written first), and the
    SHA-256 of the file's bytes placed so far (read or appended), which a saved state records
    (:meth:`saved_form`) and a restart compares with the file (:meth:`resume`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._end = 0  # the bytes of the lines placed: read, or appended (written or held)
        self._lines = 0  # the lines placed (empty ones included)
        self._digest = hashlib.sha256()  # of the bytes placed
        self._held: list[str] = []

    def stream(self) -> Iterator[tuple[int, int, str]]:
        """The file's lines after those placed (at first, all of them), one at a time: its line
        number (from 1), where it starts, its text; each is placed as it is given, and the next
        :meth:`append` goes after them."""
        if not self.path.exists():
            return
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._end)
                for raw in handle:
                    start = self._end
                    self._end += len(raw)
                    self._lines += 1
                    self._digest.update(raw)
                    text = raw.decode("utf-8").rstrip("\n")
                    if text:
                        yield self._lines, start, text
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: cannot read it ({exc})") from None

    def append(self, line: str, data: bytes) -> int:
        """Append ``line`` (``data``: its UTF-8, no newline) after the others; where it starts."""
        start = self._end
        self._end += len(data) + 1
        self._lines += 1
        self._digest.update(data)
        self._digest.update(b"\n")
        self._held.append(line)
        if len(self._held) >= _WRITE_LINES:
            self.flush()
        return start

    def flush(self) -> None:
        """Write the lines held (fsynced)."""
        append_lines(self.path, self._held)
        self._held.clear()

    def read(self, start: int) -> str:
        """The line that starts at byte ``start``."""
        self.flush()
        try:
            with self.path.open("rb") as handle:
                handle.seek(start)
                return handle.readline().decode("utf-8").rstrip("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{self.path}: cannot read it ({exc})") from None

    def saved_form(self) -> tuple[int, int, bytes]:
        """What a saved state records of the file (the lines held written first): the bytes and
        the lines placed, and the SHA-256 of those bytes."""
        self.flush()
        return self._end, self._lines, self._digest.digest()

    def resume(self, form: tuple[int, int, bytes]) -> bool:
        """Take the file's first bytes as placed, as :meth:`saved_form` recorded them, when the
        file still begins with bytes of that SHA-256 (read back in blocks, never parsed); False,
        nothing taken, when it does not (changed, cut short, missing)."""
        end, lines, digest = form
        found = hashlib.sha256()
        left = end
        try:
            with self.path.open("rb") as handle:
                while left:
                    block = handle.read(min(left, 1 << 20))
                    if not block:
                        return False
                    found.update(block)
                    left -= len(block)
        except OSError:
            return False
        if found.digest() != digest:
            return False
        self._end, self._lines, self._digest = end, lines, found
        return True


class Mirror:
    """The entries an observer mirrored, by index: their lines in ``entries.jsonl``, and in
    memory only each one's stored hash, the SHA-256 of its line and the byte where the line
    starts in the file, so that an observer of a board of any size holds 72 bytes an entry; a
    line is read back from the file when an alarm shows it."""

    def __init__(self, path: Path) -> None:
        self.file = _LineFile(path)
        self._hashes = bytearray()
        self._digests = bytearray()
        self._starts = array("Q")

    def __len__(self) -> int:
        return len(self._starts)

    def saved_form(self) -> tuple[tuple[int, int, bytes], bytes, bytes, array[int]]:
        """What a saved state keeps of the mirror: its file's (:meth:`_LineFile.saved_form`) and
        what it holds in memory."""
        return self.file.saved_form(), bytes(self._hashes), bytes(self._digests), self._starts

    def resume(self, form: tuple[tuple[int, int, bytes], bytes, bytes, array[int]]) -> bool:
        """Hold again what :meth:`saved_form` kept, when the file still begins with the lines it
        covered (:meth:`_LineFile.resume`); False, nothing taken, otherwise."""
        placed, hashes, digests, starts = form
        if not len(hashes) == len(digests) == 32 * len(starts) or not self.file.resume(placed):
            return False
        self._hashes, self._digests, self._starts = bytearray(hashes), bytearray(digests), starts
        return True

    def add(self, line: str, stored_hash: bytes, start: int | None = None) -> None:
        """Take the next entry: its line (appended to the file; or read from it, starting at
        ``start``) and its stored hash."""
        data = line.encode("utf-8")
        self._hashes += stored_hash
        self._digests += hashlib.sha256(data).digest()
        self._starts.append(self.file.append(line, data) if start is None else start)

    def stored_hash(self, index: int) -> bytes:
        return bytes(self._hashes[32 * index : 32 * index + 32])

    def holds(self, index: int, line: str) -> bool:
        """Whether ``line`` is the line mirrored at ``index`` (its SHA-256 compared)."""
        digest = hashlib.sha256(line.encode("utf-8")).digest()
        return digest == bytes(self._digests[32 * index : 32 * index + 32])

    def line(self, index: int) -> str:
        """The line mirrored at ``index``, read back from the file."""
        return self.file.read(self._starts[index])


class _Heads:
    """The distinct signed heads an observer has seen, by index, their lines in ``heads.jsonl``.

    For each index it keeps, as :func:`Observer._heads` needs them, one head per entry hash
    (the first seen with it) and the SHA-256 of every distinct line (a head written once). In
    memory, the first head of an index is 80 bytes: its entry hash, time and line's SHA-256, and
    where its line starts in the file (read back when an alarm shows it); only what else an
    index holds (a fork, a head signed twice) and a head beyond the indices held so far are kept
    whole, in a dict.
    """

    _NONE: Final = -1  # an index held in the dict

    def __init__(self, path: Path) -> None:
        self.file = _LineFile(path)
        self._hashes = bytearray()
        self._times = array("Q")
        self._digests = bytearray()
        self._starts = array("q")
        self._others: dict[int, tuple[list[SignedHead], set[bytes]]] = {}
        self.indices = 0  # how many indices hold a head

    def saved_form(self) -> tuple[object, ...]:
        """What a saved state keeps of the heads: its file's (:meth:`_LineFile.saved_form`) and
        what it holds in memory."""
        held = (bytes(self._hashes), self._times, bytes(self._digests), self._starts)
        return self.file.saved_form(), *held, self._others, self.indices

    def resume(self, form: tuple[object, ...]) -> bool:
        """Hold again what :meth:`saved_form` kept, when the file still begins with the lines it
        covered (:meth:`_LineFile.resume`); False, nothing taken, otherwise."""
        placed, hashes, times, digests, starts, others, indices = form
        if not (
            isinstance(hashes, bytes)
            and isinstance(digests, bytes)
            and isinstance(times, array)
            and isinstance(starts, array)
            and isinstance(others, dict)
            and isinstance(indices, int)
            and len(hashes) == len(digests) == 32 * len(times) == 32 * len(starts)
            and self.file.resume(placed)  # type: ignore[arg-type]
        ):
            return False
        self._hashes, self._times = bytearray(hashes), times
        self._digests, self._starts = bytearray(digests), starts
        self._others, self.indices = others, indices
        return True

    def kept(self, index: int) -> Iterator[tuple[bytes, int, Callable[[], SignedHead]]]:
        """The heads kept at ``index``: entry hash, time, and how to get the head whole."""
        if index < len(self._starts) and self._starts[index] != self._NONE:
            start = self._starts[index]
            yield (
                bytes(self._hashes[32 * index : 32 * index + 32]),
                self._times[index],
                lambda: parse_head(self.file.read(start), f"{self.file.path} at byte {start}"),
            )
        for head in self._others.get(index, ([], set()))[0]:
            yield head.entry_hash, head.time, lambda head=head: head  # type: ignore[misc]

    def keep(self, head: SignedHead, line: str, start: int | None = None) -> bool:
        """Take ``head`` (its ``line``; read from the file at ``start``, or else appended to it
        when it is new there): whether the line is new."""
        data = line.encode("utf-8")
        digest = hashlib.sha256(data).digest()
        index = head.index
        if index == len(self._starts) and index not in self._others:
            self._hashes += head.entry_hash
            self._times.append(head.time)
            self._digests += digest
            self._starts.append(self.file.append(line, data) if start is None else start)
            self.indices += 1
            return True
        held = index < len(self._starts) and self._starts[index] != self._NONE
        if held and digest == bytes(self._digests[32 * index : 32 * index + 32]):
            return False  # the first head's line, seen again (the board's current head)
        if digest in self._others.get(index, ([], set()))[1]:
            return False
        if not held and index == len(self._starts):  # the dict holds it: keep the order
            self._hashes += bytes(32)
            self._times.append(0)
            self._digests += bytes(32)
            self._starts.append(self._NONE)
        heads, digests = self._others.setdefault(index, ([], set()))
        if not held and not heads:
            self.indices += 1
        digests.add(digest)
        if all(h != head.entry_hash for h, _time, _whole in self.kept(index)):
            heads.append(head)
        if start is None:
            self.file.append(line, data)
        return True


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from None


def read_secret(path: Path) -> bytes:
    """The observer's secret: the 32 bytes of ``path``, made from the operating system's CSPRNG
    (the file mode 0600, a new folder 0700) when the file does not exist. Raises
    :class:`~plebiscite.errors.InputError` when it cannot be read or made, or holds anything but
    32 bytes."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
                out.flush()
                os.fsync(out.fileno())
        data = read_bounded(path, 64, "the observer's secret")
    except OSError as exc:
        raise InputError.at(str(path), "", f"cannot read or make it ({exc.strerror})") from None
    if len(data) != 32:
        raise InputError.at(str(path), "", f"holds {len(data)} bytes, not an observer's 32")
    return data


def read_heads(path: Path) -> list[SignedHead]:
    """The signed heads of a heads file (JSON Lines), parsed strictly."""
    return [parse_head(line, f"{path}:{i}") for i, line in enumerate(_read_lines(path), 1)]


class Observer:
    """The mirror of the board at ``client`` kept in ``state_dir`` (module docstring)."""

    def __init__(
        self,
        state_dir: str | os.PathLike[str],
        client: HTTPBoard,
        *,
        secret: bytes | None = None,
        note: Callable[[str], None] | None = None,
        progress: Callable[[int], None] | None = None,
        feed: FeedEntries | None = None,
    ) -> None:
        """The observer of ``client``'s board kept in ``state_dir``, read back from its files.

        ``secret``: the observer's own 32 bytes (:func:`read_secret`) that seal its saved check
        (:meth:`save_check`); with it, a check saved there is read back, when it can be, and the
        restart checks only the entries mirrored after it. ``note`` is told, in a sentence, why
        a saved check was set aside; ``progress`` is told how many mirrored entries were read
        back as they are. ``feed`` checks runs of entries (the mirror read back here, each
        poll's new entries) instead of this process feeding them one by one.
        """
        self.directory = Path(state_dir)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.client = client
        self._state_path = self.directory / STATE_FILE
        state = self._load_state()
        if state.get("url") not in (None, client.url):
            raise InputError(
                f"{self.directory}: this state mirrors {state.get('url')}, not {client.url}"
            )
        #: how many heads of the board's head history were read: sealed in the saved check and
        #: read back with it (:meth:`_read_back`); without one, the history is read again whole
        self.heads_position = 0
        self.mirror = Mirror(self.directory / ENTRIES_FILE)
        self.heads = _Heads(self.directory / HEADS_FILE)
        self._alarm_keys: set[str] = set()
        self.definition: Definition | None = None
        self._secret = secret
        self._key: bytes | None = None
        #: whether the checker and the mirror are between two polls (a state worth saving)
        self._whole = True
        self._feed = feed
        #: the mirrored entries a saved check read back at the start held already
        self.resumed = 0
        self.checker = self._read_back(note)
        if progress is not None and self.resumed:
            progress(self.resumed)
        self._check(self._mirrored(), progress)
        self._reported_failures = len(self.checker.failures)
        where = str(self.directory / HEADS_FILE)
        for i, start, line in self.heads.file.stream():
            self.heads.keep(parse_head(line, f"{where}:{i}"), line, start)
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

    # -- the saved check -------------------------------------------------------------------------

    def _seal_key(self) -> bytes | None:
        """The key of this observer's saved checks of the election whose manifest it mirrored
        (docs/spec.md §14.3); None without a secret or a manifest."""
        if self._key is None and self._secret is not None:
            definition = self.definition or self._mirrored_definition()
            if definition is not None and definition.election_id is not None:
                self._key = saved.state_key(self._secret, definition.election_id)
        return self._key

    def _mirrored_definition(self) -> Definition | None:
        """The definition of the manifest mirrored first (read from the file), or None."""
        first = (
            self.mirror.line(0)
            if len(self.mirror)
            else next((line for _n, _s, line in _LineFile(self.mirror.file.path).stream()), None)
        )
        if first is None:
            return None
        try:
            self._define(read_entry(first, f"{self.directory / ENTRIES_FILE}:1"))
        except PlebisciteError:
            return None
        return self.definition

    def _read_back(self, note: Callable[[str], None] | None) -> Checker:
        """The check saved in ``checked/`` when it can be used, with the mirror and the heads it
        covered (:attr:`resumed` set to the entries it checked), else a new checker (and a note
        saying why, when one was saved)."""
        where = self.directory / CHECKED_DIR
        key = self._seal_key() if where.exists() else None
        if key is None:
            return Checker()

        def aside(why: str) -> Checker:
            if note is not None:
                note(f"the saved check was not used ({why}); checking every mirrored entry")
            return Checker()

        try:
            value = saved.load(where, key, OBSERVER_CHECK)
        except InputError as exc:
            return aside(str(exc))
        if not (
            isinstance(value, tuple)
            and len(value) == 4
            and isinstance(value[0], Checker)
            and type(value[3]) is int
            and value[3] >= 0
        ):
            return aside(f"{where} does not hold an observer's check")
        checker: Checker = value[0]
        mirrored, heads, heads_position = value[1:]
        try:
            resumed = self.mirror.resume(mirrored) and self.heads.resume(heads)
        except (TypeError, ValueError):
            resumed = False
        if not resumed or checker.entries != len(self.mirror):
            checker.close()
            self.mirror = Mirror(self.mirror.file.path)
            self.heads = _Heads(self.heads.file.path)
            return aside(
                f"{self.mirror.file.path} or {self.heads.file.path} no longer begins with the "
                "lines it covered"
            )
        self.resumed = len(self.mirror)
        self.heads_position = heads_position
        return checker

    @property
    def can_save(self) -> bool:
        """Whether :meth:`save_check` has something to save: a secret, a mirrored manifest, and
        the checker and the mirror between two polls (not a poll cut short)."""
        return self._whole and self._seal_key() is not None

    def save_check(self) -> bool:
        """Save the checker's state in ``checked/`` under the observer's secret, with what the
        mirror and the heads hold and the SHA-256 of their files' bytes so far, for the next
        start to go on from (docs/spec.md §14.3); False (nothing written) when there is nothing
        to save (:attr:`can_save`) or a part of the checker has no saved form."""
        if not self.can_save:
            return False
        key = self._key
        assert key is not None
        self.checker.flush()
        state = (
            self.checker,
            self.mirror.saved_form(),
            self.heads.saved_form(),
            self.heads_position,
        )
        try:
            saved.save(state, self.directory / CHECKED_DIR, key, OBSERVER_CHECK)
        except (pickle.PicklingError, TypeError, AttributeError):
            return False
        return True

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
            "entries": len(self.mirror),
        }
        write_atomic(self._state_path, (dumps_canonical(state) + "\n").encode("utf-8"), 0o644)

    def _check(self, entries: Iterable[Entry], progress: Callable[[int], None] | None) -> None:
        """Feed ``entries`` to the checker, through :attr:`_feed` when there is one."""
        if self._feed is not None:
            self._feed(self.checker, entries, progress)
            return
        for entry in entries:
            self.checker.feed(entry)
            if progress is not None:
                progress(1)

    def _mirrored(self) -> Iterator[Entry]:
        """The mirror's file after what the checker holds, each entry kept as it is read."""
        where = str(self.directory / ENTRIES_FILE)
        for i, start, line in self.mirror.file.stream():
            entry = read_entry(line, f"{where}:{i}")
            self._keep(entry, line, start)
            yield entry

    def _keep(self, entry: Entry, line: str, start: int | None = None) -> None:
        """Add ``entry`` to the mirror (its line read from the mirror's file at ``start``, or
        else to be written there), before the checker is fed it."""
        self.mirror.add(line, entry.hash, start)
        self._define(entry)

    def _define(self, entry: Entry) -> None:
        """Read the election's definition from ``entry`` when it is the manifest."""
        if entry.index == 0 and entry.kind == "manifest" and self.definition is None:
            try:
                self.definition = Definition.from_manifest(unsigned_part(entry.body))
            except PlebisciteError:
                self.definition = None

    # -- polling ---------------------------------------------------------------------------------

    def poll(
        self, *, audit: bool = False, progress: Callable[[int], None] | None = None
    ) -> list[Alarm]:
        """Read what is new on the board, check it, and return the alarms raised (new ones);
        ``progress`` is told 1 for each new entry mirrored."""
        alarms: list[Alarm] = []
        self._whole = False
        # the head history is read before the entries (so that the mirror covers what the heads
        # name), into a file of its own rather than memory: a first poll reads one per entry
        with tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.directory) as spool:
            count = 0
            for head in self.client.heads(self.heads_position):
                spool.write(head.to_line() + "\n")
                count += 1
            current = self.client.head()
            alarms += self._entries(progress)
            if audit:
                alarms += self._audit()
            self.heads_position += count
            spool.seek(0)
            spooled = (parse_head(line.rstrip("\n"), "the spooled head history") for line in spool)
            alarms += self._heads(chain(spooled, [] if current is None else [current]))
        self._save_state()
        self._whole = True
        return self._record(alarms)

    def _entries(self, progress: Callable[[int], None] | None) -> list[Alarm]:
        alarms: list[Alarm] = []
        self._check(self._served(alarms), progress)
        self.mirror.file.flush()
        self.checker.flush()
        for failure in self.checker.failures[self._reported_failures :]:
            alarms.append(
                Alarm("check_failed", failure.index, str(failure), {"failure": failure.to_json()})
            )
        self._reported_failures = len(self.checker.failures)
        return alarms

    def _served(self, alarms: list[Alarm]) -> Iterator[Entry]:
        """The board's entries after the mirror's last, each mirrored as it is read; one that
        does not parse ends them with a ``bad_entry`` alarm in ``alarms``."""
        start = len(self.mirror)
        for offset, raw in enumerate(self.client.raw_stream(start)):
            index = start + offset
            try:
                entry = read_entry(raw, f"{self.client.url}/stream entry {index}")
            except PlebisciteError as exc:
                alarms.append(Alarm("bad_entry", index, str(exc), {"served": raw}))
                return  # the chain cannot be followed past an entry that does not parse
            self._keep(entry, entry.to_line())
            yield entry

    def _audit(self) -> list[Alarm]:
        """Read the board again from 0 and compare it with the mirror."""
        alarms: list[Alarm] = []
        served = 0
        for index, raw in enumerate(self.client.raw_stream(0)):
            if index >= len(self.mirror):
                break
            served += 1
            if self.mirror.holds(index, raw):
                continue  # the very line mirrored (a board serves its lines canonical)
            try:
                line = read_entry(raw, f"entry {index}").to_line()
            except PlebisciteError:
                line = raw
            if not self.mirror.holds(index, line):
                alarms.append(
                    Alarm(
                        "entry_changed",
                        index,
                        f"the board now serves entry {index} differently from when it was mirrored",
                        {"mirrored": self.mirror.line(index), "served": raw},
                    )
                )
        if served < len(self.mirror):
            alarms.append(
                Alarm(
                    "entry_vanished",
                    served,
                    f"the board serves {served} entries; {len(self.mirror)} were mirrored",
                    {"mirrored": self.mirror.line(served)},
                )
            )
        return alarms

    def _heads(self, heads: Iterable[SignedHead]) -> list[Alarm]:
        alarms: list[Alarm] = []
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
            for entry_hash, time_, other in list(self.heads.kept(head.index)):
                if entry_hash != head.entry_hash or time_ != head.time:
                    alarms.append(
                        Alarm(
                            "fork",
                            head.index,
                            f"two signed heads at index {head.index} disagree",
                            {"head": head.to_json(), "other": other().to_json()},
                        )
                    )
            mirrored = (
                self.mirror.stored_hash(head.index) if head.index < len(self.mirror) else None
            )
            if mirrored is not None and mirrored != head.entry_hash:
                alarms.append(
                    Alarm(
                        "head_mismatch",
                        head.index,
                        f"a signed head names hash {head.entry_hash.hex()} for entry "
                        f"{head.index}, the mirrored entry has {mirrored.hex()}",
                        {"head": head.to_json(), "mirrored": self.mirror.line(head.index)},
                    )
                )
            self.heads.keep(head, line)
        self.heads.file.flush()
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


class HeldHeads:
    """The signed heads of a heads file, held as an observer holds its own (:class:`_Heads`: 80
    bytes an index, the lines read back from the file when shown), per election, to compare
    another heads file with, read a line at a time (:meth:`disagreements`): what
    :func:`compare_heads` finds, in memory that does not grow with the second file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._held: dict[bytes, _Heads] = {}
        self.count = 0  #: the heads read from ``path``
        for number, start, line in _LineFile(path).stream():
            head = parse_head(line, f"{path}:{number}")
            held = self._held.get(head.election_id)
            if held is None:
                held = self._held[head.election_id] = _Heads(path)
            held.keep(head, line, start)
            self.count += 1
        self.compared = 0  #: the heads of the other file read by :meth:`disagreements`

    def disagreements(self, other: Path) -> Iterator[Disagreement]:
        """Every head of ``other`` (in its order) whose index holds a head here, for the same
        election, with another entry hash or time than the first held there."""
        self.compared = 0
        for number, _start, line in _LineFile(other).stream():
            head = parse_head(line, f"{other}:{number}")
            self.compared += 1
            held = self._held.get(head.election_id)
            first = next(held.kept(head.index), None) if held is not None else None
            if first is not None and (first[0], first[1]) != (head.entry_hash, head.time):
                yield Disagreement(head.index, first[2](), head)


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
