"""Counting on the board: ``open``, ``close``, ``tally``, ``partial_decryption``, ``result``.

The bodies of the five counting entries, how each is built and read strictly, and the pure checks
that the verifier (V2, V7–V9), the board's acceptance rules, the authority and every trustee share.
Nothing here reads the board: the caller supplies what the board says (the recomputed election
context, the counted set's aggregates, the verification keys).

**Entries** (``E`` a group element and ``S`` a scalar in the group's strict lowercase hex; the
identity is allowed in aggregates and partial decryptions; every body is signed with
:func:`plebiscite.model.signed.sign_body`)::

    open                {"election_ctx": "<32 bytes hex>", "signature"}                authority
    close               {"early": bool,
                         "received": [{"district", "ballots", "challenges"}, …],       authority
                         "signature"}
    tally               {"districts": [{"id", "counted",
                                        "aggregates": [[{"alpha": E, "beta": E}, …], …]}, …],
                         "total": {"counted", "aggregates": [[…], …]},
                         "signature"}                                                   authority
    partial_decryption  {"trustee": i, "tally": "<hash of the tally entry>",
                         "districts": [{"id", "shares": [[{"partial": E,
                                                           "proof": {"a": E, "b": E, "v": S}},
                                                          …], …]}, …],
                         "total": {"shares": [[…], …]},
                         "signature"}                                                   trustee i
    result              {"tally": "<hash of the tally entry>", "trustees": [i, …],
                         "districts": [{"id", "counts": [[n, …], …] or null, "counted",
                                        "registered", "turnout_ppm", "superseded",
                                        "challenged"}, …],
                         "total": {"counts", "counted", "registered", "turnout_ppm",
                                   "superseded", "challenged"},
                         "signature"}                                                   authority

Districts are listed in the manifest's order (all of them in ``tally`` and ``result``, the
decrypted ones in ``partial_decryption``), questions in the manifest's order and options in each
question's order; every question × option of a listed district is present, the empty ones
included.

* ``open.election_ctx`` is ``election_ctx`` (:func:`plebiscite.model.contexts.election_context`)
  recomputed from the ceremony, the roll roots and the keys.
* ``close.received`` counts, per district, the ``ballot`` and ``challenge`` entries the board
  accepted between ``open`` and ``close``; ``early`` is true exactly when
  the board time of ``close`` is before the window's end.
* A ``tally`` aggregate is the product of the ciphertexts of the counted ballots (each credential's
  last valid ballot) of its district at that question and option; ``counted`` is how many ballots
  the district counted. ``total`` is the product over all districts (its ``counted`` the sum).
* A ``partial_decryption`` holds trustee i's ``M_i = α^(s_i)`` for every aggregate it decrypts,
  with its Chaum–Pedersen proof against ``VK_i``
  (:func:`plebiscite.crypto.proofs.verify_partial_decryption`) in the context
  :func:`decryption_context`: ``{"election": election_ctx, "trustee": i, "district": id (null
  for the total), "question": q, "option": o}`` (0-based positions). It decrypts the total and
  exactly the districts that counted at least the manifest's ``min_district_size``
  (:func:`decrypted_districts`), listed in manifest order.
* ``result`` holds the counts recovered from any k valid partial decryptions (Lagrange at 0, then
  a discrete logarithm bounded by ``counted``), the trustees whose shares were combined, and the
  figures: ``registered`` (the manifest's), ``turnout_ppm`` (``counted · 1,000,000 //
  registered``, parts per million rounded down; the record has no floats), ``superseded`` (valid
  ballots replaced by a later valid ballot of the same credential) and ``challenged`` (valid
  challenges). ``total`` sums the districts' figures; its counts are the total's decryption.

**Minimum district size.** A district that counted some ballots but fewer than the manifest's
``min_district_size`` (:func:`small_districts`) is decrypted only inside the total: its result
has ``"counts": null`` (:attr:`Figures.withheld`). A district that counted nothing has nothing
to decrypt and counts 0 everywhere. The definition's ``allow_small_districts`` override is what
permits a ``min_district_size`` below the usual floor.

Errors are :class:`~plebiscite.errors.RecordError` (malformed) and
:class:`~plebiscite.errors.ProofError` (does not verify), each naming the entry and the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import rand, threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import EncodingError, ParameterError, ProofError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    field_path,
    require_bool,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body, verify_body_signature

__all__ = [
    "CLOSE_KIND",
    "COUNTING_KINDS",
    "OPEN_KIND",
    "PARTIAL_KIND",
    "PPM",
    "RESULT_KIND",
    "TALLY_KIND",
    "Close",
    "DistrictAggregates",
    "DistrictShares",
    "Figures",
    "Open",
    "PartialDecryption",
    "Received",
    "Result",
    "Share",
    "Tally",
    "build_result",
    "check_close",
    "check_count_bounds",
    "check_open",
    "check_partial_decryption",
    "combine_counts",
    "combine_total",
    "compare_result",
    "compare_tally",
    "decrypted_districts",
    "decryption_context",
    "make_partial_decryption",
    "parse_close",
    "parse_open",
    "parse_partial_decryption",
    "parse_result",
    "parse_tally",
    "sign",
    "small_districts",
    "turnout_ppm",
]

OPEN_KIND: Final = "open"
CLOSE_KIND: Final = "close"
TALLY_KIND: Final = "tally"
PARTIAL_KIND: Final = "partial_decryption"
RESULT_KIND: Final = "result"
#: the counting entries, in the order an election posts them
COUNTING_KINDS: Final = (OPEN_KIND, CLOSE_KIND, TALLY_KIND, PARTIAL_KIND, RESULT_KIND)
#: turnout is written in parts per million
PPM: Final = 1_000_000
_HASH_BYTES: Final = 32
_SIG: Final = (SIGNATURE_FIELD,)


def _fail(where: str, path: str, message: str) -> RecordError:
    return RecordError(f"{where}: field {path}: {message}")


def sign(
    key: SigningKey,
    election_id: bytes,
    kind: str,
    body: JSONObject,
    rng: rand.Random | None = None,
) -> JSONObject:
    """``body`` signed for the entry ``kind`` (:func:`plebiscite.model.signed.sign_body`)."""
    if kind not in COUNTING_KINDS:
        raise ParameterError(f"sign: {kind!r} is not a counting entry kind")
    return sign_body(key, election_id, kind, body, rng)


def _districts_in_order(
    definition: Definition, items: list[object], where: str, path: str, key: str = "id"
) -> list[dict[str, object]]:
    """The listed district objects, refusing any other list than the manifest's ids (under
    ``key``) in order."""
    expected = [d.id for d in definition.districts]
    if len(items) != len(expected):
        raise _fail(where, path, f"{len(items)} districts listed; the manifest has {len(expected)}")
    out: list[dict[str, object]] = []
    for pos, (item, want) in enumerate(zip(items, expected, strict=True)):
        here = field_path(path, pos)
        obj = require_object(item, where, here)
        got = obj.get(key)
        if got != want:
            raise _fail(
                where, here, f"district {got!r} where {want!r} (manifest order) was expected"
            )
        out.append(obj)
    return out


# ------------------------------------------------------------------------------------------ open


@dataclass(frozen=True, slots=True)
class Open:
    """``open``: voting opens under the election context ``election_ctx``."""

    election_context: bytes

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {"election_ctx": self.election_context.hex()}


def parse_open(body: object, where: str) -> Open:
    """Read an ``open`` body strictly (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("election_ctx", *_SIG))
    return Open(require_hex(obj, "election_ctx", where, "body", _HASH_BYTES))


