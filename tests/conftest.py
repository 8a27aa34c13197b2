"""Shared fixtures: the real vocabularies, a fixed 'today', and helpers to write case files."""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import fcntl
import functools
import hashlib
import http.server
import io
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import markdown
import pytest

from kennisbank import htmlblocks, paths, siteconfig
from kennisbank.browser import find_chromium

TODAY = dt.date(2026, 11, 30)  # tests never depend on the clock; not before the newest real check date
# the shared site's build date (SOURCE_DATE_EPOCH): TODAY, at midnight UTC
SITE_EPOCH = int(dt.datetime.combine(TODAY, dt.time(), dt.UTC).timestamp())

@functools.cache
def site_markdown_extensions() -> tuple[str, ...]:
    """The Markdown extensions of the site, by name, from mkdocs.yml (their options do not matter here)."""
    return tuple(e if isinstance(e, str) else next(iter(e)) for e in siteconfig.load(paths.MKDOCS_CONFIG)["markdown_extensions"])


def convert(text: str) -> str:
    """Markdown as the site's Python-Markdown makes it."""
    return markdown.markdown(text, extensions=list(site_markdown_extensions()))


def through_stash(text: str) -> str:
    """The same, with the HTML blocks set aside first and put back after (kennisbank/htmlblocks.py)."""
    stashed, blocks = htmlblocks.stash(text)
    return htmlblocks.restore(convert(stashed), blocks)


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
def vocab(vocabularies_loaded_once):
    """The real vocabularies: the object the builds of the real content use too."""
    vocabularies, problems = vocabularies_loaded_once(paths.TYPOLOGY)
    assert not problems, problems
    return vocabularies


@pytest.fixture(scope="session")
def shared_typology(tmp_path_factory) -> Path:
    """typology_without_redirects, one copy per worker, for the many tests that build or generate
    from it without changing it (a test that changes its vocabularies makes its own copy). Checked
    at the end: had a test changed it, the other tests would have used other vocabularies."""
    typology = typology_without_redirects(tmp_path_factory.mktemp("gedeeld"))
    before = folder_fingerprint(typology)
    yield typology
    assert folder_fingerprint(typology) == before, f"a test changed {typology}, which the tests share"


# --- the scripts, run in this process ------------------------------------------------------------

def run_script(script: str, *args: str, cwd: Path = paths.ROOT) -> subprocess.CompletedProcess:
    """scripts/<script> run as its command line would run it (its main(argv), in `cwd`), with the
    exit code and what it printed; argparse's exit is an exit code too. In this process, so a run
    does not start Python and load the vocabularies again (over a second each). The real command
    line is still run for each script: nieuwe_casus.py by small_site, valideer.py in test_build.py,
    bouw.py in the serve test."""
    import importlib
    module = importlib.import_module(Path(script).stem)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = module.main(list(args))
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess([script, *args], code, out.getvalue(), err.getvalue())


# --- one build of a small collection, for three tests -------------------------------------------

def fill_in_the_scaffold(text: str) -> str:
    """What a contributor does next with the output of `make casus`: choose the pillars,
    instruments and target groups."""
    text = text.replace("pijlers: []", "pijlers: [ontmoeting-dialoog]").replace("instrumenten: []", "instrumenten: [dialoogtafels]")
    return text.replace("doelgroepen: []", "doelgroepen: [alle-inwoners]")


SCAFFOLD_FILE = "s-gravenhage-dialoogtafels-in-de-wijk.md"  # `make casus` for Den Haag, "Dialoogtafels in de wijk"
OLD_REVIEW_CASE = GOOD_CASE.replace("laatst_gecontroleerd: 2026-11-01", "laatst_gecontroleerd: 2023-06-30")
REDIRECTS = "- {van: oude-naam, naar: nieuwe-naam}\n- {van: weg, naar: }\n"


@dataclasses.dataclass
class SmallSite:
    site: Path
    printed: str  # what the build printed
    scaffold: subprocess.CompletedProcess  # the run of scripts/nieuwe_casus.py
    scaffold_file: Path
    scaffold_text: str  # as the scaffold wrote it, before fill_in_the_scaffold


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> SmallSite:
    """A real build (validation, generation, MkDocs --strict, Pagefind) that three tests would
    otherwise each make of a case of their own, made once: the scaffold's output once filled in
    (test_contributing), a case reviewed long ago (oud.md, test_build) and a renamed case with
    its redirects (nieuwe-naam.md, test_contributing). The build prints what it says (not quiet).
    It is built without the site's and the repository's address, as a fork without them would be
    (test_finding checks what that leaves out). The scheduler below runs these tests on one worker."""
    from kennisbank.build import build_site
    root = tmp_path_factory.mktemp("klein")
    examples = root / "examples"
    examples.mkdir()
    scaffold = subprocess.run([sys.executable, str(paths.ROOT / "scripts" / "nieuwe_casus.py"), "--gemeente", "Den Haag",
                               "--titel", "Dialoogtafels in de wijk", "--map", str(examples), "--vandaag", TODAY.isoformat()],
                              capture_output=True, text=True, cwd=paths.ROOT)
    created = examples / SCAFFOLD_FILE
    written = created.read_text(encoding="utf-8") if created.exists() else ""
    if created.exists():
        created.write_text(fill_in_the_scaffold(written), encoding="utf-8")
    write(examples, "oud.md", OLD_REVIEW_CASE)
    write(examples, "nieuwe-naam.md", GOOD_CASE)
    typology = typology_without_redirects(root)
    (typology / "omleidingen.yml").write_text(REDIRECTS, encoding="utf-8")
    printed = io.StringIO()
    with contextlib.redirect_stderr(printed), pytest.MonkeyPatch.context() as patch:
        patch.delenv("KENNISBANK_SITE_URL", raising=False)
        patch.delenv("KENNISBANK_REPO_URL", raising=False)
        build_site(site=root / "site", today=TODAY, examples=examples, typology=typology, out_dir=root / "docs")
    return SmallSite(root / "site", printed.getvalue(), scaffold, created, written)


