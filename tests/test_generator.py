"""The generator: every type, pillar, instrument and municipality page exists and lists exactly
the right cases. The expectation is computed here from the fixture's front matter with plain
PyYAML, independently of the generator's own loader and model."""
from __future__ import annotations

import csv
import functools
import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, typology_without_redirects, write
from kennisbank import parallel, paths, render
from kennisbank.build import generate
from kennisbank.casefile import slugify
from kennisbank.checks import validate

CASES = {
    "westland-grens": dict(gemeenten=["westland"], wrr_typen=["grensgemeente"], pijlers=["wonen-leefbaarheid"],
                           instrumenten=["leefbaarheidstoets"], doelgroepen=["arbeidsmigranten"]),
    "tiel-een": dict(gemeenten=["tiel"], wrr_typen=["specifieke-minderheidsgroep"], pijlers=["wonen-leefbaarheid", "kennis-bestuur"],
                     instrumenten=["leefbaarheidstoets", "spreidingsregel-per-straat"], doelgroepen=["arbeidsmigranten"]),
    "tiel-twee": dict(gemeenten=["GM0281"], pijlers=["emancipatie"], instrumenten=["maximum-bewoners-per-woning"],
                      doelgroepen=["vrouwen"], onderdeel_van="tiel-een"),
    "regio-drie": dict(gemeenten=["breda", "tilburg", "eindhoven"], wrr_typen=["expatgemeente"], pijlers=["internationals-grensregio"],
                       instrumenten=["vergunningplicht-kamerverhuur"], doelgroepen=["internationals"]),
    "vijfheerenlanden-vier": dict(gemeenten=["vijfheerenlanden"], pijlers=["wonen-leefbaarheid"], instrumenten=["leefbaarheidstoets"],
                                  doelgroepen=["alle-inwoners"]),
}
BODY = "\n## Aanleiding\n\nA.\n\n## Aanpak\n\nB.\n\n## Resultaten\n\nC.\n\n## Lessen en randvoorwaarden\n\nD.\n"


def case_text(case_id: str, fields: dict) -> str:
    meta = dict(titel=f"Casus {case_id}", samenvatting="Een samenvatting die lang genoeg is om de controle te halen.",
                status="lopend", bewijs="beschreven", laatst_gecontroleerd="2026-11-01",
                bronnen=[{"document": "portfolio-2020", "onderdeel": "Test"}], **fields)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + BODY


@pytest.fixture(scope="module")
def generated(tmp_path_factory, shared_typology):
    root = tmp_path_factory.mktemp("gen")
    examples = root / "examples"
    examples.mkdir()
    for case_id, fields in CASES.items():
        write(examples, f"{case_id}.md", case_text(case_id, fields))
    out = root / "docs"
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    return out, examples


def listed_cases(page: Path) -> set[str]:
    return set(re.findall(r'href="[./]*casussen/([a-z0-9-]+)/"', page.read_text(encoding="utf-8")))


def front_matter(examples: Path) -> dict[str, dict]:
    result = {}
    for path in examples.glob("*.md"):
        _, fm, _ = path.read_text(encoding="utf-8").split("---\n", 2)
        result[path.stem] = yaml.safe_load(fm)
    return result


@functools.cache  # read once per run (the callers only read them): the files do not change during the tests
def registry_slugs() -> dict[str, str]:
    with (paths.TYPOLOGY / "gemeenten" / "gemeenten_2025.csv").open(encoding="utf-8") as handle:
        return {row["gm_code"]: slugify(row["gemeentenaam"]) for row in csv.DictReader(handle)}


@functools.cache
def own_type_claims() -> dict[str, set[str]]:
    """Municipality slug -> WRR types claimed for that (current, unchanged) municipality in wrr-indeling.yml."""
    slugs = registry_slugs()
    claims = defaultdict(set)
    for claim in yaml.safe_load((paths.TYPOLOGY / "gemeenten" / "wrr-indeling.yml").read_text(encoding="utf-8")):
        if claim["code"] in slugs:
            claims[slugs[claim["code"]]].add(claim["type"])
    return claims


def municipality_slug(ref: str, slugs: dict[str, str]) -> str:
    return slugs.get(ref.upper(), ref)


def rule_types(slug: str, vocab) -> set[str]:
    """The one rule: the claims of an unchanged municipality, else its indication (tested in test_municipalities)."""
    return own_type_claims().get(slug) or {vocab.registry.by_slug()[slug].indication}


