# The two commands that matter: `make demo` and `make test` (see README.md).
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test lint api-lint test-postgres serve assets bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## set up if needed, then run the whole demo pipeline on the embedded defaults
	$(BIN)/sectorplannen demo

serve: $(STAMP)
	$(BIN)/sectorplannen demo --serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/sectorplannen makemigrations --check --dry-run

test: lint  ## set up if needed, lint, then the whole test suite on SQLite
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory api-lint; \
	else echo "api-lint SKIPPED: npm is not installed (CI installs it and runs make api-lint)"; fi
	$(BIN)/pytest

SPECTRAL := tools/spectral/node_modules/.bin/spectral
$(SPECTRAL): tools/spectral/package.json tools/spectral/package-lock.json
	cd tools/spectral && npm ci --no-audit --no-fund --loglevel=error
	touch $(SPECTRAL)

api-lint: $(STAMP) $(SPECTRAL)  ## the OpenAPI document against the API Design Rules (Spectral, pinned), zero errors
	mkdir -p var
	$(BIN)/sectorplannen spectacular --validate --fail-on-warn --format openapi-json --file var/openapi.json
	$(SPECTRAL) lint --fail-severity error -r tools/spectral/api-design-rules.yaml var/openapi.json

test-postgres: $(STAMP)  ## the database tests against PostgreSQL at $$DATABASE_URL (CI starts one); Spark runs once, in `test`
	$(BIN)/pytest -m "not browser and not spark" tests

assets: $(STAMP)  ## refresh the vendored NL Design System CSS and htmx (pinned versions) from npm
	$(BIN)/python -m sectorplannen.portal.assets

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var build *.egg-info
