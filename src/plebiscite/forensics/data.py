"""Loading polling-station results: files, column mappings, the ``ru-cec`` preset, bad rows.

It stays one module (a little over 600 lines): every input format goes through the same row
checks, and each bad row's line number must be counted the same way whatever the format.

One row of the input is one polling station. A :class:`ColumnMapping` says which columns hold the
region, the station's name, the registered voters, the ballots issued, the ballots found in the
boxes, the invalid ballots and the votes of each option; a field may name several columns (they
are summed, or joined for the text fields). Rows that cannot be used are never dropped silently:
each one becomes an :class:`ExcludedRow` with its line number and reason, and
:class:`ElectionData` carries them to the report.

Line numbers count the header as line 1, so the first station of a CSV file is line 2 (for
Parquet, "line" is the row number plus one, the same convention).
"""

from __future__ import annotations

import csv
import re
import tomllib
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from plebiscite.errors import InputError

__all__ = [
    "COUNT_FIELDS",
    "ColumnMapping",
    "DataSummary",
    "ElectionData",
    "ExcludedRow",
    "load_election",
    "mapping_from_pairs",
    "mapping_from_toml",
    "read_table",
    "ru_cec_mapping",
]

COUNT_FIELDS = ("registered", "issued", "boxes", "invalid")
"""The protocol counts every station has, in the order they are checked."""

_REQUIRED_FIELDS = ("registered", "boxes")


@dataclass(frozen=True)
class ColumnMapping:
    """Which input columns hold which field; tuples of several names are summed (joined for text).

    ``issued`` falls back to ``boxes`` and ``invalid`` to zero when not given (a note says so).
    ``leader`` names the option whose share is examined; ``None`` means the option with the
    largest total.
    """

    registered: tuple[str, ...]
    boxes: tuple[str, ...]
    options: tuple[str, ...]
    region: tuple[str, ...] = ()
    station: tuple[str, ...] = ()
    issued: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    leader: str | None = None
    electronic: str | None = None
    """Name of a rule that marks electronic-voting pseudo-stations (only ``"ru-cec"`` exists)."""

    def __post_init__(self) -> None:
        for name in _REQUIRED_FIELDS:
            if not getattr(self, name):
                raise InputError(f"column mapping: the field {name!r} names no column")
        if not self.options:
            raise InputError("column mapping: no option columns (one column per option)")
        if len(set(self.options)) != len(self.options):
            raise InputError(f"column mapping: an option column is named twice: {self.options}")
        if self.leader is not None and self.leader not in self.options:
            raise InputError(
                f"column mapping: the leader {self.leader!r} is not one of the options "
                f"{list(self.options)}"
            )

    def columns(self) -> list[str]:
        """Every input column the mapping reads, without repeats."""
        seen: dict[str, None] = {}
        for group in (
            self.region,
            self.station,
            self.registered,
            self.issued,
            self.boxes,
            self.invalid,
            self.options,
        ):
            for name in group:
                seen[name] = None
        return list(seen)


_FIELD_KEYS = ("region", "station", "registered", "issued", "boxes", "invalid", "options")


