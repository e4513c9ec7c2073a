# The two commands that matter on a fresh machine (only Python 3.11 and make needed):
#   make workshop   start the workshop server for a live session
#   make test       run the whole test suite
# Each creates .venv and installs the package into it first when needed.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: workshop test lint check install clean benchmark

workshop: $(STAMP)
	$(BIN)/handreiking workshop $(ARGS)

test: $(STAMP) browser-deps
	$(BIN)/ruff check handreiking tests benchmarks
	$(BIN)/ruff format --check handreiking tests benchmarks
	$(BIN)/handreiking check
	$(BIN)/pytest $(ARGS)

check: $(STAMP)
	$(BIN)/handreiking check

lint: $(STAMP)
	$(BIN)/ruff check handreiking tests benchmarks
	$(BIN)/ruff format --check handreiking tests benchmarks

benchmark: $(STAMP) browser-deps
	$(BIN)/python benchmarks/apps.py $(ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 niet gevonden ($(PYTHON)). Installeer Python 3.11 of geef PYTHON=... mee."; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m handreiking.workshop.voila_template
	touch $(STAMP)

# axe-core for the accessibility tests comes from the npm registry (skipped with a reason without npm).
.PHONY: browser-deps
browser-deps:
	@if [ -f tests/browser/package-lock.json ] && command -v npm >/dev/null 2>&1; then \
		[ -d tests/browser/node_modules/axe-core ] || npm ci --silent --prefix tests/browser; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/browser/node_modules
