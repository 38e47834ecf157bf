"""The ``tally`` entry: each district's and the total's aggregates of the counted ballots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.group import Group
from plebiscite.errors import EncodingError, ParameterError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    field_path,
    require_fields,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.tally.common import SIG, districts_in_order, fail

__all__ = [
    "DistrictAggregates",
    "Tally",
    "compare_tally",
    "decrypted_districts",
    "options_per_question",
    "parse_tally",
    "question_grid",
    "small_districts",
    "total_disclosed",
]


# ----------------------------------------------------------------------------------------- tally


@dataclass(frozen=True, slots=True)
class DistrictAggregates:
    """One district's aggregates: per question, per option, and how many ballots it counted.

    The tally's total is one too, with the district id ``""`` (no district has it).
    """

    district: str
    counted: int
    aggregates: tuple[tuple[Ciphertext, ...], ...]

    def to_json(self, group: Group) -> JSONObject:
        rows: list[JSONValue] = [
            [dict(encode_ciphertext(group, ct)) for ct in question] for question in self.aggregates
        ]
        body: JSONObject = {"counted": self.counted, "aggregates": rows}
        return {"id": self.district, **body} if self.district else body


def _product(group: Group, districts: Sequence[DistrictAggregates]) -> DistrictAggregates:
    """The total: per question and option the product of the districts' aggregates."""
    if not districts:
        raise ParameterError("a tally needs at least one district")
    rows: list[tuple[Ciphertext, ...]] = []
    for q, first in enumerate(districts[0].aggregates):
        row: list[Ciphertext] = []
        for o in range(len(first)):
            alpha, beta = group.identity(), group.identity()
            for d in districts:
                ct = d.aggregates[q][o]
                alpha, beta = group.mul(alpha, ct.alpha), group.mul(beta, ct.beta)
            row.append(Ciphertext(alpha, beta))
        rows.append(tuple(row))
    return DistrictAggregates("", sum(d.counted for d in districts), tuple(rows))


@dataclass(frozen=True, slots=True)
class Tally:
    """``tally``: every district's aggregates, in manifest order, and their total.

    ``total`` is the posted total (as read by :func:`parse_tally`) or None, in which case
    :meth:`totals` computes it as the product over the districts.
    """

    districts: tuple[DistrictAggregates, ...]
    total: DistrictAggregates | None = None

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "districts": [d.to_json(group) for d in self.districts],
            "total": self.totals(group).to_json(group),
        }

    def totals(self, group: Group) -> DistrictAggregates:
        """The total aggregates: the posted ones, or the product over the districts."""
        return self.total if self.total is not None else _product(group, self.districts)

    def with_total(self, group: Group) -> Tally:
        """This tally with its total computed from the districts."""
        return Tally(self.districts, _product(group, self.districts))

    def district(self, district_id: str) -> DistrictAggregates:
        """The aggregates of ``district_id``."""
        for d in self.districts:
            if d.district == district_id:
                return d
        raise KeyError(district_id)


def options_per_question(definition: Definition) -> list[int]:
    """The shape of every grid of a counting entry: each question's number of options."""
    return [len(q.options) for q in definition.questions]


def question_grid(
    obj: Mapping[str, object], key: str, where: str, path: str, shape: Sequence[int]
) -> list[list[object]]:
    """``obj[key]`` as a list per question of a list per option, of exactly ``shape``."""
    rows = require_list(obj, key, where, path)
    here = field_path(path, key)
    if len(rows) != len(shape):
        raise fail(where, here, f"{len(rows)} questions; the manifest has {len(shape)}")
    out: list[list[object]] = []
    for q, (row, options) in enumerate(zip(rows, shape, strict=True)):
        if type(row) is not list:
            raise fail(where, f"{here}[{q}]", "expected an array (one item per option)")
        if len(row) != options:
            raise fail(where, f"{here}[{q}]", f"{len(row)} options; question {q} has {options}")
        out.append(row)
    return out


def _parse_aggregates(
    group: Group, obj: Mapping[str, object], where: str, path: str, shape: Sequence[int]
) -> tuple[tuple[Ciphertext, ...], ...]:
    rows: list[tuple[Ciphertext, ...]] = []
    for q, row in enumerate(question_grid(obj, "aggregates", where, path, shape)):
        cts: list[Ciphertext] = []
        for o, raw in enumerate(row):
            role = f"{path}.aggregates[{q}][{o}]"
            try:
                cts.append(decode_ciphertext(group, raw, role, allow_identity=True))
            except EncodingError as exc:
                raise exc.placed(where) from None
        rows.append(tuple(cts))
    return tuple(rows)


