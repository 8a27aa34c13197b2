"""Contributed Markdown is converted with only the inline patterns that can match it
(kennisbank/inline_patterns.py): the HTML, the raw HTML set aside and the link references must be
exactly what the converter gives with all its patterns, for every real case and for texts made to
trip each pattern."""
from __future__ import annotations

import pytest

from kennisbank import contributed, paths
from kennisbank.casefile import read_case
from kennisbank.checks import case_paths
from kennisbank.inline_patterns import NEEDS, _kept

TRICKY = [
    "Gewone tekst zonder opmaak.\n\n## Kop\n\nNog een alinea.\n",
    "regel met twee spaties  \nen een nieuwe regel", "tab aan het eind\t\nvolgende regel",
    "`code` en ``dubbel`` en \\`geen code\\`", "\\*geen nadruk\\* en \\\\", "*nadruk* **sterk** _ook_ __sterk__ a_b_c 2*3*4",
    "[link](https://example.org) [ref][r] [r]\n\n[r]: https://example.org/r \"Titel\"", "![beeld](https://example.org/a.png) ![ref][r]",
    "<https://example.org> <iemand@example.org> <b>vet</b> <!-- opmerking -->", "A &amp; B &#35; &copy; & losse ampersand",
    "> citaat met *nadruk*  \n> en [link](https://example.org)", "- een *punt*\n    - dieper `code`\n\n1. genummerd [a](b)",
    "| a | *b* |\n|---|---|\n| `c` | [d](e) |", "!!! note \"Titel met *ster*\"\n    inhoud met _lijn_", "    ingesprongen *code*\n",
    "[TOC]\n\n## Kop *met* nadruk\n\ntekst", "tekst met \x02 en \x03 stuurtekens", "<div>\n*blok*\n</div>\n\ntekst",
]


def _with_and_without_pruning(text: str) -> tuple[tuple, tuple]:
    md = contributed._markdown(text)
    try:
        full = (md.convert(text), [str(b) for b in md.htmlStash.rawHtmlBlocks], [url for url, _ in md.references.values()])
    finally:
        md.reset()
    html, stashed, references, _ = contributed._parse(text)
    return full, (html, list(stashed), list(references))


@pytest.mark.parametrize("text", TRICKY)
def test_a_text_converts_as_with_every_pattern(text):
    full, pruned = _with_and_without_pruning(text)
    assert pruned == full


def test_every_real_case_converts_as_with_every_pattern():
    for path in case_paths(paths.EXAMPLES):
        body = read_case(path).body
        full, pruned = _with_and_without_pruning(body)
        assert pruned == full, path.name


def test_plain_text_skips_the_patterns_it_cannot_match():
    md = contributed._markdown("tekst")
    everything = _kept(md, "`\\[<&*_")
    plain = _kept(md, "Een gewone zin, met komma's en een punt.")
    assert set(everything) == {item.name for item in md.inlinePatterns._priority}
    assert "linebreak" in plain and not set(plain) & set(NEEDS)
    assert "em_strong" in _kept(md, "een *ster*") and "link" not in _kept(md, "een *ster*")
