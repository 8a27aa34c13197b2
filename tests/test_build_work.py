"""Work the build does once instead of twice (issue #15): a case body is parsed where it is checked
and that fragment is what the pages show; Pagefind hands freed memory back at once."""
from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import markdown

from conftest import GOOD_CASE, TODAY, write
from kennisbank import contributed, postbuild
from kennisbank.checks import validate
from kennisbank.sanitize import sanitise

LINKED = GOOD_CASE.replace("## Aanpak\n\nTekst.", "## Aanpak\n\nZie [de nota](https://example.org/nota) en *de raad*.")
HOSTILE = GOOD_CASE.replace("## Aanpak\n\nTekst.", "## Aanpak\n\n<script>alert(1)</script> en [x](javascript:alert(1))")


def test_a_checked_body_comes_with_its_fragment(vocab, examples_dir):
    paths = [write(examples_dir, "tiel-goed.md", LINKED), write(examples_dir, "tiel-kwaad.md", HOSTILE)]
    cases, problems = validate(paths, vocab, {p.stem for p in paths}, TODAY, render=True)
    by_id = {case.id: case for case in cases}
    good = by_id["tiel-goed"]
    assert good.fragment == sanitise(contributed.markdown.markdown(good.body, extensions=["toc", "tables", "admonition", "sane_lists"]))
    assert '<a href="https://example.org/nota" rel="noopener noreferrer">de nota</a>' in good.fragment
    # a body with errors is never rendered: the build stops on it anyway
    assert any(p.path.endswith("tiel-kwaad.md") and p.level == "fout" for p in problems)
    assert by_id["tiel-kwaad"].fragment is None
    plain, _ = validate(paths[:1], vocab, {"tiel-goed"}, TODAY)  # the validator alone renders nothing
    assert plain[0].fragment is None


def test_pages_show_the_remembered_fragment():
    body = "## Kop\n\nGewone *tekst*."
    fresh = contributed.render_fragment(body)
    try:
        contributed.remember_fragments({body: "<p>uit de controle</p>"})
        assert contributed.render_fragment(body) == "<p>uit de controle</p>"
        assert contributed.render_fragment("Iets anders.") == "<p>Iets anders.</p>"
    finally:
        contributed.remember_fragments({})
    assert contributed.render_fragment(body) == fresh


def test_a_body_is_parsed_once_for_its_checks_and_both_pages_that_show_it(vocab, examples_dir, monkeypatch):
    path = write(examples_dir, "tiel-goed.md", LINKED)
    parsed = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: parsed.append(text) or convert(md, text))
    contributed.remember_fragments({})
    try:
        body = validate([path], vocab, {"tiel-goed"}, TODAY, render=True)[0][0].body
        contributed.contributed_sections(body)  # the case page
        contributed.contributed_markdown(body, demote=1)  # the portfolio page
    finally:
        contributed.remember_fragments({})
    assert parsed.count(body) == 1


def test_pagefind_runs_with_memory_handed_back_at_once(tmp_path, monkeypatch):
    seen = {}

    def run(command, **kwargs):
        source = Path(command[command.index("--site") + 1])
        seen.update(command=command, env=kwargs.get("env"), pages=sorted(p.relative_to(source).as_posix() for p in source.rglob("*.html")))
        return subprocess.CompletedProcess(command, 0, "", "")

    page = tmp_path / "casussen" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="nl"><head><title>x</title></head><body><nav>menu</nav><div data-pagefind-body><h1>x</h1></div></body></html>')
    (tmp_path / "over.html").write_text("<html><body>niet geïndexeerd</body></html>")
    monkeypatch.setattr(postbuild.subprocess, "run", run)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    postbuild.index_site(tmp_path)
    assert seen["command"][seen["command"].index("--output-path") + 1] == str(tmp_path / postbuild.PAGEFIND_DIR)
    assert seen["pages"] == ["casussen/x/index.html"]  # the scratch copy holds the indexed pages only, at their own paths
    assert seen["env"]["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"
    assert seen["env"]["PATH"] == "/usr/bin:/bin"
    assert postbuild.pagefind_environment({"A": "1"}) == {"A": "1", "_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}


def test_pagefind_reads_only_the_marked_part_and_its_head():
    page = (b'<!doctype html><html lang="nl"><head><title>T</title></head><body class="b"><nav><a href="/">menu</a></nav>'
            b'<main><article><div data-pagefind-body><h1>T</h1><p>tekst</p></div></article></main><footer>voet</footer></body></html>')
    assert postbuild.indexed_part(page) == (b'<!doctype html><html lang="nl"><head><title>T</title></head><body>'
                                            b'<div data-pagefind-body><h1>T</h1><p>tekst</p></div></article></main><footer>voet</footer></body></html>')
    # a Pagefind attribute before the marked element (a filter, metadata) keeps the page whole, as does a page without one
    kept = page.replace(b'<nav>', b'<nav data-pagefind-filter="x:y">')
    assert postbuild.indexed_part(kept) == kept
    unmarked = page.replace(b" data-pagefind-body", b"")
    assert postbuild.indexed_part(unmarked) == unmarked


def test_the_index_is_the_one_pagefind_makes_of_the_whole_pages(site, tmp_path):
    """Same fragments (what a result shows) and same word index, byte for byte, as Pagefind makes
    from the complete pages. (Its filter files carry a hash that changes between any two runs.)"""
    whole = tmp_path / "heel"
    result = subprocess.run(postbuild.pagefind_command(site, whole), capture_output=True, text=True, env=postbuild.pagefind_environment())
    assert result.returncode == 0, result.stderr
    cut = tmp_path / "deel"
    assert postbuild.run_pagefind(site, cut).returncode == 0

    def files(folder: Path, kind: str) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (folder / kind).iterdir()}
    assert files(cut, "fragment") == files(whole, "fragment") and len(files(whole, "fragment")) > 40
    assert files(cut, "index") == files(whole, "index")


def test_each_case_field_is_indexed_once(site):
    """Title and summary are metadata of a result, and Pagefind searches metadata too: the indexed
    text of a case holds neither again, and no case carries a filter value per family it belongs to
    (the finder filters on the family's municipalities)."""
    cases = {"/" + case["url"]: case for case in json.loads((site / "data" / "casussen.json").read_text(encoding="utf-8"))}
    fragments = [json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
                 for path in (site / postbuild.PAGEFIND_DIR / "fragment").iterdir()]
    assert sorted(fragment["url"] for fragment in fragments) == sorted(cases)
    for fragment in fragments:
        case, content, meta = cases[fragment["url"]], fragment["content"], fragment["meta"]
        assert (meta["title"], meta["samenvatting"]) == (case["titel"], case["samenvatting"])
        assert case["titel"] not in content and case["samenvatting"] not in content, fragment["url"]
        assert "lijkt_op" not in fragment["filters"]
        assert fragment["filters"]["gemeente"] == [municipality["slug"] for municipality in case["gemeenten"]]
