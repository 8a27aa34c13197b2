"""Turning schema errors into Dutch messages, and suggesting the value that was probably meant.

Shared by the case validator and the vocabulary loader, so every message reads the same way.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import jsonschema

from .casefile import slugify

TYPE_NAMES = {"string": "tekst", "integer": "een geheel getal", "array": "een lijst", "object": "een groep velden (veld: waarde)", "number": "een getal", "boolean": "ja of nee"}


def suggest(value: str, options: Iterable[str]) -> str | None:
    """The closest option: a near spelling, else one that contains the value ('expat')."""
    options = list(options)
    matches = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    needle = slugify(value)
    containing = sorted((o for o in options if needle and len(needle) >= 3 and needle in o), key=len)
    return containing[0] if containing else None


def did_you_mean(value, options) -> str:
    match = suggest(str(value), options) if isinstance(value, str) else None
    return f" — bedoelde je '{match}'?" if match else ""


def shown(value) -> str:
    """A value as the contributor wrote it; an empty field is named as such, not as Python's None."""
    return "een leeg veld" if value is None else repr(value)


def field_name(path) -> str:
    """('bronnen', 0, 'url') -> 'bronnen[1].url' (items counted from 1, as people count)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "front matter"


def schema_message(error: jsonschema.ValidationError, schema: dict, line_of: Callable[[tuple], int], first_line: int) -> tuple[int, str]:
    """One jsonschema error as (line, Dutch message naming the field, the bad value and the fix)."""
    path = tuple(error.absolute_path)
    field = field_name(path)
    line = line_of(path)
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        description = schema.get("properties", {}).get(missing, {}).get("description", "")
        where = f"{field}: " if path else ""
        return first_line if not path else line, f"{where}het verplichte veld '{missing}' ontbreekt — {description}".rstrip(" —")
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        name = extra[0]
        known = error.schema.get("properties", {})
        hint = did_you_mean(name, known) or f" — toegestaan zijn: {', '.join(known)}"
        return line_of(path + (name,)), f"{field_name(path + (name,))}: onbekend veld '{name}'{hint}"
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        if expected == "array" and isinstance(value, str):
            return line, f"{field}: verwacht een lijst, maar kreeg de tekst '{value}' — schrijf [{value}]"
        if expected == "string" and isinstance(value, (int, float)) and path[-1:] != () and path[0] == "laatst_gecontroleerd":
            return line, f"{field}: '{value}' is geen datum — schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-23"
        if expected == "integer" and isinstance(value, str) and value.strip().isdigit():
            return line, f"{field}: '{value}' staat tussen aanhalingstekens — schrijf het jaartal als getal, zonder aanhalingstekens: {value.strip()}"
        return line, f"{field}: verwacht {TYPE_NAMES.get(expected, expected)}, maar kreeg {shown(value)}"
    if kind == "minItems":
        return line, f"{field}: noem er minstens {error.validator_value}"
    if kind == "maxItems":
        return line, f"{field}: noem er hooguit {error.validator_value} (nu {len(value)}) — kies de belangrijkste"
    if kind == "minLength":
        return line, f"{field}: te kort ({len(value)} tekens, minimaal {error.validator_value})"
    if kind == "maxLength":
        return line, f"{field}: te lang ({len(value)} tekens, maximaal {error.validator_value}) — kort de tekst in"
    if kind == "uniqueItems":
        seen = set()
        duplicate = next((v for v in value if repr(v) in seen or seen.add(repr(v))), value)
        return line, f"{field}: '{duplicate}' staat er twee keer in — laat er één staan"
    if kind == "enum":
        options = error.validator_value
        return line, f"{field}: '{value}' is geen geldige waarde{did_you_mean(value, options)} (kies uit: {', '.join(options)})"
    if kind in ("minimum", "maximum"):
        return line, f"{field}: {value} is geen plausibel jaartal"
    if kind == "pattern" and path and path[0] == "laatst_gecontroleerd":
        return line, f"{field}: '{value}' is geen datum in de vorm JJJJ-MM-DD — schrijf bijvoorbeeld 2026-11-23"
    if kind == "pattern" and path and path[-1] == "url":
        return line, f"{field}: '{value}' is geen webadres — een url begint met https:// of http://"
    if kind == "format":
        return line, f"{field}: '{value}' is geen bestaande datum — controleer jaar, maand en dag (JJJJ-MM-DD; het jaar begint bij 0001)"
    if kind == "anyOf" and path[-1:] == ("tot",):
        return line, f"{field}: '{value}' is geen jaartal of 'lopend' — schrijf bijvoorbeeld tot: 2022 of tot: lopend"
    return line, f"{field}: {error.message}"
