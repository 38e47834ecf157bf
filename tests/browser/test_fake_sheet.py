"""The fake-sheet page of the fake-credentials mode (docs/booth.md, spec §16.4), in a real headless
Chromium with the network off.

The page is served from a plain folder on loopback; once it has loaded, the browser context goes
offline and every request is aborted and logged. The voter's sheet files are made by the Python
model (``issue_sheet``, two registrars); the page must check a real sheet, write a fake one of the
same form that Python's ``check_sheet`` accepts against the same roll entry, show its code, save
it, and make no request at all while doing so. A wrong device key and a file that is not a sheet
are refused with the page's words. Screenshots in en, uk and ru, at desktop and phone widths.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from plebiscite.booth.bundle import STATIC_DIR
from plebiscite.crypto import elgamal
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext
from plebiscite.crypto.proofs.designated import DesignatedProof
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1 as G
from plebiscite.model.coercion.registration import Sheet, check_sheet, issue_sheet, parse_share

from .conftest import Browser, serve_folder

I18N = Path(__file__).parents[2] / "web" / "i18n"
SHEET_FORMAT = "plebiscite-sheet-v1"
KEY_FORMAT = "plebiscite-device-key-v1"
DISTRICT, POSITION = "north", 3
SHEET_FIELDS = [
    "format",
    "ceremony_ctx",
    "joint_key",
    "district",
    "position",
    "registrar",
    "entry",
    "share",
    "proof",
]


@dataclass
class Registration:
    """One voter's registration in the mode: the public values, her sheet files and key file."""

    K: Any
    V: Any
    ctx: bytes
    entries: list[Ciphertext]
    sheets: list[Path]
    key_file: Path
    other_key_file: Path


