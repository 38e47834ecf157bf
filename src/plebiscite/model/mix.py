"""The mix entries (docs/record.md §4 ``mix_chunk`` and ``mix``, docs/spec.md §15.7).

A trustee's shuffle of one list is posted as ``mix_chunk`` entries, each holding up to
:data:`CHUNK_ITEMS` consecutive output items with the per-item parts of the proof (``c``, ``ĉ``,
``t̂``, ``ŝ``, ``s′`` at the same positions), then one ``mix`` entry that names the list (a tagged
:class:`ListRef`), the shuffle it takes as input (``previous``), the digests of its input and
output lists and the proof's constant part. Both are signed by the trustee's identity key.

This module reads and writes the bodies strictly and splits or assembles a proof; what the board
must hold around them (the order, the quorum, the recomputed input) is
:mod:`plebiscite.rules.mixing`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Final, TypeVar

from plebiscite.crypto import rand
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle import (
    MAX_WIDTH,
    ColumnProof,
    Item,
    ShuffleProof,
    list_digest,
    list_digest_chunks,
)
from plebiscite.crypto.shuffle_columns import Column, ColumnKind, ListColumn
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import EncodingError, ParameterError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    field_path,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body

__all__ = [
    "CHUNK_BUDGET",
    "CHUNK_ITEMS",
    "LIST_KINDS",
    "MIX_CHUNK_KIND",
    "MIX_KIND",
    "MIX_KINDS",
    "ListRef",
    "Mix",
    "MixChunk",
    "assemble",
    "chunk_count",
    "chunk_size",
    "mix_bodies",
    "mix_bodies_columns",
    "parse_list_ref",
    "parse_mix",
    "parse_mix_chunk",
    "sign_mix",
]

MIX_CHUNK_KIND: Final = "mix_chunk"
MIX_KIND: Final = "mix"
#: the mix entry kinds, in the order a trustee posts them
MIX_KINDS: Final = (MIX_CHUNK_KIND, MIX_KIND)
#: the most output items one ``mix_chunk`` holds
CHUNK_ITEMS: Final = 1000
#: what the hex of one chunk's items and proof parts may take, about (half the board service's
#: default request limit of 1 MiB)
CHUNK_BUDGET: Final = 512 * 1024
#: the kinds of list a mix round may take, each with the fields its reference carries beside
#: ``kind`` (record.md §4 ``mix``); other modes add theirs here
LIST_KINDS: Final[Mapping[str, tuple[str, ...]]] = {
    "counted": ("district",),
    # the fake-credentials mode (spec §16.5 step 3): the ballots its dedup round kept, each the
    # tuple (D, P, options …), resolved by plebiscite.rules.coercion_tally
    "kept": ("district",),
}

_CHUNK_FIELDS: Final = (
    "trustee",
    "list",
    "position",
    "items",
    "c",
    "c_hat",
    "t_hat",
    "s_hat",
    "s_prime",
    SIGNATURE_FIELD,
)
_MIX_FIELDS: Final = (
    "trustee",
    "list",
    "previous",
    "input",
    "output",
    "count",
    "width",
    "chunks",
    "proof",
    SIGNATURE_FIELD,
)
_PROOF_FIELDS: Final = ("t1", "t2", "t3", "t4", "s1", "s2", "s3", "s4")
_HASH: Final = 32

T = TypeVar("T")


def chunk_size(group: Group, width: int) -> int:
    """How many items each ``mix_chunk`` of a list of tuples of ``width`` holds (the last may
    hold fewer): ``min(CHUNK_ITEMS, max(1, ⌊CHUNK_BUDGET / b⌋))`` with ``b`` the hex of one
    item, its proof parts and their JSON punctuation, ``b = 2·(2w + 3)·E + 4·S + 40·w + 60``
    (``E``, ``S`` the encoded element and scalar lengths in bytes)."""
    per_item = 2 * (2 * width + 3) * group.element_bytes + 4 * group.scalar_bytes + 40 * width + 60
    return min(CHUNK_ITEMS, max(1, CHUNK_BUDGET // per_item))


def chunk_count(n: int, size: int) -> int:
    """How many ``mix_chunk`` entries of ``size`` items hold a list of ``n ≥ 1`` items."""
    return -(-n // size)


@dataclass(frozen=True, slots=True)
class ListRef:
    """Which list a mix round shuffles: a tagged reference the verifier resolves from the board
    (``counted``: the counted ballots of ``district`` at close, spec §15.7)."""

    kind: str
    district: str

    def to_json(self) -> JSONObject:
        return {"kind": self.kind, "district": self.district}

    def __str__(self) -> str:
        return f"{self.kind} list of district {self.district!r}"


def parse_list_ref(definition: Definition, value: object, where: str, path: str) -> ListRef:
    """A list reference of a kind in :data:`LIST_KINDS` naming a district of the manifest."""
    obj = require_object(value, where, path)
    kind = require_str(obj, "kind", where, path)
    if kind not in LIST_KINDS:
        raise RecordError.at(
            where,
            field_path(path, "kind"),
            f"unknown list kind {kind!r} (known: {list(LIST_KINDS)})",
        )
    require_fields(obj, where, path, ("kind", *LIST_KINDS[kind]))
    district = require_str(obj, "district", where, path)
    if district not in {d.id for d in definition.districts}:
        raise RecordError.at(
            where, field_path(path, "district"), f"{district!r} is not a district of the manifest"
        )
    return ListRef(kind, district)


@dataclass(frozen=True, slots=True)
class MixChunk:
    """``mix_chunk``: items ``position·chunk_size …`` of trustee ``trustee``'s output list of
    ``list`` with the proof's per-item parts at the same positions."""

    trustee: int
    list: ListRef
    position: int
    items: tuple[Item, ...]
    c: tuple[Element, ...]
    c_hat: tuple[Element, ...]
    t_hat: tuple[Element, ...]
    s_hat: tuple[int, ...]
    s_prime: tuple[int, ...]

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        hexes, scalar = group.to_hex, group.scalar_to_hex
        items: list[JSONValue] = [
            [dict[str, JSONValue](encode_ciphertext(group, ct)) for ct in item]
            for item in self.items
        ]
        return {
            "trustee": self.trustee,
            "list": self.list.to_json(),
            "position": self.position,
            "items": items,
            "c": [hexes(e) for e in self.c],
            "c_hat": [hexes(e) for e in self.c_hat],
            "t_hat": [hexes(e) for e in self.t_hat],
            "s_hat": [scalar(s) for s in self.s_hat],
            "s_prime": [scalar(s) for s in self.s_prime],
        }