# --- each vocabulary folder loaded once ----------------------------------------------------------

def folder_fingerprint(folder: Path) -> str | None:
    """Every name and every byte under `folder`; None if anything there is neither a plain file
    nor a folder (a symlink, a device: hostile tests make those)."""
    digest = hashlib.sha256()
    if folder.is_symlink() or not folder.is_dir():
        return None
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(folders + files):
            path = Path(root) / name
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                digest.update(f"d {path.relative_to(folder)}\0".encode())
            elif stat.S_ISREG(mode):
                digest.update(f"f {path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
            else:
                return None
    return digest.hexdigest()


class LoadOnce:
    """load_vocabularies as every build and validation calls it (kennisbank.validation), remembered
    per worker by folder and content: most tests build from the same two folders (the real one and
    shared_typology), and a load takes more than a second (the municipalities' placement). The
    same folder with the same bytes gives the same vocabularies, and nothing changes them after
    loading. A load with problems is never remembered: its messages are what such a test checks."""

    def __init__(self, load):
        self.load = load
        self.loaded: dict[tuple[Path, str], object] = {}
        self.enabled = True

    def __call__(self, typology: Path):
        fingerprint = folder_fingerprint(typology) if self.enabled else None
        if fingerprint is None:
            return self.load(typology)
        key = (typology.resolve(), fingerprint)
        if key not in self.loaded:
            vocabularies, problems = self.load(typology)
            if problems:
                return vocabularies, problems
            self.loaded[key] = vocabularies
        return self.loaded[key], []

    @contextlib.contextmanager
    def fresh(self):
        """Load afresh inside this block (a test of the build itself, from its sources)."""
        self.enabled = False
        try:
            yield
        finally:
            self.enabled = True


@pytest.fixture(scope="session", autouse=True)
def vocabularies_loaded_once():
    from kennisbank import validation
    loader = LoadOnce(validation.load_vocabularies)
    patch = pytest.MonkeyPatch()
    patch.setattr(validation, "load_vocabularies", loader)
    yield loader
    patch.undo()


@pytest.fixture(scope="session", autouse=True)
def build_cache_key_of_the_run(tmp_path_factory):
    """The build cache's signing key (buildcache.SECRET_FILE, in the repository otherwise) in this
    run's own folder, one for all workers (so one worker's cache is good for another, as on one
    machine): no test writes one into the working copy."""
    from kennisbank import buildcache
    patch = pytest.MonkeyPatch()
    patch.setattr(buildcache, "SECRET_FILE", run_directory(tmp_path_factory) / ".bouwcache-sleutel")
    yield buildcache.SECRET_FILE
    patch.undo()


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

def run_directory(tmp_path_factory) -> Path:
    """The temporary folder of this whole run: under pytest-xdist each worker has its own
    (popen-gw0, ...) inside it, so what is built here is shared by all workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on `path` (a file): one worker at a time."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content, built once per run (validation, generation, MkDocs --strict, Pagefind).
    The workers of pytest-xdist share it: the first that needs it builds it under a lock, the others
    wait and read the same folder (which no test writes to). A failed build is tried again by the
    next worker, so each reports the failure itself. Built with SOURCE_DATE_EPOCH at SITE_EPOCH, so
    test_reproducible can compare a second build with it."""
    from kennisbank.build import build_site
    root = run_directory(tmp_path_factory) / "built"
    target = root / "site"
    with locked(run_directory(tmp_path_factory) / "built.lock"):
        if not (root / "klaar").exists():
            shutil.rmtree(root, ignore_errors=True)
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("SOURCE_DATE_EPOCH", str(SITE_EPOCH))
                # generated docs go to a temporary directory too: a running `make serve` watches build/docs
                build_site(site=target, quiet=True, today=TODAY, out_dir=root / "docs")
            (root / "klaar").touch()
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


DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's for a new context


class Tab:
    """One browser tab per worker, shared by the browser tests: a new tab starts a new renderer
    process, which costs more than many a test. Each test gets it as new: a blank page, nothing
    stored for the site (local and session storage, cookies: Material keeps the colour scheme
    there), the default screen size and colour scheme, the mouse in the corner."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(locale="nl-NL")
        self.origin = base_url
        self._open()

    def _open(self):
        self.page = self.context.new_page()
        self.devtools = self.context.new_cdp_session(self.page)
        self.crashed = False
        self.page.on("crash", lambda _: setattr(self, "crashed", True))

    def fresh(self, viewport=DEFAULT_VIEWPORT, scheme: str = "light"):
        if self.crashed or self.page.is_closed():  # one test's crash is not the next test's failure
            self._open()
        page = self.page
        page.goto("about:blank")
        self.devtools.send("Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"})
        self.context.clear_cookies()
        page.set_viewport_size(viewport)
        page.emulate_media(color_scheme=scheme)
        page.mouse.move(0, 0)
        return page


@pytest.fixture(scope="session")
def tab(browser, base_url):
    shared = Tab(browser, base_url)
    yield shared
    shared.context.close()


class RecordingPage:
    """A page that records every request and every console error (CSP violations among them)."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self._listeners = {"request": lambda request: self.requests.append(request.url),
                           "console": lambda message: message.type == "error" and self.errors.append(message.text),
                           "pageerror": lambda error: self.errors.append(str(error))}
        for event, listener in self._listeners.items():
            page.on(event, listener)

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        wait_until_ready(self.page)
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url) and not url.startswith("data:")]

    def stop(self) -> None:
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)


