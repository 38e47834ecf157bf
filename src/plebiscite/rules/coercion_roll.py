"""V4 in the mode fake-credentials (docs/spec.md §16.3, record.md §6): the registrars' roll.

:class:`RegistrarRollChecker` reads a stream of entries (entry 0 the manifest) and reports, with
the entry index and the field, every ``registrar_roll`` chunk that is not signed by the registrar
it names, is malformed (a ciphertext with the identity, a bad element or scalar), is out of order
or leaves a gap in its registrar's chunks of the district, carries more entries than the district
has voters, or carries an entry whose Schnorr proof of ``r_j`` fails; a ``credential_roll`` chunk
(that mode's roll, not this one's); a roll chunk after the final entry or after ``open``; and a
``credential_roll_final`` not signed by the credential authority, whose counts are not every
registrar's count (= ``registered``), or whose roots are not the Merkle roots of the combined roll
(:func:`~plebiscite.model.coercion.roll.roll_root`). A chunk with a bad signature or a malformed
body never joins the roll; one whose proof fails joins it (so that only the proof's failure is
reported) and fails V4.

The combined roll of each district (one ciphertext per voter, the product of the registrars'
entries at her position) is kept: :meth:`RegistrarRollChecker.roll` gives it to the ballots'
check. :class:`AnyRollChecker` picks the checker of the manifest's mode, so that the verifier and
the board run one V4 whatever the mode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs.schnorr import verify_schnorr
from plebiscite.errors import PlebisciteError, ProofError, RecordError
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.registration import registration_context
from plebiscite.model.coercion.roll import (
    REGISTRAR_ROLL_KIND,
    RegistrarChunk,
    decode_registrar_chunk,
    roll_root,
)
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import (
    FINAL_KIND,
    ROLL_KIND,
    DistrictRoll,
    RollChecker,
    RollFailure,
    RollIndex,
    RollReport,
)
from plebiscite.model.signed import unsigned_part, verify_body_signature

__all__ = ["ROLL_ENTRY_KINDS", "AnyRollChecker", "RegistrarRollChecker", "check_any_roll"]

#: the entry kinds V4 reads, in either mode
ROLL_ENTRY_KINDS: Final = (ROLL_KIND, REGISTRAR_ROLL_KIND, FINAL_KIND)
_FINAL_FIELDS: Final = frozenset({"districts", "signature"})
_FINAL_DISTRICT_FIELDS: Final = frozenset({"id", "count", "root"})


@dataclass
class _District:
    id: str
    registered: int
    #: the combined roll so far: position -> the product of the registrars' entries there
    roll: list[Ciphertext] = field(default_factory=list)
    #: per registrar j: (next chunk position, entries posted)
    posted: dict[int, tuple[int, int]] = field(default_factory=dict)
    chunks: int = 0


class RegistrarRollChecker:
    """The V4 checker of the mode fake-credentials, with :class:`RollChecker`'s interface."""

    def __init__(self) -> None:
        self._failures: list[RollFailure] = []
        self._definition: Definition | None = None
        self._group: Group | None = None
        self._ceremony_ctx = b""
        self._districts: dict[str, _District] = {}
        self._final_index: int | None = None
        self._open_index: int | None = None
        self._seen_any = False

    def _fail(self, index: int | None, where: str, message: str) -> None:
        self._failures.append(RollFailure(index, where, message))

    # -- reading ---------------------------------------------------------------------------------

    def observe(self, entry: Entry) -> None:
        """Take the next entry of the chain into account."""
        first, self._seen_any = not self._seen_any, True
        if self._definition is None:
            if first and entry.kind == "manifest":
                self._manifest(entry)
            elif first:
                self._fail(entry.index, "kind", f"{entry.kind!r} where the manifest was expected")
            return
        if entry.kind == REGISTRAR_ROLL_KIND:
            self._chunk(entry)
        elif entry.kind == ROLL_KIND:
            self._fail(
                entry.index,
                "kind",
                "a credential_roll chunk in the mode fake-credentials, whose roll is posted by "
                "the registrars (registrar_roll)",
            )
        elif entry.kind == FINAL_KIND:
            self._final(entry)
        elif entry.kind == "open" and self._open_index is None:
            self._open_index = entry.index
            if self._final_index is None:
                self._fail(entry.index, "kind", "voting opened before the roll was final")

    def _manifest(self, entry: Entry) -> None:
        try:
            definition = Definition.from_manifest(unsigned_part(entry.body))
            group = get_group(definition.group)
            assert definition.election_id is not None
            ctx = ceremony_context(
                definition.election_id,
                entry.body,
                group,
                definition.trustees.n,
                definition.trustees.k,
            )
        except PlebisciteError as exc:
            self._fail(entry.index, "body", f"the manifest does not parse: {exc}")
            return
        self._definition, self._group, self._ceremony_ctx = definition, group, ctx
        self._districts = {d.id: _District(d.id, d.registered) for d in definition.districts}

    def _chunk(self, entry: Entry) -> None:
        failures, apply = self._examine(entry.index, entry.body)
        self._failures += failures
        if apply is not None:
            apply()

    def admit(self, index: int, body: JSONObject) -> list[RollFailure]:
        """What V4 would report if ``body`` were posted as the ``registrar_roll`` at ``index``
        (nothing changes: the board's acceptance asks before it writes)."""
        if self._definition is None:
            return [RollFailure(index, "kind", "no manifest: nothing to check a roll chunk by")]
        return self._examine(index, body)[0]

    def _examine(
        self, index: int, body: JSONObject
    ) -> tuple[list[RollFailure], Callable[[], None] | None]:
        """The failures of the chunk ``body`` at ``index``, and how it joins the roll (None when
        it never does: late, malformed or not signed by its registrar)."""
        definition, group = self._definition, self._group
        assert definition is not None and group is not None and definition.election_id
        where = f"entry {index}"
        failures: list[RollFailure] = []

        def fail(field_: str, message: str) -> tuple[list[RollFailure], None]:
            failures.append(RollFailure(index, field_, message))
            return failures, None

        if self._final_index is not None:
            return fail("kind", f"a roll chunk after the final entry {self._final_index}")
        if self._open_index is not None:
            return fail("kind", f"a roll chunk after open (entry {self._open_index})")
        try:
            chunk = decode_registrar_chunk(group, body, where)
        except RecordError as exc:
            return fail(exc.field or "body", exc.detail)
        if not 1 <= chunk.registrar <= len(definition.registrars):
            return fail(
                "body.registrar",
                f"registrar {chunk.registrar}: the manifest lists "
                f"{len(definition.registrars)} registrar(s)",
            )
        registrar = definition.registrars[chunk.registrar - 1]
        try:
            verify_body_signature(
                registrar.key,
                definition.election_id,
                REGISTRAR_ROLL_KIND,
                body,
                where,
                f"registrar {chunk.registrar}",
            )
        except PlebisciteError as exc:
            return fail("body.signature", exc.detail)
        district = self._districts.get(chunk.district)
        if district is None:
            return fail("body.district", f"{chunk.district!r} is not a district of the manifest")
        next_chunk, start = district.posted.get(chunk.registrar, (0, 0))
        if chunk.position != next_chunk:
            gap = "a gap" if chunk.position > next_chunk else "out of order or repeated"
            failures.append(
                RollFailure(
                    index,
                    "body.position",
                    f"chunk {chunk.position} of registrar {chunk.registrar} in district "
                    f"{district.id!r} where chunk {next_chunk} was expected ({gap})",
                )
            )
        room = district.registered - start
        if len(chunk.entries) > room:
            return fail(
                f"body.entries[{max(room, 0)}]",
                f"registrar {chunk.registrar} posts more entries for district {district.id!r} "
                f"than its {district.registered} registered voters",
            )
        failures += _proof_failures(group, self._ceremony_ctx, index, chunk, district.id, start)

        def apply() -> None:
            assert group is not None and district is not None
            district.posted[chunk.registrar] = (
                max(next_chunk, chunk.position) + 1,
                start + len(chunk.entries),
            )
            district.chunks += 1
            for i, item in enumerate(chunk.entries):
                ct, position = item.ciphertext, start + i
                if position == len(district.roll):
                    district.roll.append(ct)
                else:
                    held = district.roll[position]
                    district.roll[position] = Ciphertext(
                        group.mul(held.alpha, ct.alpha), group.mul(held.beta, ct.beta)
                    )

        return failures, apply

    def _final(self, entry: Entry) -> None:
        definition = self._definition
        assert definition is not None and definition.election_id is not None
        index, body = entry.index, entry.body
        if self._final_index is not None:
            self._fail(index, "kind", f"a second final entry (the first is {self._final_index})")
            return
        self._final_index = index
        if self._open_index is not None:
            self._fail(index, "kind", f"the roll closed after open (entry {self._open_index})")
        ca = definition.keys.credential_authority
        assert ca is not None
        try:
            verify_body_signature(
                ca,
                definition.election_id,
                FINAL_KIND,
                body,
                f"entry {index}",
                "credential authority",
            )
        except PlebisciteError as exc:
            self._fail(index, "body.signature", exc.detail)
        if not _exact(self, index, body, "body", _FINAL_FIELDS):
            return
        listed = body["districts"]
        expected = [d.id for d in definition.districts]
        if type(listed) is not list or len(listed) != len(expected):
            self._fail(index, "body.districts", f"expected the {len(expected)} districts listed")
            return
        for i, (item, district_id) in enumerate(zip(listed, expected, strict=True)):
            where = f"body.districts[{i}]"
            if type(item) is not dict or not _exact(
                self, index, item, where, _FINAL_DISTRICT_FIELDS
            ):
                if type(item) is not dict:
                    self._fail(index, where, "expected an object")
                continue
            if item["id"] != district_id:
                self._fail(
                    index, f"{where}.id", f"{item['id']!r} where {district_id!r} was expected"
                )
                continue
            self._final_district(index, where, self._districts[district_id], item)

    def _final_district(
        self, index: int, where: str, district: _District, item: JSONObject
    ) -> None:
        definition, group = self._definition, self._group
        assert definition is not None and group is not None
        for j in range(1, len(definition.registrars) + 1):
            posted = district.posted.get(j, (0, 0))[1]
            if posted != district.registered:
                self._fail(
                    index,
                    f"{where}.count",
                    f"district {district.id!r}: registrar {j} posted {posted} entries, "
                    f"{district.registered} registered",
                )
        count = item["count"]
        if type(count) is not int or count != len(district.roll):
            self._fail(
                index, f"{where}.count", f"{count!r} but the roll holds {len(district.roll)}"
            )
        root = item["root"]
        if not district.roll:
            self._fail(index, f"{where}.root", f"district {district.id!r} has no roll entries")
        elif root != roll_root(group, district.id, district.roll).hex():
            self._fail(index, f"{where}.root", "not the Merkle root of the combined roll")

    # -- results ---------------------------------------------------------------------------------

    def report(self) -> RollReport:
        """Every failure so far, plus that of a roll never closed."""
        failures = list(self._failures)
        if self._definition is None:
            if not self._seen_any:
                failures.append(RollFailure(None, "entries", "the record is empty"))
        elif self._final_index is None:
            failures.append(
                RollFailure(None, FINAL_KIND, "the roll was never closed by a final entry")
            )
        group = self._group
        districts = tuple(
            DistrictRoll(
                d.id,
                d.registered,
                len(d.roll),
                d.chunks,
                roll_root(group, d.id, d.roll) if d.roll and group is not None else None,
            )
            for d in self._districts.values()
        )
        return RollReport(tuple(failures), districts, self._final_index, self._open_index)

    def district_of(self, key: bytes) -> str | None:
        """No credential key is on this mode's roll (its ballots carry no key)."""
        return None

    def roll(self, district: str) -> Sequence[Ciphertext]:
        """The combined roll of ``district`` (one ciphertext per voter, in roll order), read
        only: not copied, since every ballot's check reads it (a copy per ballot would make V12
        quadratic)."""
        found = self._districts.get(district)
        return () if found is None else found.roll


