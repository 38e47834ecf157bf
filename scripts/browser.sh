#!/usr/bin/env bash
# What the browser tests (tests/browser/) need: Debian's chromium and chromium-driver (installed
# with apt-get when missing and run as root; `apt-get update` once first) and Playwright's Python
# package from the dev dependencies, which drives /usr/bin/chromium (Playwright's own browser
# download is never used). Idempotent; prints what it found.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$root/.venv/bin/python"
[ -x "$python" ] || python=python3

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "browser.sh: chromium is missing and cannot be installed here (needs root and apt-get);" \
      "the browser tests will be skipped" >&2
  fi
fi
if ! "$python" -c 'import playwright, segno' >/dev/null 2>&1; then
  "$python" -m pip install --quiet -e "$root[dev]"
fi
if command -v chromium >/dev/null 2>&1; then
  echo "browser.sh: $(chromium --version 2>/dev/null | tail -1); playwright $("$python" -c 'from importlib.metadata import version; print(version("playwright"))')"
fi
