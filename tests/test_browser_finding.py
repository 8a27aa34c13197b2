"""Finding without friction (issue 13), in real Chromium against the built site: each test pins
one of the findings — synonyms inside words, results below the fold, the unreadable coverage
matrix, the dead-end home search, the unfinished details and the contributor page."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import wait_until_ready
from kennisbank import paths
from kennisbank.synonyms import stems

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def screen(tab):
    """Open a page at a given viewport and colour scheme (in the worker's tab, made new for each page)."""

    def open_page(path: str, viewport=DESKTOP, scheme: str = "light"):
        page = tab.fresh(viewport, scheme)
        page.goto(tab.origin + path)
        wait_until_ready(page)
        return page

    return open_page


def result_ids(page) -> set[str]:
    while page.locator("#kb-meer").is_visible():
        count = page.locator("#kb-resultaten li.kb-kaart").count()
        page.click("#kb-meer")
        expect(page.locator("#kb-resultaten li.kb-kaart")).not_to_have_count(count)
        page.wait_for_selector("#kb-resultaten[aria-busy='false']", state="attached")
    hrefs = page.eval_on_selector_all("#kb-resultaten li h2 a", "links => links.map(a => a.getAttribute('href'))")
    return {re.search(r"casussen/([a-z0-9-]+)/?$", href).group(1) for href in hrefs}


# --- 1. synonyms match whole words -------------------------------------------------------------

def case_texts() -> dict[str, set[str]]:
    return {p.stem: set(stems(p.read_text(encoding="utf-8"))) for p in sorted(paths.EXAMPLES.glob("*.md")) if not p.name.startswith("_")}


@pytest.mark.parametrize("inside, group_word", [("totaal", "taalles"), ("homogene", "transgender")])
def test_a_synonym_is_not_found_inside_another_word(screen, vocab, inside, group_word):
    """'taal' is inside 'totaal' and 'homo' inside 'homogene': a case with only those words must
    not come up for the group's other words."""
    group = next(g for g in vocab.synoniemen if group_word in g)
    group_stems = {s for word in group for s in stems(word)}
    texts = case_texts()
    false_friends = {cid for cid, words in texts.items() if stems(inside)[0] in words and not words & group_stems}
    assert false_friends, f"the collection has a case with '{inside}' and no word of the group"
    page = screen(f"/zoeken/?q={group_word}")
    assert not result_ids(page) & false_friends


def test_a_plural_in_the_text_still_brings_the_synonyms(screen):
    """Stems, not exact words: a case that says 'statushouders' is found on 'vergunninghouder'."""
    texts = case_texts()
    plural_only = {cid for cid, words in texts.items() if "statushouder" in words}
    assert plural_only
    page = screen("/zoeken/?q=vergunninghouder")
    assert plural_only <= result_ids(page)


# --- 2. results first ------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_first_result_is_on_the_first_screen(screen, viewport):
    page = screen("/zoeken/", viewport)
    first = page.locator("#kb-resultaten li.kb-kaart").first.bounding_box()
    assert first["y"] < viewport["height"], f"first result starts at {first['y']} px"


def test_on_a_phone_the_filters_open_from_a_button_and_the_count_stays_in_view(screen):
    page = screen("/zoeken/", PHONE)
    button = page.locator("#kb-filterknop")
    expect(button).to_have_text("Filters (0)")
    assert not page.locator("#kb-filterpaneel").is_visible()
    button.click()
    expect(page.locator("#kb-filterpaneel")).to_be_visible()
    assert button.get_attribute("aria-expanded") == "true"
    page.check("#f-type-voorstad")
    expect(button).to_have_text("Filters (1)")
    page.wait_for_selector("#kb-resultaten[aria-busy='false']", state="attached")
    page.locator("#kb-resultaten li.kb-kaart").last.scroll_into_view_if_needed()
    box = page.locator("#kb-aantal").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"], "the count scrolled away"


def test_no_facet_hides_options_in_an_inner_scroll_box(screen):
    page = screen("/zoeken/")
    page.wait_for_function("document.querySelector('[data-telling]').textContent !== ''")
    boxes = page.eval_on_selector_all("#kb-facetten *", """els => els.filter(e => {
        const s = getComputedStyle(e); return /(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
    }).map(e => e.className)""")
    assert boxes == []
    # the busiest province is among the options shown without asking for more
    expect(page.locator("#f-provincie-zuid-holland")).to_be_visible()


def test_long_facets_show_all_options_on_request_or_by_typing(screen):
    page = screen("/zoeken/")
    options = page.locator("[data-facet='instrument'] .kb-optie")
    total = options.count()
    visible = page.locator("[data-facet='instrument'] .kb-optie:visible")
    assert 0 < visible.count() < total
    page.click("[data-toon='instrument']")
    expect(visible).to_have_count(total)
    page.fill("#kb-typ-gemeente", "west")
    shown = page.locator("[data-facet='gemeente'] .kb-optie:visible label").all_inner_texts()
    assert shown and all("west" in label.lower() for label in shown)


def test_the_skip_link_reaches_the_first_result_in_three_tabs(screen):
    page = screen("/zoeken/")
    first_result = page.locator("#kb-resultaten li h2 a").first.get_attribute("href")
    for press in range(1, 4):  # noqa: B007 - the count is reported after the loop
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if focused == first_result:
            break
        if focused.endswith("#kb-resultaatkolom") or page.evaluate("document.activeElement.classList.contains('md-skip')"):
            page.keyboard.press("Enter")
    assert focused == first_result, f"after {press} Tabs focus is on {focused!r}"


def test_result_cards_show_municipality_type_pillars_and_summary(screen, site, vocab):
    records = {r["id"]: r for r in json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))}
    page = screen("/zoeken/?type=tuinbouwgemeente")
    card = page.locator("#kb-resultaten li.kb-kaart").first
    record = records[re.search(r"casussen/([a-z0-9-]+)/?$", card.locator("h2 a").get_attribute("href")).group(1)]
    who = card.locator(".kb-wie").inner_text()
    assert record["gemeenten"][0]["naam"] in who and "Tuinbouwgemeente" in who
    assert card.locator(".kb-kort").inner_text().strip() == record["samenvatting"]
    # pillars as chips, one per pillar, also for labels with a comma ("Werk, participatie en ...")
    assert card.locator("ul.kb-chips li").all_inner_texts() == [vocab.pijlers[p]["label"] for p in record["pijlers"]]


