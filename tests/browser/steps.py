"""What a voter and an observer do on the pages, step by step (shared by the browser tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def wait_ready(page: Any) -> None:
    """Wait until the page has loaded what it needs (``body[data-ready]``)."""
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def enter_credential(page: Any, credential: str) -> None:
    """Type the credential in the booth (grouped, lower case) and continue to the choice."""
    grouped = "-".join(credential[i : i + 4] for i in range(0, len(credential), 4))
    page.fill("#credential", grouped.lower())
    page.click("#credential-submit")
    page.wait_for_selector("#step-choose:not([hidden])")


def booth_to_tracking(page: Any, option: int) -> str:
    """Choose ``option`` of the first question, encrypt, and return the tracking hash shown."""
    page.check(f"#q0-o{option}")
    page.click("#encrypt")
    page.wait_for_selector("#step-tracking:not([hidden])")
    return str(page.inner_text("#tracking"))


def challenge(page: Any) -> str:
    """Challenge the ballot shown; return the new tracking hash the booth shows afterwards."""
    before = str(page.inner_text("#tracking"))
    page.click("#challenge")
    page.wait_for_function(
        "(code) => document.querySelector('#tracking').textContent !== code", arg=before
    )
    page.wait_for_function("() => !document.querySelector('#challenge').disabled")
    return str(page.inner_text("#tracking"))


def cast(page: Any, keep: Path | None = None) -> dict[str, Any]:
    """Cast the ballot shown; return the receipt file the booth saves (also copied to the folder
    ``keep`` under the name the booth gives it, when given)."""
    page.click("#cast")
    page.wait_for_selector("#step-done:not([hidden])")
    assert page.get_attribute("#receipt-verified", "data-valid") == "1", "receipt not valid"
    with page.expect_download() as download:
        page.click("#save-receipt")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / download.value.suggested_filename).write_text(text, encoding="utf-8")
    saved: dict[str, Any] = json.loads(text)
    return saved


def look_up(page: Any, code: str) -> None:
    """Enter a tracking hash on the tracking page or the challenge checker and wait for it."""
    page.evaluate("() => document.querySelector('#result').replaceChildren()")
    page.fill("#code", code)
    page.click("button[type=submit]")
    page.wait_for_function(
        "() => document.querySelector('#result').textContent.length > 0 || "
        "!document.querySelector('#message').hidden"
    )
