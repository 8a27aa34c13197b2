"""Parity with Zensical, Material's successor: the same generator output rendered by Zensical 0.0.73
(its own environment, `make zensical-setup`) gives the same pages, the CSP, sanitised contributed
text with prefixed heading ids, and a working search index, because our own post-build steps run
after it just as after MkDocs. Skipped only when Zensical could not be installed, with the reason."""
from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from kennisbank import paths, postbuild
from kennisbank.build import ZENSICAL, read_settings, render_site
from kennisbank.contributed import FRAGMENT_END, FRAGMENT_START


@pytest.fixture(scope="module")
def zensical_site(site):
    """Zensical renders the very docs the shared MkDocs site was made from (conftest.site keeps
    them beside it), and our post-build steps follow as in `make build-zensical`. Its site lies
    beside the shared one: Zensical writes only inside the folder of its configuration."""
    if not ZENSICAL.exists():
        log = paths.ROOT / ".venv-zensical.log"
        reason = log.read_text(encoding="utf-8", errors="replace")[-600:] if log.exists() else "make zensical-setup is niet gedraaid"
        pytest.skip(f"Zensical kon niet worden geïnstalleerd: {reason}")
    target = site.parent / "zensical-site"
    render_site(site.parent / "docs", target, renderer="zensical", quiet=True)
    return target


def pages(site):
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_zensical_builds_the_same_pages(zensical_site, site):
    assert pages(zensical_site) == pages(site)


def test_every_zensical_page_starts_with_the_csp(zensical_site):
    csp = read_settings().csp
    for page in sorted(zensical_site.rglob("*.html")):
        head = lxml_html.fromstring(page.read_bytes()).find("head")
        first_meta = head.xpath("./meta[@http-equiv]")[0]
        assert first_meta.get("http-equiv") == "Content-Security-Policy" and first_meta.get("content") == csp, page


def test_zensical_pages_hold_sanitised_fragments_and_prefixed_heading_ids(zensical_site):
    case_pages = sorted((zensical_site / "casussen").glob("*/index.html"))
    assert case_pages
    for page in case_pages:
        text = page.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in text:
            continue  # a redirect for an old id
        found = re.findall(re.escape(FRAGMENT_START) + "(.*?)" + re.escape(FRAGMENT_END), text, re.DOTALL)
        assert found, page
        for fragment in found:
            assert not re.search(r"\s(id|class|style|data-[\w-]+|on\w+)=", fragment), page
        tree = lxml_html.fromstring(text)
        ids = [h.get("id") for h in tree.xpath("//article//h2[@id]")]
        assert ids and all(i.startswith("h-") for i in ids), (page, ids)
    assert postbuild.sanitise_site(zensical_site) == 0, "the post-build step already ran after Zensical"


def test_zensical_site_has_a_working_search_index(zensical_site, site):
    entry = json.loads((zensical_site / postbuild.PAGEFIND_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    reference = json.loads((site / postbuild.PAGEFIND_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    assert counts == {lang: info["page_count"] for lang, info in reference["languages"].items()} and sum(counts.values()) > 0
