"""Hostile contributions, table-driven: every file a stranger's pull request can change.

Each row of REFUSED is refused by validation alone, with the file and line asserted (never an
'interne fout', never a traceback). The rows of HARMLESS are built together in one real build and
every output is inspected: HTML, JSON, CSV, the feed (parsed as XML), the sitemap and the
metadata Pagefind indexes. A refused build leaves the previous site byte for byte as it was. The
POSITIVE corpus (real cases and good Markdown) builds unchanged.

Classes (issue #11): 1 text past the sanitiser, 2 ids that clobber the page, 3 text escaped before
Markdown, 4 tracebacks, 5 builds that never end, 6 control characters, 7 slug collisions,
8 forged messages, 9 unsafe link targets, 10 writing outside the repository.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from conftest import GOOD_CASE, TODAY, typology_without_redirects, write
from kennisbank import paths, postbuild
from kennisbank.build import BuildFailed, build_site
from kennisbank.contributed import FRAGMENT_END, FRAGMENT_START
from kennisbank import checks
from kennisbank.checks import case_paths
from kennisbank.untrusted import browser_url, printable
from kennisbank.validation import address_collisions, symlink_problems, validate_repository

BODY_LINE = GOOD_CASE.split("\n").index("## Aanpak") + 3  # the line where an attack in the body starts


def body_with(attack: str) -> str:
    return GOOD_CASE.replace("## Aanpak\n\nTekst.", f"## Aanpak\n\n{attack}")


def field(old: str, new: str) -> str:
    assert old in GOOD_CASE, old
    return GOOD_CASE.replace(old, new)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture
def repo(tmp_path):
    """A throw-away copy of the parts of the repository a contribution can change."""
    root = tmp_path / "repo"
    typology_without_redirects(root)
    shutil.copytree(paths.DOCS, root / "docs", symlinks=True)
    (root / "examples").mkdir()
    write(root / "examples", "goed.md", GOOD_CASE)
    return root


def validate(root: Path):
    _, _, problems = validate_repository(examples=root / "examples", typology=root / "typology",
                                         docs=root / "docs", today=TODAY)
    return problems


def validate_cases(examples: Path, vocab):
    """validate_repository's steps for a change to examples/ only, with the vocabularies loaded once."""
    found = case_paths(examples)
    cases, problems = checks.validate(found, vocab, {p.stem for p in found}, TODAY)
    problems = symlink_problems([examples]) + problems
    if not [p for p in problems if p.level == "fout"]:
        problems += address_collisions(cases, vocab)
    return problems


# --- refused by validation: (class, file to write, content, expected line, words in the message) ---
# A content of None means the row's setup function (SETUPS) prepares the repository itself.

def case_row(klass, name, text, line, words):
    return pytest.param(klass, f"examples/{name}", text, line, words, id=f"{klass}-{name}-{words[:24]}")