def parse_tally(group: Group, definition: Definition, body: object, where: str) -> Tally:
    """Read a ``tally`` body strictly: every district, question and option, and the total,
    elements validated (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("districts", "total", *SIG))
    items = require_list(obj, "districts", where, "body")
    shape = options_per_question(definition)
    out: list[DistrictAggregates] = []
    for pos, item in enumerate(districts_in_order(definition, items, where, "body.districts")):
        path = f"body.districts[{pos}]"
        require_fields(item, where, path, ("id", "counted", "aggregates"))
        counted = require_int(item, "counted", where, path)
        rows = _parse_aggregates(group, item, where, path, shape)
        out.append(DistrictAggregates(require_str(item, "id", where, path), counted, rows))
    total = require_object(obj.get("total"), where, "body.total")
    require_fields(total, where, "body.total", ("counted", "aggregates"))
    counted = require_int(total, "counted", where, "body.total")
    rows = _parse_aggregates(group, total, where, "body.total", shape)
    return Tally(tuple(out), DistrictAggregates("", counted, rows))


def _compare_aggregates(
    path: str, name: str, mine: DistrictAggregates, theirs: DistrictAggregates
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if mine.counted != theirs.counted:
        out.append(
            (f"{path}.counted", f"{mine.counted} ballots, but {name} counted {theirs.counted}")
        )
    for q, (row, want) in enumerate(zip(mine.aggregates, theirs.aggregates, strict=True)):
        for o, (ct, expected) in enumerate(zip(row, want, strict=True)):
            if ct != expected:
                out.append(
                    (
                        f"{path}.aggregates[{q}][{o}]",
                        "is not the product of the counted ballots' ciphertexts "
                        f"({name}, question {q}, option {o})",
                    )
                )
    return out


def compare_tally(
    posted: Tally, computed: Tally, group: Group | None = None
) -> list[tuple[str, str]]:
    """Every difference between a posted tally and the recomputed one, as ``(field, message)``.

    Both must have the manifest's shape (as :func:`parse_tally` guarantees). The posted total is
    compared with the product of the recomputed districts when ``group`` is given (or when the
    recomputed tally carries its total).
    """
    out: list[tuple[str, str]] = []
    for pos, (mine, theirs) in enumerate(zip(posted.districts, computed.districts, strict=True)):
        path = f"body.districts[{pos}]"
        if mine.district != theirs.district:
            out.append((f"{path}.id", f"{mine.district!r} where {theirs.district!r} was expected"))
            continue
        out += _compare_aggregates(path, f"district {mine.district!r}", mine, theirs)
    want = computed.total
    if want is None and group is not None:
        want = computed.totals(group)
    if want is not None and posted.total is not None:
        out += _compare_aggregates("body.total", "the whole election", posted.total, want)
    return out


def small_districts(definition: Definition, tally: Tally) -> list[DistrictAggregates]:
    """The districts decrypted only inside the total: ``0 < counted < min_district_size``."""
    return [d for d in tally.districts if 0 < d.counted < definition.min_district_size]


def decrypted_districts(tally: Tally, minimum: int) -> list[DistrictAggregates]:
    """The disclosed districts, decrypted on their own (spec §12.2), in manifest order.

    With ``m = max(minimum, 1)`` (``minimum`` the manifest's ``min_district_size``): the
    districts that counted at least m; when the ballots of the districts left out (the withheld
    remainder) number between 1 and m − 1, the disclosed district with the fewest counted ballots
    (the earliest in manifest order among equals) is left out too, so that the remainder, which
    anyone can compute as the total minus the disclosed districts, is 0 or at least m.
    """
    m = max(minimum, 1)
    shown = [d for d in tally.districts if d.counted >= m]
    remainder = sum(d.counted for d in tally.districts) - sum(d.counted for d in shown)
    if 0 < remainder < m and shown:
        smallest = min(shown, key=lambda d: d.counted)  # min keeps the first of equals
        shown = [d for d in shown if d is not smallest]
    return shown


def total_disclosed(tally: Tally, minimum: int) -> bool:
    """Whether the total is decrypted: it counted at least ``max(minimum, 1)`` ballots (a total
    below the minimum is never decrypted; one of 0 has nothing to reveal)."""
    return sum(d.counted for d in tally.districts) >= max(minimum, 1)
