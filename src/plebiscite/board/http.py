"""The board service from the other side: an HTTP client with the same seam as a board directory.

:class:`HTTPBoard` is a :class:`~plebiscite.board.client.BoardClient` (``entries()`` and
``post(kind, body)``) for a board served by ``plebiscite serve``, so that ``--board URL`` works
wherever ``--board DIR`` does. It trusts nothing it reads: every entry is parsed strictly with its
hash recomputed, every receipt must name the entry posted and carry the board key's signature
(the key of the manifest), and a refusal comes back as :class:`Refused` with the reason (and the
board's signed refusal, for a ballot).

It also reads what observers need: the head, the head history, the chain from an index (streamed),
the status and the counts, and looks up a tracking hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

import httpx

from plebiscite.board.board import Appended
from plebiscite.board.routes import ROUTE_OF_KIND
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import BoardError, PlebisciteError, RecordError
from plebiscite.model.codec import JSONObject, JSONValue, loads_strict
from plebiscite.model.definition import Definition
from plebiscite.model.entry import (
    Entry,
    SignedHead,
    SignedRefusal,
    parse_entry,
    parse_head,
    parse_refusal,
)
from plebiscite.model.signed import unsigned_part

__all__ = ["HTTPBoard", "Refused", "board_url"]

_URL: Final = re.compile(r"^(https?):/+(.+)$")
_DEFAULT_TIMEOUT: Final = 30.0


def board_url(location: str) -> str | None:
    """``location`` as a URL if it is one (``http://`` or ``https://``; a path may have collapsed
    the double slash), else None."""
    match = _URL.match(location)
    if match is None:
        return None
    return f"{match.group(1)}://{match.group(2).rstrip('/')}"


class Refused(BoardError):
    """The service refused a post: ``reason``, the service's ``detail``, the HTTP ``status`` and,
    for a ballot, the board's :class:`SignedRefusal` (None otherwise)."""

    def __init__(
        self, reason: str, message: str, status: int, refusal: SignedRefusal | None = None
    ) -> None:
        super().__init__(reason, message)
        self.status = status
        self.refusal = refusal


def _route(kind: str) -> str:
    try:
        return ROUTE_OF_KIND[kind]
    except KeyError:
        raise BoardError("malformed", f"no entry kind {kind!r} is posted to the board") from None


