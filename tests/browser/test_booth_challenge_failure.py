"""A challenge the board does not accept still spends the opened ballot (issue: a hostile board
answers the challenge with an error, keeps the opening, and reads the vote when it is cast).

In a real Chromium against a real opened election, the page's ``POST /challenges`` is intercepted:
once answered with a refusal (429, as a rate limit would), once dropped (the connection reset).
Each time the booth must discard the opened ballot, show a fresh tracking hash, and the next Cast
must post ciphertexts that share nothing with the opening that left the page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from booth._opened import BOARD_PASSPHRASE, build
from plebiscite.crypto.credential import generate_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

from .conftest import Browser, serve_board
from .steps import booth_to_tracking, cast, challenge, enter_credential, wait_ready

REFUSAL = {"reason": "rate_limited", "detail": "too many requests", "refusal": None}


def _ciphertexts(body: dict[str, Any]) -> set[str]:
    return {json.dumps(ct, sort_keys=True) for q in body["questions"] for ct in q["ciphertexts"]}


def test_a_refused_or_dropped_challenge_is_never_cast(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    credential = generate_credential(DeterministicRandom("challenge failure credential"))
    opened = build(tmp_path, credential)
    env = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    server = serve_board(opened.board, BOARD_PASSPHRASE, env)
    openings: list[dict[str, Any]] = []
    failure = {"mode": "refuse"}

    def intercept(route: Any) -> None:
        openings.append(json.loads(route.request.post_data))
        if failure["mode"] == "refuse":
            route.fulfill(status=429, content_type="application/json", body=json.dumps(REFUSAL))
        else:
            route.abort("connectionreset")

    try:
        page = browser.page()
        page.route("**/challenges", intercept)
        page.goto(f"{server.url}/web/booth/?lang=en")
        wait_ready(page)
        enter_credential(page, credential)
        cast_trackings: list[str] = []
        for mode in ("refuse", "drop"):
            failure["mode"] = mode
            shown = booth_to_tracking(page, 0)
            fresh = challenge(page)
            message = page.inner_text("#message")
            assert "not accepted" in message and "discarded" in message, message
            if mode == "refuse":
                assert "rate_limited" in message
            assert "below" in message
            assert page.inner_text("#challenged") == "", "a refused challenge is not listed"
            assert fresh != shown
            browser.shoot(page, f"booth-challenge-{mode}-en")
            receipt = cast(page)
            assert receipt["tracking"] == fresh
            cast_trackings.append(receipt["tracking"])
            page.click("#again")
            page.wait_for_selector("#step-choose:not([hidden])")
    finally:
        server.stop()
    ballots = [json.loads(r.body) for r in browser.requests if r.url.endswith("/ballots")]
    assert len(openings) == 2 and len(ballots) == 2
    for opening, ballot in zip(openings, ballots, strict=True):
        assert _ciphertexts(opening).isdisjoint(_ciphertexts(ballot)), (
            "the booth cast ciphertexts whose opening had left the page"
        )
    # the browser logs the refused and the dropped request; the page itself throws nothing
    assert not [e for e in browser.console_errors if e.startswith("page error")]
