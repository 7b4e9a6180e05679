# The README's commands: `make acceptance`, `make check`, `make report`. Only the all-in-one lane (`make aio`,
# and `make check`, which runs it) needs root: it installs Debian packages; elsewhere it says so and is skipped.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# npm ci writes node_modules/ (Allure for the HTML report) from package-lock.json.
NODE_STAMP := node_modules/.installed-stamp

.PHONY: acceptance report check lint bench soak install aio aio-stop lxd lxd-stop

# (Re)install when pyproject.toml (the one place with pinned versions) changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is not installed: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## Run the acceptance suite against the embedded cloud, then build the HTML report. Failed tests still get their
## report; make then exits with pytest's status.
acceptance: $(STAMP)
	@status=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	echo "Allure results: reports/allure-results/  JUnit: reports/junit.xml"; \
	$(MAKE) --no-print-directory report || echo "acceptance: no HTML report (see above)" >&2; \
	exit $$status

## The HTML report of the last run (reports/allure-report/), carrying the previous report's history.
report: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m lxdstack report

## The project's own tests: lint, unit tests and end-to-end runs of the suite (two at a time), then the
## real-component lanes one after the other (a real Keystone; the all-in-one OpenStack), so that nothing else
## loads the machine while a real cloud's heartbeats are watched. Both always run; make fails if either did.
check: $(STAMP) $(NODE_STAMP) lint
	@status=0; \
	$(BIN)/python -m pytest -c selftests/pytest.ini -n 2 --junitxml=reports/selftests-junit.xml $(PYTEST_ARGS) \
		selftests/unit selftests/e2e || status=$$?; \
	$(BIN)/python -m pytest -c selftests/pytest.ini --junitxml=reports/lanes-junit.xml $(PYTEST_ARGS) \
		selftests/lanes || status=$$?; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .

## Benchmarks: embedded cloud start-up and identity tests (embedded vs real Keystone); the boot matrix.
bench: $(STAMP)
	$(BIN)/python bench/identity.py
	$(BIN)/python bench/boot_matrix.py

## Twenty consecutive runs on the embedded cloud must give identical outcomes for every test id.
soak: $(STAMP)
	$(BIN)/python bench/soak.py --runs 20

## A real all-in-one OpenStack (Debian 12's Zed packages) on 127.0.0.1, state in .lanes/aio/, cloud `aio` in
## ./clouds.yaml, with a second compute host lxd1 (the lab LXD driver on the lab LXD daemon; its root disks on the
## `dir` pool, or `make aio AIO_LXD_POOL=btrfs`). Root on Debian 12 only (exits 3 elsewhere); see lab/aio/README.md.
AIO_LXD_POOL ?= dir
aio: $(STAMP)
	AIO_LXD_POOL=$(AIO_LXD_POOL) lab/aio/up.sh

## Stop what `make aio` started (its recorded process groups only, and the lab LXD if make aio started it).
aio-stop:
	lab/aio/down.sh

## The lab LXD daemon (LXD 5.0.2 from Debian, in its own namespaces, state in .lanes/lxd/): the LXD lane's and
## lxd1's. Root on Linux only (exits 3 elsewhere); see lab/lxd/README.md.
lxd:
	lab/lxd/up.sh

## Stop the lab LXD daemon and remove its state (containers, pools, loop files).
lxd-stop:
	lab/lxd/down.sh
