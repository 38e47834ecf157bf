"""Feeding the checker a changed record never raises: every problem is a failure in the report.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from collections.abc import Iterator

from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry

from ._record import Built, reseal
from .test_checker import run

# -- 2. feeding a record never raises -------------------------------------------------------------

_ODD_VALUES: list[object] = [
    None,
    True,
    0,
    2**70,
    "",
    "zz",
    "00",
    [],
    {},
    [[]],
    "ab" * 33,
    "02" + "ff" * 32,
    "00" * 32,
]


def _paths(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


def _set(body: JSONObject, path: tuple[object, ...], new: object) -> JSONObject:
    out = copy.deepcopy(body)
    here: object = out
    for step in path[:-1]:
        here = here[step]  # type: ignore[index]
    here[path[-1]] = new  # type: ignore[index]
    return out


def test_feeding_a_changed_record_never_raises(honest: Built) -> None:
    """A few fields of one or two entries of every kind set to odd values, re-sealed: the
    checker reports failures and never raises (a fixed seed, so the run is reproducible)."""
    rng = random.Random(20300101)
    by_kind: dict[str, list[int]] = {}
    for entry in honest.entries:
        by_kind.setdefault(entry.kind, []).append(entry.index)
    trials = 0
    for indices in by_kind.values():
        for n in indices[:2]:
            entry = honest.entries[n]
            paths = [p for p in _paths(entry.body) if p]
            for path in rng.sample(paths, min(len(paths), 4)):
                new = rng.choice(_ODD_VALUES)
                entries = list(honest.entries)
                body = _set(entry.body, path, new)
                if body == entry.body:
                    continue
                entries[n] = Entry.create(entry.index, entry.time, entry.kind, body, entry.prev)
                chain, heads = reseal(entries)
                report = run(dataclasses.replace(honest, entries=chain, heads=heads))
                assert not report.ok, (entry.kind, path, new)
                trials += 1
    assert trials >= 40