def check_open(
    body: JSONObject,
    authority: VerifyingKey,
    election_id: bytes,
    expected_context: bytes,
    where: str,
) -> Open:
    """Parse ``open``, check the authority's signature and the recomputed election context."""
    parsed = parse_open(body, where)
    verify_body_signature(authority, election_id, OPEN_KIND, body, where, "authority")
    if parsed.election_context != expected_context:
        raise ProofError(
            f"{where}: field body.election_ctx: {parsed.election_context.hex()} is not the "
            f"recomputed election context {expected_context.hex()}"
        )
    return parsed


# ----------------------------------------------------------------------------------------- close


@dataclass(frozen=True, slots=True)
class Received:
    """What the board accepted for one district between ``open`` and ``close``."""

    district: str
    ballots: int
    challenges: int

    def to_json(self) -> JSONObject:
        return {"district": self.district, "ballots": self.ballots, "challenges": self.challenges}


@dataclass(frozen=True, slots=True)
class Close:
    """``close``: voting is over; what was received per district, and whether it came early."""

    early: bool
    received: tuple[Received, ...]

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {"early": self.early, "received": [r.to_json() for r in self.received]}


def parse_close(definition: Definition, body: object, where: str) -> Close:
    """Read a ``close`` body strictly (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("early", "received", *_SIG))
    early = require_bool(obj, "early", where, "body")
    items = require_list(obj, "received", where, "body")
    received: list[Received] = []
    for pos, item in enumerate(
        _districts_in_order(definition, items, where, "body.received", "district")
    ):
        path = f"body.received[{pos}]"
        require_fields(item, where, path, ("district", "ballots", "challenges"))
        received.append(
            Received(
                require_str(item, "district", where, path),
                require_int(item, "ballots", where, path),
                require_int(item, "challenges", where, path),
            )
        )
    return Close(early, tuple(received))


def check_close(
    definition: Definition,
    body: JSONObject,
    time: int,
    received: Sequence[Received],
    where: str,
) -> Close:
    """Parse ``close`` posted at board ``time``; check the signature, ``early`` and the counts."""
    parsed = parse_close(definition, body, where)
    assert definition.keys.authority is not None and definition.election_id is not None
    verify_body_signature(
        definition.keys.authority, definition.election_id, CLOSE_KIND, body, where, "authority"
    )
    early = time < definition.window.closes_us
    if parsed.early != early:
        raise ProofError(
            f"{where}: field body.early: {str(parsed.early).lower()}, but the board time {time} "
            f"is {'before' if early else 'not before'} the window's end "
            f"{definition.window.closes_us}"
        )
    for pos, (posted, counted) in enumerate(zip(parsed.received, received, strict=True)):
        if posted != counted:
            raise ProofError(
                f"{where}: field body.received[{pos}]: {posted.ballots} ballots and "
                f"{posted.challenges} challenges for {posted.district!r}, but the board holds "
                f"{counted.ballots} and {counted.challenges}"
            )
    return parsed


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


def _shape(definition: Definition) -> list[int]:
    return [len(q.options) for q in definition.questions]


def _grid(
    obj: Mapping[str, object], key: str, where: str, path: str, shape: Sequence[int]
) -> list[list[object]]:
    """``obj[key]`` as a list per question of a list per option, of exactly ``shape``."""
    rows = require_list(obj, key, where, path)
    here = field_path(path, key)
    if len(rows) != len(shape):
        raise _fail(where, here, f"{len(rows)} questions; the manifest has {len(shape)}")
    out: list[list[object]] = []
    for q, (row, options) in enumerate(zip(rows, shape, strict=True)):
        if type(row) is not list:
            raise _fail(where, f"{here}[{q}]", "expected an array (one item per option)")
        if len(row) != options:
            raise _fail(where, f"{here}[{q}]", f"{len(row)} options; question {q} has {options}")
        out.append(row)
    return out


def _parse_aggregates(
    group: Group, obj: Mapping[str, object], where: str, path: str, shape: Sequence[int]
) -> tuple[tuple[Ciphertext, ...], ...]:
    rows: list[tuple[Ciphertext, ...]] = []
    for q, row in enumerate(_grid(obj, "aggregates", where, path, shape)):
        cts: list[Ciphertext] = []
        for o, raw in enumerate(row):
            role = f"{path}.aggregates[{q}][{o}]"
            try:
                cts.append(decode_ciphertext(group, raw, role, allow_identity=True))
            except EncodingError as exc:
                raise RecordError(f"{where}: field {exc}") from None
        rows.append(tuple(cts))
    return tuple(rows)


def parse_tally(group: Group, definition: Definition, body: object, where: str) -> Tally:
    """Read a ``tally`` body strictly: every district, question and option, and the total,
    elements validated (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("districts", "total", *_SIG))
    items = require_list(obj, "districts", where, "body")
    shape = _shape(definition)
    out: list[DistrictAggregates] = []
    for pos, item in enumerate(_districts_in_order(definition, items, where, "body.districts")):
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
    """The districts trustees decrypt on their own: ``counted ≥ minimum`` (the manifest's
    ``min_district_size``, at least 1: a district that counted nothing has nothing to reveal)."""
    return [d for d in tally.districts if d.counted >= max(minimum, 1)]


