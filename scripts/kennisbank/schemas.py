"""The JSON Schemas in typology/: one dialect, compiled once for both validation engines.

fastjsonschema compiles a schema to Python and answers yes or no for thousands of cases;
jsonschema runs only on a document that fails, to explain every error precisely. Both must apply
the same rules, so:
  - the dialect is JSON Schema draft-07, the newest that fastjsonschema implements;
  - loading refuses a keyword outside draft-07 (an engine that does not know a keyword ignores it,
    and a rule that no case can fail is worse than no rule) and a format we do not check ourselves;
  - each format is one function, handed to both engines.
The compiled validators live on the object that holds the schema (Vocabularies), never in a cache
keyed on id(): a rebuild under `mkdocs serve` loads a new schema and must not get an old validator.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import fastjsonschema
import jsonschema

from .problems import Problem

DIALECT = "http://json-schema.org/draft-07/schema#"

# Every keyword of draft-07 (validation and annotation). Keys starting with 'x-' are the project's
# own annotations (x-vocabulaire, x-voorbeeld, ...): engines ignore them, the generator reads them.
KEYWORDS = frozenset({
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly", "writeOnly", "examples",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
    "required", "additionalProperties", "definitions", "properties", "patternProperties", "dependencies",
    "propertyNames", "const", "enum", "type", "format", "contentMediaType", "contentEncoding",
    "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
})
# where draft-07 expects a schema, a list of schemas, or a mapping of names to schemas
ONE_SCHEMA = frozenset({"additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else", "items"})
SCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "items"})
SCHEMA_MAP = frozenset({"properties", "patternProperties", "definitions", "dependencies"})
# what a contributor or editor probably meant, for the keywords of later drafts
LATER_DRAFTS = {
    "$defs": "gebruik 'definitions'",
    "dependentRequired": "gebruik 'dependencies' met een lijst veldnamen",
    "dependentSchemas": "gebruik 'dependencies' met een schema",
    "prefixItems": "gebruik 'items' met een lijst schema's",
    "unevaluatedProperties": "gebruik 'additionalProperties'",
    "unevaluatedItems": "gebruik 'additionalItems'",
    "minContains": "draft-07 kent alleen 'contains'",
    "maxContains": "draft-07 kent alleen 'contains'",
    "$anchor": "verwijs met '$ref' naar een pad",
    "$dynamicRef": "gebruik '$ref'",
    "$dynamicAnchor": "gebruik '$ref'",
    "$recursiveRef": "gebruik '$ref'",
    "$recursiveAnchor": "gebruik '$ref'",
    "$vocabulary": "laat dit weg",
}

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_date(value) -> bool:
    """format: date — JJJJ-MM-DD and a day that exists (year 0001 or later). Formats apply to
    strings only; another type is the 'type' keyword's business."""
    if not isinstance(value, str):
        return True
    if not DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:  # month 13, 30 February, year 0000
        return False
    return True


FORMATS: dict[str, Callable[[object], bool]] = {"date": is_date}


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, function in FORMATS.items():
        checker.checks(name)(function)
    return checker


# fastjsonschema reads an unescaped '$' in 'pattern' as the very end of the text (\Z), so that
# a date followed by a line break does not pass '^...$'; Python's re (and so jsonschema) would.
# The precise engine gets the same reading.
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not re.search(UNESCAPED_DOLLAR.sub(r"\\Z", pattern), instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


PreciseValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


def dialect_findings(schema) -> Iterator[tuple[tuple, str]]:
    """(path of the offending key, Dutch message) for everything outside draft-07 and our formats."""
    if not isinstance(schema, dict):
        yield (), "een schema bestaat uit regels 'sleutelwoord: waarde'"
        return
    if schema.get("$schema") != DIALECT:
        yield ("$schema",), (f"$schema: '{schema.get('$schema', '')}' — de schema's volgen JSON Schema draft-07, "
                             f"de versie die beide controles kennen: schrijf $schema: {DIALECT}")

    def walk(node, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(node, bool):
            return
        if not isinstance(node, dict):
            yield path, f"{'/'.join(map(str, path)) or 'schema'}: verwacht een schema (sleutelwoord: waarde)"
            return
        for key, value in node.items():
            where = path + (key,)
            if key.startswith("x-"):
                continue
            if key not in KEYWORDS:
                hint = LATER_DRAFTS.get(key, "kies een sleutelwoord uit draft-07 of begin een eigen aanduiding met x-")
                yield where, (f"{'/'.join(map(str, where))}: '{key}' hoort niet bij JSON Schema draft-07 en zou door een "
                              f"van de twee controles stil genegeerd worden — {hint}")
                continue
            if key == "format" and value not in FORMATS:
                yield where, (f"{'/'.join(map(str, where))}: format '{value}' wordt niet gecontroleerd — "
                              f"gebruik {', '.join(FORMATS)} of een 'pattern'")
            if key in SCHEMA_MAP and isinstance(value, dict):
                for name, child in value.items():
                    if not (key == "dependencies" and isinstance(child, list)):
                        yield from walk(child, where + (name,))
            elif key in SCHEMA_LIST and isinstance(value, list):
                for i, child in enumerate(value):
                    yield from walk(child, where + (i,))
            elif key in ONE_SCHEMA:
                yield from walk(value, where)

    yield from walk(schema, ())


@dataclass
class CompiledSchema:
    """A schema with its two validators: fast yes/no, and precise errors for a failing document."""
    schema: dict
    fast: Callable[[object], object]
    precise: jsonschema.protocols.Validator

    def is_valid(self, data) -> bool:
        try:
            self.fast(data)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def iter_errors(self, data):
        return self.precise.iter_errors(data)


def compile_schema(schema: dict) -> CompiledSchema:
    """Both validators for a draft-07 schema (raises on a schema the engines cannot compile)."""
    jsonschema.Draft7Validator.check_schema(schema)
    fast = fastjsonschema.compile(schema, formats=FORMATS)
    return CompiledSchema(schema, fast, PreciseValidator(schema, format_checker=_format_checker()))


ACCEPT_ALL = {"$schema": DIALECT}


def load_schema(doc, where: str, problems: list[Problem]) -> CompiledSchema:
    """A parsed schema file (YamlDocument), checked for its dialect and compiled. Problems are
    reported with file and line; the validators then accept everything (the build stops on the
    problems), while the schema itself stays available to the rest of the loading."""
    schema = doc.data if isinstance(doc.data, dict) else {}
    found = [Problem(where, doc.line_of(key_path), message) for key_path, message in dialect_findings(doc.data)]
    if not found:
        try:
            return compile_schema(schema)
        except (jsonschema.SchemaError, fastjsonschema.JsonSchemaDefinitionException, re.error) as error:
            found = [Problem(where, 1, f"het schema is geen geldig JSON Schema: {getattr(error, 'message', error)}")]
    problems.extend(found)
    accept_all = compile_schema(ACCEPT_ALL)
    return CompiledSchema(schema, accept_all.fast, accept_all.precise)
