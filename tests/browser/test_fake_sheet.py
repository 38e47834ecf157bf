"""The fake-sheet page of the fake-credentials mode (docs/booth.md, spec §16.4), in a real headless
Chromium.

A loopback server plays a board in the mode holding a registration (entry 0 the manifest, the
authority's ``election_key``, two registrars' ``registrar_roll`` chunks, every body signed by the
model's ``sign_body``) and serves the pages beside it. The voter's sheet files are made by the
Python model (``issue_sheet``) in the form ``plebiscite credentials issue`` writes. The page must
check a real sheet against that board, then — with the browser context offline and every request
aborted — write a fake sheet of the same form that Python's ``check_sheet`` accepts against the
same roll entry, show its code and save it, without a single request. A wrong key file, a file
that is not a sheet, a sheet that fails the check and a sheet never checked on this device while
offline are refused with the page's words. Screenshots in en, uk and ru, desktop and phone.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from plebiscite.booth.bundle import FILE_TYPES, STATIC_DIR
from plebiscite.crypto import elgamal
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs.designated import DesignatedProof
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1 as G
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.codec import JSONObject, dumps_canonical
from plebiscite.model.coercion.registration import (
    Sheet,
    check_sheet,
    combine_entries,
    issue_sheet,
    parse_share,
)
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.signed import sign_body

from .conftest import HOST, Browser

I18N = Path(__file__).parents[2] / "web" / "i18n"
SHEET_FORMAT = "plebiscite-sheet-v1"
KEY_FORMAT = "plebiscite-designated-v1"
DISTRICTS = {"north": 5, "south": 3}
VOTER = ("north", 3)
SHEET_FIELDS = [
    "format",
    "election_id",
    "district",
    "position",
    "registrar",
    "share",
    "designated",
    "proof",
]


@dataclass
class Registration:
    """One voter's registration in the mode: the public values, her sheet files and key files."""

    K: Any
    V: Any
    ceremony_ctx: bytes
    entries: list[Ciphertext]
    sheets: list[Path]
    key_file: Path
    other_key_file: Path
    stranger_sheet: Path
    url: str


def _sheet_file(election_id: bytes, V: Any, sheet: Sheet) -> JSONObject:
    """A sheet file as ``plebiscite credentials issue`` writes it (spec §16.4)."""
    p = sheet.proof
    return {
        "format": SHEET_FORMAT,
        "election_id": election_id.hex(),
        "district": sheet.district,
        "position": sheet.position,
        "registrar": sheet.registrar,
        "share": sheet.share,
        "designated": G.to_hex(V),
        "proof": {
            "a": G.to_hex(p.a),
            "b": G.to_hex(p.b),
            "h": G.to_hex(p.h),
            "c1": G.scalar_to_hex(p.c1),
            "v1": G.scalar_to_hex(p.v1),
            "v2": G.scalar_to_hex(p.v2),
        },
    }


def _key_file(v: int) -> dict[str, str]:
    return {"format": KEY_FORMAT, "group": "secp256k1", "secret": G.scalar_to_hex(v)}


def _sheet_of(obj: dict[str, Any]) -> Sheet:
    p = obj["proof"]
    proof = DesignatedProof(
        G.from_hex(p["a"], "a"),
        G.from_hex(p["b"], "b"),
        G.from_hex(p["h"], "h"),
        G.scalar_from_hex(p["c1"], "c1"),
        G.scalar_from_hex(p["v1"], "v1"),
        G.scalar_from_hex(p["v2"], "v2"),
    )
    return Sheet(obj["district"], obj["position"], obj["registrar"], obj["share"], proof)


