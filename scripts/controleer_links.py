#!/usr/bin/env python3
"""Check the external links in the sources of all cases (and of the known source documents).

Needs the network, so it runs on a schedule (.github/workflows/links.yml), never in the tests
of a pull request. Prints `bestand:regel: url — status` for each dead link; exit 1 if any.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import sys
import urllib.error
import urllib.request

from kennisbank import paths
from kennisbank.checks import case_paths, load_cases
from kennisbank.problems import display_path
from kennisbank.vocab import load_vocabularies

USER_AGENT = "KennisbankNieuweVerscheidenheid-linkcontrole/1.0"


def collect_links() -> list[tuple[str, int, str]]:
    """(file, line, url) for every url in case sources and in typology/bronnen.yml."""
    links = []
    cases, _ = load_cases(case_paths(paths.EXAMPLES))
    for case in cases:
        for i, source in enumerate(case.meta.get("bronnen") or []):
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                links.append((case.display, case.line_of("bronnen", i, "url"), source["url"]))
    vocab, _ = load_vocabularies(paths.TYPOLOGY)
    for source in vocab.bronnen.values():
        if source.get("url"):
            links.append((display_path(paths.TYPOLOGY / "bronnen.yml"), source["_line"], source["url"]))
    return links


def status_of(url: str, timeout: float) -> str | None:
    """None when the link works; otherwise a short Dutch reason."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"niet bereikbaar ({getattr(error, 'reason', error)})"
    return "niet bereikbaar"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Controleer externe links in de bronnen.")
    parser.add_argument("--timeout", type=float, default=15)
    args = parser.parse_args(argv)
    links = collect_links()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda link: status_of(link[2], args.timeout), links))
    dead = [(link, status) for link, status in zip(links, statuses) if status]
    for (where, line, url), status in dead:
        print(f"{where}:{line}: {url} — {status}")
    print(f"{len(links)} links gecontroleerd, {len(dead)} werken niet", file=sys.stderr)
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
