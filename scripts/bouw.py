#!/usr/bin/env python3
"""Build the site: validate, generate, MkDocs --strict, then swap the new site into site/.

On any error the messages are printed, the exit status is 1 and the previous site/ is untouched.
"""
from __future__ import annotations

import argparse
import sys

from kennisbank.build import BuildFailed, build_site, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de kennisbank.")
    parser.add_argument("--alleen-genereren", action="store_true", help="alleen valideren en pagina's maken (build/docs), geen MkDocs")
    parser.add_argument("--stil", action="store_true", help="geen voortgangsmeldingen")
    args = parser.parse_args(argv)
    try:
        if args.alleen_genereren:
            generate(quiet=args.stil)
        else:
            build_site(quiet=args.stil)
    except BuildFailed as failure:
        print(failure, file=sys.stderr)
        print("De bouw is gestopt; er is geen nieuwe site gemaakt.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