class _Board:
    """The registration entries of a board in the mode and the static pages, on one origin."""

    def __init__(self, entries: list[JSONObject]) -> None:
        pages = {"entries": entries, "next": len(entries)}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path == "/manifest":
                    self._send(json.dumps(entries[0]).encode(), "application/json")
                elif path == "/entries":
                    start = int(
                        dict(
                            kv.split("=") for kv in urlsplit(self.path).query.split("&") if kv
                        ).get("start", "0")
                    )
                    page = pages if start == 0 else {"entries": [], "next": len(entries)}
                    self._send(json.dumps(page).encode(), "application/json")
                elif path.startswith("/web/"):
                    file = STATIC_DIR / (path[5:] + ("index.html" if path.endswith("/") else ""))
                    if file.suffix in FILE_TYPES and file.is_file():
                        self._send(file.read_bytes(), FILE_TYPES[file.suffix])
                    else:
                        self.send_error(404)
                else:
                    self.send_error(404)

            def _send(self, data: bytes, kind: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _entry(index: int, kind: str, body: JSONObject) -> JSONObject:
    return {"index": index, "kind": kind, "body": body}


@pytest.fixture(scope="module")
def registration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registration]:
    folder = tmp_path_factory.mktemp("fake-sheet")
    rng = DeterministicRandom("fake-sheet")
    authority, *registrars = (SigningKey(rng.randbytes(32)) for _ in range(3))
    election_id = rng.randbytes(16)
    manifest = sign_body(
        authority,
        election_id,
        "manifest",
        {
            "election_id": election_id.hex(),
            "group": "secp256k1",
            "keys": {
                "board": SigningKey(rng.randbytes(32)).public.hex(),
                "authority": authority.public.hex(),
                "credential_authority": SigningKey(rng.randbytes(32)).public.hex(),
            },
            "trustees": {"n": 1, "k": 1, "members": []},
            "districts": [{"id": d, "registered": n} for d, n in DISTRICTS.items()],
            "coercion": "fake-credentials",
            "anonymity": 4,
            "registrars": [
                {"id": f"r{j}", "name": f"Registrar {j}", "key": key.public.hex()}
                for j, key in enumerate(registrars, 1)
            ],
        },
    )
    ceremony_ctx = ceremony_context(election_id, manifest, G, 1, 1)
    K = elgamal.keygen(G, DeterministicRandom("fake-sheet/key")).public
    key_entry = {"ceremony_context": ceremony_ctx.hex(), "joint_key": G.to_hex(K)}
    entries = [_entry(0, "manifest", manifest)]
    entries.append(
        _entry(1, "election_key", sign_body(authority, election_id, "election_key", key_entry))
    )
    v = 1 + DeterministicRandom("fake-sheet/v").randbelow(G.q - 1)
    V = G.exp_g(v)
    voter_entries: list[Ciphertext] = []
    sheets: list[Path] = []
    for j, key in enumerate(registrars, 1):
        for district, count in DISTRICTS.items():
            listed = []
            for position in range(count):
                issue_rng = DeterministicRandom(f"fake-sheet/issue/{district}/{position}/{j}")
                sheet, posted = issue_sheet(
                    G, K, V, ceremony_ctx, district, j, position, rng=issue_rng
                )
                listed.append(
                    {
                        "ciphertext": dict(elgamal.encode_ciphertext(G, posted.ciphertext)),
                        "proof": {
                            "h": G.to_hex(posted.proof.commitment),
                            "v": G.scalar_to_hex(posted.proof.response),
                        },
                    }
                )
                if (district, position) == VOTER:
                    check_sheet(G, K, V, ceremony_ctx, sheet, posted.ciphertext)
                    voter_entries.append(posted.ciphertext)
                    path = folder / f"{position}-r{j}.json"
                    path.write_text(dumps_canonical(_sheet_file(election_id, V, sheet)) + "\n")
                    sheets.append(path)
            chunks = (listed[:2], listed[2:])
            for chunk_position, chunk in enumerate(chunks):
                body = {
                    "registrar": j,
                    "district": district,
                    "position": chunk_position,
                    "entries": chunk,
                }
                signed = sign_body(key, election_id, "registrar_roll", body)
                entries.append(_entry(len(entries), "registrar_roll", signed))
    combine_entries(G, voter_entries)
    key_file = folder / "designated.json"
    key_file.write_text(json.dumps(_key_file(v)))
    other = folder / "other-designated.json"
    other.write_text(json.dumps(_key_file(v + 1)))
    # a sheet of this election for a voter whose roll entry the registrar never posted
    stranger, _ = issue_sheet(G, K, V, ceremony_ctx, "south", 1, 7, rng=DeterministicRandom("x"))
    stranger_path = folder / "7-r1.json"
    stranger_path.write_text(dumps_canonical(_sheet_file(election_id, V, stranger)))
    board = _Board(entries)
    try:
        yield Registration(
            K, V, ceremony_ctx, voter_entries, sheets, key_file, other, stranger_path, board.url
        )
    finally:
        board.stop()


def _page(browser: Browser, registration: Registration, lang: str = "en") -> Any:
    page = browser.page()
    page.goto(f"{registration.url}/web/fake-sheet/?lang={lang}")
    page.wait_for_selector("body[data-ready='1']")
    return page


def _go_offline(browser: Browser) -> None:
    """The context offline, every further request aborted (and still logged)."""
    browser.context.set_offline(True)
    browser.context.route("**/*", lambda route: route.abort())
    browser.requests.clear()


def _check(page: Any, sheet: Path) -> None:
    page.set_input_files("#sheet-file", str(sheet))
    page.click("#check-button")
    page.wait_for_selector("#result-heading, #message:not([hidden])")


def _make(page: Any, sheet: Path, key: Path) -> None:
    page.set_input_files("#sheet-file", str(sheet))
    page.set_input_files("#key-file", str(key))
    page.click("#make-button")


def _says(page: Any, words: str) -> None:
    """Wait until the page's message says ``words``."""
    script = "(w) => document.getElementById('message').textContent.includes(w)"
    page.wait_for_function(script, arg=words)


def _network(browser: Browser) -> list[str]:
    return [r.url for r in browser.requests if not r.url.startswith(("blob:", "data:"))]


