#!/usr/bin/env python3
"""Write examples/_sjabloon.md from typology/casus.schema.yml (a test checks it is up to date)."""
from __future__ import annotations

import sys

from kennisbank import paths
from kennisbank.scaffold import template_text
from kennisbank.vocab import load_vocabularies

TEMPLATE = paths.EXAMPLES / "_sjabloon.md"


def expected_template() -> str:
    vocab, _ = load_vocabularies(paths.TYPOLOGY)
    return template_text(vocab, schema_url="")  # the committed template cannot know the site address


def main(argv: list[str] | None = None) -> int:
    check_only = "--controleer" in (argv if argv is not None else sys.argv[1:])
    expected = expected_template()
    if check_only:
        if TEMPLATE.read_text(encoding="utf-8") != expected:
            print(f"{TEMPLATE.relative_to(paths.ROOT)}:1: het sjabloon wijkt af van het schema — draai: make sjabloon", file=sys.stderr)
            return 1
        return 0
    TEMPLATE.write_text(expected, encoding="utf-8")
    print(f"geschreven: {TEMPLATE.relative_to(paths.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
