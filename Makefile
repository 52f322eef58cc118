# docgen — run `make help` for the targets. Two commands do everything on a fresh machine:
#   make demo   creates .venv, installs docgen, validates and builds the example pack into output/
#   make test   runs ruff, mypy and the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= output
N      ?= 1000

RECORDS   := $(shell find records -name '*.yaml' 2>/dev/null)
TEMPLATES := $(shell find templates -type f 2>/dev/null)
SOURCES   := $(shell find docgen -name '*.py' 2>/dev/null)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@ldconfig -p 2>/dev/null | grep -q libjemalloc || echo "note: with jemalloc (apt-get install libjemalloc2) docgen renders PDFs about 14% faster"
	@touch $@

.PHONY: help install demo validate build letters audit test lint typecheck fuzz bench clean check-revisions

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

install: $(STAMP) ## create .venv and install docgen with its development tools

demo: validate build letters audit ## set up, validate and build the whole example pack into output/, then audit it
	@echo "The example pack is in $(OUT)/"

validate: $(STAMP) ## check every record under records/
	$(BIN)/docgen validate records

$(OUT)/.papers-stamp: $(STAMP) $(RECORDS) $(TEMPLATES) $(SOURCES)
	$(BIN)/docgen build records --out $(OUT)
	@touch $@

build: $(OUT)/.papers-stamp ## build each decision's paper and appendices (.docx and .pdf)

$(OUT)/.letters-stamp: $(STAMP) $(RECORDS) $(TEMPLATES) $(SOURCES)
	$(BIN)/docgen letters records --out $(OUT) --print-file
	@touch $@

letters: $(OUT)/.letters-stamp ## build one award letter per bidder per Lot, with the manifest

audit: $(STAMP) build letters ## read the built pack back: no leaks, clean metadata, tagged PDFs
	$(BIN)/docgen audit $(OUT)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check docgen tests tools
	$(BIN)/ruff format --check docgen tests tools

typecheck: $(STAMP) ## mypy, strict on docgen/
	$(BIN)/mypy docgen

test: lint typecheck ## ruff, mypy and every test (tests needing LibreOffice, poppler or Chromium say so if skipped)
	@command -v soffice >/dev/null || echo "NOTE: LibreOffice (soffice) is not installed: tests that open .docx files in LibreOffice will be SKIPPED. Install: apt-get install libreoffice-writer-nogui"
	@command -v pdftoppm >/dev/null || echo "NOTE: poppler-utils is not installed: tests that rasterise PDFs will be SKIPPED. Install: apt-get install poppler-utils"
	@test -x /usr/bin/chromium || echo "NOTE: Chromium is not installed: the browser tests of docgen serve will be SKIPPED. Install: apt-get install chromium"
	$(BIN)/pytest -n 2 -q

fuzz: $(STAMP) ## the attack suite and property-based tests, with many more examples
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests -k "hostile or property or attack"

.PHONY: serve
PORT ?= 8000
serve: $(STAMP) ## the web page for officers over records/ and OUT, on http://127.0.0.1:PORT/
	$(BIN)/docgen serve records --out $(OUT) --port $(PORT)

check-revisions: $(STAMP) ## check each revised paper in records/ changed exactly what it declares
	$(BIN)/docgen check-revision records

.PHONY: catalogues
catalogues: $(STAMP) ## extract every message into templates/locale/*/LC_MESSAGES/*.po and compile the .mo files
	$(BIN)/python tools/catalogues.py update
	$(BIN)/python tools/catalogues.py compile
	$(BIN)/python tools/catalogues.py check

.PHONY: golden
golden: $(STAMP) ## rewrite tests/golden/ from the example pack (read the new text before committing it)
	$(BIN)/python tools/golden.py

.PHONY: wheel-check
wheel-check: $(STAMP) ## build the wheel, install it in a fresh venv and build the example pack with it
	PYTHON=$(PYTHON) tools/wheel_check.sh

.PHONY: pack exports
OCID_PREFIX ?=
AWARDS = $(shell find records -name '*.yaml' -not -path 'records/schemas/*' 2>/dev/null | xargs grep -l '^kind: award' 2>/dev/null | sort)

