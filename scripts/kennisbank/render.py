"""Render the model to Markdown pages with Jinja2 templates (scripts/templates/*.j2).

Output is plain Markdown with YAML front matter (title, description) and small HTML blocks, so
any MkDocs-compatible renderer can turn it into a site. Links are relative to the page's own URL
(directory URLs: casussen/x.md is served at casussen/x/), so the site works under any base path.
Contributed text reaches a page only through contributed.py: plain strings are made inert by the
environment's `finalize` hook, Markdown is rendered and sanitised by the `contributed_*` filters.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .blockreuse import rendered_once
from .figures import URBANITY_LABELS
from .contributed import FILTERS as CONTRIBUTED_FILTERS
from .contributed import inert_text
from .headings import heading_id as _heading_id
from .model import Case, Corpus, related_cases
from . import parallel as _parallel
from .paths import TEMPLATES
from .tagwords import glossary_entries_in
from .templatecache import MemoryBytecodeCache
from .vocabulary_table import VOCABULARIES

PAGE_SIZE = 200  # compact lists per page: keeps every index page small at thousands of cases
PORTFOLIO_SIZE = 25  # full cases per printable portfolio page
TYPE_GROUP_LIMIT = 20  # cases shown per group on a type page before linking to the finder
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]


@dataclass
class SiteSettings:
    repo_url: str
    branch: str = "main"
    site_url: str = ""
    csp: str = "default-src 'self'"
    today: str = ""  # ISO date of the build, shown on printable pages

    @property
    def schema_url(self) -> str:
        """The published case schema, or "" when the site's address is not known."""
        return f"{self.site_url.rstrip('/')}/data/casus.schema.json" if self.site_url else ""


@dataclass
class Page:
    path: str  # relative to the docs directory, e.g. "casussen/x.md"
    template: str
    context: dict = field(default_factory=dict)
    # context that is costly to compute: made at render time, so it runs on the worker's core
    lazy_context: Callable[[], dict] | None = None

    @property
    def url(self) -> str:
        return page_url(self.path)


@dataclass
class Pagination:
    number: int
    count: int
    links: list[tuple[int, str]]


def page_url(path: str) -> str:
    """URL of a Markdown page with directory URLs: 'a/index.md' -> 'a/', 'a/b.md' -> 'a/b/'."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(target: str, current: str) -> str:
    """Link from the page at URL `current` to the site URL `target` (both relative to the root).

    Directory URLs make this simple: climb one level per path segment of the current page.
    """
    depth = current.count("/")
    return "../" * depth + target if (depth or target) else "./"


def relative_href(target: str, current: str) -> Markup:
    """`relative` for an href in a template: HTML-escaped, but not made inert like contributed text
    (the address is built from slugs and ids the validator checked; an inert '#' would show as &#35;)."""
    return Markup(html.escape(relative(target, current), quote=True))


def long_date(value: str) -> str:
    date = dt.date.fromisoformat(value)
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def period(value: dict | None) -> str:
    if not value:
        return "niet vermeld in de bron"
    start, end = value.get("van"), value.get("tot")
    if end is None:
        return f"vanaf {start}"
    if end == "lopend":
        return f"{start} – heden (lopend)"
    return f"{start} – {end}" if end != start else str(start)


def yaml_string(value: str) -> Markup:
    """A page title or description for the page's YAML front matter.

    JSON is valid YAML and cannot break out of the front matter. The text is HTML-escaped first
    because theme templates print page.meta.title and description without escaping, also inside
    attributes (<meta content="...">).
    """
    text = html.escape(" ".join(str(value).split()), quote=True)
    return Markup(json.dumps(text, ensure_ascii=False))


def heading_id(text: str) -> str:
    """The id the renderer gives a heading with this text (for links to a heading)."""
    return _heading_id(text, "-")


def dutch_integer(value) -> str:
    """12345 -> '12.345'."""
    return f"{int(round(value)):,}".replace(",", ".")


def dutch_percentage(value, digits: int = 0) -> str:
    """12.34 -> '12%' (or '12,3%' with digits=1)."""
    return f"{value:.{digits}f}".replace(".", ",") + "%"


def lower_first(text: str) -> str:
    """A label inside a sentence: 'Voorbeeld van de WRR' -> 'voorbeeld van de WRR' (acronyms stay)."""
    return text[:1].lower() + text[1:]


# Our templates compiled once per process, not once per environment: the live preview makes an
# environment per rebuild. Every environment here has the same settings, so the same code.
_COMPILED = MemoryBytecodeCache()


def make_environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined, bytecode_cache=_COMPILED,
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True, finalize=inert_text)
    env.filters.update(rel=relative_href, long_date=long_date, period=period, yaml_string=yaml_string, **CONTRIBUTED_FILTERS,
                       nl_int=dutch_integer, nl_pct=dutch_percentage, lower_first=lower_first)
    env.globals["heading_id"] = heading_id
    env.globals["rendered_once"] = rendered_once
    env.globals["urbanity_labels"] = URBANITY_LABELS
    return env


