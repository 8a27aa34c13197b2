"""One entry point for 'check everything': the tree, vocabularies, then cases. Used by the CLI and the build.

The repository is the only world a build reads: a symlink anywhere in examples/, typology/ or
docs/ is refused (it could publish a file from elsewhere, or make a read endless), and so is a
case or instrument whose page would take the address of a page the generator writes itself.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from . import paths
from .buildcache import open_cache
from .checks import case_paths, check_redirects, validate
from .casefile import CaseFile
from .problems import Problem, display_path, errors
from .vocab import Vocabularies, load_vocabularies


def validate_repository(only: list[Path] | None = None, examples: Path = paths.EXAMPLES,
                        typology: Path = paths.TYPOLOGY, today: dt.date | None = None,
                        docs: Path = paths.DOCS, render: bool = False,
                        cache_dir: Path | None = None) -> tuple[Vocabularies, list[CaseFile], list[Problem]]:
    """Check the vocabularies and the cases (all, or only the given files); with `render`, the
    bodies of the cases without errors are rendered too (checks.validate), and with `cache_dir`
    unchanged cases come from the build cache there (buildcache.py)."""
    today = today or dt.date.today()
    tree = symlink_problems([examples, typology, docs])
    vocab, problems = load_vocabularies(typology)
    all_paths = case_paths(examples) if examples.is_dir() else []
    all_ids = {p.stem for p in all_paths}
    cache = None
    if cache_dir is not None and render:
        cache, refused = open_cache(cache_dir, typology, all_ids, today.isoformat())
        if refused:
            tree.append(Problem(display_path(cache_dir), 1, f"de bouwcache wordt niet gebruikt: {refused}", level="melding"))
    checked = only if only is not None else all_paths
    cases, case_problems = validate(checked, vocab, all_ids, today, render=render, cache=cache)
    if cache is not None:
        cache.save(set(checked))
    problems = tree + problems + check_redirects(vocab.omleidingen, all_ids) + case_problems
    if not errors(problems):
        problems += address_collisions(cases, vocab)
    return vocab, cases, problems


def symlink_problems(roots: list[Path]) -> list[Problem]:
    """Every symlink under the given folders (and the folders themselves), without following any."""
    found = []
    for root in roots:
        if root.is_symlink():
            found.append(root)
            continue
        for folder, subfolders, files in os.walk(root):
            for name in subfolders + files:
                if (Path(folder) / name).is_symlink():
                    found.append(Path(folder) / name)
    return [Problem(display_path(path), 1, "symbolische koppelingen zijn niet toegestaan in de repository — "
                    "zet het bestand zelf hier neer") for path in sorted(found)]


def address_collisions(cases: list[CaseFile], vocab: Vocabularies) -> list[Problem]:
    """Cases and instruments whose page would share an address with another page: the reserved
    names come from the generator's own page plan (plan_pages), so pages added later count too."""
    from .model import build_corpus
    from .render import SiteSettings, plan_pages

    corpus = build_corpus(cases, vocab)
    by_url: dict[str, list] = defaultdict(list)
    for page in plan_pages(corpus, SiteSettings(repo_url="")):
        by_url[page.url].append(page)
    for redirect in vocab.omleidingen:
        by_url[f"casussen/{redirect['van']}/"].append(("typology/omleidingen.yml", redirect["_line"], redirect["van"]))
    source_of = {case.id: (case.display, 1) for case in cases}
    problems = []
    for url, pages in by_url.items():
        if len(pages) < 2:
            continue
        for page in pages:
            owner = _owner(page, source_of, vocab)
            if owner:
                where, line, name = owner
                others = [p for p in pages if p is not page]
                what = "een pagina die de kennisbank zelf maakt" if any(_owner(p, source_of, vocab) is None for p in others) else "een andere pagina"
                problems.append(Problem(where, line, f"de naam '{name}' geeft hetzelfde webadres ({url}) als {what} — kies een andere bestandsnaam"))
    return sorted(set(problems))


def _owner(page, source_of: dict, vocab: Vocabularies):
    """(file, line, name) of the contributed file a page is made from, or None for the generator's own."""
    if isinstance(page, tuple):  # a redirect (typology/omleidingen.yml)
        return page
    if page.template == "casus.md.j2":
        case_id = page.context["case"].id
        where, line = source_of.get(case_id, (f"examples/{case_id}.md", 1))
        return where, line, case_id
    if page.template == "instrument.md.j2":
        term = page.context["term"]
        return term["_path"], 1, term["slug"]
    return None
