"""Shared fixtures: the real vocabularies, a fixed 'today', and helpers to write case files."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import shutil
import textwrap
import threading
from pathlib import Path

import pytest

from kennisbank import paths
from kennisbank.browser import find_chromium
from kennisbank.vocab import load_vocabularies

TODAY = dt.date(2026, 11, 30)  # tests never depend on the clock; not before the newest real check date

def typology_without_redirects(tmp_path: Path) -> Path:
    """A copy of the real vocabularies with no redirects: the real ones point at real cases, which a
    build from a folder of test cases does not have."""
    typology = tmp_path / "typology"
    if not typology.exists():
        shutil.copytree(paths.TYPOLOGY, typology, symlinks=True)
        (typology / "omleidingen.yml").write_text("[]\n", encoding="utf-8")
    return typology


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
    root = tmp_path_factory.mktemp("built")
    target = root / "site"
    # generated docs go to a temporary directory too: a running `make serve` watches build/docs
    build_site(site=target, quiet=True, today=TODAY, out_dir=root / "docs")
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
    """A Chromium already on the machine, through Playwright (see kennisbank.browser for where it is
    looked for). Without one the browser tests fail, naming the places tried: they never skip."""
    from playwright.sync_api import sync_playwright
    executable, message = find_chromium()
    if executable is None:
        pytest.fail(message, pytrace=False)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def wait_until_ready(page) -> None:
    """Wait for the ready signal of each script on the page (read from docs/assets/kennisbank/*.js),
    never for a fixed time or for network silence: the finder's result list is no longer aria-busy,
    the map carries data-geladen, the lookup shows its widget and no case list is still loading."""
    if page.locator("#kb-resultaten").count():
        page.wait_for_selector("#kb-resultaten[aria-busy='false']", state="attached")
    if page.locator("#kb-kaart").count():
        page.wait_for_selector("#kb-kaart[data-geladen]", state="attached")
    if page.locator("#kb-zoals").count():
        page.wait_for_selector("#kb-zoals:not([hidden])", state="attached")
        page.wait_for_function("() => !document.querySelector('.kb-zoals-casussen[aria-busy]')")


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
        wait_until_ready(self.page)
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")]


@pytest.fixture
def web(browser, base_url):
    context = browser.new_context(locale="nl-NL")
    recording = RecordingPage(context.new_page(), base_url)
    yield recording
    context.close()


BROWSER_FIXTURES = {"browser", "web", "base_url"}


def pytest_collection_modifyitems(config, items):
    """Every test that drives the browser carries the `browser` mark, so `-m "not browser"` is honest."""
    unmarked = [item.nodeid for item in items
                if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("browser") is None]
    if unmarked:
        raise pytest.UsageError("browser tests without @pytest.mark.browser: " + ", ".join(unmarked))
