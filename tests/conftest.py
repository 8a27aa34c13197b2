"""Shared fixtures: the real vocabularies, a fixed 'today', and helpers to write case files."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import textwrap
import threading
from pathlib import Path

import pytest

from kennisbank import paths
from kennisbank.vocab import load_vocabularies

TODAY = dt.date(2026, 11, 23)  # tests never depend on the clock

# Test addresses (reserved .test domain): the site and repository addresses come from the
# environment (mkdocs.yml), as the publishing workflow sets them. A test that needs a build
# without them removes them itself.
TEST_SITE_URL = "https://kennisbank.test/"
TEST_REPO_URL = "https://git.test/kennisbank/kennisbank"
os.environ.setdefault("KENNISBANK_SITE_URL", TEST_SITE_URL)
os.environ.setdefault("KENNISBANK_REPO_URL", TEST_REPO_URL)

GOOD_CASE = textwrap.dedent("""\
    ---
    titel: Voorbeeldstad organiseert dialoogtafels
    samenvatting: >-
      Een voorbeeld van een goede casus met een samenvatting die lang genoeg is voor de regels.
    gemeenten: [tiel]
    wrr_typen: [specifieke-minderheidsgroep]
    pijlers: [wonen-leefbaarheid]
    instrumenten: [leefbaarheidstoets]
    doelgroepen: [arbeidsmigranten]
    periode: {van: 2018, tot: lopend}
    status: lopend
    bewijs: beschreven
    bronnen:
      - document: portfolio-2020
        onderdeel: Tiel
        pagina: 21
    laatst_gecontroleerd: 2026-11-01
    ---

    ## Aanleiding

    Tekst.

    ## Aanpak

    Tekst.

    ## Resultaten

    De bron noemt geen resultaten.

    ## Lessen en randvoorwaarden

    Tekst.
    """)


@pytest.fixture(scope="session")
def vocab():
    vocabularies, problems = load_vocabularies(paths.TYPOLOGY)
    assert not problems, problems
    return vocabularies


@pytest.fixture
def examples_dir(tmp_path) -> Path:
    directory = tmp_path / "examples"
    directory.mkdir()
    return directory


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- the built site, served, and a real browser ------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content, built once (validation, generation, MkDocs --strict, Pagefind)."""
    from kennisbank.build import build_site
    target = tmp_path_factory.mktemp("built") / "site"
    build_site(site=target, quiet=True, today=TODAY)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """The built site on 127.0.0.1, like any static host."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; the path comes from KENNISBANK_CHROMIUM."""
    from playwright.sync_api import sync_playwright
    executable = os.environ.get("KENNISBANK_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class RecordingPage:
    """A page that records every request and every console error (CSP violations among them)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")]


@pytest.fixture
def web(browser, base_url):
    context = browser.new_context(locale="nl-NL")
    recording = RecordingPage(context.new_page(), base_url)
    yield recording
    context.close()