# ---------------------------------------------------------------------------- partial decryption


def decryption_context(
    election_ctx: bytes, trustee: int, district: str | None, question: int, option: int
) -> CanonicalValue:
    """The context of trustee ``i``'s proof for one aggregate (module docstring); ``district``
    is None (``null``) for the total."""
    return {
        "election": election_ctx,
        "trustee": trustee,
        "district": district,
        "question": question,
        "option": option,
    }


def _context_district(aggregates: DistrictAggregates) -> str | None:
    return aggregates.district or None


@dataclass(frozen=True, slots=True)
class Share:
    """One aggregate's partial decryption ``M_i = α^(s_i)`` and its Chaum–Pedersen proof."""

    partial: Element
    proof: zk.ChaumPedersenProof

    def to_json(self, group: Group) -> JSONObject:
        proof: JSONObject = {}
        for key, value in zk.encode_proof(group, self.proof).items():
            proof[key] = value if isinstance(value, str) else list[JSONValue](value)
        return {"partial": group.to_hex(self.partial), "proof": proof}


@dataclass(frozen=True, slots=True)
class DistrictShares:
    """A trustee's shares for one district (or the total, id ``""``): per question, per option."""

    district: str
    shares: tuple[tuple[Share, ...], ...]

    def to_json(self, group: Group) -> JSONObject:
        rows: list[JSONValue] = [[s.to_json(group) for s in row] for row in self.shares]
        return {"id": self.district, "shares": rows} if self.district else {"shares": rows}


