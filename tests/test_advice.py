"""Advice on tags, status and abbreviations; the `toepassing` field; the glossary.

Advice is a notice ('melding'), never an error: one table per rule of cases where it fires and
cases where it must stay silent."""
from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from conftest import GOOD_CASE, TODAY, write
from kennisbank.advice import status_against_period, unknown_abbreviations, untagged_mentions
from kennisbank.build import generate
from kennisbank.casefile import read_case
from kennisbank.checks import validate
from kennisbank.problems import Problem
from kennisbank.tagwords import glossary_entries_in, load_abbreviations, load_keywords
from kennisbank.words import abbreviations, contains_phrase
from kennisbank import paths

BODY_LINE = 22  # the text under '## Aanleiding' in GOOD_CASE (line 20 is the heading)


def case_with(examples_dir, body_text: str = "Tekst.", **replace):
    text = GOOD_CASE.replace("## Aanleiding\n\nTekst.", "## Aanleiding\n\n" + body_text, 1)
    for old, new in replace.items():
        text = text.replace(old.replace("_", " "), new, 1)
    return read_case(write(examples_dir, "goed.md", text))


# --- whole words -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,keyword,found", [
    ("Het totaal steeg.", "taal", False),          # the bug of the finder: a word inside a word
    ("Een taalhuis in de bibliotheek.", "taal", False),
    ("Lessen in twee talen.", "taal", True),       # plural with a single vowel
    ("Taal is de sleutel.", "taal", True),
    ("Alle gesprekken waren open.", "gesprek", True),
    ("Veel vluchtelingen vonden werk.", "vluchteling", True),
    ("Homogene wijken.", "homo", False),
    ("Tijdelijke   werknemers uit de EU.", "tijdelijke werknemer", True),
    ("Huizen in de wijk.", "huis", True),
    ("De VVE-locatie.", "VVE", False),              # a keyword is a whole word, not the start of a compound
    ("Het vve-programma.", "voorschool", False),
])
def test_keywords_match_whole_words_and_their_forms(text, keyword, found):
    assert contains_phrase(text, keyword) is found


@pytest.mark.parametrize("text,expected", [
    ("De VVE en het CJG, met de JGZ.", ["VVE", "CJG", "JGZ"]),
    ("VVE-locaties en CJG's.", ["VVE", "CJG"]),
    ("Een WRR-rapport, deel II en IV.", ["WRR"]),   # Roman numerals are not abbreviations
    ("De IJssel en Wmo en B1.", []),                # not 2-6 capitals as a word of their own
    ("ABCDEFG is te lang.", []),
])
def test_abbreviations_are_two_to_six_capitals(text, expected):
    assert abbreviations(text) == expected


# --- untagged mentions -------------------------------------------------------------------------

@pytest.mark.parametrize("body,field,slug,fires", [
    ("Inwoners kunnen terecht in het taalhuis van de bibliotheek.", "instrumenten", "taalhuis", True),
    ("De gemeente hield dialoogtafels in drie wijken.", "instrumenten", "dialoogtafels", True),
    ("De gemeente tekende het Charter\nDiversiteit in 2019.", "instrumenten", "charter-diversiteit", True),  # across a line break
    ("Het totaal aantal deelnemers steeg.", "pijlers", "inburgering-taal", False),
    ("Lessen in de Nederlandse taal voor nieuwkomers.", "pijlers", "inburgering-taal", True),
    ("Lessen in de Nederlandse taal voor nieuwkomers.", "doelgroepen", "nieuwkomers", True),
    ("Veel vluchtelingen vonden werk.", "doelgroepen", "statushouders", True),
    ("Een homogene buurt.", "doelgroepen", "lhbti", False),
    ("De aanpak richt zich op arbeidsmigranten.", "doelgroepen", "arbeidsmigranten", False),  # tagged already
    ("Woningen voor arbeidsmigranten.", "pijlers", "wonen-leefbaarheid", False),  # tagged already
    ("```\nhet taalhuis\n```", "instrumenten", "taalhuis", False),  # code is not text
    ("Zie [de nota](https://example.org/taalhuis).", "instrumenten", "taalhuis", False),  # nor a link target
])
def test_untagged_mention_advice(vocab, examples_dir, body, field, slug, fires):
    case = case_with(examples_dir, body)
    found = [(line, message) for line, message in untagged_mentions(case, vocab) if message.startswith(f"{field}:") and f"'{slug}'" in message]
    assert bool(found) is fires, list(untagged_mentions(case, vocab))
    if fires:
        assert found[0][0] == BODY_LINE
        assert f"staat niet in {field}" in found[0][1]


def test_untagged_mention_points_at_the_first_line_that_names_it(vocab, examples_dir):
    case = case_with(examples_dir, "Eerst iets anders.\n\nDan het taalhuis.\n\nNog eens het taalhuis.")
    found = [line for line, message in untagged_mentions(case, vocab) if "'taalhuis'" in message]
    assert found == [BODY_LINE + 2]


# --- status against period ---------------------------------------------------------------------

