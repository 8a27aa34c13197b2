"""MkDocs hooks: thin adapters around the generator, so checks never depend on MkDocs.

- `mkdocs serve`: regenerate the pages when a case or vocabulary changes; validation errors are
  printed in the terminal and the last good pages stay up; the served site gets its search index.
- every build: pages with case texts are sanitised (second line of defence; see kennisbank/sanitize.py).
- every build: the generator's HTML blocks skip Markdown's HTML parser (kennisbank/htmlblocks.py) and
  the navigation is rendered once per folder depth (kennisbank/navreuse.py): both make pages cheaper.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kennisbank import htmlblocks, postbuild  # noqa: E402
from kennisbank.build import BuildFailed, generate  # noqa: E402
from kennisbank.navreuse import NavigationReuse  # noqa: E402
from kennisbank.sanitize import sanitise  # noqa: E402

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_pre_build(config):
    if not _serving or os.environ.get("KENNISBANK_PREGENERATED") == "1":
        return
    try:
        generate(quiet=True)
    except BuildFailed as failure:
        print("\nDe casussen bevatten fouten; de site toont de laatste goede versie:\n" + str(failure) + "\n",
              file=sys.stderr, flush=True)


# pages whose content includes case texts written by contributors
CONTRIBUTED = ("casussen/", "portfolio/")


def on_post_build(config):
    """`mkdocs serve` builds into its own folder: index that one too, so the finder works there."""
    if not _serving:
        return
    try:
        postbuild.index_site(Path(config["site_dir"]))
    except postbuild.IndexFailed as failure:
        print(f"\nDe zoekindex kon niet worden gemaakt; de zoeker werkt in dit voorbeeld niet:\n{failure}\n", file=sys.stderr, flush=True)


_stashed_blocks: dict[str, list[str]] = {}


def on_env(env, config, files):
    env.globals["kb_reuse_nav"] = NavigationReuse()
    return env


def on_page_markdown(markdown, page, config, files):
    markdown, _stashed_blocks[page.file.src_uri] = htmlblocks.stash(markdown)
    return markdown


def on_page_content(html, page, config, files):
    html = htmlblocks.restore(html, _stashed_blocks.pop(page.file.src_uri, []))
    if page.file.src_uri.startswith(CONTRIBUTED):
        return sanitise(html)
    return html
