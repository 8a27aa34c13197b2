"""The live preview (kennisbank/preview.py): an edited case's page first, the rest after, and in
the end exactly the files a build from scratch writes. No timings here: see scripts/benchmark.py."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import GOOD_CASE, TODAY, write
from kennisbank import paths
from kennisbank.build import cache_beside, generate
from kennisbank.preview import Preview
from test_build_cache import checked  # noqa: F401 - which cases were checked, not taken from the cache

OTHER_CASE = GOOD_CASE.replace("titel: Voorbeeldstad organiseert dialoogtafels", "titel: Tiel bouwt een taalhuis")


def edit(path: Path, text: str) -> None:
    """Write and move the modification time on, as an editor's save does (file systems with
    coarse timestamps could otherwise show the same time twice)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_preview(folder: Path, typology: Path) -> Preview:
    examples = folder / "examples"
    examples.mkdir()
    write(examples, "tiel-dialoog.md", GOOD_CASE)
    write(examples, "tiel-taalhuis.md", OTHER_CASE)
    follow_up = threading.Event()
    preview = Preview(folder / "docs", examples=examples, typology=typology, today=TODAY, rebuild_wanted=follow_up.set)
    preview.follow_up = follow_up
    assert preview.update() == "alles opnieuw gemaakt"
    return preview


@pytest.fixture
def preview(tmp_path, shared_typology):
    return make_preview(tmp_path, shared_typology)


def test_an_edited_case_comes_first_and_the_pages_that_list_it_follow(preview, tmp_path):
    case = preview.examples / "tiel-dialoog.md"
    edit(case, GOOD_CASE.replace("organiseert dialoogtafels", "organiseert buurtgesprekken"))

    assert preview.update() == "1 casus(sen) bijgewerkt"
    assert "buurtgesprekken" in (preview.out_dir / "casussen" / "tiel-dialoog.md").read_text(encoding="utf-8")
    preview.wait()
    assert preview.follow_up.is_set(), "the follow-up rebuild is asked for once the rest is written"
    assert "buurtgesprekken" in (preview.out_dir / "gemeenten" / "tiel.md").read_text(encoding="utf-8")
    assert "buurtgesprekken" in (preview.out_dir / "casussen" / "tiel-taalhuis.md").read_text(encoding="utf-8"), "related cases"

    generate(out_dir=tmp_path / "scratch", examples=preview.examples, typology=preview.typology, today=TODAY, quiet=True)
    assert tree(preview.out_dir) == tree(tmp_path / "scratch")


def test_the_preview_starts_from_the_cases_the_generation_before_it_checked(tmp_path, shared_typology, checked):  # noqa: F811
    """`make serve` generates (scripts/bouw.py --alleen-genereren), then the preview regenerates
    everything at its start: from the same build cache, so no case is checked twice."""
    examples = tmp_path / "examples"
    examples.mkdir()
    write(examples, "tiel-dialoog.md", GOOD_CASE)
    generate(out_dir=tmp_path / "docs", examples=examples, typology=shared_typology, today=TODAY, quiet=True,
             cache_dir=cache_beside(tmp_path / "docs"))
    assert checked == ["tiel-dialoog"]
    checked.clear()
    preview = Preview(tmp_path / "docs", examples=examples, typology=shared_typology, today=TODAY)
    assert preview.update() == "alles opnieuw gemaakt"
    assert checked == []


def test_nothing_changed_writes_nothing(preview):
    before = {p: p.stat().st_mtime_ns for p in preview.out_dir.rglob("*.md")}
    assert preview.update() == "niets veranderd"
    assert {p: p.stat().st_mtime_ns for p in preview.out_dir.rglob("*.md")} == before


def test_a_broken_edit_is_reported_and_the_last_good_pages_stay(preview, capsys):
    page = preview.out_dir / "casussen" / "tiel-dialoog.md"
    good = page.read_bytes()
    edit(preview.examples / "tiel-dialoog.md", GOOD_CASE.replace("status: lopend", "status: bezig"))

    assert preview.update() == "fouten"
    printed = capsys.readouterr().err
    assert "De casussen bevatten fouten; de site toont de laatste goede versie" in printed
    assert "tiel-dialoog.md:11: status: 'bezig' is geen geldige waarde" in printed
    assert page.read_bytes() == good

    edit(preview.examples / "tiel-dialoog.md", GOOD_CASE.replace("organiseert dialoogtafels", "hersteld"))
    assert preview.update() == "1 casus(sen) bijgewerkt"
    assert "hersteld" in page.read_text(encoding="utf-8")


def test_a_vocabulary_edit_regenerates_every_page(tmp_path, shared_typology):
    typology = tmp_path / "typology"  # a copy of its own, to edit
    shutil.copytree(shared_typology, typology)
    preview = make_preview(tmp_path, typology)
    label = typology / "instrumenten" / "leefbaarheidstoets.yml"
    text = label.read_text(encoding="utf-8")
    old_label = next(line for line in text.splitlines() if line.startswith("label:"))
    edit(label, text.replace(old_label, "label: Toets op leefbaarheid (hernoemd)"))

    assert preview.update() == "alles opnieuw gemaakt"
    assert "Toets op leefbaarheid (hernoemd)" in (preview.out_dir / "casussen" / "tiel-taalhuis.md").read_text(encoding="utf-8")


def test_a_template_edit_regenerates_every_page(preview):
    template = paths.TEMPLATES / "casus.md.j2"
    stat = template.stat()
    try:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
        assert preview.update() == "alles opnieuw gemaakt"
    finally:
        os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_adding_a_case_regenerates_every_page(preview):
    edit(preview.examples / "tiel-nieuw.md", GOOD_CASE.replace("organiseert dialoogtafels", "start iets nieuws"))
    assert preview.update() == "alles opnieuw gemaakt"
    assert "start iets nieuws" in (preview.out_dir / "casussen" / "index.md").read_text(encoding="utf-8")