@dataclass(frozen=True, slots=True)
class Mix:
    """``mix``: trustee ``trustee``'s shuffle of ``list``, closing its chunks.

    ``previous`` is the board index of the ``mix`` whose output this shuffle takes (None: the
    list itself); ``input`` and ``output`` the :func:`~plebiscite.crypto.shuffle.list_digest`
    of both lists; the proof's constant part is ``t1 … s4``."""

    trustee: int
    list: ListRef
    previous: int | None
    input: bytes
    output: bytes
    count: int
    width: int
    chunks: int
    t1: Element
    t2: Element
    t3: Element
    t4: tuple[Ciphertext, ...]
    s1: int
    s2: int
    s3: int
    s4: tuple[int, ...]

    def to_body(self, group: Group) -> JSONObject:
        """The unsigned body."""
        hexes, scalar = group.to_hex, group.scalar_to_hex
        t4: list[JSONValue] = [dict[str, JSONValue](encode_ciphertext(group, ct)) for ct in self.t4]
        s4: list[JSONValue] = [scalar(s) for s in self.s4]
        return {
            "trustee": self.trustee,
            "list": self.list.to_json(),
            "previous": self.previous,
            "input": self.input.hex(),
            "output": self.output.hex(),
            "count": self.count,
            "width": self.width,
            "chunks": self.chunks,
            "proof": {
                "t1": hexes(self.t1),
                "t2": hexes(self.t2),
                "t3": hexes(self.t3),
                "t4": t4,
                "s1": scalar(self.s1),
                "s2": scalar(self.s2),
                "s3": scalar(self.s3),
                "s4": s4,
            },
        }


