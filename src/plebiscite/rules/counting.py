"""V7–V9 and the counting side of V2/V5: the closed board's tally, decryptions and result.

The bodies and their pure checks are :mod:`plebiscite.model.tally`'s; this module runs them over
the board with what the checker recomputed (the counted set, the ceremony, the figures):

* ``close`` (V5): ``early`` and the ballots and challenges received per district between ``open``
  and ``close`` equal what the chain holds.
* ``tally`` (V7; its authority signature is V2, checked by the checker): exactly one, parsed
  strictly (every district × question × option present, and the total), each aggregate and
  ``counted`` equal to the product and count recomputed from the counted set, the total equal to
  the product over the districts.
* ``partial_decryption`` (V8): signed by a QUAL trustee's identity key, naming the tally entry,
  decrypting exactly what the disclosure rule allows (spec §12.2: no figure, nor any difference
  of figures, gives the counts of fewer than ``min_district_size`` ballots), every proof valid
  against the trustee's verification key (batched, bisected on failure), one per trustee; at
  least k of them.
* ``result`` (V9): the trustees it names posted valid partial decryptions, at least k; each count
  ``m`` of a decrypted district and of the total satisfies ``g^m = β / ∏ M_i^(λ_i)`` (Lagrange at
  0 over those trustees); a district (or total) the disclosure rule withholds has ``counts``
  null, one that counted nothing counts 0; every figure recomputed; each option at most
  ``counted`` and each question's sum within bounds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from plebiscite.crypto import threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group, membership_folded
from plebiscite.crypto.groups import get_group
from plebiscite.errors import ParameterError, PlebisciteError, ProofError, RecordError
from plebiscite.model import tally as mt
from plebiscite.model.codec import place_of
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import verify_body_signature
from plebiscite.rules.ceremony import CeremonyResult
from plebiscite.rules.early_close import check_early_close
from plebiscite.rules.state import Counted

__all__ = ["BoardFigures", "Recomputed", "aggregate", "check_counting", "read_open"]


@dataclass(frozen=True)
class BoardFigures:
    """Per district id: ballots counted, superseded, valid challenges, and ballot and challenge
    entries received between ``open`` and ``close``."""

    counted: dict[str, int]
    superseded: dict[str, int]
    challenged: dict[str, int]
    received: tuple[mt.Received, ...]


def read_open(entry: Entry) -> bytes:
    """The election context an ``open`` entry carries (:class:`RecordError` if malformed)."""
    return mt.parse_open(entry.body, f"entry {entry.index}").election_context


#: ballots of a district whose ciphertexts :func:`aggregate` folds in at once
_FOLD: Final = 512


#: ballots of the counted set per part sent to a worker (:func:`aggregate_part`)
AGGREGATE_PART: Final = 2048


class PartFuture(Protocol):
    """A submitted :func:`aggregate_part` (``concurrent.futures`` and ``distributed`` futures
    both are)."""

    def result(self) -> dict[str, tuple[int, list[bytes]]]: ...


#: sends :func:`aggregate_part` and its arguments to a worker: an executor's or a Dask
#: client's ``submit``
PartSubmit = Callable[..., PartFuture]


class _Products:
    """Per district, the number of counted ballots and the ``2 × width`` products of their α
    and β, option by option, as :func:`aggregate` and :func:`aggregate_part` fold them.

    Each ballot's :attr:`Counted.ciphertexts` (:meth:`~plebiscite.crypto.group.Group.keep`'s
    form: elements V5 decoded and validated in this run) waits as bytes with its district's
    others, and every :data:`_FOLD` ballots they are read back in one call (no second subgroup
    check; on secp256k1 no square root) and multiplied in by one product per option and α or β
    (secp256k1: one combine call over all of them). The group is commutative, so the products
    are those of the board order. With ``districts``, those are the districts (each starting at
    the identity) and a ballot of another is refused."""

    def __init__(self, group: Group, width: int, districts: Iterable[str] | None = None) -> None:
        self.group, self.width = group, width
        self.ballot_bytes = 2 * width * group.kept_bytes
        self.products: dict[str, list[Element]] = {}
        self.counts: dict[str, int] = {}
        self._pending: dict[str, bytearray] = {}
        self._open = districts is None
        for district in districts or ():
            self._start(district)

    def _start(self, district: str) -> bytearray:
        self.products[district] = [self.group.identity()] * (2 * self.width)
        self.counts[district] = 0
        pending = self._pending[district] = bytearray()
        return pending

    def add(self, district: str, data: bytes) -> None:
        """Count one ballot of ``district`` whose ciphertexts are ``data``."""
        if len(data) != self.ballot_bytes:
            raise RecordError(
                f"counted ballot: {len(data)} bytes, not the {self.ballot_bytes} of "
                f"{self.width} ciphertexts"
            )
        pending = self._pending.get(district)
        if pending is None:
            if not self._open:
                raise RecordError(f"counted ballot of district {district!r}: not in the manifest")
            pending = self._start(district)
        pending += data
        self.counts[district] += 1
        if len(pending) >= _FOLD * self.ballot_bytes:
            self._fold(district)

    def _fold(self, district: str) -> None:
        pending = self._pending[district]
        if not pending:
            return
        elements = self.group.kept(bytes(pending), "counted element")
        pending.clear()
        step, row, prod = 2 * self.width, self.products[district], self.group.prod
        for k in range(step):
            row[k] = prod([row[k], *elements[k::step]])

    def folded(self) -> dict[str, list[Element]]:
        """Every district's products, every ballot added folded in."""
        for district in self._pending:
            self._fold(district)
        return self.products


