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
                         "cosignatures": [{"trustee": i, "signature"}, …],
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
  the board time of ``close`` is before the window's end. An early close needs the manifest's
  ``allow_early_close`` and ``cosignatures`` of at least k distinct QUAL trustees, each over
  :func:`early_close_message` (spec §12.5, :func:`plebiscite.rules.early_close.check_early_close`);
  a close on time has none.
* A ``tally`` aggregate is the product of the ciphertexts of the counted ballots (each credential's
  last valid ballot) of its district at that question and option; ``counted`` is how many ballots
  the district counted. ``total`` is the product over all districts (its ``counted`` the sum).
* A ``partial_decryption`` holds trustee i's ``M_i = α^(s_i)`` for every aggregate it decrypts,
  with its Chaum–Pedersen proof against ``VK_i``
  (:func:`plebiscite.crypto.proofs.verify_partial_decryption`) in the context
  :func:`decryption_context`: ``{"election": election_ctx, "trustee": i, "district": id (null
  for the total), "question": q, "option": o}`` (0-based positions). It decrypts exactly the
  disclosed districts (:func:`decrypted_districts`), listed in manifest order, and the total when
  :func:`total_disclosed` (``total`` is null otherwise).
* ``result`` holds the counts recovered from any k valid partial decryptions (Lagrange at 0, then
  a discrete logarithm bounded by ``counted``), the trustees whose shares were combined, and the
  figures: ``registered`` (the manifest's), ``turnout_ppm`` (``counted · 1,000,000 //
  registered``, parts per million rounded down; the record has no floats), ``superseded`` (valid
  ballots replaced by a later valid ballot of the same credential) and ``challenged`` (valid
  challenges). ``total`` sums the districts' figures; its counts are the total's decryption.

**The disclosure rule** (spec §12.2). No published figure may let anyone compute the counts of a
group of fewer than ``m = max(min_district_size, 1)`` ballots, directly or by subtracting
published figures. :func:`decrypted_districts` is the disclosed set: the districts that counted
at least m, less the smallest of them when the districts left out (the *withheld group*) would
hold between 1 and m − 1 ballots; the total is decrypted only when it counted at least m
(:func:`total_disclosed`). A withheld district's result has ``"counts": null``
(:attr:`Figures.withheld`), decrypted only inside the total; a district (or total) that counted
nothing has nothing to decrypt and counts 0 everywhere. The definition's
``allow_small_districts`` override is what permits a ``min_district_size`` below the usual
floor.

Errors are :class:`~plebiscite.errors.RecordError` (malformed) and
:class:`~plebiscite.errors.ProofError` (does not verify), each naming the entry and the field.

One module per phase: :mod:`.window` (``open``, ``close``), :mod:`.aggregates`
(``tally``), :mod:`.decryption` (``partial_decryption``) and :mod:`.result`; this package
re-exports their public names.
"""

from __future__ import annotations

from plebiscite.model.tally.aggregates import (
    DistrictAggregates,
    Tally,
    compare_tally,
    decrypted_districts,
    parse_tally,
    small_districts,
    total_disclosed,
)
from plebiscite.model.tally.common import (
    CLOSE_KIND,
    COUNTING_KINDS,
    OPEN_KIND,
    PARTIAL_KIND,
    PPM,
    RESULT_KIND,
    TALLY_KIND,
    sign,
)
from plebiscite.model.tally.decryption import (
    DistrictShares,
    PartialDecryption,
    Share,
    check_partial_decryption,
    combine_counts,
    combine_total,
    decryption_context,
    make_partial_decryption,
    parse_partial_decryption,
)
from plebiscite.model.tally.result import (
    Figures,
    Result,
    build_result,
    check_count_bounds,
    compare_result,
    parse_result,
    turnout_ppm,
)
from plebiscite.model.tally.window import (
    Close,
    Cosignature,
    Open,
    Received,
    check_close,
    check_open,
    cosign_early_close,
    early_close_message,
    parse_close,
    parse_cosignature,
    parse_open,
)

__all__ = [
    "CLOSE_KIND",
    "COUNTING_KINDS",
    "OPEN_KIND",
    "PARTIAL_KIND",
    "PPM",
    "RESULT_KIND",
    "TALLY_KIND",
    "Close",
    "Cosignature",
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
    "cosign_early_close",
    "decrypted_districts",
    "decryption_context",
    "early_close_message",
    "make_partial_decryption",
    "parse_close",
    "parse_cosignature",
    "parse_open",
    "parse_partial_decryption",
    "parse_result",
    "parse_tally",
    "sign",
    "small_districts",
    "total_disclosed",
    "turnout_ppm",
]