def _decoded_at_once(
    group: Group, texts: list[object], role: str, allow_identity: bool
) -> list[Element] | None:
    """``texts`` (lowercase hex) decoded in one :meth:`~plebiscite.crypto.group.Group.decode_many`
    call (no per-element path or call), or ``None`` when one is refused: the caller then reads
    them one by one, and the error names the first bad one exactly."""
    datas: list[bytes] = []
    append = datas.append
    for text in texts:
        if type(text) is not str:
            return None
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            return None
        if raw.hex() != text:
            return None
        append(raw)
    try:
        return group.decode_many(datas, role, allow_identity=allow_identity)
    except EncodingError:
        return None


def _chunk_items(group: Group, rows: list[object]) -> list[Item] | None:
    """The items of a ``mix_chunk`` decoded at once (:func:`_decoded_at_once`), or ``None`` when
    any row, ciphertext or element is not as it must be (the item-by-item path names it)."""
    if type(rows[0]) is not list:
        return None
    width = len(rows[0])
    if not 1 <= width <= MAX_WIDTH:
        return None
    texts: list[object] = []
    for row in rows:
        if type(row) is not list or len(row) != width:
            return None
        for value in row:
            if type(value) is not dict or len(value) != 2 or "alpha" not in value:
                return None
            texts += (value["alpha"], value.get("beta"))  # no beta: None, refused below
    elements = _decoded_at_once(group, texts, "body.items", True)
    if elements is None:
        return None
    pairs = [Ciphertext(elements[i], elements[i + 1]) for i in range(0, len(elements), 2)]
    return [tuple(pairs[i : i + width]) for i in range(0, len(pairs), width)]


def _elements(group: Group, obj: Mapping[str, object], key: str, where: str) -> tuple[Element, ...]:
    values = require_list(obj, key, where, "body")
    at_once = _decoded_at_once(group, values, f"body.{key}", False)
    if at_once is not None:
        return tuple(at_once)
    out: list[Element] = []
    for i, value in enumerate(values):
        try:
            out.append(group.from_hex(value, f"body.{key}[{i}]"))
        except EncodingError as exc:
            raise exc.placed(where) from None
    return tuple(out)


def _scalars(
    group: Group, obj: Mapping[str, object], key: str, where: str, path: str = "body"
) -> tuple[int, ...]:
    values = require_list(obj, key, where, path)
    out: list[int] = []
    for i, value in enumerate(values):
        try:
            out.append(group.scalar_from_hex(value, f"{path}.{key}[{i}]"))
        except EncodingError as exc:
            raise exc.placed(where) from None
    return tuple(out)


def _ciphertext(group: Group, value: object, role: str, where: str, identity: bool) -> Ciphertext:
    try:
        return decode_ciphertext(group, value, role, allow_identity=identity)
    except EncodingError as exc:
        raise exc.placed(where) from None


def parse_mix_chunk(group: Group, definition: Definition, body: JSONObject, where: str) -> MixChunk:
    """Read a ``mix_chunk`` body strictly (the signature is checked by the caller)."""
    require_fields(body, where, "body", _CHUNK_FIELDS)
    trustee = require_int(body, "trustee", where, "body", 1, definition.trustees.n)
    ref = parse_list_ref(definition, body["list"], where, "body.list")
    position = require_int(body, "position", where, "body")
    rows = require_list(body, "items", where, "body")
    if not 1 <= len(rows) <= CHUNK_ITEMS:
        raise RecordError.at(where, "body.items", f"{len(rows)} items, not 1 to {CHUNK_ITEMS}")
    items = _chunk_items(group, rows) or []
    width = len(items[0]) if items else 0
    for i, row in enumerate(rows if not items else ()):
        path = f"body.items[{i}]"
        if type(row) is not list or not 1 <= len(row) <= MAX_WIDTH:
            raise RecordError.at(where, path, f"a tuple of 1 to {MAX_WIDTH} ciphertexts")
        if i == 0:
            width = len(row)
        elif len(row) != width:
            raise RecordError.at(where, path, f"width {len(row)}, the chunk's first is {width}")
        items.append(
            tuple(_ciphertext(group, v, f"{path}[{k}]", where, True) for k, v in enumerate(row))
        )
    chunk = MixChunk(
        trustee,
        ref,
        position,
        tuple(items),
        _elements(group, body, "c", where),
        _elements(group, body, "c_hat", where),
        _elements(group, body, "t_hat", where),
        _scalars(group, body, "s_hat", where),
        _scalars(group, body, "s_prime", where),
    )
    for key in ("c", "c_hat", "t_hat", "s_hat", "s_prime"):
        got = len(getattr(chunk, key))
        if got != len(items):
            raise RecordError.at(where, f"body.{key}", f"{got} values for {len(items)} items")
    return chunk


