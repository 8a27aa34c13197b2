"""Heading ids for every page of the site: the `toc` slugify of mkdocs.yml points here.

Every heading id starts with HEADING_ID_PREFIX. The theme's own ids start with '__' (`__config`,
`__search`, `__drawer`...) and the project's with 'kb-', so a heading written by a contributor
(`## __config`) can never take an id the page's scripts or styles rely on. MkDocs and Zensical
both read this function from mkdocs.yml (`!!python/name:scripts.kennisbank.headings.heading_id`):
`python -m mkdocs` run in the repository finds it there; the build also puts the repository on
PYTHONPATH for the renderer (build.renderer_environment). Kept free of imports from the rest of the package on purpose: the
renderer loads it in its own process (and Zensical in its own virtual environment).
"""
from __future__ import annotations

from markdown.extensions.toc import slugify

HEADING_ID_PREFIX = "h-"


def heading_id(value: str, separator: str) -> str:
    return HEADING_ID_PREFIX + slugify(value, separator)
