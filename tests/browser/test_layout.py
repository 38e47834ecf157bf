"""Every page state in English, Ukrainian and Russian, at desktop (1280×800) and phone (390×844)
sizes: a screenshot of each (in ``test-artifacts/screenshots/`` or ``$PLEBISCITE_SCREENSHOTS``,
to be looked at) and the layout checks a phone user needs.

Two elections are served: one open with ballots on it (the booth, the tracking page, the
challenge checker hosted apart as the standalone bundle, the dashboard while voting) and one
counted (the dashboard's result, the booth once closed). One Chromium serves the whole module;
each language and size gets its own context.

What is asserted on every state: no horizontal overflow (``scrollWidth <= clientWidth``) of the
page, nor of any dashboard card; on the phone: the booth's header stays compact, Cast and
Challenge are on the first screen with the tracking hash, the tracking hash breaks only between
its groups; after a challenge the message says the new tracking hash is below it, and it is; a
mistyped tracking hash gets one message in the page's language.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from booth._opened import BOARD_PASSPHRASE, REGISTERED, build
from plebiscite.booth.bundle import write_bundle
from plebiscite.crypto.credential import generate_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

from .conftest import Process, serve_board, serve_folder
from .election import CHECKER_NAMES, CHECKERS, cast_others, count
from .steps import booth_to_tracking, cast, challenge, enter_credential, look_up, wait_ready

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LOCALES = {"en": "en-US", "uk": "uk-UA", "ru": "ru-RU"}
#: the most the booth's header (brand, pages, language) may take on a phone
PHONE_HEADER_PX = 130


@dataclass
class Served:
    voting: str  # the board of the open election
    counted: str  # the board of the counted election
    bundle: str  # the standalone bundle (challenge checker) pointing at the open election
    credential: str  # a credential on the open election's roll


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    env = {**os.environ, BOARD_PASSPHRASE_ENV: BOARD_PASSPHRASE, TEST_KDF_ENV: "1"}
    processes: list[Process] = []
    try:
        boards = {}
        credential = generate_credential(DeterministicRandom("layout test credential"))
        for name in ("voting", "counted"):
            directory = tmp_path_factory.mktemp(f"layout-{name}")
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv(TEST_KDF_ENV, "1")
                # the voting board takes a challenge per language and size: room for them all
                # under the district's bound (spec §11.6)
                voting = name == "voting"
                opened = build(
                    directory,
                    credential,
                    checkers=CHECKERS if voting else (),
                    registered={"north": 4, "south": 8} if voting else REGISTERED,
                )
            server = serve_board(opened.board, BOARD_PASSPHRASE, env)
            processes.append(server)
            cast_others(server.url)
            if name == "counted":
                with pytest.MonkeyPatch.context() as patch:
                    patch.setenv(TEST_KDF_ENV, "1")
                    count(server.url, opened.board)
            boards[name] = server.url
        site = tmp_path_factory.mktemp("layout-bundle") / "site"
        write_bundle(site, boards["voting"])
        bundle = serve_folder(site)
        processes.append(bundle)
        yield Served(boards["voting"], boards["counted"], bundle.url, credential)
    finally:
        for process in processes:
            process.stop()


class Pages:
    """One language at one size: opens pages, shoots every state, checks the layout."""

    def __init__(self, context: Any, lang: str, size: str, shots: Path) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.lang, self.size, self.shots = lang, size, shots

    def open(self, url: str) -> Any:
        self.page.goto(f"{url}?lang={self.lang}")
        wait_ready(self.page)
        return self.page

    def state(self, name: str) -> None:
        """Shoot the page as it is and check that nothing sticks out sideways."""
        page = self.page
        page.evaluate("() => window.scrollTo(0, 0)")
        path = self.shots / f"{name}-{self.lang}-{self.size}.png"
        page.screenshot(path=str(path), full_page=True)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth,"
            " client: document.documentElement.clientWidth})"
        )
        assert widths["scroll"] <= widths["client"], (
            f"{name} ({self.lang}, {self.size}): the page is {widths['scroll']} px wide in a "
            f"{widths['client']} px window"
        )
        boxes = page.evaluate(
            "() => [...document.querySelectorAll('.district, section, fieldset, dl, table')]"
            ".filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX"
            " === 'visible').map(el => (el.id || el.className || el.tagName) + ': ' +"
            " el.scrollWidth + ' > ' + el.clientWidth)"
        )
        assert not boxes, f"{name} ({self.lang}, {self.size}): content overflows {boxes}"


def _rect(page: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height}; }",
        selector,
    )
    return box


def _booth(pages: Pages, served: Served) -> tuple[str, str]:
    """The booth's states; returns (a challenged tracking hash, the cast one)."""
    page = pages.open(f"{served.voting}/web/booth/")
    pages.state("booth-1-credential")
    if pages.size == "phone":
        header = _rect(page, "header")
        assert header["height"] <= PHONE_HEADER_PX, f"the header takes {header['height']} px"
    enter_credential(page, served.credential)
    pages.state("booth-2-choose")
    booth_to_tracking(page, 0)
    pages.state("booth-3-tracking")
    if pages.size == "phone":
        height = SIZES["phone"][1]
        for button in ("#cast", "#challenge", "#tracking"):
            assert _rect(page, button)["bottom"] <= height, f"{button} is below the fold"
    groups = page.query_selector_all("#tracking .group")
    assert len(groups) >= 10
    for group in groups:
        lines = group.evaluate("(el) => el.getClientRects().length")
        assert lines == 1, f"the tracking hash breaks inside the group {group.inner_text()}"
    challenged = str(page.inner_text("#tracking"))
    challenge(page)
    names = [a.inner_text() for a in page.query_selector_all("#challenged .checkers a")]
    assert names == [CHECKER_NAMES[pages.lang]], names
    assert _rect(page, "#message")["bottom"] <= _rect(page, "#tracking")["top"], (
        "the message about the new tracking hash must stand above it"
    )
    pages.state("booth-4-challenged")
    cast_tracking = str(page.inner_text("#tracking"))
    cast(page)
    pages.state("booth-5-receipt")
    return challenged, cast_tracking


