"""The election the demonstration plays: its definition, its voters' behaviour, its attacks.

The definition is the example referendum (``examples/referendum.toml``: four districts, five days,
one yes/no question, five trustees of whom any three decrypt), with the demonstration's own
trustees' fingerprints and ``registered`` scaled to the number of voters asked for. Credentials
are derived with HKDF-SHA256 (docs/spec.md §8.3), or with scrypt at the cost ``kdf_n`` when the
scenario asks for it (an election of the older kind; below the definition's floor of 2^14 the
definition says ``allow_weak = true`` and the run prints the warning).

Voters are planned one at a time from a seed (the simulation's own choices, never key material):
whether each registered voter turns out (a turnout per district), her choice (a "yes" share per
district), whether she challenges a ballot before casting, whether she revotes later (most
revoters change their choice: the first ballot was cast under watch). Voters arrive over the five
days with more on some days (:data:`DAY_WEIGHTS`): :class:`Plan` yields them in arrival order,
districts interleaved, each voter's behaviour drawn once and kept in two bytes (about 2 MB for a
million voters).
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto.groups import GROUP_NAMES
from plebiscite.errors import ParameterError

__all__ = [
    "ABSENT_TRUSTEE",
    "ATTACKS",
    "DAY_US",
    "DAY_WEIGHTS",
    "DEFAULT_VOTERS",
    "DEMO_KDF_N",
    "DISTRICTS",
    "HOUR_US",
    "TRUSTEES",
    "Attack",
    "DistrictProfile",
    "Plan",
    "Scenario",
    "Voter",
    "plan",
]

HOUR_US: Final = 3_600 * 1_000_000
DAY_US: Final = 24 * HOUR_US
DEFAULT_VOTERS: Final = 2_000
#: scrypt cost for ``--kdf-n`` without a value of its own (the definition's floor is 2^14)
DEMO_KDF_N: Final = 1 << 12
#: the share of the voters who turn out that arrive on each day of the window
DAY_WEIGHTS: Final = (0.30, 0.17, 0.12, 0.15, 0.26)
#: the smallest ``min_district_size`` without ``allow_small_districts``
_SIZE_FLOOR: Final = 100


@dataclass(frozen=True, slots=True)
class DistrictProfile:
    """A district of the example: its share of the registered voters and how its voters act."""

    id: str
    name_en: str
    name_uk: str
    name_ru: str
    weight: int
    turnout: float
    yes: float


DISTRICTS: Final = (
    DistrictProfile("donetsk", "Donetsk", "Донецьк", "Донецк", 600, 0.74, 0.41),
    DistrictProfile("luhansk", "Luhansk", "Луганськ", "Луганск", 550, 0.68, 0.36),
    DistrictProfile("zaporizhzhia", "Zaporizhzhia", "Запоріжжя", "Запорожье", 500, 0.81, 0.47),
    DistrictProfile("kherson", "Kherson", "Херсон", "Херсон", 450, 0.63, 0.53),
)

#: the example's trustees: (id, name)
TRUSTEES: Final = (
    ("observers", "Independent observer mission"),
    ("bar", "Bar association"),
    ("university", "University law faculty"),
    ("journalists", "Union of journalists"),
    ("opposition", "Opposition parties' delegate"),
)
#: the trustee who does not come to decrypt
ABSENT_TRUSTEE: Final = "journalists"


@dataclass(frozen=True, slots=True)
class Attack:
    """An attack the board must refuse: its name, what it is, and the refusal expected."""

    name: str
    description: str
    reason: str


ATTACKS: Final = (
    Attack(
        "no_credential",
        "a ballot signed with a credential that was never issued",
        "not_on_roll",
    ),
    Attack(
        "replay",
        "a coercer replays a voter's first ballot after she revoted",
        "replay",
    ),
    Attack(
        "after_close",
        "a valid ballot of a registered voter, posted after voting closed",
        "voting_closed",
    ),
    Attack(
        "malformed",
        "a copy of a cast ballot with one ciphertext point's encoding broken",
        "malformed",
    ),
    Attack(
        "wrong_district",
        "a valid credential used for a ballot in another district",
        "wrong_district",
    ),
    Attack(
        "cast_challenged",
        "a lying device casts the ballot the voter had challenged",
        "challenged_ballot",
    ),
    Attack(
        "copied_challenge",
        "a vote buyer re-proves a voter's opened challenge under his own credential",
        "copied_ciphertext",
    ),
    Attack(
        "withheld",
        "a coercer makes a voter sign a ballot, keeps it, and posts it late",
        "stale_head",
    ),
    Attack(
        "invented_challenge",
        "the board posts a voter's challenge a second time, to inflate the challenged figure",
        "replay",
    ),
    Attack(
        "inflated_challenged",
        "the result counts a challenge the board does not hold (challenged raised by one)",
        "wrong_figures",
    ),
    Attack(
        "early_close",
        "the authority closes voting early without the trustees' co-signatures",
        "early_close_not_cosigned",
    ),
)


@dataclass(frozen=True, slots=True)
class Voter:
    """One registered voter as the scenario plays her.

    ``district`` indexes :data:`DISTRICTS`; ``number`` is her sheet's position in the district's
    sheets file (0-based); ``first`` and ``final`` are the option chosen in her first and last
    ballot (0 yes, 1 no); ``arrival_us`` and ``revote_us`` are board times (0 when she does not
    vote, or does not revote).
    """

    district: int
    number: int
    votes: bool
    first: int
    final: int
    challenges: bool
    revotes: bool
    arrival_us: int
    revote_us: int


@dataclass(frozen=True)
class Scenario:
    """What the demonstration plays: the number of voters and how they behave."""

    voters: int = DEFAULT_VOTERS
    seed: int = 2026
    challenge_rate: float = 0.05
    revote_rate: float = 0.10
    kdf_n: int | None = None  # None: HKDF-SHA256; a power of two: scrypt at that cost
    group: str = "secp256k1"  # the election group: secp256k1 or modp4096
    mix: bool = False  # the trustees shuffle the counted ballots after the tally (spec §15.7)

    def __post_init__(self) -> None:
        if self.voters < len(DISTRICTS):
            raise ParameterError(
                f"--voters {self.voters}: at least {len(DISTRICTS)}, one per district"
            )
        for name in ("challenge_rate", "revote_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ParameterError(f"{name}: {value} is not between 0 and 1")
        if self.group not in GROUP_NAMES:
            raise ParameterError(f"group: {self.group!r} is not one of {', '.join(GROUP_NAMES)}")
        if self.kdf_n is not None and (self.kdf_n < 2 or self.kdf_n & (self.kdf_n - 1)):
            raise ParameterError(f"kdf n: {self.kdf_n} is not a power of two")

    def registered(self) -> tuple[int, ...]:
        """Registered voters per district: ``voters`` split by the example's proportions."""
        weights = [d.weight for d in DISTRICTS]
        total = sum(weights)
        counts = [max(1, self.voters * w // total) for w in weights]
        position = 0
        while sum(counts) < self.voters:  # hand out the remainder, largest district first
            counts[position % len(counts)] += 1
            position += 1
        while sum(counts) > self.voters:
            largest = counts.index(max(counts))
            counts[largest] -= 1
        return tuple(counts)

    def small_districts(self) -> bool:
        """Whether some district would count fewer than 100 ballots (a run for tests)."""
        return any(
            n * d.turnout * 0.8 < _SIZE_FLOOR
            for n, d in zip(self.registered(), DISTRICTS, strict=True)
        )

    def definition_text(self, fingerprints: Sequence[str]) -> str:
        """The TOML definition: the example referendum with these trustees' fingerprints."""
        if len(fingerprints) != len(TRUSTEES):
            raise ParameterError(f"{len(fingerprints)} fingerprints for {len(TRUSTEES)} trustees")
        lines = [
            "# The referendum that `plebiscite demo` plays: examples/referendum.toml with the",
            "# demonstration's own trustees, its number of voters and its credential cost.",
            "",
            'title = { en = "Referendum in four regions", uk = "Референдум у чотирьох '
            'областях", ru = "Референдум в четырёх областях" }',
            f'group = "{self.group}"',
        ]
        if self.small_districts():
            lines += ["min_district_size = 1", "allow_small_districts = true"]
        else:
            lines += [f"min_district_size = {_SIZE_FLOOR}"]
        lines += ["allow_early_close = true"]
        lines += [
            "",
            "[[questions]]",
            'id = "proposal"',
            'text = { en = "Do you approve the proposal set out in the referendum notice?", '
            'uk = "Чи схвалюєте ви пропозицію, викладену в оголошенні про референдум?", '
            'ru = "Одобряете ли вы предложение, изложенное в объявлении о референдуме?" }',
            "min = 1",
            "max = 1",
            "",
            "[[questions.options]]",
            'id = "yes"',
            'label = { en = "Yes", uk = "Так", ru = "Да" }',
            "",
            "[[questions.options]]",
            'id = "no"',
            'label = { en = "No", uk = "Ні", ru = "Нет" }',
        ]
        for district, registered in zip(DISTRICTS, self.registered(), strict=True):
            lines += [
                "",
                "[[districts]]",
                f'id = "{district.id}"',
                f'name = {{ en = "{district.name_en}", uk = "{district.name_uk}", '
                f'ru = "{district.name_ru}" }}',
                f"registered = {registered}",
            ]
        lines += [
            "",
            "[window]",
            "opens = 2026-09-23T08:00:00+03:00",
            "closes = 2026-09-28T08:00:00+03:00",
            "",
            "[trustees]",
            f"n = {len(TRUSTEES)}",
            "k = 3",
        ]
        for (trustee_id, name), fingerprint in zip(TRUSTEES, fingerprints, strict=True):
            lines += [
                "",
                "[[trustees.members]]",
                f'id = "{trustee_id}"',
                f'name = "{name}"',
                f'fingerprint = "{fingerprint}"',
            ]
        if self.kdf_n is None:
            lines += ["", "[kdf]", 'algorithm = "hkdf-sha256"']
            return "\n".join(lines) + "\n"
        lines += [
            "",
            "# scrypt: a real deployment keeps n = 16384 or more (see the warning printed).",
            "[kdf]",
            'algorithm = "scrypt"',
            f"n = {self.kdf_n}",
            "r = 8",
            "p = 1",
        ]
        if self.kdf_n < 1 << 14:
            lines.append("allow_weak = true")
        return "\n".join(lines) + "\n"


def _interleaved(registered: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Every ``(district, number)`` once, the districts mixed in proportion to their size."""
    total = sum(registered)
    emitted = [0] * len(registered)
    districts = range(len(registered))
    for position in range(1, total + 1):
        # the district furthest behind its share of the first ``position`` voters (the first
        # such, on a tie)
        best, lead = -1, 0.0
        for i in districts:
            if emitted[i] < registered[i]:
                behind = registered[i] * position / total - emitted[i]
                if best < 0 or behind > lead:
                    best, lead = i, behind
        yield best, emitted[best]
        emitted[best] += 1


def _behaviour(
    scenario: Scenario, district: int, number: int
) -> tuple[bool, int, int, bool, bool, float]:
    """A voter's choices, from her own seeded generator (simulation only, never key material)."""
    profile = DISTRICTS[district]
    r = random.Random(f"{scenario.seed}/{profile.id}/{number}")  # simulated behaviour only
    votes = r.random() < profile.turnout
    final = 0 if r.random() < profile.yes else 1
    challenges = r.random() < scenario.challenge_rate
    revotes = r.random() < scenario.revote_rate
    changed = r.random() < 0.7
    first = 1 - final if revotes and changed else final
    delay = r.uniform(1.0, 30.0)  # hours until the revote
    return votes, first, final, challenges, revotes, delay


def _arrival(opens_us: int, fraction: float) -> int:
    """The board time at which ``fraction`` of the arrivals have happened (:data:`DAY_WEIGHTS`)."""
    start = 0.0
    for day, weight in enumerate(DAY_WEIGHTS):
        if fraction < start + weight or day == len(DAY_WEIGHTS) - 1:
            within = min(max((fraction - start) / weight, 0.0), 1.0)
            return opens_us + day * DAY_US + int(within * DAY_US)
        start += weight
    raise AssertionError("unreachable")  # pragma: no cover


#: a planned voter's flags (one byte each, :class:`Plan`)
_VOTES: Final = 1
_FIRST_NO: Final = 2
_FINAL_NO: Final = 4
_CHALLENGES: Final = 8
_REVOTES: Final = 16


#: voters whose behaviour one call of :func:`_draw` draws (:class:`Plan`)
_DRAWN_AT_ONCE: Final = 20_000

#: what :func:`_draw` gives: the voters' flags, the revoters' delays, how many vote
_Drawn = tuple[bytes, "array[float]", int]


def _draw(scenario: Scenario, districts: bytes, starts: Sequence[int]) -> _Drawn:
    """The behaviour of the voters of ``districts`` (one district index a voter, in the
    interleaved order), each district's numbers beginning at ``starts``: a byte of flags a voter,
    the delay of each voter who votes and revotes, and how many vote."""
    numbers = list(starts)
    flags = bytearray()
    delays = array("d")  # hours until the revote, for each voter who revotes
    voted = 0
    for d in districts:
        n = numbers[d]
        numbers[d] += 1
        votes, first, final, challenges, revotes, delay = _behaviour(scenario, d, n)
        flags.append(
            (_VOTES if votes else 0)
            | (_FIRST_NO if first else 0)
            | (_FINAL_NO if final else 0)
            | (_CHALLENGES if challenges else 0)
            | (_REVOTES if revotes else 0)
        )
        if votes:
            voted += 1
            if revotes:
                delays.append(delay)
    return bytes(flags), delays, voted


class Plan:
    """Every registered voter, in arrival order (abstainers where they fall): iterate it (as
    often as wanted); :attr:`turnout` is how many of them vote.

    Each voter's behaviour is drawn once, from her own seeded generator, before the first voter
    arrives (how many turn out spreads the arrival times exactly over the window). What the
    voters' order needs is kept in two bytes a voter (her district and her choices) and, for a
    voter who revotes, the delay until she comes back: about 2 MB for a million voters.
    Iterating rebuilds each voter from that, drawing nothing.

    The draws go :data:`_DRAWN_AT_ONCE` voters at a time through ``mapper`` (``map`` by default;
    the demo passes its voters' processes' ``map``, so they draw while its own process waits):
    each voter's generator is her own, so where she is drawn does not change her.
    """

    def __init__(
        self,
        scenario: Scenario,
        opens_us: int,
        closes_us: int,
        *,
        mapper: Callable[..., Iterable[_Drawn]] = map,
    ) -> None:
        self._opens_us = opens_us
        self._last_us = closes_us - 10 * 60 * 1_000_000  # nobody arrives in the last ten minutes
        self._districts = bytes(d for d, _ in _interleaved(scenario.registered()))
        chunks: list[bytes] = []
        starts: list[tuple[int, ...]] = []
        numbers = [0] * len(DISTRICTS)
        for at in range(0, len(self._districts), _DRAWN_AT_ONCE):
            chunk = self._districts[at : at + _DRAWN_AT_ONCE]
            chunks.append(chunk)
            starts.append(tuple(numbers))
            numbers = [n + chunk.count(d) for d, n in enumerate(numbers)]
        self._flags = bytearray()
        self._delays = array("d")
        self.turnout = 0
        for flags, delays, voted in mapper(_draw, [scenario] * len(chunks), chunks, starts):
            self._flags += flags
            self._delays.extend(delays)
            self.turnout += voted

    def __iter__(self) -> Iterator[Voter]:
        last_us = self._last_us
        numbers = [0] * len(DISTRICTS)
        delays = iter(self._delays)
        arrived = 0
        for d, flags in zip(self._districts, self._flags, strict=True):
            n = numbers[d]
            numbers[d] += 1
            final = 1 if flags & _FINAL_NO else 0
            if not flags & _VOTES:
                yield Voter(d, n, False, final, final, False, False, 0, 0)
                continue
            first = 1 if flags & _FIRST_NO else 0
            challenges, revotes = bool(flags & _CHALLENGES), bool(flags & _REVOTES)
            at = min(_arrival(self._opens_us, (arrived + 0.5) / self.turnout), last_us)
            arrived += 1
            revote_at = min(at + int(next(delays) * HOUR_US), last_us) if revotes else 0
            if revotes and revote_at <= at:  # too late in the window to come back
                revotes, first, revote_at = False, final, 0
            yield Voter(d, n, True, first, final, challenges, revotes, at, revote_at)


def plan(scenario: Scenario, opens_us: int, closes_us: int) -> Iterator[Voter]:
    """Every registered voter, voters in arrival order (abstainers where they fall): one pass
    of a :class:`Plan`."""
    return iter(Plan(scenario, opens_us, closes_us))
