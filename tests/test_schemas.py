"""The schemas: one dialect (draft-07) that both engines implement, a refusal of anything outside
it, one format function for both, engines that agree on a table of documents, and compiled
validators that belong to the loaded vocabularies."""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import GOOD_CASE, TODAY, write
from kennisbank import paths
from kennisbank.checks import validate
from kennisbank.export import published_schema
from kennisbank.schemas import DIALECT, compile_schema, dialect_findings, is_date
from kennisbank.vocab import load_vocabularies
from kennisbank.yamlsource import parse

SCHEMA_FILES = sorted(paths.TYPOLOGY.glob("*.schema.yml"))


def good_meta() -> dict:
    return yaml.safe_load(GOOD_CASE.split("---\n")[1].replace("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: '2026-11-01'"))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_schema_is_draft_07_and_uses_only_its_keywords(path):
    schema = parse(path.read_text(encoding="utf-8")).data
    assert schema["$schema"] == DIALECT
    assert list(dialect_findings(schema)) == []
    compile_schema(schema)  # both engines accept it


def test_the_published_schema_stays_within_the_dialect(vocab):
    assert list(dialect_findings(published_schema(vocab, ["een-casus"]))) == []


# --- refusing what one engine would silently ignore -------------------------------------------

@pytest.fixture
def typology(tmp_path):
    copy = tmp_path / "typology"
    shutil.copytree(paths.TYPOLOGY, copy)
    return copy