@pytest.fixture
def web(tab, base_url):
    recording = RecordingPage(tab.fresh(), base_url)
    yield recording
    recording.stop()


BROWSER_FIXTURES = {"browser", "web", "base_url", "tab"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test that drives the browser carries the `browser` mark, so `-m "not browser"` is honest."""
    unmarked = [item.nodeid for item in items
                if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("browser") is None]
    if unmarked:
        raise pytest.UsageError("browser tests without @pytest.mark.browser: " + ", ".join(unmarked))
    for fixture, tests in SHARED_BUILD_TESTS.items():
        unlisted = [item.nodeid for item in items if fixture in getattr(item, "fixturenames", ()) and item.nodeid not in tests]
        if unlisted:
            raise pytest.UsageError(f"tests that use {fixture} but are not in conftest.SHARED_BUILD_TESTS: " + ", ".join(unlisted))
    # The order only decides which worker starts what (no test depends on another): one test that
    # needs the built site first, so one worker builds it while the others run the tests that do
    # not need it; then everything that needs it, the longest units (LONG_UNITS) first, so that no
    # worker is left running one at the end while the other has nothing to do.
    needs_site = [item for item in items if "site" in getattr(item, "fixturenames", ())]
    moved = {id(item) for item in needs_site}
    later = sorted(needs_site[1:], key=lambda item: item.nodeid.split("::", 1)[0] not in LONG_UNITS)
    items[:] = needs_site[:1] + [item for item in items if id(item) not in moved] + later


# --- pytest-xdist (`-n auto` in pyproject.toml): which tests share a worker ---------------------

# Modules with a module-scoped build of a small collection: each runs on one worker, as one unit,
# so its build is made once per run. And test_preview.py, whose template test moves the real
# template's modification time for a moment: a preview test on another worker would see it.
ONE_WORKER_MODULES = {"tests/test_hostile.py", "tests/test_generator.py", "tests/test_advice.py", "tests/test_htmlblocks.py",
                      "tests/test_zensical.py", "tests/test_preview.py"}
# Modules whose tests of the built site take longest (a renderer of their own, a second build).
LONG_UNITS = {"tests/test_zensical.py", "tests/test_reproducible.py"}
# The tests that use a session-scoped build of their own: one unit, on one worker (a test that
# uses the fixture but is missing here is refused at collection, above).
SHARED_BUILD_TESTS = {
    "small_site": {"tests/test_contributing.py::test_scaffold_output_validates_and_builds",
                   "tests/test_contributing.py::test_a_renamed_case_keeps_its_old_address",
                   "tests/test_build.py::test_an_old_review_date_is_a_notice_and_the_strict_build_still_succeeds",
                   "tests/test_finding.py::test_no_built_file_names_a_placeholder_or_test_address",
                   "tests/test_finding.py::test_without_an_address_there_is_no_sitemap_feed_canonical_link_or_repository_link"},
}


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Every other test is a unit of its own, handed to whichever worker is free next, in the order
    of collection (above). pytest-xdist's own `--dist loadgroup` does not work with pytest 9.2
    (it renames node ids through an attribute pytest no longer reads), hence this scheduler."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerModules(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for fixture, tests in SHARED_BUILD_TESTS.items():
                if nodeid in tests:
                    return fixture
            module = nodeid.split("::", 1)[0]
            return module if module in ONE_WORKER_MODULES else nodeid

    config.option.loadscopereorder = False  # keep the order of collection
    return OneWorkerModules(config, log)
