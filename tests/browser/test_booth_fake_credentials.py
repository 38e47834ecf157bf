"""The web booth, the fake-sheet page, the tracking page and the dashboard in the mode
fake-credentials, in a real headless Chromium against a real opened election in that mode served by
``plebiscite serve``.

The story of a coerced voter (docs/fake-credentials.md): her real sheet files, as ``plebiscite
credentials issue`` writes them, are checked on the fake-sheet page against the board; with the
network off the page makes a fake of each; the coercer, with the fake sheets in the booth,
challenges a ballot (spec §16.5: it is opened on the board, never counted) and casts afresh; later
she does the same with her real ones, typing their codes. A ballot cast with a fake credential shows
the same screens, tracking hash form and receipt as one cast with a real credential, and so does
the challenge before it: every screen's DOM text is compared, the tracking hashes, entry index and
time aside, and so is what the tracking page shows for each ballot and what the challenge checker
(hosted apart from the board, as ``plebiscite booth-bundle`` writes it) shows for each challenge.
A challenge whose opening a hostile board altered is refused by the checker, naming the field.
Both ballots and both challenges are on the board and pass every check (V1–V12 in progress, V10
for the challenges); each challenge opens its choice and randomness and names neither σ, s nor t,
over the anonymity set the ballot cast after it names again; the fake sheets add up to another
credential. The dashboard shows the district's roll and the ballots posted. Screenshots of every
screen.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from _builder import ElectionBuilder, Phase
from booth._opened import BOARD_PASSPHRASE, ELECTION_ID, SPEC, TRUSTEE_PASSPHRASE, N
from plebiscite.board.client import DirectoryBoard
from plebiscite.booth.bundle import write_bundle
from plebiscite.crypto.secp256k1 import SECP256K1 as G
from plebiscite.election.setup import init_board, init_trustee
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.coercion.ballot import check_credential_ballot
from plebiscite.model.coercion.challenge import (
    CREDENTIAL_CHALLENGE_FIELDS,
    check_credential_challenge,
)
from plebiscite.model.coercion.codec import decode_credential_ballot
from plebiscite.model.coercion.registration import (
    SheetFile,
    credential_of,
    read_sheet_file,
    sheet_file_json,
)
from plebiscite.model.entry import Entry, parse_entry
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV
from verify._mode import verify_in_progress

from .conftest import Browser, Process, serve_board, serve_folder
from .steps import challenge, look_up, wait_ready

DAY_S = 24 * 3_600
REGISTERED = {"north": 4, "south": 3}
VOTER = ("south", 1)


def _build(directory: Path) -> ElectionBuilder:
    """An election in the mode fake-credentials (two registrars, β = 4), opened a day ago on a
    board directory, through the board's own acceptance policy."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TEST_KDF_ENV, "1")
        party = init_board(directory / "board", BOARD_PASSPHRASE)
        trustees = [
            init_trustee(directory / f"trustee-{i}", f"t{i}", TRUSTEE_PASSPHRASE)
            for i in range(1, N + 1)
        ]
        now = int(time.time())
        spec = dataclasses.replace(
            SPEC,
            opens=now - DAY_S,
            closes=now + 4 * DAY_S,
            registered=dict(REGISTERED),
            coercion="fake-credentials",
        )
        definition = spec.definition([t.fingerprint for t in trustees], board=party.public_key)
        builder = ElectionBuilder(
            spec,
            DirectoryBoard(party.directory, lambda: BOARD_PASSPHRASE),
            definition=definition,
            seed="booth fake-credentials election",
            trustees=trustees,
            passphrase=TRUSTEE_PASSPHRASE,
            roll_chunk=2,
        )
        builder.play(until=Phase.OPEN)
        builder.board_directory = party.directory  # type: ignore[attr-defined]
    return builder


def _entries(url: str) -> list[Entry]:
    """Every entry of the board, page by page."""
    out: list[Entry] = []
    start = 0
    while True:
        page = httpx.get(f"{url}/entries", params={"start": start}, timeout=30).json()
        if not page["entries"]:
            return out
        out += [parse_entry(e, "entry") for e in page["entries"]]
        start = page["next"]


def _screen(page: Any, step: str) -> str:
    return str(page.inner_text(f"#{step}"))


