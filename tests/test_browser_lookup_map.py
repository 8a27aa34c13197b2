"""'Gemeenten zoals de mijne' and the map, in a real browser on the real built site.

Expected values come from the built data files (data/gemeenten.json, data/casussen.json,
data/gemeenten_2025.topojson), so the tests follow the content while checking real behaviour:
what the page shows, where a click or a key press leads, and that nothing leaves the site.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LOOKUP = "/zoals-de-mijne/"
MAP = "/kaart/"
CASE_LIMIT = 8  # cases listed per list on the lookup page (zoals-de-mijne.js)


@pytest.fixture(scope="module")
def municipalities(site) -> dict:
    return json.loads((site / "data" / "gemeenten.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cases(site) -> list[dict]:
    return json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))


def by_slug(municipalities: dict, slug: str) -> dict:
    return next(g for g in municipalities["gemeenten"] if g["slug"] == slug)


def assert_clean(web):
    expect(web.page.locator("[aria-busy=true]")).to_have_count(0)  # every case list has finished loading
    assert web.foreign_requests() == []
    assert web.errors == []


def choose(page, text: str, expected: str):
    """Type into the combobox like a person, move to the option with the arrow keys, press Enter."""
    field = page.get_by_role("combobox", name="Uw gemeente")
    field.click()
    field.fill("")
    field.press_sequentially(text, delay=20)
    listbox = page.get_by_role("listbox", name="Gevonden gemeenten")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    names = [n.strip() for n in listbox.locator(".kb-zoals-optie-naam").all_inner_texts()]
    assert expected in names, names
    for _ in range(names.index(expected) + 1):
        field.press("ArrowDown")
    active = page.locator("#" + field.get_attribute("aria-activedescendant"))
    expect(active).to_have_attribute("aria-selected", "true")
    expect(active.locator(".kb-zoals-optie-naam")).to_have_text(expected)
    field.press("Enter")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(field).to_have_value(expected)
    expect(page.locator("#kb-zoals-naam")).to_have_text(expected)
    return page.locator(".kb-zoals-gemeente")


# --- Gemeenten zoals de mijne -------------------------------------------------------------------

def test_partial_name_finds_the_municipality_and_the_keyboard_works(web):
    page = web.open(LOOKUP)
    field = page.get_by_role("combobox", name="Uw gemeente")
    field.press_sequentially("Gorin", delay=20)
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Gorinchem")
    expect(page.locator("#kb-zoals-status")).to_contain_text("gevonden")  # announced in the live region
    assert page.locator("#kb-zoals-status").get_attribute("role") == "status"
    field.press("Escape")  # closes the list, keeps the text
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(field).to_have_value("Gorin")
    field.press("Escape")  # a second Escape clears the field
    expect(field).to_have_value("")
    result = choose(page, "Gorin", "Gorinchem")
    expect(result).to_contain_text("Zuid-Holland")
    assert re.search(r"[?&]gemeente=gorinchem\b", page.url)
    assert_clean(web)


def test_a_former_name_finds_the_successor_and_says_it_merged(web, municipalities):
    leerdam = next(f for f in by_slug(municipalities, "vijfheerenlanden")["voormalig"] if f["naam"] == "Leerdam")
    assert leerdam["datum"] == "2019-01-01" and leerdam["typen"]
    page = web.open(LOOKUP)
    result = choose(page, "Leerdam", "Vijfheerenlanden")
    expect(result.locator(".kb-zoals-via")).to_have_text(
        "U zocht op Leerdam. Leerdam is op 1 januari 2019 opgegaan in Vijfheerenlanden.")
    # the successor takes its indication; each former part keeps its own type and basis, as history
    g = by_slug(municipalities, "vijfheerenlanden")
    assert g["type"]["grond"] == "indicatie"
    indication = result.locator(".kb-zoals-indicatie")
    expect(indication).to_contain_text("indicatie, berekend uit CBS-cijfers 2017")
    expect(indication).to_contain_text(municipalities["typen"][g["indicatie"]["type"]]["label"])
    expect(indication.get_by_role("link", name="zo berekenen wij de indicatie")).to_have_attribute("href", re.compile(r"/methode/$"))
    claims = result.locator(".kb-zoals-geschiedenis li")
    expect(claims.filter(has_text="Leerdam")).to_contain_text(municipalities["typen"][leerdam["typen"][0]["type"]]["label"])
    expect(claims.filter(has_text="Leerdam")).to_contain_text("genoemd als voorbeeld door de WRR")
    expect(claims.filter(has_text="Zederik")).to_contain_text("Homogene gemeente")
    expect(claims.filter(has_text="Vianen")).to_contain_text("de bronnen noemen geen type")
    assert result.get_by_role("link", name="Homogene gemeente").get_attribute("href").endswith("/typen/homogene-gemeente/")
    assert_clean(web)


ALIASES = [("Den Haag", "'s-Gravenhage"), ("Den Bosch", "'s-Hertogenbosch"), ("Hengelo", "Hengelo (O.)"), ("Ljouwert", "Leeuwarden")]


def test_an_alias_finds_the_municipality(web):
    page = web.open(LOOKUP)  # one after the other in the same field, as a visitor tries names
    for alias, name in ALIASES:
        result = choose(page, alias, name)
        expect(result.locator(".kb-zoals-via")).to_have_text(f"{alias} is een andere naam voor de gemeente {name}.")
        assert_clean(web)


def test_a_known_type_shows_its_basis_and_the_cases_filed_under_it(web, municipalities, cases):
    westland = by_slug(municipalities, "westland")
    assert {c["type"] for c in westland["typen"]} == {"tuinbouwgemeente"}
    page = web.open(LOOKUP)
    result = choose(page, "Westl", "Westland")
    claim = result.locator(".kb-zoals-claims li").first
    expect(claim.get_by_role("link", name="Tuinbouwgemeente")).to_have_attribute("href", re.compile(r"/typen/tuinbouwgemeente/$"))
    expect(result.locator(".kb-zoals-claims")).to_contain_text("genoemd als voorbeeld door de WRR")
    expect(result.locator(".kb-zoals-claims")).to_contain_text("zonder verwijzing naar de WRR-indeling")  # the weaker claim stays weak

    lists = result.locator(".kb-zoals-casussen")
    expect(lists).to_have_count(3)  # the municipality itself, its family, its type
    own = [c for c in cases if "westland" in c["facetten"]["gemeente"]]
    family = [c for c in cases if "westland" in c["lijkt_op"]]
    of_type = [c for c in cases if "tuinbouwgemeente" in c["typen"]]
    for box, expected, finder in ((lists.nth(0), own, r"gemeente=westland"), (lists.nth(1), family, r"lijkt_op=westland"),
                                  (lists.nth(2), of_type, r"type=tuinbouwgemeente")):
        expect(box).to_have_attribute("data-aantal", str(len(expected)))
        urls = {c["url"] for c in expected}
        for href in box.locator("ul li > a").evaluate_all("links => links.map(a => new URL(a.href).pathname)"):
            assert href.lstrip("/") in urls, href
        if expected:
            expect(box.get_by_role("link", name=re.compile("in de zoeker"))).to_have_attribute("href", re.compile(rf"/zoeken/\?{finder}$"))
    assert_clean(web)


UNNAMED = [("Zaanstad", "Zaanst"), ("Oss", "Oss"), ("Súdwest-Fryslân", "Sudwest")]  # (name, what a visitor types)


def test_any_municipality_shows_its_type_family_and_cases(web, municipalities, cases):
    page = web.open(LOOKUP)  # one after the other in the same field
    for name, typed in UNNAMED:
        g = next(g for g in municipalities["gemeenten"] if g["naam"] == name)
        assert g["type"]["grond"] == "indicatie" and not g["typen"]  # the sources never name these three
        result = choose(page, typed, name)
        indication = result.locator(".kb-zoals-indicatie")
        expect(indication).to_contain_text(municipalities["typen"][g["indicatie"]["type"]]["label"])
        expect(indication).to_contain_text("geen indeling door de WRR")
        expect(indication.get_by_role("link", name="zo berekenen wij de indicatie")).to_have_attribute("href", re.compile(r"/methode/$"))
        family = result.locator(".kb-zoals-familie")
        expect(family).to_have_attribute("data-aantal", str(len(g["familie"])))
        members = family.locator("ol li")
        expect(members).to_have_count(len(g["familie"]))
        assert len(g["familie"]) > 0
        first = by_slug(municipalities, g["familie"][0])
        expect(members.first.get_by_role("link", name=first["naam"], exact=True)).to_have_attribute("href", re.compile(rf"/gemeenten/{first['slug']}/$"))
        expect(members.first).to_contain_text("inwoners")  # says why they are alike
        headings = result.locator("h3").all_inner_texts()
        order = [h for h in headings if h.startswith("Casussen uit")]
        assert order[:3] == [f"Casussen uit {name}", f"Casussen uit gemeenten die op {name} lijken",
                             f"Casussen uit gemeenten van het type {municipalities['typen'][g['indicatie']['type']]['label'].lower()}"]
        lists = result.locator(".kb-zoals-casussen")
        expect(lists.nth(1)).to_have_attribute("data-aantal", str(sum(g["slug"] in c["lijkt_op"] for c in cases)))
        expect(lists.nth(2)).to_have_attribute("data-aantal", str(sum(g["indicatie"]["type"] in c["typen"] for c in cases)))
        expect(result.locator(".kb-zoals-toets h3")).to_contain_text("om over na te denken")  # the self-test stays, as reflection
        assert_clean(web)


def test_a_type_with_cases_lists_them(web, municipalities, cases):
    """Whatever the content: the type with the most cases, through a municipality of that type."""
    counts = {slug: sum(slug in c["typen"] for c in cases) for slug in municipalities["typen"]}
    slug = max(counts, key=counts.get)
    assert counts[slug] > 0
    g = next(g for g in municipalities["gemeenten"] if g["type"]["typen"] == [slug])
    page = web.open(f"{LOOKUP}?gemeente={g['slug']}")
    first = page.locator(".kb-zoals-casussen").nth(2)
    expect(first).to_have_attribute("data-aantal", str(counts[slug]))
    expect(first.locator("ul li")).to_have_count(min(counts[slug], CASE_LIMIT))
    assert_clean(web)


def test_without_a_claim_the_indication_shows_and_the_selftest_is_only_an_estimate(web, municipalities):
    gorinchem = by_slug(municipalities, "gorinchem")
    assert not gorinchem["typen"] and not any(f["typen"] for f in gorinchem["voormalig"])
    questions = municipalities["typen"]
    page = web.open(LOOKUP)
    result = choose(page, "Gorinchem", "Gorinchem")
    expect(result.locator(".kb-zoals-indicatie")).to_contain_text("de bronnen noemen geen type voor Gorinchem")
    expect(result.locator(".kb-zoals-claims")).to_have_count(0)
    test = result.locator(".kb-zoals-toets")
    expect(test.locator("#kb-zoals-vraag")).to_contain_text(questions["homogene-gemeente"]["zelftoets"])
    test.get_by_role("button", name="Nee").click()
    question = test.locator("#kb-zoals-vraag")
    expect(question).to_contain_text(questions["tuinbouwgemeente"]["zelftoets"])
    expect(question).to_be_focused()  # focus follows the next question
    test.get_by_role("button", name="Ja").click()
    estimate = test.locator(".kb-zoals-inschatting")
    expect(estimate).to_be_focused()
    expect(estimate.get_by_role("heading").first).to_have_text("Uw eigen inschatting: Tuinbouwgemeente")
    expect(estimate).to_contain_text("Dit is uw eigen inschatting op basis van uw antwoorden, niet de indeling van de WRR.")
    expect(estimate.get_by_role("link", name="Meer over tuinbouwgemeenten")).to_have_attribute("href", re.compile(r"/typen/tuinbouwgemeente/$"))
    expect(estimate.locator(".kb-zoals-casussen")).to_have_attribute("data-aantal", re.compile(r"^\d+$"))
    # the estimate never turns into a classification, nor changes the indication
    expect(result.locator(".kb-zoals-indicatie")).to_contain_text(questions[gorinchem["indicatie"]["type"]]["label"])

    test.get_by_role("button", name="Opnieuw beginnen").click()
    while test.get_by_role("button", name="Nee").count():
        test.get_by_role("button", name="Nee").click()
    expect(test.locator(".kb-zoals-inschatting")).to_contain_text("Geen van de typen past volgens uw antwoorden duidelijk")
    expect(test.locator(".kb-zoals-antwoorden li")).to_have_count(len([t for t in questions.values() if t["zelftoets"]]))
    assert_clean(web)


def test_the_address_restores_the_choice(web):
    page = web.open(f"{LOOKUP}?gemeente=westland")
    expect(page.get_by_role("combobox", name="Uw gemeente")).to_have_value("Westland")
    expect(page.locator("#kb-zoals-naam")).to_have_text("Westland")
    expect(page.locator("[aria-busy=true]")).to_have_count(0)
    # the slug of a former municipality leads to its successor, and the address is made canonical
    page = web.open(f"{LOOKUP}?gemeente=leerdam")
    expect(page.locator("#kb-zoals-naam")).to_have_text("Vijfheerenlanden")
    expect(page.locator(".kb-zoals-via")).to_contain_text("Leerdam is op 1 januari 2019 opgegaan in Vijfheerenlanden")
    assert page.url.endswith("?gemeente=vijfheerenlanden")
    assert_clean(web)


# --- Kaart ----------------------------------------------------------------------------------------

INTERIOR_POINT = """(shape) => {
  // a point inside the shape where a click really lands on it (not on a neighbour)
  const box = shape.getBBox(), matrix = shape.getScreenCTM();
  for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
    const point = new DOMPoint(box.x + box.width * i / 24, box.y + box.height * j / 24);
    if (!shape.isPointInFill(point)) continue;
    const screen = point.matrixTransform(matrix);
    if (document.elementFromPoint(screen.x, screen.y) === shape) return {x: screen.x, y: screen.y};
  }
  return null;
}"""


def open_map(web):
    page = web.open(MAP)
    expect(page.locator("#kb-kaart[data-geladen]")).to_be_attached()
    return page


def click_municipality(page, code: str):
    shape = page.locator(f"path.kb-kaart-gemeente[data-code={code}]")
    shape.scroll_into_view_if_needed()
    point = shape.evaluate(INTERIOR_POINT)
    assert point, f"no clickable point inside {code}"
    page.mouse.move(point["x"], point["y"])
    return point


def test_the_map_draws_every_municipality_and_stays_on_the_site(web, site, municipalities):
    topology = json.loads((site / "data" / "gemeenten_2025.topojson").read_text(encoding="utf-8"))
    codes = {g["properties"]["statcode"] for g in topology["objects"]["gemeente_2025"]["geometries"]}
    assert len(codes) == len(municipalities["gemeenten"]) == 342
    page = open_map(web)
    shapes = page.locator("svg.kb-kaart-svg path.kb-kaart-gemeente")
    expect(shapes).to_have_count(342)
    assert set(shapes.evaluate_all("els => els.map(e => e.dataset.code)")) == codes
    assert all(d and d.startswith("M") for d in shapes.evaluate_all("els => els.map(e => e.getAttribute('d'))"))
    expect(page.locator("svg a.kb-kaart-link")).to_have_count(342)  # every municipality has a page
    # every municipality coloured by its type by the one rule; claimed ones also get a thick edge
    fills = dict(shapes.evaluate_all("els => els.map(e => [e.dataset.code, e.getAttribute('fill')])"))
    grounds = dict(shapes.evaluate_all("els => els.map(e => [e.dataset.code, e.dataset.grond])"))
    for g in municipalities["gemeenten"]:
        kind = g["type"]["typen"][0] if len(g["type"]["typen"]) == 1 else "meerdere"
        assert fills[g["code"]] == f"url(#kb-kaart-p-{kind})", g["naam"]
        assert grounds[g["code"]] == g["type"]["grond"], g["naam"]
    claimed = sum(g["type"]["grond"] == "bron" for g in municipalities["gemeenten"])
    expect(page.locator(".kb-kaart-randen path.kb-kaart-rand-bron")).to_have_count(claimed)
    legend = page.locator("#kb-kaart-legenda-lijst li")
    expect(legend.filter(has_text="Tuinbouwgemeente")).to_contain_text("staande lijnen")  # not colour alone
    expect(legend.filter(has_text="Dikke rand")).to_contain_text(f"type volgens de bronnen ({claimed} gemeenten)")
    expect(legend.filter(has_text="Dunne rand")).to_contain_text(f"indicatie, berekend uit CBS-cijfers 2017, geen indeling door de WRR ({342 - claimed} gemeenten)")
    expect(legend.get_by_role("link", name="methode")).to_have_attribute("href", re.compile(r"/methode/$"))
    expect(page.locator(".kb-basis", has_text="CBS/Kadaster via PDOK")).to_be_visible()
    assert_clean(web)


def test_hover_shows_the_name_and_a_click_opens_the_municipality_page(web, municipalities):
    tiel = by_slug(municipalities, "tiel")
    assert tiel["pagina"]
    page = open_map(web)
    click_municipality(page, tiel["code"])
    label = page.locator("#kb-kaart-label")
    expect(label).to_be_visible()
    expect(label.locator("strong")).to_have_text("Tiel")
    expect(label).to_contain_text("casus")
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url(re.compile(r"/gemeenten/tiel/$"))
    expect(page.locator("h1")).to_have_text("Tiel")
    assert_clean(web)


def test_keyboard_reaches_every_municipality_page_and_focus_shows_the_name(web, municipalities):
    with_page = sorted((g for g in municipalities["gemeenten"] if g["pagina"]),
                       key=lambda g: g["naam"].lower().lstrip("'"))
    page = open_map(web)
    page.locator(".kb-kaart-overslaan").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.slug")
    assert focused == with_page[0]["slug"]
    label = page.locator("#kb-kaart-label")
    expect(label).to_be_visible()
    expect(label.locator("strong")).to_have_text(with_page[0]["naam"])
    expect(page.locator(".kb-kaart-ring")).to_be_visible()
    page.keyboard.press("Escape")  # the label can be dismissed
    expect(label).to_be_hidden()
    page.keyboard.press("Tab")
    expect(label.locator("strong")).to_have_text(with_page[1]["naam"])
    # Every municipality with a page is one tab stop, in alphabetical order. Sequential focus
    # follows the document order of focusable elements when no tabindex is positive, so that order
    # is read from the page (pressing Tab 342 times took 16 s and showed the same), and real Tab
    # presses check the steps in the middle and out of the map.
    stops = page.evaluate("""() => {
      const positive = [...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length;
      return [positive, [...document.querySelectorAll('svg.kb-kaart-svg a')].map((a) => {
        const box = a.getBoundingClientRect();
        const focusable = a.tabIndex === 0 && a.hasAttribute('href') && !a.closest('[aria-hidden="true"], [inert]') && box.width > 0;
        return focusable ? a.dataset.slug : 'niet focusbaar: ' + a.dataset.slug;
      })];
    }""")
    assert stops == [0, [g["slug"] for g in with_page]] and len(with_page) == 342
    middle = len(with_page) // 2
    page.evaluate("(slug) => document.querySelector(`svg.kb-kaart-svg a[data-slug='${slug}']`).focus()", with_page[middle]["slug"])
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.slug") == with_page[middle + 1]["slug"]
    expect(label.locator("strong")).to_have_text(with_page[middle + 1]["naam"])
    page.evaluate("(slug) => document.querySelector(`svg.kb-kaart-svg a[data-slug='${slug}']`).focus()", with_page[-1]["slug"])
    page.keyboard.press("Tab")  # out of the map
    assert page.evaluate("() => document.activeElement.closest('svg.kb-kaart-svg') === null")
    expect(label).to_be_hidden()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.dataset.slug") == with_page[-1]["slug"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/gemeenten/{re.escape(with_page[-1]['slug'])}/$"))
    assert_clean(web)


# --- Finder: a municipality's family, and the type groups of a type page ---------------------------

def test_the_finder_narrows_to_a_family_with_lijkt_op(web, municipalities, cases):
    g = max(municipalities["gemeenten"], key=lambda g: g["casussen_familie"])
    expected = [c for c in cases if g["slug"] in c["lijkt_op"]]
    assert len(expected) == g["casussen_familie"] > 0
    page = web.open(f"/zoeken/?lijkt_op={g['slug']}")
    expect(page.locator("#kb-resultaten")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#kb-aantal")).to_contain_text(f"{len(expected)} casus")
    expect(page.locator("#kb-aantal")).to_contain_text(f"lijken op {g['naam']}")  # the name, not the address's slug
    shown = page.locator("#kb-resultaten h2 a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert shown and all(href.lstrip("/") in {c["url"] for c in expected} for href in shown)
    assert_clean(web)


def test_a_type_page_groups_its_cases_and_links_each_group_to_the_finder(web, cases):
    slug = max(("voorstad", "gemiddelde-gemeente", "tuinbouwgemeente"), key=lambda s: sum(s in c["typen"] for c in cases))
    page = web.open(f"/typen/{slug}/")
    for ground in ("bron", "indicatie"):
        count = sum(f"{slug}-{ground}" in c["facetten"]["typegrond"] for c in cases)
        if not count:
            continue
        heading = page.locator("h3", has_text="volgens de bronnen" if ground == "bron" else "als indicatie")
        expect(heading).to_contain_text(f"({count})")
        finder = page.locator(f"a[href$='zoeken/?typegrond={slug}-{ground}']")
        expect(finder).to_have_count(1)
        finder.click()
        expect(page.locator("#kb-resultaten")).to_have_attribute("aria-busy", "false")
        expect(page.locator("#kb-aantal")).to_contain_text(f"{count} casus")
        page.go_back()
    assert_clean(web)
