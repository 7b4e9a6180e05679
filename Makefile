# The two set-up commands of the README: `make acceptance` and `make check`. Nothing here needs root.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: acceptance check lint bench install

# (Re)install when pyproject.toml (the one place with pinned versions) changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP)

## Run the acceptance suite against the embedded cloud; results in reports/allure-results/.
acceptance: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@echo "Allure results: reports/allure-results/  JUnit: reports/junit.xml"

## The project's own tests: lint, unit tests, end-to-end runs of the suite, and the real-component lanes.
check: $(STAMP) lint
	$(BIN)/python -m pytest -c selftests/pytest.ini --junitxml=reports/selftests-junit.xml $(PYTEST_ARGS) selftests

lint: $(STAMP)
	$(BIN)/ruff check .

## Benchmarks (embedded cloud start-up, identity tests on embedded vs real Keystone).
bench: $(STAMP)
	$(BIN)/python bench/identity.py
