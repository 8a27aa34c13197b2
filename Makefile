# Two commands for a fresh machine:  make serve  (build and serve the site)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build valideer test casus bench sjabloon links clean

$(STAMP): requirements.txt requirements-test.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $(STAMP)

setup: $(STAMP)

## Build the site and serve it on http://127.0.0.1:8000, regenerating on every change: an edited
## case is on screen first, the pages that list it follow (scripts/kennisbank/preview.py).
serve: setup
	$(BIN)/python scripts/bouw.py --alleen-genereren
	$(BIN)/python -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload

## Build the site into site/ (validation, generation, MkDocs --strict, search index).
build: setup
	$(BIN)/python scripts/bouw.py

## Check all cases and vocabularies (FILES=examples/x.md for some).
valideer: setup
	$(BIN)/python scripts/valideer.py $(FILES)

## Everything CI checks: browser (Debian's chromium) installed if missing, then all tests.
test: setup
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

## Start a new case from the template.
casus: setup
	$(BIN)/python scripts/nieuwe_casus.py

## Regenerate examples/_sjabloon.md from the schema.
sjabloon: setup
	$(BIN)/python scripts/maak_sjabloon.py

## Benchmark at 1,000 and 5,000 synthetic cases; writes BENCHMARKS.md.
bench: setup
	$(BIN)/python scripts/benchmark.py

## Check the external links in the case sources (needs the network; CI runs it weekly).
links: setup
	$(BIN)/python scripts/controleer_links.py

clean:
	rm -rf build site .site-nieuw .site-oud .bench