@dataclass(frozen=True, slots=True)
class PartialDecryption:
    """``partial_decryption``: trustee ``i``'s shares of the tally ``tally``: of each district it
    decrypts (:func:`decrypted_districts`, manifest order) and of the total."""

    trustee: int
    tally: bytes
    districts: tuple[DistrictShares, ...]
    total: DistrictShares = DistrictShares("", ())

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "trustee": self.trustee,
            "tally": self.tally.hex(),
            "districts": [d.to_json(group) for d in self.districts],
            "total": self.total.to_json(group),
        }

    def shares_of(self, district_id: str) -> DistrictShares | None:
        """The shares of ``district_id``, or None when this partial does not decrypt it."""
        for d in self.districts:
            if d.district == district_id:
                return d
        return None


def _decrypt_all(
    group: Group,
    trustee: int,
    secret_share: int,
    aggregates: DistrictAggregates,
    election_ctx: bytes,
    rng: rand.Random | None,
) -> DistrictShares:
    rows: list[tuple[Share, ...]] = []
    for q, row in enumerate(aggregates.aggregates):
        shares: list[Share] = []
        for o, ct in enumerate(row):
            context = decryption_context(election_ctx, trustee, _context_district(aggregates), q, o)
            partial, proof = threshold.partial_decrypt(group, secret_share, ct, context, rng=rng)
            shares.append(Share(partial, proof))
        rows.append(tuple(shares))
    return DistrictShares(aggregates.district, tuple(rows))