def aggregate_part(
    group_name: str, width: int, items: list[tuple[str, bytes]]
) -> dict[str, tuple[int, list[bytes]]]:
    """Part of V7's products, anywhere: for the counted ballots ``items`` (district, the
    :attr:`Counted.ciphertexts` V6 kept), per district the number of ballots and the encodings of
    the ``2 × width`` products of their α and β (option by option), folded as :func:`aggregate`
    folds (:class:`_Products`)."""
    group = get_group(group_name)
    products = _Products(group, width)
    for district, data in items:
        products.add(district, data)
    encode = group.encode
    return {
        district: (products.counts[district], [encode(e) for e in row])
        for district, row in products.folded().items()
    }


def aggregate(
    group: Group,
    definition: Definition,
    counted: Iterable[tuple[bytes, Counted]],
    *,
    submit: PartSubmit | None = None,
    in_flight: int = 4,
) -> mt.Tally:
    """The tally of the counted set: per district, question and option the product of the
    counted ciphertexts, and the number of ballots counted (empty districts: the identity); and
    the total over all districts.

    The counted ciphertexts are elements that V5 decoded and validated, kept as bytes
    (:meth:`Group.keep`) so that the counted set can move to disk, so they are read back without
    a second subgroup check (on modp4096 that check was most of V7's time) and, on secp256k1,
    without a point's square root (the packed form), many ballots at a time (:class:`_Products`).
    With ``submit`` (``plebiscite verify --workers``/``--dask``) the counted set goes to workers
    in parts of :data:`AGGREGATE_PART` ballots, at most ``in_flight`` out at once, each worker
    reading and multiplying its part (:func:`aggregate_part`); this process multiplies the parts'
    products. The group is commutative, so the products are the same."""
    if submit is not None:
        return _aggregate_parts(group, definition, counted, submit, in_flight)
    shape = [len(q.options) for q in definition.questions]
    products = _Products(group, sum(shape), [d.id for d in definition.districts])
    for _, item in counted:
        products.add(item.district, item.ciphertexts)
    folded = products.folded()
    districts: list[mt.DistrictAggregates] = []
    for d in definition.districts:
        row = folded[d.id]
        rows: list[tuple[Ciphertext, ...]] = []
        j = 0
        for options in shape:
            rows.append(
                tuple(Ciphertext(row[2 * (j + o)], row[2 * (j + o) + 1]) for o in range(options))
            )
            j += options
        districts.append(mt.DistrictAggregates(d.id, products.counts[d.id], tuple(rows)))
    return mt.Tally(tuple(districts)).with_total(group)


