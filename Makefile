# Two commands for a fresh clone: `make run` and `make test`. Both create .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean tools

# Debian tools some tests use: promtool (prometheus), docker-compose (validates the compose
# file without an engine), kcat (the README's recipes). Installed with apt-get when missing
# (these machines run as root); without them those tests skip and say why.
DEBIAN_TOOLS := promtool:prometheus docker-compose:docker-compose kcat:kcat

# PyICU (search segmentation) has no wheel: pip builds it against Debian's ICU headers.
ICU_BUILD := libicu-dev pkg-config

# The one message an editable install still prints is setuptools' "Editable installation"
# note (InformationOnly, not a deprecation; editable_mode=compat and strict print a note of
# their own): PYTHONWARNINGS drops that one message and nothing else.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -e /usr/include/unicode/ubrk.h && command -v pkg-config >/dev/null 2>&1 || \
	  (echo "installing Debian packages: $(ICU_BUILD)"; apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(ICU_BUILD))
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
	  $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## Start Kafka, the three services and the seed replay; Ctrl-C stops everything.
run: $(STAMP)
	NEWSFLOW_FETCH_FOLLOW_SOURCES=$${NEWSFLOW_FETCH_FOLLOW_SOURCES:-true} $(BIN)/newsflow run

## The whole suite: unit, integration (real Kafka, provisioned here), lint and types.
test: $(STAMP) tools
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

tools:
	@missing=""; for pair in $(DEBIAN_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $$missing) || echo "could not install$$missing: those tests will skip"; \
	fi

clean:
	rm -rf $(VENV) data .cache
