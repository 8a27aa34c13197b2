#!/usr/bin/env python3
"""Check cases and vocabularies: prints `bestand:regel: melding` and a count; exit 1 on errors.

    python scripts/valideer.py                    # everything
    python scripts/valideer.py examples/x.md      # only these cases (vocabularies are always checked)
    python scripts/valideer.py --ongebruikt       # also list vocabulary terms no case uses
    python scripts/valideer.py --github           # for CI: GitHub annotations, and template leftovers are errors
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from kennisbank import paths
from kennisbank.checks import TEMPLATE_LEFTOVER, case_paths, unused_terms
from kennisbank.problems import Problem, display_path, errors, summary
from kennisbank.untrusted import printable
from kennisbank.validation import validate_repository


def main(argv: list[str] | None = None) -> int:
    try:
        return check(argv)
    except Exception as exc:  # noqa: BLE001 - the last resort: a message and exit 1, never a traceback
        print(f"valideer: interne fout bij het controleren: {printable(type(exc).__name__)}: {printable(exc)}", file=sys.stderr)
        return 1


def check(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description="Controleer casussen en vocabulaires.")
    parser.add_argument("bestanden", nargs="*", type=Path, help="casusbestanden (standaard: alle in examples/)")
    parser.add_argument("--ongebruikt", action="store_true", help="toon termen die geen enkele casus gebruikt")
    parser.add_argument("--github", action="store_true", help="schrijf ook GitHub-annotaties (::error file=...); resten van het sjabloon zijn dan fouten")
    parser.add_argument("--vandaag", type=dt.date.fromisoformat, help="datum om 'vandaag' vast te zetten (JJJJ-MM-DD)")
    args = parser.parse_args(argv)

    only = [p for p in args.bestanden if p.suffix == ".md" and not p.name.startswith("_")] or None
    if args.bestanden and only is None:
        only = []
    missing = [p for p in args.bestanden if not p.exists()]
    for path in missing:
        print(Problem(display_path(path), 1, "bestand niet gevonden"), file=sys.stderr)
    vocab, cases, problems = validate_repository(only=[p for p in (only or []) if p.exists()] if only is not None else None, today=args.vandaag)
    if args.github:  # a pull request must not bring in what is left of the template
        problems = [replace(p, level="fout") if p.level == TEMPLATE_LEFTOVER else p for p in problems]
    for problem in problems:
        print(problem)
        if args.github:
            print(problem.annotation())
    if args.ongebruikt:
        for vocabulary, terms in unused_terms(vocab, cases).items():
            print(printable(f"ongebruikt in {vocabulary}: {', '.join(terms)}"))
    checked = len(only) if only is not None else len(case_paths(paths.EXAMPLES))
    print(f"{checked} {'casus' if checked == 1 else 'casussen'} gecontroleerd: {summary(problems)}", file=sys.stderr)
    return 1 if errors(problems) or missing else 0


if __name__ == "__main__":
    sys.exit(main())
