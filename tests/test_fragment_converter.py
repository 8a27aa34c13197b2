"""The generator converts contributed Markdown without the `toc` extension when the text has no
`[TOC]` marker (contributed._markdown): the cleaned fragment must be exactly what the site's full
set of extensions gives after cleaning."""
from __future__ import annotations

import markdown
import pytest

from kennisbank import paths, siteconfig
from kennisbank.contributed import _parse
from kennisbank.sanitize import sanitise

TEXTS = [
    "## Aanleiding\n\nTekst met *nadruk* en een [link](https://example.org).\n\n### Onderkop\n\nMeer.\n\n#### Diep\n\n- een\n- twee\n",
    "## Dezelfde kop\n\nA.\n\n## Dezelfde kop\n\nB.\n\n## Kop met `code` en <b>html</b>\n\nC.\n",
    "[TOC]\n\n## Aanleiding\n\nA.\n\n## Aanpak\n\nB.\n",
    "## Aanleiding\n\nHalverwege [TOC] in een zin.\n\n!!! note \"Let op\"\n    Een waarschuwing.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_fragment_is_what_the_full_set_of_extensions_gives(text):
    names, options = siteconfig.markdown_extensions(siteconfig.load(paths.MKDOCS_CONFIG))
    assert "toc" in names
    full = markdown.markdown(text, extensions=names, extension_configs=options)
    assert _parse(text)[3] == sanitise(full)  # a fresh parse, not a remembered fragment
