"""Finding without friction (issue 13), without a browser: whole-word synonyms, the finder's
names, a build without the site's address, template leftovers in CI, WRR in capitals."""
from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from conftest import TODAY, run_script
from kennisbank import paths
from kennisbank.synonyms import added_synonyms

GROUPS = [["taal", "taalles", "laaggeletterdheid", "nederlands leren"], ["lhbti", "homo", "transgender"],
          ["statushouder", "vluchteling"]]


# --- synonyms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Het totaal aantal deelnemers steeg.", "Een homogene gemeente op het platteland.",
                                  "Een taalcafé in de bibliotheek."])
def test_a_synonym_inside_another_word_adds_nothing(text):
    assert added_synonyms(text, GROUPS) == []


@pytest.mark.parametrize("text, expected", [
    # 'taalles' has the stem of 'taal', so it counts as mentioned (Pagefind stems it the same way)
    ("Zij gaven taal aan nieuwkomers.", ["laaggeletterdheid", "nederlands leren"]),
    ("Talen leren in de wijk.", ["laaggeletterdheid", "nederlands leren"]),  # plural of taal
    ("Statushouders vinden werk.", ["vluchteling"]),
    ("Nederlands leren voor ouders.", ["taal", "taalles", "laaggeletterdheid"]),  # a phrase, word for word
    ("Homo's en transgenders.", ["lhbti"]),
])
def test_whole_words_and_their_stems_bring_the_other_words_of_the_group(text, expected):
    assert added_synonyms(text, GROUPS) == expected


def test_a_phrase_counts_only_with_its_words_together():
    assert added_synonyms("Leren en Nederlands zijn vakken.", GROUPS) == []


# --- the finder's names ------------------------------------------------------------------------

def test_the_finder_knows_names_and_aliases_without_indexing_those_pages(site):
    data = json.loads((site / "data" / "zoeknamen.json").read_text(encoding="utf-8"))
    by_name = {(entry["soort"], entry["naam"]): entry for entry in data["namen"]}
    assert by_name[("gemeente", "Zaanstad")]["casussen"] == 0
    assert "Den Haag" in by_name[("gemeente", "'s-Gravenhage")]["andere_namen"]
    assert by_name[("provincie", "Zuid-Holland")]["slug"] == "zuid-holland"
    assert "diversiteitscharter" in by_name[("instrument", "Charter Diversiteit")]["andere_namen"]
    assert data["synoniemen"] and all(len(group) >= 2 for group in data["synoniemen"])
    # the pages themselves stay out of the search index: only case pages are indexed
    assert "data-pagefind-body" not in (site / "gemeenten" / "tiel" / "index.html").read_text(encoding="utf-8")


# --- a build without the site's address ----------------------------------------------------------

def test_no_built_file_names_a_placeholder_or_test_address(small_site):
    """conftest.small_site is built without the two addresses: every kind of page, none may fall
    back on a placeholder or the tests' own addresses."""
    site_without_address = small_site.site
    for path in site_without_address.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".css", ".txt", ".csv", ".map", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for address in ("example.org", "kennisbank.test", "git.test"):
                assert address not in text, f"{path.relative_to(site_without_address)} names {address}"