LONG_BRACKETS = body_with("[" * 60_000)
REFUSED = [
    # 1. markup past the sanitiser: raw HTML over several lines, after a fake fence, with attributes
    case_row(1, "x.md", body_with("<div\nid=\"__config\"\nclass=\"md-header\">x</div>"), BODY_LINE, "HTML-code <div>"),
    case_row(1, "x.md", body_with("```x```\n<span data-pagefind-meta=\"title:Nep\">y</span>"), BODY_LINE + 1, "HTML-code <span>"),
    case_row(1, "x.md", body_with("Tekst\n<a\nhref=x onclick=alert(1)>klik</a>"), BODY_LINE + 1, "HTML-code <a>"),
    case_row(1, "x.md", body_with("<!--\nverborgen\n-->"), BODY_LINE, "HTML-commentaar"),
    case_row(1, "x.md", body_with("Kop\n{: #__config .md-header }"), BODY_LINE + 1, "attributen tussen accolades"),
    # 4. tracebacks before: each now a message with a line
    case_row(4, "x.md", field("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: '0000-01-01'"),
             line_of(GOOD_CASE, "laatst_gecontroleerd"), "laatst_gecontroleerd"),
    case_row(4, "x.md", field("pijlers: [wonen-leefbaarheid]", "pijlers: " + "[" * 3000 + "]" * 3000),
             line_of(GOOD_CASE, "pijlers:"), "te diep genest"),
    case_row(4, "x.md", field("titel: Voorbeeldstad organiseert dialoogtafels", "titel: &a Tiel \x07"),
             2, "stuurteken (U+0007)"),
    case_row(4, "x.md", body_with("".join("  " * i + "- punt\n" for i in range(250))), BODY_LINE + 20, "te diep geneste lijst"),
    case_row(4, "x.md", body_with("> " * 200 + "diep"), BODY_LINE, "te diep geneste lijst of quote"),
    case_row(4, "x.md", field("gemeenten: [tiel]", "gemeenten:\n" + "".join(" " * i + "-\n" for i in range(1, 400))),
             line_of(GOOD_CASE, "gemeenten:") + 95, "te diep genest"),
    # 5. builds that never end: bracket runs and overlong lines are refused before any parse
    case_row(5, "x.md", LONG_BRACKETS, BODY_LINE, "te lang"),
    case_row(5, "x.md", body_with(("[" * 90 + "\n") * 10), BODY_LINE + 4, "vierkante haken"),
    case_row(5, "x.md", body_with("![a](" * 1500), BODY_LINE, "vierkante haken"),
    case_row(5, "x.md", body_with("x" * 10_001), BODY_LINE, "te lang (10001 tekens"),
    # 6. control and bidi characters, after YAML unescaping and raw in the body
    case_row(6, "x.md", field("titel: Voorbeeldstad organiseert dialoogtafels", 'titel: "Tiel\\0 dialoog"'), 2, "titel: bevat een onzichtbaar stuurteken (U+0000)"),
    case_row(6, "x.md", field("titel: Voorbeeldstad organiseert dialoogtafels", 'titel: "Tiel \\a\\b\\v\\e dialoog"'), 2, "(U+0007)"),
    case_row(6, "x.md", field("titel: Voorbeeldstad organiseert dialoogtafels", 'titel: "Tiel \\u202Egolaid"'), 2, "schrijfrichting omdraait (U+202E)"),
    case_row(6, "x.md", field("titel: Voorbeeldstad organiseert dialoogtafels", "titel: Tiel \u2066dialoog\u2069"), 2, "(U+2066)"),
    case_row(6, "x.md", field("onderdeel: Tiel", 'onderdeel: "Tiel\\x85"'), line_of(GOOD_CASE, "onderdeel:"), "bronnen[1].onderdeel: bevat een onzichtbaar stuurteken (U+0085)"),
    case_row(6, "x.md", field("onderdeel: Tiel", 'onderdeel: "Tiel\\tx"'), line_of(GOOD_CASE, "onderdeel:"), "(U+0009)"),
    case_row(6, "x.md", body_with("Tekst \x1b[31m rood"), BODY_LINE, "stuurteken (U+001B)"),
    case_row(6, "x.md", body_with("Tekst \u202e omgekeerd"), BODY_LINE, "(U+202E)"),
    # 7. slugs that take the address of a page the generator writes
    case_row(7, "index.md", GOOD_CASE, 1, "hetzelfde webadres (casussen/) als een pagina die de kennisbank zelf maakt"),
    # 8. forged messages: the echoed value stays on one line, escaped
    case_row(8, "x.md", field("status: lopend", 'status: "lopend\\n::error file=examples/other.md,line=1::nep"'),
             line_of(GOOD_CASE, "status:"), "lopend\\n::error file=examples/other.md"),
    case_row(8, "rood\x1b[2J\x1b[31m.md", GOOD_CASE, 1, "rood\\x1b[2J\\x1b[31m.md"),
    case_row(8, "Kapot\n::error file=x.md,line=1::nep.md", GOOD_CASE, 1, "Kapot\\n::error"),
    # 9. link targets judged as a browser reads them
    case_row(9, "x.md", body_with("[klik](&#106;avascript:alert(1))"), BODY_LINE, "onveilig adres (javascript:)"),
    case_row(9, "x.md", body_with("[klik](java&#x09;script:alert(1))"), BODY_LINE, "onveilig adres (javascript:)"),
    case_row(9, "x.md", body_with("[klik](java&#10;script:alert(1))"), BODY_LINE, "onveilig adres (javascript:)"),
    case_row(9, "x.md", body_with("[klik](&#x20;&#x20;JaVaScRiPt:alert(1))"), BODY_LINE, "onveilig adres (javascript:)"),
    case_row(9, "x.md", body_with("[klik](../../../../etc/passwd)"), BODY_LINE, "buiten de kennisbank"),
    case_row(9, "x.md", body_with("[klik](/etc/passwd)"), BODY_LINE, "buiten de kennisbank"),
    case_row(9, "x.md", body_with("[klik](//evil.example/x)"), BODY_LINE, "mist https:"),
    case_row(9, "x.md", body_with("[klik][r]\n\n[r]: &#x64;ata:text/html,x"), BODY_LINE + 2, "onveilig adres (data:)"),
    case_row(9, "x.md", body_with("Tekst.\n\n[ongebruikt]: vbscript:x"), BODY_LINE + 2, "onveilig adres (vbscript:)"),
    case_row(9, "x.md", body_with("![plaatje](https://tracker.example/p.png)"), BODY_LINE, "afbeeldingen kunnen niet"),
]