def _sheet_file(K: Any, ctx: bytes, entry: Ciphertext, sheet: Sheet) -> dict[str, Any]:
    p = sheet.proof
    return {
        "format": SHEET_FORMAT,
        "ceremony_ctx": ctx.hex(),
        "joint_key": G.to_hex(K),
        "district": sheet.district,
        "position": sheet.position,
        "registrar": sheet.registrar,
        "entry": dict(elgamal.encode_ciphertext(G, entry)),
        "share": sheet.share,
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
    return {"format": KEY_FORMAT, "key": G.to_hex(G.exp_g(v)), "secret": G.scalar_to_hex(v)}


def _sheet_of(obj: dict[str, Any]) -> tuple[Sheet, Ciphertext]:
    p = obj["proof"]
    proof = DesignatedProof(
        G.from_hex(p["a"], "a"),
        G.from_hex(p["b"], "b"),
        G.from_hex(p["h"], "h"),
        G.scalar_from_hex(p["c1"], "c1"),
        G.scalar_from_hex(p["v1"], "v1"),
        G.scalar_from_hex(p["v2"], "v2"),
    )
    sheet = Sheet(obj["district"], obj["position"], obj["registrar"], obj["share"], proof)
    return sheet, decode_ciphertext(G, obj["entry"], "entry", allow_identity=False)


@pytest.fixture(scope="module")
def registration(tmp_path_factory: pytest.TempPathFactory) -> Registration:
    folder = tmp_path_factory.mktemp("fake-sheet")
    K = elgamal.keygen(G, DeterministicRandom("fake-sheet/key")).public
    ctx = DeterministicRandom("fake-sheet/ctx").randbytes(32)
    v = 1 + DeterministicRandom("fake-sheet/v").randbelow(G.q - 1)
    V = G.exp_g(v)
    entries, sheets = [], []
    for j in (1, 2):
        rng = DeterministicRandom(f"fake-sheet/issue/{j}")
        sheet, entry = issue_sheet(G, K, V, ctx, DISTRICT, j, POSITION, rng=rng)
        check_sheet(G, K, V, ctx, sheet, entry.ciphertext)
        path = folder / f"sheet-{j}.json"
        path.write_text(json.dumps(_sheet_file(K, ctx, entry.ciphertext, sheet)))
        entries.append(entry.ciphertext)
        sheets.append(path)
    key_file = folder / "device-key.json"
    key_file.write_text(json.dumps(_key_file(v)))
    other = folder / "other-device-key.json"
    other.write_text(json.dumps(_key_file(v + 1)))
    return Registration(K, V, ctx, entries, sheets, key_file, other)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = serve_folder(STATIC_DIR)
    try:
        yield f"{server.url}/fake-sheet/"
    finally:
        server.stop()


def _offline_page(browser: Browser, url: str) -> Any:
    """The page loaded, then the context offline with every further request aborted."""
    page = browser.page()
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    browser.context.set_offline(True)
    browser.context.route("**/*", lambda route: route.abort())
    browser.requests.clear()
    return page


def _make(page: Any, sheet: Path, key: Path) -> None:
    page.set_input_files("#sheet-file", str(sheet))
    page.set_input_files("#key-file", str(key))
    page.click("#make-button")


def _network(browser: Browser) -> list[str]:
    return [r.url for r in browser.requests if not r.url.startswith(("blob:", "data:"))]


def test_a_fake_sheet_is_made_offline_and_passes_pythons_check(
    browser: Browser, site: str, registration: Registration
) -> None:
    page = _offline_page(browser, f"{site}?lang=en")
    for j, sheet_path in enumerate(registration.sheets):
        real = json.loads(sheet_path.read_text())
        _make(page, sheet_path, registration.key_file)
        page.wait_for_selector("#result-heading")
        assert page.inner_text("#fake-checked").startswith("Checked on this device")
        with page.expect_download() as download_info:
            page.click("#save")
        download = download_info.value
        assert download.suggested_filename == sheet_path.name
        fake = json.loads(Path(download.path()).read_text())
        assert list(fake) == sorted(SHEET_FIELDS), "the file is written as canonical JSON"
        assert sorted(fake) == sorted(real)
        for same in ("format", "ceremony_ctx", "joint_key", "district", "position", "registrar"):
            assert fake[same] == real[same], same
        assert fake["entry"] == real["entry"]
        assert sorted(fake["proof"]) == sorted(real["proof"])
        assert fake["share"] != real["share"] and len(fake["share"]) == len(real["share"])
        assert parse_share(G, fake["share"]) != parse_share(G, real["share"])
        sheet, entry = _sheet_of(fake)
        assert entry == registration.entries[j]
        check_sheet(G, registration.K, registration.V, registration.ctx, sheet, entry)
        shown = page.inner_text("#fake-share").replace("-", "")
        assert shown == fake["share"], "the page shows the fake code, grouped"
        assert real["share"] not in page.content(), "the real code is never shown"
        browser.shoot(page, f"fake-sheet-done-{j + 1}-en")
    browser.axe(page, "fake-sheet-done")
    assert _network(browser) == [], "the page made a request with the network off"
    assert not browser.console_errors


def test_a_wrong_key_or_a_file_that_is_not_a_sheet_is_refused(
    browser: Browser, site: str, registration: Registration
) -> None:
    page = _offline_page(browser, f"{site}?lang=en")
    _make(page, registration.sheets[0], registration.other_key_file)
    page.wait_for_selector("#message:not([hidden])")
    assert "does not pass the check with this device's key" in page.inner_text("#message")
    assert page.inner_text("#result") == ""
    browser.shoot(page, "fake-sheet-wrong-key-en")
    page.fill("#sheet-text", '{"format": "plebiscite-sheet-v1"}')
    page.set_input_files("#sheet-file", [])
    page.click("#make-button")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.startsWith('This is not a sheet')"
    )
    assert "missing fields" in page.inner_text("#message")
    tampered = json.loads(registration.sheets[0].read_text())
    tampered["share"] = tampered["share"][:-1] + ("0" if tampered["share"][-1] != "0" else "1")
    page.fill("#sheet-text", json.dumps(tampered))
    page.click("#make-button")
    page.wait_for_function(
        "() => document.getElementById('message').textContent.includes('check characters')"
    )
    assert tampered["share"] not in page.inner_text("#message")
    assert _network(browser) == []


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_the_page_says_what_it_does_and_does_not_protect_against(
    chromium: Any, site: str, registration: Registration, lang: str, shots_dir: Path
) -> None:
    table = json.loads((I18N / f"{lang}.json").read_text())
    for size, viewport in (("desktop", (1280, 800)), ("phone", (390, 844))):
        context = chromium.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        try:
            page = context.new_page()
            page.goto(f"{site}?lang={lang}")
            page.wait_for_selector("body[data-ready='1']")
            context.set_offline(True)
            assert page.inner_text("h1") == table["fake.heading"]
            limits = page.locator("#limits li").all_inner_texts()
            kinds = ("watched", "control", "small", "secret")
            assert limits == [table[f"fake.limit_{k}"] for k in kinds]
            for key in ("fake.offline", "fake.forced", "fake.then", "fake.receive"):
                assert table[key] in page.inner_text("main"), key
            _make(page, registration.sheets[1], registration.key_file)
            page.wait_for_selector("#result-heading")
            assert page.inner_text("#result-heading") == table["fake.done_heading"]
            width = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert width <= 0, f"{lang} {size}: the page scrolls sideways by {width} px"
            page.screenshot(path=str(shots_dir / f"fake-sheet-{lang}-{size}.png"), full_page=True)
        finally:
            context.close()
