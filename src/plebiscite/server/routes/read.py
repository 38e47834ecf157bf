"""Reading the board: the manifest, the contexts, entries (paged, or streamed as JSON Lines for
mirrors), the current signed head and the head history, tracking-hash look-up, and the public
counts per district while voting runs (ballots received, never their contents)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from plebiscite.errors import InputError, ParameterError
from plebiscite.model.ballot import format_tracking, parse_tracking
from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.entry import Entry
from plebiscite.server.routes.common import limits, refusal, service
from plebiscite.server.service import BoardService

__all__ = ["router"]

router = APIRouter(tags=["read"])

Start = Annotated[int, Query(ge=0, le=(1 << 63) - 1, description="The first index to return.")]
Limit = Annotated[int | None, Query(ge=1, description="At most this many (capped by the page).")]


@router.get("/manifest")
def get_manifest(request: Request) -> Response:
    """Entry 0, the manifest: the election's definition signed by the authority."""
    svc = service(request)
    first = next(iter(svc.store.read(0, 1)), None)
    if first is None:
        return refusal("not_found", "the board holds no manifest yet")
    return JSONResponse(first.to_json())


@router.get("/contexts")
async def get_contexts(request: Request) -> Response:
    """The board key, the election id and the recomputed ceremony and election contexts."""
    svc = service(request)
    await run_in_threadpool(svc.monitor.catch_up)
    return JSONResponse({"board_key": svc.board_key.hex(), **svc.monitor.contexts()})


@router.get("/entries")
def get_entries(request: Request, start: Start = 0, limit: Limit = None) -> Response:
    """A page of entries from ``start``; ``next`` is where the next page starts."""
    svc, page = service(request), limits(request).page
    size = page if limit is None else min(limit, page)
    entries: list[JSONValue] = [e.to_json() for e in svc.store.read(start, start + size)]
    return JSONResponse({"start": start, "entries": entries, "next": start + len(entries)})


@router.get("/entries/{index}")
def get_entry(request: Request, index: int) -> Response:
    """The entry at ``index``."""
    svc = service(request)
    if index < 0:
        return refusal("not_found", f"no entry {index}")
    found = next(iter(svc.store.read(index, index + 1)), None)
    if found is None:
        return refusal("not_found", f"no entry {index} (the board has {svc.store.count()})")
    return JSONResponse(found.to_json())


@router.get("/stream", response_class=StreamingResponse)
def stream_entries(request: Request, start: Start = 0) -> StreamingResponse:
    """Every entry from ``start`` to the current head, one JSON object per line (for mirrors)."""
    svc = service(request)

    def lines() -> Iterator[bytes]:
        for entry in svc.store.read(start):
            yield (entry.to_line() + "\n").encode()

    return StreamingResponse(lines(), media_type="application/jsonl")


@router.get("/head")
def get_head(request: Request) -> Response:
    """The board's current signed head (the head it issued last)."""
    head = service(request).store.last_head()
    if head is None:
        return refusal("not_found", "the board has issued no head yet")
    return JSONResponse(head.to_json())


@router.get("/heads")
def get_heads(request: Request, start: Start = 0, limit: Limit = None) -> Response:
    """A page of the head history, in the order the heads were issued (``start`` counts heads)."""
    svc, page = service(request), limits(request).page
    size = page if limit is None else min(limit, page)
    heads: list[JSONValue] = [h.to_json() for h in islice(svc.store.heads(), start, start + size)]
    return JSONResponse({"start": start, "heads": heads, "next": start + len(heads)})


@router.get("/tracking/{code}")
async def get_tracking(request: Request, code: str) -> Response:
    """The ballot or challenge with this tracking hash (52 base32 characters or 64 hex).

    The answer holds the entry and the election context: recompute the tracking hash from them
    yourself (docs/record.md) rather than trusting the match. For a ballot, ``superseded_by``
    names the ballot of the same credential that counts instead (``{"index", "time"}``; spec
    §11.4), or is null while this one counts (or none does).
    """
    try:
        tracking = parse_tracking(code)
    except (InputError, ParameterError) as exc:
        return refusal("malformed", str(exc))
    svc = service(request)
    await run_in_threadpool(svc.monitor.catch_up)
    found = svc.monitor.find_tracking(tracking)
    if found is None:
        return refusal("not_found", f"no ballot or challenge with tracking hash {code}")
    index, kind = found
    entry = next(iter(svc.store.read(index, index + 1)))
    contexts = svc.monitor.contexts()
    content: JSONObject = {
        "tracking": format_tracking(tracking),
        "kind": kind,
        "index": index,
        "entry": entry.to_json(),
        "election_context": contexts["election_context"],
    }
    if kind == "ballot":
        content["superseded_by"] = _superseded_by(svc, entry)
    return JSONResponse(content)


def _superseded_by(svc: BoardService, entry: Entry) -> JSONValue:
    """``{"index", "time"}`` of the ballot counted for ``entry``'s credential when another one."""
    try:
        credential = bytes.fromhex(str(entry.body.get("credential")))
    except ValueError:
        return None
    counted = svc.monitor.counted_ballot(credential)
    if counted is None or counted == entry.index:
        return None
    later = next(iter(svc.store.read(counted, counted + 1)))
    return {"index": later.index, "time": later.time}


@router.get("/counts")
async def get_counts(request: Request) -> Response:
    """Per district: ballots and challenges received while voting ran (counts, not contents)."""
    svc = service(request)
    await run_in_threadpool(svc.monitor.catch_up)
    return JSONResponse(svc.monitor.counts())