def test_without_an_address_there_is_no_sitemap_feed_canonical_link_or_repository_link(small_site):
    site_without_address = small_site.site
    assert not (site_without_address / "sitemap.xml").exists() and not (site_without_address / "sitemap.xml.gz").exists()
    assert not (site_without_address / "feed.xml").exists()
    home = (site_without_address / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in home and "application/atom+xml" not in home
    case = (site_without_address / "casussen" / "oud" / "index.html").read_text(encoding="utf-8")
    assert "Bewerk deze pagina" not in case and "/edit/" not in case
    contributing = (site_without_address / "bijdragen" / "index.html").read_text(encoding="utf-8")
    assert "Nieuwe casus voorstellen" in contributing and "../../issues" not in contributing


def test_with_the_address_the_site_has_them_all(site):
    assert (site / "sitemap.xml").exists() and (site / "feed.xml").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://kennisbank.test/">' in home
    assert 'href="https://kennisbank.test/feed.xml"' in home or 'href="feed.xml"' in home


def test_the_publishing_workflow_is_the_one_place_that_sets_the_addresses():
    workflow = (paths.ROOT / ".github" / "workflows" / "publiceren.yml").read_text(encoding="utf-8")
    assert "KENNISBANK_SITE_URL:" in workflow and "KENNISBANK_REPO_URL:" in workflow
    config = (paths.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV KENNISBANK_SITE_URL" in config and "repo_url: !ENV KENNISBANK_REPO_URL" in config
    assert not re.search(r"https?://[^\s]*example\.org", config)


# --- template leftovers --------------------------------------------------------------------------

def scaffold(tmp_path, municipality="Zaanstad", title="Taalcafé in de bibliotheek"):
    result = run_script("nieuwe_casus.py", "--gemeente", municipality, "--titel", title, "--map", str(tmp_path), "--vandaag", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    return next(tmp_path.glob("*.md"))


def validate(*args):
    return run_script("valideer.py", "--vandaag", TODAY.isoformat(), *args)


def test_the_scaffold_brings_no_example_tags(tmp_path):
    text = scaffold(tmp_path).read_text(encoding="utf-8")
    front = [line for line in text.split("---")[1].splitlines() if line and not line.startswith("#")]
    for example in ("wonen-leefbaarheid", "vergunningplicht-kamerverhuur", "arbeidsmigranten", "2018"):
        assert not [line for line in front if example in line], example
    assert "pijlers: []" in front and "instrumenten: []" in front and "doelgroepen: []" in front
    assert not any(line.startswith("periode:") for line in front)


def test_template_leftovers_are_notices_while_writing_and_errors_in_ci(tmp_path):
    case = scaffold(tmp_path)
    text = case.read_text(encoding="utf-8").replace("pijlers: []", "pijlers: [inburgering-taal]")
    case.write_text(text.replace("instrumenten: []", "instrumenten: [taalmaatjes]").replace("doelgroepen: []", "doelgroepen: [laaggeletterden]"),
                    encoding="utf-8")
    writing = validate(str(case))
    assert writing.returncode == 0, writing.stdout + writing.stderr
    assert "melding: samenvatting: dit is nog de voorbeeldwaarde" in writing.stdout
    ci = validate("--github", str(case))
    assert ci.returncode == 1
    assert "::error file=" in ci.stdout and "samenvatting: dit is nog de voorbeeldwaarde" in ci.stdout
    assert "bevat nog de uitleg uit het sjabloon" in ci.stdout and "::notice" not in ci.stdout


def test_the_example_tags_copied_into_another_case_are_a_leftover(tmp_path, vocab):
    """The schema's example tags are a real case's (Tiel); in a case of another municipality,
    all of them together are what is left of an old template."""
    from conftest import GOOD_CASE
    from kennisbank.casefile import read_case
    from kennisbank.checks import TEMPLATE_LEFTOVER, check_case
    examples = {field: spec["x-voorbeeld"] for field, spec in vocab.case_schema["properties"].items() if "x-voorbeeld" in spec}
    text = GOOD_CASE
    for field in ("pijlers", "instrumenten", "doelgroepen", "periode"):
        text = re.sub(rf"^{field}: .*$", f"{field}: {json.dumps(examples[field])}", text, flags=re.M)

    def leftovers(municipality: str) -> set[str]:
        path = tmp_path / f"{municipality}-kopie.md"
        path.write_text(text.replace("gemeenten: [tiel]", f"gemeenten: [{municipality}]"), encoding="utf-8")
        return {p.message.split(":")[0] for p in check_case(read_case(path), vocab, set(), TODAY) if p.level == TEMPLATE_LEFTOVER}

    assert leftovers("zaanstad") == {"pijlers", "instrumenten", "doelgroepen", "periode"}
    assert leftovers("tiel") == set(), "the case the examples come from is not a leftover"


# --- WRR in capitals ----------------------------------------------------------------------------

def test_wrr_is_written_in_capitals_on_every_page(site):
    lower = re.compile(r"(?<![\w/.-])wrr(?![\w-])")
    offenders = []
    for page in site.rglob("*.html"):
        tree = etree.HTML(page.read_bytes())
        if tree is None:
            continue
        text = " ".join(tree.xpath("//body//text()[not(ancestor::script)]"))
        if lower.search(text):
            offenders.append(page.relative_to(site).as_posix())
    assert offenders == []
