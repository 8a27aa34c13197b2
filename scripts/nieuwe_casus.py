#!/usr/bin/env python3
"""Start a new case: asks (or takes) the municipality and title, writes examples/<id>.md.

    python scripts/nieuwe_casus.py                          # asks
    python scripts/nieuwe_casus.py --gemeente "Den Haag" --titel "Dialoogtafels in de wijk"
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kennisbank import paths
from kennisbank.build import read_settings
from kennisbank.casefile import slugify
from kennisbank.schemamessages import suggest
from kennisbank.scaffold import municipality_notes, template_text
from kennisbank.vocab import Municipality, Registry, load_vocabularies


def find_municipality(text: str, registry: Registry) -> tuple[Municipality | None, str]:
    """By slug, CBS code, name, alias or former name; otherwise a suggestion."""
    found = registry.resolve(text.strip()) or registry.resolve(slugify(text)) or registry.by_alias(text)
    if found:
        return found, ""
    old = registry.former_by_slug().get(slugify(text))
    if old:
        successor = registry.municipalities[old.successor_codes[0]]
        return successor, f"{old.name} is opgegaan in {successor.name}; de casus komt op naam van {successor.name}."
    guess = suggest(slugify(text), registry.by_slug())
    return None, f"Gemeente '{text}' niet gevonden." + (f" Bedoelde u '{registry.by_slug()[guess].name}'?" if guess else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een nieuwe casus vanuit het sjabloon.")
    parser.add_argument("--gemeente", help="naam, korte naam of CBS-code van de gemeente")
    parser.add_argument("--titel", help="titel van de casus")
    parser.add_argument("--map", type=Path, default=paths.EXAMPLES, help=argparse.SUPPRESS)
    parser.add_argument("--vandaag", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    vocab, _ = load_vocabularies(paths.TYPOLOGY)
    try:
        municipality_text = args.gemeente or input("Gemeente (naam of CBS-code): ")
        title_text = args.titel or input("Titel van de casus: ")
    except (EOFError, KeyboardInterrupt):
        print("\nGeen invoer: geef --gemeente en --titel mee, of start het commando in een terminal.", file=sys.stderr)
        return 1
    municipality, message = find_municipality(municipality_text, vocab.registry)
    if message:
        print(message, file=sys.stderr)
    if municipality is None:
        return 1
    title = title_text.strip()
    if len(title) < 5:
        print("Een titel heeft minstens 5 tekens.", file=sys.stderr)
        return 1
    case_id = slugify(f"{municipality.slug} {title}")[:80].rstrip("-")
    target = args.map / f"{case_id}.md"
    if target.exists():
        print(f"{target} bestaat al; kies een andere titel.", file=sys.stderr)
        return 1
    today = args.vandaag or dt.date.today()
    text = template_text(vocab, read_settings().schema_url,
                         values={"titel": title, "gemeenten": [municipality.slug], "wrr_typen": None},
                         notes=municipality_notes(municipality, vocab), today=today)
    target.write_text(text, encoding="utf-8")
    shown = target.relative_to(paths.ROOT) if target.is_relative_to(paths.ROOT) else target
    print(f"Nieuwe casus: {shown}")
    print(f"De id (het laatste deel van het webadres) is '{case_id}'; hernoem het bestand gerust naar iets korters.")
    print("Vervang alle voorbeeldwaarden (ook de bron en de datum) en de uitleg onder de vier koppen.")
    print("Controleer met:  make valideer FILES=" + str(shown))
    print("Bekijk hem op de site met:  make serve  (daarna http://127.0.0.1:8000/casussen/" + case_id + "/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