@pytest.mark.parametrize("klass,name,text,line,words", REFUSED)
def test_each_hostile_case_is_refused_with_file_and_line(tmp_path, vocab, klass, name, text, line, words):
    path = tmp_path / name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    problems = validate_cases(path.parent, vocab)
    wanted = [p for p in problems if p.line == line and words in p.message]
    assert wanted, [str(p) for p in problems]
    for problem in problems:
        assert "\n" not in str(problem) and "\x1b" not in str(problem), problem
        assert "interne fout" not in problem.message and "Traceback" not in problem.message, problem
        assert problem.path.endswith(printable(Path(name).name)), problem


def setup_instrument_folder(repo):
    (repo / "typology/instrumenten/x.yml").mkdir()
    return "typology/instrumenten/x.yml", 1, "is een map"


def setup_instrument_symlink(repo):
    (repo / "typology/instrumenten/nul.yml").symlink_to("/dev/zero")
    return "typology/instrumenten/nul.yml", 1, "symbolische koppelingen zijn niet toegestaan"


def setup_instrument_index(repo):
    source = next((repo / "typology/instrumenten").glob("*.yml"))
    shutil.copy(source, repo / "typology/instrumenten/index.yml")
    return "typology/instrumenten/index.yml", 1, "hetzelfde webadres (instrumenten/)"


def setup_synonyms_number(repo):
    (repo / "typology/synoniemen.yml").write_text("42\n", encoding="utf-8")
    return "typology/synoniemen.yml", 1, "moet een lijst zijn"


def setup_redirect_list(repo):
    (repo / "typology/omleidingen.yml").write_text("- van: oud\n  naar: [a, b]\n", encoding="utf-8")
    return "typology/omleidingen.yml", 1, "naar: de id van één casus"


def setup_alias_not_a_group(repo):
    with (repo / "typology/gemeenten/aliassen.yml").open("a", encoding="utf-8") as handle:
        handle.write("- 7\n")
    lines = (repo / "typology/gemeenten/aliassen.yml").read_text(encoding="utf-8").rstrip("\n").count("\n") + 1
    return "typology/gemeenten/aliassen.yml", lines, "elk item is een groep"


def setup_label_control(repo):
    path = next((repo / "typology/instrumenten").glob("*.yml"))
    text = path.read_text(encoding="utf-8")
    forged = 'label: "Klik\\e]8;;https://evil.example\\e\\\\hier"'
    path.write_text(re.sub(r"^label: .*$", lambda _: forged, text, count=1, flags=re.MULTILINE), encoding="utf-8")
    return f"typology/instrumenten/{path.name}", line_of(text, "label:"), "label: bevat een onzichtbaar stuurteken (U+001B)"


def setup_case_symlink_outside(repo):
    outside = repo.parent / "geheim.md"
    outside.write_text(GOOD_CASE, encoding="utf-8")
    (repo / "examples/lek.md").symlink_to(outside)
    return "examples/lek.md", 1, "symbolische koppelingen zijn niet toegestaan"


