"""What the verifier found: failures, a summary per check, and the JSON report.

A :class:`Failure` names the check (``V1`` … ``V10``), the entry index (``None`` when the failure
is about the record as a whole, such as a missing ``result``), the field (a path inside the entry,
``body.questions[0].proofs[1]``, or a place such as ``heads.jsonl:12``) and says what is wrong.

:class:`Report` is the outcome of a run: every failure, and per check how many items it checked
(entries, heads, aggregates) and how many failed. A :class:`RejectedInput` is a line supplied from
outside the record (``--heads``) that is not a head signed by the board's key: a warning naming its
file and line, not a failure of the record (spec §13 V1.6). :meth:`Report.to_json` writes the JSON
document
described by ``docs/verify-schema.json`` (:data:`REPORT_FORMAT`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.rules.checks import CHECK_IDS, CHECKS, applies

__all__ = [
    "REPORT_FORMAT",
    "CheckSummary",
    "Failure",
    "RejectedInput",
    "Report",
]

#: the ``format`` field of the JSON report
REPORT_FORMAT: Final = "plebiscite-verify-report/1"


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed check, placed: the check, the entry index (or None), the field, what is wrong."""

    check: str
    index: int | None
    field: str
    message: str

    def __post_init__(self) -> None:
        if self.check not in CHECK_IDS:
            raise ValueError(f"failure: unknown check {self.check!r}")

    def __str__(self) -> str:
        where = "record" if self.index is None else f"entry {self.index}"
        place = f"{where}, {self.field}" if self.field else where
        return f"{self.check} {place}: {self.message}"

    def to_json(self) -> JSONObject:
        return {
            "check": self.check,
            "index": self.index,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class RejectedInput:
    """A line given from outside the record that was not checked against it: ``place`` is its
    file and line, ``message`` why it was rejected (unreadable, not a signed head, another
    election's, not signed by the board's key)."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def to_json(self) -> JSONObject:
        return {"place": self.place, "message": self.message}


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """One line of the summary: a check, what it covers, items checked, failures; ``applies``
    whether the check has anything to check in the record's mode (not in the JSON: the human
    table shows it)."""

    check: str
    title: str
    checked: int
    failures: int
    applies: bool = True

    @property
    def passed(self) -> bool:
        return self.failures == 0

    def to_json(self) -> JSONObject:
        return {
            "check": self.check,
            "title": self.title,
            "checked": self.checked,
            "failures": self.failures,
            "passed": self.passed,
        }


@dataclass(frozen=True)
class Report:
    """The outcome of a verification run.

    ``entries`` is how many entries of the chain were read; ``notes`` are findings that are not
    failures (a trustee the ceremony disqualified, an ignored entry); ``figures`` the recomputed
    totals (counted, superseded, challenged ballots); ``state`` where the election stands (empty,
    setup, open, closed, complete: :attr:`~plebiscite.rules.checker.Checker.election_state`);
    ``in_progress`` whether it was checked as an election still running (what it does not have
    yet is then no failure); ``rejected`` the lines given from outside that were not heads
    signed by the board's key (warnings; they do not make the record fail); ``mode`` the
    election's coercion mode (None without a manifest; not in the JSON report, whose bytes are
    pinned: the human summary says which checks are not of this mode).
    """

    entries: int
    failures: tuple[Failure, ...]
    checked: Mapping[str, int]
    notes: tuple[str, ...] = ()
    figures: Mapping[str, int] = field(default_factory=dict)
    record: str | None = None
    state: str = "empty"
    in_progress: bool = False
    rejected: tuple[RejectedInput, ...] = ()
    mode: str | None = None

    @property
    def ok(self) -> bool:
        """True when every check passed and at least the chain was read."""
        return self.entries > 0 and not self.failures

    def failures_of(self, check: str) -> list[Failure]:
        return [f for f in self.failures if f.check == check]

    @property
    def failed_checks(self) -> list[str]:
        """The checks with at least one failure, in order."""
        found = {f.check for f in self.failures}
        return [c for c in CHECK_IDS if c in found]

    def summary(self) -> list[CheckSummary]:
        counts: dict[str, int] = {}
        for failure in self.failures:
            counts[failure.check] = counts.get(failure.check, 0) + 1
        return [
            CheckSummary(
                c, CHECKS[c].title, self.checked.get(c, 0), counts.get(c, 0), applies(c, self.mode)
            )
            for c in CHECK_IDS
        ]

    def to_json(self) -> JSONObject:
        """The JSON report (``docs/verify-schema.json``)."""
        summary: list[JSONValue] = [s.to_json() for s in self.summary()]
        failures: list[JSONValue] = [f.to_json() for f in self.failures]
        notes: list[JSONValue] = list(self.notes)
        figures: dict[str, JSONValue] = dict(self.figures)
        rejected: list[JSONValue] = [r.to_json() for r in self.rejected]
        return {
            "format": REPORT_FORMAT,
            "record": self.record,
            "ok": self.ok,
            "state": self.state,
            "in_progress": self.in_progress,
            "entries": self.entries,
            "summary": summary,
            "failures": failures,
            "notes": notes,
            "figures": figures,
            "rejected_inputs": rejected,
        }


def sort_failures(failures: Sequence[Failure]) -> list[Failure]:
    """Failures in check order, then entry order (record-wide failures last in each check)."""
    order = {c: i for i, c in enumerate(CHECK_IDS)}
    return sorted(
        failures,
        key=lambda f: (order[f.check], f.index is None, f.index if f.index is not None else 0),
    )
