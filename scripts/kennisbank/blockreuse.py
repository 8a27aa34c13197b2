"""Blocks that many generated pages print alike, rendered once per collection.

A case's row in a list (`case_row`) is printed on the pages of each of its instruments, pillars,
municipalities and types and on the overview; a municipality's type (`municipality_type`) on the
page of every case there. Such a block reads only its own object, the vocabularies and how deep
the page lies (its links are relative, and `relative` uses nothing but the depth), so pages at
the same depth share one rendering. The renderings live on the Corpus: the live preview makes a
new one after every change, so nothing stale is printed.
"""
from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup


@pass_context
def rendered_once(context, macro, key: tuple, page_url: str, *args) -> Markup:
    """`macro(*args)`, rendered the first time this (macro, key, page depth) comes by.
    `key` must name everything the block reads besides the vocabularies and the page depth."""
    store = context["corpus"].__dict__.setdefault("_rendered_blocks", {})
    full_key = (macro.name, *key, page_url.count("/"))
    block = store.get(full_key)
    if block is None:
        block = store[full_key] = Markup(macro(*args))
    return block
