"""Authoring an election definition: the TOML file an election authority writes.

:func:`validate` reads the TOML text and reports *every* problem at once, each with the file,
the line (found by scanning the text for the key or for the N-th ``[[table]]``) and the field path
(``districts[2].registered``); :func:`definition_from_toml` and :func:`load_definition` raise one
:class:`~plebiscite.errors.DefinitionError` listing them all. :func:`update_toml` writes the
election id and the parties' keys back into the file, comments kept.

Only the authority's side imports this module: a verifier reads the manifest on the board
(:meth:`plebiscite.model.definition.Definition.from_manifest`), never the TOML.
"""

from __future__ import annotations

import bisect
import json
import os
from dataclasses import dataclass
from pathlib import Path

import tomli

from plebiscite.errors import DefinitionError
from plebiscite.model.definition import Definition, warnings_at
from plebiscite.model.definition_parts import (
    ELECTION_ID_BYTES,
    KEY_NAMES,
    FieldPath,
    Keys,
    Problem,
    definition_error,
    format_path,
)
from plebiscite.model.definition_reader import Reader

__all__ = ["Validation", "definition_from_toml", "load_definition", "update_toml", "validate"]


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
            raise definition_error(self.file, self.problems)
        return self.definition


def definition_from_toml(text: str, path: str | os.PathLike[str] = "<definition>") -> Definition:
    """Parse and validate TOML text; :class:`DefinitionError` lists every problem."""
    return validate(text, path).result()


def load_definition(path: str | os.PathLike[str]) -> Definition:
    """Read and validate the definition in the file ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(f"{os.fspath(path)}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise DefinitionError(
            f"{os.fspath(path)}: cannot read the definition: {exc.strerror or exc}"
        ) from None
    return definition_from_toml(text, path)


def validate(text: str, path: str | os.PathLike[str] = "<definition>") -> Validation:
    """Parse TOML ``text`` (read from ``path``) and check every rule; never stops at the first."""
    file = os.fspath(path)
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:  # its line is an attribute (tomllib has none before 3.14)
        problem = Problem(file, exc.lineno, "", f"not valid TOML: {exc.msg} (column {exc.colno})")
        return Validation(file, None, (problem,), ())
    locator = _Locator(text)
    reader = Reader(file, locator.line, manifest=False)
    fields = reader.definition(raw)
    definition = None if fields is None else Definition(**fields)
    warnings: tuple[Problem, ...] = ()
    if definition is not None:
        warnings = tuple(
            Problem(file, locator.line(p), format_path(p), message)
            for p, message in warnings_at(definition)
        )
    return Validation(file, definition, tuple(reader.problems), warnings)


class _Locator:
    """The line of every key, array element and table header in TOML text.

    A small scanner over text that ``tomli`` has already accepted: it follows strings,
    comments, arrays, inline tables, dotted keys and ``[table]`` / ``[[array of tables]]``
    headers, and records where each field path starts.
    """

    def __init__(self, text: str) -> None:
        self._s = text
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        self._lines: dict[FieldPath, int] = {}
        self.headers: list[tuple[int, FieldPath]] = []
        self._arrays: dict[FieldPath, int] = {}
        try:
            self._scan()
        except (IndexError, ValueError):  # text tomli refused; lines found so far still hold
            pass

    def line(self, path: FieldPath) -> int | None:
        """The line of ``path``, else of its nearest enclosing field that has one."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None

    def exact(self, path: FieldPath) -> int | None:
        return self._lines.get(path)

    def _line_at(self, position: int) -> int:
        return bisect.bisect_left(self._newlines, position) + 1

    def _mark(self, path: FieldPath, position: int) -> None:
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

    def _value(self, i: int, path: FieldPath) -> int:
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

    def _key_value(self, i: int, table: FieldPath) -> int:
        start = i
        parts, i = self._key(i)
        for n in range(1, len(parts) + 1):
            self._mark((*table, *parts[:n]), start)
        i = self._skip(i, False)
        if self._s[i] != "=":
            raise ValueError("expected '='")
        i = self._skip(i + 1, False)
        return self._value(i, (*table, *parts))

    def _resolve(self, parts: list[str]) -> FieldPath:
        path: FieldPath = ()
        for part in parts[:-1]:
            path = (*path, part)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        return (*path, parts[-1])

    def _scan(self) -> None:
        s, i = self._s, 0
        table: FieldPath = ()
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
        before = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise DefinitionError(f"{file}: not valid TOML: {exc}") from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    locator = _Locator(text)
    replacements: dict[int, str] = {}  # 0-based line index -> new line
    insertions: list[tuple[int, list[str]]] = []  # insert before this 0-based index
    expected: dict[FieldPath, str] = {}

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
        for name in KEY_NAMES
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
        after = tomli.loads(updated)
    except tomli.TOMLDecodeError as exc:
        raise DefinitionError(f"{file}: could not write the fields back: {exc}") from None
    for field_path, value in expected.items():
        found: object = after
        for part in field_path:
            found = found.get(str(part)) if isinstance(found, dict) else None
        if found != value:
            raise DefinitionError(
                f"{file}: {format_path(field_path)}: could not be written back "
                '(write it as a one-line key = "value")'
            )
    return updated