def _aggregate_parts(
    group: Group,
    definition: Definition,
    counted: Iterable[tuple[bytes, Counted]],
    submit: PartSubmit,
    in_flight: int,
) -> mt.Tally:
    """:func:`aggregate` with the counted set's parts multiplied on workers."""
    width = sum(len(q.options) for q in definition.questions)
    queue: deque[PartFuture] = deque()
    results: list[dict[str, tuple[int, list[bytes]]]] = []

    def parts() -> Iterator[list[tuple[str, bytes]]]:
        part: list[tuple[str, bytes]] = []
        for _, item in counted:
            part.append((item.district, item.ciphertexts))
            if len(part) == AGGREGATE_PART:
                yield part
                part = []
        if part:
            yield part

    for part in parts():
        queue.append(submit(aggregate_part, group.name, width, part))
        while len(queue) > in_flight:
            results.append(queue.popleft().result())
    results.extend(future.result() for future in queue)
    counts: dict[str, int] = {d.id: 0 for d in definition.districts}
    products: dict[str, list[list[Element]]] = {
        d.id: [[] for _ in range(2 * width)] for d in definition.districts
    }
    decode = group.decode_validated
    for result in results:
        for district, (count, encoded) in result.items():
            counts[district] += count
            for k, data in enumerate(encoded):
                products[district][k].append(decode(data, "a part's product", allow_identity=True))
    districts: list[mt.DistrictAggregates] = []
    for d in definition.districts:
        folded = [group.prod(elements) for elements in products[d.id]]
        rows: list[tuple[Ciphertext, ...]] = []
        j = 0
        for q in definition.questions:
            options = len(q.options)
            rows.append(
                tuple(
                    Ciphertext(folded[2 * (j + o)], folded[2 * (j + o) + 1]) for o in range(options)
                )
            )
            j += options
        districts.append(mt.DistrictAggregates(d.id, counts[d.id], tuple(rows)))
    return mt.Tally(tuple(districts)).with_total(group)


def _where(entry: Entry) -> str:
    return f"entry {entry.index}"


class Recomputed(Protocol):
    """What the counting checks need from the checker that ran V1–V6 (its state and its report).

    :class:`plebiscite.rules.checker.Checker` is one; this module never imports it.
    """

    definition: Definition | None
    group: Group | None
    election_id: bytes | None
    ceremony: CeremonyResult | None
    election_ctx: bytes | None
    checked: dict[str, int]

    def fail(self, check: str, index: int | None, field_: str, message: str) -> None:
        """Record a failure."""
        ...

    def fail_error(self, check: str, index: int, exc: Exception) -> None:
        """Record a failure from an error raised while checking entry ``index``."""
        ...

    def note(self, text: str) -> None:
        """Record a finding that is not a failure."""
        ...

    def aggregates(self) -> mt.Tally:
        """The products of the counted ciphertexts (V7)."""
        ...

    def figures(self) -> BoardFigures:
        """The ballot figures per district, recomputed."""
        ...


def check_counting(
    checker: Recomputed, entries: Sequence[Entry], *, in_progress: bool = False
) -> None:
    """Run the close, V7, V8 and V9 checks over the counting entries (board order);
    ``in_progress``: a tally or result not posted yet is no failure."""
    _Counting(checker).run(entries, in_progress)


