"""After MkDocs: index the built site with Pagefind.

Pagefind splits its index into small chunks and fragments that the browser fetches per query, so
what a search transfers stays small as the collection grows. It reads only elements marked
data-pagefind-body (generated content pages), with filters and metadata written by the templates.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PAGEFIND_DIR = "pagefind"
# Only case pages carry data-pagefind-body (overrides/main.html). Pagefind reads every file its
# glob matches before it looks for that attribute, so it is pointed at the case folder only: at
# 1,000 cases that halved its time. tests/test_reproducible.py checks no indexed page lies outside it.
INDEXED_PAGES = "casussen/**/*.html"


class IndexFailed(Exception):
    pass


def pagefind_command(site: Path) -> list[str]:
    """The one Pagefind command line: the build, the preview and the benchmark all run this."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", PAGEFIND_DIR, "--glob", INDEXED_PAGES]


def index_site(site: Path) -> str:
    result = subprocess.run(pagefind_command(site), capture_output=True, text=True)
    if result.returncode != 0:
        raise IndexFailed(f"Pagefind kon de zoekindex niet maken:\n{result.stdout}\n{result.stderr}".strip())
    return result.stdout
