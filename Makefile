# wirewatch — two set-up commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  := ../shared/corpus/seeds
SAMPLE := wirewatch/data/sample
# The seed articles carry no publication date; relative dates are resolved against this one.
SEED_PUBLISHED ?= 2021-07-09
DB     ?= wirewatch.db

.PHONY: run test install bench clean web-assets

$(BIN)/wirewatch: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m wirewatch.geo
	touch $@

install: $(BIN)/wirewatch

run: install
	@if [ -d "$(SEEDS)" ]; then \
	  $(BIN)/wirewatch ingest "$(SEEDS)" --published $(SEED_PUBLISHED) --db $(DB); \
	else \
	  $(BIN)/wirewatch ingest "$(SAMPLE)" --db $(DB); \
	fi; test $$? -le 1
	$(BIN)/wirewatch stats --db $(DB)
	$(BIN)/wirewatch serve --db $(DB)

$(VENV)/.test-deps: $(BIN)/wirewatch pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

test: $(VENV)/.test-deps
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/ingest.py

# Rebuild the vendored front-end files in wirewatch/web/static/vendor from the npm registry.
web-assets:
	cd web && npm ci && npm run build

clean:
	rm -rf $(VENV) *.egg-info
