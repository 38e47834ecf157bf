"""V4, the credential roll: sizes and chunks posted after open.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from plebiscite.model.roll import chunk_bodies

from ._record import (
    ELECTION_ID,
    Builder,
    Plan,
    build,
    key,
)
from ._reseal import (
    only,
    verify,
)

# -- V4: the roll ------------------------------------------------------------------------------


def test_roll_size_not_registered_fails_v4() -> None:
    """During the run: the CA posts south's roll without one voter (2 keys, 3 registered).
    Afterwards this would change the roll's root and with it the election context."""

    def drop(keys: dict[str, list[bytes]]) -> dict[str, list[bytes]]:
        keys["south"] = keys["south"][:2]
        return keys

    built = build(Plan(roll_keys=drop))
    final = next(e.index for e in built.entries if e.kind == "credential_roll_final")
    only(verify(built), "V4", final, "body.districts[1].count")


def test_roll_chunk_posted_after_open_during_the_run_fails_v4() -> None:
    """During the run: the CA signs a chunk with a new key for ``empty`` and the board posts it
    while voting. (Moving an existing chunk after ``open`` instead would change the roots that
    the election context binds, and V2 and V5 would fail as well.)"""
    late: dict[str, int] = {}

    def post_chunk(b: Builder) -> None:
        late_key = key("late voter").public.xonly
        (body,) = chunk_bodies("empty", [late_key], 4, key=key("ca"), election_id=ELECTION_ID)
        body["position"] = 1
        late["index"] = b.post("credential_roll", body).index

    built = build(Plan(before_close=post_chunk))
    report = verify(built)
    only(report, "V4", late["index"], "kind")
    assert "after the final entry" in report.failures[0].message