def make_partial_decryption(
    group: Group,
    trustee: int,
    secret_share: int,
    tally: Tally,
    tally_hash: bytes,
    election_ctx: bytes,
    rng: rand.Random | None = None,
    *,
    minimum: int = 1,
) -> PartialDecryption:
    """Trustee ``i``'s partial decryption of the total and of every district that counted at
    least ``minimum`` ballots (the manifest's ``min_district_size``), each with its proof.

    ``secret_share`` is the trustee's ``s_i`` (used only in constant-time exponentiations).
    """
    districts = tuple(
        _decrypt_all(group, trustee, secret_share, d, election_ctx, rng)
        for d in decrypted_districts(tally, minimum)
    )
    total = _decrypt_all(group, trustee, secret_share, tally.totals(group), election_ctx, rng)
    return PartialDecryption(trustee, tally_hash, districts, total)


def _parse_shares(
    group: Group, obj: Mapping[str, object], where: str, path: str, shape: Sequence[int]
) -> tuple[tuple[Share, ...], ...]:
    rows: list[tuple[Share, ...]] = []
    for q, row in enumerate(_grid(obj, "shares", where, path, shape)):
        shares: list[Share] = []
        for o, raw in enumerate(row):
            role = f"{path}.shares[{q}][{o}]"
            share = require_object(raw, where, role)
            require_fields(share, where, role, ("partial", "proof"))
            try:
                partial = group.from_hex(share["partial"], f"{role}.partial", allow_identity=True)
                proof = zk.decode_chaum_pedersen(group, share["proof"], f"{role}.proof")
            except EncodingError as exc:
                raise RecordError(f"{where}: field {exc}") from None
            shares.append(Share(partial, proof))
        rows.append(tuple(shares))
    return tuple(rows)


