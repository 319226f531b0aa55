# Dateline: `make run` opens the app, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench soak lint bundle clean

# The venv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dateline

# The layers and the core's freedom from Qt are import-linter contracts in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check annotations app tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s -o python_files="bench_*.py test_*.py" tests/benchmarks

# Kill -9 soak: a writer (the API, then the window's commands) killed at random moments,
# the file checked after each kill; then merges given Ctrl+C at random moments
# (tests/soak/soak.py; RUNS=40 and MERGES=10 by default).
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.soak.soak --runs $(or $(RUNS),40) \
		--merges $(or $(MERGES),10)

# A desktop bundle in dist/dateline/ (PyInstaller, installed on demand).
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	cd packaging && ../$(BIN)/pyinstaller --noconfirm --distpath ../dist --workpath ../build dateline.spec

clean:
	rm -rf $(VENV) build dist *.egg-info
