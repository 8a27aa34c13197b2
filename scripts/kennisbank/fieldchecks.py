"""Checks of a case's front matter: structure, vocabulary values, sources, dates, plain text and
template leftovers. Each yields (line, message).

The JSON Schema in typology/casus.schema.yml decides the structure; fields marked
`x-vocabulaire` are checked against the vocabularies with a did-you-mean.
Messages are Dutch, name the field and the bad value, and say how to fix it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .casefile import CaseFile, slugify
from .problems import Finding, Problem
from .schemamessages import did_you_mean, field_name, schema_message, shown
from .schemas import CompiledSchema
from .schemawalk import path_matches, values_at, vocabulary_fields
from .vocab import Vocabularies

REVIEW_INTERVAL_DAYS = 2 * 365

# raw HTML outside code: a tag name followed by space, '>' or '/'
HTML_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")


def check_structure(case: CaseFile, compiled: CompiledSchema) -> Iterator[Finding]:
    """fastjsonschema gives the yes/no answer (microseconds for a valid case); jsonschema, slower,
    runs only on a case that fails, to explain every error. Both apply the same draft-07 schema
    and the same format functions (kennisbank.schemas), so they agree."""
    if compiled.is_valid(case.meta):
        return
    schema = compiled.schema
    vocabulary_paths = [pattern for pattern, _ in vocabulary_fields(schema)]
    # one message per field: the first (deepest) error is the most specific
    reported: set[tuple] = set()
    for error in sorted(compiled.iter_errors(case.meta), key=lambda e: (list(map(str, e.absolute_path)), -len(e.absolute_path))):
        key = tuple(error.absolute_path)
        if error.validator == "type" and any(path_matches(key, p) for p in vocabulary_paths):
            continue  # check_vocabulary_values explains a wrong value in a vocabulary field
        if key in reported and error.validator != "required":
            continue
        reported.add(key)
        yield schema_message(error, schema, lambda path: case.line_of(*path), case.doc.first_line)


def _municipality_message(case: CaseFile, path: tuple, value, vocab: Vocabularies) -> str | None:
    registry = vocab.registry
    field = field_name(path)
    if isinstance(value, int):
        raw = case.doc.raw.get(path, str(value))
        code = f"GM{raw.zfill(4)}" if raw.isdigit() else f"GM{value:04d}"
        return f"{field}: {raw} is als getal gelezen — schrijf de CBS-code als tekst met GM ervoor: '{code}'"
    if not isinstance(value, str):
        return f"{field}: verwacht de korte naam van een gemeente, maar kreeg {shown(value)}"
    if registry.resolve(value):
        return None
    if value.isdigit() and len(value) <= 4:
        return f"{field}: schrijf de CBS-code met GM ervoor en tussen aanhalingstekens: 'GM{value.zfill(4)}'"
    if value.upper().startswith("GM"):
        old = registry.former.get(value.upper())
        if old:
            return _merged_message(field, value, old, registry)
        return f"{field}: CBS-code '{value}' bestaat niet (meer) — zoek de code op in typology/gemeenten/gemeenten_2025.csv"
    slug = slugify(value)
    old = registry.former_by_slug().get(slug)
    if old and slug not in registry.by_slug():
        return _merged_message(field, value, old, registry)
    alias = registry.by_alias(value)
    if alias:
        return f"{field}: '{value}' is geen korte naam uit de gemeentelijst — bedoelde je '{alias.slug}'?"
    if slug in registry.by_slug():
        return f"{field}: schrijf de korte naam '{slug}' in plaats van '{value}'"
    return f"{field}: gemeente '{value}' bestaat niet in de gemeentelijst van 2025{did_you_mean(slug, registry.by_slug())}"


def _merged_message(field, value, old, registry) -> str:
    successors = [registry.municipalities[c] for c in old.successor_codes]
    when = f" per {old.date}" if old.date else ""
    names = " of ".join(f"'{m.slug}'" for m in successors)
    return f"{field}: {old.name} bestaat niet meer; de gemeente is{when} opgegaan in {', '.join(m.name for m in successors)} — gebruik {names} en noem {old.name} in de tekst"


def check_vocabulary_values(case: CaseFile, schema: dict, vocab: Vocabularies, case_ids: set[str]) -> Iterator[Finding]:
    for pattern, vocabulary in vocabulary_fields(schema):
        for path, value in values_at(case.meta, pattern):
            line = case.line_of(*path)
            if vocabulary == "gemeenten":
                message = _municipality_message(case, path, value, vocab)
                if message:
                    yield line, message
                continue
            if vocabulary == "casussen":
                allowed = case_ids
                label = "casus"
            else:
                allowed = vocab.terms(vocabulary)
                label = vocabulary
            if not isinstance(value, str):
                yield line, f"{field_name(path)}: verwacht een korte naam uit de lijst {label}, maar kreeg {shown(value)}"
                continue
            if value == case.id and vocabulary == "casussen":
                yield line, f"{field_name(path)}: een casus kan geen onderdeel van zichzelf zijn"
            elif value not in allowed:
                hint = did_you_mean(value, allowed)
                if not hint and vocabulary == "instrumenten":
                    hint = " — staat het instrument nog niet in de lijst? Voeg dan een bestand toe in typology/instrumenten/"
                elif not hint and vocabulary != "casussen" and len(allowed) <= 25:
                    hint = f" — kies uit: {', '.join(allowed)}"
                elif not hint and vocabulary != "casussen":
                    hint = f" — zie typology/{vocabulary}.yml"
                yield line, f"{field_name(path)}: '{value}' bestaat niet{_in(label)}{hint}"


def _in(label: str) -> str:
    return "" if label in ("instrumenten", "casus") else f" in de lijst {label}"


def check_sources(case: CaseFile) -> Iterator[Finding]:
    """Each source is a known document or carries its own title, publisher and year."""
    sources = case.meta.get("bronnen")
    for i, source in enumerate(sources if isinstance(sources, list) else []):  # a wrong type: check_structure
        if not isinstance(source, dict) or "document" in source:
            continue
        missing = [f for f in ("titel", "uitgever", "jaar") if f not in source]
        if missing:
            yield case.line_of("bronnen", i), (f"bronnen[{i + 1}]: noem een bekend document (document: ...) of vul zelf "
                                                f"{', '.join(missing)} in")


def check_review_date(case: CaseFile, today: dt.date) -> Iterator[Finding]:
    value = case.meta.get("laatst_gecontroleerd")
    try:
        checked = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return  # not an existing date: the schema's date format (schemas.is_date) reports it
    if checked and checked > today:
        yield case.line_of("laatst_gecontroleerd"), f"laatst_gecontroleerd: {value} ligt in de toekomst — vul de datum van vandaag of eerder in"


def review_notice(case: CaseFile, today: dt.date) -> Problem | None:
    """Cases not checked against their source for two years: advice, never a build failure."""
    value = case.meta.get("laatst_gecontroleerd")
    try:
        checked = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if (today - checked).days > REVIEW_INTERVAL_DAYS:
        return Problem(case.display, case.line_of("laatst_gecontroleerd"),
                       f"laatst_gecontroleerd: {value} is meer dan twee jaar geleden — leg de casus opnieuw naast de bron en werk de datum bij",
                       level="melding")
    return None


PLAIN_TEXT_FIELDS = ("titel", "samenvatting", "actualiteit", "contact")


def check_plain_text_fields(case: CaseFile) -> Iterator[Finding]:
    """Titles and summaries are plain text: markup there would show up literally on the site."""
    for field in PLAIN_TEXT_FIELDS:
        value = case.meta.get(field)
        if isinstance(value, str) and HTML_TAG.search(value):
            tag = HTML_TAG.search(value).group(1)
            yield case.line_of(field), f"{field}: HTML-code <{tag}> werkt hier niet en komt letterlijk op de site — schrijf gewone tekst"


# Level of a template leftover: a notice while writing (the case still builds for a preview with
# `make serve`), an error where a pull request is checked (scripts/valideer.py --github).
TEMPLATE_LEFTOVER = "sjabloonrest"


def check_template_leftovers(case: CaseFile, schema: dict) -> Iterator[Finding]:
    """Example values and explanations copied from the template or the fields page.

    The example tags (pillars, instruments, target groups, period) are those of a real case, so
    they count as a leftover only all together and in a case of another municipality."""
    examples = {field: spec["x-voorbeeld"] for field, spec in schema["properties"].items() if "x-voorbeeld" in spec}
    tag_fields = [field for field in ("pijlers", "instrumenten", "doelgroepen", "periode") if field in examples]
    copied_tags = (tag_fields and all(case.meta.get(field) == examples[field] for field in tag_fields)
                   and case.meta.get("gemeenten") != examples.get("gemeenten"))
    for field in ("titel", "samenvatting", "bronnen", *(tag_fields if copied_tags else ())):
        example = examples.get(field)
        if example is not None and case.meta.get(field) == example:
            yield case.line_of(field), f"{field}: dit is nog de voorbeeldwaarde uit het sjabloon — vervang die door de gegevens van uw casus"
    body = " ".join(case.body.split())
    for section in schema.get("x-secties", []):
        explanation = " ".join(section["uitleg"].split())
        if explanation in body:
            yield case.body_line, f"de sectie '## {section['titel']}' bevat nog de uitleg uit het sjabloon — vervang die door uw eigen tekst"
