"""The live preview behind `make serve`: an edited case on screen within seconds, the rest after.

`mkdocs serve --dirty` rebuilds only the pages whose Markdown is newer than their HTML. This
module decides which Markdown to write on each rebuild:

- Only case files changed (an editor at work): those cases are validated and their own pages
  written at once; every other page (lists by type, pillar, instrument and municipality, related
  cases, the finder's data) is rendered in a background thread from the same state and written
  where it changed, and then one follow-up rebuild (`rebuild_wanted`) takes those pages to the
  site. Pagefind indexes the served site in the background after each rebuild.
- Anything else changed (vocabularies, templates, handwritten pages, a case added or removed),
  or the first build: everything is validated and generated, as in `make build`.

A case with errors is reported in the terminal and nothing is written: the last good pages stay
up. The generator's own writes go to the docs directory, which the hooks stop watching, so they
never trigger a rebuild of their own. Whatever the path, the files written are those a build from
scratch writes (tests/test_preview.py).
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from . import paths, postbuild
from .build import BuildFailed, build_date, cache_beside, generate, other_files, read_settings, sync_tree
from .checks import case_paths, validate
from .model import Corpus, build_case, index_cases
from .problems import errors
from .untrusted import printable
from .render import case_page, make_environment, plan_pages, write_pages

Snapshot = dict[Path, tuple[int, int]]  # file -> (modification time in ns, size)
BATCH = 50  # pages the background writer renders before it lets an edit in


def snapshot(*roots: Path) -> Snapshot:
    found = {}
    for root in roots:
        if root.is_file():
            found[root] = (root.stat().st_mtime_ns, root.stat().st_size)
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def report(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Preview:
    NOTHING_CHANGED = "niets veranderd"

    def __init__(self, out_dir: Path, examples: Path = paths.EXAMPLES, typology: Path = paths.TYPOLOGY,
                 docs: Path = paths.DOCS, today: dt.date | None = None,
                 rebuild_wanted: Callable[[], None] = lambda: None):
        self.out_dir, self.examples, self.typology, self.docs = out_dir, examples, typology, docs
        self.today = today
        self.rebuild_wanted = rebuild_wanted
        self.corpus: Corpus | None = None
        self.cases_seen: Snapshot = {}
        self.others_seen: Snapshot = {}
        self._generation = 0
        # one writer of the docs directory at a time, and none while MkDocs reads it: a page
        # written between MkDocs' reading and writing passes would be half built
        self._lock = threading.RLock()
        self._background: threading.Thread | None = None
        self._env = None  # the templates, compiled once until they change

    def _other_sources(self) -> Snapshot:
        return snapshot(self.typology, self.docs, paths.TEMPLATES, paths.ROOT / "CONTRIBUTING.md", paths.MKDOCS_CONFIG)

    def build_started(self) -> None:
        """MkDocs is about to read the docs directory: the background writer pauses."""
        self._lock.acquire()

    def build_ended(self) -> None:
        try:
            self._lock.release()
        except RuntimeError:  # a build that failed before it started reading
            pass

    def update(self) -> str:
        """Bring the docs directory up to date with the sources; says what it did."""
        cases_now = snapshot(*case_paths(self.examples)) if self.examples.is_dir() else {}
        others_now = self._other_sources()
        if self.corpus is None or others_now != self.others_seen or cases_now.keys() != self.cases_seen.keys():
            return self._regenerate_all(cases_now, others_now)
        changed = sorted(p for p, seen in cases_now.items() if self.cases_seen.get(p) != seen)
        if not changed:
            return self.NOTHING_CHANGED
        return self._update_cases(changed, cases_now)

    def _regenerate_all(self, cases_now: Snapshot, others_now: Snapshot) -> str:
        self._generation += 1  # a background writer still busy stops
        with self._lock:
            try:
                corpus, _ = generate(out_dir=self.out_dir, examples=self.examples, typology=self.typology, docs=self.docs,
                                     today=self.today, quiet=True, cache_dir=cache_beside(self.out_dir))
            except BuildFailed as failure:
                # nothing was written; until the errors are fixed, every change regenerates all
                self.corpus = None
                report("\nDe casussen bevatten fouten; de site toont de laatste goede versie:\n" + str(failure) + "\n")
                return "fouten"
        self.corpus, self.cases_seen, self.others_seen = corpus, cases_now, others_now
        self._env = None
        return "alles opnieuw gemaakt"

    def _update_cases(self, changed: list[Path], cases_now: Snapshot) -> str:
        vocab = self.corpus.vocab
        all_ids = {p.stem for p in cases_now}
        case_files, problems = validate(changed, vocab, all_ids, self.today or dt.date.today())
        self.cases_seen = {**self.cases_seen, **{p: cases_now[p] for p in changed}}
        if errors(problems):
            report("\nDe casussen bevatten fouten; de site toont de laatste goede versie:\n"
                   + "\n".join(str(p) for p in problems) + "\n")
            return "fouten"
        for notice in problems:
            report(str(notice))
        cases = dict(self.corpus.cases)
        cases.update({cf.id: build_case(cf, vocab) for cf in case_files})
        corpus = self.corpus = index_cases(cases, vocab)
        self._generation += 1
        generation = self._generation
        settings = self._settings()
        if self._env is None:
            self._env = make_environment()
        with self._lock:
            write_pages([case_page(corpus.cases[cf.id], corpus, settings) for cf in case_files], corpus, self.out_dir,
                        env=self._env, parallel=False)
        self._background = threading.Thread(target=self._write_the_rest_or_report, args=(corpus, settings, generation), daemon=True)
        self._background.start()
        return f"{len(case_files)} casus(sen) bijgewerkt"

    def _settings(self):
        settings = read_settings()
        settings.today = (self.today or build_date()).isoformat()
        return settings

    def _write_the_rest_or_report(self, corpus: Corpus, settings, generation: int) -> None:
        try:
            self._write_the_rest(corpus, settings, generation)
        except Exception as exc:  # noqa: BLE001 - a background thread's error would vanish unseen
            report(f"\ninterne fout bij het bijwerken van de overige pagina's: {printable(type(exc).__name__)}: {printable(exc)}\n")

    def _write_the_rest(self, corpus: Corpus, settings, generation: int) -> None:
        """Every page and data file from the same state, a batch at a time so that a new edit
        can take its turn in between; abandoned as soon as a newer edit came in."""
        env = make_environment()
        pages = plan_pages(corpus, settings)
        written = []
        for start in range(0, len(pages), BATCH):
            with self._lock:
                if generation != self._generation:
                    return
                written += write_pages(pages[start:start + BATCH], corpus, self.out_dir, env=env, parallel=False)
        files = other_files(corpus, settings, self.typology, env=env)
        with self._lock:
            if generation != self._generation:
                return
            sync_tree(self.out_dir, files, self.docs, keep=set(written))
        self.rebuild_wanted()

    def wait(self) -> None:
        """Until the background pages are written (for tests and the benchmark)."""
        if self._background is not None:
            self._background.join()


class BackgroundIndex:
    """Pagefind on the served site, off the rebuild's path: one run at a time, and one more if
    the site changed while it ran. The new index replaces the old in one rename."""

    def __init__(self):
        self._lock = threading.Lock()
        self._again = False
        self._running = False
        self._idle = threading.Event()
        self._idle.set()

    def wait(self, timeout: float) -> bool:
        """Until no index is being made (for tests and the benchmark); False on timeout."""
        return self._idle.wait(timeout)

    def request(self, site: Path) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
            self._idle.clear()
        threading.Thread(target=self._run, args=(site,), daemon=True).start()

    def _run(self, site: Path) -> None:
        while True:
            fresh, old = site / ".pagefind-nieuw", site / ".pagefind-oud"
            shutil.rmtree(fresh, ignore_errors=True)
            result = postbuild.run_pagefind(site, fresh)
            if result.returncode == 0:
                shutil.rmtree(old, ignore_errors=True)
                if (site / postbuild.PAGEFIND_DIR).exists():
                    (site / postbuild.PAGEFIND_DIR).rename(old)
                fresh.rename(site / postbuild.PAGEFIND_DIR)
                shutil.rmtree(old, ignore_errors=True)
            else:
                report(f"\nDe zoekindex kon niet worden gemaakt; de zoeker werkt in dit voorbeeld niet:\n{result.stdout}\n{result.stderr}\n")
            with self._lock:
                if not self._again:
                    self._running = False
                    self._idle.set()
                    return
                self._again = False