# --- 4. the home search does not dead-end -----------------------------------------------------

def municipality_without_cases(vocab) -> tuple[str, str]:
    """A municipality whose name no case text mentions (so its search has no results): Oss, or else
    the first such one in the registry."""
    texts = " ".join(p.read_text(encoding="utf-8") for p in paths.EXAMPLES.glob("*.md")).lower()
    registry = vocab.registry
    candidates = [registry.by_slug()["oss"]] + sorted(registry.municipalities.values(), key=lambda m: m.name)
    m = next(m for m in candidates if not re.search(rf"\b{re.escape(m.name.lower())}\b", texts))
    return m.name, m.slug


def test_a_municipality_name_offers_the_municipality_not_a_filter_to_remove(screen, vocab):
    name, slug = municipality_without_cases(vocab)
    page = screen("/")
    page.fill("#kb-home-q", name)
    page.press("#kb-home-q", "Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q="))
    page.wait_for_selector("#kb-resultaten[aria-busy='false']", state="attached")
    expect(page.locator("#kb-suggesties")).to_contain_text(f"Bedoelt u de gemeente {name}?")
    assert page.locator(f"#kb-suggesties a[href*='zoals-de-mijne/?gemeente={slug}']").count() == 1
    expect(page.locator("#kb-geen-resultaat")).to_be_visible()
    assert "filter" not in page.locator("#kb-advies").inner_text().lower(), "no filter was set"
    assert page.locator("#kb-advies a[href$='zoals-de-mijne/']").count() == 1


def test_an_instrument_name_offers_the_instrument_page_first(screen):
    page = screen("/zoeken/?q=charter%20diversiteit")
    suggestion = page.locator("#kb-suggesties")
    expect(suggestion).to_contain_text("Bedoelt u het instrument Charter Diversiteit?")
    assert suggestion.locator("a").first.get_attribute("href").endswith("instrumenten/charter-diversiteit/")


def test_no_suggestion_for_a_name_inside_another_word(screen):
    page = screen("/zoeken/?q=mede")  # contains 'Ede' but is not the municipality
    assert not page.locator("#kb-suggesties").is_visible()


def test_an_empty_result_suggests_fewer_words_and_a_synonym(screen):
    page = screen("/zoeken/?q=statushouder%20tuinbouw%20expat")  # each word is found, never all three
    expect(page.locator("#kb-geen-resultaat")).to_be_visible()
    advice = page.locator("#kb-advies")
    expect(advice).to_contain_text("minder woorden")
    expect(advice).to_contain_text("vluchteling")  # a synonym of statushouder
    advice.get_by_role("link", name="statushouder", exact=True).click()
    expect(page.locator("#kb-q")).to_have_value("statushouder")
    page.wait_for_selector("#kb-resultaten[aria-busy='false']", state="attached")
    assert page.locator("#kb-resultaten li.kb-kaart").count() > 0


# --- 3. a readable coverage matrix ------------------------------------------------------------

