"""The ``partial_decryption`` entry: each trustee's shares with their proofs, checked and combined
into the counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto import proofs as zk
from plebiscite.crypto import rand, threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import DiscreteLog
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.errors import EncodingError, ParameterError, ProofError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    Place,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.tally.aggregates import (
    DistrictAggregates,
    Tally,
    decrypted_districts,
    options_per_question,
    question_grid,
    total_disclosed,
)
from plebiscite.model.tally.common import HASH_BYTES, SIG, fail

__all__ = [
    "DistrictShares",
    "PartialDecryption",
    "Share",
    "check_partial_decryption",
    "combine_counts",
    "combine_total",
    "decryption_context",
    "make_partial_decryption",
    "parse_partial_decryption",
]


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
    decrypts (:func:`decrypted_districts`, manifest order) and of the total (None: the total is
    not decrypted, :func:`total_disclosed`)."""

    trustee: int
    tally: bytes
    districts: tuple[DistrictShares, ...]
    total: DistrictShares | None = DistrictShares("", ())

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        return {
            "trustee": self.trustee,
            "tally": self.tally.hex(),
            "districts": [d.to_json(group) for d in self.districts],
            "total": None if self.total is None else self.total.to_json(group),
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
    """Trustee ``i``'s partial decryption of exactly the disclosed set of ``tally`` under the
    disclosure rule (:func:`decrypted_districts` and :func:`total_disclosed` with ``minimum``,
    the manifest's ``min_district_size``), each with its proof: nothing else is ever decrypted.

    ``secret_share`` is the trustee's ``s_i`` (used only in constant-time exponentiations).
    """
    districts = tuple(
        _decrypt_all(group, trustee, secret_share, d, election_ctx, rng)
        for d in decrypted_districts(tally, minimum)
    )
    total = None
    if total_disclosed(tally, minimum):
        total = _decrypt_all(group, trustee, secret_share, tally.totals(group), election_ctx, rng)
    return PartialDecryption(trustee, tally_hash, districts, total)


def _parse_shares(
    group: Group, obj: Mapping[str, object], where: str, path: str, shape: Sequence[int]
) -> tuple[tuple[Share, ...], ...]:
    rows: list[tuple[Share, ...]] = []
    for q, row in enumerate(question_grid(obj, "shares", where, path, shape)):
        shares: list[Share] = []
        for o, raw in enumerate(row):
            role = f"{path}.shares[{q}][{o}]"
            share = require_object(raw, where, role)
            require_fields(share, where, role, ("partial", "proof"))
            try:
                partial = group.from_hex(share["partial"], f"{role}.partial", allow_identity=True)
                proof = zk.decode_chaum_pedersen(group, share["proof"], f"{role}.proof")
            except EncodingError as exc:
                raise exc.placed(where) from None
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
    require_fields(obj, where, "body", ("trustee", "tally", "districts", "total", *SIG))
    trustee = require_int(obj, "trustee", where, "body", minimum=1, maximum=definition.trustees.n)
    tally_hash = require_hex(obj, "tally", where, "body", HASH_BYTES)
    items = require_list(obj, "districts", where, "body")
    shape = options_per_question(definition)
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
            raise fail(
                where,
                f"{path}.id",
                f"{district!r} is not a manifest district after the previous one",
            )
        last = at
        out.append(DistrictShares(district, _parse_shares(group, obj_d, where, path, shape)))
    if obj.get("total") is None:
        return PartialDecryption(trustee, tally_hash, tuple(out), None)
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
    where: str,
    path: str,
    batch: BatchVerifier | None,
) -> None:
    for q, (row, cts) in enumerate(zip(shares.shares, aggregates.aggregates, strict=True)):
        for o, (share, ct) in enumerate(zip(row, cts, strict=True)):
            label = Place(where, f"{path}.shares[{q}][{o}]")
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
                raise ProofError.at(where, label.field, str(exc)) from None


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

    The body must name the tally entry ``tally_hash`` and decrypt exactly the disclosed set of
    the disclosure rule (:func:`decrypted_districts`, :func:`total_disclosed`; ``minimum`` the
    manifest's ``min_district_size``): decrypting anything else reveals the counts of fewer
    ballots than the minimum, directly or by subtraction.
    With ``batch`` the proofs' group equations are added to it under ``"<where>: field
    body.districts[d].shares[q][o]"`` (or ``body.total.shares[q][o]``; the caller runs
    :meth:`BatchVerifier.check`); otherwise a failing proof raises :class:`ProofError` here.
    """
    if partial.tally != tally_hash:
        raise ProofError.at(
            where,
            "body.tally",
            f"{partial.tally.hex()} is not the tally entry's hash {tally_hash.hex()}",
        )
    expected = decrypted_districts(tally, minimum)
    listed = [d.district for d in partial.districts]
    wanted = [d.district for d in expected]
    m = max(minimum, 1)
    if listed != wanted:
        raise ProofError.at(
            where,
            "body.districts",
            f"decrypts districts {listed}, but the disclosure rule "
            f"allows exactly {wanted}: each counted at least {m} ballots and the districts left "
            f"out hold none or at least {m} together (the others are decrypted only inside the "
            "total)",
        )
    total = tally.totals(group)
    if (partial.total is not None) != total_disclosed(tally, minimum):
        counted = sum(d.counted for d in tally.districts)
        raise ProofError.at(
            where,
            "body.total",
            (
                f"decrypts the total of {counted} ballots, fewer than the minimum of {m}"
                if partial.total is not None
                else f"null, but the total counted {counted} ballots and is decrypted"
            ),
        )
    i = partial.trustee
    for pos, (shares, aggregates) in enumerate(zip(partial.districts, expected, strict=True)):
        path = f"body.districts[{pos}]"
        _verify_shares(
            group, i, shares, aggregates, verification_key, election_ctx, where, path, batch
        )
    if partial.total is not None:
        _verify_shares(
            group,
            i,
            partial.total,
            total,
            verification_key,
            election_ctx,
            where,
            "body.total",
            batch,
        )


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
) -> tuple[tuple[int, ...], ...] | None:
    """The counts of the whole election per question and option, from the total's shares of
    ``k`` or more verified partials (as :func:`combine_counts`); zeros when nothing was counted,
    None when the total is not decrypted (it counted fewer ballots than the minimum)."""
    if len(partials) < k:
        raise ParameterError(f"{len(partials)} partial decryptions given, at least k = {k} needed")
    total = tally.totals(group)
    shares = {i: p.total for i, p in partials.items() if p.total is not None}
    if not shares:
        if total.counted == 0:
            return tuple(tuple(0 for _ in row) for row in total.aggregates)
        return None
    if len(shares) != len(partials):
        raise ProofError(
            f"the total: decrypted by trustees {sorted(shares)} only, not by every one of "
            f"{sorted(partials)}"
        )
    return _combine(group, total, shares, k, DiscreteLog(group, total.counted), "the total")
