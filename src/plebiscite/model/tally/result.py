"""The ``result`` entry: counts, turnout and the figures of every district and of the total."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.errors import ParameterError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.tally.aggregates import (
    Tally,
    options_per_question,
    question_grid,
    total_disclosed,
)
from plebiscite.model.tally.common import HASH_BYTES, PPM, SIG, districts_in_order, fail

__all__ = [
    "Figures",
    "Result",
    "build_result",
    "check_count_bounds",
    "compare_result",
    "parse_result",
    "turnout_ppm",
]


# ---------------------------------------------------------------------------------------- result


def turnout_ppm(counted: int, registered: int) -> int:
    """``counted · 1,000,000 // registered`` (0 when nobody is registered)."""
    return counted * PPM // registered if registered > 0 else 0


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of a district (or of the total): counts per question and option, and more.

    ``withheld``: the district counted fewer ballots than the manifest's ``min_district_size``;
    it is decrypted only inside the total, ``counts`` is empty and the record says
    ``"counts": null``.
    """

    counts: tuple[tuple[int, ...], ...]
    counted: int
    registered: int
    superseded: int
    challenged: int
    withheld: bool = False

    @property
    def turnout_ppm(self) -> int:
        """Counted ballots per million registered voters, rounded down."""
        return turnout_ppm(self.counted, self.registered)

    def to_json(self) -> JSONObject:
        counts: JSONValue = None
        if not self.withheld:
            counts = [list[JSONValue](row) for row in self.counts]
        return {
            "counts": counts,
            "counted": self.counted,
            "registered": self.registered,
            "turnout_ppm": self.turnout_ppm,
            "superseded": self.superseded,
            "challenged": self.challenged,
        }


_FIGURE_FIELDS: Final = (
    "counts",
    "counted",
    "registered",
    "turnout_ppm",
    "superseded",
    "challenged",
)


@dataclass(frozen=True, slots=True)
class Result:
    """``result``: the counts and figures per district (manifest order) and in total."""

    tally: bytes
    trustees: tuple[int, ...]
    districts: tuple[tuple[str, Figures], ...]
    total: Figures

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {
            "tally": self.tally.hex(),
            "trustees": list[JSONValue](self.trustees),
            "districts": [{"id": d, **f.to_json()} for d, f in self.districts],
            "total": self.total.to_json(),
        }

    def figures(self, district_id: str) -> Figures:
        """The figures of ``district_id``."""
        for d, f in self.districts:
            if d == district_id:
                return f
        raise KeyError(district_id)


def build_result(
    definition: Definition,
    tally: Tally,
    tally_hash: bytes,
    counts: Sequence[Sequence[Sequence[int]] | None],
    superseded: Mapping[str, int],
    challenged: Mapping[str, int],
    trustees: Iterable[int],
    *,
    total_counts: Sequence[Sequence[int]] | None = None,
) -> Result:
    """The ``result`` of a tally: ``counts`` per district (manifest order; None for a district
    decrypted only inside the total), the manifest's registered counts, the superseded and
    challenged ballots per district id, and ``total_counts`` from the total's decryption
    (:func:`combine_total`; None: the sum of the districts, which needs every district's counts).
    A total that counted fewer ballots than the minimum (but some) is withheld, whatever
    ``total_counts`` says: it is never decrypted (:func:`total_disclosed`).
    """
    districts: list[tuple[str, Figures]] = []
    shape = options_per_question(definition)
    for d, aggregates, rows in zip(definition.districts, tally.districts, counts, strict=True):
        districts.append(
            (
                d.id,
                Figures(
                    () if rows is None else tuple(tuple(row) for row in rows),
                    aggregates.counted,
                    d.registered,
                    superseded.get(d.id, 0),
                    challenged.get(d.id, 0),
                    rows is None,
                ),
            )
        )
    counted = sum(f.counted for _, f in districts)
    withheld = counted > 0 and not total_disclosed(tally, definition.min_district_size)
    if withheld:
        total_rows: tuple[tuple[int, ...], ...] = ()
    elif total_counts is None:
        if any(f.withheld for _, f in districts):
            raise ParameterError(
                "build_result: the total's counts are needed when a district is withheld"
            )
        total_rows = tuple(
            tuple(sum(f.counts[q][o] for _, f in districts) for o in range(options))
            for q, options in enumerate(shape)
        )
    else:
        total_rows = tuple(tuple(row) for row in total_counts)
    total = Figures(
        total_rows,
        counted,
        sum(f.registered for _, f in districts),
        sum(f.superseded for _, f in districts),
        sum(f.challenged for _, f in districts),
        withheld,
    )
    return Result(tally_hash, tuple(sorted(trustees)), tuple(districts), total)


def _parse_figures(
    obj: Mapping[str, object], where: str, path: str, shape: Sequence[int]
) -> tuple[Figures, int]:
    withheld = obj.get("counts") is None
    counts: list[tuple[int, ...]] = []
    for q, row in enumerate([] if withheld else question_grid(obj, "counts", where, path, shape)):
        values: list[int] = []
        for o, value in enumerate(row):
            if type(value) is not int or value < 0:
                raise fail(where, f"{path}.counts[{q}][{o}]", "expected a count (an integer ≥ 0)")
            values.append(value)
        counts.append(tuple(values))
    figures = Figures(
        tuple(counts),
        require_int(obj, "counted", where, path),
        require_int(obj, "registered", where, path),
        require_int(obj, "superseded", where, path),
        require_int(obj, "challenged", where, path),
        withheld,
    )
    return figures, require_int(obj, "turnout_ppm", where, path)


def parse_result(definition: Definition, body: object, where: str) -> tuple[Result, list[int]]:
    """Read a ``result`` body strictly; also return the posted ``turnout_ppm`` figures
    (districts in order, then the total) for :func:`compare_result` to check. ``counts`` may be
    null (withheld), a district's or the total's: whether it must be is :func:`compare_result`'s
    question."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("tally", "trustees", "districts", "total", *SIG))
    tally_hash = require_hex(obj, "tally", where, "body", HASH_BYTES)
    trustees: list[int] = []
    for pos, value in enumerate(require_list(obj, "trustees", where, "body")):
        n = definition.trustees.n
        if type(value) is not int or not 1 <= value <= n or (trustees and value <= trustees[-1]):
            raise fail(where, f"body.trustees[{pos}]", "not an increasing trustee index in [1, n]")
        trustees.append(value)
    shape = options_per_question(definition)
    items = require_list(obj, "districts", where, "body")
    districts: list[tuple[str, Figures]] = []
    turnouts: list[int] = []
    for pos, item in enumerate(districts_in_order(definition, items, where, "body.districts")):
        path = f"body.districts[{pos}]"
        require_fields(item, where, path, ("id", *_FIGURE_FIELDS))
        figures, turnout = _parse_figures(item, where, path, shape)
        districts.append((require_str(item, "id", where, path), figures))
        turnouts.append(turnout)
    total_obj = require_object(obj.get("total"), where, "body.total")
    require_fields(total_obj, where, "body.total", _FIGURE_FIELDS)
    total, turnout = _parse_figures(total_obj, where, "body.total", shape)
    turnouts.append(turnout)
    return Result(tally_hash, tuple(trustees), tuple(districts), total), turnouts


def _compare_figures(
    path: str, posted: Figures, expected: Figures, turnout: int | None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if posted.withheld != expected.withheld:
        if expected.withheld:
            message = (
                f"published for {expected.counted} counted ballots that the disclosure rule "
                "withholds: with the other published counts they would reveal the counts of "
                "fewer ballots than the minimum district size, so they are null"
            )
        else:
            message = f"null, but {expected.counted} ballots were counted and are decrypted"
        out.append((f"{path}.counts", message))
    else:
        for q, (row, want) in enumerate(zip(posted.counts, expected.counts, strict=True)):
            for o, (value, good) in enumerate(zip(row, want, strict=True)):
                if value != good:
                    out.append(
                        (f"{path}.counts[{q}][{o}]", f"{value}, but the decryption gives {good}")
                    )
    for name in ("counted", "registered", "superseded", "challenged"):
        value, good = getattr(posted, name), getattr(expected, name)
        if value != good:
            out.append((f"{path}.{name}", f"{value}, but the recomputed figure is {good}"))
    if turnout is not None and turnout != expected.turnout_ppm:
        out.append(
            (
                f"{path}.turnout_ppm",
                f"{turnout}, but {expected.counted} counted of {expected.registered} registered "
                f"is {expected.turnout_ppm}",
            )
        )
    return out


def compare_result(
    posted: Result, turnouts: Sequence[int] | None, expected: Result
) -> list[tuple[str, str]]:
    """Every difference between a posted result and the recomputed one, as ``(field, message)``.

    ``turnouts`` are the posted ``turnout_ppm`` figures from :func:`parse_result` (None: not
    compared). The trustees listed are not compared: any k valid shares give the same counts.
    """
    out: list[tuple[str, str]] = []
    if posted.tally != expected.tally:
        out.append(("body.tally", "does not name the tally entry that was decrypted"))
    given = list(turnouts) if turnouts is not None else []
    for pos, ((d, f), (want_d, want)) in enumerate(
        zip(posted.districts, expected.districts, strict=True)
    ):
        path = f"body.districts[{pos}]"
        if d != want_d:
            out.append((f"{path}.id", f"{d!r} where {want_d!r} was expected"))
            continue
        out += _compare_figures(path, f, want, given[pos] if given else None)
    out += _compare_figures(
        "body.total", posted.total, expected.total, given[-1] if given else None
    )
    return out


def check_count_bounds(definition: Definition, result: Result) -> list[tuple[str, str]]:
    """V9's bounds: each option at most ``counted``, each question's sum within
    ``[min·counted, max·counted]`` (withheld counts are not published, so not bounded here);
    every violation as ``(field, message)``."""
    out: list[tuple[str, str]] = []
    rows = [(f"body.districts[{pos}]", f) for pos, (_, f) in enumerate(result.districts)]
    for path, f in [*rows, ("body.total", result.total)]:
        if f.withheld:
            continue
        for q, (row, question) in enumerate(zip(f.counts, definition.questions, strict=True)):
            for o, value in enumerate(row):
                if value > f.counted:
                    out.append(
                        (f"{path}.counts[{q}][{o}]", f"{value} is more than {f.counted} counted")
                    )
            low, high = question.min * f.counted, question.max * f.counted
            if not low <= sum(row) <= high:
                out.append(
                    (
                        f"{path}.counts[{q}]",
                        f"the options sum to {sum(row)}, outside [{low}, {high}] "
                        f"(min {question.min}, max {question.max} per ballot, {f.counted} counted)",
                    )
                )
    return out