def parse_partial_decryption(
    group: Group, definition: Definition, body: object, where: str
) -> PartialDecryption:
    """Read a ``partial_decryption`` body strictly (its signature required, not checked): the
    districts are distinct manifest districts in manifest order; which ones must be listed is
    :func:`check_partial_decryption`'s question."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("trustee", "tally", "districts", "total", *_SIG))
    trustee = require_int(obj, "trustee", where, "body", minimum=1, maximum=definition.trustees.n)
    tally_hash = require_hex(obj, "tally", where, "body", _HASH_BYTES)
    items = require_list(obj, "districts", where, "body")
    shape = _shape(definition)
    order = {d.id: pos for pos, d in enumerate(definition.districts)}
    out: list[DistrictShares] = []
    last = -1
    for pos, item in enumerate(items):
        path = f"body.districts[{pos}]"
        obj_d = require_object(item, where, path)
        require_fields(obj_d, where, path, ("id", "shares"))
        district = require_str(obj_d, "id", where, path)
        at = order.get(district)
        if at is None or at <= last:
            raise _fail(
                where,
                f"{path}.id",
                f"{district!r} is not a manifest district after the previous one",
            )
        last = at
        out.append(DistrictShares(district, _parse_shares(group, obj_d, where, path, shape)))
    total = require_object(obj.get("total"), where, "body.total")
    require_fields(total, where, "body.total", ("shares",))
    rows = _parse_shares(group, total, where, "body.total", shape)
    return PartialDecryption(trustee, tally_hash, tuple(out), DistrictShares("", rows))


def _verify_shares(
    group: Group,
    trustee: int,
    shares: DistrictShares,
    aggregates: DistrictAggregates,
    verification_key: Element,
    election_ctx: bytes,
    path: str,
    batch: BatchVerifier | None,
) -> None:
    for q, (row, cts) in enumerate(zip(shares.shares, aggregates.aggregates, strict=True)):
        for o, (share, ct) in enumerate(zip(row, cts, strict=True)):
            label = f"{path}.shares[{q}][{o}]"
            context = decryption_context(election_ctx, trustee, _context_district(aggregates), q, o)
            try:
                zk.verify_partial_decryption(
                    group,
                    verification_key,
                    ct,
                    share.partial,
                    share.proof,
                    context,
                    batch=batch,
                    label=label,
                )
            except ProofError as exc:
                raise ProofError(f"{label}: {exc}") from None


def check_partial_decryption(
    group: Group,
    partial: PartialDecryption,
    tally: Tally,
    tally_hash: bytes,
    verification_key: Element,
    election_ctx: bytes,
    where: str,
    *,
    batch: BatchVerifier | None = None,
    minimum: int = 1,
) -> None:
    """Check ``partial`` against ``VK_i`` and the posted tally's aggregates.

    The body must name the tally entry ``tally_hash`` and decrypt exactly the total and the
    districts that counted at least ``minimum`` ballots (the manifest's ``min_district_size``).
    With ``batch`` the proofs' group equations are added to it under ``"<where>: field
    body.districts[d].shares[q][o]"`` (or ``body.total.shares[q][o]``; the caller runs
    :meth:`BatchVerifier.check`); otherwise a failing proof raises :class:`ProofError` here.
    """
    if partial.tally != tally_hash:
        raise ProofError(
            f"{where}: field body.tally: {partial.tally.hex()} is not the tally entry's hash "
            f"{tally_hash.hex()}"
        )
    expected = decrypted_districts(tally, minimum)
    listed = [d.district for d in partial.districts]
    wanted = [d.district for d in expected]
    if listed != wanted:
        raise ProofError(
            f"{where}: field body.districts: decrypts districts {listed}, but the districts that "
            f"counted at least the minimum of {max(minimum, 1)} ballots are {wanted} (a smaller "
            "district is decrypted only inside the total)"
        )
    i = partial.trustee
    for pos, (shares, aggregates) in enumerate(zip(partial.districts, expected, strict=True)):
        path = f"{where}: field body.districts[{pos}]"
        _verify_shares(group, i, shares, aggregates, verification_key, election_ctx, path, batch)
    total = tally.totals(group)
    path = f"{where}: field body.total"
    _verify_shares(group, i, partial.total, total, verification_key, election_ctx, path, batch)


def _combine(
    group: Group,
    aggregates: DistrictAggregates,
    shares: Mapping[int, DistrictShares],
    k: int,
    dlog: DiscreteLog,
    name: str,
) -> tuple[tuple[int, ...], ...]:
    rows: list[tuple[int, ...]] = []
    for q, row in enumerate(aggregates.aggregates):
        counts: list[int] = []
        for o, ct in enumerate(row):
            value = threshold.combine(
                group, ct, {i: s.shares[q][o].partial for i, s in shares.items()}, k
            )
            try:
                m = dlog.solve(value)
            except ParameterError:
                raise ProofError(
                    f"{name}, question {q}, option {o}: the partial decryptions of trustees "
                    f"{sorted(shares)} combine to no count in [0, {aggregates.counted}]"
                ) from None
            if m > aggregates.counted:
                raise ProofError(
                    f"{name}, question {q}, option {o}: decrypts to {m}, more than the "
                    f"{aggregates.counted} ballots counted"
                )
            counts.append(m)
        rows.append(tuple(counts))
    return tuple(rows)


def combine_counts(
    group: Group,
    tally: Tally,
    partials: Mapping[int, PartialDecryption],
    k: int,
) -> tuple[tuple[tuple[int, ...], ...] | None, ...]:
    """The counts per district, question and option from ``k`` or more verified partials.

    Each aggregate combines to ``g^m = β / ∏ M_i^(λ_i)`` (Lagrange at 0 over the trustees given);
    ``m`` is recovered by a discrete logarithm bounded by the district's ``counted``. A district
    the partials do not decrypt counts 0 when it counted nothing and is None (withheld: decrypted
    only inside the total, :func:`combine_total`) otherwise. A value that is not ``g^m`` for such
    an ``m`` raises :class:`ProofError`.
    """
    if len(partials) < k:
        raise ParameterError(f"{len(partials)} partial decryptions given, at least k = {k} needed")
    most = max((d.counted for d in tally.districts), default=0)
    dlog = DiscreteLog(group, most)
    out: list[tuple[tuple[int, ...], ...] | None] = []
    for d in tally.districts:
        shares = {i: p.shares_of(d.district) for i, p in partials.items()}
        present = {i: s for i, s in shares.items() if s is not None}
        if present and len(present) != len(shares):
            raise ProofError(
                f"district {d.district!r}: decrypted by trustees {sorted(present)} only, not by "
                f"every one of {sorted(shares)}"
            )
        if present:
            out.append(_combine(group, d, present, k, dlog, f"district {d.district!r}"))
        elif d.counted == 0:
            out.append(tuple(tuple(0 for _ in row) for row in d.aggregates))
        else:
            out.append(None)
    return tuple(out)


def combine_total(
    group: Group,
    tally: Tally,
    partials: Mapping[int, PartialDecryption],
    k: int,
) -> tuple[tuple[int, ...], ...]:
    """The counts of the whole election per question and option, from the total's shares of
    ``k`` or more verified partials (as :func:`combine_counts`)."""
    if len(partials) < k:
        raise ParameterError(f"{len(partials)} partial decryptions given, at least k = {k} needed")
    total = tally.totals(group)
    shares = {i: p.total for i, p in partials.items()}
    return _combine(group, total, shares, k, DiscreteLog(group, total.counted), "the total")


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
    """
    districts: list[tuple[str, Figures]] = []
    shape = _shape(definition)
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
    if total_counts is None:
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
        sum(f.counted for _, f in districts),
        sum(f.registered for _, f in districts),
        sum(f.superseded for _, f in districts),
        sum(f.challenged for _, f in districts),
    )
    return Result(tally_hash, tuple(sorted(trustees)), tuple(districts), total)


