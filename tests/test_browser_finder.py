"""The finder in real Chromium against the built site: facets, counts, URL state, full text."""
from __future__ import annotations

import csv
import functools
import http.server
import json
import re
import threading
from collections import Counter

import pytest

from kennisbank import paths
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cases(site) -> list[dict]:
    return json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))


def matching(cases, **filters) -> set[str]:
    """Independent expectation: AND across facets, OR within one, from the open data."""
    return {c["id"] for c in cases if all(any(v in c["facetten"][f] for v in values) for f, values in filters.items())}


def open_finder(web, query: str = ""):
    page = web.open("/zoeken/" + query)
    settled(page)
    return page


def settled(page):
    """Wait until the latest search has shown its results (the list is no longer aria-busy)."""
    page.wait_for_selector("#kb-resultaten[aria-busy='false']")


def shown_ids(page) -> set[str]:
    settled(page)
    while page.locator("#kb-meer").is_visible():
        count = page.locator("#kb-resultaten li").count()
        page.click("#kb-meer")
        expect(page.locator("#kb-resultaten li")).not_to_have_count(count)
        settled(page)
    hrefs = page.eval_on_selector_all("#kb-resultaten li h2 a", "links => links.map(a => a.getAttribute('href'))")
    return {re.search(r"casussen/([a-z0-9-]+)/?$", href).group(1) for href in hrefs}


def show_option(page, facet: str, value: str):
    """A long facet shows its top options; "Toon alle" shows the rest."""
    if not page.locator(f"#f-{facet}-{value}").is_visible():
        page.click(f"[data-toon='{facet}']")
    expect(page.locator(f"#f-{facet}-{value}")).to_be_visible()


def count_of(page) -> int:
    text = page.locator("#kb-aantal").inner_text()
    return int(re.match(r"(\d+) casus", text).group(1))


def test_horticulture_filter_shows_exactly_the_cases_filed_there(web, cases):
    page = open_finder(web)
    page.check("#f-type-tuinbouwgemeente")
    page.wait_for_url(re.compile(r"type=tuinbouwgemeente"))
    expect(page.locator("#kb-aantal")).to_contain_text("1 filter")
    expected = matching(cases, type=["tuinbouwgemeente"])
    assert expected, "the portfolio files Aalsmeer and Westland under tuinbouwgemeente"
    assert {c for c in expected if c.startswith(("aalsmeer", "westland"))}, expected
    assert shown_ids(page) == expected
    assert count_of(page) == len(expected)
    assert web.foreign_requests() == [] and web.errors == []


def test_pillar_and_instrument_narrow_and_counts_agree_with_the_data(web, cases):
    # the busiest pillar, and the most used instrument within it that leaves out some of its cases
    pillar = max({p for c in cases for p in c["pijlers"]}, key=lambda p: len(matching(cases, pijler=[p])))
    in_pillar = matching(cases, pijler=[pillar])
    narrowing = {i for c in cases if c["id"] in in_pillar for i in c["instrumenten"]
                 if len(matching(cases, pijler=[pillar], instrument=[i])) < len(in_pillar)}
    assert narrowing, "some instrument of the busiest pillar is used by only part of its cases"
    instrument = max(sorted(narrowing), key=lambda i: len(matching(cases, pijler=[pillar], instrument=[i])))
    both = matching(cases, pijler=[pillar], instrument=[instrument])
    page = open_finder(web, f"?pijler={pillar}")
    assert count_of(page) == len(in_pillar)
    # the count shown next to the instrument option is what choosing it leaves (shown once the
    # whole filter index has loaded, after the first results)
    show_option(page, "instrument", instrument)
    expect(page.locator(f"label[for='f-instrument-{instrument}'] [data-telling]")).to_have_text(f"({len(both)})")
    page.check(f"#f-instrument-{instrument}")
    expect(page.locator("#kb-aantal")).to_contain_text("2 filters")
    assert 0 < count_of(page) == len(both) < len(in_pillar)
    assert shown_ids(page) == both
    # options that would leave nothing are shown as such
    empty = page.locator(".kb-optie--leeg input")
    assert empty.count() > 0 and empty.first.is_disabled()


def test_or_within_a_facet(web, cases):
    page = open_finder(web, "?type=tuinbouwgemeente&type=grensgemeente")
    assert shown_ids(page) == matching(cases, type=["tuinbouwgemeente", "grensgemeente"])


def test_a_shared_url_restores_filters_and_results_and_back_works(web, cases):
    page = open_finder(web, "?type=voorstad&q=diversiteit")
    assert page.locator("#f-type-voorstad").is_checked()
    assert page.input_value("#kb-q") == "diversiteit"
    first = shown_ids(page)
    assert first and first <= matching(cases, type=["voorstad"])
    page.check("#f-type-gemiddelde-gemeente")
    page.wait_for_url(re.compile(r"type=gemiddelde-gemeente"))
    page.go_back()
    expect(page.locator("#f-type-gemiddelde-gemeente")).not_to_be_checked()
    expect(page.locator("#kb-aantal")).to_contain_text("1 filter")
    assert shown_ids(page) == first


