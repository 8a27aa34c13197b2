"""MkDocs hooks: thin adapters around the generator, so checks never depend on MkDocs.

- `mkdocs serve --dirty`: regenerate what a change touches (an edited case's page first, the pages
  that list it in the background; kennisbank/preview.py); validation errors are printed in the
  terminal and the last good pages stay up; the served site's contributed fragments are sanitised
  again by the same post-build step `make build` runs (kennisbank/postbuild.py), and it gets its
  search index in the background.
- every build: without a site address (site_url) no sitemap is left behind.
- every build: the generator's HTML blocks skip Markdown's HTML parser (kennisbank/htmlblocks.py) and
  the navigation is rendered once per folder (kennisbank/navreuse.py): both make pages cheaper.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kennisbank import htmlblocks, paths, postbuild  # noqa: E402
from kennisbank.navreuse import NavigationReuse  # noqa: E402
from kennisbank.preview import BackgroundIndex, Preview  # noqa: E402
from kennisbank.templatecache import MemoryBytecodeCache  # noqa: E402
from kennisbank.untrusted import printable  # noqa: E402

_serving = False
_preview: Preview | None = None
_search_index = BackgroundIndex()
_indexed_content_changed = True
_build_started = 0.0  # time.time() when the current rebuild began


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
        # another collection (the benchmark's) may be previewed through these two variables
        _preview = Preview(Path(config["docs_dir"]), examples=Path(os.environ.get("KENNISBANK_EXAMPLES", paths.EXAMPLES)),
                           typology=Path(os.environ.get("KENNISBANK_TYPOLOGY", paths.TYPOLOGY)),
                           rebuild_wanted=marker.touch)
    global _build_started, _indexed_content_changed
    _build_started = time.time()
    start = time.perf_counter()
    _preview.build_started()  # until on_post_build or on_build_error
    try:
        done = _preview.update()
    except Exception as exc:  # noqa: BLE001 - last resort: the preview keeps running with the last good pages
        print(f"\ninterne fout bij het genereren: {printable(type(exc).__name__)}: {printable(exc)}; "
              "de site toont de laatste goede versie\n", file=sys.stderr, flush=True)
        done = Preview.NOTHING_CHANGED
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


# MkDocs writes a sitemap even without site_url; without an address its entries are useless.
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")


def on_post_build(config):
    """No sitemap without a site address. `mkdocs serve` builds into its own folder: its contributed
    fragments are sanitised again (the pages this rebuild wrote), and it is indexed in the
    background, so the finder works there."""
    if not config["site_url"]:
        for name in SITEMAP_FILES:
            Path(config["site_dir"], name).unlink(missing_ok=True)
    if not _serving:
        return
    try:
        postbuild.sanitise_site(Path(config["site_dir"]), written_since=_build_started)
    except postbuild.SanitiseFailed as failure:
        print(f"\n{failure}\n", file=sys.stderr, flush=True)
    if _indexed_content_changed:
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
    return html
