"""The generator's HTML blocks skip Markdown's HTML parser (kennisbank/htmlblocks.py), and the
page comes out as Python-Markdown would have made it."""
from __future__ import annotations

import subprocess
import sys

import markdown
import pytest

from conftest import GOOD_CASE, TODAY, convert, site_markdown_extensions, through_stash, write
from kennisbank import htmlblocks, paths
from kennisbank.htmlblocks_markdown import GeneratorBlocks
from kennisbank.build import generate


def normalised(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines() if line.strip())


@pytest.fixture(scope="module")
def generated(tmp_path_factory, shared_typology):
    root = tmp_path_factory.mktemp("htmlblocks")
    examples = root / "examples"
    examples.mkdir()
    write(examples, "tiel-dialoog.md", GOOD_CASE)
    write(examples, "tiel-taalhuis.md", GOOD_CASE.replace("organiseert dialoogtafels", "bouwt een taalhuis"))
    generate(out_dir=root / "docs", examples=examples, typology=shared_typology, today=TODAY, quiet=True)
    return root / "docs"


@pytest.mark.parametrize("page", ["casussen/tiel-dialoog.md", "gemeenten/tiel.md", "portfolio/specifieke-minderheidsgroep.md",
                                  "instrumenten/leefbaarheidstoets.md", "dekking.md", "kaart.md"])
def test_generated_pages_render_the_same_with_their_blocks_set_aside(generated, page):
    text = (generated / page).read_text(encoding="utf-8").split("---", 2)[2]
    stashed, blocks = htmlblocks.stash(text)
    assert blocks, "the page has HTML blocks to set aside"
    assert normalised(through_stash(text)) == normalised(convert(text))


@pytest.mark.parametrize("page", ["casussen/tiel-dialoog.md", "gemeenten/tiel.md", "portfolio/specifieke-minderheidsgroep.md",
                                  "afkortingen.md", "dekking.md", "kaart.md"])
def test_the_markdown_extension_renders_as_the_hooks_do(generated, page):
    """Zensical runs no hooks: it gets the same stash as a Markdown extension (htmlblocks_markdown),
    and a page must come out of it byte for byte as out of the hooks' stash and restore."""
    text = (generated / page).read_text(encoding="utf-8").split("---", 2)[2]
    extension = markdown.Markdown(extensions=[*site_markdown_extensions(), GeneratorBlocks()]).convert(text)
    assert extension == through_stash(text)


def test_the_markdown_extension_loads_without_the_generators_dependencies():
    """Zensical's own environment has Python-Markdown but not our packages (PyYAML's tags, nh3)."""
    loaded = subprocess.run([sys.executable, "-c", "import sys; import scripts.kennisbank.htmlblocks_markdown; "
                             "print(' '.join(sorted(m for m in sys.modules if m.startswith('scripts.'))))"],
                            cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert loaded == ["scripts.kennisbank", "scripts.kennisbank.fragmentmarkers", "scripts.kennisbank.htmlblocks",
                      "scripts.kennisbank.htmlblocks_markdown"]


def test_code_and_contributed_markdown_stay_with_markdown():
    text = "Tekst met <https://example.org> erin.\n\n<https://example.org>\n\n```\n<div>\ncode\n</div>\n```\n\n<div class=\"x\">\n<p>blok</p>\n</div>\n"
    stashed, blocks = htmlblocks.stash(text)
    assert blocks == ['<div class="x">\n<p>blok</p>\n</div>']
    assert "<https://example.org>" in stashed and "<div>\ncode\n</div>" in stashed
    assert through_stash(text) == convert(text)


def test_ids_in_the_blocks_are_reported_for_anchor_checks():
    _, blocks = htmlblocks.stash('<p id="uitleg">a</p>\n\n<div class="y"><h2 id="deel-2">b</h2></div>\n')
    assert htmlblocks.anchor_ids(blocks) == {"uitleg", "deel-2"}
