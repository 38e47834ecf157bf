"""The web booth, the tracking page, the challenge checker and the observer dashboard in a real
headless Chromium, against a real opened election served by ``plebiscite serve``.

The story: a voter casts in the booth (credential typed), challenges a ballot and casts afresh,
votes again from a QR code image of her credential; the tracking page finds her ballots (one
superseded) and her challenge; the challenge checker, hosted apart from the board as the
standalone bundle of ``plebiscite booth-bundle``, opens the challenge and shows the option she
chose; the dashboard shows the turnout chart; then the authority closes, the trustees decrypt,
the result is posted, the dashboard shows it, and ``plebiscite verify`` passes on the record.
Every page is screenshot and checked with axe-core, and no request ever carries the credential,
the derived secret key, or the plaintext choice of a cast ballot.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import segno
from typer.testing import CliRunner

from booth._opened import BOARD_PASSPHRASE, ELECTION_ID, build
from plebiscite.board.client import STORE_FILE
from plebiscite.board.export import export_record
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.bundle import write_bundle
from plebiscite.booth.client import RECEIPT_FORMAT, ReceiptStore
from plebiscite.cli import app as cli
from plebiscite.crypto.credential import (
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.election.setup import init_board
from plebiscite.model.codec import dumps_canonical
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

from .conftest import Browser, Process, serve_board, serve_folder
from .election import CHECKERS, cast_others, count
from .steps import booth_to_tracking, cast, look_up, wait_ready


def test_vote_challenge_revote_track_check_count_verify(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    credential = generate_credential(DeterministicRandom("browser test credential"))
    opened = build(tmp_path, credential, checkers=CHECKERS)
    secret_key = derive_signing_key(
        parse_credential(credential), ELECTION_ID, opened.definition.kdf.derivation()
    )
    env = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    server = serve_board(opened.board, BOARD_PASSPHRASE, env)
    bundle_server: Process | None = None
    try:
        url = server.url
        write_bundle(tmp_path / "bundle", url)
        bundle_server = serve_folder(tmp_path / "bundle")
        cast_others(url)
        shoot, axe = browser.shoot, browser.axe

        # -- the booth: credential typed, encrypt, challenge, cast afresh -------------------------
        page = browser.page()
        page.goto(f"{url}/web/booth/")
        wait_ready(page)
        shoot(page, "01-booth-credential")
        listed = page.query_selector("#checkers a")
        assert listed is not None and listed.inner_text() == "Citizens' observers"
        assert listed.get_attribute("href") == "https://observers.example/challenge-checker/"
        axe(page, "booth: credential")
        grouped = "-".join(credential[i : i + 4] for i in range(0, len(credential), 4))
        page.fill("#credential", grouped.lower())
        page.click("#credential-submit")
        page.wait_for_selector("#step-choose:not([hidden])")
        assert "District south" in page.inner_text("#district")
        assert page.input_value("#credential") == ""
        shoot(page, "02-booth-choose")
        axe(page, "booth: choose")
        challenged = booth_to_tracking(page, 0)
        shoot(page, "03-booth-tracking")
        axe(page, "booth: tracking hash")
        page.click("#challenge")
        page.wait_for_function(
            "(code) => document.querySelector('#tracking').textContent !== code", arg=challenged
        )
        assert challenged in page.inner_text("#challenged")
        first = str(page.inner_text("#tracking"))
        shoot(page, "04-booth-challenged")
        axe(page, "booth: after a challenge")
        receipts = tmp_path / "receipts"
        receipt = cast(page, receipts)
        assert receipt["tracking"] == first
        shoot(page, "05-booth-receipt")
        axe(page, "booth: receipt")

        # -- revote from a QR code image of the credential ----------------------------------------
        qr = tmp_path / "credential-qr.png"
        segno.make(grouped, error="m").save(str(qr), scale=8, border=4)
        page.click("#finish")
        wait_ready(page)
        page.set_input_files("#qr", str(qr))
        page.wait_for_function("() => document.querySelector('#credential').value.length > 0")
        page.click("#credential-submit")
        page.wait_for_selector("#step-choose:not([hidden])")
        second = booth_to_tracking(page, 1)
        second_receipt = cast(page, receipts)
        assert second_receipt["head"]["index"] > receipt["head"]["index"]

        # -- the tracking page: superseded, latest, challenge -------------------------------------
        tracking = browser.page()
        tracking.goto(f"{url}/web/tracking/")
        wait_ready(tracking)
        axe(tracking, "tracking: empty")
        look_up(tracking, first)
        standing = tracking.inner_text("#standing")
        assert f"superseded by entry {second_receipt['head']['index']} at " in standing, standing
        assert tracking.inner_text("#recomputed") == "matches the entry"
        assert "valid" in tracking.inner_text("#receipt-status")
        shoot(tracking, "06-tracking-superseded")
        axe(tracking, "tracking: superseded ballot")
        look_up(tracking, second.replace("-", " ").upper())
        assert "latest" in tracking.inner_text("#standing")
        shoot(tracking, "07-tracking-latest")
        look_up(tracking, challenged)
        assert "challenge" in tracking.inner_text("#kind")

        # -- the challenge checker, hosted apart from the board -----------------------------------
        checker = browser.page()
        checker.goto(f"{bundle_server.url}/challenge-checker/")
        wait_ready(checker)
        look_up(checker, challenged)
        assert "checks out" in checker.inner_text("#result-heading")
        assert "every proof is valid" in checker.inner_text("#verdict")
        assert checker.inner_text(".chosen") == "Yes"
        shoot(checker, "08-checker-ok")
        axe(checker, "challenge checker: opened challenge")
        look_up(checker, first)
        assert "not a challenge" in checker.inner_text("#message")
        assert server_get(url, "/web/challenge-checker/").status_code == 404, (
            "the board must not serve the challenge checker"
        )

        # -- the dashboard while voting: turnout chart --------------------------------------------
        dash = browser.page()
        dash.goto(f"{url}/web/dashboard/")
        wait_ready(dash)
        dash.wait_for_function("() => window.Chart && Chart.getChart('chart-south') !== undefined")
        south = _table(dash, "#turnout-south tbody tr")
        north = _table(dash, "#turnout-north tbody tr")
        assert south[1] == ["3", "2", "1"]  # registered, voters who cast, superseded (day 2)
        assert north[1] == ["4", "3", "0"]
        assert dash.inner_text("#phase") == "voting is open"
        assert "signature valid" in dash.inner_text("#head")
        assert "No failure" in dash.inner_text("#checks-verdict")
        shoot(dash, "09-dashboard-voting")
        axe(dash, "dashboard: voting")

        # -- count, decrypt, result ---------------------------------------------------------------
        count(url, opened.board)
        dash.reload()
        wait_ready(dash)
        dash.wait_for_selector("#results-section:not([hidden])")
        assert _table(dash, "#result-south")[0][:2] == ["0", "2"]  # yes, no (last ballots)
        assert _table(dash, "#result-north")[0][:2] == ["2", "1"]
        # the board reruns V7–V9 once the result is on it (sync: now, not at the monitor's round)
        status = server_get(url, "/status?sync=true").json()
        final = status["final"]
        assert final["failures"] == 0 and final["head_index"] >= status["result_index"], status
        dash.click("#refresh")
        dash.wait_for_selector("#proofs-V9")
        assert "found no failure" in dash.inner_text("#proofs-status")
        for check in ("V7", "V8", "V9"):
            line = dash.inner_text(f"#proofs-{check}")
            assert re.search(r": [1-9]\d* checked, no failure\.$", line), line
        assert "last ran on the board up to entry" in dash.inner_text("#final-note")
        shoot(dash, "10-dashboard-result")
        axe(dash, "dashboard: result")
        dash.select_option("#lang", "uk")
        assert dash.inner_text("h1") == "Панель спостерігача"
        shoot(dash, "11-dashboard-result-uk")
        axe(dash, "dashboard: Ukrainian")
        page.goto(f"{url}/web/booth/?lang=ru")
        wait_ready(page)
        assert page.inner_text("h1") == "Кабина для голосования"
        assert "закрыто" in page.inner_text("#message")
        shoot(page, "12-booth-closed-ru")
        axe(page, "booth: closed, Russian")
    finally:
        if bundle_server is not None:
            bundle_server.stop()
        server.stop()

    # -- what left the browser ---------------------------------------------------------------------
    _check_requests(browser, credential, secret_key, url, bundle_server.url)
    assert not browser.console_errors, browser.console_errors
    print(json.dumps({k: [v["id"] for v in vs] for k, vs in browser.axe_results.items()}))

    # -- the record verifies ----------------------------------------------------------------------
    record = tmp_path / "record"
    export_record(SQLiteStore(opened.board / STORE_FILE), record)
    result = CliRunner().invoke(cli, ["verify", str(record), "--workers", "1"])
    assert result.exit_code == 0, result.output

    # -- the booth's receipt files are the voter client's: check-receipt and verify --heads -------
    _check_web_receipts(sorted(receipts.glob("*.json")), record, [first, second])


def _check_web_receipts(files: list[Path], record: Path, trackings: list[str]) -> None:
    """The receipts the web booth saved are ``plebiscite-receipt-v1`` files, written as the
    command-line voter client writes them, and both ``check-receipt`` and ``verify --heads``
    accept them."""
    assert len(files) == 2, files
    for file, tracking in zip(files, trackings, strict=True):
        text = file.read_text(encoding="utf-8")
        kept = ReceiptStore.load(file)
        assert kept.kind == "ballot" and kept.tracking == tracking
        assert file.name == f"{kept.head.index}-ballot.json"
        document = {
            "format": RECEIPT_FORMAT,
            "kind": "ballot",
            "tracking": tracking,
            "head": kept.head.to_json(),
        }
        assert text == dumps_canonical(document) + "\n", "not the voter client's receipt file"
    runner = CliRunner()
    checked = runner.invoke(cli, ["check-receipt", *map(str, files), "--record", str(record)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("is on the board") == 2, checked.output
    args = ["verify", str(record), "--workers", "1", "--json"]
    for file in files:
        args += ["--heads", str(file)]
    verified = runner.invoke(cli, args)
    assert verified.exit_code == 0, verified.output


def server_get(url: str, path: str) -> httpx.Response:
    return httpx.get(url + path, timeout=10)


def _table(page: Any, selector: str) -> list[list[str]]:
    rows = page.query_selector_all(selector)
    return [[str(td.inner_text()) for td in row.query_selector_all("td")] for row in rows]


def _check_requests(
    browser: Browser, credential: str, secret_key: SigningKey, board: str, bundle: str
) -> None:
    """No request carries the credential (any spelling), the secret key, or a cast ballot's
    plaintext, and a challenge not even the credential's public key; every request goes to the
    board or the bundle's host."""
    secret_hex, public_hex = secret_key.secret_bytes().hex(), secret_key.public.hex()
    compact = credential.replace("-", "")
    forms = {compact, compact.lower(), "-".join(re.findall(".{4}", compact))}
    forms |= {f.lower() for f in forms}
    assert browser.requests
    posted = {"ballots": 0, "challenges": 0}
    for r in browser.requests:
        assert r.url.startswith((board + "/", bundle + "/")), f"third-party request {r.url}"
        text = r.url + "\n" + r.body + "\n" + json.dumps(r.headers)
        for form in forms:
            assert form not in text, f"the credential left the browser in {r.method} {r.url}"
        assert secret_hex not in text, f"the secret key left the browser in {r.url}"
        if r.method == "POST":
            kind = r.url.rsplit("/", 1)[1]
            posted[kind] += 1
            body = json.loads(r.body)
            if kind == "ballots":
                fields = {"credential", "district", "nonce", "questions", "head", "signature"}
                assert set(body) == fields
                # the head the booth read just before signing (spec §11.4)
                assert set(body["head"]) == {"index", "hash"} and body["head"]["index"] > 0
                for q in body["questions"]:
                    assert set(q) == {"ciphertexts", "proofs", "range"}
                assert "yes" not in r.body.lower() and '"no"' not in r.body.lower()
            else:  # the opened ballot names no credential: its binding only (spec §11.2)
                assert set(body) == {"binding", "district", "questions", "tracking"}
                assert public_hex not in r.body
        else:
            assert "choices" not in r.url and "randomness" not in r.url
    assert posted == {"ballots": 2, "challenges": 1}


def test_booth_stops_without_a_secure_random_source(browser: Browser, tmp_path: Path) -> None:
    """With crypto.getRandomValues gone the booth says so and offers nothing to submit."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TEST_KDF_ENV, "1")
        init_board(tmp_path / "board", BOARD_PASSPHRASE)
    environ = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    server = serve_board(tmp_path / "board", BOARD_PASSPHRASE, environ)
    try:
        browser.context.add_init_script(
            "Object.defineProperty(globalThis, 'crypto', {value: undefined, configurable: true});"
        )
        page = browser.page()
        page.goto(f"{server.url}/web/booth/")
        wait_ready(page)
        assert "getRandomValues" in page.inner_text("#message")
        assert page.is_hidden("#credential-form")
        browser.shoot(page, "00-booth-no-random")
    finally:
        server.stop()
    assert not [r for r in browser.requests if r.method == "POST"]
