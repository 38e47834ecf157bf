"""The service's status: its head, and what its incremental checker found on its own board."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from plebiscite.model.codec import JSONObject
from plebiscite.server.routes.common import service

__all__ = ["router"]

router = APIRouter(tags=["status"])


@router.get("/status")
async def get_status(
    request: Request,
    sync: Annotated[
        bool,
        Query(
            description="Catch the checker up with the board first, and run the end-of-record "
            "checks (V7–V9) when they are due."
        ),
    ] = False,
) -> Response:
    """The head, the number of entries, the checks run and every failure found so far.

    ``checks`` and ``failed`` give per check V1–V10 the items checked and the failures; V7–V9 come
    from the last end-of-record run (``final``: the index of the last entry it covered, its
    figures; null until a result is on the board and the monitor ran them).
    """
    svc = service(request)
    if sync:
        await run_in_threadpool(svc.monitor.catch_up)
        await run_in_threadpool(svc.monitor.run_final)
    head = await run_in_threadpool(svc.store.last_head)
    count = await run_in_threadpool(svc.store.count)
    status = svc.monitor.status()
    checked = status["checked_entries"]
    assert isinstance(checked, int)
    stats = svc.stats
    writer: JSONObject | None = None
    if stats is not None:
        writer = {
            "transactions": stats.transactions,
            "accepted": stats.accepted,
            "refused": stats.refused,
            "largest_batch": stats.largest_batch,
        }
    content: JSONObject = {
        "board_key": svc.board_key.hex(),
        "entries": count,
        "head": None if head is None else head.to_json(),
        "lag": count - checked,
        "writer": writer,
        **status,
    }
    return JSONResponse(content)
