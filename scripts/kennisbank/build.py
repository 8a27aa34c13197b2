"""The build: validate -> model -> render -> export -> hand over to MkDocs -> swap the site in.

Validation runs before anything is written. The site is built into a fresh directory and moved
into place only when MkDocs succeeded, so a failed build leaves the previous site/ exactly as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import export, paths, postbuild, siteconfig
from .contributed import remember_fragments
from .contributing import contributing_page
from .gcpolicy import young_collections_only
from .model import Corpus, build_corpus
from .problems import Problem, display_path, errors, summary
from .render import SiteSettings, atom_feed, plan_pages, redirect_files, write_if_changed, write_pages
from .untrusted import printable
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
    """site_url and the repository live once, in mkdocs.yml (extra.repo_url, extra.repo_branch),
    filled from KENNISBANK_SITE_URL and KENNISBANK_REPO_URL; empty when the address is not known."""
    data = siteconfig.load(config)
    extra = data.get("extra", {})
    return SiteSettings(repo_url=(extra.get("repo_url") or "").rstrip("/"), branch=extra.get("repo_branch", "main"),
                        site_url=data.get("site_url") or "", csp=extra["csp"])


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names: a rebuild of the same sources is then the same
    site, byte for byte (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date() if epoch else dt.date.today()


def log(message: str, quiet: bool = False) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


@young_collections_only()
def generate(out_dir: Path = paths.GENERATED_DOCS, examples: Path = paths.EXAMPLES, typology: Path = paths.TYPOLOGY,
             docs: Path = paths.DOCS, today: dt.date | None = None, timings: Timings | None = None,
             quiet: bool = False, config: Path = paths.MKDOCS_CONFIG, contributing: Path = paths.CONTRIBUTING,
             cache_dir: Path | None = None) -> tuple[Corpus, list[Problem]]:
    """Validate everything and, only if that passes, write the complete docs tree for MkDocs.
    Every file read comes from the parameters (tests and the benchmark build other collections).
    With `cache_dir`, cases unchanged since the last build there are not read and checked again
    (buildcache.py); the pages are always written from scratch."""
    timings = timings or Timings()
    vocab, case_files, problems = timings.run("validatie", validate_repository, examples=examples, typology=typology, today=today,
                                              docs=docs, render=True, cache_dir=cache_dir)
    log(f"[1/3] {len(case_files)} casussen en {len(vocab.instrumenten)} instrumenten gelezen en gecontroleerd "
        f"({timings.stages['validatie']:.1f} s): {summary(problems)}", quiet)
    if errors(problems):
        raise BuildFailed("\n".join(str(p) for p in problems))
    for line in notice_lines(problems):  # advice (e.g. not reviewed for two years): shown, never fatal
        log(line, quiet)
    # the bodies were rendered where they were checked: no page-writing process parses one again
    remember_fragments({case.body: case.fragment for case in case_files if case.fragment is not None})
    corpus = build_corpus(case_files, vocab)
    settings = read_settings(config)
    settings.today = (today or build_date()).isoformat()  # printed on pages; the checks use the real date
    start = time.perf_counter()
    pages = plan_pages(corpus, settings)
    files = other_files(corpus, settings, typology, contributing)
    _refuse_clashes(docs, [page.path for page in pages] + list(files))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = write_pages(pages, corpus, out_dir)
    sync_tree(out_dir, files, docs, keep=set(written))
    timings.stages["generatie"] = time.perf_counter() - start
    log(f"[2/3] {len(pages)} pagina's en {len(files)} andere bestanden gemaakt ({timings.stages['generatie']:.1f} s)", quiet)
    return corpus, problems


NOTICES_SHOWN = 10  # in the build's output; `make valideer` lists them all


def notice_lines(notices: list[Problem], limit: int = NOTICES_SHOWN) -> list[str]:
    """The first notices and a count of the rest: a long list of advice would bury the build's own
    messages (and `make serve` prints this on every start)."""
    lines = [str(notice) for notice in notices[:limit]]
    if len(notices) > limit:
        lines.append(f"… en nog {len(notices) - limit} meldingen; `make valideer` toont ze allemaal")
    return lines


def other_files(corpus: Corpus, settings: SiteSettings, typology: Path = paths.TYPOLOGY,
                contributing: Path = paths.CONTRIBUTING, env=None) -> dict[str, str]:
    """Everything besides the pages: data exports, redirects, the feed and the contributor guide
    (the full build and the live preview's background writer both write these)."""
    files = export.data_files(corpus, settings, typology)
    files.update(redirect_files(corpus, settings, env))
    if settings.site_url:  # a feed needs absolute addresses
        files["feed.xml"] = atom_feed(corpus, settings, env=env)
    files["bijdragen.md"] = contributing_page(settings.repo_url, contributing)
    return files


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


def renderer_environment() -> dict[str, str]:
    """mkdocs.yml names scripts.kennisbank.headings.heading_id: the renderer imports it from the repository."""
    env = dict(os.environ, KENNISBANK_PREGENERATED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.ROOT), env.get("PYTHONPATH")]))
    return env


