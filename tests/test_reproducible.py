"""Builds are reproducible: with SOURCE_DATE_EPOCH fixed, two builds of the same sources give
the same site byte for byte (but for Pagefind's filter index, see below), and every date the build
writes is that day. And the search index
reads exactly the pages that ask for it."""
from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from conftest import GOOD_CASE, typology_without_redirects, write
from kennisbank import postbuild
from kennisbank.build import build_site

EPOCH = 1_767_225_600  # 2026-01-01 00:00 UTC


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_with_source_date_epoch_are_identical_and_use_its_date(tmp_path, monkeypatch, vocabularies_loaded_once):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "tiel-dialoog.md", GOOD_CASE)
    sites = []
    for run in ("een", "twee"):
        site = tmp_path / f"site-{run}"
        with vocabularies_loaded_once.fresh():  # each build from its sources, the vocabularies too
            build_site(site=site, quiet=True, examples=examples, typology=typology_without_redirects(tmp_path), out_dir=tmp_path / f"docs-{run}")
        sites.append(tree(site))
    ours = [{name: data for name, data in site.items() if not name.startswith("pagefind/")} for site in sites]
    assert ours[0].keys() == ours[1].keys()
    assert [name for name in ours[0] if ours[0][name] != ours[1][name]] == []
    # Pagefind's own output: its fragments (the page texts) are stable, but it writes its filter
    # and metadata index in hash-map order, which changes per run (Pagefind/pagefind#638).
    fragments = [{name: data for name, data in site.items() if name.startswith("pagefind/fragment/")} for site in sites]
    assert fragments[0] and fragments[0] == fragments[1]

    site = tmp_path / "site-een"
    day = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()
    assert "1 januari 2026" in (site / "portfolio" / "specifieke-minderheidsgroep" / "index.html").read_text(encoding="utf-8")
    assert f"<lastmod>{day.isoformat()}</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    with gzip.open(site / "sitemap.xml.gz") as handle:
        assert handle.read() == (site / "sitemap.xml").read_bytes()
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == EPOCH, "gzip header time"


def test_every_page_marked_for_the_search_index_is_read_by_pagefind(site):
    marked = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                    if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert marked, "no page asks to be indexed"
    read = {p.relative_to(site).as_posix() for p in site.glob(postbuild.INDEXED_PAGES)}
    assert [page for page in marked if page not in read] == []