def setup_docs_symlink(repo):
    (repo / "docs/wachtwoorden.md").symlink_to("/etc/passwd")
    return "docs/wachtwoorden.md", 1, "symbolische koppelingen zijn niet toegestaan"


def setup_docs_folder_symlink(repo):
    (repo / "docs/extra").symlink_to(repo.parent)
    return "docs/extra", 1, "symbolische koppelingen zijn niet toegestaan"


def setup_huge_vocabulary(repo):
    (repo / "typology/synoniemen.yml").write_bytes(b"- [a, b]\n" * 300_000)
    return "typology/synoniemen.yml", 1, "te groot"


SETUPS = {
    4: [setup_instrument_folder, setup_instrument_symlink, setup_synonyms_number, setup_redirect_list, setup_alias_not_a_group,
        setup_huge_vocabulary],
    6: [setup_label_control],
    7: [setup_instrument_index],
    10: [setup_case_symlink_outside, setup_docs_symlink, setup_docs_folder_symlink],
}


@pytest.mark.parametrize("klass,setup", [(k, s) for k, setups in SETUPS.items() for s in setups],
                         ids=[f"{k}-{s.__name__}" for k, setups in SETUPS.items() for s in setups])
def test_each_hostile_repository_change_is_refused_with_file_and_line(repo, klass, setup):
    name, line, words = setup(repo)
    problems = validate(repo)
    wanted = [p for p in problems if p.path.endswith(name) and p.line == line and words in p.message]
    assert wanted, [str(p) for p in problems]
    assert not [p for p in problems if "interne fout" in p.message], problems


def test_reserved_names_follow_the_generators_own_page_plan(repo, monkeypatch):
    """With one case per list page, the overview gets casussen/pagina-2/: a case or a redirect
    of that name would take its address. No hand list knows this; the page plan does."""
    from kennisbank import render
    monkeypatch.setattr(render, "PAGE_SIZE", 1)
    write(repo / "examples", "pagina-2.md", GOOD_CASE)
    (repo / "typology/omleidingen.yml").write_text("- van: pagina-3\n  naar: goed\n", encoding="utf-8")
    write(repo / "examples", "tiel-derde.md", GOOD_CASE)
    problems = [str(p) for p in validate(repo)]
    assert any(p.endswith("examples/pagina-2.md:1: de naam 'pagina-2' geeft hetzelfde webadres (casussen/pagina-2/) als "
                          "een pagina die de kennisbank zelf maakt — kies een andere bestandsnaam") for p in problems), problems
    assert any(p.startswith("typology/omleidingen.yml:1: de naam 'pagina-3' geeft hetzelfde webadres") for p in problems), problems