WORDS_BROKEN_INSIDE = """() => {
  // every word (split at spaces and after hyphens) of every header must sit on one line
  const broken = [];
  for (const cell of document.querySelectorAll('table.kb-dekking th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.kb-tip, .kb-verborgen')) continue;
      const re = /[^\\s-]+-?/g;
      let match;
      while ((match = re.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.left) + ':' + Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_matrix_labels_are_never_broken_inside_a_word(screen, viewport):
    page = screen("/dekking/", viewport)
    assert page.evaluate(WORDS_BROKEN_INSIDE) == []
    overflowing = page.eval_on_selector_all("table.kb-dekking th", "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)")
    assert overflowing == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_matrix_column_can_be_reached_and_is_not_hidden_under_the_first(screen, vocab, viewport):
    page = screen("/dekking/", viewport)
    headers = page.locator("table.kb-dekking thead th.kb-kolom a")
    assert headers.count() == len(vocab.pijlers)
    for index in range(headers.count()):
        link = headers.nth(index)
        link.focus()
        covered = link.evaluate("""a => { const r = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return !(hit && (hit === a || a.contains(hit))); }""")
        assert not covered, f"column {index + 1} is hidden"
        tip = link.locator("xpath=..").locator(".kb-tip")
        expect(tip).to_be_visible()  # the full name shows on focus
        assert tip.inner_text() == link.get_attribute("aria-label")


def test_the_matrix_says_what_a_number_and_a_dash_mean_and_keys_the_short_names(screen):
    page = screen("/dekking/")
    intro = page.locator(".kb-intro")
    expect(intro).to_contain_text("Elk getal is het aantal casussen")
    expect(intro).to_contain_text("streepje (–)")
    keys = page.locator("dl.kb-sleutel dt").all_inner_texts()
    columns = page.locator("table.kb-dekking .kb-kolomnaam").all_inner_texts()[:-1]
    assert keys == columns


def test_the_scroll_cue_shows_only_when_the_table_is_wider_than_the_screen(screen):
    phone = screen("/dekking/", PHONE)
    overflow = phone.eval_on_selector(".kb-tabel-scroll", "e => e.scrollWidth > e.clientWidth")
    assert overflow and phone.locator("#kb-schuif").is_visible()
    desktop = screen("/dekking/", DESKTOP)
    assert not desktop.eval_on_selector(".kb-tabel-scroll", "e => e.scrollWidth > e.clientWidth + 1")
    assert not desktop.locator("#kb-schuif").is_visible()


# --- 6. finished details -----------------------------------------------------------------------

def test_the_404_page_is_dutch_and_offers_search_and_the_main_routes(screen):
    page = screen("/404.html")
    assert page.get_attribute("html", "lang") == "nl"
    expect(page.locator("h1")).to_have_text("Deze pagina bestaat niet (meer)")
    assert "Not found" not in page.content()
    assert page.locator("form[role='search']").get_attribute("action").endswith("/zoeken/")
    for route in ("zoals-de-mijne/", "instrumenten/", "casussen/", "bijdragen/"):
        assert page.locator(f"article a[href$='{route}']").count() >= 1, route


def test_the_footer_names_licences_sources_privacy_and_accessibility(screen):
    page = screen("/")
    footer = page.locator("footer .kb-voet")
    for text in ("CC BY 4.0", "CBS/Kadaster", "EUPL-1.2"):
        expect(footer).to_contain_text(text)
    for route in ("privacy/", "toegankelijkheid/", "open-data/"):
        assert footer.locator(f"a[href$='{route}']").count() == 1, route
    assert footer.locator("a[href='https://git.test/kennisbank/kennisbank']").count() == 1


CONTRAST = """e => {
  const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = null;
  for (let n = e; n && !bg; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if (c.length < 4 || c[3] > 0) bg = c; }
  bg = bg || [255, 255, 255];
  const [r, g, b, a = 1] = rgb(getComputedStyle(e).color);
  const fg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
  const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_titles_have_full_contrast(screen, scheme):
    page = screen("/dekking/", scheme=scheme)
    assert page.locator("h1").evaluate(CONTRAST) >= 4.5


def test_home_page_counts_say_what_they_count_and_the_first_screen_has_three_starts(screen):
    page = screen("/")
    for item in page.locator("ul.kb-typenlijst li").all_inner_texts():
        assert re.search(r"\d+ casus(sen)?$", item), item
    starts = page.locator(".kb-start")
    assert starts.count() == 3
    for index in range(3):
        box = starts.nth(index).locator("a.md-button, button").first.bounding_box()
        assert box["y"] + box["height"] <= DESKTOP["height"], f"start {index + 1} is below the first screen"


# --- 7. the contributor page --------------------------------------------------------------------

def test_the_contributor_page_has_real_code_blocks_and_direct_links(screen):
    page = screen("/bijdragen/")
    example = page.locator("article pre code").first
    expect(example).to_contain_text("titel: Tiel stelt regels")
    assert "\n" in example.inner_text(), "the YAML example keeps its lines"
    form = page.get_by_role("link", name="Nieuwe casus voorstellen")
    assert form.get_attribute("href") == "https://git.test/kennisbank/kennisbank/issues/new?template=nieuwe-casus.yml"
    assert page.locator("article a[href='https://git.test/kennisbank/kennisbank']").count() >= 1
    headings = page.locator("article h2").all_inner_texts()
    assert headings.index("De eenvoudigste weg: het formulier") < headings.index("Zelf het bestand schrijven")