pack: build ## merge each decision's documents into OUT/<decision>/agenda-pack.pdf (exempt ones apart)
	$(BIN)/docgen pack records --out $(OUT)

exports: $(STAMP) ## each award as OCDS JSON and transparency CSV in OUT/exports/, scores workbook in OUT/exports/exempt/ (each route only what it has)
	@mkdir -p $(OUT)/exports/exempt
	@for award in $(AWARDS); do \
	  name=$$(basename $$(dirname $$award)); \
	  route=$$(sed -n -E 's/^route:[[:space:]]*"?([a-z_]+).*/\1/p' $$award); \
	  case $$route in \
	    ""|competitive|call_off) what="";; \
	    direct_award) what="a direct award";; \
	    modification) what="a modification";; \
	    authority_to_procure) what="an authority to procure";; \
	    *) what="a decision not to award";; \
	  esac; \
	  case $$route in authority_to_procure|not_awarded) \
	    echo "  (nothing to export for $$award: $$what awards no contract, so it has no OCDS release, register row or scores workbook)"; \
	    continue;; \
	  esac; \
	  $(BIN)/docgen ocds $$award --out $(OUT)/exports/$$name-ocds.json $(if $(OCID_PREFIX),--ocid-prefix $(OCID_PREFIX)) \
	    || echo "  (no OCDS for $$award: give its ocid in the record, or make exports OCID_PREFIX=ocds-xxxxxx)"; \
	  if [ "$$route" = modification ]; then \
	    echo "  (no transparency row for $$award: the contract a modification changes keeps its own row; docgen transparency $$award says what to update in it)"; \
	  else \
	    $(BIN)/docgen transparency $$award --out $(OUT)/exports/$$name-contracts.csv || exit 1; \
	  fi; \
	  if [ -z "$$what" ]; then \
	    $(BIN)/docgen export-workbook $$award $(OUT)/exports/exempt/$$name-scores.xlsx || exit 1; \
	  else \
	    echo "  (no scores workbook for $$award: $$what scores no tenders)"; \
	  fi; \
	done

bench: $(STAMP) ## time N letters against a naive baseline, and bilingual against English: make bench N=1000
	$(BIN)/python tools/bench.py --bidders $(N) --bilingual

.PHONY: bank-holidays
bank-holidays: $(STAMP) ## rewrite docgen/derive/bank_holiday_table.py from the installed holidays package (after raising its pin)
	$(BIN)/python tools/bank_holidays.py

.PHONY: bench-cli
bench-cli: $(STAMP) ## time whole commands as typed (five runs each, with the peer pipeline) against issue 18's targets
	$(BIN)/python tools/bench_cli.py

.PHONY: templates-readme
templates-readme: $(STAMP) ## write each kind's context fields into templates/README.md
	$(BIN)/python tools/templates_readme.py

clean: ## remove output/ and caches (keeps .venv)
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# ---- CI: the targets examples/ci/ calls (tests/test_precommit.py checks they exist) ----
.PHONY: ci-validate ci-drafts ci-audit changes
CI_FORMAT ?= text
REVISION  ?= auto
BASE      ?= origin/main
CHANGES_HTML ?=

ci-validate: $(STAMP) ## validate, problems as CI_FORMAT=text|github|gitlab|junit|json on stdout (use make -s)
	@$(BIN)/docgen validate records --output-format $(CI_FORMAT)

ci-drafts: $(STAMP) ## build the papers and letters into OUT, drafts naming REVISION (default: the commit)
	$(BIN)/docgen build records --out $(OUT) --revision $(REVISION) --output-format $(CI_FORMAT)
	$(BIN)/docgen letters records --out $(OUT) --print-file --quiet --output-format $(CI_FORMAT)

ci-audit: $(STAMP) ## audit OUT, findings as CI_FORMAT on stdout (use make -s)
	@$(BIN)/docgen audit $(OUT) --output-format $(CI_FORMAT)

changes: $(STAMP) ## what the records' change since BASE (default origin/main) does to the papers, in Markdown; CHANGES_HTML=file too
	@$(BIN)/docgen changes $(BASE) records $(if $(CHANGES_HTML),--html $(CHANGES_HTML))