def _proof_failures(
    group: Group, ceremony_ctx: bytes, index: int, chunk: RegistrarChunk, district: str, start: int
) -> list[RollFailure]:
    """The failures of the chunk's Schnorr proofs, in entry order. Their equations are checked
    together (:class:`BatchVerifier`: one multi-exponentiation for the chunk when every proof
    holds); a proof the batch finds failing is verified again alone for its failure's words,
    so the verdicts and messages are those of one proof at a time."""
    batch = BatchVerifier(group)
    contexts = [
        registration_context(ceremony_ctx, district, chunk.registrar, start + i)
        for i in range(len(chunk.entries))
    ]
    failed: dict[int, str] = {}
    for i, (item, context) in enumerate(zip(chunk.entries, contexts, strict=True)):
        try:
            alpha = item.ciphertext.alpha
            verify_schnorr(group, alpha, item.proof, context, batch=batch, label=str(i))
        except ProofError as exc:
            failed[i] = exc.detail
    for label in batch.check():
        i = int(label)
        item = chunk.entries[i]
        try:
            verify_schnorr(group, item.ciphertext.alpha, item.proof, contexts[i])
        except ProofError as exc:
            failed[i] = exc.detail
    return [RollFailure(index, f"body.entries[{i}].proof", failed[i]) for i in sorted(failed)]