def parse_mix(group: Group, definition: Definition, body: JSONObject, where: str) -> Mix:
    """Read a ``mix`` body strictly (the signature is checked by the caller)."""
    require_fields(body, where, "body", _MIX_FIELDS)
    trustee = require_int(body, "trustee", where, "body", 1, definition.trustees.n)
    ref = parse_list_ref(definition, body["list"], where, "body.list")
    previous = None if body["previous"] is None else require_int(body, "previous", where, "body")
    count = require_int(body, "count", where, "body", 1)
    width = require_int(body, "width", where, "body", 1, MAX_WIDTH)
    chunks = require_int(body, "chunks", where, "body", 1)
    want = chunk_count(count, chunk_size(group, width))
    if chunks != want:
        raise RecordError.at(where, "body.chunks", f"{chunks} chunks; {count} items fill {want}")
    proof = require_object(body["proof"], where, "body.proof")
    require_fields(proof, where, "body.proof", _PROOF_FIELDS)
    t4_list = require_list(proof, "t4", where, "body.proof")
    s4 = _scalars(group, proof, "s4", where, "body.proof")
    if len(t4_list) != width or len(s4) != width:
        raise RecordError.at(
            where, "body.proof", f"t4 and s4 hold one value per component: {width} each"
        )

    def element(key: str) -> Element:
        return group.from_hex(proof[key], f"body.proof.{key}")

    def scalar(key: str) -> int:
        return group.scalar_from_hex(proof[key], f"body.proof.{key}")

    try:
        t1, t2, t3 = element("t1"), element("t2"), element("t3")
        s1, s2, s3 = scalar("s1"), scalar("s2"), scalar("s3")
    except EncodingError as exc:
        raise exc.placed(where) from None
    t4 = tuple(
        _ciphertext(group, v, f"body.proof.t4[{k}]", where, False) for k, v in enumerate(t4_list)
    )
    return Mix(
        trustee,
        ref,
        previous,
        require_hex(body, "input", where, "body", _HASH),
        require_hex(body, "output", where, "body", _HASH),
        count,
        width,
        chunks,
        t1,
        t2,
        t3,
        t4,
        s1,
        s2,
        s3,
        s4,
    )


def assemble(
    group: Group, mix: Mix, chunks: Sequence[MixChunk], where: str
) -> tuple[list[Item], ShuffleProof]:
    """The output list and the whole proof of ``mix`` from its chunks (in position order).

    Refuses (:class:`RecordError` at ``where``) chunks that do not hold exactly ``mix.count``
    items of width ``mix.width``, every chunk :func:`chunk_size` items but the last."""
    size = chunk_size(group, mix.width)
    if len(chunks) != mix.chunks:
        raise RecordError.at(
            where, "body.chunks", f"{mix.chunks} chunks named, {len(chunks)} posted before it"
        )
    items: list[Item] = []
    for chunk in chunks:
        full = chunk.position < len(chunks) - 1
        if (full and len(chunk.items) != size) or len(chunk.items) > size:
            raise RecordError.at(
                where,
                "body.chunks",
                f"chunk {chunk.position} holds {len(chunk.items)} items; every chunk but the "
                f"last holds {size}, the last at most as many",
            )
        if chunk.items and len(chunk.items[0]) != mix.width:
            raise RecordError.at(
                where,
                "body.width",
                f"chunk {chunk.position} holds tuples of width {len(chunk.items[0])}",
            )
        items.extend(chunk.items)
    if len(items) != mix.count:
        raise RecordError.at(where, "body.count", f"{mix.count} items named, {len(items)} posted")

    proof = ShuffleProof(
        c=tuple(e for chunk in chunks for e in chunk.c),
        c_hat=tuple(e for chunk in chunks for e in chunk.c_hat),
        t1=mix.t1,
        t2=mix.t2,
        t3=mix.t3,
        t4=mix.t4,
        t_hat=tuple(e for chunk in chunks for e in chunk.t_hat),
        s1=mix.s1,
        s2=mix.s2,
        s3=mix.s3,
        s4=mix.s4,
        s_hat=tuple(s for chunk in chunks for s in chunk.s_hat),
        s_prime=tuple(s for chunk in chunks for s in chunk.s_prime),
    )
    return items, proof