class _Counting:
    def __init__(self, checker: Recomputed) -> None:
        assert checker.definition is not None and checker.group is not None
        assert checker.election_id is not None and checker.ceremony is not None
        self.c = checker
        self.definition: Definition = checker.definition
        self.group: Group = checker.group
        self.election_id: bytes = checker.election_id
        self.ceremony = checker.ceremony
        self.tally: mt.Tally | None = None
        self.tally_entry: Entry | None = None
        self.partials: dict[int, mt.PartialDecryption] = {}
        self.result_seen = False

    def fail(self, check: str, index: int | None, field: str, message: str) -> None:
        self.c.fail(check, index, field, message)

    def error(self, check: str, entry: Entry, exc: Exception) -> None:
        self.c.fail_error(check, entry.index, exc)

    def run(self, entries: Sequence[Entry], in_progress: bool = False) -> None:
        closed = False
        for entry in entries:
            if entry.kind != "close" and not closed:
                check = _check_of(entry.kind)
                self.fail(check, entry.index, "kind", f"a {entry.kind} entry before close")
                continue
            closed = True
            try:
                if entry.kind == "close":
                    self.close(entry)
                elif entry.kind == "tally":
                    self.on_tally(entry)
                elif entry.kind == "partial_decryption":
                    self.partial(entry)
                elif entry.kind == "result":
                    self.result(entry)
            except PlebisciteError as exc:  # never accept what could not be checked
                self.error(_check_of(entry.kind), entry, exc)
        if in_progress:
            return
        if self.tally is None and self.tally_entry is None:
            self.fail("V7", None, "tally", "the closed board has no tally entry")
        if not self.result_seen:
            self.fail("V9", None, "result", "the board has no result entry")

    # -- close (V5) -----------------------------------------------------------------------

    def close(self, entry: Entry) -> None:
        # V5 counts ballots, as its label says; a close whose timing is wrong still fails V5
        where = _where(entry)
        try:
            parsed = mt.parse_close(self.definition, entry.body, where)
        except RecordError as exc:
            self.error("V5", entry, exc)
            return
        early = entry.time < self.definition.window.closes_us
        if parsed.early != early:
            self.fail(
                "V5",
                entry.index,
                "body.early",
                f"{str(parsed.early).lower()}, but the board time {entry.time} is "
                f"{'before' if early else 'not before'} the window's end "
                f"{self.definition.window.closes_us}",
            )
        if parsed.early:
            signers = [c.trustee for c in parsed.cosignatures]
            self.c.note(
                f"V5 note: voting was closed EARLY at entry {entry.index} (board time "
                f"{entry.time}, before the window's end {self.definition.window.closes_us}); "
                f"co-signed by trustees {signers}"
            )
        if self.c.election_ctx is not None:
            for problem in check_early_close(
                self.definition, parsed, self.ceremony, self.c.election_ctx
            ):
                self.fail("V5", entry.index, problem.field, problem.message)
        board = self.c.figures().received
        for pos, (posted, held) in enumerate(zip(parsed.received, board, strict=True)):
            if posted != held:
                self.fail(
                    "V5",
                    entry.index,
                    f"body.received[{pos}]",
                    f"{posted.ballots} ballots and {posted.challenges} challenges for "
                    f"{posted.district!r}, but the board holds {held.ballots} and "
                    f"{held.challenges} between open and close",
                )

    # -- tally (V7) -----------------------------------------------------------------------

    def on_tally(self, entry: Entry) -> None:
        self.c.checked["V7"] += 1
        if self.tally_entry is not None:
            self.fail(
                "V7",
                entry.index,
                "kind",
                f"a second tally (the first is entry {self.tally_entry.index})",
            )
            return
        self.tally_entry = entry
        try:
            posted = mt.parse_tally(self.group, self.definition, entry.body, _where(entry))
        except RecordError as exc:
            self.error("V7", entry, exc)
            return
        self.tally = posted
        computed = self.c.aggregates()
        self.c.checked["V7"] += sum(len(row) for d in computed.districts for row in d.aggregates)
        for field, message in mt.compare_tally(posted, computed):
            self.fail("V7", entry.index, field, message)

    # -- partial decryptions (V8) ---------------------------------------------------------

    def partial(self, entry: Entry) -> None:
        self.c.checked["V8"] += 1
        where = _where(entry)
        if self.tally is None or self.tally_entry is None:
            self.fail("V8", entry.index, "kind", "a partial decryption before any valid tally")
            return
        try:
            parsed = membership_folded(  # its elements checked by one fold (spec §3.2)
                self.group,
                lambda: mt.parse_partial_decryption(self.group, self.definition, entry.body, where),
            )
        except RecordError as exc:
            self.error("V8", entry, exc)
            return
        i = parsed.trustee
        vk = self.ceremony.verification_keys.get(i)
        status = self.ceremony.trustees.get(i)
        if vk is None or status is None or status.key is None:
            self.fail("V8", entry.index, "body.trustee", f"trustee {i} is not in QUAL")
            return
        try:
            verify_body_signature(
                status.key, self.election_id, entry.kind, entry.body, where, f"trustee {i}"
            )
        except (ProofError, RecordError):
            self.fail("V8", entry.index, "body.signature", f"not a valid signature by trustee {i}")
            return
        if i in self.partials:
            self.fail("V8", entry.index, "body.trustee", f"a second partial decryption of {i}")
            return
        batch = BatchVerifier(self.group)
        try:
            mt.check_partial_decryption(
                self.group,
                parsed,
                self.tally,
                self.tally_entry.hash,
                vk,
                self._election_ctx(),
                where,
                batch=batch,
                minimum=self.definition.min_district_size,
            )
        except ProofError as exc:
            self.error("V8", entry, exc)
            return
        failed = batch.check()
        for label in failed:
            _, field = place_of(label)
            self.fail("V8", entry.index, field, "the proof's group equations do not hold")
        if not failed:
            self.partials[i] = parsed

    def _election_ctx(self) -> bytes:
        ctx = self.c.election_ctx
        if ctx is None:
            raise RecordError("no election context: voting never opened")
        return ctx

    # -- result (V9) ----------------------------------------------------------------------

    def result(self, entry: Entry) -> None:
        self.c.checked["V9"] += 1
        where = _where(entry)
        if self.result_seen:
            self.fail("V9", entry.index, "kind", "a second result")
            return
        self.result_seen = True
        k = self.definition.trustees.k
        if len(self.partials) < k:
            self.fail(
                "V8",
                entry.index,
                "kind",
                f"a result with {len(self.partials)} valid partial decryption(s) "
                f"{sorted(self.partials)}; at least k = {k} are needed",
            )
        try:
            posted, turnouts = mt.parse_result(self.definition, entry.body, where)
        except RecordError as exc:
            self.error("V9", entry, exc)
            return
        if self.tally is None or self.tally_entry is None:
            self.fail("V9", entry.index, "body.tally", "no valid tally to check the result against")
            return
        chosen = [i for i in posted.trustees if i in self.partials]
        missing = [i for i in posted.trustees if i not in self.partials]
        if missing:
            self.fail(
                "V8",
                entry.index,
                "body.trustees",
                f"trustees {missing} have no valid partial decryption",
            )
        if len(chosen) < k:
            chosen = sorted(self.partials)[:k]
        if len(chosen) < k:
            return
        decrypted = self.decrypt(entry, posted, {i: self.partials[i] for i in chosen})
        if decrypted is None:
            return
        counts, total = decrypted
        figures = self.c.figures()
        expected = mt.build_result(
            self.definition,
            self.tally,
            self.tally_entry.hash,
            counts,
            figures.superseded,
            figures.challenged,
            posted.trustees,
            total_counts=total,
        )
        self.c.checked["V9"] += len(self.definition.districts) + 1
        for field, message in mt.compare_result(posted, turnouts, expected):
            self.fail("V9", entry.index, field, message)
        for field, message in mt.check_count_bounds(self.definition, posted):
            self.fail("V9", entry.index, field, message)

    def decrypt(
        self, entry: Entry, posted: mt.Result, partials: dict[int, mt.PartialDecryption]
    ) -> tuple[list[list[list[int]] | None], list[list[int]] | None] | None:
        """Check ``g^count`` against each combined decryption (each mismatch is a failure) of the
        decrypted districts and of the total; return the counts to compare the result with (per
        district: the posted counts, zeros for a district that counted nothing, None for one
        the disclosure rule withholds; and the total's, None when it is not decrypted), or None
        when the shares cannot be combined."""
        assert self.tally is not None
        minimum = self.definition.min_district_size
        decrypted = {d.district for d in mt.decrypted_districts(self.tally, minimum)}
        out: list[list[list[int]] | None] = []
        for pos, (d, (_, figures)) in enumerate(
            zip(self.tally.districts, posted.districts, strict=True)
        ):
            if d.district not in decrypted:
                zeros = [[0] * len(row) for row in d.aggregates]
                out.append(zeros if d.counted == 0 else None)
                continue
            shares = {}
            for i, p in partials.items():
                found = p.shares_of(d.district)
                assert found is not None  # check_partial_decryption: exactly these districts
                shares[i] = found
            rows = self._combined(entry, f"body.districts[{pos}]", d, shares, figures)
            if rows is None:
                return None
            out.append(rows)
        total = self.tally.totals(self.group)
        if not mt.total_disclosed(self.tally, minimum):
            return out, None
        shares = {}
        for i, p in partials.items():
            assert p.total is not None  # check_partial_decryption: the total when disclosed
            shares[i] = p.total
        total_rows = self._combined(entry, "body.total", total, shares, posted.total)
        if total_rows is None:
            return None
        return out, total_rows

    def _combined(
        self,
        entry: Entry,
        path: str,
        aggregates: mt.DistrictAggregates,
        shares: dict[int, mt.DistrictShares],
        figures: mt.Figures,
    ) -> list[list[int]] | None:
        """The counts of one aggregate set, each posted count checked against the combination
        (a posted null where counts are due is left to :func:`compare_result`)."""
        group, k = self.group, self.definition.trustees.k
        rows: list[list[int]] = []
        for q, cts in enumerate(aggregates.aggregates):
            row: list[int] = []
            for o, ct in enumerate(cts):
                partial = {i: s.shares[q][o].partial for i, s in shares.items()}
                try:
                    combined = threshold.combine(group, ct, partial, k)
                except ParameterError as exc:
                    self.fail("V8", entry.index, "body.trustees", str(exc))
                    return None
                if figures.withheld:  # posted null: compare_result reports it, not the values
                    row.append(0)
                    continue
                value = figures.counts[q][o]
                if combined != group.exp_g(value):
                    self.fail(
                        "V9",
                        entry.index,
                        f"{path}.counts[{q}][{o}]",
                        f"{value} does not match the decryption: g^{value} is not the "
                        f"combination of trustees {sorted(shares)}",
                    )
                row.append(value)
            rows.append(row)
        return rows


def _check_of(kind: str) -> str:
    return {"close": "V5", "tally": "V7", "partial_decryption": "V8", "result": "V9"}[kind]
