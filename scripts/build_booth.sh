#!/usr/bin/env bash
# Reproducible build of the web booth from web/: the exact versions of the lockfile (npm ci) and
# fixed esbuild options.
#   - web/build.mjs:       the cryptography bundle src/plebiscite/server/static/booth/booth-crypto.js
#   - web/build-pages.mjs: the pages' modules (booth, tracking, dashboard, challenge checker), the
#                          locally served Chart.js and, for the browser tests, axe-core
# Prints the cryptography bundle's SHA-256 and then the booth hash: the SHA-256 over every file of
# the static booth folder (plebiscite.booth.bundle.booth_digest), the value an election's
# manifest carries as booth_hash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/web"
npm ci --no-audit --no-fund --ignore-scripts
node build.mjs
node build-pages.mjs
echo "booth-crypto.js sha256: $(sha256sum "$root/src/plebiscite/server/static/booth/booth-crypto.js" | cut -d' ' -f1)"
python="$root/.venv/bin/python"
[ -x "$python" ] || python=python3
echo "booth_hash: $(PYTHONPATH="$root/src" "$python" -c 'from plebiscite.booth.bundle import booth_digest; print(booth_digest())')"
