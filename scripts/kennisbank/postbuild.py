"""After the renderer (MkDocs or Zensical): sanitise the contributed fragments, then index with Pagefind.

Both steps are ours, not renderer hooks, so they run the same after `make build`, after
`make build-zensical` and in the live preview (mkdocs_hooks.on_post_build).

Pagefind splits its index into small chunks and fragments that the browser fetches per query, so
what a search transfers stays small as the collection grows. It reads only elements marked
data-pagefind-body (generated content pages), with filters and metadata written by the templates.
"""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .contributed import FRAGMENT_END, FRAGMENT_START
from .sanitize import sanitise

PAGEFIND_DIR = "pagefind"
# Only case pages carry data-pagefind-body (overrides/main.html). Pagefind reads every file its
# glob matches before it looks for that attribute, so it is pointed at the case folder only: at
# 1,000 cases that halved its time. tests/test_reproducible.py checks no indexed page lies outside it.
INDEXED_PAGES = "casussen/**/*.html"

# Hand-written pages (docs/ and CONTRIBUTING.md): the only built pages the sanitiser skips. They
# hold no contributed text; tests/test_hostile.py fails if a page showing a case or instrument is
# named here. Every other page is generated, and its fragments are cleaned again.
HANDWRITTEN_PAGES = ("404.html", "bijdragen/index.html", "open-data/index.html", "over/index.html",
                     "privacy/index.html", "toegankelijkheid/index.html")
_FRAGMENT = re.compile(re.escape(FRAGMENT_START) + "(.*?)" + re.escape(FRAGMENT_END), re.DOTALL)


class IndexFailed(Exception):
    pass


class SanitiseFailed(IndexFailed):
    pass


def sanitised_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() not in HANDWRITTEN_PAGES)


def sanitise_site(site: Path, written_since: float = 0.0) -> int:
    """Clean every contributed fragment in every built page again; return how many pages changed.
    `written_since` (a time.time()) limits it to pages written since then: the live preview's
    `--dirty` rebuild rewrites only a few pages, and the others were cleaned when they were written.

    Only the text between the markers is replaced, byte for byte the rest stays: the site's own
    classes, ids and data-pagefind-* attributes live outside the fragments."""
    changed = 0
    for page in sanitised_pages(site):
        if written_since and page.stat().st_mtime < written_since:
            continue
        text = page.read_text(encoding="utf-8")
        if FRAGMENT_START not in text and FRAGMENT_END not in text:
            continue
        clean = _FRAGMENT.sub(lambda m: f"{FRAGMENT_START}{sanitise(m.group(1))}{FRAGMENT_END}", text)
        if _FRAGMENT.sub("", clean).count(FRAGMENT_START) or _FRAGMENT.sub("", clean).count(FRAGMENT_END):
            raise SanitiseFailed(f"{page.relative_to(site).as_posix()}: interne fout bij het opschonen: "
                                 "een bijdrage zonder begin- of eindmarkering")
        if clean != text:
            page.write_text(clean, encoding="utf-8")
            changed += 1
    return changed


# The case title is Pagefind's title metadata (taken from the page's h1 all the same), and Pagefind
# 1.5 searches metadata as well: indexed as text too, every title would be held twice.
NOT_INDEXED = "[data-pagefind-body] > h1"


def pagefind_command(source: Path, output: Path) -> list[str]:
    """The one Pagefind command line (the build, the preview and the benchmark all run it through
    run_pagefind): index the pages under `source` into the folder `output`."""
    return [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output.absolute()), "--glob", INDEXED_PAGES,
            "--exclude-selectors", NOT_INDEXED]


def indexed_part(page: bytes) -> bytes:
    """The page as Pagefind needs it: its head, then everything from the element marked
    data-pagefind-body on. What comes before that element (header, navigation, table of contents:
    more than half of a case page) Pagefind would parse only to skip it. A page with any Pagefind
    attribute before that element, or without one, is given whole."""
    head_end, marked = page.find(b"</head>"), page.find(b"data-pagefind-body")
    start = page.rfind(b"<", 0, marked)
    if head_end < 0 or marked < 0 or start < head_end or b"data-pagefind-" in page[head_end:start]:
        return page
    return page[:head_end + len(b"</head>")] + b"<body>" + page[start:]


@contextlib.contextmanager
def pages_to_index(site: Path) -> Iterator[Path]:
    """A scratch copy of the pages Pagefind reads, each cut to indexed_part, at the same paths (so
    the addresses in the index are those of the site). Outside the site; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="kennisbank-zoekindex-") as scratch:
        for page in site.glob(INDEXED_PAGES):
            copy = Path(scratch) / page.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(indexed_part(page.read_bytes()))
        yield Path(scratch)


def run_pagefind(site: Path, output: Path | None = None) -> subprocess.CompletedProcess:
    """Index the site into `output` (the site's own pagefind/ folder unless given)."""
    with pages_to_index(site) as source:
        return subprocess.run(pagefind_command(source, output or site / PAGEFIND_DIR), capture_output=True, text=True,
                              env=pagefind_environment())


# Pagefind's Linux build allocates with jemalloc, which by default keeps freed memory for ten
# seconds before it hands it back: while the index is built, that retained memory adds about a
# sixth to the peak (on 5,000 pages 1,303 MiB instead of 1,086 MiB). Handing it back at once costs
# hardly any time. The variable is jemalloc's own (prefixed as in Rust's tikv-jemallocator).
PAGEFIND_MALLOC_CONF = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}


def pagefind_environment(base: dict | None = None) -> dict[str, str]:
    return {**(os.environ if base is None else base), **PAGEFIND_MALLOC_CONF}


def index_site(site: Path) -> str:
    result = run_pagefind(site)
    if result.returncode != 0:
        raise IndexFailed(f"Pagefind kon de zoekindex niet maken:\n{result.stdout}\n{result.stderr}".strip())
    return result.stdout
