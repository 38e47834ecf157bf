"""The browser tests' fixtures: Debian's Chromium driven by Playwright, loopback servers, a log of
every request the pages make, screenshots, and axe-core run on each page.

Chromium and the driver are installed by ``scripts/browser.sh`` (``make test`` runs it first);
without them these tests fail, saying what is missing. Playwright's own browser download is never
used: the browser is ``/usr/bin/chromium`` (or ``$PLEBISCITE_CHROMIUM``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from _serve import Child as Process
from _serve import free_port, plebiscite

ASSETS = Path(__file__).parent / "assets"
#: where screenshots go unless $PLEBISCITE_SCREENSHOTS says otherwise (gitignored)
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "screenshots"
AXE = ASSETS / "axe.min.js"
HOST = "127.0.0.1"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: axe-core's rule tags run on every page
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def chromium_path() -> str | None:
    """The Chromium executable: ``$PLEBISCITE_CHROMIUM``, else Debian's."""
    given = os.environ.get("PLEBISCITE_CHROMIUM")
    if given:
        return given
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def serve_board(board: Path, passphrase: str, env: dict[str, str]) -> Process:
    """``plebiscite serve`` for the board directory ``board`` on a free loopback port."""
    port = free_port()
    args = ["serve", "--board", str(board), "--host", HOST, "--port", str(port), "--rate", "0"]
    return Process(plebiscite(*args), port, env=env)


def serve_folder(folder: Path) -> Process:
    """A plain static file server (another origin) for a standalone bundle."""
    port = free_port()
    args = [sys.executable, "-m", "http.server", str(port), "--bind", HOST]
    args += ["--directory", str(folder)]
    return Process(args, port, probe="/")


@dataclass
class Request:
    """One request a page made."""

    method: str
    url: str
    headers: dict[str, str]
    body: str


@dataclass
class Browser:
    """A Chromium with one context whose every request is logged; screenshots go to ``shots``."""

    context: Any
    shots: Path
    requests: list[Request] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe_results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def page(self) -> Any:
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"))
        return page

    def shoot(self, page: Any, name: str) -> Path:
        path = self.shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self, page: Any, name: str) -> list[dict[str, Any]]:
        """Run axe-core on ``page``; every violation is kept, serious and critical ones fail."""
        script = (
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
        )
        violations: list[dict[str, Any]] = page.evaluate(script, AXE_TAGS)
        self.axe_results[name] = violations
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe-core on {name}: {json.dumps(bad, indent=1)}"
        return violations


@pytest.fixture(scope="module")
def shots_dir() -> Path:
    """Where screenshots go: ``$PLEBISCITE_SCREENSHOTS``, else ``test-artifacts/screenshots``."""
    given = os.environ.get("PLEBISCITE_SCREENSHOTS")
    folder = Path(given) if given else ARTIFACTS
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    return folder


def _requirements() -> str:
    """The Chromium executable, once Playwright and axe-core are known to be there."""
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium is not installed: scripts/browser.sh installs Debian's chromium "
            "(make test runs it)",
            pytrace=False,
        )
    if importlib.util.find_spec("playwright") is None:
        pytest.fail(
            "Playwright's Python package is not installed (pip install -e '.[dev]')", pytrace=False
        )
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing from the repository", pytrace=False)
    return executable


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for a whole module: each check opens its own context in it
    (viewport, locale), so that many page states cost one browser start."""
    executable = _requirements()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser(shots_dir: Path, tmp_path: Path) -> Iterator[Browser]:
    """A fresh headless Chromium (new empty profile) with axe-core injected in every page."""
    executable = _requirements()
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            accept_downloads=True,
            viewport={"width": 1100, "height": 900},
            locale="en-US",
        )
        context.add_init_script(path=str(AXE))
        state = Browser(context, shots_dir)

        def log(request: Any) -> None:
            body = request.post_data or ""
            state.requests.append(Request(request.method, request.url, request.headers, body))

        context.on("request", log)
        try:
            yield state
        finally:
            context.close()