class HTTPBoard:
    """A board served over HTTP at ``url`` (``http://host:port``); ``http`` is an
    :class:`httpx.Client` to use instead of a new one (its base URL must be ``url``)."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = _DEFAULT_TIMEOUT,
        http: httpx.Client | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self._http = http if http is not None else httpx.Client(base_url=self.url, timeout=timeout)
        self._definition: Definition | None = None

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def __enter__(self) -> HTTPBoard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport -------------------------------------------------------------------------------

    def _get(self, path: str, **params: int | str) -> httpx.Response:
        try:
            return self._http.get(path, params=params)
        except httpx.HTTPError as exc:
            raise BoardError("unreachable", f"{self.url}{path}: {exc}") from None

    def _json(self, path: str, **params: int | str) -> JSONValue | None:
        """The strict JSON answer of ``GET path`` (None for 404)."""
        response = self._get(path, **params)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise BoardError(
                "unexpected", f"{self.url}{path}: HTTP {response.status_code}: {response.text}"
            )
        return loads_strict(response.content, f"{self.url}{path}")

    # -- the seam ----------------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry of the chain, in order, each parsed strictly with its hash checked."""
        return list(self.stream(0))

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        """The entries from ``start`` to the head, in order, one ``/entries`` page in memory at a
        time (no connection stays open while the caller works on a page)."""
        cursor = start
        while True:
            where = f"{self.url}/entries?start={cursor}"
            page = self._json("/entries", start=cursor)
            items = page.get("entries") if isinstance(page, dict) else None
            if not isinstance(items, list):
                raise BoardError("unexpected", f"{where}: not a page of entries")
            if not items:
                return
            for offset, item in enumerate(items):
                entry = parse_entry(item, f"{where} item {offset}")
                if entry.index != cursor:
                    raise BoardError(
                        "unexpected", f"{where} item {offset}: entry {entry.index}, not {cursor}"
                    )
                cursor += 1
                yield entry

    def post(self, kind: str, body: JSONObject) -> Appended:
        """Post one entry; :class:`Refused` if the board refuses it.

        The answer is checked: the entry must be the one posted, with its hash, and the receipt
        must name it and carry the signature of the manifest's board key.
        """
        path = _route(kind)
        try:
            response = self._http.post(path, json=body)
        except httpx.HTTPError as exc:
            raise BoardError("unreachable", f"{self.url}{path}: {exc}") from None
        where = f"{self.url}{path}"
        try:
            answer = loads_strict(response.content, where)
        except RecordError:
            raise BoardError(
                "unexpected", f"{where}: HTTP {response.status_code}, not a JSON answer"
            ) from None
        if not isinstance(answer, dict):
            raise BoardError("unexpected", f"{where}: the answer is not a JSON object")
        if response.status_code != 201:
            reason = answer.get("reason")
            detail = answer.get("detail")
            signed = answer.get("refusal")
            refusal = parse_refusal(signed, where) if isinstance(signed, dict) else None
            raise Refused(
                reason if isinstance(reason, str) else "refused",
                detail if isinstance(detail, str) else f"HTTP {response.status_code}",
                response.status_code,
                refusal,
            )
        entry = parse_entry(answer.get("entry"), f"{where}: entry")
        receipt = parse_head(answer.get("receipt"), f"{where}: receipt")
        if entry.kind != kind or entry.body != body:
            raise BoardError("unexpected", f"{where}: the entry returned is not the one posted")
        if not receipt.matches(entry):
            raise BoardError("bad_receipt", f"{where}: the receipt does not name the entry")
        definition = self._manifest_definition(body if kind == "manifest" else None)
        board_key = definition.keys.board
        if board_key is None or not receipt.verify(board_key):
            raise BoardError(
                "bad_receipt", f"{where}: the receipt is not signed by the manifest's board key"
            )
        return Appended(entry, receipt)

    def _manifest_definition(self, posted: JSONObject | None) -> Definition:
        if self._definition is None:
            if posted is not None:
                body = posted
            else:
                manifest = self.manifest()
                if manifest is None:
                    raise BoardError("no_manifest", f"{self.url}: the board holds no manifest")
                body = manifest.body
            try:
                self._definition = Definition.from_manifest(unsigned_part(body))
            except PlebisciteError as exc:
                raise BoardError("unexpected", f"{self.url}: manifest: {exc}") from None
        return self._definition

    # -- reading ---------------------------------------------------------------------------------

    def manifest(self) -> Entry | None:
        """Entry 0 (None while the board is empty)."""
        value = self._json("/manifest")
        return None if value is None else parse_entry(value, f"{self.url}/manifest")

    def stream(self, start: int = 0) -> Iterator[Entry]:
        """The entries from ``start`` to the head, read as JSON Lines, parsed strictly."""
        where = f"{self.url}/stream"
        try:
            with self._http.stream("GET", "/stream", params={"start": start}) as response:
                if response.status_code != 200:
                    raise BoardError("unexpected", f"{where}: HTTP {response.status_code}")
                line_no = 0
                for line in response.iter_lines():
                    line_no += 1
                    if line:
                        yield parse_entry(line, f"{where} line {line_no}")
        except httpx.HTTPError as exc:
            raise BoardError("unreachable", f"{where}: {exc}") from None

    def raw_stream(self, start: int = 0) -> Iterator[str]:
        """The JSON Lines from ``start`` exactly as served (for mirrors that keep them)."""
        where = f"{self.url}/stream"
        try:
            with self._http.stream("GET", "/stream", params={"start": start}) as response:
                if response.status_code != 200:
                    raise BoardError("unexpected", f"{where}: HTTP {response.status_code}")
                for line in response.iter_lines():
                    if line:
                        yield line
        except httpx.HTTPError as exc:
            raise BoardError("unreachable", f"{where}: {exc}") from None

    def head(self) -> SignedHead | None:
        """The current signed head (None before the first entry)."""
        value = self._json("/head")
        return None if value is None else parse_head(value, f"{self.url}/head")

    def heads(self, start: int = 0) -> Iterator[SignedHead]:
        """The head history from position ``start``, page by page."""
        while True:
            page = self._json("/heads", start=start)
            if not isinstance(page, dict) or not isinstance(page.get("heads"), list):
                raise BoardError("unexpected", f"{self.url}/heads: not a page of heads")
            items = page["heads"]
            assert isinstance(items, list)
            if not items:
                return
            for i, item in enumerate(items):
                yield parse_head(item, f"{self.url}/heads position {start + i}")
            start += len(items)

    def status(self) -> JSONObject:
        """The service's ``/status``."""
        value = self._json("/status")
        if not isinstance(value, dict):
            raise BoardError("unexpected", f"{self.url}/status: not a JSON object")
        return value

    def board_key(self) -> VerifyingKey:
        """The board key the service signs heads with (from ``/status``; compare it with the
        operator's before naming it in a manifest)."""
        value = self.status().get("board_key")
        if not isinstance(value, str):
            raise BoardError("unexpected", f"{self.url}/status: no board_key")
        try:
            return VerifyingKey.from_hex(value, f"{self.url}/status: board_key")
        except PlebisciteError as exc:
            raise BoardError("unexpected", str(exc)) from None

    def counts(self) -> JSONObject:
        """The service's ``/counts``."""
        value = self._json("/counts")
        if not isinstance(value, dict):
            raise BoardError("unexpected", f"{self.url}/counts: not a JSON object")
        return value

    def tracking(self, code: str) -> JSONObject | None:
        """The service's answer for a tracking hash (None if it knows none)."""
        value = self._json(f"/tracking/{code}")
        if value is not None and not isinstance(value, dict):
            raise BoardError("unexpected", f"{self.url}/tracking: not a JSON object")
        return value
