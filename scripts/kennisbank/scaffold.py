"""The case template, generated from the schema: one field per schema property, its description
as a comment, its example as the value, and the fixed sections. Used for examples/_sjabloon.md
and by `make casus`, so the template can never drift from the validator.
"""
from __future__ import annotations

import datetime as dt
import textwrap

import yaml

from .vocab import Municipality, Vocabularies

SCHEMA_HINT = "# yaml-language-server: $schema={schema_url}"


def _value(example) -> str:
    dumped = yaml.safe_dump(example, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False).strip()
    return dumped[:-4].strip() if dumped.endswith("\n...") or dumped.endswith(" ...") else dumped


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(" ".join(text.split()), 96, break_on_hyphens=False)]


# Vocabulary fields whose choice depends on the case: left empty in the template, so no example
# tag slips through unnoticed. Longer lists are named by where to find them, not spelled out.
LIST_IN_COMMENT_UP_TO = 30
WHERE_TO_CHOOSE = {
    "instrumenten": "Kies uit de pagina Instrumenten van de site (de bestandsnamen in typology/instrumenten/, zonder .yml).",
    "gemeenten": "Kies uit de pagina Gemeenten van de site.",
}


def _tag_vocabulary(spec: dict) -> str | None:
    """The vocabulary of a list-of-terms field (pijlers, instrumenten, ...), if it is one."""
    if spec.get("type") == "array" and isinstance(spec.get("items"), dict):
        return spec["items"].get("x-vocabulaire")
    return None


def _choices(vocab: Vocabularies, spec: dict) -> str:
    vocabulary = _tag_vocabulary(spec) or spec.get("x-vocabulaire")
    allowed = spec.get("enum") or (sorted(vocab.terms(vocabulary)) if vocabulary and vocabulary != "casussen" else None)
    if vocabulary in WHERE_TO_CHOOSE or (allowed and len(allowed) > LIST_IN_COMMENT_UP_TO):
        return WHERE_TO_CHOOSE.get(vocabulary, "")
    return f"Kies uit: {', '.join(allowed)}." if allowed else ""


def template_text(vocab: Vocabularies, schema_url: str, values: dict | None = None,
                  notes: dict[str, str] | None = None, today: dt.date | None = None) -> str:
    """Front matter and body skeleton. `values` override examples; `notes` add a comment per field.

    Lists of terms (pijlers, instrumenten, ...) start empty, optional fields commented out: only
    plain-text fields carry an example, which the validator recognises as a leftover. The schema
    hint for editors is written only when the site's address is known (schema_url)."""
    schema = vocab.case_schema
    values = dict(values or {})
    notes = notes or {}
    if today:
        values.setdefault("laatst_gecontroleerd", today.isoformat())
    required = set(schema.get("required", []))
    lines = ["---"] + ([SCHEMA_HINT.format(schema_url=schema_url)] if schema_url else [])
    for name, spec in schema["properties"].items():
        if len(lines) > 1:
            lines.append("")
        lines += _comment(("Verplicht. " if name in required else "") + spec.get("description", ""))
        if name in notes:
            lines += _comment(notes[name])
        choices = _choices(vocab, spec)
        if choices:
            lines += _comment(choices)
        if name in values:
            value = values[name]
        elif _tag_vocabulary(spec):
            value = [] if name in required else None
        elif name not in required:
            value = None
        else:
            value = spec.get("x-voorbeeld")
        if value is None:
            example = spec.get("x-voorbeeld")
            shown = _value(example) if example is not None and not _tag_vocabulary(spec) else ""
            lines.append(f"# {name}: {shown}")
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            # a list of groups (bronnen) reads best as a block, one field per line
            lines.append(f"{name}:")
            for item in value:
                for n, (key, item_value) in enumerate(item.items()):
                    lines.append(f"  {'- ' if n == 0 else '  '}{key}: {_value(item_value)}")
        elif isinstance(value, str) and len(value) > 80:
            lines.append(f"{name}: >-")
            lines += ["  " + line for line in textwrap.wrap(value, 94)]
        else:
            lines.append(f"{name}: {_value(value)}")
    lines.append("---")
    for section in schema.get("x-secties", []):
        lines += ["", f"## {section['titel']}", "", " ".join(section["uitleg"].split())]
    return "\n".join(lines) + "\n"


def municipality_notes(municipality: Municipality, vocab: Vocabularies) -> dict[str, str]:
    """What the registry knows, as advice: the source's filing (wrr_typen) is never inferred."""
    if municipality.claims:
        known = ", ".join(f"{vocab.wrr_typen[c['type']]['label']} ({vocab.grondslagen[c['basis']]['label'][:1].lower()}{vocab.grondslagen[c['basis']]['label'][1:]})"
                          for c in municipality.claims)
        note = f"Volgens de gemeentelijst is {municipality.name} ({municipality.code}): {known}. Vul wrr_typen alleen in als uw bron de casus zo indeelt."
    else:
        indication = f"; de site toont als indicatie {vocab.wrr_typen[municipality.indication]['label']} (berekend uit CBS-cijfers 2017)" if municipality.indication else ""
        note = f"De bronnen noemen geen WRR-type voor {municipality.name} ({municipality.code}){indication}. Vul wrr_typen alleen in als uw bron de casus indeelt."
    return {"wrr_typen": note, "gemeenten": f"{municipality.name}, {municipality.province}, CBS-code {municipality.code}."}
