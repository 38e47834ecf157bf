#!/usr/bin/env bash
# Reproducible build of the web booth's cryptography bundle
# (src/plebiscite/server/static/booth/booth-crypto.js) from web/: the exact versions of the
# lockfile (npm ci), fixed esbuild options (web/build.mjs). Prints the bundle's SHA-256, the
# value an election's manifest carries as booth_hash.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/web"
npm ci --no-audit --no-fund --ignore-scripts
node build.mjs
sha256sum "$root/src/plebiscite/server/static/booth/booth-crypto.js" | cut -d' ' -f1
