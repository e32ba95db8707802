# lapor-site: run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
SAMPLE := data/sample/cases.jsonl
OUTPUT := output
PORT ?= 8000
# Input whose identity values `make check` also looks for (patterns only when empty).
AUDIT_INPUT ?=
# Test processes for `make test` (pytest-xdist; each test file runs in one process).
JOBS ?= auto
# Where `make publish` copies the site: a local directory or an rsync target.
PUBLISH_TARGET ?=

INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.test-installed
NODE_INSTALLED := node_modules/.installed

.PHONY: help site html update sync serve check lint format test clean publish status

help: ## List every target
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

site: $(INSTALLED) ## Build the demo site from the bundled sample data (creates .venv)
	$(BIN)/lapor-site update --input $(SAMPLE)

sync: $(INSTALLED) ## Pull data from the source in sync.toml and write content/generated
	$(BIN)/lapor-site sync

html: $(INSTALLED) ## Build output/ from the current content (Pelican, leak audit, link check)
	$(BIN)/lapor-site build --output $(OUTPUT)

update: $(INSTALLED) ## Scheduled job: sync from sync.toml, production build, leak audit, link check (all or nothing)
	$(BIN)/lapor-site update

serve: ## Serve output/ on http://127.0.0.1:8000 (PORT=… to change)
	$(PY) -m http.server --bind 127.0.0.1 --directory $(OUTPUT) $(PORT)

status: $(INSTALLED) ## Show the last successful sync
	$(BIN)/lapor-site status

lint: $(TEST_INSTALLED) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_INSTALLED) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(TEST_INSTALLED) $(NODE_INSTALLED) ## Quality gates on output/ (needs Java, Chromium): leak audit, Nu HTML checker, feeds, links, axe, reproducibility
	$(BIN)/lapor-site audit --output $(OUTPUT) $(if $(AUDIT_INPUT),--input $(AUDIT_INPUT))
	$(PY) -m pytest tests/gates

test: $(TEST_INSTALLED) $(NODE_INSTALLED) site lint ## Install test tools, build the demo (leak audit included), run every test and gate (JOBS=… processes)
	$(PY) -m pytest -n $(JOBS) --dist loadfile

publish: $(INSTALLED) ## Copy output/ to PUBLISH_TARGET: a local folder (replaced in one step) or host:path (needs rsync)
	@test -n "$(PUBLISH_TARGET)" || { echo "make publish: set PUBLISH_TARGET=folder or host:path"; exit 2; }
	$(BIN)/lapor-site publish $(PUBLISH_TARGET)

.PHONY: bench bench-floors bench-budget bench-lighthouse
bench: $(INSTALLED) ## Scale benchmark: sync, build, daily update vs plain Pelican and Hugo at N/4, N, 4N (CASES=…, SCALES=…, SYNC_RECORDS=…; long)
	$(PY) bench/scale.py $(if $(CASES),--cases $(CASES)) $(if $(SCALES),--scales $(SCALES)) $(if $(SYNC_RECORDS),--sync-records $(SYNC_RECORDS))

bench-floors: $(INSTALLED) ## Time alone, from scratch, what no reuse skips (redaction, search, audit, links, publish) on a built site (SITE=folder, default .; RECORDS=file.jsonl)
	$(PY) bench/floors.py $(or $(SITE),.) $(if $(RECORDS),--records $(RECORDS))

bench-budget: $(INSTALLED) ## Page weights of output/ (HTML+CSS+images); fails if home > 20 KB or a page > 100 KB
	$(PY) bench/budget.py --output $(OUTPUT)

bench-lighthouse: $(INSTALLED) ## Lighthouse 12 (mobile) scores of key pages of output/ (installed once in ~/.cache; needs Chromium)
	$(PY) bench/lighthouse.py --output $(OUTPUT)

clean: ## Remove generated content, output, caches (keeps .state, .venv and node_modules)
	rm -rf $(OUTPUT) content/generated .pytest_cache .ruff_cache cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -not -path './node_modules/*' -exec rm -rf {} +
