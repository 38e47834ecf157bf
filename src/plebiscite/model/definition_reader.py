"""The checks of an election definition, field by field, every problem collected.

It stays one module (a little under 700 lines): one reader method per field of the
definition, all collecting into the same list of problems, so a field's rule is found by its name.

One :class:`Reader` serves both sources of a definition: the TOML an authority writes
(:mod:`plebiscite.model.authoring`, where optional fields take their defaults and each problem
gets its line) and the ``manifest`` body on the board (every field required, read strictly by
:meth:`~plebiscite.model.definition.Definition.from_manifest`). It returns the checked fields;
the definition module builds the :class:`~plebiscite.model.definition.Definition`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Final, TypedDict, TypeVar
from urllib.parse import urlsplit

from plebiscite.crypto.credential import HKDF_SHA256
from plebiscite.crypto.groups import DEFAULT_GROUP, GROUP_NAMES
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import EncodingError
from plebiscite.model.definition_parts import (
    ANONYMITY_RANGE,
    CEREMONY_ROUNDS,
    COERCION_MODES,
    DEFAULT_ANONYMITY,
    DEFAULT_KDF,
    DEFAULT_MAX_BALLOT_AGE,
    ELECTION_ID_BYTES,
    EPOCH,
    KDF_ALGORITHMS,
    KDF_MIN_N,
    KEY_NAMES,
    MAX_BALLOT_AGE_LIMIT,
    MAX_CHECKERS,
    MAX_REGISTRARS,
    MICROSECOND,
    MIN_DISTRICT_SIZE_FLOOR,
    SCRYPT_DEFAULTS,
    CeremonyDeadlines,
    ChallengeChecker,
    District,
    FieldPath,
    Kdf,
    Keys,
    Option,
    Problem,
    Question,
    Registrar,
    Text,
    Trustee,
    Trustees,
    Window,
    format_path,
)

__all__ = ["DefinitionFields", "LineOf", "Reader"]

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

_T = TypeVar("_T")

#: the line of a field path in the source text, when known
LineOf = Callable[[FieldPath], int | None]


class DefinitionFields(TypedDict):
    """The checked fields of a definition (the arguments of ``Definition``)."""

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
    checkers: tuple[ChallengeChecker, ...]
    allow_early_close: bool
    max_ballot_age: int
    ceremony_deadlines: CeremonyDeadlines | None
    coercion: str
    anonymity: int
    registrars: tuple[Registrar, ...]


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
    "checkers",
    "max_ballot_age",
    "ceremony_deadlines",
    "coercion",
    "anonymity",
    "registrars",
)
#: fields that stay optional in a manifest too (added after manifests without them existed)
_MANIFEST_OPTIONAL: Final = (
    "checkers",
    "max_ballot_age",
    "ceremony_deadlines",
    "coercion",
    "anonymity",
    "registrars",
)
_SCRYPT_FIELDS: Final = ("n", "r", "p", "allow_weak")


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


class Reader:
    """Checks a parsed definition (from TOML, or a manifest body) and collects every problem."""

    def __init__(self, file: str, line_of: LineOf | None, *, manifest: bool) -> None:
        self.file = file
        self.line_of = line_of
        self.manifest = manifest
        self.problems: list[Problem] = []

    def error(self, path: FieldPath, message: str) -> None:
        line = self.line_of(path) if self.line_of is not None else None
        self.problems.append(Problem(self.file, line, format_path(path), message))

    # -- generic readers -------------------------------------------------------------------

    def table(
        self,
        value: object,
        path: FieldPath,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> Mapping[str, object] | None:
        if self.manifest:
            required = (*required, *(f for f in optional if f not in _MANIFEST_OPTIONAL))
            optional = tuple(f for f in optional if f in _MANIFEST_OPTIONAL)
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
        path: FieldPath,
        key: str,
        read: Callable[[object, FieldPath], _T | None],
        default: _T | None = None,
    ) -> _T | None:
        if key in table:
            return read(table[key], (*path, key))
        return default

    def array(self, value: object, path: FieldPath, what: str) -> list[object] | None:
        if not isinstance(value, list):
            self.error(path, f"expected an array of {what}, got {_kind(value)}")
            return None
        if not value:
            self.error(path, f"needs at least one of {what}")
        return value

    def integer(
        self,
        value: object,
        path: FieldPath,
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

    def boolean(self, value: object, path: FieldPath) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, got {_kind(value)}")
            return None
        return value

    def string(self, value: object, path: FieldPath) -> str | None:
        if not isinstance(value, str):
            self.error(path, f"expected a string, got {_kind(value)}")
            return None
        problem = _text_problem(value)
        if problem is not None:
            self.error(path, problem)
            return None
        return value

    def ident(self, value: object, path: FieldPath) -> str | None:
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

    def unique(self, found: Sequence[tuple[FieldPath, str]], what: str) -> None:
        first: dict[str, FieldPath] = {}
        for path, value in found:
            if value in first:
                self.error(
                    path, f"duplicate {what} {value!r} (also at {format_path(first[value])})"
                )
            else:
                first[value] = path

    def hex(self, value: object, path: FieldPath, nbytes: int, what: str) -> str | None:
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

    def text(self, value: object, path: FieldPath) -> Text | None:
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

    def key(self, value: object, path: FieldPath) -> VerifyingKey | None:
        role = f"{format_path(path)} (BIP-340 x-only public key)"
        if self.hex(value, path, 32, "a BIP-340 x-only public key") is None:
            return None
        try:
            return VerifyingKey.from_hex(value, role)
        except EncodingError:
            self.error(path, "not the x-coordinate of a secp256k1 point")
            return None

    def timestamp(self, value: object, path: FieldPath) -> int | None:
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
        micros = (moment - EPOCH) // MICROSECOND
        if micros < 0:
            self.error(path, "must not be before 1970-01-01T00:00:00Z")
            return None
        return micros

    # -- the parts ---------------------------------------------------------------------------

    def definition(self, raw: object) -> DefinitionFields | None:
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
        none: tuple[ChallengeChecker, ...] = ()
        checkers = self.field(top, (), "checkers", self.checkers, none)
        max_age = self.field(top, (), "max_ballot_age", self.ballot_age, DEFAULT_MAX_BALLOT_AGE)
        deadlines = self.field(top, (), "ceremony_deadlines", self.deadlines)
        if deadlines is not None and window is not None and deadlines.complaints > window.opens_us:
            self.error(
                ("ceremony_deadlines", "complaints"),
                "the key ceremony must end before the voting window opens",
            )
        coercion, anonymity, registrars = self.coercion(top)
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
            or checkers is None
            or max_age is None
            or coercion is None
            or anonymity is None
            or registrars is None
        ):
            return None
        return DefinitionFields(
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
            allow_early_close=allow_early,
            keys=keys,
            booth_hash=booth_hash,
            checkers=checkers,
            max_ballot_age=max_age,
            ceremony_deadlines=deadlines,
            coercion=coercion,
            anonymity=anonymity,
            registrars=registrars,
        )

    def coercion(
        self, top: Mapping[str, object]
    ) -> tuple[str | None, int | None, tuple[Registrar, ...] | None]:
        """The mode, β and the registrars (spec §16.2–§16.3). A manifest of mode ``revote`` has
        none of the three fields; ``anonymity`` and ``registrars`` belong to the mode
        ``fake-credentials`` alone, which lists at least one registrar (a manifest states β)."""
        mode = self.field(top, (), "coercion", self.coercion_mode, COERCION_MODES[0])
        low, high = ANONYMITY_RANGE
        anonymity = self.field(
            top, (), "anonymity", lambda v, p: self.integer(v, p, low, high), DEFAULT_ANONYMITY
        )
        none: tuple[Registrar, ...] = ()
        registrars = self.field(top, (), "registrars", self.registrars, none)
        if mode is None:
            return None, anonymity, registrars
        if self.manifest and top.get("coercion") == COERCION_MODES[0]:
            self.error(("coercion",), "a manifest of the mode revote has no coercion field")
            return None, anonymity, registrars
        fake = mode == COERCION_MODES[1]
        for name in ("anonymity", "registrars"):
            if name in top and not fake:
                self.error((name,), "belongs to the mode fake-credentials only")
                return None, anonymity, registrars
        if self.manifest and fake and "anonymity" not in top:
            self.error(("anonymity",), "a manifest of the mode fake-credentials states it")
            return None, anonymity, registrars
        if fake and "registrars" not in top:
            self.error(
                ("registrars",),
                "the mode fake-credentials needs at least one registrar ([[registrars]] with "
                "id, name and key)",
            )
            return None, anonymity, registrars
        return mode, anonymity, registrars

    def registrars(self, value: object, path: FieldPath) -> tuple[Registrar, ...] | None:
        items = self.array(value, path, "registrars")
        if items is None:
            return None
        if len(items) > MAX_REGISTRARS:
            self.error(path, f"at most {MAX_REGISTRARS} registrars, got {len(items)}")
            return None
        out: list[Registrar | None] = []
        ids: list[tuple[FieldPath, str]] = []
        keys: list[tuple[FieldPath, str]] = []
        for i, item in enumerate(items):
            here = (*path, i)
            table = self.table(item, here, ("id", "name", "key"))
            if table is None:
                out.append(None)
                continue
            rid = self.field(table, here, "id", self.ident)
            name = self.field(table, here, "name", self.string)
            key = self.field(table, here, "key", self.key)
            if rid is not None:
                ids.append(((*here, "id"), rid))
            if key is not None:
                keys.append(((*here, "key"), key.hex()))
            out.append(
                None if rid is None or name is None or key is None else Registrar(rid, name, key)
            )
        self.unique(ids, "registrar id")
        self.unique(keys, "registrar key")
        if not items or None in out:
            return None
        return tuple(r for r in out if r is not None)

    def coercion_mode(self, value: object, path: FieldPath) -> str | None:
        if not isinstance(value, str) or value not in COERCION_MODES:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(path, f"unknown mode {shown}; the modes: {', '.join(COERCION_MODES)}")
            return None
        return value

    def integer_at_least_1(self, value: object, path: FieldPath) -> int | None:
        return self.integer(value, path, 1)

    def ballot_age(self, value: object, path: FieldPath) -> int | None:
        return self.integer(value, path, 1, MAX_BALLOT_AGE_LIMIT)

    def deadlines(self, value: object, path: FieldPath) -> CeremonyDeadlines | None:
        table = self.table(value, path, CEREMONY_ROUNDS)
        if table is None:
            return None
        times = [self.field(table, path, name, self.timestamp) for name in CEREMONY_ROUNDS]
        ordered = [t for t in times if t is not None]
        if len(ordered) != len(CEREMONY_ROUNDS):
            return None
        for name, before, after in zip(CEREMONY_ROUNDS[1:], ordered, ordered[1:], strict=False):
            if after <= before:
                self.error((*path, name), "each round's deadline must be after the one before")
                return None
        return CeremonyDeadlines(*ordered)

    def election_id(self, value: object, path: FieldPath) -> bytes | None:
        checked = self.hex(value, path, ELECTION_ID_BYTES, "the election id")
        return None if checked is None else bytes.fromhex(checked)

    def group(self, value: object, path: FieldPath) -> str | None:
        if not isinstance(value, str) or value not in GROUP_NAMES:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(path, f"unknown group {shown}; known groups: {', '.join(GROUP_NAMES)}")
            return None
        return value

    def booth_hash(self, value: object, path: FieldPath) -> str | None:
        if value is None and self.manifest:
            return None
        return self.hex(value, path, 32, "the booth bundle hash (SHA-256)")

    def checkers(self, value: object, path: FieldPath) -> tuple[ChallengeChecker, ...] | None:
        items = self.array(value, path, "challenge checkers")
        if items is None:
            return None
        if len(items) > MAX_CHECKERS:
            self.error(path, f"at most {MAX_CHECKERS} challenge checkers, got {len(items)}")
            return None
        urls: list[tuple[FieldPath, str]] = []
        out = [self.checker(item, (*path, i), urls) for i, item in enumerate(items)]
        self.unique(urls, "challenge checker url")
        return tuple(c for c in out if c is not None) if None not in out else None

    def checker(
        self, value: object, path: FieldPath, urls: list[tuple[FieldPath, str]]
    ) -> ChallengeChecker | None:
        table = self.table(value, path, ("name", "url"))
        if table is None:
            return None
        name = self.field(table, path, "name", self.text)
        url = self.field(table, path, "url", self.checker_url)
        if url is not None:
            urls.append(((*path, "url"), url))
        return None if name is None or url is None else ChallengeChecker(name, url)

    def checker_url(self, value: object, path: FieldPath) -> str | None:
        """An http(s) URL with a host, no credentials, query or fragment, nothing that could
        break out of an HTML attribute; at most 300 characters."""
        if not isinstance(value, str):
            self.error(path, f"expected a URL as a string, got {_kind(value)}")
            return None
        parts = urlsplit(value)
        if (
            len(value) > 300
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or "@" in parts.netloc
            or parts.query
            or parts.fragment
            or re.search(r"[\s\"'<>\\`]", value)
        ):
            self.error(
                path,
                f"{value!r} is not an http(s) URL with a host and without user, query or "
                "fragment (at most 300 characters)",
            )
            return None
        return value

    def questions(self, value: object, path: FieldPath) -> tuple[Question, ...] | None:
        items = self.array(value, path, "questions")
        if items is None:
            return None
        ids: list[tuple[FieldPath, str]] = []
        out = [self.question(item, (*path, i), ids) for i, item in enumerate(items)]
        self.unique(ids, "question id")
        return tuple(q for q in out if q is not None) if None not in out and out else None

    def question(
        self, value: object, path: FieldPath, ids: list[tuple[FieldPath, str]]
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

    def options(self, value: object, path: FieldPath) -> tuple[Option, ...] | None:
        items = self.array(value, path, "options")
        if items is None:
            return None
        out: list[Option | None] = []
        ids: list[tuple[FieldPath, str]] = []
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
        self, value: object, path: FieldPath, min_size: int | None
    ) -> tuple[District, ...] | None:
        items = self.array(value, path, "districts")
        if items is None:
            return None
        out: list[District | None] = []
        ids: list[tuple[FieldPath, str]] = []
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

    def window(self, value: object, path: FieldPath) -> Window | None:
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

    def trustees(self, value: object, path: FieldPath) -> Trustees | None:
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

    def members(self, value: object, path: FieldPath) -> tuple[Trustee, ...] | None:
        items = self.array(value, path, "trustees")
        if items is None:
            return None
        out: list[Trustee | None] = []
        ids: list[tuple[FieldPath, str]] = []
        fingerprints: list[tuple[FieldPath, str]] = []
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

    def kdf(self, value: object, path: FieldPath) -> Kdf | None:
        if not isinstance(value, Mapping):
            self.error(path, f"expected a table, got {_kind(value)}")
            return None
        scrypt_given = any(key in value for key in _SCRYPT_FIELDS)
        default = "scrypt" if scrypt_given and not self.manifest else DEFAULT_KDF.algorithm
        if self.manifest and "algorithm" not in value:
            self.error((*path, "algorithm"), "missing")
            return None
        algorithm = self.field(value, path, "algorithm", self.kdf_algorithm, default)
        if algorithm is None:
            return None
        if algorithm == HKDF_SHA256.name:
            if self.table(value, path, ("algorithm",)) is None or scrypt_given:
                return None
            return Kdf(algorithm)
        table = self.table(value, path, (), ("algorithm", *_SCRYPT_FIELDS))
        if table is None:
            return None
        n = self.field(
            table, path, "n", lambda v, p: self.integer(v, p, 2, _KDF_MAX_N), SCRYPT_DEFAULTS.n
        )
        r = self.field(
            table, path, "r", lambda v, p: self.integer(v, p, 1, _KDF_MAX_R), SCRYPT_DEFAULTS.r
        )
        p_ = self.field(
            table, path, "p", lambda v, p: self.integer(v, p, 1, _KDF_MAX_P), SCRYPT_DEFAULTS.p
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
        if n is None or r is None or p_ is None or allow_weak is None:
            return None
        return Kdf(algorithm, n, r, p_, allow_weak)

    def kdf_algorithm(self, value: object, path: FieldPath) -> str | None:
        if not isinstance(value, str) or value not in KDF_ALGORITHMS:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.error(path, f"unknown KDF {shown}; known: {', '.join(KDF_ALGORITHMS)}")
            return None
        return value

    def keys(self, value: object, path: FieldPath) -> Keys | None:
        table = self.table(value, path, (), KEY_NAMES)
        if table is None:
            return None
        found = {name: self.field(table, path, name, self.key) for name in KEY_NAMES}
        if any(name in table and found[name] is None for name in KEY_NAMES):
            return None
        if self.manifest and None in found.values():
            return None
        return Keys(**found)
