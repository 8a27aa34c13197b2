"""Open data, feed and print: the exports validate against their schemas, the CSV opens in Dutch
Excel and neutralises formulas, the Atom feed validates against RFC 4287, print hides navigation."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
import rnc2rng
from lxml import etree

from conftest import GOOD_CASE, TODAY, write
from kennisbank import paths
from kennisbank.build import generate
from kennisbank.checks import case_paths
from kennisbank.export import neutralise_formula

ATOM = "{http://www.w3.org/2005/Atom}"


def load_json(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def test_cases_json_validates_against_its_published_schema(site):
    schema = load_json(site, "casussen.schema.json")
    records = load_json(site, "casussen.json")
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).validate(records)
    assert {r["id"] for r in records} == {p.stem for p in case_paths(paths.EXAMPLES)}


def test_every_record_carries_all_its_fields(site, vocab):
    records = {r["id"]: r for r in load_json(site, "casussen.json")}
    tiel = records["tiel-huisvesting-arbeidsmigranten"]
    assert tiel["url"] == "casussen/tiel-huisvesting-arbeidsmigranten/"
    assert tiel["gemeenten"][0]["code"] == "GM0281" and tiel["gemeenten"][0]["provincie"] == "Gelderland"
    assert tiel["bronnen"][0]["titel"].startswith("De Nieuwe Verscheidenheid") and tiel["bronnen"][0]["jaar"] == 2020
    assert tiel["facetten"]["type"] == ["specifieke-minderheidsgroep"]


def test_vocabularies_json_has_every_term(site, vocab):
    data = load_json(site, "vocabulaires.json")
    assert set(data["instrumenten"]) == set(vocab.instrumenten)
    assert set(data["wrr_typen"]) == set(vocab.wrr_typen)
    assert all(not key.startswith("_") for term in data["instrumenten"].values() for key in term)


def test_csv_opens_in_dutch_excel(site):
    raw = (site / "data" / "casussen.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")), "a byte order mark makes Excel read UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "url", "titel"]
    assert len(rows) - 1 == len(load_json(site, "casussen.json"))
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("value,expected", [("=SUM(A1)", "'=SUM(A1)"), ("+31 70", "'+31 70"), ("-5", "'-5"), ("@x", "'@x"),
                                            ("Tiel", "Tiel"), ("2018", "2018")])
def test_formulas_are_neutralised(value, expected):
    assert neutralise_formula(value) == expected


def test_a_hostile_title_is_neutralised_in_the_csv(tmp_path, shared_typology):
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "goed.md", GOOD_CASE.replace("titel: Voorbeeldstad organiseert dialoogtafels", "titel: '=HYPERLINK(\"http://x\")'"))
    out = tmp_path / "docs"
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    rows = list(csv.reader(io.StringIO((out / "data" / "casussen.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")"


@pytest.fixture(scope="module")
def atom_schema():
    rng = rnc2rng.dumps(rnc2rng.load(str(Path(__file__).parent / "fixtures" / "atom.rnc")))
    return etree.RelaxNG(etree.fromstring(rng.replace(' xmlns:local=""', "").encode()))


def test_feed_validates_against_rfc_4287(site, atom_schema):
    feed = etree.parse(str(site / "feed.xml"))
    assert atom_schema.validate(feed), atom_schema.error_log
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True), "newest first"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_schema_rejects_a_broken_feed(atom_schema):
    broken = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>gisteren</updated></feed>')
    assert not atom_schema.validate(broken)


def test_feed_dates_come_from_the_review_date(site):
    feed = etree.parse(str(site / "feed.xml"))
    records = {r["url"]: r for r in load_json(site, "casussen.json")}
    for entry in feed.findall(f"{ATOM}entry"):
        url = entry.find(f"{ATOM}link").get("href").split("/", 3)[3]
        assert entry.findtext(f"{ATOM}updated") == records[url]["laatst_gecontroleerd"] + "T00:00:00Z"


def test_portfolio_per_type_holds_every_filed_case_with_its_text(site, vocab):
    records = load_json(site, "casussen.json")
    for slug in vocab.wrr_typen:
        filed = {r["id"] for r in records if slug in r["wrr_typen"]}
        if not filed:
            continue
        pages = sorted((site / "portfolio").glob(f"{slug}*/index.html"))
        html = "".join(p.read_text(encoding="utf-8") for p in pages)
        for case_id in filed:
            assert f'id="{case_id}"' in html, (slug, case_id)
        assert "Lessen en randvoorwaarden" in html


@pytest.mark.browser
def test_a_case_prints_on_a4_without_navigation(web, tmp_path):
    page = web.open("/casussen/tiel-huisvesting-arbeidsmigranten/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".kb-acties"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    pdf = tmp_path / "casus.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    content = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", content)
    assert content.startswith(b"%PDF") and boxes
    assert all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes), "A4: 595 x 842 points"


def test_coverage_matrix_counts_match_the_data_and_link_to_the_finder(site, vocab):
    records = load_json(site, "casussen.json")
    tree = etree.HTML((site / "dekking" / "index.html").read_bytes())
    rows = tree.xpath("//table[contains(@class, 'kb-dekking')]/tbody/tr")
    assert len(rows) == len(vocab.wrr_typen)
    for row, type_slug in zip(rows, vocab.wrr_typen):
        cells = row.xpath("./td")[:-1]
        for cell, pillar in zip(cells, vocab.pijlers):
            expected = sum(1 for r in records if type_slug in r["typen"] and pillar in r["pijlers"])  # the type by the one rule
            link = cell.xpath("./a")[0]
            if expected:
                assert link.text == str(expected), (type_slug, pillar)
                assert link.get("href").endswith(f"zoeken/?type={type_slug}&pijler={pillar}")
            else:
                assert "kb-leeg" in link.get("class") and link.get("href").endswith("bijdragen/"), (type_slug, pillar)