@pytest.mark.parametrize("period,status,fires", [
    ("{van: 2010, tot: 2011}", "lopend", True),
    ("{van: 2010, tot: 2025}", "lopend", True),
    ("{van: 2010, tot: 2026}", "lopend", False),   # ends this year: may still run
    ("{van: 2010, tot: lopend}", "lopend", False),
    ("{van: 2010, tot: 2011}", "afgerond", False),
    ("{van: 2010}", "lopend", False),
    ("{tot: 2011}", "lopend", False),              # a broken period is an error, not advice
])
def test_status_against_period(examples_dir, period, status, fires):
    case = case_with(examples_dir, **{"periode: {van: 2018, tot: lopend}": f"periode: {period}", "status: lopend": f"status: {status}"})
    found = list(status_against_period(case, TODAY))
    assert bool(found) is fires
    if fires:
        assert found[0][0] == 11 and found[0][1].startswith("status: 'lopend', maar de periode eindigde in")


# --- abbreviations -----------------------------------------------------------------------------

GLOSSARY = {"VVE": {"afkorting": "VVE", "voluit": "voor- en vroegschoolse educatie", "anker": "vve"}}


@pytest.mark.parametrize("body,expected", [
    ("Kinderen gaan naar de VVE.", []),
    ("Het CJG geeft voorlichting.", [(BODY_LINE, "CJG")]),
    ("Het CJG en nog eens het CJG.\n\nDe NCTV.", [(BODY_LINE, "CJG"), (BODY_LINE + 2, "NCTV")]),
    ("`APV` in code telt niet.", []),
    ("Het tweede deel (II) en de IJssel.", []),
])
def test_unknown_abbreviation_advice(examples_dir, body, expected):
    case = case_with(examples_dir, body)
    found = list(unknown_abbreviations(case, GLOSSARY))
    assert [(line, message.split("'")[1]) for line, message in found] == expected


def test_abbreviation_in_the_summary_points_at_the_summary(examples_dir):
    case = case_with(examples_dir, **{"Een voorbeeld van een goede casus": "Een voorbeeld met de APV van een goede casus"})
    assert [line for line, _ in unknown_abbreviations(case, GLOSSARY)] == [3]


def test_advice_is_a_notice_and_never_an_error(vocab, examples_dir):
    case_with(examples_dir, "Het XYZQ-taalhuis en het taalhuis.", **{"periode: {van: 2018, tot: lopend}": "periode: {van: 2010, tot: 2012}"})
    _, problems = validate([examples_dir / "goed.md"], vocab, {"goed"}, TODAY)
    assert problems and {p.level for p in problems} == {"melding"}
    assert {p.message.split(":")[0] for p in problems} >= {"instrumenten", "status", "afkorting 'XYZQ' staat niet in de woordenlijst — voeg haar toe aan typology/afkortingen.yml (afkorting, voluit en eventueel uitleg) en schrijf haar bij het eerste gebruik voluit"}


def test_the_real_glossary_covers_known_abbreviations(vocab):
    for word in ("VVE", "CJG", "JGZ", "NCTV", "APV"):
        assert word in vocab.afkortingen and vocab.afkortingen[word]["voluit"]
    assert vocab.afkortingen["VVE"]["anker"] != vocab.afkortingen["VvE"]["anker"]
    assert [e["afkorting"] for e in glossary_entries_in("De VVE-locatie en een VvE.", vocab.afkortingen)] == ["VVE", "VvE"]


# --- the glossary and keyword files are validated ---------------------------------------------

@pytest.mark.parametrize("content,expected", [
    ("- afkorting: VVE\n  voluit: voor- en vroegschoolse educatie\n", []),
    ("- afkorting: VVE\n", [(1, "voluit")]),
    ("- afkorting: VVE\n  voluit: voor- en vroegschoolse educatie\n  uitleeg: x\n", [(3, "uitleeg")]),
    ("- afkorting: VVE\n  voluit: voor- en vroegschoolse educatie\n- afkorting: VVE\n  voluit: iets anders\n", [(3, "twee keer")]),
])
def test_glossary_file_is_validated(tmp_path, content, expected):
    path = write(tmp_path, "afkortingen.yml", content)
    problems: list[Problem] = []
    load_abbreviations(path, paths.TYPOLOGY / "afkortingen.schema.yml", problems)
    assert [(p.line, word) for p, (_, word) in zip(problems, expected) if word in p.message] == expected
    assert len(problems) == len(expected), problems


def test_keyword_file_names_existing_terms_only(tmp_path, vocab):
    path = write(tmp_path, "trefwoorden.yml", "doelgroepen:\n  statushouders: [vluchteling]\n  bestaat-niet: [x]\npijlers:\n  emancipatie: [Hoofdletter]\n")
    problems: list[Problem] = []
    keywords = load_keywords(path, vocab, problems)
    assert keywords["doelgroepen"] == {"statushouders": ["vluchteling"]}
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "doelgroepen"), (5, "pijlers.emancipatie")]


# --- toepassing: schema, validation, pages and exports ----------------------------------------

