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


class IndexFailed(Exception):
    pass


def index_site(site: Path) -> str:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", PAGEFIND_DIR]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise IndexFailed(f"Pagefind kon de zoekindex niet maken:\n{result.stdout}\n{result.stderr}".strip())
    return result.stdout