def _as_names(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InputError(f"{where}: expected a column name or a list of names, got {value!r}")


def mapping_from_dict(values: Mapping[str, object], where: str) -> ColumnMapping:
    """A mapping from a dict of field -> column name(s); ``where`` names the source in errors."""
    unknown = set(values) - {*_FIELD_KEYS, "leader"}
    if unknown:
        raise InputError(
            f"{where}: unknown field(s) {sorted(unknown)}; known: {[*_FIELD_KEYS, 'leader']}"
        )
    kwargs: dict[str, Any] = {}
    for key in _FIELD_KEYS:
        if key in values:
            kwargs[key] = _as_names(values[key], f"{where}: field {key!r}")
    for key in (*_REQUIRED_FIELDS, "options"):
        if key not in kwargs:
            raise InputError(f"{where}: the field {key!r} is missing")
    leader = values.get("leader")
    if leader is not None and not isinstance(leader, str):
        raise InputError(f"{where}: field 'leader' must be a column name, got {leader!r}")
    return ColumnMapping(leader=leader, **kwargs)


def mapping_from_toml(path: Path) -> ColumnMapping:
    """Read a mapping from a small TOML file (``field = "column"`` or a list of columns)."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"mapping file {path}: cannot be read ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"mapping file {path}: not valid TOML ({exc})") from exc
    return mapping_from_dict(values, f"mapping file {path}")


def mapping_from_pairs(pairs: Iterable[str]) -> ColumnMapping:
    """A mapping from ``FIELD=COLUMN`` strings (``--column``); a repeated field adds a column."""
    values: dict[str, list[str] | str] = {}
    for pair in pairs:
        key, sep, name = pair.partition("=")
        key = key.strip()
        if not sep or not key or not name:
            raise InputError(f"--column {pair!r}: expected FIELD=COLUMN, e.g. registered=Voters")
        if key == "leader":
            values["leader"] = name
            continue
        current = values.setdefault(key, [])
        assert isinstance(current, list)
        current.append(name)
    return mapping_from_dict(values, "--column")


@dataclass(frozen=True)
class ExcludedRow:
    """A row that was not used: its line in the file, a short reason, and the detail."""

    line: int
    reason: str
    detail: str


@dataclass(frozen=True)
class DataSummary:
    """What was read: rows, rows used, and the totals of the main counts."""

    source: str
    rows_read: int
    rows_used: int
    rows_excluded: int
    registered_read: int
    """Sum of the registered voters over every row whose value could be read (used or not)."""
    totals: dict[str, int]
    """Sums over the rows used: registered, issued, boxes, invalid and each option."""
    regions: int
    leader: str
    options: tuple[str, ...]
    excluded_by_reason: dict[str, int]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_excluded": self.rows_excluded,
            "registered_read": self.registered_read,
            "totals": dict(self.totals),
            "regions": self.regions,
            "leader": self.leader,
            "options": list(self.options),
            "excluded_by_reason": dict(self.excluded_by_reason),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ElectionData:
    """Station results in a standard shape.

    ``stations`` has the columns ``line, region, station, registered, issued, boxes, invalid``
    (int64 counts); ``votes`` has one int64 column per option, on the same index.
    """

    stations: pd.DataFrame
    votes: pd.DataFrame
    leader: str
    source: str = "<memory>"
    excluded: tuple[ExcludedRow, ...] = ()
    registered_read: int = 0
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        missing = [c for c in ("region", "station", *COUNT_FIELDS) if c not in self.stations]
        if missing:
            raise InputError(f"station table lacks the column(s) {missing}")
        if self.leader not in self.votes.columns:
            raise InputError(f"the leader {self.leader!r} is not an option column")
        if len(self.votes) != len(self.stations):
            raise InputError("votes and stations tables have different lengths")

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        options: Sequence[str],
        leader: str | None = None,
        source: str = "<memory>",
    ) -> ElectionData:
        """Wrap a frame that already has the standard columns and one column per option."""
        stations = frame[[c for c in ("region", "station", *COUNT_FIELDS) if c in frame]].copy()
        if "line" in frame:
            stations.insert(0, "line", frame["line"].to_numpy())
        else:
            stations.insert(0, "line", np.arange(2, len(frame) + 2))
        if "issued" not in stations:
            stations["issued"] = frame["boxes"]
        if "invalid" not in stations:
            stations["invalid"] = 0
        votes = frame[list(options)].astype(np.int64)
        lead = leader if leader is not None else str(votes.sum().idxmax())
        return cls(
            stations=stations.reset_index(drop=True),
            votes=votes.reset_index(drop=True),
            leader=lead,
            source=source,
            registered_read=int(stations["registered"].sum()),
        )

    @cached_property
    def region_codes(self) -> tuple[npt.NDArray[np.int64], list[str]]:
        """Every station's region as a code into the list of region names (numbered in order
        of first appearance): the methods group by these integers, never by the strings."""
        codes, names = pd.factorize(self.stations["region"].astype(str).to_numpy())
        return np.asarray(codes, dtype=np.int64), [str(name) for name in names]

    @property
    def options(self) -> tuple[str, ...]:
        """The option names, in input order."""
        return tuple(str(c) for c in self.votes.columns)

    def count(self, name: str) -> npt.NDArray[np.int64]:
        """One count column as an int64 array (a station field or an option)."""
        frame = self.votes if name in self.votes.columns else self.stations
        return np.asarray(frame[name].to_numpy(), dtype=np.int64)

    def excluded_by_reason(self) -> dict[str, int]:
        """How many rows were excluded, per reason."""
        return dict(Counter(row.reason for row in self.excluded).most_common())

    def summary(self) -> DataSummary:
        """Rows read, used and excluded, and the totals of the rows used."""
        totals = {name: int(self.stations[name].sum()) for name in COUNT_FIELDS}
        totals.update({name: int(self.votes[name].sum()) for name in self.options})
        return DataSummary(
            source=self.source,
            rows_read=len(self.stations) + len(self.excluded),
            rows_used=len(self.stations),
            rows_excluded=len(self.excluded),
            registered_read=self.registered_read,
            totals=totals,
            regions=int(self.stations["region"].nunique()),
            leader=self.leader,
            options=self.options,
            excluded_by_reason=self.excluded_by_reason(),
            notes=self.notes,
        )


# ----------------------------------------------------------------------------------- reading


def read_table(path: Path, columns: Callable[[list[str]], list[str]] | None = None) -> pa.Table:
    """Read a CSV, a zip holding one CSV, or a Parquet file; every column as text (Arrow strings,
    a missing value as the empty string), kept columnar: no Python object per cell.

    ``columns``, given the header, names the columns to keep (the others are never
    materialised); a zip's CSV is streamed, never held whole in memory."""
    import pyarrow.parquet as pq

    if not path.is_file():
        raise InputError(f"results file {path}: not found")
    suffix = path.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            names = pq.read_schema(path).names
            return _as_text(pq.read_table(path, columns=columns(names) if columns else None))
        if suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [n for n in archive.namelist() if not n.endswith("/")]
                if len(members) != 1:
                    raise InputError(
                        f"results file {path}: a zip must hold exactly one CSV, found {members}"
                    )
                with archive.open(members[0]) as head:
                    first = head.readline()
                with archive.open(members[0]) as body:
                    return _read_csv(first, body, path, columns)
        with path.open("rb") as head:
            first = head.readline()
        with path.open("rb") as body:
            return _read_csv(first, body, path, columns)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # a damaged zip fails as BadZipFile (bad CRC, bad header), zlib.error (a bad payload)
        # or EOFError (a cut payload)
        raise InputError(
            f"results file {path}: cannot be read (damaged zip: {type(exc).__name__}: {exc})"
        ) from exc
    except (OSError, ValueError) as exc:
        # pyarrow's ArrowInvalid (a malformed CSV, bad UTF-8) is a ValueError
        raise InputError(f"results file {path}: cannot be read ({exc})") from exc
    except (NotImplementedError, RuntimeError) as exc:
        # zipfile: an unsupported compression method or an encrypted member
        raise InputError(f"results file {path}: cannot be read ({exc})") from exc