def _neutral(text: str, tracking: str, receipt: dict[str, Any], challenged: str = "") -> str:
    """A screen's text with what differs between any two ballots (the tracking hashes, the
    receipt's entry index and time) replaced."""
    text = text.replace(tracking, "<tracking>")
    if challenged:
        text = text.replace(challenged, "<challenged>")
    # the time first: the index's digits may stand inside it
    text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", "<time>", text)
    return re.sub(rf"\b{receipt['head']['index']}\b", "<index>", text)


def _cast(
    browser: Browser, url: str, sheets: list[Path], shots: str, *, typed: bool
) -> dict[str, Any]:
    """Load the sheet files in the booth (or type their codes, grouped and in lower case, with the
    district and position), choose Yes, encrypt, challenge, then cast the ballot encrypted afresh;
    every screen's text."""
    page = browser.page()
    page.goto(f"{url}/web/booth/")
    wait_ready(page)
    screens = {"sheets": _screen(page, "step-credential")}
    browser.shoot(page, f"{shots}-1-sheets")
    if typed:
        files = [json.loads(f.read_text()) for f in sheets]
        page.select_option("#sheet-district", files[0]["district"])
        page.fill("#sheet-position", str(files[0]["position"]))
        for f in files:
            code = f["share"]
            grouped = "-".join(code[i : i + 6] for i in range(0, len(code), 6))
            page.fill(f"#share-{f['registrar']}", grouped.lower())
    else:
        page.set_input_files("#sheet-files", [str(f) for f in sheets])
        page.wait_for_function("() => document.getElementById('sheet-position').value !== ''")
    page.click("#sheets-submit")
    page.wait_for_selector("#step-choose:not([hidden])")
    screens["choose"] = _screen(page, "step-choose")
    browser.shoot(page, f"{shots}-2-choose")
    page.check("#q0-o0")
    page.click("#encrypt")
    page.wait_for_selector("#step-tracking:not([hidden])")
    challenged = str(page.inner_text("#tracking"))
    screens["challenge"] = _screen(page, "step-tracking")
    browser.shoot(page, f"{shots}-3-tracking")
    tracking = challenge(page)
    assert "encrypted afresh" in page.inner_text("#message")
    assert challenged.replace("-", "") in page.inner_text("#challenged").replace("-", "")
    screens["tracking"] = _screen(page, "step-tracking") + page.inner_text("#message")
    browser.shoot(page, f"{shots}-3-challenged")
    browser.axe(page, f"booth fake-credentials challenged: {shots}")
    page.click("#cast")
    page.wait_for_selector("#step-done:not([hidden])")
    assert page.get_attribute("#receipt-verified", "data-valid") == "1", "receipt not valid"
    with page.expect_download() as download:
        page.click("#save-receipt")
    receipt: dict[str, Any] = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    screens["done"] = _screen(page, "step-done")
    browser.shoot(page, f"{shots}-4-done")
    browser.axe(page, f"booth fake-credentials: {shots}")
    neutral = {k: _neutral(v, tracking, receipt, challenged) for k, v in screens.items()}
    return {
        "tracking": tracking,
        "challenged": challenged,
        "receipt": receipt,
        "screens": neutral,
        "page": page,
    }


def _check_challenges(
    browser: Browser, checker_url: str, casts: dict[str, dict[str, Any]]
) -> dict[str, str]:
    """The challenge checker, hosted apart from the board: each voter's challenge checks out,
    shows her choice and says what it proved; the text of each, its tracking hash aside."""
    page = browser.page()
    page.goto(f"{checker_url}/challenge-checker/?lang=en")
    wait_ready(page)
    shown = {}
    for name, cast_ in casts.items():
        look_up(page, cast_["challenged"])
        assert "checks out" in page.inner_text("#result-heading"), page.inner_text("#result")
        assert page.inner_text(".chosen") == "Yes"
        proved = page.inner_text("#mode-proved")
        assert "reveals nothing of the credential" in proved and "never counted" in proved
        text = str(page.inner_text("#result")).replace(cast_["challenged"], "<challenged>")
        shown[name] = text
        browser.shoot(page, f"booth-mode-7-checker-{name}")
    browser.axe(page, "challenge checker: mode fake-credentials")
    # the same words in Ukrainian and Russian, with the glossary's term for the credential
    for lang, term in (("uk", "код виборця"), ("ru", "коде избирателя")):
        page.goto(f"{checker_url}/challenge-checker/?lang={lang}")
        wait_ready(page)
        look_up(page, casts["fake"]["challenged"])
        assert term in page.inner_text("#mode-proved"), page.inner_text("#result")
        browser.shoot(page, f"booth-mode-7-checker-{lang}")
    return shown