def paginate(items: list, base_path: str, size: int | None = None) -> list[tuple[str, list, Pagination | None]]:
    """Split a list over pages base.md, base-2.md, ...; a short list is one page, no pager."""
    size = size or PAGE_SIZE
    if len(items) <= size:
        return [(base_path, items, None)]
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    stem = base_path[:-3]
    paths = [base_path] + [f"{stem}-{n}.md" for n in range(2, len(chunks) + 1)]
    if base_path.endswith("/index.md"):
        paths = [base_path] + [f"{stem[:-len('index')]}pagina-{n}.md" for n in range(2, len(chunks) + 1)]
    links = [(n + 1, page_url(p)) for n, p in enumerate(paths)]
    return [(path, chunk, Pagination(n + 1, len(chunks), links)) for n, (path, chunk) in enumerate(zip(paths, chunks))]


def _edit_links(case: Case, settings: SiteSettings) -> dict:
    if not settings.repo_url:  # a build without a known repository links to none
        return {"edit_url": None, "report_url": None}
    edit = f"{settings.repo_url}/edit/{settings.branch}/{case.path}"
    body = (f"Casus: {case.titel}\nBestand: {case.path}\n\nWat klopt er niet?\n\n"
            "Welke bron laat het juiste zien (titel, pagina of link)?\n")
    query = urllib.parse.urlencode({"title": f"Fout in casus: {case.titel}", "body": body, "labels": "casus"})
    return {"edit_url": edit, "report_url": f"{settings.repo_url}/issues/new?{query}"}


