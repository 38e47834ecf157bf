# plebiscite — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest setup clean bench postgres browser web ext

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "plebiscite needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	@touch $(STAMP)

setup: $(STAMP) ext

# the compiled multi-exponentiation of plebiscite.crypto.secp256k1, the compiled canonical
# encoder of plebiscite.crypto.encoding and the batch's compiled fold of plebiscite.crypto.batch
# (optional at run time: without them the pure paths run);
# each rebuilt when its source or build script is newer than the module (nothing to do without
# the scripts)
ext: $(STAMP)
	@if [ -f scripts/build_msm.py ]; then $(BIN)/python scripts/build_msm.py; fi
	@if [ -f scripts/build_native.py ]; then $(BIN)/python scripts/build_native.py; fi

demo: $(STAMP) ext
	$(BIN)/plebiscite demo --out demo-out --fresh --mix

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# the PostgreSQL server of the board store tests (installed if missing, started, idempotent)
postgres:
	bash scripts/postgres.sh start

# Debian's chromium and the Playwright driver of the browser tests (installed if missing)
browser: $(STAMP)
	bash scripts/browser.sh

# the locked npm packages the reproducible-build test rebuilds the web pages with: npm ci when
# web/node_modules is missing or older than the lockfile (nothing to do without web/)
web:
	@if [ -f web/package-lock.json ] && { [ ! -f web/node_modules/.package-lock.json ] || \
		[ web/package-lock.json -nt web/node_modules/.package-lock.json ] || \
		[ web/package.json -nt web/node_modules/.package-lock.json ]; }; then \
		cd web && npm ci --no-audit --no-fund --ignore-scripts; \
	fi

# The suite runs against this checkout's PostgreSQL server: one already running is used and left
# running; one started here is stopped when the suite ends, whatever its outcome (so that the
# next checkout finds its port free). The target fails exactly when pytest fails.
pytest: $(STAMP) ext browser web
	@if bash scripts/postgres.sh status >/dev/null 2>&1; then started=no; else started=yes; fi; \
	url="$$(bash scripts/postgres.sh start)" || exit 1; \
	if [ $$started = yes ]; then \
		trap 'bash scripts/postgres.sh stop' EXIT; trap 'exit 130' INT TERM; \
	fi; \
	status=0; \
	PLEBISCITE_REQUIRE_COMPILED=1 PLEBISCITE_TEST_POSTGRES="$$url" $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS) || status=$$?; \
	exit $$status

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python bench/crypto.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache src/plebiscite/crypto/_secp256k1_msm.* \
		src/plebiscite/crypto/_canonical.* src/plebiscite/crypto/_batch_fold.* \
		src/plebiscite/crypto/_strict_hex.*
