"""Views without a search word come from the site's own index (casusindex.js), not from Pagefind.

One page of the finder, and in it both paths side by side for several choices of filters:
Pagefind's search(null, {filters, sort: {titel: "asc"}}) as the finder made it before, and the
index. Totals, order, cards and the count of every option must be the same, so either drifting
fails the test. The finder's own screen is checked against Pagefind too, and it must not have
asked Pagefind for anything.
"""
from __future__ import annotations

import csv
import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Runs in the page: for each view, Pagefind's answer and the index's. Pagefind's filters are built
# as zoeker.js built them (a family as a condition on the municipality, a facet's count from a
# search without that facet's own choices).
BOTH_PATHS = """async (views) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", location.origin + "/").href);
  await pagefind.options({ baseUrl: "/" });
  await pagefind.filters();  // every filter's counts, as the finder had them once loaded
  const { loadCaseIndex } = await import(new URL("assets/kennisbank/casusindex.js", location.origin + "/").href);
  const index = await loadCaseIndex();
  const card = (data) => ({ url: data.url, meta: Object.fromEntries(
    ["title", "gemeenten", "typen", "jaar", "samenvatting", "pijlers"].map((key) => [key, data.meta[key] || ""])) });
  const answers = [];
  for (const { chosen, family } of views) {
    const withFamily = (filters) => (family ? { all: [filters, { gemeente: { any: family } }] } : filters);
    const filtersWithout = (leftOut) => withFamily(Object.fromEntries(
      Object.entries(chosen).filter(([facet]) => facet !== leftOut).map(([facet, values]) => [facet, { any: values }])));
    const main = await pagefind.search(null, { filters: filtersWithout(null), sort: { titel: "asc" } });
    const pagefindCounts = { ...main.filters };
    for (const facet of Object.keys(chosen)) {
      pagefindCounts[facet] = (await pagefind.search(null, { filters: filtersWithout(facet) })).filters[facet] || {};
    }
    const fixed = family ? [{ facet: "gemeente", values: family }] : [];
    const own = index.select([...Object.entries(chosen).map(([facet, values]) => ({ facet, values })), ...fixed]);
    answers.push({
      pagefind: { cards: await Promise.all(main.results.map(async (result) => card(await result.data()))), counts: pagefindCounts },
      own: { cards: await Promise.all(own.map(async (result) => card(await result.data()))), counts: index.counts(chosen, fixed) },
    });
  }
  return answers;
}"""


@pytest.fixture(scope="module")
def cases(site) -> list[dict]:
    return json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))


def matching(cases, **filters) -> list[dict]:
    return [c for c in cases if all(any(v in c["facetten"][f] for v in values) for f, values in filters.items())]


def busiest(cases, facet: str, among=None) -> list[str]:
    """The facet's values by the number of cases (of `among`) that have them, most first."""
    among = cases if among is None else among
    values = sorted({v for c in among for v in c["facetten"][facet]})
    return sorted(values, key=lambda v: -len([c for c in among if v in c["facetten"][facet]]))


def nonzero(counts: dict) -> dict:
    return {facet: {value: n for value, n in per_value.items() if n} for facet, per_value in counts.items()}


def test_views_without_words_match_pagefind_in_total_order_cards_and_counts(web, site, cases):
    pillar = busiest(cases, "pijler")[0]
    in_pillar = matching(cases, pijler=[pillar])
    instrument = next(i for i in busiest(cases, "instrument", in_pillar) if len(matching(cases, pijler=[pillar], instrument=[i])) < len(in_pillar))
    first_type, second_type = busiest(cases, "type")[:2]
    rare_type = busiest(cases, "type")[-1]
    municipality = max(json.loads((site / "data" / "gemeenten.json").read_text(encoding="utf-8"))["gemeenten"],
                       key=lambda g: g["casussen_familie"])
    family = [m["slug"] for m in json.loads((site / "data" / "gemeenten" / f"{municipality['slug']}.json").read_text(encoding="utf-8"))["familie"]]
    in_family = [c for c in cases if set(c["facetten"]["gemeente"]) & set(family)]
    in_family_and_pillar = [c for c in in_family if c in in_pillar]
    assert in_family_and_pillar, "some case of the busiest family has the busiest pillar"
    member = next(m for m in busiest(cases, "gemeente", in_family_and_pillar) if m in family)
    views = {
        "geen filter": {"chosen": {}},
        "één pijler": {"chosen": {"pijler": [pillar]}},
        "pijler en instrument": {"chosen": {"pijler": [pillar], "instrument": [instrument]}},
        "twee typen": {"chosen": {"type": [first_type, second_type]}},
        "één type": {"chosen": {"type": [rare_type]}},
        "lijkt_op": {"chosen": {}, "family": family},
        "lijkt_op en een gemeente en een pijler": {"chosen": {"gemeente": [member], "pijler": [pillar]}, "family": family},
    }
    page = web.open(f"/zoeken/?pijler={pillar}")
    expect(page.locator("#kb-resultaten > li")).to_have_count(min(10, len(in_pillar)))
    assert not [url for url in web.requests if "/pagefind/" in url], "the first screen waits for no part of Pagefind"
    shown = {
        "total": int(re.match(r"(\d+) casus", page.locator("#kb-aantal").inner_text()).group(1)),
        "hrefs": page.locator("#kb-resultaten h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))"),
        "summaries": page.locator("#kb-resultaten .kb-kort").all_inner_texts(),
        "counts": page.evaluate("""() => {
            const counts = {};
            for (const box of document.querySelectorAll('#kb-facetten input[type=checkbox]')) {
              const text = box.nextElementSibling.querySelector('[data-telling]').textContent;
              (counts[box.name] ??= {})[box.value] = Number(text.slice(1, -1));
            }
            return counts;
        }"""),
    }
    answers = dict(zip(views, page.evaluate(BOTH_PATHS, list(views.values()))))
    for name, answer in answers.items():
        reference, own = answer["pagefind"], answer["own"]
        assert reference["cards"], name  # every view here has cases
        assert [c["url"] for c in own["cards"]] == [c["url"] for c in reference["cards"]], name  # same cases, same order
        assert own["cards"] == reference["cards"], name
        assert nonzero(own["counts"]) == nonzero(reference["counts"]), name
    assert len(answers["één pijler"]["pagefind"]["cards"]) == len(in_pillar)
    assert len(answers["lijkt_op"]["pagefind"]["cards"]) == len(in_family) == municipality["casussen_familie"]
    # what the finder showed for the pillar is Pagefind's answer
    reference = answers["één pijler"]["pagefind"]
    assert shown["total"] == len(reference["cards"])
    assert shown["hrefs"] == [c["url"] for c in reference["cards"]][:10]
    assert shown["summaries"] == [c["meta"]["samenvatting"] for c in reference["cards"]][:10]
    assert nonzero(shown["counts"]) == nonzero({facet: reference["counts"].get(facet, {}) for facet in shown["counts"]})
    # an empty family holds no municipality, so no case (Pagefind would read it as no condition)
    assert page.evaluate("""async () => {
        const { loadCaseIndex } = await import(new URL("assets/kennisbank/casusindex.js", location.origin + "/").href);
        return (await loadCaseIndex()).select([{ facet: "gemeente", values: [] }]).length;
    }""") == 0
    assert web.foreign_requests() == [] and web.errors == []


