"""Accessibility (axe-core, WCAG 2.1 A/AA) and privacy of every kind of page, in real Chromium,
in light and dark mode; keyboard use; no request to another host; no CSP violation."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import RecordingPage, wait_until_ready

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}

# one page of every kind; the finder twice (filters applied, and a text search)
PAGE_KINDS = {
    "home": "/",
    "wrr-type": "/typen/tuinbouwgemeente/",
    "types-overview": "/typen/",
    "pillar": "/pijlers/wonen-leefbaarheid/",
    "instrument": "/instrumenten/100-meterregel/",
    "instruments-overview": "/instrumenten/",
    "municipality": "/gemeenten/tiel/",
    "municipalities-overview": "/gemeenten/",
    "case": "/casussen/tiel-huisvesting-arbeidsmigranten/",
    "finder-with-filters": "/zoeken/?type=tuinbouwgemeente&pijler=wonen-leefbaarheid",
    "search-results": "/zoeken/?q=dialoog",
    "lookup": "/zoals-de-mijne/?gemeente=westland",
    "map": "/kaart/",
    "coverage-matrix": "/dekking/",
    "field-reference": "/velden/",
    "glossary": "/afkortingen/",
    "contributing": "/bijdragen/",
    "accessibility-statement": "/toegankelijkheid/",
    "method": "/methode/",
    "former-municipality": "/gemeenten/leerdam/",
    "finder-family": "/zoeken/?lijkt_op=zaanstad",
    "lookup-indication": "/zoals-de-mijne/?gemeente=zaanstad",
    "not-found": "/404.html",
    "finder-no-results": "/zoeken/?q=Oss",  # no case names Oss
}


def describe(violations) -> list[str]:
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations]


# A long table or list repeats a few shapes of row or item with other text: axe's colour check costs
# time per element (5 s for the 342 rows of the municipalities overview), and a row that looks like
# one already checked adds nothing. So in a table body or list of more than SAMPLED_FROM rows or
# items, the first of each shape is checked and the rest set aside: the shape is every element's
# tag, classes and attribute names (not text, not link targets), and the place (odd, even: a
# striped table has two backgrounds).
SAMPLED_FROM = 40
SET_ASIDE = "data-axe-overgeslagen"
SAMPLE_ROWS = """([limit, mark]) => {
  const shape = (row, index) => [index % 2, ...[row, ...row.querySelectorAll('*')].map((e) =>
    e.tagName + '.' + e.className + '[' + [...e.attributes].map((a) => a.name).filter((n) => n !== 'href').sort() + ']')].join(' ');
  let setAside = 0;
  const groups = [...document.querySelectorAll('table tbody')].map((body) => [...body.rows])
    .concat([...document.querySelectorAll('ul, ol')].map((list) => [...list.children].filter((c) => c.tagName === 'LI')));
  for (const rows of groups) {
    if (rows.length <= limit) continue;
    const seen = new Set();
    rows.forEach((row, index) => {
      const key = shape(row, index);
      if (seen.has(key)) { row.setAttribute(mark, ''); setAside += 1; } else seen.add(key);
    });
  }
  return setAside;
}"""


def check_with_axe(page) -> list[str]:
    """axe-core on the page as it is now; the script (half a megabyte) is put in once per page load."""
    page.evaluate(SAMPLE_ROWS, [SAMPLED_FROM, SET_ASIDE])
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    results = page.evaluate("([context, options]) => axe.run(context, options)", [{"exclude": [[f"[{SET_ASIDE}]"]]}, AXE_OPTIONS])
    return describe(results["violations"])


def switch_to_dark(page) -> None:
    """The visitor's own switch in the header (our styles key on data-md-color-scheme, never on the
    media query, so this is the same dark page as with a dark system setting; that one is
    checked in test_a_dark_system_setting_gives_the_dark_scheme). Colour transitions end first:
    axe must not read a colour halfway."""
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_selector("body[data-md-color-scheme='slate']", state="attached")
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_axe_violations_light_and_dark_no_foreign_request_no_csp_error(tab, base_url, kind):
    recording = RecordingPage(tab.fresh(scheme="light"), base_url)
    try:
        page = recording.open(PAGE_KINDS[kind])
        light_scheme = page.get_attribute("body", "data-md-color-scheme")
        # Dutch, with one h1 (checked here, on the page already loaded, rather than loading every kind again)
        language, headings = page.get_attribute("html", "lang"), page.locator("h1").count()
        light = check_with_axe(page)
        switch_to_dark(page)
        dark = check_with_axe(page)
    finally:
        recording.stop()
    assert (light_scheme, language, headings) == ("default", "nl", 1)
    assert {"licht": light, "donker": dark} == {"licht": [], "donker": []}
    assert [url for url in recording.requests if not url.startswith(base_url)] == []
    assert recording.errors == []


def test_row_sampling_sets_aside_only_rows_shaped_like_one_checked(web):
    """The municipalities overview: of its 342 rows only a handful of shapes, each kept once."""
    page = web.open(PAGE_KINDS["municipalities-overview"])
    rows = page.locator("table tbody tr").count()
    set_aside = page.evaluate(SAMPLE_ROWS, [SAMPLED_FROM, SET_ASIDE])
    kept = page.locator(f"table tbody tr:not([{SET_ASIDE}])")
    assert rows > SAMPLED_FROM and set_aside == rows - kept.count() and 2 <= kept.count() < 40
    # a row with another shape (here: a class added) is kept, not set aside
    page.evaluate(f"() => document.querySelectorAll('table tbody tr').forEach((r) => r.removeAttribute('{SET_ASIDE}'))")
    page.evaluate("() => document.querySelectorAll('table tbody tr')[100].classList.add('anders')")
    page.evaluate(SAMPLE_ROWS, [SAMPLED_FROM, SET_ASIDE])
    assert page.locator(f"table tbody tr:nth-child(101):not([{SET_ASIDE}])").count() == 1


def test_a_dark_system_setting_gives_the_dark_scheme(tab, base_url):
    page = tab.fresh(scheme="dark")
    page.goto(base_url + "/")
    wait_until_ready(page)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"


def test_focus_is_visible_and_tab_never_gets_stuck(web):
    page = web.open("/zoeken/?type=voorstad")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const e = document.activeElement;
            const visible = (el) => { const s = getComputedStyle(el);
              return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'; };
            // a visually hidden control (Material's palette switch) shows focus on the label after it
            const label = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' && e.nextElementSibling;
            return [e.tagName + '#' + e.id + '.' + e.className, visible(e) || (label && visible(label))] }""")
        seen.append(info[0])
        assert info[1] or info[0].startswith("BODY"), f"no visible focus on {info[0]}"
    assert len(set(seen)) > 20, "focus does not move through the page"


def test_theme_toggle_works_under_the_csp(web):
    page = web.open("/")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", before)
    page.reload()
    assert page.get_attribute("body", "data-md-color-scheme") != before, "the choice survives a reload (md-palette.js)"
    assert web.errors == []
