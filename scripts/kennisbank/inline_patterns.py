"""Python-Markdown's inline patterns, cut to those that can match a given text.

Python-Markdown tries every inline pattern on every piece of text (a paragraph, a list item, a
table cell): about half of the time a case body takes to convert, even when the text has no
emphasis, link, code or HTML at all. Each pattern below can only match text that holds one of its
characters; a text that holds none of them is converted without it, to the same HTML. The text
pieces Python-Markdown hands its inline patterns are cut from the document itself (with
placeholders of letters, digits and the control characters STX and ETX), so a character absent
from the document is absent from every piece. Patterns not named here (an extension's own, a
later Python-Markdown's) are always kept, as is the line break (two spaces before a newline,
which tab expansion can also make).
"""
from __future__ import annotations

from contextlib import contextmanager

import markdown
from markdown import util

# pattern name in Python-Markdown 3.x -> the characters one of which its regular expression needs
NEEDS = {
    "backtick": "`",
    "escape": "\\",
    "reference": "[", "link": "[", "short_reference": "[",
    "image_link": "[", "image_reference": "[", "short_image_ref": "[",
    "autolink": "<", "automail": "<", "html": "<",
    "entity": "&",
    "em_strong": "*_", "em_strong2": "_", "not_strong": "*_", "strong_em": "*", "strong": "*", "emphasis": "*",
    "strong2": "_", "emphasis2": "_",
}


def _ordered(registry: util.Registry) -> list:
    """(name, priority) in the order the inline processor tries them (Registry keeps no public list)."""
    registry._sort()
    return registry._priority


def _kept(md: markdown.Markdown, text: str) -> tuple[str, ...]:
    present = {char for char in "".join(NEEDS.values()) if char in text}
    return tuple(item.name for item in _ordered(md.inlinePatterns) if item.name not in NEEDS or present.intersection(NEEDS[item.name]))


@contextmanager
def only_possible_patterns(md: markdown.Markdown, text: str):
    """While converting `text` with `md`, its inline processor tries only the patterns that can match."""
    inline = md.treeprocessors["inline"]
    full = md.inlinePatterns
    names = _kept(md, text)
    if len(names) == len(full):
        yield
        return
    cache = md.__dict__.setdefault("_kb_pattern_subsets", {})
    subset = cache.get(names)
    if subset is None:
        subset = cache[names] = util.Registry()
        for item in _ordered(full):
            if item.name in names:
                subset.register(full[item.name], item.name, item.priority)
    inline.inlinePatterns = subset
    try:
        yield
    finally:
        inline.inlinePatterns = full