def test_full_text_finds_a_word_from_a_case_body(web, cases, site):
    """A word that only the body of one case contains: not its title or summary, no label of any
    vocabulary (those are indexed too), no other case. So only the body text can have matched."""
    word, case_id = "scheefgroei", "tiel-huisvesting-arbeidsmigranten"
    bodies = {path.stem: path.read_text(encoding="utf-8").split("---\n", 2)[2].lower()
              for path in paths.EXAMPLES.glob("*.md") if not path.name.startswith("_")}
    assert [cid for cid, body in bodies.items() if word in body] == [case_id]
    record = next(c for c in cases if c["id"] == case_id)
    assert word not in (record["titel"] + record["samenvatting"]).lower()
    assert word not in (site / "data" / "vocabulaires.json").read_text(encoding="utf-8").lower()
    page = open_finder(web, f"?q={word}")
    assert shown_ids(page) == {case_id}


@pytest.mark.parametrize("field", ["titel", "samenvatting"])
def test_title_and_summary_are_searched_as_metadata(web, cases, site, field):
    """Title and summary are indexed once, as metadata of the result (not again as text): a word that
    only one case's title or summary holds, and no body or vocabulary, still finds that case."""
    vocabularies = (site / "data" / "vocabulaires.json").read_text(encoding="utf-8").lower()
    texts = {path.stem: path.read_text(encoding="utf-8").lower() for path in paths.EXAMPLES.glob("*.md") if not path.name.startswith("_")}
    for record in cases:
        for word in sorted(set(re.findall(r"[a-z]{9,}", record[field].lower()))):
            if [cid for cid, text in texts.items() if word in text] == [record["id"]] and word not in vocabularies:
                body = texts[record["id"]].split("---\n", 2)[2]
                if word not in body:
                    page = open_finder(web, f"?q={word}")
                    assert shown_ids(page) == {record["id"]}, word
                    return
    pytest.fail(f"no word found only in one case's {field}")


def test_dutch_stemming_finds_the_plural(web):
    page = open_finder(web, "?q=arbeidsmigrant")
    assert "tiel-huisvesting-arbeidsmigranten" in shown_ids(page)


def test_keyboard_only_filtering_announces_the_count(web):
    page = open_finder(web)
    assert page.get_attribute("#kb-aantal", "aria-live") == "polite"
    page.focus("#kb-q")
    page.keyboard.press("Tab")  # to the submit button
    page.keyboard.press("Tab")  # the filters are a side column: straight to the first option
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("f-type-")
    page.keyboard.press("Space")
    expect(page.locator("#kb-aantal")).to_contain_text("1 filter")
    assert page.is_checked(f"#{focused}")


def test_csv_download_holds_the_filtered_cases(web, cases):
    page = open_finder(web, "?type=meerderheid-minderhedenstad")
    with page.expect_download() as info:
        page.click("#kb-csv")
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][0] == "id"
    ids = [row[0] for row in rows[1:]]
    assert len(ids) == len(set(ids))
    assert set(ids) == matching(cases, type=["meerderheid-minderhedenstad"])


def test_synonyms_widen_a_search(web, site):
    """A case that speaks of statushouders is found by a searcher who types 'vergunninghouder'."""
    examples = sorted(paths.EXAMPLES.glob("*.md"))
    mentions = [p.stem for p in examples if "statushouder" in p.read_text(encoding="utf-8").lower()
                and "vergunninghouder" not in p.read_text(encoding="utf-8").lower()]
    assert mentions
    page = open_finder(web, "?q=vergunninghouder")
    assert set(mentions) & shown_ids(page)


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """The built site served under /kb/, as on a host that puts it in a subfolder."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith("/kb/"):
            return "/nonexistent"
        return super().translate_path(path[len("/kb"):])


def test_the_finder_works_under_a_base_path(browser, site, cases):
    """A search with words (Pagefind) and a view without words (the finder's own index and its card
    files, casusindex.js): both follow the address of the script, and so do the links they show."""
    pillar = Counter(p for c in cases for p in c["facetten"]["pijler"]).most_common(1)[0][0]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PrefixHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/kb"
    page = browser.new_page()
    try:
        failed = []
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        for view in ("/zoeken/?q=arbeidsmigranten", f"/zoeken/?pijler={pillar}"):
            page.goto(base + view)
            settled(page)
            link = page.locator("#kb-resultaten li h2 a").first
            assert link.get_attribute("href").startswith("/kb/casussen/"), view
            link.click()
            page.wait_for_url(f"{base}/casussen/**")
        assert failed == []
    finally:
        page.close()
        server.shutdown()