def plan_pages(corpus: Corpus, settings: SiteSettings) -> list[Page]:
    """Every generated page with its template and data. Pure: no I/O."""
    vocab = corpus.vocab
    pages = [Page("index.md", "home.md.j2"), Page("typen/index.md", "types_index.md.j2"),
             Page("zoals-de-mijne.md", "lookup.md.j2"), Page("kaart.md", "map.md.j2"),
             Page("zoeken.md", "finder.md.j2"),
             Page("dekking.md", "coverage.md.j2", coverage_context(corpus)),
             Page("pijlers/index.md", "pillars_index.md.j2"), Page("velden.md", "fields.md.j2", fields_context(vocab)),
             Page("afkortingen.md", "glossary.md.j2", {"entries": list(vocab.afkortingen.values())})]

    for case in corpus.sorted_cases():
        pages.append(case_page(case, corpus, settings))
    all_cases = corpus.sorted_cases()
    for path, chunk, pagination in paginate(all_cases, "casussen/index.md"):
        pages.append(Page(path, "cases_index.md.j2", {"cases": chunk, "pagination": pagination, "total": len(all_cases)}))

    registry = vocab.registry
    for slug, term in vocab.wrr_typen.items():
        filed = corpus.by_type.get(slug, [])
        # three labelled groups: the portfolio's filing, and the rule's type claimed or indicative
        groups = [(key, cases[:TYPE_GROUP_LIMIT], len(cases), finder) for key, cases, finder in (
            ("indeling", filed, f"zoeken/?indeling={slug}"),
            ("bron", corpus.by_type_ground.get(f"{slug}-bron", []), f"zoeken/?typegrond={slug}-bron"),
            ("indicatie", corpus.by_type_ground.get(f"{slug}-indicatie", []), f"zoeken/?typegrond={slug}-indicatie"))]
        indicated = sorted((m for m in registry.municipalities.values() if m.type_ground == "indicatie" and m.indication == slug),
                           key=lambda m: m.name.lower().lstrip("'"))
        pages.append(Page(f"typen/{slug}.md", "type.md.j2", {
            "slug": slug, "term": term, "groups": groups, "examples": type_examples(slug, corpus), "indicated": indicated}))

        for path, chunk, pagination in paginate(filed, f"portfolio/{slug}.md", PORTFOLIO_SIZE):
            pages.append(Page(path, "portfolio.md.j2", {"slug": slug, "term": term, "cases": chunk, "pagination": pagination,
                                                        "total": len(filed), "today": settings.today}))

    for slug, term in vocab.pijlers.items():
        cases = corpus.by_pijler.get(slug, [])
        origins = [(vocab.kaders[f]["label"].split(":")[0], vocab.framework_domains(f)[d]["label"])
                   for f, domains in (term.get("herkomst") or {}).items() for d in domains]
        instruments = sorted((i for i in vocab.instrumenten.values() if slug in i["pijlers"]), key=lambda i: i["label"].lower())
        for path, chunk, pagination in paginate(cases, f"pijlers/{slug}.md"):
            pages.append(Page(path, "pillar.md.j2", {"term": term, "cases": chunk, "pagination": pagination,
                                                     "total": len(cases), "origins": origins, "instruments": instruments}))

    counts = {slug: len(cases) for slug, cases in corpus.by_instrument.items()}
    groups = []
    for kind in vocab.instrumentsoorten:
        items = sorted((i for i in vocab.instrumenten.values() if i["soort"] == kind), key=lambda i: i["label"].lower())
        if items:
            groups.append((kind, items))
    pages.append(Page("instrumenten/index.md", "instruments_index.md.j2", {"groups": groups, "counts": counts}))
    datgene = vocab.framework_domains("datgene")
    for slug, term in vocab.instrumenten.items():
        cases = corpus.by_instrument.get(slug, [])
        for path, chunk, pagination in paginate(cases, f"instrumenten/{slug}.md"):
            pages.append(Page(path, "instrument.md.j2", {"term": term, "cases": chunk, "pagination": pagination,
                                                         "total": len(cases), "datgene": datgene}))

    municipalities = sorted(registry.municipalities.values(), key=lambda m: m.name.lower().lstrip("'"))
    pages.append(Page("gemeenten/index.md", "municipalities_index.md.j2", {"municipalities": municipalities}))
    for m in municipalities:
        pages.append(Page(f"gemeenten/{m.slug}.md", "municipality.md.j2", {"m": m, "cases": corpus.by_gemeente.get(m.slug, [])},
                          lazy_context=functools.partial(family_context, m, corpus)))
    current_slugs = {m.slug for m in municipalities}
    for f in sorted(registry.former.values(), key=lambda f: f.name.lower()):
        if f.claims and f.slug not in current_slugs:
            pages.append(Page(f"gemeenten/{f.slug}.md", "former_municipality.md.j2", {
                "f": f, "successors": [registry.municipalities[c] for c in f.successor_codes]}))
    pages.append(Page("methode.md", "method.md.j2", method_context(vocab)))
    return pages


def family_context(m, corpus: Corpus) -> dict:
    """A municipality's family with each member's case count, and how many cases the family has."""
    counts = [(member, len(corpus.by_gemeente.get(member.municipality.slug, []))) for member in m.family]
    family_cases = {c.id for member in m.family for c in corpus.by_gemeente.get(member.municipality.slug, [])}
    return {"family": counts, "family_cases": len(family_cases)}


