"""What the demonstration found: the steps and their times, the attacks and the board's answers,
turnout per day, and the counts the simulation kept aside to compare the result with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plebiscite.demo.scenario import (
    ATTACKS,
    Attack,
    Scenario,
)
from plebiscite.model.definition import Definition
from plebiscite.model.tally import Figures, Result, turnout_ppm
from plebiscite.rules.report import Report

__all__ = ["AttackOutcome", "DayTurnout", "DemoOutcome", "Expected", "StepTime"]

# ------------------------------------------------------------------------------ what came out


@dataclass(frozen=True, slots=True)
class StepTime:
    """One step of the run: its name, its wall time, a line about what it did, the main
    process's peak resident memory so far and its resident memory at the step's end (MB; 0 where
    the system does not tell).

    The peak is a high-water mark: the parties' secret files are unlocked with scrypt (128 MB
    for a moment), which sets it for a small run; the memory at each step's end is what the
    run keeps, and shows how it grows with the voters."""

    name: str
    seconds: float
    detail: str
    peak_rss_mb: float = 0.0
    rss_mb: float = 0.0


@dataclass(frozen=True, slots=True)
class AttackOutcome:
    """An attack posted to the board: refused (with the board's reason) or, wrongly, accepted."""

    attack: Attack
    refused: bool
    reason: str
    message: str

    @property
    def as_expected(self) -> bool:
        return self.refused and self.reason == self.attack.reason


@dataclass
class DayTurnout:
    """Entries accepted on one day of the window (by board time)."""

    day: int
    date: str
    first_ballots: int = 0
    revotes: int = 0
    challenges: int = 0


@dataclass
class Expected:
    """The plaintext figures of a district, kept aside by the simulation."""

    registered: int
    counts: list[int]
    counted: int = 0
    superseded: int = 0
    challenged: int = 0

    def figures(self) -> Figures:
        return Figures(
            (tuple(self.counts),), self.counted, self.registered, self.superseded, self.challenged
        )


@dataclass
class DemoOutcome:
    """Everything :func:`play` found; :attr:`ok` is False on any disagreement or failure."""

    out: Path
    scenario: Scenario
    steps: list[StepTime] = field(default_factory=list)
    days: list[DayTurnout] = field(default_factory=list)
    attacks: list[AttackOutcome] = field(default_factory=list)
    definition: Definition | None = None
    result: Result | None = None
    expected: dict[str, Expected] = field(default_factory=dict)
    report: Report | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    receipts: int = 0
    peak_rss_mb: float = 0.0
    peak_worker_rss_mb: float = 0.0
    #: per present trustee: the entries it checked while voting was open, and after the close
    trustees_followed: list[int] = field(default_factory=list)
    trustees_checked_after: list[int] = field(default_factory=list)
    #: the entries the authority's process had checked when asked to close
    authority_followed: int = 0

    def expected_total(self) -> Figures:
        """The sum of the districts' kept-aside figures."""
        parts = [e.figures() for e in self.expected.values()]
        options = len(parts[0].counts[0]) if parts else 0
        return Figures(
            (tuple(sum(p.counts[0][o] for p in parts) for o in range(options)),),
            sum(p.counted for p in parts),
            sum(p.registered for p in parts),
            sum(p.superseded for p in parts),
            sum(p.challenged for p in parts),
        )

    def disagreements(self) -> list[str]:
        """Where the posted result differs from the counts kept aside (empty: it agrees)."""
        if self.result is None:
            return ["no result was posted"]
        found: list[str] = []
        rows = [(d, f, self.expected[d].figures()) for d, f in self.result.districts]
        rows.append(("total", self.result.total, self.expected_total()))
        for name, posted, kept in rows:
            for label, a, b in (
                ("counts", posted.counts, kept.counts),
                ("counted", posted.counted, kept.counted),
                ("registered", posted.registered, kept.registered),
                ("turnout", posted.turnout_ppm, turnout_ppm(kept.counted, kept.registered)),
                ("superseded", posted.superseded, kept.superseded),
                ("challenged", posted.challenged, kept.challenged),
            ):
                if a != b:
                    found.append(f"{name}: {label} posted {a}, kept aside {b}")
        return found

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.disagreements()
            and self.report is not None
            and self.report.ok
            and len(self.attacks) == len(ATTACKS)
            and all(a.as_expected for a in self.attacks)
        )