HOSTILE = '<img src=x onerror="window.kbAanval=1"><script>window.kbAanval=2</script>'
CARD_FILES = re.compile(r"/data/zoeker-kaarten/")


@pytest.mark.parametrize("path", ["/zoeken/", "/zoals-de-mijne/?gemeente=westland"])
def test_card_text_from_the_index_stays_text(web, path):
    """Whatever a card file says (a title, municipality or summary with markup that the validator
    would refuse), the finder and the lookup page show it as text: no element, no script."""
    def hostile(route):
        cards = json.loads(route.fetch().text())
        for card in cards:
            card["meta"].update({key: f"{key} {HOSTILE}" for key in ("title", "gemeenten", "samenvatting", "typen", "pijlers")})
        route.fulfill(status=200, content_type="application/json", body=json.dumps(cards))
    web.page.route(CARD_FILES, hostile)
    try:
        page = web.open(path)
        where = "#kb-resultaten" if path.startswith("/zoeken") else ".kb-zoals-casussen"
        expect(page.locator(where).first.locator("a").first).to_contain_text(f"title {HOSTILE}")
        assert page.locator(f"{where} img, {where} script").count() == 0
        assert page.evaluate("() => window.kbAanval") is None
        assert web.foreign_requests() == []
    finally:
        web.page.unroute(CARD_FILES)


def test_typing_a_word_hands_the_view_to_pagefind_with_its_own_counts(web, cases):
    """From a view without words to a search: the results and, once Pagefind's filters are in,
    every option's count are the search's, not the counts of the view before."""
    word, case_id = "scheefgroei", "tiel-huisvesting-arbeidsmigranten"  # only this case's body has the word
    record = next(c for c in cases if c["id"] == case_id)
    other_pillar = busiest([c for c in cases if c["id"] != case_id and not set(c["pijlers"]) & set(record["pijlers"])], "pijler")[0]
    page = web.open("/zoeken/")
    expect(page.locator(f"label[for='f-pijler-{other_pillar}'] [data-telling]")).not_to_have_text("(0)")
    page.fill("#kb-q", word)
    expect(page.locator("#kb-aantal")).to_contain_text(f"1 casus gevonden voor “{word}”")
    page.wait_for_selector("#kb-resultaten[aria-busy='false']")
    hrefs = page.locator("#kb-resultaten h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"/{record['url']}"]
    for pillar in record["pijlers"]:
        expect(page.locator(f"label[for='f-pijler-{pillar}'] [data-telling]")).to_have_text("(1)")
    expect(page.locator(f"label[for='f-pijler-{other_pillar}'] [data-telling]")).to_have_text("(0)")
    expect(page.locator(f"#f-pijler-{other_pillar}")).to_be_disabled()
    assert any("/pagefind/" in url for url in web.requests)
    assert web.foreign_requests() == [] and web.errors == []


def test_the_csv_of_a_family_holds_its_cases(web, site, cases):
    """The CSV of a view without words holds the cases of that view, here a family (lijkt_op)."""
    municipality = max(json.loads((site / "data" / "gemeenten.json").read_text(encoding="utf-8"))["gemeenten"],
                       key=lambda g: g["casussen_familie"])
    page = web.open(f"/zoeken/?lijkt_op={municipality['slug']}")
    with page.expect_download() as info:
        page.click("#kb-csv")
    with open(info.value.path(), encoding="utf-8-sig", newline="") as handle:
        ids = [row[0] for row in csv.reader(handle, delimiter=";")][1:]
    assert sorted(ids) == sorted(c["id"] for c in cases if municipality["slug"] in c["lijkt_op"])
    assert len(ids) == municipality["casussen_familie"] > 0
