# Dateline: `make run` opens the app, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench soak lint bundle install-desktop uninstall-desktop icons clean

# The venv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Before Qt starts, `dateline` checks the system libraries its X11 plugin needs (a
# minimal Linux lacks some) and prints the command that installs the missing ones.
run: $(STAMP)
	$(BIN)/dateline

# The layers and the core's freedom from Qt are import-linter contracts in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check annotations app tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# The suite runs on every core (pytest-xdist): 76 s on 2 cores against 132 s in one
# process. `make test PYTEST_WORKERS=0` runs it in one process.
test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(or $(PYTEST_WORKERS),auto)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s -o python_files="bench_*.py test_*.py" tests/benchmarks

# Kill -9 soak: a writer (the API, then the window's commands) killed at random moments,
# the file checked after each kill; then merges given Ctrl+C at random moments
# (tests/soak/soak.py; RUNS=40 and MERGES=10 by default).
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.soak.soak --runs $(or $(RUNS),40) \
		--merges $(or $(MERGES),10)

# A desktop bundle in dist/dateline/ and its tarball, built with PyInstaller
# from a venv of its own holding only the runtime dependencies (no test extras).
BUNDLE_VENV := build/bundle-venv
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
TARBALL := dist/dateline-$(VERSION)-linux-$(shell uname -m).tar.gz

bundle:
	test -x $(BUNDLE_VENV)/bin/python || $(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUNDLE_VENV)/bin/python -m pip install --quiet . 'pyinstaller>=6.10'
	cd packaging && ../$(BUNDLE_VENV)/bin/pyinstaller --noconfirm --log-level WARN \
		--distpath ../dist --workpath ../build/pyinstaller dateline.spec
	tar -C dist -czf $(TARBALL) dateline
	@du -sh dist/dateline $(TARBALL)

# The desktop entry, AppStream metainfo and icons, installed for the user (XDG).
install-desktop: $(STAMP)
	$(BIN)/python packaging/desktop_entry.py install --exec $(BIN)/dateline-gui

uninstall-desktop:
	$(PYTHON) packaging/desktop_entry.py uninstall

# Render resources/icons/dateline-N.png again after editing dateline.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m app.appicon

clean:
	rm -rf $(VENV) build dist *.egg-info