def mix_bodies(
    group: Group,
    trustee: int,
    ref: ListRef,
    previous: int | None,
    inputs: Sequence[Item],
    outputs: Sequence[Item],
    proof: ShuffleProof,
) -> list[tuple[str, JSONObject]]:
    """The unsigned ``(kind, body)`` of every entry posting a shuffle: its chunks, then its mix."""
    n = len(outputs)
    if n == 0 or len(inputs) != n:
        raise ParameterError(f"mix_bodies: {len(inputs)} inputs, {n} outputs")

    def column(kind: ColumnKind, values: Sequence[object]) -> ListColumn:
        return ListColumn(group, kind, values)

    in_columns = ColumnProof(
        column("elements", proof.c),
        column("elements", proof.c_hat),
        column("elements", proof.t_hat),
        column("scalars", proof.s_hat),
        column("scalars", proof.s_prime),
        *(proof.t1, proof.t2, proof.t3, proof.t4, proof.s1, proof.s2, proof.s3, proof.s4),
    )
    return list(
        mix_bodies_columns(
            group,
            trustee,
            ref,
            previous,
            list_digest(group, inputs),
            column("items", outputs),
            in_columns,
        )
    )


def mix_bodies_columns(
    group: Group,
    trustee: int,
    ref: ListRef,
    previous: int | None,
    input_digest: bytes,
    outputs: Column[Item],
    proof: ColumnProof,
) -> Iterator[tuple[str, JSONObject]]:
    """:func:`mix_bodies` of a shuffle whose output list and proof are in columns (the input
    list named by its digest), one chunk's entry at a time: what a prover with its lists on disk
    posts without holding them."""
    n = len(outputs)
    if n == 0:
        raise ParameterError("mix_bodies: an empty output list")
    width = len(outputs[0])
    size = chunk_size(group, width)
    rows = zip(
        *(_flat(col) for col in (outputs, proof.c, proof.c_hat, proof.t_hat)),
        *(_flat(col) for col in (proof.s_hat, proof.s_prime)),
        strict=True,
    )
    for position in range(chunk_count(n, size)):
        items, c, c_hat, t_hat, s_hat, s_prime = zip(*islice(rows, size), strict=True)
        chunk = MixChunk(trustee, ref, position, items, c, c_hat, t_hat, s_hat, s_prime)
        yield MIX_CHUNK_KIND, chunk.to_body(group)
    mix = Mix(
        trustee,
        ref,
        previous,
        input_digest,
        list_digest_chunks(group, width, n, outputs.encoded()),
        n,
        width,
        chunk_count(n, size),
        proof.t1,
        proof.t2,
        proof.t3,
        proof.t4,
        proof.s1,
        proof.s2,
        proof.s3,
        proof.s4,
    )
    yield MIX_KIND, mix.to_body(group)


def _flat(column: Column[T]) -> Iterator[T]:
    for chunk in column.chunks():
        yield from chunk


def sign_mix(
    key: SigningKey,
    election_id: bytes,
    kind: str,
    body: JSONObject,
    rng: rand.Random | None = None,
) -> JSONObject:
    """``body`` signed by the mixing trustee's identity key (spec §7.3)."""
    if kind not in MIX_KINDS:
        raise ParameterError(f"sign_mix: {kind!r} is not a mix entry kind")
    return sign_body(key, election_id, kind, body, rng)
