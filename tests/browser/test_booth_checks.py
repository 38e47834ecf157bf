"""The web booth refuses a board that lies about the election, in a real headless Chromium.

A real opened election is served by ``plebiscite serve``; between it and the page stands a
loopback proxy playing an untrusted board: it forwards every request and, in the lying cases,
rewrites the chain it answers with. The booth must recompute what it encrypts under (the
authority's signatures, the roll's roots, the ceremony and election contexts) and refuse, with
its error shown and the credential form never offered; through the honest proxy it still lets the
voter in.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from booth._opened import BOARD_PASSPHRASE, ELECTION_ID, build, key
from plebiscite.crypto.credential import generate_credential
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.codec import JSONObject
from plebiscite.model.signed import sign_body
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

from .conftest import HOST, Browser, Process, serve_board

#: a chain rewrite: the entries of one /entries page, changed in place
Tamper = Callable[[list[JSONObject]], None]
_HOP_HEADERS = {"content-length", "transfer-encoding", "content-encoding", "connection"}


class LyingBoard:
    """A loopback proxy in front of the real board that rewrites the entries it serves."""

    def __init__(self, upstream: str, tamper: Tamper | None) -> None:
        client = httpx.Client(base_url=upstream, timeout=30)

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer = client.get(self.path)
                content = answer.content
                if tamper is not None and self.path.startswith("/entries") and answer.is_success:
                    page = json.loads(content)
                    tamper(page["entries"])
                    content = json.dumps(page).encode()
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in _HOP_HEADERS:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.client = client
        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.client.close()


@pytest.fixture(scope="module")
def board_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of ``plebiscite serve`` on a freshly opened election."""
    directory = tmp_path_factory.mktemp("lying-board")
    opened = build(directory, generate_credential(DeterministicRandom("lying board credential")))
    env = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    server: Process = serve_board(opened.board, BOARD_PASSPHRASE, env)
    try:
        yield server.url
    finally:
        server.stop()


def _resign(entries: list[JSONObject], kind: str, signer: SigningKey, change: Tamper) -> None:
    rng = DeterministicRandom("lying board")
    for entry in entries:
        if entry["kind"] == kind:
            body = entry["body"]
            assert isinstance(body, dict)
            change([body])
            entry["body"] = sign_body(signer, ELECTION_ID, kind, body, rng)


def _wrong_open_context(entries: list[JSONObject]) -> None:
    """``open`` carries another election context, properly signed by the authority."""

    def change(bodies: list[JSONObject]) -> None:
        bodies[0]["election_ctx"] = "ab" * 32

    _resign(entries, "open", key("authority"), change)


def _board_chosen_key(entries: list[JSONObject]) -> None:
    """``election_key`` names a joint key the board chose, signed by the board's own key."""
    group = get_group("secp256k1")
    chosen = group.to_hex(group.exp(group.generator(), 12345))

    def change(bodies: list[JSONObject]) -> None:
        bodies[0]["joint_key"] = chosen

    _resign(entries, "election_key", key("mallory"), change)


def _authority_chosen_key(entries: list[JSONObject]) -> None:
    """The authority signs an ``election_key`` whose joint key is one it chose (it could decrypt
    single ballots with it), and an ``open`` with the election context recomputed for that key:
    every signature and both contexts check; only the trustees' commitments give another K."""
    from plebiscite.crypto.signatures import VerifyingKey
    from plebiscite.model.contexts import election_context

    group = get_group("secp256k1")
    chosen = group.exp(group.generator(), 424242)
    bodies: dict[str, Any] = {str(e["kind"]): e["body"] for e in entries}
    ek, keys = bodies["election_key"], bodies["manifest"]["keys"]
    context = election_context(
        group,
        bytes.fromhex(ek["ceremony_context"]),
        chosen,
        {v["trustee"]: group.from_hex(v["key"], "vk") for v in ek["verification_keys"]},
        tuple(ek["qualified"]),
        {d["id"]: bytes.fromhex(d["root"]) for d in bodies["credential_roll_final"]["districts"]},
        VerifyingKey.from_hex(keys["board"]),
        VerifyingKey.from_hex(keys["authority"]),
        VerifyingKey.from_hex(keys["credential_authority"]),
    )

    def new_key(changed: list[JSONObject]) -> None:
        changed[0]["joint_key"] = group.to_hex(chosen)

    def new_context(changed: list[JSONObject]) -> None:
        changed[0]["election_ctx"] = context.hex()

    _resign(entries, "election_key", key("authority"), new_key)
    _resign(entries, "open", key("authority"), new_context)


def _unsigned_open(entries: list[JSONObject]) -> None:
    """``open`` signed by someone other than the authority, its context otherwise honest."""
    _resign(entries, "open", key("mallory"), lambda bodies: None)


def _open_booth(browser: Browser, url: str) -> Any:
    page = browser.page()
    page.goto(f"{url}/web/booth/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    return page


def test_booth_checks_an_honest_board(browser: Browser, board_url: str) -> None:
    proxy = LyingBoard(board_url, None)
    try:
        page = _open_booth(browser, proxy.url)
        assert page.is_visible("#credential-form")
        assert page.is_hidden("#message")
        browser.axe(page, "booth: honest board through a proxy")
    finally:
        proxy.stop()


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        (_wrong_open_context, "body.election_ctx: not the context recomputed"),
        (_board_chosen_key, "not a valid signature by the authority"),
        (_unsigned_open, "not a valid signature by the authority"),
        (_authority_chosen_key, "body.joint_key: not the key the trustees' commitments give"),
    ],
    ids=[
        "wrong-election-ctx",
        "election-key-not-by-authority",
        "open-not-by-authority",
        "authority-chosen-key",
    ],
)
def test_booth_refuses_a_lying_board(
    browser: Browser, board_url: str, tamper: Tamper, says: str
) -> None:
    proxy = LyingBoard(board_url, tamper)
    try:
        page = _open_booth(browser, proxy.url)
        message = str(page.inner_text("#message"))
        assert "does not check out" in message, message
        assert says in message, message
        assert page.is_hidden("#credential-form")
        assert page.is_hidden("#step-choose")
        browser.shoot(page, f"booth-refuses-{tamper.__name__.strip('_')}")
        # the refusal is shown again in another language, the form still hidden
        page.select_option("#lang", "uk")
        assert "{detail}" not in page.inner_text("#message")
        assert page.inner_text("#message") != message
        assert page.is_hidden("#credential-form")
        assert not any(r.method == "POST" for r in browser.requests)
    finally:
        proxy.stop()
