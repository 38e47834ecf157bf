"""The election definition: the TOML an election authority writes, validated, and its manifest.

The definition is the human-written source of the board's first entry, the ``manifest``
(DESIGN §4). :func:`validate` reads the TOML text and reports *every* problem at once, each with
the file, the line (found by scanning the text for the key or for the N-th ``[[table]]``) and the
field path (``districts[2].registered``); :meth:`Definition.from_toml` and :meth:`Definition.load`
raise one :class:`~plebiscite.errors.DefinitionError` listing them all.

:meth:`Definition.to_manifest` gives the JSON body of the ``manifest`` entry (every field explicit,
ids as given, keys and ids as lowercase hex, the window as UTC microseconds since the epoch, the
group by name); :meth:`Definition.from_manifest` reads one back strictly (unknown, missing or
mistyped fields refused) for verifiers, and the two round-trip exactly.

Human-readable text (the title, question texts, option labels, district names) is either one
string or a table of translations by language tag (``{ en = "Yes", uk = "Так" }``); a plain string
is recorded under the language tag ``und`` (undetermined, BCP 47). The first language is the one
shown when a reader's language is missing.

Two overrides exist, and both are recorded in the manifest so that every reader sees them:
``allow_small_districts`` (a ``min_district_size`` below :data:`MIN_DISTRICT_SIZE_FLOOR`) and
``[kdf] allow_weak`` (a scrypt cost below :data:`KDF_MIN_N`). Each produces a warning, returned by
:func:`validate` and :meth:`Definition.warnings`.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, TypeVar

from plebiscite.crypto import rand
from plebiscite.crypto.groups import DEFAULT_GROUP, GROUP_NAMES
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import DefinitionError, EncodingError

__all__ = [
    "DEFAULT_KDF",
    "ELECTION_ID_BYTES",
    "KDF_ALGORITHMS",
    "KDF_MIN_N",
    "MIN_DISTRICT_SIZE_FLOOR",
    "UNDETERMINED_LANGUAGE",
    "Definition",
    "District",
    "Kdf",
    "Keys",
    "Option",
    "Problem",
    "Question",
    "Text",
    "Trustee",
    "Trustees",
    "Validation",
    "Window",
    "new_election_id",
    "update_toml",
    "validate",
]

ELECTION_ID_BYTES: Final = 16
"""An election id is 128 random bits, written as 32 lowercase hex characters."""

MIN_DISTRICT_SIZE_FLOOR: Final = 100
"""The default and smallest ``min_district_size`` accepted without ``allow_small_districts``."""

KDF_MIN_N: Final = 2**14
"""The smallest scrypt cost ``n`` accepted without ``allow_weak``."""

KDF_ALGORITHMS: Final = ("scrypt",)

UNDETERMINED_LANGUAGE: Final = "und"
"""The language tag under which a plain-string text is recorded."""

_KDF_MAX_N: Final = 2**24
_KDF_MAX_R: Final = 32  # as crypto.credential.KdfParams
_KDF_MAX_P: Final = 16
_KDF_MAX_MEMORY: Final = 1 << 30  # 128 * n * r bytes: what a browser booth can still afford
_MAX_ID: Final = 64
_MAX_TEXT: Final = 10_000
_ID_RE: Final = re.compile(r"[a-z0-9-]+")
_LANGUAGE_RE: Final = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_HEX_RE: Final = re.compile(r"[0-9a-f]*")
_RFC3339_RE: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})"
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)

_T = TypeVar("_T")
_FieldPath = tuple[str | int, ...]


def _format_path(path: _FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


# --------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Text:
    """Human-readable text in one or more languages; the first language is the default."""

    translations: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        """One text in no stated language (recorded under ``und``)."""
        return cls(((UNDETERMINED_LANGUAGE, text),))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.translations)

    def get(self, language: str | None = None) -> str:
        """The text in ``language``, or in the default (first) language when it is missing."""
        for tag, text in self.translations:
            if tag == language:
                return text
        return self.translations[0][1]

    def to_json(self) -> dict[str, str]:
        return dict(self.translations)

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    """One answer to a question: an id and its label."""

    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    """A question: a voter chooses between ``min`` and ``max`` of its options."""

    id: str
    text: Text
    options: tuple[Option, ...]
    min: int
    max: int

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


@dataclass(frozen=True)
class District:
    """A district: its own roll of ``registered`` voters and its own tally and decryption."""

    id: str
    name: Text
    registered: int


@dataclass(frozen=True)
class Window:
    """When ballots are accepted: ``opens_us`` ≤ t < ``closes_us``, UTC microseconds."""

    opens_us: int
    closes_us: int

    @property
    def opens(self) -> datetime:
        return _EPOCH + self.opens_us * _MICROSECOND

    @property
    def closes(self) -> datetime:
        return _EPOCH + self.closes_us * _MICROSECOND

    @property
    def duration(self) -> timedelta:
        return (self.closes_us - self.opens_us) * _MICROSECOND

    def contains(self, time_us: int) -> bool:
        """Whether a board time (UTC microseconds) is inside the window."""
        return self.opens_us <= time_us < self.closes_us


@dataclass(frozen=True)
class Trustee:
    """A trustee: an id, a name and the fingerprint of its long-term identity key."""

    id: str
    name: str
    fingerprint: str


@dataclass(frozen=True)
class Trustees:
    """The ``n`` trustees, any ``k`` of whom can decrypt."""

    n: int
    k: int
    members: tuple[Trustee, ...]


@dataclass(frozen=True)
class Kdf:
    """The key-derivation function that turns a secret credential into its signing key."""

    algorithm: str
    n: int
    r: int
    p: int
    allow_weak: bool = False

    @property
    def memory_bytes(self) -> int:
        """Memory one derivation needs (scrypt: 128·n·r bytes)."""
        return 128 * self.n * self.r


DEFAULT_KDF: Final = Kdf("scrypt", 2**15, 8, 1)


@dataclass(frozen=True)
class Keys:
    """The board, authority and credential-authority public keys (BIP-340, x-only)."""

    board: VerifyingKey | None = None
    authority: VerifyingKey | None = None
    credential_authority: VerifyingKey | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.board, self.authority, self.credential_authority)


_KEY_NAMES: Final = ("board", "authority", "credential_authority")


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) in a definition: the file, the line if known, the field path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def _error(file: str, problems: Sequence[Problem]) -> DefinitionError:
    count = len(problems)
    head = f"{file}: the election definition is not valid ({count} problem{'s' * (count != 1)})"
    return DefinitionError("\n  ".join([head + ":", *map(str, problems)]))


@dataclass(frozen=True)
class Definition:
    """A validated election definition: the content of the ``manifest`` entry.

    ``election_id`` and the keys may be missing while the election is being prepared; the manifest
    needs them all (:meth:`to_manifest` refuses otherwise).
    """

    election_id: bytes | None
    title: Text
    questions: tuple[Question, ...]
    districts: tuple[District, ...]
    window: Window
    trustees: Trustees
    group: str
    kdf: Kdf
    min_district_size: int
    allow_small_districts: bool
    keys: Keys
    booth_hash: str | None
    allow_early_close: bool = False

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    def from_toml(cls, text: str, path: str | os.PathLike[str] = "<definition>") -> Definition:
        """Parse and validate TOML text; :class:`DefinitionError` lists every problem."""
        return validate(text, path).result()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Definition:
        """Read and validate the definition in the file ``path``."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DefinitionError(f"{os.fspath(path)}: not UTF-8 text ({exc.reason})") from None
        except OSError as exc:
            raise DefinitionError(
                f"{os.fspath(path)}: cannot read the definition: {exc.strerror or exc}"
            ) from None
        return cls.from_toml(text, path)

    @classmethod
    def from_manifest(cls, body: object) -> Definition:
        """Read a ``manifest`` body strictly: every field present, none unknown, all valid."""
        reader = _Reader("manifest", None, manifest=True)
        definition = reader.definition(body)
        if definition is None:
            raise _error("manifest", reader.problems)
        return definition

    # -- writing ---------------------------------------------------------------------------

    def to_manifest(self) -> dict[str, Any]:
        """The JSON body of the ``manifest`` entry; needs the election id and all three keys."""
        missing = [] if self.election_id is not None else ["election_id"]
        missing += [f"keys.{name}" for name in _KEY_NAMES if getattr(self.keys, name) is None]
        if missing:
            raise DefinitionError(
                "the definition is not ready for the manifest: missing " + ", ".join(missing)
            )
        assert self.election_id is not None
        keys = {name: getattr(self.keys, name).hex() for name in _KEY_NAMES}
        return {
            "election_id": self.election_id.hex(),
            "title": self.title.to_json(),
            "group": self.group,
            "questions": [
                {
                    "id": q.id,
                    "text": q.text.to_json(),
                    "options": [{"id": o.id, "label": o.label.to_json()} for o in q.options],
                    "min": q.min,
                    "max": q.max,
                }
                for q in self.questions
            ],
            "districts": [
                {"id": d.id, "name": d.name.to_json(), "registered": d.registered}
                for d in self.districts
            ],
            "window": {"opens": self.window.opens_us, "closes": self.window.closes_us},
            "trustees": {
                "n": self.trustees.n,
                "k": self.trustees.k,
                "members": [
                    {"id": t.id, "name": t.name, "fingerprint": t.fingerprint}
                    for t in self.trustees.members
                ],
            },
            "kdf": {
                "algorithm": self.kdf.algorithm,
                "n": self.kdf.n,
                "r": self.kdf.r,
                "p": self.kdf.p,
                "allow_weak": self.kdf.allow_weak,
            },
            "min_district_size": self.min_district_size,
            "allow_small_districts": self.allow_small_districts,
            "allow_early_close": self.allow_early_close,
            "keys": keys,
            "booth_hash": self.booth_hash,
        }

    def with_election_id(self, election_id: bytes) -> Definition:
        """A copy with ``election_id`` (16 bytes) set."""
        if not isinstance(election_id, bytes) or len(election_id) != ELECTION_ID_BYTES:
            raise DefinitionError(f"election_id: must be {ELECTION_ID_BYTES} bytes")
        return replace(self, election_id=election_id)

    def with_keys(
        self,
        *,
        board: VerifyingKey | None = None,
        authority: VerifyingKey | None = None,
        credential_authority: VerifyingKey | None = None,
    ) -> Definition:
        """A copy with the given keys set (the others kept)."""
        keys = Keys(
            board or self.keys.board,
            authority or self.keys.authority,
            credential_authority or self.keys.credential_authority,
        )
        return replace(self, keys=keys)

    # -- views -----------------------------------------------------------------------------

    @property
    def election_id_hex(self) -> str | None:
        return None if self.election_id is None else self.election_id.hex()

    @property
    def total_registered(self) -> int:
        return sum(d.registered for d in self.districts)

    def district(self, district_id: str) -> District:
        """The district with ``district_id``."""
        for district in self.districts:
            if district.id == district_id:
                return district
        raise KeyError(district_id)

    def question(self, question_id: str) -> Question:
        """The question with ``question_id``."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def warnings(self) -> tuple[str, ...]:
        """What the overrides weaken, each with its field path; empty when none is used."""
        return tuple(f"{_format_path(path)}: {text}" for path, text in _warnings(self))


def _warnings(definition: Definition) -> list[tuple[_FieldPath, str]]:
    out: list[tuple[_FieldPath, str]] = []
    if definition.min_district_size < MIN_DISTRICT_SIZE_FLOOR:
        out.append(
            (
                ("min_district_size",),
                f"WARNING: min_district_size = {definition.min_district_size} is below "
                f"{MIN_DISTRICT_SIZE_FLOOR} (allowed by allow_small_districts = true): trustees "
                f"will decrypt the tally of a district of only {definition.min_district_size} "
                "voters, which can reveal how a small group of identifiable people voted",
            )
        )
    if definition.kdf.n < KDF_MIN_N:
        out.append(
            (
                ("kdf", "n"),
                f"WARNING: scrypt n = {definition.kdf.n} is below {KDF_MIN_N} (allowed by "
                "allow_weak = true): a stolen credential's key is cheap to brute-force if the "
                "credential's own entropy is ever reduced",
            )
        )
    return out


@dataclass(frozen=True)
class Validation:
    """The outcome of :func:`validate`: a definition, or the problems; and any warnings."""

    file: str
    definition: Definition | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def result(self) -> Definition:
        """The definition, or :class:`DefinitionError` listing every problem."""
        if self.definition is None:
            raise _error(self.file, self.problems)
        return self.definition


def new_election_id(rng: rand.Random | None = None) -> bytes:
    """128 fresh random bits for a new election's id."""
    return rand.get(rng).randbytes(ELECTION_ID_BYTES)


