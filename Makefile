PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# An editable install that is a plain path entry: quick to import (setuptools calls the
# mode transitional and says so at length; the note is silenced, the install is the same).
INSTALL := PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --disable-pip-version-check
EDITABLE := --config-settings editable_mode=compat

.PHONY: run test lint typecheck bench bench-smoke bench-1m soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# `make run` needs only what the reader needs: seconds on a fresh machine.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(INSTALL) -e . $(EDITABLE)
	touch $@

# `make test` adds the test, lint and type-check tools.
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(INSTALL) -e '.[dev]' $(EDITABLE)
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/newsdesk -d articles

lint: $(DEV_STAMP)
	$(BIN)/ruff check reader tests bench
	$(BIN)/ruff format --check reader tests bench

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest -n 2 --dist loadgroup

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.run

# Every step of the benchmark once, at 1k and small: half a minute, run by CI so the bench cannot break unnoticed.
bench-smoke: $(DEV_STAMP)
	$(BIN)/python -m bench.run --smoke

# A million articles: the folder is written once (several GB, under the cache directory) and reused.
bench-1m: $(DEV_STAMP)
	$(BIN)/python -m bench.million

soak: $(DEV_STAMP)
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
