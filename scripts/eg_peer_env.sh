#!/usr/bin/env bash
# Build .peer-venv/: ElectionGuard's Python SDK 1.4.0 on Python 3.10, the peer of the
# ElectionGuard benchmark (bench/peer_electionguard.py) and of scripts/make_eg_fixtures.py.
# The SDK imports only on Python 3.10 and needs dacite 1.6.0 and hypothesis beside it.
# Not part of CI. Usage: scripts/eg_peer_env.sh [python3.10]
set -euo pipefail
cd "$(dirname "$0")/.."
PY310="${1:-${PEER_PYTHON:-/root/.pyenv/versions/3.10.13/bin/python}}"
if ! "$PY310" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
    echo "eg_peer_env.sh: $PY310 is not a Python 3.10 interpreter" >&2
    exit 2
fi
"$PY310" -m venv .peer-venv
.peer-venv/bin/pip install --quiet --upgrade pip
.peer-venv/bin/pip install --quiet "electionguard==1.4.0" "dacite==1.6.0" "hypothesis>=6,<7"
.peer-venv/bin/python -c 'import electionguard, sys; print("electionguard SDK ready on", sys.version.split()[0])'