def _exact(
    checker: RegistrarRollChecker, index: int, obj: JSONObject, where: str, names: frozenset[str]
) -> bool:
    missing, unknown = sorted(names - obj.keys()), sorted(obj.keys() - names)
    if missing:
        checker._fail(index, where, f"missing field(s) {', '.join(missing)}")
    if unknown:
        checker._fail(index, where, f"unknown field(s) {', '.join(unknown)}")
    return not missing and not unknown


class AnyRollChecker:
    """V4 in the manifest's mode: :class:`RollChecker` (mode revote) or
    :class:`RegistrarRollChecker` (mode fake-credentials), chosen at entry 0."""

    def __init__(self) -> None:
        self._inner: RollChecker | RegistrarRollChecker | None = None
        self._extra: list[RollFailure] = []

    @property
    def inner(self) -> RollChecker | RegistrarRollChecker:
        if self._inner is None:
            self._inner = RollChecker()
        return self._inner

    def observe(self, entry: Entry) -> None:
        if self._inner is None and entry.kind == "manifest":
            fake = entry.body.get("coercion") == "fake-credentials"
            self._inner = RegistrarRollChecker() if fake else RollChecker()
        inner = self.inner
        if entry.kind == REGISTRAR_ROLL_KIND and isinstance(inner, RollChecker):
            self._extra += self.admit(entry.index, entry.body)
        inner.observe(entry)

    def report(self) -> RollReport:
        report = self.inner.report()
        if not self._extra:
            return report
        failures = tuple(sorted((*report.failures, *self._extra), key=_order))
        return RollReport(failures, report.districts, report.final_index, report.open_index)

    def district_of(self, key: bytes) -> str | None:
        return self.inner.district_of(key)

    def final_keys(self) -> RollIndex | None:
        """:meth:`RollChecker.final_keys` in the mode revote; None in the mode fake-credentials."""
        inner = self._inner
        return inner.final_keys() if isinstance(inner, RollChecker) else None

    @property
    def copy_unsupported(self) -> bool:
        """Whether :meth:`copy` gives None (the mode fake-credentials)."""
        return self._inner is not None and not isinstance(self._inner, RollChecker)

    def copy(self) -> AnyRollChecker | None:
        """A checker in the same state that goes on independently, in the mode revote
        (:meth:`RollChecker.copy`, which shares a final roll's keys); None in the mode
        fake-credentials, whose roll a checker's snapshot replays instead."""
        if self._inner is not None and not isinstance(self._inner, RollChecker):
            return None  # copy_unsupported
        other = AnyRollChecker()
        other._inner = None if self._inner is None else self._inner.copy()
        other._extra = list(self._extra)
        return other

    def admit(self, index: int, body: JSONObject) -> list[RollFailure]:
        """:meth:`RegistrarRollChecker.admit`; in the mode revote a registrar_roll fails V4."""
        inner = self.inner
        if isinstance(inner, RegistrarRollChecker):
            return inner.admit(index, body)
        return [RollFailure(index, "kind", "a registrar_roll in the mode revote")]

    def roll(self, district: str) -> Sequence[Ciphertext]:
        """The combined roll of ``district`` in the mode fake-credentials (else empty)."""
        inner = self.inner
        return inner.roll(district) if isinstance(inner, RegistrarRollChecker) else ()


def _order(failure: RollFailure) -> int:
    return -1 if failure.index is None else failure.index


def check_any_roll(entries: Iterable[Entry]) -> RollReport:
    """Run V4 in the manifest's mode over ``entries`` (from entry 0)."""
    checker = AnyRollChecker()
    for entry in entries:
        checker.observe(entry)
    return checker.report()
