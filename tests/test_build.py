"""The whole build: a --strict build of the real content whose every internal link resolves, and a
broken case that stops the build with the validator's message and leaves the old site alone."""
from __future__ import annotations

import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from conftest import GOOD_CASE, TODAY, write
from kennisbank import paths
from kennisbank.build import BuildFailed, build_site, notice_lines
from kennisbank.checks import case_paths
from kennisbank.problems import Problem


def html_pages(site: Path) -> list[Path]:
    """Every page but 404.html, which MkDocs links with absolute paths from site_url on purpose."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def resolve(page: str, href: str, folders: set[str]) -> str | None:
    """The file an internal link on `page` points to, as a path inside the site (None for external
    links and anchors; a path that climbs out of the site keeps its leading '..'). By name, not
    through the file system: a built site holds no symbolic links, and the suite checks ~60,000 links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or target in folders:
        target = posixpath.normpath(posixpath.join(target, "index.html"))
    return target


def test_every_page_type_exists(site):
    real = case_paths(paths.EXAMPLES)
    assert real, "no real cases"
    for case in real:
        assert (site / "casussen" / case.stem / "index.html").exists(), case.stem
    for folder in ("typen", "pijlers", "instrumenten", "gemeenten", "casussen"):
        assert (site / folder / "index.html").exists(), folder
    for slug in ("meerderheid-minderhedenstad", "tuinbouwgemeente", "gemiddelde-gemeente"):
        assert (site / "typen" / slug / "index.html").exists()
    for page in ("velden", "over", "bijdragen", "privacy", "toegankelijkheid", "open-data"):
        assert (site / page / "index.html").exists(), page
    assert (site / "data" / "casussen.json").exists()


def test_every_internal_link_resolves(site):
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    folders = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()} | {"."}
    broken = []
    for page in html_pages(site):
        name = page.relative_to(site).as_posix()
        tree = lxml_html.fromstring(page.read_bytes())
        for link in tree.xpath("//*[not(self::base)]/@href | //@src"):
            target = resolve(name, link, folders)
            if target is not None and target not in files:
                broken.append(f"{name}: {link}")
    assert broken == []


def test_a_link_resolves_by_name_as_a_browser_would():
    folders = {".", "casussen", "casussen/a"}
    assert resolve("casussen/a/index.html", "../b/", folders) == "casussen/b/index.html"
    assert resolve("casussen/a/index.html", "../../", folders) == "index.html"
    assert resolve("casussen/a/index.html", "../a", folders) == "casussen/a/index.html"  # a folder without its slash
    assert resolve("index.html", "data/x.json?v=1#y", folders) == "data/x.json"
    assert resolve("index.html", "../buiten.html", folders) == "../buiten.html"  # out of the site: never a site file
    assert resolve("index.html", "https://example.org/", folders) is None and resolve("index.html", "#boven", folders) is None


def test_pages_are_dutch_and_titled(site):
    for page in html_pages(site):
        tree = lxml_html.fromstring(page.read_bytes())
        assert tree.get("lang") == "nl", page
        assert tree.findtext(".//title").strip(), page


def test_a_broken_case_stops_the_build_with_the_validators_message(tmp_path, shared_typology):
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "goed.md", GOOD_CASE)
    write(examples, "kapot.md", GOOD_CASE.replace("instrumenten: [leefbaarheidstoets]", "instrumenten: [leefbaarheidtoets]"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige site")
    with pytest.raises(BuildFailed) as failure:
        build_site(site=site, quiet=True, today=TODAY, examples=examples, typology=shared_typology, out_dir=tmp_path / "docs")
    assert "kapot.md:8: instrumenten[1]: 'leefbaarheidtoets' bestaat niet — bedoelde je 'leefbaarheidstoets'?" in str(failure.value)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "vorige site"
    assert not (tmp_path / "docs").exists(), "nothing is generated before validation passes"
    assert not list(tmp_path.glob(".site-*"))


def test_the_build_command_exits_non_zero_and_prints_the_message(tmp_path):
    bad = tmp_path / "kapot.md"
    bad.write_text(GOOD_CASE.replace("status: lopend", "status: bezig"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(paths.ROOT / "scripts" / "valideer.py"), str(bad)],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 1
    assert "kapot.md:11: status: 'bezig' is geen geldige waarde" in result.stdout
    assert "1 fout" in result.stderr


def test_an_old_review_date_is_a_notice_and_the_strict_build_still_succeeds(small_site):
    """oud.md (conftest.OLD_REVIEW_CASE) is built, with two other cases, in conftest.small_site."""
    site, printed = small_site.site, small_site.printed
    assert "oud.md:17: melding: laatst_gecontroleerd: 2023-06-30 is meer dan twee jaar geleden" in printed
    assert (site / "casussen" / "oud" / "index.html").exists()
    assert "23 november 2026" not in (site / "casussen" / "oud" / "index.html").read_text(encoding="utf-8")
    assert "30 juni 2023" in (site / "casussen" / "oud" / "index.html").read_text(encoding="utf-8")


def test_the_build_shows_the_first_notices_and_counts_the_rest():
    notices = [Problem(f"examples/c{n}.md", 3, f"advies {n}", level="melding") for n in range(12)]
    lines = notice_lines(notices, limit=10)
    assert lines[:10] == [str(notice) for notice in notices[:10]]
    assert lines[10:] == ["… en nog 2 meldingen; `make valideer` toont ze allemaal"]
    assert notice_lines(notices[:3], limit=10) == [str(notice) for notice in notices[:3]]
