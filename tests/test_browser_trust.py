"""Accessibility (axe-core, WCAG 2.1 A/AA) and privacy of every kind of page, in real Chromium,
in light and dark mode; keyboard use; no request to another host; no CSP violation."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import RecordingPage

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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_axe_violations_no_foreign_request_no_csp_error(tab, base_url, kind, scheme):
    recording = RecordingPage(tab.fresh(scheme=scheme), base_url)
    try:
        page = recording.open(PAGE_KINDS[kind])
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected_scheme
        # Dutch, with one h1 (checked here, on the page already loaded, rather than loading every kind again)
        language, headings = page.get_attribute("html", "lang"), page.locator("h1").count()
        results = AXE.run(page, options=AXE_OPTIONS)
    finally:
        recording.stop()
    assert (language, headings) == ("nl", 1)
    assert describe(results.response["violations"]) == []
    assert [url for url in recording.requests if not url.startswith(base_url)] == []
    assert recording.errors == []


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
