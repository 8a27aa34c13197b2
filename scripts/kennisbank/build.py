"""The build: validate -> model -> render -> export -> hand over to MkDocs -> swap the site in.

Validation runs before anything is written. The site is built into a fresh directory and moved
into place only when MkDocs succeeded, so a failed build leaves the previous site/ exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import export, paths, postbuild
from .model import Corpus, build_corpus
from .problems import Problem, errors, summary
from .render import SiteSettings, atom_feed, plan_pages, redirect_files, write_if_changed, write_pages
from .validation import validate_repository


class BuildFailed(Exception):
    pass


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, function, *args, **kwargs):
        start = time.perf_counter()
        result = function(*args, **kwargs)
        self.stages[name] = time.perf_counter() - start
        return result


def read_settings(config: Path = paths.MKDOCS_CONFIG) -> SiteSettings:
    """site_url and the repository live once, in mkdocs.yml (extra.repo_url, extra.repo_branch)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    extra = data.get("extra", {})
    return SiteSettings(repo_url=extra["repo_url"].rstrip("/"), branch=extra.get("repo_branch", "main"),
                        site_url=data.get("site_url", ""), csp=extra["csp"])


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names: a rebuild of the same sources is then the same
    site, byte for byte (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


def log(message: str, quiet: bool = False) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def generate(out_dir: Path = paths.GENERATED_DOCS, examples: Path = paths.EXAMPLES, typology: Path = paths.TYPOLOGY,
             docs: Path = paths.DOCS, today: dt.date | None = None, timings: Timings | None = None,
             quiet: bool = False) -> tuple[Corpus, list[Problem]]:
    """Validate everything and, only if that passes, write the complete docs tree for MkDocs."""
    timings = timings or Timings()
    vocab, case_files, problems = timings.run("validatie", validate_repository, examples=examples, typology=typology, today=today)
    log(f"[1/3] {len(case_files)} casussen en {len(vocab.instruments)} instrumenten gelezen en gecontroleerd "
        f"({timings.stages['validatie']:.1f} s): {summary(problems)}", quiet)
    if errors(problems):
        raise BuildFailed("\n".join(str(p) for p in problems))
    for notice in problems:  # advice (e.g. not reviewed for two years): shown, never fatal
        log(str(notice), quiet)
    corpus = build_corpus(case_files, vocab)
    settings = read_settings()
    settings.today = (today or build_date()).isoformat()  # printed on pages; the checks use the real date
    start = time.perf_counter()
    pages = plan_pages(corpus, settings)
    files = export.data_files(corpus, settings)
    files.update(redirect_files(corpus, settings))
    files["feed.xml"] = atom_feed(corpus, settings)
    files["bijdragen.md"] = contributing_page()
    _refuse_clashes(docs, [page.path for page in pages] + list(files))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = write_pages(pages, corpus, out_dir)
    sync_tree(out_dir, files, docs, keep=set(written))
    timings.stages["generatie"] = time.perf_counter() - start
    log(f"[2/3] {len(pages)} pagina's en {len(files)} andere bestanden gemaakt ({timings.stages['generatie']:.1f} s)", quiet)
    return corpus, problems


# Links in CONTRIBUTING.md point into the repository (so they work on GitHub); on the site the
# same guide links to the pages generated from those files.
REPOSITORY_LINKS_ON_SITE = {"](typology/casus.schema.yml)": "](velden.md)"}


def contributing_page() -> str:
    """The contributor guide has one source, CONTRIBUTING.md, shown on the site as well."""
    text = (paths.ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for in_repository, on_site in REPOSITORY_LINKS_ON_SITE.items():
        text = text.replace(in_repository, on_site)
    return text


def _refuse_clashes(docs: Path, generated: list[str]) -> None:
    handwritten = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    clash = sorted(handwritten.intersection(generated))
    if clash:
        raise BuildFailed(f"{clash[0]}: dit bestand staat in docs/ en wordt ook gegenereerd; haal het uit docs/")


def sync_tree(out_dir: Path, generated: dict[str, str], docs: Path, keep: set[str] = frozenset()) -> None:
    """Make out_dir hold docs/, the generated files and the pages in `keep` (already written),
    rewriting only what changed and removing what is no longer generated."""
    wanted: dict[Path, bytes] = {out_dir / s.relative_to(docs): s.read_bytes() for s in docs.rglob("*") if s.is_file()}
    wanted.update({out_dir / path: text.encode("utf-8") for path, text in generated.items()})
    kept = {out_dir / path for path in keep}
    for existing in list(out_dir.rglob("*")):
        if existing.is_file() and existing not in wanted and existing not in kept:
            existing.unlink()
    for target, content in wanted.items():
        write_if_changed(target, content)
    for directory in sorted((d for d in out_dir.rglob("*") if d.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def mkdocs_build(site_dir: Path, config: Path = paths.MKDOCS_CONFIG) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KENNISBANK_PREGENERATED="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                           "--site-dir", str(site_dir)], env=env, capture_output=True, text=True)


def config_for(docs_dir: Path, target: Path) -> Path:
    """mkdocs.yml pointed at another docs directory (for builds of other collections: tests,
    benchmark). Paths in it are made absolute, so the copy may live anywhere."""
    config = yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir.resolve())
    config["theme"]["custom_dir"] = str(paths.ROOT / config["theme"]["custom_dir"])
    config["hooks"] = [str(paths.ROOT / hook) for hook in config.get("hooks", [])]
    config.pop("watch", None)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build_site(site: Path = paths.SITE, quiet: bool = False, today: dt.date | None = None,
               out_dir: Path = paths.GENERATED_DOCS, **generate_args) -> Timings:
    """Full build. Raises BuildFailed (with the messages) and leaves `site` untouched on any error."""
    timings = Timings()
    generate(timings=timings, quiet=quiet, today=today, out_dir=out_dir, **generate_args)
    config = paths.MKDOCS_CONFIG
    if out_dir.resolve() != paths.GENERATED_DOCS.resolve():
        config = config_for(out_dir, out_dir.parent / "mkdocs.yml")
    staging = site.parent / f".{site.name}-nieuw"
    shutil.rmtree(staging, ignore_errors=True)
    start = time.perf_counter()
    result = mkdocs_build(staging, config)
    timings.stages["mkdocs"] = time.perf_counter() - start
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        messages = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
        raise BuildFailed("MkDocs kon de site niet bouwen:\n" + "\n".join(messages).strip())
    try:
        timings.run("zoekindex", postbuild.index_site, staging)
    except postbuild.IndexFailed as failure:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(failure)) from None
    old = site.parent / f".{site.name}-oud"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    log(f"[3/3] site gebouwd in {site} (MkDocs {timings.stages['mkdocs']:.1f} s, zoekindex {timings.stages['zoekindex']:.1f} s)", quiet)
    return timings
