#!/usr/bin/env python3
"""Build the site: validate, generate, MkDocs --strict, then swap the new site into site/.

On any error the messages are printed, the exit status is 1 and the previous site/ is untouched.
"""
from __future__ import annotations

import argparse
import sys

from kennisbank import paths
from kennisbank.build import BuildFailed, build_site, cache_beside, generate
from kennisbank.untrusted import printable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de kennisbank.")
    parser.add_argument("--alleen-genereren", action="store_true", help="alleen valideren en pagina's maken (build/docs), geen MkDocs")
    parser.add_argument("--stil", action="store_true", help="geen voortgangsmeldingen")
    parser.add_argument("--renderer", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="wie de Markdown tot HTML maakt (standaard MkDocs; zie README)")
    args = parser.parse_args(argv)
    try:
        if args.alleen_genereren:
            generate(quiet=args.stil, cache_dir=cache_beside(paths.GENERATED_DOCS))
        else:
            build_site(quiet=args.stil, renderer=args.renderer)
    except BuildFailed as failure:
        print(failure, file=sys.stderr)
        print("De bouw is gestopt; er is geen nieuwe site gemaakt.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last resort: a message and exit 1, never a traceback
        print(f"bouw: interne fout bij de bouw: {printable(type(exc).__name__)}: {printable(exc)}", file=sys.stderr)
        print("De bouw is gestopt; er is geen nieuwe site gemaakt.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
