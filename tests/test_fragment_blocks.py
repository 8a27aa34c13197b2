"""Contributed fragments and rows of HTML elements also skip Markdown's HTML parser
(kennisbank/htmlblocks.py), and the page comes out byte for byte as Markdown would have made it."""
from __future__ import annotations

import pytest

from conftest import convert, through_stash
from kennisbank import htmlblocks
from kennisbank.contributed import contributed_markdown, contributed_sections

BODIES = [
    "## Aanleiding\n\nTekst met een [link](https://example.org) en *nadruk*.\n\n## Aanpak\n\n- een\n- twee\n",
    "## Aanpak\n\n> een quote\n>\n> van twee alinea's\n\n1. een\n\n2. twee\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "Alleen tekst, zonder kop.",
    "## Code\n\n```\nregel een\n\nregel drie <div>\n```\n\nNa de code.\n",
]


def case_page(body: str) -> str:
    sections = "".join(f"\n## {title}\n\n{section}\n" if title else f"\n{section}\n" for title, section in contributed_sections(body))
    return f"# Titel{sections}\n## Bronnen\n\nTekst.\n"


def portfolio_page(body: str) -> str:
    return f"# Portfolio\n\n## Een casus\n\n{contributed_markdown(body, demote=1)}\n\n## Nog een\n\n{contributed_markdown(body, demote=1)}\n"


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("page", [case_page, portfolio_page, lambda body: str(contributed_markdown(body))])
def test_fragments_render_as_markdown_renders_them(page, body):
    text = page(body)
    assert text.count("<!--kb-bijdrage-->") == text.count("<!--/kb-bijdrage-->") >= 1
    assert through_stash(text) == convert(text)


def test_fragments_are_set_aside_unless_a_blank_line_splits_them():
    whole = case_page(BODIES[0])
    _, blocks = htmlblocks.stash(whole)
    assert blocks and all(block.startswith("<!--kb-bijdrage-->") for block in blocks)
    split = portfolio_page(BODIES[3])  # the code block's empty line is inside the fragment
    _, blocks = htmlblocks.stash(split)
    assert not any("<!--kb-bijdrage-->" in block for block in blocks)


@pytest.mark.parametrize("text", [
    "# T\n\n<ul class=\"kb-lijst\">\n<li>a</li>\n</ul>\n<p><a href=\"x/\">Alle casussen</a></p>\n\n### Volgende\n\nTekst\n",
    "# T\n\n<div class=\"kb-tabel-scroll\">\n<table>\n<tr><td>1</td></tr>\n</table>\n</div>\n<p class=\"kb-basis\">Bron: CBS.</p>\n",
])
def test_a_row_of_elements_is_set_aside_and_renders_the_same(text):
    stashed, blocks = htmlblocks.stash(text)
    assert len(blocks) == 1 and "<" not in stashed
    assert through_stash(text) == convert(text)


@pytest.mark.parametrize("text", [
    "<div>\n<p>open</p>\n<p>nog open</p>\n",  # never closed
    "<ul>\n<li>a</li>\n</ul>\nTekst erna\n",  # Markdown text after the element
    "<div>a</div>\n<div>\n<p>b</p>\n",  # the second element is not closed
])
def test_anything_but_whole_elements_stays_with_markdown(text):
    _, blocks = htmlblocks.stash(text)
    assert blocks == []
