# The two commands that matter on a fresh machine (only Python 3.11 and make needed):
#   make workshop   start the workshop server for a live session
#   make test       run the whole test suite
# Each creates .venv and installs the package into it first when needed.
# Also: make handouts (hand-outs, PDFs and the lesson book in build/handouts/), make slides (build/slides/).

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: workshop test lint check install clean benchmark handouts slides frontend

workshop: $(STAMP)
	$(BIN)/handreiking workshop $(ARGS)

test: $(STAMP) browser-deps slides-deps
	$(BIN)/ruff check handreiking tests benchmarks notebooks exercises
	$(BIN)/ruff format --check handreiking tests benchmarks notebooks exercises
	$(BIN)/lint-imports
	$(BIN)/handreiking check
	$(BIN)/pytest $(ARGS)

check: $(STAMP)
	$(BIN)/handreiking check

lint: $(STAMP)
	$(BIN)/ruff check handreiking tests benchmarks notebooks exercises
	$(BIN)/ruff format --check handreiking tests benchmarks notebooks exercises
	$(BIN)/lint-imports

benchmark: $(STAMP) browser-deps
	$(BIN)/python benchmarks/apps.py $(ARGS)

install: $(STAMP)

# JupyterLab settings for self-learners (no "Jupyter news" pop-up), in the environment's own settings folder.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

$(STAMP): pyproject.toml lab-settings/overrides.json
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 niet gevonden ($(PYTHON)). Installeer Python 3.11 of geef PYTHON=... mee."; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	install -D -m 644 lab-settings/overrides.json $(LAB_OVERRIDES)
	$(BIN)/python -m handreiking.workshop.voila_template
	touch $(STAMP)

# axe-core for the accessibility tests comes from the npm registry (skipped with a reason without npm).
.PHONY: browser-deps
browser-deps:
	@if [ -f tests/browser/package-lock.json ] && command -v npm >/dev/null 2>&1; then \
		[ -d tests/browser/node_modules/axe-core ] || npm ci --silent --prefix tests/browser; \
	fi

# Hand-outs, the lesson book and slides from the lesson notebooks (build/ is not committed).
handouts: $(STAMP)
	$(BIN)/handreiking handouts --map build/handouts $(ARGS)

slides: $(STAMP) slides-deps
	$(BIN)/handreiking slides --map build/slides $(ARGS)

# reveal.js for the slides comes from the npm registry (package.json at the root), never from a CDN.
.PHONY: slides-deps
slides-deps:
	@if [ -f package-lock.json ] && command -v npm >/dev/null 2>&1; then \
		[ -d node_modules/reveal.js ] || npm ci --silent; \
	fi

# The participant page's front end (frontend/src/participant.js) is committed built, in the template's static
# folder, so `make workshop` needs no Node.js. After changing the source or frontend/package.json: make frontend.
frontend:
	npm ci --silent --prefix frontend
	node frontend/build.mjs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/browser/node_modules node_modules frontend/node_modules build