def test_github_annotations_cannot_be_forged(repo, capsys, monkeypatch):
    import valideer
    monkeypatch.setattr(paths, "EXAMPLES", repo / "examples")
    write(repo / "examples", "goed.md", field("status: lopend", 'status: "lopend\\n::error file=examples/other.md,line=1::nep"'))
    write(repo / "examples", "a,line=9.md", GOOD_CASE)
    monkeypatch.setattr(valideer, "validate_repository", lambda only=None, today=None: validate_repository(
        only=only, examples=repo / "examples", typology=repo / "typology", docs=repo / "docs", today=TODAY))
    assert valideer.main(["--github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations and all(line.startswith("::error file=") for line in annotations), lines
    assert not any(line.startswith("::error file=examples/other.md") for line in lines)
    assert any("a%2Cline=9.md,line=1::" in line for line in annotations), annotations


def test_an_unexpected_exception_is_a_message_not_a_traceback(monkeypatch, capsys):
    import valideer
    monkeypatch.setattr(valideer, "validate_repository", lambda **kwargs: 1 / 0)
    assert valideer.main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("valideer: interne fout bij het controleren: ZeroDivisionError") and "Traceback" not in err


# --- output folders: the build writes only into ordinary folders --------------------------------

@pytest.mark.parametrize("folder", ["site", ".site-nieuw", ".site-oud"])
def test_a_symlinked_output_folder_is_refused_before_anything_is_written(tmp_path, folder):
    victim = tmp_path / "buiten"
    victim.mkdir()
    (victim / "bewaar.txt").write_text("blijft", encoding="utf-8")
    (tmp_path / folder).symlink_to(victim)
    with pytest.raises(BuildFailed, match="symbolische koppeling"):
        build_site(site=tmp_path / "site", quiet=True, today=TODAY, out_dir=tmp_path / "docs")
    assert [p.name for p in victim.iterdir()] == ["bewaar.txt"]
    assert not (tmp_path / "docs").exists()


def test_gitignore_patterns_match_symlinks_too():
    """`/build/` matches a folder only, so a pull request could commit a symlink named build."""
    lines = [line.strip() for line in (paths.ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()]
    for name in ("build", "site", ".site-nieuw", ".site-oud", ".cache"):
        assert f"/{name}" in lines and f"/{name}/" not in lines, name


# --- one real build of every harmless payload ---------------------------------------------------

JS = "Klik [x](javascript:alert(1)) en ![y](https://evil.example/p.png)"
PAYLOAD_TITLE = "Tiel *nadruk* [link](javascript:alert(1)) `code` __config & <3 #kop"
PAYLOAD_SUMMARY = "Samenvatting met [link](javascript:alert(1)), *sterretjes*, tekens < > & en data-pagefind-meta=\"title:Nep\" erin."
HARMLESS_BODY = """\
## Aanleiding

Autolink <https://www.example.org/a?b=1&c=2> en een code-span `<script>alert(1)</script>`.

    <script>alert("code-blok")</script>
    ## __config

> Een citaat met **vet**
> > en een citaat in een citaat

## __config

### __search

- een
    - twee
        - drie
            - vier diep

```x```
Na een nepfence gewoon tekst.

## Aanpak

مرحبا بالجميع — Привет — 你好 — שלום. LONG

## Resultaten

De bron noemt geen resultaten.

## Lessen en randvoorwaarden

Tekst.
"""


def hostile_instrument(vocab_dir: Path) -> str:
    """An instrument whose label and definition carry Markdown and HTML."""
    path = next((vocab_dir / "instrumenten").glob("*.yml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["label"] = JS
    data["definitie"] = "Definitie met [a](javascript:b) en <b onclick=x>vet</b> en {: .md-header } erin."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path.stem


@pytest.fixture(scope="module")
def harmless(tmp_path_factory):
    """The payloads that must build, built once, with checks on every output."""
    root = tmp_path_factory.mktemp("harmless")
    typology_without_redirects(root)
    instrument = hostile_instrument(root / "typology")
    examples = root / "examples"
    examples.mkdir()
    front = GOOD_CASE.split("---\n")[1]
    front = front.replace("instrumenten: [leefbaarheidstoets]", f"instrumenten: [leefbaarheidstoets, {instrument}]")
    front = front.replace("titel: Voorbeeldstad organiseert dialoogtafels", f"titel: {json.dumps(PAYLOAD_TITLE)}")
    front = front.replace("samenvatting: >-\n  Een voorbeeld van een goede casus met een samenvatting die lang genoeg is voor de regels.",
                          f"samenvatting: {json.dumps(PAYLOAD_SUMMARY)}")
    body = HARMLESS_BODY.replace("LONG", "Een heel lange alinea. " * 400)
    write(examples, "tiel-aanval.md", f"---\n{front}---\n\n{body}")
    write(examples, "goed.md", GOOD_CASE)
    for case in sorted(paths.EXAMPLES.glob("tiel-*.md")):  # some real cases beside them
        if "onderdeel_van" not in case.read_text(encoding="utf-8"):
            shutil.copy(case, examples / case.name)
    problems = validate_repository(examples=examples, typology=root / "typology", docs=paths.DOCS, today=TODAY)[2]
    assert not [p for p in problems if p.level == "fout"], problems
    site = root / "site"
    build_site(site=site, quiet=True, today=TODAY, examples=examples, typology=root / "typology", out_dir=root / "docs")
    return site, instrument, examples


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def fragments(text: str) -> list[str]:
    return re.findall(re.escape(FRAGMENT_START) + "(.*?)" + re.escape(FRAGMENT_END), text, re.DOTALL)


def test_harmless_payloads_are_inert_in_every_page(harmless):
    site, _, _ = harmless
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        tree = lxml_html.fromstring(raw)
        name = page.relative_to(site).as_posix()
        assert len(tree.xpath("//*[@id='__config']")) <= 1, name
        for config in tree.xpath("//script[@id='__config']"):
            json.loads(config.text)  # the theme's configuration still parses
        assert not tree.xpath("//script[not(@src) and not(@type='application/json')]"), name
        # XPath walks the elements in C: the same checks over every element of ~650 pages in a fraction of the time
        handlers = tree.xpath("//@*[starts-with(translate(name(), 'ON', 'on'), 'on')]")
        assert not handlers, (name, [(h.getparent().tag, h.attrname) for h in handlers])
        for value in tree.xpath("//@href | //@src | //@action"):
            assert not re.match(r"(?i)(javascript|data|vbscript):", browser_url(value)), (name, value)
        for heading_id in tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]/@id"):
            # a heading id is ours (h-, kb-, or a case id on a portfolio page), never the theme's
            assert re.match(r"h-|kb-|[a-z0-9]", heading_id), (name, heading_id)
        for fragment in fragments(raw):
            part = lxml_html.fragment_fromstring(fragment, create_parent="div")
            for element in part.iter():
                if isinstance(element.tag, str) and element is not part:
                    assert not {a for a in element.attrib if a in ("id", "class", "style") or a.startswith("data-")}, (name, etree.tostring(element))


def test_case_text_is_rendered_as_markdown_once_and_shown_literally(harmless):
    site, _, _ = harmless
    page = (site / "casussen/tiel-aanval/index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(page)
    article = tree.xpath("//article")[0]
    assert article.xpath(".//a[@href='https://www.example.org/a?b=1&c=2']"), "autolink"
    assert "<script>alert(1)</script>" in [c.text_content() for c in article.xpath(".//code")], "code span shown as text"
    assert any('<script>alert("code-blok")</script>' in p.text_content() for p in article.xpath(".//pre")), "code block"
    assert article.xpath(".//blockquote/blockquote"), "quote in a quote"
    assert article.xpath(".//ul/li/ul/li/ul/li/ul/li"), "a list four deep"
    assert "Привет" in article.text_content() and "你好" in article.text_content()
    assert "&lt;https://" not in page and "&amp;lt;" not in page
    headings = {h.text_content(): h.get("id") for h in article.xpath(".//h2")}
    assert headings["__config"] == "h-__config" and headings["Aanpak"] == "h-aanpak", headings
    assert tree.xpath("//nav//a[@href='#h-__config']"), "the body's sections are in the table of contents"
    assert not tree.xpath("//span[@data-pagefind-meta='title:Nep']"), "no search metadata from a fake fence"
    assert tree.xpath("//h1")[0].text_content() == PAYLOAD_TITLE
    assert tree.xpath("//p[@class='kb-samenvatting']")[0].text_content() == PAYLOAD_SUMMARY
    # the project's own attributes survive outside the fragments
    assert tree.xpath("//span[starts-with(@data-pagefind-meta, 'samenvatting:')]")[0].get("data-pagefind-meta") == "samenvatting:" + PAYLOAD_SUMMARY


def test_instrument_label_and_definition_are_text_on_every_page(harmless):
    site, instrument, _ = harmless
    tree = lxml_html.fromstring((site / "instrumenten" / instrument / "index.html").read_bytes())
    assert tree.xpath("//article//h1")[0].text_content() == JS
    assert not tree.xpath("//article//a[contains(@href, 'javascript')]|//article//img|//article//b")
    assert "<b onclick=x>vet</b>" in tree.xpath("//p[@class='kb-definitie']")[0].text_content()
    case_page = lxml_html.fromstring((site / "casussen/tiel-aanval/index.html").read_bytes())
    assert JS in [a.text_content() for a in case_page.xpath("//a")]


def test_portfolio_pages_carry_the_sanitised_body_too(harmless):
    site, _, _ = harmless
    html = "".join(p.read_text(encoding="utf-8") for p in (site / "portfolio").rglob("index.html"))
    assert "Na een nepfence gewoon tekst." in html
    for fragment in fragments(html):
        assert "data-pagefind" not in fragment and " id=" not in fragment and " class=" not in fragment
    assert "<h3>__config</h3>" in html, "the body's headings are demoted under the case's own heading"


def test_data_exports_feed_and_sitemap_stay_well_formed(harmless):
    site, _, _ = harmless
    feed = etree.parse(str(site / "feed.xml"))
    titles = [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert PAYLOAD_TITLE in titles
    etree.parse(str(site / "sitemap.xml"))
    for path in (site / "data").rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    records = json.loads((site / "data/casussen.json").read_text(encoding="utf-8"))
    assert {r["titel"] for r in records if r["id"] == "tiel-aanval"} == {PAYLOAD_TITLE}
    for path in (site / "data").rglob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        assert rows and not any(re.search(r"[\x00-\x08\x0b-\x1f\x7f]", cell) for row in rows for cell in row), path


def test_the_finders_own_index_carries_the_text_as_data(harmless):
    """The views without a search word read data/zoeker-index.json and its card files
    (finderindex.py): the payload is a JSON string there, exactly as written, under the case's own
    address (that the page shows it only as text is tests/test_browser_wordless.py)."""
    site, _, _ = harmless
    index = json.loads((site / "data" / "zoeker-index.json").read_text(encoding="utf-8"))
    cards = [card for name in index["kaarten"] for card in json.loads((site / name).read_text(encoding="utf-8"))]
    assert len(cards) == index["aantal"] == len(json.loads((site / "data/casussen.json").read_text(encoding="utf-8")))
    attacked = [card for card in cards if card["url"] == "casussen/tiel-aanval/"]
    assert [(card["meta"]["title"], card["meta"]["samenvatting"]) for card in attacked] == [(PAYLOAD_TITLE, PAYLOAD_SUMMARY)]
    assert sorted(path.relative_to(site).as_posix() for path in (site / "data" / "zoeker-kaarten").iterdir()) == sorted(index["kaarten"])


def test_search_index_metadata_is_the_sites_own(harmless):
    """Pagefind's fragments hold each page's title and metadata: none may come from a fake fence."""
    site, _, _ = harmless
    metas = []
    for fragment in (site / postbuild.PAGEFIND_DIR / "fragment").glob("*.pf_fragment"):
        metas.append(json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):]))
    assert metas
    assert not [m for m in metas if m["meta"].get("title") == "Nep"]
    case = [m for m in metas if m["url"].rstrip("/").endswith("casussen/tiel-aanval")]
    assert case and case[0]["meta"]["samenvatting"] == PAYLOAD_SUMMARY and case[0]["meta"]["title"] == PAYLOAD_TITLE


def test_a_refused_build_leaves_the_previous_site_byte_identical(harmless, tmp_path):
    site, _, examples = harmless
    before = snapshot(site)
    hostile = tmp_path / "examples"
    shutil.copytree(examples, hostile)
    write(hostile, "tiel-aanval.md", body_with("[klik](java&#x09;script:alert(1))"))
    with pytest.raises(BuildFailed, match=r"tiel-aanval\.md:\d+: de link"):
        build_site(site=site, quiet=True, today=TODAY, examples=hostile, typology=examples.parent / "typology", out_dir=tmp_path / "docs")
    assert snapshot(site) == before


def test_the_post_build_step_cleans_only_the_fragments(tmp_path):
    page = tmp_path / "casussen/x/index.html"
    page.parent.mkdir(parents=True)
    own = '<div class="kb-zoekdata"><span data-pagefind-meta="titel:Eigen"></span></div><h2 id="h-x">X</h2>'
    slipped = '<p id="__config" class="md-header" data-pagefind-meta="title:Nep" onclick="x()">tekst<script>y()</script></p>'
    page.write_text(f"<html><body>{own}{FRAGMENT_START}{slipped}{FRAGMENT_END}</body></html>", encoding="utf-8")
    handwritten = tmp_path / "over/index.html"
    handwritten.parent.mkdir()
    handwritten.write_text(f"{FRAGMENT_START}<p class='eigen'>hand</p>{FRAGMENT_END}", encoding="utf-8")
    assert postbuild.sanitise_site(tmp_path) == 1
    assert page.read_text(encoding="utf-8") == f"<html><body>{own}{FRAGMENT_START}<p>tekst</p>{FRAGMENT_END}</body></html>"
    assert "class='eigen'" in handwritten.read_text(encoding="utf-8"), "hand-written pages are named and left alone"
    page.write_text(f"{FRAGMENT_START}<p>open", encoding="utf-8")
    with pytest.raises(postbuild.SanitiseFailed):
        postbuild.sanitise_site(tmp_path)


# --- nothing good refused; coverage of the post-build step ---------------------------------------

def test_the_real_collection_validates_without_errors():
    problems = validate_repository(today=TODAY)[2]
    assert not [p for p in problems if p.level == "fout"], problems


def test_no_page_with_contributed_text_is_left_out_of_the_sanitiser(site, vocab):
    """The hand-written pages the post-build step skips show no case or instrument text; every
    page that shows a case body holds it inside the markers."""
    from kennisbank.casefile import read_case
    cases = [read_case(p) for p in case_paths(paths.EXAMPLES)]
    texts = [c.meta["titel"] for c in cases] + [c.meta["samenvatting"] for c in cases]
    texts += [s["titel"] for c in cases for s in c.meta["bronnen"] if "titel" in s]
    texts += [i["label"] for i in vocab.instrumenten.values() if len(i["label"]) > 20]
    for name in postbuild.HANDWRITTEN_PAGES:
        page = site / name
        if not page.exists():
            continue
        tree = lxml_html.fromstring(page.read_bytes())
        for example in tree.xpath("//pre"):  # a quoted example in the guide is not a shown case
            example.drop_tree()
        content = " ".join((tree.xpath("//article") or tree.xpath("//body"))[0].text_content().split())
        assert not [t for t in texts if " ".join(t.split()) in content], name
    for case in cases:
        sentence = next(line for line in case.body.split("\n") if len(line) > 60 and not re.search(r"[#>*_`\[\]<&\\]|^\s*(-|\d+\.)\s", line))
        html = (site / "casussen" / case.id / "index.html").read_text(encoding="utf-8")
        inside = " ".join(lxml_html.fragment_fromstring("".join(fragments(html)), create_parent="div").text_content().split())
        assert " ".join(lxml_html.fragment_fromstring(f"<p>{sentence}</p>").text_content().split())[:40] in inside, case.id


def test_the_live_preview_runs_the_same_post_build_step(tmp_path, monkeypatch):
    import mkdocs_hooks
    page = tmp_path / "casussen/x/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<html lang="nl"><body><main data-pagefind-body>{FRAGMENT_START}<p class="md-typeset" onclick="x()">tekst</p>'
                    f'{FRAGMENT_END}</main></body></html>', encoding="utf-8")
    monkeypatch.setattr(mkdocs_hooks, "_serving", True)
    mkdocs_hooks.on_post_build({"site_dir": str(tmp_path), "site_url": "https://kennisbank.test/"})
    assert f"{FRAGMENT_START}<p>tekst</p>{FRAGMENT_END}" in page.read_text(encoding="utf-8")
    assert mkdocs_hooks._search_index.wait(timeout=120), "the preview's search index (made in the background) is done"
    assert (tmp_path / postbuild.PAGEFIND_DIR / "pagefind-entry.json").exists()


def test_jinja_join_makes_every_item_inert():
    from kennisbank.render import make_environment
    template = make_environment().from_string('{{ words | join(", ") }}')
    assert template.render(words=["[x](javascript:y)", "*a*"]) == "&#91;x&#93;(javascript:y), &#42;a&#42;"


def test_a_symlinked_renderer_cache_is_refused(tmp_path):
    (tmp_path / ".cache").symlink_to(tmp_path / "elders")
    with pytest.raises(BuildFailed, match=r"\.cache: is een symbolische koppeling"):
        build_site(site=tmp_path / "site", quiet=True, today=TODAY, out_dir=tmp_path / "docs", examples=paths.EXAMPLES)
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs").exists(), "refused before anything is written"