@pytest.mark.parametrize("toepassing,expected", [
    ('toepassing:\n  leefbaarheidstoets: "Toets bij elke nieuwe woning in de straat."\n', []),
    ('toepassing:\n  taalhuis: "Een taalhuis in de bibliotheek."\n', ["goed.md:10: toepassing.taalhuis: 'taalhuis' staat niet in instrumenten"]),
    ('toepassing:\n  leefbaarheidstoets: "Kort"\n', ["goed.md:10: toepassing.leefbaarheidstoets: te kort"]),
    ('toepassing:\n  leefbaarheidstoets: "' + "x" * 201 + '"\n', ["goed.md:10: toepassing.leefbaarheidstoets: te lang"]),
    ("toepassing: [leefbaarheidstoets]\n", ["goed.md:9: toepassing: verwacht"]),
])
def test_toepassing_keys_must_be_instruments_of_the_case(vocab, examples_dir, toepassing, expected):
    write(examples_dir, "goed.md", GOOD_CASE.replace("doelgroepen:", toepassing + "doelgroepen:", 1))
    _, problems = validate([examples_dir / "goed.md"], vocab, {"goed"}, TODAY)
    found = [f"goed.md:{p.line}: {p.message}" for p in problems if p.level == "fout"]
    assert len(found) == len(expected), found
    for message, start in zip(found, expected):
        assert message.startswith(start), message


@pytest.fixture(scope="module")
def site_with_toepassing(tmp_path_factory, shared_typology):
    root = tmp_path_factory.mktemp("toepassing")
    examples = root / "examples"
    examples.mkdir()
    text = GOOD_CASE.replace("doelgroepen:", 'toepassing:\n  leefbaarheidstoets: "Toets <b>elke</b> nieuwe bewoner op de leefbaarheid van de straat."\ndoelgroepen:', 1)
    text = text.replace("## Aanpak\n\nTekst.", "## Aanpak\n\nMet het CJG en de VVE.", 1)
    write(examples, "tiel-toets.md", text)
    write(examples, "tiel-zonder.md", GOOD_CASE)
    out = root / "docs"
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    return out


def test_instrument_page_shows_each_case_line_as_plain_text(site_with_toepassing):
    page = (site_with_toepassing / "instrumenten" / "leefbaarheidstoets.md").read_text(encoding="utf-8")
    rows = [line for line in page.split("<li>") if "casussen/tiel-" in line]
    with_line = next(r for r in rows if "casussen/tiel-toets/" in r)
    without = next(r for r in rows if "casussen/tiel-zonder/" in r)
    assert "Toets &lt;b&gt;elke&lt;/b&gt; nieuwe bewoner op de leefbaarheid van de straat." in with_line  # escaped, never markup
    assert "kb-toepassing" not in without


def test_case_page_shows_the_line_next_to_the_instrument_and_links_the_glossary(site_with_toepassing):
    page = (site_with_toepassing / "casussen" / "tiel-toets.md").read_text(encoding="utf-8")
    assert 'Leefbaarheidstoets</a>: <span class="kb-toepassing">Toets &lt;b&gt;elke' in page
    assert '<a href="../../afkortingen/#cjg">CJG</a> (Centrum voor Jeugd en Gezin)' in page
    assert '<a href="../../afkortingen/#vve">VVE</a>' in page
    assert "afkortingen/" not in (site_with_toepassing / "casussen" / "tiel-zonder.md").read_text(encoding="utf-8")


def test_glossary_page_lists_every_entry(site_with_toepassing, vocab):
    page = (site_with_toepassing / "afkortingen.md").read_text(encoding="utf-8")
    for entry in vocab.afkortingen.values():
        assert f'<dt id="{entry["anker"]}">' in page and entry["voluit"].replace("'", "&#39;") in page


def test_exports_carry_toepassing(site_with_toepassing):
    data = site_with_toepassing / "data"
    records = {r["id"]: r for r in json.loads((data / "casussen.json").read_text(encoding="utf-8"))}
    assert records["tiel-toets"]["toepassing"] == {"leefbaarheidstoets": "Toets <b>elke</b> nieuwe bewoner op de leefbaarheid van de straat."}
    assert records["tiel-zonder"]["toepassing"] == {}
    rows = list(csv.DictReader(io.StringIO((data / "casussen.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {r["id"]: r["toepassing"] for r in rows}["tiel-toets"].startswith("leefbaarheidstoets: Toets")
    glossary = json.loads((data / "vocabulaires.json").read_text(encoding="utf-8"))["afkortingen"]
    assert glossary["VVE"]["voluit"] == "voor- en vroegschoolse educatie"


def test_published_schema_offers_instrument_slugs_as_toepassing_keys(vocab):
    from kennisbank.export import published_schema
    field = published_schema(vocab)["properties"]["toepassing"]
    assert field["propertyNames"]["enum"] == sorted(vocab.instrumenten)
    validator = jsonschema.Draft7Validator(field)
    assert validator.is_valid({"taalhuis": "Een regel over het taalhuis in de bibliotheek."})
    assert not validator.is_valid({"bestaat-niet": "Een regel over iets dat er niet is."})