def validate(text: str, path: str | os.PathLike[str] = "<definition>") -> Validation:
    """Parse TOML ``text`` (read from ``path``) and check every rule; never stops at the first."""
    file = os.fspath(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        problem = Problem(file, line, "", f"not valid TOML: {exc}")
        return Validation(file, None, (problem,), ())
    locator = _Locator(text)
    reader = _Reader(file, locator, manifest=False)
    definition = reader.definition(raw)
    warnings: tuple[Problem, ...] = ()
    if definition is not None:
        warnings = tuple(
            Problem(file, locator.line(p), _format_path(p), message)
            for p, message in _warnings(definition)
        )
    return Validation(file, definition, tuple(reader.problems), warnings)


# ------------------------------------------------------------------------------ line locator


class _Locator:
    """The line of every key, array element and table header in TOML text.

    A small scanner over text that ``tomllib`` has already accepted: it follows strings,
    comments, arrays, inline tables, dotted keys and ``[table]`` / ``[[array of tables]]``
    headers, and records where each field path starts.
    """

    def __init__(self, text: str) -> None:
        self._s = text
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        self._lines: dict[_FieldPath, int] = {}
        self.headers: list[tuple[int, _FieldPath]] = []
        self._arrays: dict[_FieldPath, int] = {}
        try:
            self._scan()
        except (IndexError, ValueError):  # text tomllib refused; lines found so far still hold
            pass

    def line(self, path: _FieldPath) -> int | None:
        """The line of ``path``, else of its nearest enclosing field that has one."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None

    def exact(self, path: _FieldPath) -> int | None:
        return self._lines.get(path)

    def _line_at(self, position: int) -> int:
        return bisect.bisect_left(self._newlines, position) + 1

    def _mark(self, path: _FieldPath, position: int) -> None:
        self._lines.setdefault(path, self._line_at(position))

    def _skip(self, i: int, newlines: bool) -> int:
        s = self._s
        while i < len(s):
            c = s[i]
            if c in " \t" or (newlines and c in "\r\n"):
                i += 1
            elif c == "#":
                while i < len(s) and s[i] != "\n":
                    i += 1
            else:
                break
        return i

    def _key(self, i: int) -> tuple[list[str], int]:
        s = self._s
        parts: list[str] = []
        while True:
            i = self._skip(i, False)
            if s[i] == '"':
                j = i + 1
                while s[j] != '"':
                    j += 2 if s[j] == "\\" else 1
                try:
                    parts.append(json.loads(s[i : j + 1]))
                except ValueError:
                    parts.append(s[i + 1 : j])
                i = j + 1
            elif s[i] == "'":
                j = s.index("'", i + 1)
                parts.append(s[i + 1 : j])
                i = j + 1
            else:
                j = i
                while j < len(s) and (s[j].isalnum() or s[j] in "_-"):
                    j += 1
                if j == i:
                    raise ValueError("expected a key")
                parts.append(s[i:j])
                i = j
            i = self._skip(i, False)
            if i < len(s) and s[i] == ".":
                i += 1
                continue
            return parts, i

    def _value(self, i: int, path: _FieldPath) -> int:
        s = self._s
        if s.startswith('"""', i):
            j = i + 3
            while not s.startswith('"""', j):
                j += 2 if s[j] == "\\" else 1
            j += 3
            while j < len(s) and s[j] == '"':
                j += 1
            return j
        if s.startswith("'''", i):
            j = s.index("'''", i + 3) + 3
            while j < len(s) and s[j] == "'":
                j += 1
            return j
        if s[i] == '"':
            j = i + 1
            while s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            return j + 1
        if s[i] == "'":
            return s.index("'", i + 1) + 1
        if s[i] == "[":
            i, index = i + 1, 0
            while True:
                i = self._skip(i, True)
                if s[i] == "]":
                    return i + 1
                self._mark((*path, index), i)
                i = self._skip(self._value(i, (*path, index)), True)
                if s[i] == ",":
                    i, index = i + 1, index + 1
                elif s[i] != "]":
                    raise ValueError("expected ',' or ']'")
        if s[i] == "{":
            i += 1
            while True:
                i = self._skip(i, True)
                if s[i] == "}":
                    return i + 1
                if s[i] == ",":
                    i += 1
                    continue
                i = self._key_value(i, path)
        j = i
        while j < len(s) and s[j] not in ",]}\r\n#":
            j += 1
        return j

    def _key_value(self, i: int, table: _FieldPath) -> int:
        start = i
        parts, i = self._key(i)
        for n in range(1, len(parts) + 1):
            self._mark((*table, *parts[:n]), start)
        i = self._skip(i, False)
        if self._s[i] != "=":
            raise ValueError("expected '='")
        i = self._skip(i + 1, False)
        return self._value(i, (*table, *parts))

    def _resolve(self, parts: list[str]) -> _FieldPath:
        path: _FieldPath = ()
        for part in parts[:-1]:
            path = (*path, part)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        return (*path, parts[-1])

    def _scan(self) -> None:
        s, i = self._s, 0
        table: _FieldPath = ()
        while True:
            i = self._skip(i, True)
            if i >= len(s):
                return
            start = i
            if s.startswith("[[", i):
                parts, i = self._key(i + 2)
                i = self._skip(i, False) + 2  # "]]"
                array = self._resolve(parts)
                index = self._arrays.get(array, 0)
                self._arrays[array] = index + 1
                table = (*array, index)
                self._mark(array, start)
            elif s[i] == "[":
                parts, i = self._key(i + 1)
                i = self._skip(i, False) + 1  # "]"
                table = self._resolve(parts)
            else:
                i = self._key_value(i, table)
                continue
            self._mark(table, start)
            self.headers.append((self._line_at(start), table))


# ----------------------------------------------------------------------------------- reader

_TOP_REQUIRED: Final = ("title", "questions", "districts", "window", "trustees")
_TOP_OPTIONAL: Final = (
    "election_id",
    "group",
    "kdf",
    "min_district_size",
    "allow_small_districts",
    "allow_early_close",
    "keys",
    "booth_hash",
)
_KDF_FIELDS: Final = ("algorithm", "n", "r", "p", "allow_weak")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime):
        return "a datetime"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _text_problem(text: str) -> str | None:
    if not text.strip():
        return "must not be empty"
    if len(text) > _MAX_TEXT:
        return f"longer than {_MAX_TEXT} characters"
    if any(c != "\n" and unicodedata.category(c) == "Cc" for c in text):
        return "contains a control character"
    return None