def _as_text(table: pa.Table) -> pa.Table:
    """Every column cast to text, a missing value as the empty string."""
    import pyarrow.compute as pc

    columns = [
        pc.fill_null(pc.cast(table.column(i), pa.string()), "") for i in range(table.num_columns)
    ]
    return pa.table(columns, names=[str(n) for n in table.column_names])


def _read_csv(
    first: bytes,
    body: IO[bytes],
    path: Path,
    columns: Callable[[list[str]], list[str]] | None,
) -> pa.Table:
    import pyarrow.csv as pa_csv

    try:  # the header line only: Arrow checks that the rest is UTF-8 as it reads
        line = first.decode("utf-8").lstrip("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise InputError(f"results file {path}: not UTF-8 text ({exc.reason})") from exc
    try:
        header = next(csv.reader([line]))
    except (csv.Error, StopIteration) as exc:
        raise InputError(f"results file {path}: no header line") from exc
    if len(set(header)) != len(header):
        raise InputError(f"results file {path}: a column name repeats in the header {header}")
    wanted = [c for c in columns(header) if c in header] if columns else header
    options = pa_csv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        include_columns=wanted,
    )
    try:
        table = pa_csv.read_csv(
            body, read_options=pa_csv.ReadOptions(use_threads=False), convert_options=options
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError) as exc:
        # ArrowKeyError: the header Arrow parses differs from its first line (a quoted name
        # that runs on), so a column named there is missing
        raise InputError(f"results file {path}: not a valid CSV table ({exc})") from exc
    return _as_text(table)


