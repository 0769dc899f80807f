# Two commands set up a machine: `make run` launches the app, `make test` runs the whole suite.
# Both create .venv and install what they need (Debian system packages too, when run as root).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test check lint typecheck contracts pytest translations screenshots bench dist package clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $@

run:
	bash .ci/system-packages.sh run
	$(MAKE) --no-print-directory $(BIN)/.installed
	$(BIN)/assessor-app $(ARGS)

test:
	bash .ci/system-packages.sh test
	$(MAKE) --no-print-directory $(BIN)/.installed
	$(MAKE) --no-print-directory check pytest

check: lint typecheck contracts

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

contracts:
	$(BIN)/lint-imports

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Refresh the translation sources from the code, then compile them (edit the .ts between the two): every
# text in Chinese; in English only the plural forms ("%n case(s)": 1 case, 2 cases).
translations:
	$(BIN)/pyside6-lupdate -extensions py -no-obsolete assessor_app -ts resources/translations/assessor_zh_HK.ts
	$(BIN)/pyside6-lupdate -pluralonly -extensions py -no-obsolete assessor_app -ts resources/translations/assessor_en.ts
	$(BIN)/pyside6-lrelease resources/translations/assessor_zh_HK.ts -qm resources/translations/assessor_zh_HK.qm
	$(BIN)/pyside6-lrelease resources/translations/assessor_en.ts -qm resources/translations/assessor_en.qm

# Every screenshot in docs/screenshots/, both languages, on a 1366x768 laptop screen under a virtual X
# server (needs `bash .ci/system-packages.sh all`); docs/screenshot_support.py holds what the scripts share.
SCREENSHOT_SCRIPTS := take_screenshots take_first_run_screenshots take_intake_screenshots \
	take_case_screenshots take_review_screenshots take_batches_screenshots
screenshots: $(BIN)/.installed
	bash .ci/system-packages.sh all
	for script in $(SCREENSHOT_SCRIPTS); do \
		xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/python docs/$$script.py || exit 1; \
	done
	$(BIN)/python docs/make_slip_sample.py

bench: $(BIN)/.installed
	$(BIN)/python -m bench --report docs/performance.md

# The one-folder build (dist/assessor-app/), checked with its own self-test; its size is printed.
dist: $(BIN)/.installed
	bash .ci/system-packages.sh all
	$(BIN)/pyinstaller --noconfirm --log-level WARN installer.spec
	dist/assessor-app/assessor-app --self-test  # offscreen by itself where there is no display
	@du -sh dist/assessor-app | sed 's/\t/  /'

package: dist

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