def mkdocs_build(site_dir: Path, config: Path = paths.MKDOCS_CONFIG) -> subprocess.CompletedProcess:
    env = renderer_environment()
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                           "--site-dir", str(site_dir)], env=env, capture_output=True, text=True, cwd=paths.ROOT)


def config_for(docs_dir: Path, target: Path, source: Path = paths.MKDOCS_CONFIG) -> Path:
    """mkdocs.yml pointed at another docs directory (for builds of other collections: tests,
    benchmark). Paths in it are made absolute, so the copy may live anywhere."""
    config = siteconfig.load(source)
    config["docs_dir"] = str(docs_dir.resolve())
    config["theme"]["custom_dir"] = str(paths.ROOT / config["theme"]["custom_dir"])
    config["hooks"] = [str(paths.ROOT / hook) for hook in config.get("hooks", [])]
    config.pop("watch", None)
    target.write_text(siteconfig.dump(config), encoding="utf-8")
    return target


def refuse_unsafe_outputs(*folders: Path) -> None:
    """The build empties and fills these folders: none may be a symlink (a pull request could
    commit one named build or .site-nieuw and make the build delete or write elsewhere), and
    inside the repository none may lead out of it."""
    for folder in folders:
        link = paths.symlink_on_the_way(folder)
        if link:
            raise BuildFailed(f"{display_path(link)}: is een symbolische koppeling — de bouw schrijft alleen in gewone mappen; haal de koppeling weg")
        if folder.absolute().is_relative_to(paths.ROOT) and not folder.resolve().is_relative_to(paths.ROOT.resolve()):
            raise BuildFailed(f"{display_path(folder)}: ligt buiten de repository — de bouw schrijft alleen in de repository")


RENDERERS = ("mkdocs", "zensical")
ZENSICAL = paths.ROOT / ".venv-zensical" / "bin" / "zensical"


ZENSICAL_BLOCKS_EXTENSION = "scripts.kennisbank.htmlblocks_markdown"  # importable: renderer_environment puts the root on PYTHONPATH


def zensical_build(site_dir: Path, config: Path) -> subprocess.CompletedProcess:
    """Zensical has no --site-dir: it gets a copy of the config, beside the original (Zensical
    wants the site inside the config's folder), that names the staging folder. Zensical 0.0.73
    panics on an absolute docs_dir, so both folders are given relative to the config."""
    settings = siteconfig.load(config)
    # Zensical runs no hooks: the extension takes the generator's HTML blocks past Markdown instead
    settings["markdown_extensions"] = [*settings.get("markdown_extensions", []), ZENSICAL_BLOCKS_EXTENSION]
    settings["site_dir"] = os.path.relpath(site_dir.resolve(), config.parent.resolve())
    settings["docs_dir"] = os.path.relpath((config.parent / settings["docs_dir"]).resolve(), config.parent.resolve())
    copy = config.parent / f".{config.stem}.zensical.yml"
    copy.write_text(siteconfig.dump(settings), encoding="utf-8")
    try:
        return subprocess.run([str(ZENSICAL), "build", "--strict", "--config-file", str(copy)], env=renderer_environment(),
                              capture_output=True, text=True, cwd=copy.parent)
    finally:
        copy.unlink(missing_ok=True)