def method_context(vocab) -> dict:
    """The method page: parameters, the leave-one-out measurement and every disagreement."""
    placement = vocab.placement
    evaluation = placement.evaluation
    types = list(vocab.wrr_typen)
    confusion = evaluation.confusion()
    matrix = [(claimed, [confusion.get((claimed, guess), 0) for guess in types], sum(confusion.get((claimed, g), 0) for g in types))
              for claimed in types]
    indicated = {slug: sum(1 for m in vocab.registry.municipalities.values() if m.type_ground == "indicatie" and m.indication == slug)
                 for slug in types}
    claimed_counts = {slug: sum(1 for m in vocab.registry.municipalities.values() if m.claims and slug in m.types) for slug in types}
    return {"placement": placement, "method": placement.method, "evaluation": evaluation, "types": types, "matrix": matrix,
            "indicated": indicated, "claimed_counts": claimed_counts, "variants": method_variants(placement.method)}


def method_variants(method) -> int:
    """How many variants of the indication were tried: the feature sets the fold may choose from,
    plus the earlier versions named in methode.yml (`eerder_geprobeerd`)."""
    return len(method.feature_sets) + len(method.text["indicatie"].get("eerder_geprobeerd") or [])


def case_page(case: Case, corpus: Corpus, settings: SiteSettings) -> Page:
    """A case's own page (the live preview plans it alone, before all the others)."""
    vocab = corpus.vocab
    return Page(f"casussen/{case.id}.md", "casus.md.j2", {
        "case": case,
        "parent": corpus.cases.get(case.onderdeel_van) if case.onderdeel_van else None,
        "children": sorted((corpus.cases[c] for c in case.onderdelen), key=lambda c: c.titel),

        "status_labels": vocab.case_schema["properties"]["status"]["x-labels"],
        **_edit_links(case, settings)},
        lazy_context=functools.partial(case_page_context, case, corpus))


def case_page_context(case: Case, corpus: Corpus) -> dict:
    """What a case page needs of the whole collection, made when the page is written (on a worker's core)."""
    text = " ".join([case.titel, case.samenvatting, case.body, case.actualiteit or "", case.contact or "", *case.toepassing.values()])
    return {"related": related_cases(case, corpus), "abbreviations": glossary_entries_in(text, corpus.vocab.afkortingen)}


def coverage_context(corpus: Corpus) -> dict:
    """WRR type (by the one rule) x pillar: how many cases there are for each combination."""
    vocab = corpus.vocab
    rows = []
    for type_slug in vocab.wrr_typen:
        filed = corpus.by_rule_type.get(type_slug, [])
        cells = [(pillar, sum(1 for c in filed if pillar in c.pijlers)) for pillar in vocab.pijlers]
        rows.append((type_slug, cells, len(filed)))
    return {"rows": rows}


def type_examples(slug: str, corpus: Corpus) -> list[dict]:
    """Example municipalities the sources name for a type, each once with every basis, and today's municipality."""
    registry = corpus.vocab.registry
    rows: dict[str, dict] = {}
    for m in registry.municipalities.values():
        claims = [c for c in m.claims if c["type"] == slug]
        if claims:
            rows[m.code] = {"name": m.name, "claims": claims, "current": [m], "merged": False, "date": ""}
    for f in registry.former.values():
        claims = [c for c in f.claims if c["type"] == slug]
        if claims:
            rows[f.code] = {"name": f.name, "claims": claims, "current": [registry.municipalities[c] for c in f.successor_codes],
                            "merged": True, "date": f.date}
    return sorted(rows.values(), key=lambda r: r["name"].lower().lstrip("'"))