def insert_after(path, anchor: str, text: str) -> int:
    """Insert lines after the line that starts with anchor; returns the line number of the first."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(anchor)) + 1
    lines[index:index] = text.split("\n")
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize("addition,expected", [
    ("dependentRequired: {periode: [status]}",
     "dependentRequired: 'dependentRequired' hoort niet bij JSON Schema draft-07 en zou door een van de twee controles stil "
     "genegeerd worden — gebruik 'dependencies' met een lijst veldnamen"),
    ("unevaluatedProperties: false",
     "unevaluatedProperties: 'unevaluatedProperties' hoort niet bij JSON Schema draft-07 en zou door een van de twee controles "
     "stil genegeerd worden — gebruik 'additionalProperties'"),
    ("$defs: {}",
     "$defs: '$defs' hoort niet bij JSON Schema draft-07 en zou door een van de twee controles stil genegeerd worden — "
     "gebruik 'definitions'"),
])
def test_a_keyword_from_a_later_draft_is_refused_with_file_and_line(typology, addition, expected):
    line = insert_after(typology / "casus.schema.yml", "additionalProperties: false", addition)
    _, problems = load_vocabularies(typology)
    assert [(p.path.endswith("typology/casus.schema.yml"), p.line, p.message) for p in problems] == [(True, line, expected)]


def test_a_nested_unknown_keyword_and_an_unchecked_format_are_refused(typology):
    schema = typology / "instrument.schema.yml"
    text = schema.read_text(encoding="utf-8")
    text = text.replace("  label: {type: string, minLength: 3,", "  label: {type: string, minContains: 1, format: email, minLength: 3,")
    schema.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.split("\n"), 1) if row.startswith("  label:"))
    _, problems = load_vocabularies(typology)
    assert [(p.line, p.message) for p in problems] == [
        (line, "properties/label/minContains: 'minContains' hoort niet bij JSON Schema draft-07 en zou door een van de twee "
               "controles stil genegeerd worden — draft-07 kent alleen 'contains'"),
        (line, "properties/label/format: format 'email' wordt niet gecontroleerd — gebruik date of een 'pattern'"),
    ]


def test_a_schema_of_another_dialect_is_refused(typology):
    schema = typology / "casus.schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace(DIALECT, "https://json-schema.org/draft/2020-12/schema"), encoding="utf-8")
    _, problems = load_vocabularies(typology)
    assert [p.message for p in problems] == [
        "$schema: 'https://json-schema.org/draft/2020-12/schema' — de schema's volgen JSON Schema draft-07, de versie die "
        f"beide controles kennen: schrijf $schema: {DIALECT}"]


def test_a_broken_schema_stops_the_check_with_a_message_not_a_traceback(typology):
    schema = typology / "casus.schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("    minLength: 5\n", "    minLength: vijf\n", 1), encoding="utf-8")
    _, problems = load_vocabularies(typology)
    assert len(problems) == 1 and problems[0].message.startswith("het schema is geen geldig JSON Schema: 'vijf' is not of type")


# --- both engines, one answer ------------------------------------------------------------------

def variant(**changes) -> dict:
    meta = good_meta()
    for key, value in changes.items():
        if value is None:
            meta.pop(key)
        else:
            meta[key] = value
    return meta


# (description, document, valid?) — structure only: vocabulary values are checked elsewhere
DOCUMENTS = [
    ("the good case", variant(), True),
    ("an existing date", variant(laatst_gecontroleerd="2024-02-29"), True),
    ("year 0000", variant(laatst_gecontroleerd="0000-01-01"), False),
    ("30 February", variant(laatst_gecontroleerd="2026-02-30"), False),
    ("month 13", variant(laatst_gecontroleerd="2026-13-01"), False),
    ("a date and a line break", variant(laatst_gecontroleerd="2026-11-01\n"), False),
    ("day-month-year", variant(laatst_gecontroleerd="01-11-2026"), False),
    ("digits of another script", variant(laatst_gecontroleerd="٢٠٢٦-١١-٠١"), False),
    ("a date as a number", variant(laatst_gecontroleerd=20261101), False),
    ("a year written 2018.0", variant(periode={"van": 2018.0}), True),
    ("a year as yes/no", variant(periode={"van": True}), False),
    ("a year as text", variant(periode={"van": "2018"}), False),
    ("'lopend' as end", variant(periode={"van": 2018, "tot": "lopend"}), True),
    ("'Lopend' as end", variant(periode={"van": 2018, "tot": "Lopend"}), False),
    ("an unknown field", variant(kleur="rood"), False),
    ("a missing field", variant(bronnen=None), False),
    ("an empty title", variant(titel=None), False),
    ("a duplicate municipality", variant(gemeenten=["tiel", "tiel"]), False),
    ("five pillars", variant(pijlers=["a", "b", "c", "d", "e"]), False),
    ("a page as text", variant(bronnen=[{"document": "portfolio-2020", "onderdeel": "Tiel", "pagina": "21-23"}]), True),
    ("a url without scheme", variant(bronnen=[{"document": "portfolio-2020", "onderdeel": "Tiel", "url": "www.example.org"}]), False),
    ("a url and a line break", variant(bronnen=[{"document": "portfolio-2020", "onderdeel": "Tiel", "url": "https://x.example\n"}]), True),
    ("a short title in astral characters", variant(titel="😀😀😀😀"), False),
]


@pytest.mark.parametrize("document,valid", [row[1:] for row in DOCUMENTS], ids=[row[0] for row in DOCUMENTS])
def test_both_engines_agree(vocab, document, valid):
    compiled = vocab.case_validator
    assert compiled.is_valid(document) is valid, "fastjsonschema"
    assert (list(compiled.iter_errors(document)) == []) is valid, "jsonschema"


def test_one_date_function_for_both_engines():
    assert [is_date(v) for v in ("2026-11-01", "0001-01-01", "0000-01-01", "2025-02-29", "2026-1-1", 7)] == [
        True, True, False, False, False, True]  # a number is the type check's business


def test_year_zero_is_refused_by_validation_with_a_clear_message(vocab, examples_dir):
    path = write(examples_dir, "nul.md", GOOD_CASE.replace("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 0000-01-01"))
    _, problems = validate([path], vocab, {"nul"}, TODAY)
    assert [f"{p.line}: {p.message}" for p in problems] == [
        "17: laatst_gecontroleerd: '0000-01-01' is geen bestaande datum — controleer jaar, maand en dag (JJJJ-MM-DD; het jaar begint bij 0001)"]


# --- compiled validators belong to the loaded vocabularies --------------------------------------

def test_each_load_compiles_its_own_schema(typology):
    first, problems = load_vocabularies(typology)
    assert problems == [] and first.case_validator.schema is first.case_schema
    schema = typology / "casus.schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("    maxLength: 120\n", "    maxLength: 20\n", 1), encoding="utf-8")
    second, problems = load_vocabularies(typology)
    assert problems == []
    long_title = variant(titel="Een titel van meer dan twintig tekens")
    assert first.case_validator.is_valid(long_title) and not second.case_validator.is_valid(long_title)
    assert first.case_validator.is_valid(long_title), "the first vocabularies keep their own validator"
