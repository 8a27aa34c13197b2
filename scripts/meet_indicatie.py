#!/usr/bin/env python3
"""Measure the indicative WRR type (leave-one-out over the claimed municipalities of 2017) and write
the result into its own section of BENCHMARKS.md, between the markers, leaving the rest untouched.

    python scripts/meet_indicatie.py           # write the section
    python scripts/meet_indicatie.py --toon    # only print it

tests/test_municipalities.py computes the same figure and fails if it drops below the one written here.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from kennisbank import paths
from kennisbank.render import make_environment, method_context
from kennisbank.vocab import load_vocabularies

BEGIN = "<!-- indicatie:begin -->"
END = "<!-- indicatie:end -->"


def section() -> str:
    vocab, problems = load_vocabularies(paths.TYPOLOGY)
    if vocab.placement is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1)
    text = make_environment().get_template("benchmark_indication.md.j2").render(
        vocab=vocab, today=dt.date.today().isoformat(), **method_context(vocab))
    return f"{BEGIN}\n{text.strip()}\n{END}"


def replace_section(document: str, new: str) -> str:
    if BEGIN in document and END in document:
        before, rest = document.split(BEGIN, 1)
        return before + new + rest.split(END, 1)[1]
    return document.rstrip("\n") + "\n\n" + new + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet het indicatieve WRR-type en schrijf het in BENCHMARKS.md.")
    parser.add_argument("--toon", action="store_true", help="alleen tonen, niets schrijven")
    args = parser.parse_args(argv)
    new = section()
    if args.toon:
        print(new)
        return 0
    target = paths.ROOT / "BENCHMARKS.md"
    target.write_text(replace_section(target.read_text(encoding="utf-8"), new), encoding="utf-8")
    print(f"{target.name}: sectie over het indicatieve WRR-type bijgewerkt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