class _Reader:
    """Checks a parsed definition (from TOML, or a manifest body) and collects every problem."""

    def __init__(self, file: str, locator: _Locator | None, *, manifest: bool) -> None:
        self.file = file
        self.locator = locator
        self.manifest = manifest
        self.problems: list[Problem] = []

    def error(self, path: _FieldPath, message: str) -> None:
        line = self.locator.line(path) if self.locator is not None else None
        self.problems.append(Problem(self.file, line, _format_path(path), message))

    # -- generic readers -------------------------------------------------------------------

    def table(
        self,
        value: object,
        path: _FieldPath,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> Mapping[str, object] | None:
        if self.manifest:
            required, optional = (*required, *optional), ()
        if not isinstance(value, Mapping):
            self.error(path, f"expected a table, got {_kind(value)}")
            return None
        known = (*required, *optional)
        for key in value:
            if key not in known:
                self.error((*path, key), f"unknown field; known fields: {', '.join(known)}")
        for key in required:
            if key not in value:
                self.error((*path, key), "missing")
        return value

    def field(
        self,
        table: Mapping[str, object],
        path: _FieldPath,
        key: str,
        read: Callable[[object, _FieldPath], _T | None],
        default: _T | None = None,
    ) -> _T | None:
        if key in table:
            return read(table[key], (*path, key))
        return default

    def array(self, value: object, path: _FieldPath, what: str) -> list[object] | None:
        if not isinstance(value, list):
            self.error(path, f"expected an array of {what}, got {_kind(value)}")
            return None
        if not value:
            self.error(path, f"needs at least one of {what}")
        return value

    def integer(
        self,
        value: object,
        path: _FieldPath,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"expected an integer, got {_kind(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(path, f"must be at least {minimum}, got {value}")
            return None
        if maximum is not None and value > maximum:
            self.error(path, f"must be at most {maximum}, got {value}")
            return None
        return value

    def boolean(self, value: object, path: _FieldPath) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, got {_kind(value)}")
            return None
        return value

    def string(self, value: object, path: _FieldPath) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected a string, got {_kind(value)}")
            return None
        problem = _text_problem(value)
        if problem is not None:
            self.error(path, problem)
            return None
        return value

    def ident(self, value: object, path: _FieldPath) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected an id (a string), got {_kind(value)}")
            return None
        if not value:
            self.error(path, "an id must not be empty")
            return None
        if len(value) > _MAX_ID or not _ID_RE.fullmatch(value):
            self.error(
                path,
                f"{value!r} is not an id: use 1 to {_MAX_ID} characters from a-z, 0-9 and '-'",
            )
            return None
        return value

    def unique(self, found: Sequence[tuple[_FieldPath, str]], what: str) -> None:
        first: dict[str, _FieldPath] = {}
        for path, value in found:
            if value in first:
                self.error(
                    path, f"duplicate {what} {value!r} (also at {_format_path(first[value])})"
                )
            else:
                first[value] = path

    def hex(self, value: object, path: _FieldPath, nbytes: int, what: str) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected {what} as a string of hex, got {_kind(value)}")
            return None
        if len(value) != 2 * nbytes or not _HEX_RE.fullmatch(value):
            self.error(
                path,
                f"{what} must be {2 * nbytes} lowercase hex characters ({nbytes} bytes), "
                f"got {value!r}",
            )
            return None
        return value

    def text(self, value: object, path: _FieldPath) -> Text | None:
        if isinstance(value, str) and not self.manifest:
            problem = _text_problem(value)
            if problem is not None:
                self.error(path, problem)
                return None
            return Text.plain(value)
        if not isinstance(value, Mapping):
            expected = (
                "a table of translations by language"
                if self.manifest
                else 'a string or a table of translations ({ en = "Yes", uk = "Так" })'
            )
            self.error(path, f"expected {expected}, got {_kind(value)}")
            return None
        if not value:
            self.error(path, "needs at least one language")
            return None
        items: list[tuple[str, str]] = []
        for language, text in value.items():
            if not isinstance(language, str) or not _LANGUAGE_RE.fullmatch(language):
                self.error(
                    (*path, str(language)),
                    f"{language!r} is not a language tag (like en, uk, ru, pt-BR, und)",
                )
                continue
            checked = self.string(text, (*path, language))
            if checked is not None:
                items.append((language, checked))
        return Text(tuple(items)) if len(items) == len(value) else None

    def key(self, value: object, path: _FieldPath) -> VerifyingKey | None:
        role = f"{_format_path(path)} (BIP-340 x-only public key)"
        if self.hex(value, path, 32, "a BIP-340 x-only public key") is None:
            return None
        try:
            return VerifyingKey.from_hex(value, role)
        except EncodingError:
            self.error(path, "not the x-coordinate of a secp256k1 point")
            return None

    def timestamp(self, value: object, path: _FieldPath) -> int | None:
        if self.manifest:
            return self.integer(value, path, 0)
        moment: datetime | None = None
        if isinstance(value, str):
            if not _RFC3339_RE.fullmatch(value):
                self.error(
                    path,
                    f"{value!r} is not an RFC 3339 timestamp with an offset "
                    "(like 2026-09-23T08:00:00+03:00 or 2026-09-23T05:00:00Z)",
                )
                return None
            moment = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        elif isinstance(value, datetime):
            moment = value
        else:
            self.error(path, f"expected a date and time with an offset, got {_kind(value)}")
            return None
        if moment.tzinfo is None or moment.utcoffset() is None:
            self.error(
                path,
                "a date and time without an offset is ambiguous: add Z or +hh:mm "
                "(like 2026-09-23T08:00:00+03:00)",
            )
            return None
        micros = (moment - _EPOCH) // _MICROSECOND
        if micros < 0:
            self.error(path, "must not be before 1970-01-01T00:00:00Z")
            return None
        return micros

    # -- the parts ---------------------------------------------------------------------------

    def definition(self, raw: object) -> Definition | None:
        top = self.table(raw, (), _TOP_REQUIRED, _TOP_OPTIONAL)
        if top is None:
            return None
        election_id = self.field(top, (), "election_id", self.election_id)
        title = self.field(top, (), "title", self.text)
        group = self.field(top, (), "group", self.group, DEFAULT_GROUP)
        min_size = self.field(
            top, (), "min_district_size", self.integer_at_least_1, MIN_DISTRICT_SIZE_FLOOR
        )
        allow_small = self.field(top, (), "allow_small_districts", self.boolean, False)
        allow_early = self.field(top, (), "allow_early_close", self.boolean, False)
        if (
            min_size is not None
            and min_size < MIN_DISTRICT_SIZE_FLOOR
            and allow_small is not None
            and not allow_small
        ):
            self.error(
                ("min_district_size",),
                f"{min_size} is below {MIN_DISTRICT_SIZE_FLOOR}: decrypting the tally of so few "
                "voters can reveal how they voted; set allow_small_districts = true to accept "
                "this knowingly",
            )
            min_size = None
        questions = self.field(top, (), "questions", self.questions)
        districts = self.field(top, (), "districts", lambda v, p: self.districts(v, p, min_size))
        window = self.field(top, (), "window", self.window)
        trustees = self.field(top, (), "trustees", self.trustees)
        kdf = self.field(top, (), "kdf", self.kdf, DEFAULT_KDF)
        keys = self.field(top, (), "keys", self.keys, Keys())
        booth_hash = self.field(top, (), "booth_hash", self.booth_hash)
        if (
            self.problems
            or title is None
            or group is None
            or min_size is None
            or allow_small is None
            or allow_early is None
            or questions is None
            or districts is None
            or window is None
            or trustees is None
            or kdf is None
            or keys is None
        ):
            return None
        return Definition(
            election_id=election_id,
            title=title,
            questions=questions,
            districts=districts,
            window=window,
            trustees=trustees,
            group=group,
            kdf=kdf,
            min_district_size=min_size,
            allow_small_districts=allow_small,
            keys=keys,
            booth_hash=booth_hash,
            allow_early_close=allow_early,
        )

    def integer_at_least_1(self, value: object, path: _FieldPath) -> int | None:
        return self.integer(value, path, 1)

    def election_id(self, value: object, path: _FieldPath) -> bytes | None:
        checked = self.hex(value, path, ELECTION_ID_BYTES, "the election id")
        return None if checked is None else bytes.fromhex(checked)

    def group(self, value: object, path: _FieldPath) -> str | None:
        if not isinstance(value, str) or value not in GROUP_NAMES:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(path, f"unknown group {shown}; known groups: {', '.join(GROUP_NAMES)}")
            return None
        return value

    def booth_hash(self, value: object, path: _FieldPath) -> str | None:
        if value is None and self.manifest:
            return None
        return self.hex(value, path, 32, "the booth bundle hash (SHA-256)")

    def questions(self, value: object, path: _FieldPath) -> tuple[Question, ...] | None:
        items = self.array(value, path, "questions")
        if items is None:
            return None
        ids: list[tuple[_FieldPath, str]] = []
        out = [self.question(item, (*path, i), ids) for i, item in enumerate(items)]
        self.unique(ids, "question id")
        return tuple(q for q in out if q is not None) if None not in out and out else None

    def question(
        self, value: object, path: _FieldPath, ids: list[tuple[_FieldPath, str]]
    ) -> Question | None:
        table = self.table(value, path, ("id", "text", "options", "min", "max"))
        if table is None:
            return None
        qid = self.field(table, path, "id", self.ident)
        if qid is not None:
            ids.append(((*path, "id"), qid))
        text = self.field(table, path, "text", self.text)
        options = self.field(table, path, "options", self.options)
        low = self.field(table, path, "min", lambda v, p: self.integer(v, p, 0))
        high = self.field(table, path, "max", lambda v, p: self.integer(v, p, 1))
        if options is not None and high is not None and high > len(options):
            self.error(
                (*path, "max"),
                f"max = {high} is more than the {len(options)} option(s) of the question",
            )
            high = None
        if low is not None and high is not None and low > high:
            self.error((*path, "min"), f"min = {low} is more than max = {high}")
            low = None
        if qid is None or text is None or options is None or low is None or high is None:
            return None
        return Question(qid, text, options, low, high)

    def options(self, value: object, path: _FieldPath) -> tuple[Option, ...] | None:
        items = self.array(value, path, "options")
        if items is None:
            return None
        out: list[Option | None] = []
        ids: list[tuple[_FieldPath, str]] = []
        for i, item in enumerate(items):
            table = self.table(item, (*path, i), ("id", "label"))
            if table is None:
                out.append(None)
                continue
            oid = self.field(table, (*path, i), "id", self.ident)
            if oid is not None:
                ids.append(((*path, i, "id"), oid))
            label = self.field(table, (*path, i), "label", self.text)
            out.append(None if oid is None or label is None else Option(oid, label))
        self.unique(ids, "option id")
        return tuple(o for o in out if o is not None) if None not in out and out else None

    def districts(
        self, value: object, path: _FieldPath, min_size: int | None
    ) -> tuple[District, ...] | None:
        items = self.array(value, path, "districts")
        if items is None:
            return None
        out: list[District | None] = []
        ids: list[tuple[_FieldPath, str]] = []
        for i, item in enumerate(items):
            here = (*path, i)
            table = self.table(item, here, ("id", "name", "registered"))
            if table is None:
                out.append(None)
                continue
            did = self.field(table, here, "id", self.ident)
            if did is not None:
                ids.append(((*here, "id"), did))
            name = self.field(table, here, "name", self.text)
            registered = self.field(table, here, "registered", self.integer_at_least_1)
            if registered is not None and min_size is not None and registered < min_size:
                self.error(
                    (*here, "registered"),
                    f"{registered} registered voters is below min_district_size = {min_size}: "
                    "the tally of so small a district would reveal how its voters voted; merge "
                    "it with a neighbouring district",
                )
                registered = None
            if did is None or name is None or registered is None:
                out.append(None)
            else:
                out.append(District(did, name, registered))
        self.unique(ids, "district id")
        return tuple(d for d in out if d is not None) if None not in out and out else None

    def window(self, value: object, path: _FieldPath) -> Window | None:
        table = self.table(value, path, ("opens", "closes"))
        if table is None:
            return None
        opens = self.field(table, path, "opens", self.timestamp)
        closes = self.field(table, path, "closes", self.timestamp)
        if opens is None or closes is None:
            return None
        if closes <= opens:
            self.error((*path, "closes"), "the window must close after it opens")
            return None
        return Window(opens, closes)

    def trustees(self, value: object, path: _FieldPath) -> Trustees | None:
        table = self.table(value, path, ("n", "k", "members"))
        if table is None:
            return None
        n = self.field(table, path, "n", self.integer_at_least_1)
        k = self.field(table, path, "k", self.integer_at_least_1)
        if n is not None and k is not None and k > n:
            self.error((*path, "k"), f"k = {k} is more than n = {n}: no quorum could decrypt")
            k = None
        members = self.field(table, path, "members", self.members)
        if members is not None and n is not None and len(members) != n:
            self.error(
                (*path, "members"),
                f"n = {n} trustees, but {len(members)} member(s) are listed",
            )
            members = None
        if n is None or k is None or members is None:
            return None
        return Trustees(n, k, members)

    def members(self, value: object, path: _FieldPath) -> tuple[Trustee, ...] | None:
        items = self.array(value, path, "trustees")
        if items is None:
            return None
        out: list[Trustee | None] = []
        ids: list[tuple[_FieldPath, str]] = []
        fingerprints: list[tuple[_FieldPath, str]] = []
        for i, item in enumerate(items):
            here = (*path, i)
            table = self.table(item, here, ("id", "name", "fingerprint"))
            if table is None:
                out.append(None)
                continue
            tid = self.field(table, here, "id", self.ident)
            name = self.field(table, here, "name", self.string)
            fingerprint = self.field(
                table, here, "fingerprint", lambda v, p: self.hex(v, p, 32, "a key fingerprint")
            )
            if tid is not None:
                ids.append(((*here, "id"), tid))
            if fingerprint is not None:
                fingerprints.append(((*here, "fingerprint"), fingerprint))
            if tid is None or name is None or fingerprint is None:
                out.append(None)
            else:
                out.append(Trustee(tid, name, fingerprint))
        self.unique(ids, "trustee id")
        self.unique(fingerprints, "fingerprint")
        return tuple(t for t in out if t is not None) if None not in out and out else None

    def kdf(self, value: object, path: _FieldPath) -> Kdf | None:
        table = self.table(value, path, (), _KDF_FIELDS)
        if table is None:
            return None
        algorithm = self.field(table, path, "algorithm", self.kdf_algorithm, DEFAULT_KDF.algorithm)
        n = self.field(
            table, path, "n", lambda v, p: self.integer(v, p, 2, _KDF_MAX_N), DEFAULT_KDF.n
        )
        r = self.field(
            table, path, "r", lambda v, p: self.integer(v, p, 1, _KDF_MAX_R), DEFAULT_KDF.r
        )
        p_ = self.field(
            table, path, "p", lambda v, p: self.integer(v, p, 1, _KDF_MAX_P), DEFAULT_KDF.p
        )
        allow_weak = self.field(table, path, "allow_weak", self.boolean, False)
        if n is not None and n & (n - 1):
            self.error((*path, "n"), f"scrypt n must be a power of two, got {n}")
            n = None
        if n is not None and n < KDF_MIN_N and allow_weak is False:
            self.error(
                (*path, "n"),
                f"scrypt n = {n} is below {KDF_MIN_N}; set allow_weak = true to accept a weak "
                "key derivation knowingly",
            )
            n = None
        if n is not None and r is not None and 128 * n * r > _KDF_MAX_MEMORY:
            self.error(
                (*path, "n"),
                f"scrypt with n = {n}, r = {r} needs {128 * n * r >> 20} MiB per derivation, "
                f"more than the {_KDF_MAX_MEMORY >> 20} MiB a voter's device can be asked for",
            )
            n = None
        if algorithm is None or n is None or r is None or p_ is None or allow_weak is None:
            return None
        return Kdf(algorithm, n, r, p_, allow_weak)

    def kdf_algorithm(self, value: object, path: _FieldPath) -> str | None:
        if not isinstance(value, str) or value not in KDF_ALGORITHMS:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(path, f"unknown KDF {shown}; known: {', '.join(KDF_ALGORITHMS)}")
            return None
        return value

    def keys(self, value: object, path: _FieldPath) -> Keys | None:
        table = self.table(value, path, (), _KEY_NAMES)
        if table is None:
            return None
        found = {name: self.field(table, path, name, self.key) for name in _KEY_NAMES}
        if any(name in table and found[name] is None for name in _KEY_NAMES):
            return None
        if self.manifest and None in found.values():
            return None
        return Keys(**found)


# ----------------------------------------------------------------------------- writing back


def update_toml(
    text: str,
    *,
    election_id: bytes | None = None,
    keys: Keys | None = None,
    path: str | os.PathLike[str] = "<definition>",
) -> str:
    """``text`` with ``election_id`` and/or the given keys written in, comments kept.

    An existing ``election_id = "…"`` line is replaced, else one is inserted before the first
    top-level key; key lines are replaced or added inside ``[keys]``, which is appended when
    missing. The result is parsed again and must hold exactly the values written.
    """
    file = os.fspath(path)
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{file}: not valid TOML: {exc}") from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    locator = _Locator(text)
    replacements: dict[int, str] = {}  # 0-based line index -> new line
    insertions: list[tuple[int, list[str]]] = []  # insert before this 0-based index
    expected: dict[_FieldPath, str] = {}

    if election_id is not None:
        if not isinstance(election_id, bytes) or len(election_id) != ELECTION_ID_BYTES:
            raise DefinitionError(f"election_id: must be {ELECTION_ID_BYTES} bytes")
        line = f'election_id = "{election_id.hex()}"\n'
        at = locator.exact(("election_id",))
        if at is not None:
            replacements[at - 1] = line
        else:
            first_header = min((n for n, _ in locator.headers), default=len(lines) + 1)
            top_keys = [locator.exact((name,)) for name in before]
            first = min((n for n in top_keys if n is not None and n < first_header), default=None)
            insertions.append(((first or first_header) - 1, [line]))
        expected[("election_id",)] = election_id.hex()

    new_keys = {
        name: getattr(keys, name).hex()
        for name in _KEY_NAMES
        if keys is not None and getattr(keys, name) is not None
    }
    if new_keys:
        header = locator.exact(("keys",))
        if "keys" in before and (header, ("keys",)) not in locator.headers:
            raise DefinitionError(f"{file}: keys: write the keys as a [keys] table to update them")
        added: list[str] = []
        for name, value in new_keys.items():
            line = f'{name} = "{value}"\n'
            at = locator.exact(("keys", name))
            if at is not None:
                replacements[at - 1] = line
            else:
                added.append(line)
            expected[("keys", name)] = value
        if header is None:
            insertions.append((len(lines), ["\n", "[keys]\n", *added]))
        elif added:
            insertions.append((header, added))

    for index, line in replacements.items():
        lines[index] = line
    for index, new_lines in sorted(insertions, key=lambda item: item[0], reverse=True):
        lines[index:index] = new_lines
    updated = "".join(lines)
    try:
        after = tomllib.loads(updated)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{file}: could not write the fields back: {exc}") from None
    for field_path, value in expected.items():
        found: object = after
        for part in field_path:
            found = found.get(str(part)) if isinstance(found, dict) else None
        if found != value:
            raise DefinitionError(
                f"{file}: {_format_path(field_path)}: could not be written back "
                '(write it as a one-line key = "value")'
            )
    return updated
