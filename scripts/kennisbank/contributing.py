"""The contributor guide: one source, CONTRIBUTING.md, shown on GitHub and as the page bijdragen/.

On GitHub, links to the repository itself are relative ('../..' from the file climbs to the
repository, '../../issues/new?...' opens the issue form), so the file names no address. On the
site they become the repository's real address, or plain text when the build does not know it.
"""
from __future__ import annotations

import re

from pathlib import Path

from . import paths
from .untrusted import read_capped

# Links into the repository's files point to the pages generated from those files.
REPOSITORY_LINKS_ON_SITE = {"](typology/casus.schema.yml)": "](velden.md)"}
REPOSITORY_LINK = re.compile(r"\[([^\]]+)\]\(\.\./\.\.(/[^)\s]*)?\)")


def contributing_page(repo_url: str, source: Path = paths.CONTRIBUTING) -> str:
    text = read_capped(source, 1_000_000).decode("utf-8")
    for in_repository, on_site in REPOSITORY_LINKS_ON_SITE.items():
        text = text.replace(in_repository, on_site)

    def absolute(match: re.Match) -> str:
        label, rest = match.group(1), match.group(2) or ""
        return f"[{label}]({repo_url}{rest})" if repo_url else label

    return REPOSITORY_LINK.sub(absolute, text)