def _parse_figures(
    obj: Mapping[str, object], where: str, path: str, shape: Sequence[int], *, nullable: bool
) -> tuple[Figures, int]:
    withheld = nullable and obj.get("counts") is None
    counts: list[tuple[int, ...]] = []
    for q, row in enumerate([] if withheld else _grid(obj, "counts", where, path, shape)):
        values: list[int] = []
        for o, value in enumerate(row):
            if type(value) is not int or value < 0:
                raise _fail(where, f"{path}.counts[{q}][{o}]", "expected a count (an integer ≥ 0)")
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
    (districts in order, then the total) for :func:`compare_result` to check. A district's
    ``counts`` may be null (withheld); the total's may not."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("tally", "trustees", "districts", "total", *_SIG))
    tally_hash = require_hex(obj, "tally", where, "body", _HASH_BYTES)
    trustees: list[int] = []
    for pos, value in enumerate(require_list(obj, "trustees", where, "body")):
        n = definition.trustees.n
        if type(value) is not int or not 1 <= value <= n or (trustees and value <= trustees[-1]):
            raise _fail(where, f"body.trustees[{pos}]", "not an increasing trustee index in [1, n]")
        trustees.append(value)
    shape = _shape(definition)
    items = require_list(obj, "districts", where, "body")
    districts: list[tuple[str, Figures]] = []
    turnouts: list[int] = []
    for pos, item in enumerate(_districts_in_order(definition, items, where, "body.districts")):
        path = f"body.districts[{pos}]"
        require_fields(item, where, path, ("id", *_FIGURE_FIELDS))
        figures, turnout = _parse_figures(item, where, path, shape, nullable=True)
        districts.append((require_str(item, "id", where, path), figures))
        turnouts.append(turnout)
    total_obj = require_object(obj.get("total"), where, "body.total")
    require_fields(total_obj, where, "body.total", _FIGURE_FIELDS)
    total, turnout = _parse_figures(total_obj, where, "body.total", shape, nullable=False)
    turnouts.append(turnout)
    return Result(tally_hash, tuple(trustees), tuple(districts), total), turnouts


def _compare_figures(
    path: str, posted: Figures, expected: Figures, turnout: int | None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if posted.withheld != expected.withheld:
        if expected.withheld:
            message = (
                f"published for a district that counted {expected.counted} ballots, below the "
                "minimum size: it is decrypted only inside the total and its counts are null"
            )
        else:
            message = f"null, but the district counted {expected.counted} and is decrypted"
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
