"""The web pages' build is reproducible and its output is laid out as the booth hash assumes.

``web/build.mjs`` and ``web/build-pages.mjs`` are run again into a temporary folder (``--root``)
with the locked packages of ``web/node_modules`` (``make web`` runs ``npm ci``): every file they
write must equal, byte for byte, the committed one. Then the layout: the translations and the
shared page code live in one module (``static/common/common.js``) that every page imports, jsQR is
the vendored upstream file and no bundle carries a copy of either, the booth hash covers every file
the booth loads (followed from its HTML through every import), and the built files are marked as
generated in ``.gitattributes``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plebiscite.booth import bundle

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
STATIC = ROOT / "src" / "plebiscite" / "server" / "static"
PAGE_BUNDLES = (
    "booth/booth.js",
    "tracking/tracking.js",
    "dashboard/dashboard.js",
    "challenge-checker/challenge-checker.js",
)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed on PATH to rebuild the web pages", pytrace=False)
    if not (WEB / "node_modules" / "esbuild").is_dir():
        pytest.fail("web/node_modules is missing: run `make web` (npm ci in web/)", pytrace=False)
    out = tmp_path_factory.mktemp("web-build")
    for script in ("build.mjs", "build-pages.mjs"):
        run = subprocess.run(
            [node, script, "--root", str(out)], cwd=WEB, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_the_build_reproduces_the_committed_files(rebuilt: Path) -> None:
    built = sorted(p.relative_to(rebuilt) for p in rebuilt.rglob("*") if p.is_file())
    assert len(built) >= 12, built
    for path in built:
        committed = ROOT / path
        assert committed.is_file(), f"{path}: built but not committed (run scripts/build_booth.sh)"
        assert committed.read_bytes() == (rebuilt / path).read_bytes(), (
            f"{path}: the committed file differs from a rebuild (run scripts/build_booth.sh)"
        )
    # every script the pages load comes out of the build: no hand-edited or stale bundle
    scripts = {p.relative_to(ROOT) for p in STATIC.rglob("*.js")}
    assert scripts <= set(built), sorted(map(str, scripts - set(built)))


def test_translations_and_jsqr_live_in_one_file_each() -> None:
    # a key of the translation tables, and a line of jsQR's own code
    uk_title = '"booth.title": "'
    jsqr_code = "function jsQR(data, width, height, providedOptions)"
    holders = {
        str(p.relative_to(STATIC))
        for p in STATIC.rglob("*.js")
        if uk_title in p.read_text(encoding="utf-8")
    }
    assert holders == {"common/common.js"}, holders
    vendored = (STATIC / "vendor" / "jsQR.js").read_text(encoding="utf-8")
    assert jsqr_code in vendored
    for built in (*PAGE_BUNDLES, "common/common.js", "booth/booth-crypto.js"):
        text = (STATIC / built).read_text(encoding="utf-8")
        assert "jsQR(data" not in text, f"{built} carries a copy of jsQR"
    for built in PAGE_BUNDLES:
        text = (STATIC / built).read_text(encoding="utf-8")
        assert 'from "../common/common.js"' in text, f"{built} does not import the shared module"
        assert "// i18n/" not in text, f"{built} carries a copy of the translations"


def _loaded_by(html: str) -> set[str]:
    """The static paths a page's HTML loads and, recursively, the modules they import."""
    folder = html.split("/")[0]
    todo = [
        f"{folder}/{ref}"
        for ref in re.findall(
            r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^":]+)"', (STATIC / html).read_text()
        )
    ]
    seen = {html}
    while todo:
        path = str(Path(todo.pop()).as_posix())
        parts: list[str] = []
        for part in path.split("/"):
            if part == "..":
                parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        path = "/".join(parts)
        if path in seen:
            continue
        seen.add(path)
        if path.endswith(".js"):
            here = path.rsplit("/", 1)[0]
            text = (STATIC / path).read_text(encoding="utf-8")
            for ref in re.findall(r'^(?:import|export)\b[^;]*?from "([^"]+)"', text, re.M | re.S):
                todo.append(f"{here}/{ref}")
    return seen


def test_the_booth_hash_covers_every_file_the_booth_loads() -> None:
    loaded = _loaded_by("booth/index.html")
    assert {"booth/booth.js", "common/common.js", "vendor/jsQR.js"} <= loaded, loaded
    assert loaded == set(bundle.BOOTH_FILES)


def test_built_files_are_marked_generated() -> None:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.fail("these tests run from a git checkout", pytrace=False)
    files = [*PAGE_BUNDLES, "common/common.js", "booth/booth-crypto.js", "vendor/jsQR.js"]
    paths = [f"src/plebiscite/server/static/{f}" for f in files]
    paths.append("tests/browser/assets/axe.min.js")
    run = subprocess.run(
        [git, "check-attr", "linguist-generated", "--", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    marked = dict(line.rsplit(": ", 1) for line in run.stdout.splitlines())
    for path in paths:
        assert marked[f"{path}: linguist-generated"] == "true", path