def build_site(site: Path = paths.SITE, quiet: bool = False, today: dt.date | None = None,
               out_dir: Path = paths.GENERATED_DOCS, config: Path = paths.MKDOCS_CONFIG, renderer: str = "mkdocs",
               **generate_args) -> Timings:
    """Full build. Raises BuildFailed (with the messages) and leaves `site` untouched on any error.

    The renderer is MkDocs (the default) or Zensical; either way our own post-build steps follow:
    the contributed fragments are sanitised again, then Pagefind indexes the site."""
    timings = Timings()
    refuse_unsafe_outputs(site, *staging_folders(site), out_dir, out_dir.parent, renderer_cache(out_dir, config))
    generate_args.setdefault("cache_dir", cache_beside(out_dir))
    generate(timings=timings, quiet=quiet, today=today, out_dir=out_dir, config=config, **generate_args)
    render_site(out_dir, site, config, renderer, timings, quiet)
    return timings


def cache_beside(out_dir: Path) -> Path:
    """The build cache of a docs directory: build/cache beside build/docs. The full build, the
    generation for `make serve` and the live preview share it, so a case is checked once."""
    return out_dir.parent / "cache"


def staging_folders(site: Path) -> tuple[Path, Path]:
    """Where the new site is made, and where the old one waits until the new one is in place."""
    return site.parent / f".{site.name}-nieuw", site.parent / f".{site.name}-oud"


def own_config(out_dir: Path, config: Path) -> bool:
    """Whether the renderer needs a copy of mkdocs.yml pointed at `out_dir` (tests, benchmark)."""
    return out_dir.resolve() != paths.GENERATED_DOCS.resolve() or config.resolve() != paths.MKDOCS_CONFIG.resolve()


def renderer_cache(out_dir: Path, config: Path) -> Path:
    """Zensical's cache folder: beside the configuration it renders with."""
    return (out_dir.parent if own_config(out_dir, config) else config.parent) / ".cache"


def render_site(out_dir: Path, site: Path, config: Path = paths.MKDOCS_CONFIG, renderer: str = "mkdocs",
                timings: Timings | None = None, quiet: bool = False) -> Timings:
    """The generated docs in `out_dir` rendered into `site`, then our post-build steps; `site` is
    replaced only when all of it succeeded."""
    timings = timings or Timings()
    staging, old = staging_folders(site)
    refuse_unsafe_outputs(site, staging, old, out_dir, out_dir.parent, renderer_cache(out_dir, config))
    if own_config(out_dir, config):
        config = config_for(out_dir, out_dir.parent / "mkdocs.yml", config)
    shutil.rmtree(staging, ignore_errors=True)
    start = time.perf_counter()
    result = zensical_build(staging, config) if renderer == "zensical" else mkdocs_build(staging, config)
    timings.stages[renderer] = time.perf_counter() - start
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        # colour codes (the renderer's own, e.g. Material's end-of-life notice) are dropped; any other
        # control character is shown escaped, as in every message
        output = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", result.stderr + result.stdout)
        messages = [line for line in output.splitlines() if not line.startswith("INFO")]
        raise BuildFailed(f"{renderer} kon de site niet bouwen:\n" + "\n".join(map(printable, messages)).strip())
    try:
        timings.run("opschonen", postbuild.sanitise_site, staging)
        timings.run("zoekindex", postbuild.index_site, staging)
    except postbuild.IndexFailed as failure:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(failure)) from None
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    log(f"[3/3] site gebouwd in {site} ({renderer} {timings.stages[renderer]:.1f} s, zoekindex {timings.stages['zoekindex']:.1f} s)", quiet)
    return timings
