"""What the routes share: the service from the request, JSON answers and refusals."""

from __future__ import annotations

from typing import Final

from fastapi import Request
from fastapi.responses import JSONResponse

from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.server.limits import Limits
from plebiscite.server.service import BoardService

__all__ = ["STATUS_OF_REASON", "limits", "refusal", "service", "status_of"]

#: the HTTP status of each refusal reason (others: 409, a conflict with the board's state)
STATUS_OF_REASON: Final[dict[str, int]] = {
    "malformed": 400,
    "bad_json": 400,
    "too_deep": 400,
    "incomplete_body": 400,
    "too_slow": 408,
    "unknown_kind": 404,
    "too_large": 413,
    "rate_limited": 429,
    "too_many_requests": 429,
    "not_on_roll": 403,
    "wrong_district": 403,
    "wrong_signer": 403,
    "wrong_board": 403,
    "not_qualified": 403,
    "bad_signature": 422,
    "bad_proof": 422,
    "bad_challenge": 422,
    "wrong_context": 422,
    "wrong_figures": 422,
    "early_close_not_allowed": 403,
    "early_close_not_cosigned": 403,
    "not_found": 404,
    "board_failed": 503,
    "store_failed": 503,
    "closed": 503,
}


def status_of(reason: str) -> int:
    """The HTTP status for a refusal ``reason``."""
    return STATUS_OF_REASON.get(reason, 409)


def refusal(
    reason: str,
    detail: str,
    signed: JSONObject | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A refusal: ``{"reason", "detail", "refusal"}`` (the signed refusal, or null)."""
    content: dict[str, JSONValue] = {"reason": reason, "detail": detail, "refusal": signed}
    return JSONResponse(content, status_code=status_of(reason), headers=headers)


def service(request: Request) -> BoardService:
    """The :class:`BoardService` of the app handling ``request``."""
    found = request.app.state.service
    assert isinstance(found, BoardService)
    return found


def limits(request: Request) -> Limits:
    """The :class:`Limits` of the app handling ``request``."""
    found = request.app.state.limits
    assert isinstance(found, Limits)
    return found