def test_every_type_page_lists_filed_cases_and_cases_from_municipalities_of_that_type(generated, vocab):
    out, examples = generated
    meta = front_matter(examples)
    slugs = registry_slugs()
    for type_slug in vocab.wrr_typen:
        page = out / "typen" / f"{type_slug}.md"
        assert page.exists(), type_slug
        filed = {cid for cid, m in meta.items() if type_slug in (m.get("wrr_typen") or [])}
        by_rule = {cid for cid, m in meta.items() if any(type_slug in rule_types(municipality_slug(g, slugs), vocab) for g in m["gemeenten"])}
        assert listed_cases(page) == filed | by_rule, type_slug


def test_filing_and_own_type_are_shown_apart(generated):
    out, _ = generated
    page = (out / "typen" / "tuinbouwgemeente.md").read_text(encoding="utf-8")
    filed_part, rest = page.split("### Uit een gemeente van dit type volgens de bronnen")
    claimed_part, indicated_part = rest.split("### Uit een gemeente met dit type als indicatie")
    assert "westland-grens" not in filed_part and "westland-grens" in claimed_part
    grens = (out / "typen" / "grensgemeente.md").read_text(encoding="utf-8")
    assert "westland-grens" in grens.split("### Uit een gemeente van dit type volgens de bronnen")[0]  # filed there


@pytest.mark.parametrize("field,directory", [("pijlers", "pijlers"), ("instrumenten", "instrumenten")])
def test_every_pillar_and_instrument_page_lists_exactly_its_cases(generated, vocab, field, directory):
    out, examples = generated
    meta = front_matter(examples)
    terms = vocab.pijlers if field == "pijlers" else vocab.instrumenten
    for slug in terms:
        page = out / directory / f"{slug}.md"
        assert page.exists(), slug
        assert listed_cases(page) == {cid for cid, m in meta.items() if slug in m[field]}, slug


def test_every_municipality_has_a_page_listing_its_cases(generated):
    out, examples = generated
    meta = front_matter(examples)
    slugs = registry_slugs()
    expected = defaultdict(set)
    for cid, m in meta.items():
        for ref in m["gemeenten"]:
            expected[municipality_slug(ref, slugs)].add(cid)
    assert set(expected) == {"westland", "tiel", "breda", "tilburg", "eindhoven", "vijfheerenlanden"}
    for slug in slugs.values():
        assert listed_cases(out / "gemeenten" / f"{slug}.md") == expected.get(slug, set()), slug
    index = (out / "gemeenten" / "index.md").read_text(encoding="utf-8")
    for slug in slugs.values():
        assert f'href="../gemeenten/{slug}/"' in index


def test_merged_municipality_takes_its_indication_and_keeps_types_per_former_part(generated):
    out, _ = generated
    page = (out / "gemeenten" / "vijfheerenlanden.md").read_text(encoding="utf-8")
    assert "kb-grond-indicatie" in page and "indicatie, berekend uit CBS-cijfers 2017" in page
    history = page.split("Voorheen:", 1)[1].split("</dd>", 1)[0]
    assert "Leerdam" in history and "Zederik" in history
    assert "Middelgrote gemeente met één grote minderheidsgroep" in history and "Homogene gemeente" in history


def test_case_page_links_to_its_type_pillar_instrument_and_municipality_pages(generated):
    out, _ = generated
    page = (out / "casussen" / "tiel-een.md").read_text(encoding="utf-8")
    for link in ("../../typen/specifieke-minderheidsgroep/", "../../pijlers/wonen-leefbaarheid/", "../../pijlers/kennis-bestuur/",
                 "../../instrumenten/leefbaarheidstoets/", "../../instrumenten/spreidingsregel-per-straat/", "../../gemeenten/tiel/"):
        assert f'href="{link}"' in page, link
    assert 'href="../../casussen/tiel-twee/"' in page  # its part
    child = (out / "casussen" / "tiel-twee.md").read_text(encoding="utf-8")
    assert "Deze maatregel hoort bij" in child and 'href="../../casussen/tiel-een/"' in child
    assert "edit/main/examples/tiel-een.md" in page


