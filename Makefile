# Two commands for a fresh clone: `make run` and `make test`. Both create .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## Start Kafka, the three services and the seed replay; Ctrl-C stops everything.
run: $(STAMP)
	NEWSFLOW_FETCH_FOLLOW_SOURCES=$${NEWSFLOW_FETCH_FOLLOW_SOURCES:-true} $(BIN)/newsflow run

## The whole suite: unit, integration (real Kafka, provisioned here), lint and types.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data .cache