# ----------------------------------------------------------------------------- the ru-cec preset

_RU_IDS = ("name", "level", "region", "oik", "tik", "uik", "url")
_RU_EVOTING_TIK = "Дистанционное электронное голосование"


def ru_cec_mapping(columns: Sequence[str]) -> ColumnMapping:
    """The mapping of a Russian Central Electoral Commission table (any year 2004–2024).

    Registered voters: the ``Число избирателей, включенных/внесенных…`` (or, in 2020,
    ``Число участников голосования, включенных…``) column. Ballots issued: the sum of the three
    ``…бюллетеней, выданных…`` columns (early, at the station, outside it), or the one 2020
    column. Ballots in boxes: portable plus stationary boxes (the one ``…содержащихся в ящиках…``
    column in 2020). Options: every column that is neither an identifier nor a protocol line.
    """

    def find(*needles: str) -> tuple[str, ...]:
        return tuple(c for c in columns if any(n in c for n in needles))

    registered = find(
        "Число избирателей, включенных",
        "Число избирателей, внесенных",
        "Число участников голосования, включенных",
    )
    issued = find("бюллетеней, выданных")
    boxes = find("переносных ящиках", "стационарных ящиках", "содержащихся в ящиках")
    invalid = find("Число недействительных")
    options = tuple(c for c in columns if c not in _RU_IDS and not c.startswith("Число"))
    if len(registered) != 1 or not boxes or not issued:
        raise InputError(
            "preset ru-cec: the header is not a CEC protocol table (registered voters: "
            f"{list(registered)}, ballots issued: {list(issued)}, ballots in boxes: {list(boxes)})"
        )
    return ColumnMapping(
        region=("region",) if "region" in columns else (),
        station=tuple(c for c in ("tik", "uik") if c in columns),
        registered=registered,
        issued=issued,
        boxes=boxes,
        invalid=invalid,
        options=options,
        electronic="ru-cec",
    )


