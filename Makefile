# Two commands for a fresh machine:  make serve  (build and serve the site)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

ZENSICAL_VENV  := .venv-zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed

.PHONY: setup serve build build-zensical zensical-setup valideer test casus bench indicatie sjabloon links constraints clean

$(STAMP): requirements.txt requirements-test.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $(STAMP)

setup: $(STAMP)

# Zensical in its own environment: it pins other versions of shared packages than MkDocs does.
# A failed install leaves its reason in .venv-zensical.log (the parity test shows it when it skips).
$(ZENSICAL_STAMP): requirements-zensical.txt
	rm -rf $(ZENSICAL_VENV)
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet -r requirements-zensical.txt > .venv-zensical.log 2>&1 || \
		{ cat .venv-zensical.log; rm -rf $(ZENSICAL_VENV); exit 1; }
	touch $(ZENSICAL_STAMP)

zensical-setup: $(ZENSICAL_STAMP)

## Build the site and serve it on http://127.0.0.1:8000, regenerating on every change: an edited
## case is on screen first, the pages that list it follow (scripts/kennisbank/preview.py).
serve: setup
	$(BIN)/python scripts/bouw.py --alleen-genereren
	$(BIN)/python -m mkdocs serve --dirty --dev-addr 127.0.0.1:8000 --livereload

## Build the site into site/ (validation, generation, MkDocs --strict, search index).
build: setup
	$(BIN)/python scripts/bouw.py

## Build the same site with Zensical instead of MkDocs (same generator and post-build steps).
build-zensical: setup zensical-setup
	$(BIN)/python scripts/bouw.py --renderer zensical

## Check all cases and vocabularies (FILES=examples/x.md for some).
valideer: setup
	$(BIN)/python scripts/valideer.py $(FILES)

## Everything CI checks: browser (Debian's chromium) installed if missing, then all tests.
test: setup
	bash scripts/ensure-chromium.sh
	@$(MAKE) --no-print-directory zensical-setup || echo "Zensical kon niet worden geïnstalleerd (zie .venv-zensical.log); de pariteitstest wordt overgeslagen."
	@# bytecode on, even where the machine turns it off: a run starts some twenty Python processes,
	@# and each would otherwise compile our modules and pytest's rewritten tests again (git ignores it)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

## Start a new case from the template.
casus: setup
	$(BIN)/python scripts/nieuwe_casus.py

## Measure the indicative WRR type (leave-one-out) and write its section of BENCHMARKS.md.
indicatie: setup
	$(BIN)/python scripts/meet_indicatie.py

## Regenerate examples/_sjabloon.md from the schema.
sjabloon: setup
	$(BIN)/python scripts/maak_sjabloon.py

## Benchmark at 1,000, 5,000 and 10,000 synthetic cases (about an hour); writes BENCHMARKS.md.
bench: setup
	$(BIN)/python scripts/benchmark.py

## Check the external links in the case sources (needs the network; CI runs it weekly).
links: setup
	$(BIN)/python scripts/controleer_links.py

## Re-resolve constraints.txt (every transitive pin) from the package index, in a throw-away
## environment inside the repository. Run after changing requirements.txt or requirements-test.txt; review the diff.
constraints:
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/pip install --quiet --upgrade pip
	.venv-constraints/bin/pip install --quiet -r requirements-test.txt
	{ echo "# Every transitive pin, resolved from the package index by 'make constraints'. Do not edit by hand."; \
	  .venv-constraints/bin/pip freeze --exclude-editable; } > constraints.txt
	rm -rf .venv-constraints
	@echo "constraints.txt opnieuw bepaald; controleer de wijzigingen met git diff constraints.txt" >&2

clean:
	rm -rf build site .site-nieuw .site-oud .bench .cache .venv-constraints
