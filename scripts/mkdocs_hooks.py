"""MkDocs hooks: thin adapters around the generator, so checks never depend on MkDocs.

- `mkdocs serve`: regenerate the pages when a case or vocabulary changes; validation errors are
  printed in the terminal and the last good pages stay up; the served site gets its search index.
- `mkdocs serve`: the served site's contributed fragments are sanitised again and it gets its
  search index, by the same post-build steps `make build` runs (kennisbank/postbuild.py).
- every build: without a site address (site_url) no sitemap is left behind.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kennisbank import postbuild  # noqa: E402
from kennisbank.build import BuildFailed, generate  # noqa: E402
from kennisbank.untrusted import printable  # noqa: E402

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
    except Exception as exc:  # noqa: BLE001 - last resort: the preview keeps running with the last good pages
        print(f"\ninterne fout bij het genereren: {printable(type(exc).__name__)}: {printable(exc)}; "
              "de site toont de laatste goede versie\n", file=sys.stderr, flush=True)


# MkDocs writes a sitemap even without site_url; without an address its entries are useless.
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")


def on_post_build(config):
    """No sitemap without a site address. `mkdocs serve` builds into its own folder: sanitise and
    index that one too, so the finder works there."""
    if not config["site_url"]:
        for name in SITEMAP_FILES:
            Path(config["site_dir"], name).unlink(missing_ok=True)
    if not _serving:
        return
    try:
        postbuild.sanitise_site(Path(config["site_dir"]))
        postbuild.index_site(Path(config["site_dir"]))
    except postbuild.IndexFailed as failure:
        print(f"\nDe zoekindex kon niet worden gemaakt; de zoeker werkt in dit voorbeeld niet:\n{failure}\n", file=sys.stderr, flush=True)