def _tracking(pages: Pages, served: Served, cast_tracking: str) -> None:
    page = pages.open(f"{served.voting}/web/tracking/")
    pages.state("tracking-1-empty")
    look_up(page, "7Q2M-XK4P")
    message = str(page.inner_text("#message"))
    assert message.count("52") == 1 and "tracking hash:" not in message, message
    if pages.lang != "en":
        assert "tracking" not in message and "expected" not in message, message
    pages.state("tracking-2-mistyped")
    look_up(page, cast_tracking)
    page.wait_for_selector("#standing")
    pages.state("tracking-3-found")


def _checker(pages: Pages, served: Served, challenged: str) -> None:
    page = pages.open(f"{served.bundle}/challenge-checker/")
    pages.state("checker-1-empty")
    look_up(page, challenged)
    page.wait_for_selector(".chosen")
    pages.state("checker-2-checked")


def _dashboard(pages: Pages, served: Served) -> None:
    page = pages.open(f"{served.voting}/web/dashboard/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-south') !== undefined")
    pages.state("dashboard-1-voting")
    page = pages.open(f"{served.counted}/web/dashboard/")
    page.wait_for_selector("#results-section:not([hidden])")
    pages.state("dashboard-2-result")
    pages.open(f"{served.counted}/web/booth/")
    pages.state("booth-6-closed")


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_page_state_fits_desktop_and_phone(
    chromium: Any, served: Served, shots_dir: Path, lang: str
) -> None:
    for size, (width, height) in SIZES.items():
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            locale=LOCALES[lang],
            accept_downloads=True,
            is_mobile=size == "phone",
            has_touch=size == "phone",
        )
        try:
            pages = Pages(context, lang, size, shots_dir)
            challenged, cast_tracking = _booth(pages, served)
            _tracking(pages, served, cast_tracking)
            _checker(pages, served, challenged)
            _dashboard(pages, served)
            assert not pages.errors, pages.errors
        finally:
            context.close()