def test_a_sheet_checked_online_gets_fakes_made_offline_that_pass_pythons_check(
    browser: Browser, registration: Registration
) -> None:
    page = _page(browser, registration)
    for sheet_path in registration.sheets:
        _check(page, sheet_path)
        assert "passes the check" in page.inner_text("#sheet-checked")
    browser.shoot(page, "fake-sheet-checked-en")
    _go_offline(browser)
    for j, sheet_path in enumerate(registration.sheets):
        real = json.loads(sheet_path.read_text())
        _make(page, sheet_path, registration.key_file)
        page.wait_for_selector("#fake-checked")
        assert page.inner_text("#fake-checked").startswith("Checked on this device")
        with page.expect_download() as download_info:
            page.click("#save")
        download = download_info.value
        assert download.suggested_filename == sheet_path.name
        text = Path(download.path()).read_text()
        fake = json.loads(text)
        assert text == dumps_canonical(fake) + "\n", "written as credentials fake writes it"
        assert sorted(fake) == sorted(SHEET_FIELDS) == sorted(real)
        for same in ("format", "election_id", "district", "position", "registrar", "designated"):
            assert fake[same] == real[same], same
        assert sorted(fake["proof"]) == sorted(real["proof"])
        assert fake["share"] != real["share"] and len(fake["share"]) == len(real["share"])
        assert parse_share(G, fake["share"]) != parse_share(G, real["share"])
        entry = registration.entries[j]
        check_sheet(
            G, registration.K, registration.V, registration.ceremony_ctx, _sheet_of(fake), entry
        )
        assert page.inner_text("#fake-share").replace("-", "") == fake["share"]
        assert real["share"] not in page.content(), "the real code is never shown"
        browser.shoot(page, f"fake-sheet-done-{j + 1}-en")
    browser.axe(page, "fake-sheet-done")
    assert _network(browser) == [], "the page made a request while making fake sheets"
    assert not browser.console_errors


def test_what_the_page_refuses(browser: Browser, registration: Registration) -> None:
    page = _page(browser, registration)
    _check(page, registration.stranger_sheet)
    assert "has posted no roll entry at position 7" in page.inner_text("#message")
    tampered = json.loads(registration.sheets[0].read_text())
    tampered["proof"]["v1"] = tampered["proof"]["v2"]
    page.set_input_files("#sheet-file", [])
    page.fill("#sheet-text", json.dumps(tampered))
    page.click("#check-button")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('registrar at once')"
    )
    _check(page, registration.sheets[0])
    _make(page, registration.sheets[0], registration.other_key_file)
    _says(page, "This is not the key file")
    assert page.inner_text("#result") == ""
    browser.shoot(page, "fake-sheet-wrong-key-en")
    page.set_input_files("#sheet-file", [])
    page.fill("#sheet-text", '{"format": "plebiscite-sheet-v1"}')
    page.click("#make-button")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('missing fields')"
    )
    mistyped = json.loads(registration.sheets[0].read_text())
    mistyped["share"] = mistyped["share"][:-1] + ("0" if mistyped["share"][-1] != "0" else "1")
    page.fill("#sheet-text", json.dumps(mistyped))
    page.click("#make-button")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('check characters')"
    )
    assert mistyped["share"] not in page.inner_text("#message")
    # offline, a sheet this device never checked cannot be faked: it says so
    _go_offline(browser)
    page.evaluate("() => localStorage.clear()")
    page.fill("#sheet-text", "")
    _make(page, registration.sheets[1], registration.key_file)
    _says(page, "has not checked this sheet")


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_the_page_says_what_it_does_and_does_not_protect_against(
    chromium: Any, registration: Registration, lang: str, shots_dir: Path
) -> None:
    table = json.loads((I18N / f"{lang}.json").read_text())
    for size, (width, height) in (("desktop", (1280, 800)), ("phone", (390, 844))):
        context = chromium.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.goto(f"{registration.url}/web/fake-sheet/?lang={lang}")
            page.wait_for_selector("body[data-ready='1']")
            assert page.inner_text("h1") == table["fake.heading"]
            limits = page.locator("#limits li").all_inner_texts()
            kinds = ("watched", "control", "small", "secret")
            assert limits == [table[f"fake.limit_{k}"] for k in kinds]
            for key in ("fake.offline", "fake.forced", "fake.then", "fake.receive"):
                assert table[key] in page.inner_text("main"), key
            _check(page, registration.sheets[1])
            context.set_offline(True)
            _make(page, registration.sheets[1], registration.key_file)
            page.wait_for_selector("#fake-checked")
            assert page.inner_text("#result-heading") == table["fake.done_heading"]
            width_over = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert width_over <= 0, f"{lang} {size}: the page scrolls sideways by {width_over} px"
            page.screenshot(path=str(shots_dir / f"fake-sheet-{lang}-{size}.png"), full_page=True)
        finally:
            context.close()
