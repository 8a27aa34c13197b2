"""Let the generator's own HTML blocks pass Python-Markdown without being parsed.

Our pages are Markdown with small HTML blocks (the case's metadata, lists of hundreds of cases).
Python-Markdown reads every raw HTML block with html.parser, and MkDocs reads the whole page once
more to collect anchor ids: at 1,000 cases that was about 40% of MkDocs' time on our pages. Raw
HTML blocks are passed through unchanged anyway, so the MkDocs hooks take each one out before
Markdown runs (a placeholder paragraph holds its place) and put it back afterwards.

Only top-level blocks that open with a block tag and end with its closing tag are taken out, never
inside fenced code. The ids in them are handed to MkDocs (`anchor_ids`), which checks links to
anchors against them. Without the hooks the same Markdown renders to the same page, only slower.
"""
from __future__ import annotations

import re
import secrets

BLOCK_START = re.compile(r"<(div|dl|ul|ol|p|nav|table|section|figure|details|form|h[1-6])[\s>]")
FENCE = re.compile(r"^\s*(```|~~~)")
# random per process: no text a contributor writes can equal a placeholder
_NONCE = secrets.token_hex(8)


def _placeholder(number: int) -> str:
    return f"kbhtml{_NONCE}x{number}"


def _movable(chunk: list[str]) -> bool:
    start = BLOCK_START.match(chunk[0])
    return bool(start) and chunk[-1].rstrip().endswith(f"</{start.group(1)}>")


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


def restore(html: str, blocks: list[str]) -> str:
    for number, block in enumerate(blocks):
        html = html.replace(f"<p>{_placeholder(number)}</p>", block, 1)
    return html