def test_related_cases_share_an_instrument_first_and_say_why(generated):
    out, _ = generated
    page = (out / "casussen" / "westland-grens.md").read_text(encoding="utf-8")
    related = page.split("## Vergelijkbare casussen")[1]
    first = re.findall(r'href="\.\./\.\./casussen/([a-z0-9-]+)/"', related)
    assert set(first[:2]) == {"tiel-een", "vijfheerenlanden-vier"}
    assert "ook: Leefbaarheidstoets" in related


def test_case_page_does_not_grow_with_the_collection(tmp_path, shared_typology):
    sizes = []
    for count in (10, 60):
        examples = tmp_path / f"ex{count}"
        examples.mkdir()
        for n in range(count):
            write(examples, f"tiel-{n:03d}.md", case_text(f"tiel-{n:03d}", CASES["tiel-een"]))
        out = tmp_path / f"out{count}"
        generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
        sizes.append(len((out / "casussen" / "tiel-000.md").read_bytes()))
    assert sizes[0] == sizes[1]


def test_long_lists_are_paginated(tmp_path, monkeypatch, shared_typology):
    monkeypatch.setattr(render, "PAGE_SIZE", 2)
    examples = tmp_path / "examples"
    examples.mkdir()
    for n in range(5):
        write(examples, f"tiel-{n}.md", case_text(f"tiel-{n}", CASES["tiel-een"]))
    out = tmp_path / "docs"
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    pages = [out / "pijlers" / name for name in ("emancipatie.md", "wonen-leefbaarheid.md", "wonen-leefbaarheid-2.md", "wonen-leefbaarheid-3.md")]
    assert all(p.exists() for p in pages[1:])
    assert set().union(*(listed_cases(p) for p in pages[1:])) == {f"tiel-{n}" for n in range(5)}
    assert 'href="../../pijlers/wonen-leefbaarheid-3/"' in pages[1].read_text(encoding="utf-8")
    assert (out / "casussen" / "pagina-3.md").exists()


def test_generated_output_is_written_only_when_changed(generated, shared_typology):
    out, examples = generated
    stamp = (out / "casussen" / "tiel-een.md").stat().st_mtime_ns
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    assert (out / "casussen" / "tiel-een.md").stat().st_mtime_ns == stamp


def test_hostile_titles_are_escaped(tmp_path, monkeypatch, shared_typology):
    """The validator refuses HTML in a title; should one get through, the templates escape it."""
    from kennisbank import checks
    monkeypatch.setattr(checks, "check_plain_text_fields", lambda case: iter(()))
    examples = tmp_path / "examples"
    examples.mkdir()
    fields = dict(CASES["tiel-een"])
    text = case_text("tiel-een", fields).replace("titel: Casus tiel-een", 'titel: \'Casus "><img src=x onerror=alert(1)> [x](javascript:y)\'')
    write(examples, "tiel-een.md", text)
    out = tmp_path / "docs"
    generate(out_dir=out, examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    showing_the_title = []
    for page in out.rglob("*.md"):
        content = page.read_text(encoding="utf-8")
        assert "<img" not in content, page.relative_to(out)  # the tag itself never reaches a page
        if "onerror=alert(1)" in content:
            showing_the_title.append(page.relative_to(out).as_posix())
    # the title is shown (escaped) on the case page and on the pages that list the case
    assert {"casussen/tiel-een.md", "gemeenten/tiel.md", "pijlers/wonen-leefbaarheid.md",
            "instrumenten/leefbaarheidstoets.md"} <= set(showing_the_title), showing_the_title
    case_page = (out / "casussen" / "tiel-een.md").read_text(encoding="utf-8")
    assert 'title: "Casus &quot;&gt;&lt;img src=x onerror=alert(1)&gt;' in case_page


def test_generate_reads_every_file_from_its_parameters(tmp_path):
    """Nothing comes from the real repository when other sources are given: not the export schema,
    the boundaries, the contributor guide nor the site settings."""
    typology = typology_without_redirects(tmp_path)
    export_schema = typology / "export-casussen.schema.yml"
    export_schema.write_text(export_schema.read_text(encoding="utf-8").replace(
        "title: Casussen van de Kennisbank Nieuwe Verscheidenheid (export)", "title: Eigen export"), encoding="utf-8")
    boundaries = typology / "gemeenten" / "gemeenten_2025_wgs84.topojson"
    own_boundaries = boundaries.read_text(encoding="utf-8") + "\n"  # the same shapes, but this copy's own bytes
    boundaries.write_text(own_boundaries, encoding="utf-8")
    contributing = tmp_path / "BIJDRAGEN.md"
    contributing.write_text("# Eigen gids\n\nZie [het schema](typology/casus.schema.yml).\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(paths.MKDOCS_CONFIG.read_text(encoding="utf-8").replace(
        "repo_url: !ENV KENNISBANK_REPO_URL", "repo_url: https://example.org/eigen/repo"),
        encoding="utf-8")
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "tiel-een.md", case_text("tiel-een", CASES["tiel-een"]))
    out = tmp_path / "docs"
    generate(out_dir=out, examples=examples, typology=typology, config=config, contributing=contributing, today=TODAY, quiet=True)
    assert json.loads((out / "data" / "casussen.schema.json").read_text(encoding="utf-8"))["title"] == "Eigen export"
    assert (out / "data" / "gemeenten_2025.topojson").read_text(encoding="utf-8") == own_boundaries
    assert (out / "bijdragen.md").read_text(encoding="utf-8") == "# Eigen gids\n\nZie [het schema](velden.md).\n"
    assert "https://example.org/eigen/repo/edit/main/examples/tiel-een.md" in (out / "casussen" / "tiel-een.md").read_text(encoding="utf-8")


