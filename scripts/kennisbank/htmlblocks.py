"""Let the generator's own HTML blocks pass Python-Markdown without being parsed.

Our pages are Markdown with small HTML blocks (the case's metadata, lists of hundreds of cases).
Python-Markdown reads every raw HTML block with html.parser, and MkDocs reads the whole page once
more to collect anchor ids: at 1,000 cases that was about 40% of MkDocs' time on our pages. Raw
HTML blocks are passed through unchanged anyway, so the MkDocs hooks take each one out before
Markdown runs (a placeholder paragraph holds its place) and put it back afterwards.

Only top-level blocks are taken out, never inside fenced code: one or more elements that open with
a block tag at the start of a line and close at the end of one, and the contributed fragments
(contributed.py), already clean HTML between their two markers, whose every word Markdown's HTML
parser used to read twice (for the raw block, and for MkDocs' anchor ids) only to pass it on. The
ids in the blocks are handed to MkDocs (`anchor_ids`), which checks links to anchors against them.
Without the hooks the same Markdown renders to the same elements and text, only slower (Markdown's
own raw-block path puts one more blank line before a block that is a single element).
"""
from __future__ import annotations

import re
import secrets

from .fragmentmarkers import FRAGMENT_END, FRAGMENT_START

BLOCK_START = re.compile(r"<(div|dl|ul|ol|p|nav|table|section|figure|details|form|h[1-6])[\s>]")
FENCE = re.compile(r"^\s*(```|~~~)")
# random per process: no text a contributor writes can equal a placeholder
_NONCE = secrets.token_hex(8)


def _placeholder(number: int) -> str:
    return f"kbhtml{_NONCE}x{number}"


def _movable(chunk: list[str]) -> bool:
    if chunk[0] == FRAGMENT_START:  # a whole fragment, with nothing after its end marker
        return chunk[-1] == FRAGMENT_END and sum(line.count(FRAGMENT_END) for line in chunk) == 1
    return _one_element(chunk) or _whole_elements(chunk)


def _one_element(chunk: list[str]) -> bool:
    start = BLOCK_START.match(chunk[0])
    return bool(start) and chunk[-1].rstrip().endswith(f"</{start.group(1)}>")


def _whole_elements(chunk: list[str]) -> bool:
    """Whether the lines are one or more block elements, each opening at the start of a line and
    closing at the end of one (a table with a note under it, a list with a link under it)."""
    first = 0
    while first < len(chunk):
        start = BLOCK_START.match(chunk[first])
        if not start:
            return False
        tag = start.group(1)
        opening, closing = re.compile(f"<{tag}[\\s>]"), f"</{tag}>"
        depth = 0
        for last in range(first, len(chunk)):
            depth += len(opening.findall(chunk[last])) - chunk[last].count(closing)
            if depth <= 0:
                break
        if depth != 0 or not chunk[last].rstrip().endswith(closing):
            return False
        first = last + 1
    return True


def stash(markdown: str) -> tuple[str, list[str]]:
    """Markdown with every movable HTML block replaced by a placeholder, and the blocks."""
    lines, blocks, chunk = [], [], []
    fence = None

    def flush():
        if chunk and _movable(chunk):
            lines.append(_placeholder(len(blocks)))
            blocks.append("\n".join(chunk))
        else:
            lines.extend(chunk)
        chunk.clear()

    for line in markdown.split("\n"):
        opened = FENCE.match(line)
        if fence:  # inside fenced code: copied as it is
            lines.append(line)
            if opened and opened.group(1) == fence:
                fence = None
        elif opened:
            flush()
            fence = opened.group(1)
            lines.append(line)
        elif line.strip():
            chunk.append(line)
        else:
            flush()
            lines.append(line)
    flush()
    return "\n".join(lines), blocks


ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']+)["']""")


def anchor_ids(blocks: list[str]) -> set[str]:
    return {found for block in blocks for found in ID_ATTRIBUTE.findall(block)}


_PLACED = re.compile(f"<p>{_placeholder(0)[:-1]}(\\d+)</p>")


def restore(html: str, blocks: list[str]) -> str:
    """Each placeholder paragraph replaced by its block, in one pass over the page."""
    if not blocks:
        return html
    placed = set()

    def put_back(match: re.Match) -> str:
        number = int(match.group(1))
        if number >= len(blocks) or number in placed:
            return match.group()
        placed.add(number)
        block = blocks[number]
        # A fragment or a row of elements came out of Markdown's own raw-block handling followed by
        # an empty line (none at the end of the page): so it does here, and the page stays the same.
        if _one_element(block.split("\n")) or match.end() == len(html):
            return block
        return block + "\n"
    return _PLACED.sub(put_back, html)