def _ru_electronic(table: pa.Table, registered: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Electronic-voting pseudo-stations of a CEC table.

    2021 reports them as stations: 18 rows whose territorial commission is "Дистанционное
    электронное голосование", and 15 Moscow rows "УИК №5001"… with at least 10,000 registered.
    """
    import pyarrow.compute as pc

    flags = np.zeros(table.num_rows, dtype=np.bool_)
    names = table.column_names
    if "tik" in names:
        evoting = pc.equal(_text(table, "tik"), _RU_EVOTING_TIK)
        flags |= np.asarray(evoting.to_numpy(zero_copy_only=False), dtype=np.bool_)
    if "uik" in names and "region" in names:
        moscow = pc.equal(_text(table, "region"), "город Москва").to_numpy(zero_copy_only=False)
        uik = _text(table, "uik")
        for i in np.flatnonzero(moscow & (registered >= 10_000)):  # a few rows: read them here
            number = re.search(r"\d+", str(uik[int(i)].as_py()))
            flags[i] |= number is not None and int(number.group()) >= 5001
    return flags


def _text(table: pa.Table, name: str) -> pa.Array:
    """One text column as a single Arrow array."""
    return table.column(name).combine_chunks()


# ----------------------------------------------------------------------------------- loading

_INT_RE = re.compile(r"^\s*-?\d+(\.0*)?\s*$")


def _counts(
    table: pa.Table, names: tuple[str, ...], role: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], list[str]]:
    """Sum of the columns ``names``; also a per-row 'bad' mask and per-row reason texts.

    Parsed column by column with Arrow compute (no Python object per cell); only the rows that
    fail are looked at one by one, for their reason."""
    import pyarrow.compute as pc

    n = table.num_rows
    total = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=np.bool_)
    reasons = [""] * n
    for name in names:
        text = _text(table, name)
        ok_arrow = pc.match_substring_regex(text, _INT_RE.pattern)
        ok = np.asarray(ok_arrow.to_numpy(zero_copy_only=False), dtype=np.bool_)
        digits = pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"\.0*$", "")
        values = np.asarray(
            pc.cast(pc.if_else(ok_arrow, digits, "0"), pa.int64()).to_numpy(), dtype=np.int64
        )
        negative = values < 0
        for i in np.flatnonzero(~ok | negative):
            if not bad[i]:
                raw = str(text[int(i)].as_py())
                if raw.strip() == "":
                    reasons[i] = f"missing value: {role} (column {name!r})"
                elif negative[i]:
                    reasons[i] = f"negative count: {role} (column {name!r}) = {raw!r}"
                else:
                    reasons[i] = f"not a whole number: {role} (column {name!r}) = {raw!r}"
        bad |= ~ok | negative
        total += values
    return total, bad, reasons


def _reason_kind(detail: str) -> str:
    return detail.split(":", 1)[0]


def load_election(
    path: Path,
    mapping: ColumnMapping | None = None,
    *,
    preset: str | None = None,
    table: pa.Table | pd.DataFrame | None = None,
) -> ElectionData:
    """Read a results file with a column mapping (or ``preset="ru-cec"``) and check every row.

    Excluded, with line number and reason: rows whose counts are all empty (no data published),
    rows with a missing, negative or non-integer count, rows with zero registered voters and no
    ballots, and (preset ``ru-cec``) electronic-voting pseudo-stations. Implausible values such as
    a turnout above 100 % are kept: they are findings, reported by
    :func:`plebiscite.forensics.methods.impossible_values`.
    """
    if table is None:
        text_table = read_table(path, lambda header: _needed(header, mapping, preset))
    elif isinstance(table, pd.DataFrame):
        text_table = _as_text(pa.Table.from_pandas(table.astype(str), preserve_index=False))
    else:
        text_table = table
    return _load(path, mapping, preset, text_table)


def _needed(header: list[str], mapping: ColumnMapping | None, preset: str | None) -> list[str]:
    """The columns the load reads: the mapping's (the preset's), and the identifiers the preset
    looks at; every column when one is missing, so that the error can show the whole header."""
    if preset == "ru-cec" and mapping is None:
        try:
            mapping = ru_cec_mapping(header)
        except InputError:
            return header
        extra = [c for c in ("region", "tik", "uik") if c in header]
        return list(dict.fromkeys([*mapping.columns(), *extra]))
    if mapping is not None and all(c in header for c in mapping.columns()):
        return mapping.columns()
    return header


def _load(
    path: Path, mapping: ColumnMapping | None, preset: str | None, table: pa.Table
) -> ElectionData:
    notes: list[str] = []
    if preset is not None:
        if preset != "ru-cec":
            raise InputError(f"unknown preset {preset!r}; known: ['ru-cec']")
        if mapping is not None:
            raise InputError("give either a preset or a column mapping, not both")
        mapping = ru_cec_mapping(list(table.column_names))
        if "tik" not in table.column_names and "uik" not in table.column_names:
            notes.append(
                "rows are regional aggregates of remote electronic voting, not polling "
                "stations: the station-level methods say little about them"
            )
    if mapping is None:
        raise InputError("no column mapping: give --preset, --column FIELD=COLUMN or --mapping")
    import pyarrow.compute as pc

    absent = [c for c in mapping.columns() if c not in table.column_names]
    if absent:
        raise InputError(
            f"results file {path}: column(s) {absent} not found; the header has "
            f"{list(table.column_names)}"
        )
    n = table.num_rows
    lines = np.arange(2, n + 2)
    excluded: list[ExcludedRow] = []
    drop = np.zeros(n, dtype=np.bool_)

    count_groups: dict[str, tuple[str, ...]] = {
        "registered": mapping.registered,
        "issued": mapping.issued or mapping.boxes,
        "boxes": mapping.boxes,
        "invalid": mapping.invalid,
    }
    if not mapping.issued:
        notes.append("no ballots-issued column: turnout uses the ballots in the boxes")
    if not mapping.invalid:
        notes.append("no invalid-ballots column: invalid ballots taken as 0")
    all_names = [*mapping.registered, *count_groups["issued"], *mapping.boxes, *mapping.invalid]
    all_names += list(mapping.options)
    blank = np.ones(n, dtype=np.bool_)
    for name in dict.fromkeys(all_names):
        empty_text = pc.equal(pc.utf8_trim_whitespace(_text(table, name)), "")
        blank &= np.asarray(empty_text.to_numpy(zero_copy_only=False), dtype=np.bool_)
    for i in np.flatnonzero(blank):
        excluded.append(ExcludedRow(int(lines[i]), "no data", "every count is empty"))
    drop |= blank

    counts: dict[str, npt.NDArray[np.int64]] = {}
    first_reason = [""] * n
    any_bad = np.zeros(n, dtype=np.bool_)
    for role, names in [*count_groups.items(), *((o, (o,)) for o in mapping.options)]:
        if not names:
            counts[role] = np.zeros(n, dtype=np.int64)
            continue
        values, bad, reasons = _counts(table, names, role)
        counts[role] = values
        for i in np.flatnonzero(bad & ~any_bad):
            first_reason[i] = reasons[i]
        any_bad |= bad
    registered_ok = ~_counts(table, mapping.registered, "registered")[1]
    registered_read = int(counts["registered"][registered_ok & ~blank].sum())
    for i in np.flatnonzero(any_bad & ~drop):
        excluded.append(ExcludedRow(int(lines[i]), _reason_kind(first_reason[i]), first_reason[i]))
    drop |= any_bad

    option_total = np.zeros(n, dtype=np.int64)
    for o in mapping.options:
        option_total += counts[o]
    empty = (counts["registered"] == 0) & (counts["boxes"] == 0) & (option_total == 0) & ~drop
    for i in np.flatnonzero(empty):
        excluded.append(
            ExcludedRow(int(lines[i]), "empty station", "zero registered voters and no ballots")
        )
    drop |= empty

    if mapping.electronic == "ru-cec":
        evoting = _ru_electronic(table, counts["registered"]) & ~drop
        for i in np.flatnonzero(evoting):
            excluded.append(
                ExcludedRow(
                    int(lines[i]),
                    "electronic-voting pseudo-station",
                    f"remote electronic voting reported as a station "
                    f"({counts['registered'][i]:,} registered)",
                )
            )
        drop |= evoting

    keep = ~drop

    def text(names: tuple[str, ...], fallback: str) -> pd.Series[str] | npt.NDArray[np.object_]:
        """The kept rows' text of ``names``, joined by " / " (Arrow strings to the end: with
        pandas 3 the column holds the Arrow array, no Python string per row)."""
        if not names:
            return np.full(int(keep.sum()), fallback, dtype=object)
        parts = [pc.utf8_trim_whitespace(_text(table, name)) for name in names]
        joined = parts[0] if len(parts) == 1 else pc.binary_join_element_wise(*parts, " / ")
        kept: pd.Series[str] = joined.filter(pa.array(keep)).to_pandas()
        return kept

    stations = pd.DataFrame(
        {
            "line": lines[keep],
            "region": text(mapping.region, "(all)"),
            "station": text(mapping.station, ""),
            **{role: counts[role][keep] for role in COUNT_FIELDS},
        }
    )
    unnamed = stations["station"].str.strip(" /") == ""
    stations.loc[unnamed, "station"] = "line " + stations.loc[unnamed, "line"].astype(str)
    votes = pd.DataFrame({o: counts[o][keep] for o in mapping.options})
    if len(stations) == 0:
        raise InputError(f"results file {path}: no usable station rows ({len(excluded)} excluded)")
    leader = mapping.leader or str(votes.sum().idxmax())
    excluded.sort(key=lambda row: row.line)
    return ElectionData(
        stations=stations,
        votes=votes,
        leader=leader,
        source=str(path),
        excluded=tuple(excluded),
        registered_read=registered_read,
        notes=tuple(notes),
    )
