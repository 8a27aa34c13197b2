"""Privacy and safety without a browser: every built page and stylesheet refers only to the site
itself, every page carries the CSP, and the loader and validator answer arbitrary input with a
clean Dutch message, never a traceback. Hostile contributions: tests/test_hostile.py."""
from __future__ import annotations

import re
import string
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from conftest import TODAY, write
from kennisbank import paths, siteconfig
from kennisbank.casefile import CaseFileError, read_case
from kennisbank.checks import validate

RESOURCE_RELS = {"stylesheet", "icon", "shortcut", "manifest", "preload", "modulepreload", "prefetch", "apple-touch-icon"}
CSP = siteconfig.load(paths.MKDOCS_CONFIG)["extra"]["csp"]


def is_foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for page in built_pages(site):
        tree = lxml_html.fromstring(page.read_bytes())
        for element in tree.xpath("//*[@src]"):
            if is_foreign(element.get("src")):
                offenders.append(f"{page.relative_to(site)}: <{element.tag} src={element.get('src')}>")
        for link in tree.xpath("//link[@href]"):
            rels = set((link.get("rel") or "").lower().split())
            if rels & RESOURCE_RELS and is_foreign(link.get("href")):
                offenders.append(f"{page.relative_to(site)}: <link rel={link.get('rel')} href={link.get('href')}>")
        for style in tree.xpath("//style/text()|//*[@style]/@style"):
            offenders += [f"{page.relative_to(site)}: url({u})" for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", style) if is_foreign(u)]
    assert offenders == []


def test_no_stylesheet_points_to_another_host(site):
    offenders = []
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8", errors="replace")):
            if is_foreign(url):
                offenders.append(f"{sheet.relative_to(site)}: {url}")
        if "@import" in sheet.read_text(encoding="utf-8", errors="replace") and "fonts.googleapis" in sheet.read_text(encoding="utf-8"):
            offenders.append(f"{sheet.relative_to(site)}: Google Fonts")
    assert offenders == []


def test_every_page_starts_with_the_csp_and_has_no_inline_script(site):
    for page in built_pages(site):
        tree = lxml_html.fromstring(page.read_bytes())
        head = tree.find("head")
        first_meta = head.xpath("./meta[@http-equiv]")[0]
        assert first_meta.get("http-equiv") == "Content-Security-Policy" and first_meta.get("content") == CSP, page
        assert head.index(first_meta) <= 1, f"{page}: the CSP must come before anything it governs"
        for script in tree.xpath("//script[not(@src)]"):
            assert script.get("type") == "application/json", f"{page}: inline script {script.text[:60]!r}"
        assert not tree.xpath("//*[@style]"), f"{page}: inline style attribute"
        assert not tree.xpath("//style"), f"{page}: <style> element"


def test_external_links_in_cases_do_not_leak_the_referrer(site):
    for page in (site / "casussen").rglob("index.html"):
        tree = lxml_html.fromstring(page.read_bytes())
        for link in tree.xpath("//article//a[starts-with(@href, 'http')]"):
            assert {"noopener", "noreferrer"} <= set((link.get("rel") or "").split()), (page, link.get("href"))


def test_the_csp_allows_only_the_site_itself():
    directives = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "unsafe-inline" not in CSP and "http" not in CSP and "*" not in CSP
    assert directives["object-src"] == "'none'"


# Hostile contributions (the attack table and the sanitiser): tests/test_hostile.py.


# --- arbitrary input: always a clean message ---------------------------------------------------

yaml_scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                         st.dates().map(lambda d: d.isoformat()), st.floats(allow_nan=False))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4), max_leaves=12)
FIELDS = ["titel", "samenvatting", "gemeenten", "wrr_typen", "pijlers", "instrumenten", "doelgroepen", "periode", "status",
          "bewijs", "bronnen", "laatst_gecontroleerd", "onderdeel_van", "contact", "actualiteit", "onbekend"]


# What jsonschema says in English when schemamessages has no Dutch message for an error, and the
# marks of an exception's text that leaked into a message: neither may reach a contributor.
UNTRANSLATED = re.compile(r"is not (of type|valid under|one of|a '|allowed for)|is a required property|does not match|"
                          r"is too (short|long)|was expected|[Aa]dditional properties|non-unique|is (less|greater) than|"
                          r"Traceback|Error\b|Exception|object at 0x|kreeg None\b")
MESSAGE = re.compile(r"^[^\s].*\S$", re.DOTALL)


def check_cleanly(vocab, directory: Path, content: bytes) -> None:
    path = directory / "x.md"
    path.write_bytes(content)
    _, problems = validate([path], vocab, {"x"}, TODAY)  # must not raise
    for problem in problems:
        assert problem.path.endswith("x.md") and problem.line >= 1 and MESSAGE.match(problem.message), problem
        assert not UNTRANSLATED.search(problem.message), f"untranslated or internal text reached a contributor: {problem}"
        assert "interne fout" not in problem.message  # the catch-all is a last resort, not an answer


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=10), body=st.text(max_size=300))
@example(front={"bronnen": 5}, body="")  # found by Hypothesis: a number where a list belongs
def test_arbitrary_front_matter_and_body_give_clean_messages(vocab, tmp_path, front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    check_cleanly(vocab, tmp_path, text.encode("utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_arbitrary_bytes_give_clean_messages(vocab, tmp_path, raw):
    check_cleanly(vocab, tmp_path, b"---\n" + raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=":-[]{}&*!|>'\"#\t\n %@`,?aZ0", max_size=120))
@example(text="[]:")  # found by Hypothesis: a list as a field name
@example(text="{a: b}: c")
@example(text="0:\n?")  # found by Hypothesis: a number and an empty value as field names
def test_yaml_syntax_soup_gives_clean_messages(vocab, tmp_path, text):
    check_cleanly(vocab, tmp_path, f"---\n{text}\n---\n".encode())


def test_alias_bomb_is_refused_before_it_expands(vocab, tmp_path):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)) + "---\n"
    path = write(tmp_path, "bom.md", bomb)
    # no timing here: expanded, the bomb is 9**9 items, so a loader that expanded it would not finish
    # (or run out of memory); the message shows the anchor guard refused it
    with pytest.raises(CaseFileError) as failure:
        read_case(path)
    assert "ankers en verwijzingen" in str(failure.value)