def _tampered_checker(browser: Browser, checker_url: str, challenged: str) -> str:
    """The checker against a board that altered the challenge it serves (the first choice
    flipped, as a board hiding what the device encrypted would): the verdict and the problem."""
    page = browser.page()

    def altered(route: Any) -> None:
        answer = route.fetch()
        found = answer.json()
        question = found["entry"]["body"]["questions"][0]
        question["choices"] = [1 - b for b in question["choices"]]
        route.fulfill(response=answer, body=json.dumps(found))

    page.route("**/tracking/*", altered)
    page.goto(f"{checker_url}/challenge-checker/?lang=en")
    wait_ready(page)
    look_up(page, challenged)
    browser.shoot(page, "booth-mode-8-checker-tampered")
    return str(page.inner_text("#result"))


def _fakes(browser: Browser, url: str, sheets: list[Path], key: Path, out: Path) -> list[Path]:
    """The fake-sheet page: each real sheet checked online, then a fake made of each offline."""
    page = browser.page()
    page.goto(f"{url}/web/fake-sheet/")
    wait_ready(page)
    for sheet in sheets:
        page.set_input_files("#sheet-file", str(sheet))
        page.click("#check-button")
        page.wait_for_selector("#sheet-checked")
    browser.context.set_offline(True)
    browser.context.route("**/*", lambda route: route.abort())
    before = len(browser.requests)
    fakes = []
    out.mkdir()
    for sheet in sheets:
        page.set_input_files("#sheet-file", str(sheet))
        page.set_input_files("#key-file", str(key))
        page.click("#make-button")
        page.wait_for_selector("#fake-checked")
        with page.expect_download() as download:
            page.click("#save")
        target = out / download.value.suggested_filename
        target.write_text(Path(download.value.path()).read_text(encoding="utf-8"))
        fakes.append(target)
    browser.shoot(page, "booth-mode-0-fake-sheet")
    offline = [r.url for r in browser.requests[before:] if r.url.startswith("http")]
    assert offline == [], f"the fake-sheet page made requests offline: {offline}"
    browser.context.unroute("**/*")
    browser.context.set_offline(False)
    page.close()
    return fakes


