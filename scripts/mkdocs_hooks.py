"""MkDocs hooks: thin adapters around the generator, so checks never depend on MkDocs.

- `mkdocs serve --dirty`: regenerate what a change touches (an edited case's page first, the pages
  that list it in the background; kennisbank/preview.py); validation errors are printed in the
  terminal and the last good pages stay up; the served site gets its search index in the background.
- every build: pages with case texts are sanitised (second line of defence; see kennisbank/sanitize.py).
- every build: the generator's HTML blocks skip Markdown's HTML parser (kennisbank/htmlblocks.py) and
  the navigation is rendered once per folder (kennisbank/navreuse.py): both make pages cheaper.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kennisbank import htmlblocks, paths  # noqa: E402
from kennisbank.navreuse import NavigationReuse  # noqa: E402
from kennisbank.preview import BackgroundIndex, Preview  # noqa: E402
from kennisbank.sanitize import sanitise  # noqa: E402
from kennisbank.templatecache import MemoryBytecodeCache  # noqa: E402

_serving = False
_preview: Preview | None = None
_search_index = BackgroundIndex()
_indexed_content_changed = True


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _ready_marker(config) -> Path:
    """Touched by the preview's background writer: the follow-up rebuild for the listing pages."""
    return Path(config["docs_dir"]).parent / ".voorbeeld" / "klaar"


def on_pre_build(config):
    global _preview
    if not _serving or os.environ.get("KENNISBANK_PREGENERATED") == "1":
        return
    if _preview is None:
        marker = _ready_marker(config)
        _preview = Preview(Path(config["docs_dir"]), examples=Path(os.environ.get("KENNISBANK_EXAMPLES", paths.EXAMPLES)),
                           rebuild_wanted=marker.touch)
    start = time.perf_counter()
    _preview.build_started()  # until on_post_build or on_build_error
    global _indexed_content_changed
    done = _preview.update()
    # a rebuild for the background writer's pages only: no indexed text changed
    _indexed_content_changed = done != Preview.NOTHING_CHANGED
    print(f"voorbeeld: {done} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)


def on_serve(server, config, builder):
    """The generator writes the docs directory itself, so watching it would rebuild twice per edit:
    the sources are watched instead (mkdocs.yml: watch), and the background writer's marker."""
    server.unwatch(config["docs_dir"])
    marker = _ready_marker(config)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    server.watch(str(marker.parent))
    return server


# pages whose content includes case texts written by contributors
CONTRIBUTED = ("casussen/", "portfolio/")


def on_post_build(config):
    """`mkdocs serve` builds into its own folder: index that one too (in the background), so the
    finder works there."""
    if _serving and _indexed_content_changed:
        _search_index.request(Path(config["site_dir"]))
    if _preview is not None:
        _preview.build_ended()


def on_build_error(error):
    if _preview is not None:
        _preview.build_ended()


_stashed_blocks: dict[str, list[str]] = {}


_compiled_templates = MemoryBytecodeCache()


def on_env(env, config, files):
    env.globals["kb_reuse_nav"] = NavigationReuse()
    env.bytecode_cache = _compiled_templates
    return env


def on_page_markdown(markdown, page, config, files):
    markdown, _stashed_blocks[page.file.src_uri] = htmlblocks.stash(markdown)
    return markdown


def on_page_content(html, page, config, files):
    blocks = _stashed_blocks.pop(page.file.src_uri, [])
    html = htmlblocks.restore(html, blocks)
    if page.present_anchor_ids is not None:  # MkDocs checks links to #anchors against these
        page.present_anchor_ids |= htmlblocks.anchor_ids(blocks)
    if page.file.src_uri.startswith(CONTRIBUTED):
        return sanitise(html)
    return html
