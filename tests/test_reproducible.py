"""Builds are reproducible: with SOURCE_DATE_EPOCH fixed, two builds of the same sources give
the same site byte for byte (but for Pagefind's filter index, see below), and every date the build
writes is that day. And the search index reads exactly the pages that ask for it."""
from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from conftest import SITE_EPOCH, TODAY
from kennisbank import postbuild
from kennisbank.build import build_site
from test_build_cache import checked  # noqa: F401 - which cases were checked, not taken from the cache

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_second_build_with_source_date_epoch_is_identical_and_uses_its_date(site, tmp_path, monkeypatch, vocabularies_loaded_once,
                                                                              checked):  # noqa: F811
    """The shared site (conftest.site: built from scratch with SOURCE_DATE_EPOCH=SITE_EPOCH) and a
    second build of the same sources into other folders, incremental: every case from the build
    cache the first one left, the vocabularies loaded afresh."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(SITE_EPOCH))
    with vocabularies_loaded_once.fresh():
        build_site(site=tmp_path / "site", quiet=True, today=TODAY, out_dir=tmp_path / "docs", cache_dir=site.parent / "cache")
    assert checked == [], "the second build took every case from the cache"
    sites = [tree(site), tree(tmp_path / "site")]
    ours = [{name: data for name, data in built.items() if not name.startswith("pagefind/")} for built in sites]
    assert ours[0].keys() == ours[1].keys()
    assert [name for name in ours[0] if ours[0][name] != ours[1][name]] == []
    # Pagefind's own output: its fragments (the page texts) are stable, but it writes its filter
    # and metadata index in hash-map order, which changes per run (Pagefind/pagefind#638).
    fragments = [{name: data for name, data in built.items() if name.startswith("pagefind/fragment/")} for built in sites]
    assert fragments[0] and fragments[0] == fragments[1]

    day = dt.datetime.fromtimestamp(SITE_EPOCH, dt.UTC).date()
    assert day == TODAY and "gemaakt 30 november 2026" in (site / "portfolio" / "specifieke-minderheidsgroep" / "index.html").read_text(encoding="utf-8")
    assert f"<lastmod>{day.isoformat()}</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert handle.read() == (site / "sitemap.xml").read_bytes()
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == SITE_EPOCH, "gzip header time"


def test_every_page_marked_for_the_search_index_is_read_by_pagefind(site):
    marked = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                    if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert marked, "no page asks to be indexed"
    read = {p.relative_to(site).as_posix() for p in site.glob(postbuild.INDEXED_PAGES)}
    assert [page for page in marked if page not in read] == []