def fields_context(vocab) -> dict:
    schema = vocab.case_schema
    vocabulary_pages = {v.name: v.page for v in VOCABULARIES if v.page}
    spelled_out = {v.name for v in VOCABULARIES if v.spelled_out}
    fields = []
    for name, spec in schema["properties"].items():
        vocabulary = spec.get("x-vocabulaire") or (spec.get("items") or {}).get("x-vocabulaire")
        url, label = vocabulary_pages.get(vocabulary, (None, None))
        example = spec.get("x-voorbeeld")
        fields.append({
            "name": name, "required": name in schema.get("required", []), "description": " ".join(spec.get("description", "").split()),
            "vocabulary_url": url, "vocabulary_label": label, "allowed": spec.get("enum") or (sorted(vocab.terms(vocabulary)) if vocabulary in spelled_out else None),
            "kind": "datum (JJJJ-MM-DD)" if spec.get("format") == "date" else
                    {"string": "tekst", "array": "lijst", "object": "groep velden", "integer": "getal"}.get(spec.get("type"), ""),
            "example": json.dumps(example, ensure_ascii=False) if example is not None else "",
        })
    return {"fields": fields, "sections": schema.get("x-secties", [])}


def redirect_files(corpus: Corpus, settings: SiteSettings, env: Environment | None = None) -> dict[str, str]:
    """casussen/<old>/index.html that forwards to the case that replaced it (or the overview).

    Plain HTML files: MkDocs copies them as they are, so an old link keeps working."""
    env = env or make_environment()
    template = env.get_template("redirect.html.j2")
    files = {}
    for redirect in corpus.vocab.omleidingen:
        target_case = corpus.cases.get(redirect["naar"]) if redirect["naar"] else None
        here = f"casussen/{redirect['van']}/"
        target = relative(target_case.url if target_case else "casussen/", here)
        title = target_case.titel if target_case else "alle casussen"
        files[f"casussen/{redirect['van']}/index.html"] = template.render(target=target, title=title, csp=settings.csp)
    return files


def atom_feed(corpus: Corpus, settings: SiteSettings, limit: int = 50, env: Environment | None = None) -> str:
    """The newest reviewed cases as Atom (RFC 4287); 'updated' is the front matter's review date."""
    env = env or make_environment()
    entries = sorted(corpus.cases.values(), key=lambda c: (c.laatst_gecontroleerd, c.id), reverse=True)[:limit]
    site_url = settings.site_url.rstrip("/") + "/"
    updated = (entries[0].laatst_gecontroleerd if entries else settings.today or "1970-01-01") + "T00:00:00Z"
    return env.get_template("feed.xml.j2").render(entries=entries, site_url=site_url, updated=updated, vocab=corpus.vocab)


def write_if_changed(target: Path, content: bytes) -> None:
    """Unchanged files keep their modification time, so `mkdocs serve` does not rebuild in a loop.
    A changed file is replaced in one step: the live preview's MkDocs never reads half of one."""
    if target.is_file() and target.read_bytes() == content:
        return
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, target)


def write_pages(pages: list[Page], corpus: Corpus, out_dir: Path, env: Environment | None = None,
                parallel: bool = True) -> list[str]:
    """Render every page into out_dir; on several cores for a large collection. Each worker writes
    its own pages, so only their paths travel back, not megabytes of text. (Not parallel inside
    the live preview: forking a process that runs server threads is not safe.)"""
    env = env or make_environment()
    common = {"vocab": corpus.vocab, "corpus": corpus}

    def render_and_write(page: Page) -> str:
        extra = page.lazy_context() if page.lazy_context else {}
        text = env.get_template(page.template).render(**common, **page.context, **extra, page_url=page.url)
        write_if_changed(out_dir / page.path, text.encode("utf-8"))
        return page.path

    if not parallel:
        return [render_and_write(page) for page in pages]
    for template in sorted({page.template for page in pages}):  # compiled once, here: the workers inherit them
        env.get_template(template)
    return _parallel.parallel_map(render_and_write, pages, threshold=_parallel.PAGES_PARALLEL_FROM)