def test_a_ballot_cast_with_a_fake_sheet_shows_the_same_screens_tracking_and_receipt(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    builder = _build(tmp_path)
    spec = builder.spec
    district, position = VOTER
    v = spec.designated_secret(district, position)
    V = G.exp_g(v)
    real = []
    for sheet in builder.sheets[VOTER]:
        path = tmp_path / "real" / f"{position}-r{sheet.registrar}.json"
        path.parent.mkdir(exist_ok=True)
        file = SheetFile(ELECTION_ID, V, sheet)
        path.write_text(dumps_canonical(sheet_file_json(G, file)) + "\n")
        real.append(path)
    key = tmp_path / "designated.json"
    secret = G.scalar_to_hex(v)
    key.write_text(
        json.dumps({"format": "plebiscite-designated-v1", "group": "secp256k1", "secret": secret})
    )
    env = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    server = serve_board(builder.board_directory, BOARD_PASSPHRASE, env)  # type: ignore[attr-defined]
    bundle_server: Process | None = None
    try:
        url = server.url
        write_bundle(tmp_path / "bundle", url)
        bundle_server = serve_folder(tmp_path / "bundle")
        fakes = _fakes(browser, url, real, key, tmp_path / "fake")
        coerced = _cast(browser, url, fakes, "booth-mode-fake", typed=False)
        own = _cast(browser, url, real, "booth-mode-real", typed=True)

        # the same screens, tracking hash form and receipt
        assert coerced["screens"] == own["screens"], (
            "a fake sheet's screens differ from a real one's"
        )
        for cast_ in (coerced, own):
            for shown in (cast_["tracking"], cast_["challenged"]):
                assert re.fullmatch(r"([0-9a-z]{4}-){12}[0-9a-z]{4}", shown), shown
            assert cast_["receipt"]["tracking"] == cast_["tracking"]
        assert sorted(coerced["receipt"]) == sorted(own["receipt"])
        assert sorted(coerced["receipt"]["head"]) == sorted(own["receipt"]["head"])
        assert own["receipt"]["head"]["index"] > coerced["receipt"]["head"]["index"]

        # the tracking page finds both, recomputes both tracking hashes, and tells them apart by
        # nothing but the hash, the entry and the time
        found = {}
        tracking_page = browser.page()
        tracking_page.goto(f"{url}/web/tracking/")
        wait_ready(tracking_page)
        for name, cast_ in (("fake", coerced), ("real", own)):
            look_up(tracking_page, cast_["tracking"])
            text = str(tracking_page.inner_text("#result"))
            assert tracking_page.inner_text("#recomputed") == "matches the entry"
            assert "valid" in tracking_page.inner_text("#receipt-status")
            text = re.sub(r"\b[0-9a-f]{64}\b", "<hash>", text)
            found[name] = _neutral(text, cast_["tracking"], cast_["receipt"])
            browser.shoot(tracking_page, f"booth-mode-6-tracking-{name}")
            # … and the challenge, its tracking hash recomputed from its ballot
            look_up(tracking_page, cast_["challenged"])
            assert tracking_page.inner_text("#recomputed") == "matches the entry"
            assert "never counted" in tracking_page.inner_text("#kind")
            text = str(tracking_page.inner_text("#result"))
            text = re.sub(r"\b[0-9a-f]{64}\b", "<hash>", text)
            text = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC", "<time>", text)
            text = re.sub(r"\b\d+\b", "<n>", text.replace(cast_["challenged"], "<challenged>"))
            found[f"{name} challenge"] = text
            browser.shoot(tracking_page, f"booth-mode-6-tracking-{name}-challenge")
        assert found["fake"] == found["real"]
        assert found["fake challenge"] == found["real challenge"]

        # the challenge checker: both challenges check out, with the same words
        checked = _check_challenges(browser, bundle_server.url, {"fake": coerced, "real": own})
        assert checked["fake"] == checked["real"]
        refused = _tampered_checker(browser, bundle_server.url, own["challenged"])
        assert "does NOT check out" in refused, refused
        assert "field body.questions[0].ciphertexts[0]" in refused, refused

        # both ballots and both challenges on the board and valid (V10, V12)
        entries = _entries(url)
        ballots = [e for e in entries if e.kind == "ballot"]
        assert [b.index for b in ballots] == [
            coerced["receipt"]["head"]["index"],
            own["receipt"]["head"]["index"],
        ]
        report, valid = verify_in_progress(entries)
        assert report.failed_checks == [], [str(f) for f in report.failures]
        assert valid == [b.index for b in ballots]
        params = builder.ballot_params()
        for ballot in ballots:
            decoded = decode_credential_ballot(params, ballot.body, f"entry {ballot.index}")
            roll = builder.rolls[district]
            check_credential_ballot(params, roll, decoded, anonymity=spec.anonymity)
            assert position in decoded.anonymity
        opened = [e for e in entries if e.kind == "challenge"]
        assert len(opened) == 2
        for entry, ballot in zip(opened, ballots, strict=True):
            assert entry.index < ballot.index
            assert sorted(entry.body) == sorted(CREDENTIAL_CHALLENGE_FIELDS)
            was = check_credential_challenge(
                params, builder.rolls.__getitem__, spec.anonymity, entry.body, str(entry.index)
            )
            assert was.choices[0][0] == 1
            # the anonymity set drawn once for the sheets, named again by the ballot cast after
            assert entry.body["anonymity"] == ballot.body["anonymity"]
            assert entry.body["credential"] != ballot.body["credential"]
        sheets = [read_sheet_file(G, json.loads(f.read_text()), str(f)).sheet for f in fakes]
        assert credential_of(G, sheets) != builder.sigma(district, position)

        # the dashboard: the roll and the ballots posted, per district
        dash = browser.page()
        dash.goto(f"{url}/web/dashboard/")
        wait_ready(dash)
        rows = dash.locator(f"#turnout-{district} tbody tr").all()
        cells = [r.locator("td").all_inner_texts() for r in rows]
        assert cells[1] == [str(REGISTERED[district]), "2"], cells
        assert "Ballots posted" in dash.inner_text(f"#turnout-{district} thead")
        # the board's own checks: both challenges checked by V10, both ballots by V12, no failure
        dash.wait_for_selector("#checks-verdict")
        checks = {
            r.locator("th").inner_text(): r.locator("td").all_inner_texts()[1:]
            for r in dash.locator("#checks tbody tr").all()
        }
        assert checks["V10"] == ["2", "0"] and checks["V12"] == ["2", "0"], checks
        browser.shoot(dash, "booth-mode-5-dashboard")
        browser.axe(dash, "dashboard: mode fake-credentials")
        assert not browser.console_errors, browser.console_errors
    finally:
        if bundle_server is not None:
            bundle_server.stop()
        server.stop()
