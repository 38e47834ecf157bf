"""The election definition: the TOML an election authority writes, validated, and its manifest.

The definition is the human-written source of the board's first entry, the ``manifest``
(DESIGN §4). This module holds what every reader of a manifest needs; the TOML side (reading the
file an authority writes with each problem's line, writing ids and keys back into it) is
:mod:`plebiscite.model.authoring`, which the verifier never imports. Its parts are in
:mod:`plebiscite.model.definition_parts` (re-exported here), their checks in
:mod:`plebiscite.model.definition_reader`.

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
``[kdf] allow_weak`` (a scrypt cost below :data:`KDF_MIN_N`, for elections that still name scrypt;
new ones derive credentials with ``hkdf-sha256``, docs/spec.md §8.3). Each produces a warning,
returned by :meth:`Definition.warnings` (and by :func:`plebiscite.model.authoring.validate`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from plebiscite.crypto import rand
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import DefinitionError
from plebiscite.model.definition_parts import (
    COERCION_MODES,
    DEFAULT_ANONYMITY,
    DEFAULT_KDF,
    DEFAULT_MAX_BALLOT_AGE,
    ELECTION_ID_BYTES,
    KDF_ALGORITHMS,
    KDF_MIN_N,
    KEY_NAMES,
    MAX_BALLOT_AGE_LIMIT,
    MAX_CHECKERS,
    MIN_DISTRICT_SIZE_FLOOR,
    UNDETERMINED_LANGUAGE,
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
    definition_error,
    format_path,
)
from plebiscite.model.definition_reader import Reader

__all__ = [
    "DEFAULT_KDF",
    "DEFAULT_MAX_BALLOT_AGE",
    "ELECTION_ID_BYTES",
    "KDF_ALGORITHMS",
    "KDF_MIN_N",
    "MAX_BALLOT_AGE_LIMIT",
    "MAX_CHECKERS",
    "MIN_DISTRICT_SIZE_FLOOR",
    "UNDETERMINED_LANGUAGE",
    "CeremonyDeadlines",
    "ChallengeChecker",
    "Definition",
    "District",
    "Kdf",
    "Keys",
    "Option",
    "Problem",
    "Question",
    "Registrar",
    "Text",
    "Trustee",
    "Trustees",
    "Window",
    "new_election_id",
    "warnings_at",
]


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
    #: independent challenge checkers; optional, absent from the manifest when empty
    checkers: tuple[ChallengeChecker, ...] = ()
    #: seconds a ballot may be posted after the head it names (spec §11.4); optional in the
    #: manifest, absent when the default
    max_ballot_age: int = DEFAULT_MAX_BALLOT_AGE
    #: when each round of the key ceremony closes; optional, absent from the manifest when None
    #: (then the commit round closes at the first reveal, spec §9)
    ceremony_deadlines: CeremonyDeadlines | None = None
    #: the election mode (spec §16.2): "revote" (absent from the manifest) or "fake-credentials"
    coercion: str = COERCION_MODES[0]
    #: the anonymity-set size β of a fake-credentials ballot (in the manifest in that mode only)
    anonymity: int = DEFAULT_ANONYMITY
    #: the registrars of the mode fake-credentials (spec §16.3), at least one there, none in the
    #: mode revote (and then absent from the manifest)
    registrars: tuple[Registrar, ...] = ()

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    def from_manifest(cls, body: object) -> Definition:
        """Read a ``manifest`` body strictly: every field present, none unknown, all valid."""
        reader = Reader("manifest", None, manifest=True)
        fields = reader.definition(body)
        if fields is None:
            raise definition_error("manifest", reader.problems)
        return cls(**fields)

    # -- writing ---------------------------------------------------------------------------

    def to_manifest(self) -> dict[str, Any]:
        """The JSON body of the ``manifest`` entry; needs the election id and all three keys."""
        missing = [] if self.election_id is not None else ["election_id"]
        missing += [f"keys.{name}" for name in KEY_NAMES if getattr(self.keys, name) is None]
        if missing:
            raise DefinitionError(
                "the definition is not ready for the manifest: missing " + ", ".join(missing)
            )
        assert self.election_id is not None
        keys = {name: getattr(self.keys, name).hex() for name in KEY_NAMES}
        manifest: dict[str, Any] = {
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
            "kdf": self.kdf.to_manifest(),
            "min_district_size": self.min_district_size,
            "allow_small_districts": self.allow_small_districts,
            "allow_early_close": self.allow_early_close,
            "keys": keys,
            "booth_hash": self.booth_hash,
        }
        if self.ceremony_deadlines is not None:  # absent when none, as checkers
            manifest["ceremony_deadlines"] = self.ceremony_deadlines.to_json()
        if self.max_ballot_age != DEFAULT_MAX_BALLOT_AGE:  # absent when the default, as checkers
            manifest["max_ballot_age"] = self.max_ballot_age
        if self.checkers:  # absent when empty: older manifests keep their exact bytes
            manifest["checkers"] = [{"name": c.name.to_json(), "url": c.url} for c in self.checkers]
        if self.coercion != COERCION_MODES[0]:  # absent in the mode revote: bytes unchanged
            manifest["coercion"] = self.coercion
            manifest["anonymity"] = self.anonymity
            manifest["registrars"] = [
                {"id": r.id, "name": r.name, "key": r.key.hex()} for r in self.registrars
            ]
        return manifest

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
    def fake_credentials(self) -> bool:
        """Whether the election runs in the mode fake-credentials (spec §16)."""
        return self.coercion == COERCION_MODES[1]

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
        return tuple(f"{format_path(path)}: {text}" for path, text in warnings_at(self))


def warnings_at(definition: Definition) -> list[tuple[FieldPath, str]]:
    """What the overrides of ``definition`` weaken, each at its field path."""
    out: list[tuple[FieldPath, str]] = []
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
    if definition.kdf.n is not None and definition.kdf.n < KDF_MIN_N:
        out.append(
            (
                ("kdf", "n"),
                f"WARNING: scrypt n = {definition.kdf.n} is below {KDF_MIN_N} (allowed by "
                "allow_weak = true): a stolen credential's key is cheap to brute-force if the "
                "credential's own entropy is ever reduced",
            )
        )
    return out


def new_election_id(rng: rand.Random | None = None) -> bytes:
    """128 fresh random bits for a new election's id."""
    return rand.get(rng).randbytes(ELECTION_ID_BYTES)
