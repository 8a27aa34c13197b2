"""Which Chromium the browser tests and the benchmark drive: one already on the machine, never a
download (browser downloads do not work everywhere). Looked for in this order:
$KENNISBANK_CHROMIUM, Debian's /usr/bin/chromium, then the browser Playwright itself would use.

    python -m kennisbank.browser    prints the path, or names every place it looked and exits 1
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ENVIRONMENT_VARIABLE = "KENNISBANK_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def _playwright_chromium() -> Path | None:
    """Where Playwright keeps its own Chromium (present only if someone installed it)."""
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path)
    except Exception:  # Playwright missing or unable to start: simply one place fewer
        return None


def places() -> list[tuple[str, Path | None]]:
    """(description, path) in the order they are tried; path None when there is nothing to try."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    return [(f"${ENVIRONMENT_VARIABLE}", Path(configured) if configured else None),
            ("Debians pakket chromium", DEBIAN_CHROMIUM),
            ("de Chromium van Playwright", _playwright_chromium())]


def _usable(path: Path | None) -> bool:
    return path is not None and path.is_file() and os.access(path, os.X_OK)


def find_chromium() -> tuple[Path | None, str]:
    """The first usable browser, and (when there is none) a Dutch message naming every place tried."""
    tried = []
    for description, path in places():
        if _usable(path):
            return path, ""
        tried.append(f"{description}: {path if path else 'niet ingesteld'}")
    message = ("Geen Chromium gevonden voor de browsertests. Gezocht op: " + "; ".join(tried) + ". "
               "Installeer Debians pakket 'chromium' (apt-get install chromium; 'make test' doet dat zelf als root) "
               f"of zet {ENVIRONMENT_VARIABLE} op het pad van een Chromium-browser.")
    return None, message


def main() -> int:
    path, message = find_chromium()
    if path is None:
        print(message, file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