# --- the parallel path (from PARALLEL_FROM cases, PAGES_PARALLEL_FROM pages) gives what one process gives

def _process_id(_item) -> int:
    return os.getpid()


def test_parallel_map_runs_in_other_processes_and_keeps_the_order():
    assert parallel.parallel_map(abs, list(range(-50, 50)), workers=2, threshold=2) == [abs(n) for n in range(-50, 50)]
    assert set(parallel.parallel_map(_process_id, list(range(40)), workers=2, threshold=2)) - {os.getpid()}, \
        "the work ran in worker processes"


def test_parallel_validation_and_generation_equal_the_single_process(tmp_path, monkeypatch, vocab, shared_typology):
    examples = tmp_path / "examples"
    examples.mkdir()
    for n in range(24):
        case_id = f"tiel-{n:02d}"
        fields = dict(CASES["tiel-een" if n % 2 else "regio-drie"])
        text = case_text(case_id, fields)
        if n % 5 == 0:  # some broken cases: problems must come back complete and in order
            text = text.replace("status: lopend", "status: bezig")
        write(examples, f"{case_id}.md", text)
    paths_ = sorted(examples.glob("*.md"))
    ids = {p.stem for p in paths_}
    serial = validate(paths_, vocab, ids, TODAY)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    forked = validate(paths_, vocab, ids, TODAY)
    assert [c.id for c in forked[0]] == [c.id for c in serial[0]] and forked[1] == serial[1]
    assert len(serial[1]) == 5

    for case in examples.glob("*.md"):  # now all valid, for the generator
        case.write_text(case.read_text(encoding="utf-8").replace("status: bezig", "status: lopend"), encoding="utf-8")
    typology = shared_typology
    monkeypatch.setattr(parallel, "PAGES_PARALLEL_FROM", 2)
    generate(out_dir=tmp_path / "parallel", examples=examples, typology=typology, today=TODAY, quiet=True)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(parallel, "PAGES_PARALLEL_FROM", 10_000)
    generate(out_dir=tmp_path / "serial", examples=examples, typology=typology, today=TODAY, quiet=True)
    files = {p.relative_to(tmp_path / "serial"): p.read_bytes() for p in (tmp_path / "serial").rglob("*") if p.is_file()}
    assert files and {p.relative_to(tmp_path / "parallel"): p.read_bytes()
                      for p in (tmp_path / "parallel").rglob("*") if p.is_file()} == files


def test_every_generated_page_has_front_matter_every_renderer_can_read(site):
    """MkDocs shows a page whose front matter is broken YAML with the YAML as text; Zensical drops
    the page. Every generated page's front matter must parse as a mapping."""
    docs = site.parent / "docs"
    broken = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        try:
            meta = yaml.safe_load(text.split("---\n", 2)[1])
        except yaml.YAMLError as error:
            broken.append(f"{page.relative_to(docs)}: {error}")
            continue
        if not isinstance(meta, dict):
            broken.append(f"{page.relative_to(docs)}: not a mapping")
    assert broken == []
